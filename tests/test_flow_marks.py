"""Loops and paths marked on the flow view: legible, in words as well as colour, safe."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk
from journeykit.layout.scene import Group, Rect, Scene, Text
from journeykit.layout.scene import Path as ScenePath
from journeykit.layout.theme import THEMES, contrast, get_theme
from journeykit.layout.views import get_view
from test_views import assert_legible, long_journey

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@cache
def loan() -> jk.Journey:
    """Applicants sent round: documents rejected, more information asked for, calls."""
    tp = jk.Touchpoint
    return jk.Journey(
        title="Applying for a home loan",
        stages=[
            jk.Stage(
                name="Apply",
                touchpoints=[
                    tp(id="start", name="Starts the online application"),
                    tp(id="upload", name="Uploads payslips and ID"),
                    tp(id="verify", name="Automatic document check"),
                ],
            ),
            jk.Stage(
                name="Review",
                touchpoints=[
                    tp(id="underwriter", name="Underwriter reviews the file"),
                    tp(id="more-info", name="Asked for more information"),
                ],
            ),
            jk.Stage(
                name="Decision",
                touchpoints=[
                    tp(id="offer", name="Receives an offer"),
                    tp(id="declined", name="Is declined"),
                    tp(id="call", name="Calls to ask where the application is"),
                ],
            ),
        ],
        flows=[
            jk.Flow(source=a, target=b, count=n)
            for a, b, n in [
                ("start", "upload", 1000),
                ("upload", "verify", 1600),
                ("verify", "upload", 420),
                ("verify", "underwriter", 1150),
                ("underwriter", "more-info", 300),
                ("more-info", "upload", 240),
                ("underwriter", "offer", 610),
                ("underwriter", "declined", 150),
                ("underwriter", "call", 80),
                ("call", "call", 60),
                ("call", "underwriter", 70),
            ]
        ],
    )


def words(scene: Scene) -> str:
    return " ".join(line for text in scene.texts() for line in text.lines)


def groups(scene: Scene, cls: str) -> list[Group]:
    return [g for g in scene.walk() if isinstance(g, Group) and g.cls == cls]


def mark_lines(scene: Scene, kind: str) -> list[ScenePath]:
    return [
        child
        for g in groups(scene, f"mark {kind}")
        for child in g.children
        if isinstance(child, ScenePath)
    ]


@pytest.mark.parametrize("theme", list(THEMES))
def test_loops_are_marked_legibly(theme: str) -> None:
    found = jk.loops(loan())
    scene = get_view("flow")(loan(), theme=theme, loops=found)
    assert_legible(scene, f"loops/{theme}")
    shown = words(scene)
    assert "Marked: 4 loops customers go round (dashed)." in shown
    assert "Loop 1: Uploads payslips and ID → Automatic document check → Uploads" in shown
    assert "up to 420 trips round, 42% of customers." in shown
    assert "repeated up to 60 times, 6% of customers." in shown
    assert "loops 1, 2" in shown  # on the cards the loops pass, and on shared flows
    lines = mark_lines(scene, "loop")
    # One dashed line per flow of a drawn loop (the repeat at one touchpoint is not a flow drawn).
    assert len(lines) == 7
    assert all(line.dash for line in lines)
    assert "Loop 2:" in scene.desc


@pytest.mark.parametrize("theme", list(THEMES))
def test_paths_are_marked_legibly(theme: str) -> None:
    found = jk.paths(loan(), top=7)
    scene = get_view("flow")(loan(), theme=theme, paths=found)
    assert_legible(scene, f"paths/{theme}")
    shown = words(scene)
    assert "Marked: 7 most travelled paths (solid)." in shown
    assert "Path 1: Starts the online application → Uploads payslips and ID →" in shown
    assert "about 346 customers, 34.6% of customers." in shown
    lines = mark_lines(scene, "path")
    assert lines
    assert not any(line.dash for line in lines)


@pytest.mark.parametrize("theme", list(THEMES))
def test_marks_read_on_their_background(theme: str) -> None:
    t = get_theme(theme)
    scene = get_view("flow")(loan(), theme=theme, loops=jk.loops(loan()), paths=jk.paths(loan()))
    labels = groups(scene, "mark-label")
    assert labels
    for label in labels:
        rect = next(c for c in label.children if isinstance(c, Rect))
        text = next(c for c in label.children if isinstance(c, Text))
        assert rect.fill is not None
        assert contrast(text.color, rect.fill) >= 4.5, (theme, text.lines)
    for kind, colour in (("loop", t.negative), ("path", t.text)):
        assert contrast(colour, t.surface) >= 4.5, (theme, kind)
        assert contrast(colour, t.background) >= 3, (theme, kind)
        on_badges = {id(c) for label in labels for c in label.children}
        cards = [
            text
            for text in scene.texts()
            if text.lines and text.lines[0].startswith(kind) and id(text) not in on_badges
        ]
        assert cards
        assert all(text.color == colour for text in cards)


def test_render_draws_results_as_the_flow_view() -> None:
    for result in (jk.loops(loan()), jk.paths(loan())):
        svg = str(jk.render(result))
        root = ET.fromstring(svg)
        assert "journeykit-flow" in root.attrib["class"]
        assert "Marked:" in "".join(root.itertext())
        assert str(jk.render(result, view="flow", theme="dark")) != svg
    bundle = jk.loops(loan())._repr_mimebundle_()
    assert "journeykit-flow" in bundle["image/svg+xml"]
    assert bundle["text/plain"] == repr(jk.loops(loan()))


def test_render_draws_every_result_as_its_own_view() -> None:
    journey = jk.load(EXAMPLES / "coffee-maker.json")
    assert "journeykit-hotspots" in str(jk.render(jk.hotspots(journey)))
    assert "journeykit-funnel" in str(jk.render(jk.funnel(journey)))
    assert "journeykit-flow" in str(jk.render(jk.funnel(journey), view="flow"))
    assert "journeykit-flow" in str(jk.render(jk.loops(journey)))
    assert "journeykit-map" in str(jk.render(journey))
    with pytest.raises(jk.JourneyError, match=r"map view draws a Journey or findings of jk\.check"):
        jk.render(jk.loops(journey), view="map")


def test_no_loops_says_so() -> None:
    scene = get_view("flow")(jk.load(EXAMPLES / "coffee-maker.json"), loops=())
    assert "No loops: no flows lead back" in words(scene)
    assert not groups(scene, "marks")


def test_at_most_nine_are_marked() -> None:
    names = [f"t{i}" for i in range(5)]
    journey = jk.Journey(
        title="Dense",
        stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(id=n, name=n) for n in names])],
        flows=[jk.Flow(source=a, target=b, count=5) for a in names for b in names if a != b],
    )
    found = jk.loops(journey)
    assert len(found) > 9
    scene = get_view("flow")(journey, loops=found)
    assert f"{len(found) - 9} more loops not marked." in words(scene)
    assert "Loop 9:" in words(scene)
    assert "Loop 10:" not in words(scene)
    assert_legible(scene, "dense")


def test_hard_journeys_with_marks_lay_out_legibly() -> None:
    journey = long_journey()
    found = jk.loops(journey)
    assert found  # a loop back without a count, and a repeat
    scene = get_view("flow")(journey, loops=found, paths=jk.paths(journey))
    assert_legible(scene, "long names")
    hospital = jk.load(EXAMPLES / "hospital-visit.yaml")
    scene = get_view("flow")(hospital, paths=jk.paths(hospital))
    assert "path 1" in words(scene)
    assert_legible(scene, "hospital")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"loops": "loops"}, "option loops: expected tuple, list or None, got 'loops'"),
        ({"paths": [1, 2]}, "paths= takes what jk.paths returns, not list"),
        ({"paths": (jk.loops(loan())[0],)}, "paths= takes what jk.paths returns"),
    ],
)
def test_marks_must_be_results(options: dict[str, Any], message: str) -> None:
    with pytest.raises(jk.JourneyError, match=message):
        get_view("flow")(loan(), **options)


def test_marks_must_belong_to_the_journey() -> None:
    other = jk.load(EXAMPLES / "coffee-maker.json")
    with pytest.raises(jk.JourneyError, match="loop 1 goes through 'upload', which is not"):
        get_view("flow")(other, loops=jk.loops(loan()))


def test_user_text_in_marks_is_escaped() -> None:
    journey = loan().replace_touchpoint("upload", name="<script>alert(1)</script> & co")
    svg = str(jk.render(jk.loops(journey)))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
