"""The flow view wraps into rows: 16:9 to 3:1 on screen, rows as wide as a page on pages.

Every flow is still drawn once, those between rows included: leaving one
row in an arrow named with where it goes, coming into the other named with
where it came from, as wide at both ends.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given

import journeykit as jk
from journeykit.layout.pages import PAGES
from journeykit.layout.scene import Group, Scene
from journeykit.layout.scene import Path as ScenePath
from journeykit.layout.views import get_view
from journeykit.layout.views.flow import ASPECT
from journeykit.testing import journeys
from journeys import generated_flows, generated_journey, scene_groups, texts_in
from test_views import assert_legible

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NAMES = ("coffee-maker.json", "hospital-visit.yaml", "generated", "generated-flows")


@cache
def journey_named(name: str) -> jk.Journey:
    if name == "generated":
        return generated_journey()
    if name == "generated-flows":
        return generated_flows()
    return jk.load(EXAMPLES / name)


def flow_groups(scenes: list[Scene]) -> list[Group]:
    return [g for s in scenes for g in s.walk() if isinstance(g, Group) and g.id]


def words(group: Group) -> str:
    return " ".join(line for t in texts_in(group) for line in t.lines)


@pytest.mark.parametrize("page", ["slide", "a3"])
@pytest.mark.parametrize("name", NAMES)
def test_the_flow_view_fits_its_pages(name: str, page: str) -> None:
    sheet = PAGES[page]
    pages = jk.scene(journey_named(name), "flow", page=page)
    assert isinstance(pages, tuple)
    for n, scene in enumerate(pages, start=1):
        label = f"{name} on {page}, page {n}"
        assert (scene.width, scene.height) == (sheet.width, sheet.height), label
        texts = [t for t in scene.texts() if t.lines]
        assert texts, label
        assert min(t.size for t in texts) >= sheet.smallest - 1e-9, label
        for t in texts:
            assert t.box is not None
            x, y, w, h = t.box
            assert sheet.margin - 1 <= x, (label, t)
            assert x + w <= sheet.width - sheet.margin + 1, (label, t)
            assert sheet.margin - 1 <= y, (label, t)
            assert y + h <= sheet.height - sheet.margin + 1, (label, t)
        assert_legible(scene, label)
    rows = [g for s in pages for g in s.walk() if isinstance(g, Group) and g.cls == "row"]
    assert len(rows) == len({g.id for g in rows})  # each row once, on one page


@pytest.mark.parametrize("name", NAMES)
def test_on_screen_the_flow_view_is_between_16_9_and_3_1(name: str) -> None:
    scene = get_view("flow")(journey_named(name))
    assert isinstance(scene, Scene)
    assert ASPECT[0] - 1e-9 <= scene.width / scene.height <= ASPECT[1] + 1e-9
    assert_legible(scene, name)


@given(journeys(max_stages=6, max_touchpoints=14, max_flows=14))
def test_any_journey_on_screen_is_between_16_9_and_3_1(journey: jk.Journey) -> None:
    scene = get_view("flow")(journey)
    assert isinstance(scene, Scene)
    assert ASPECT[0] - 1e-9 <= scene.width / scene.height <= ASPECT[1] + 1e-9


def drawn_flows(journey: jk.Journey, scenes: list[Scene]) -> None:
    """Every flow drawn once (its group's id and title), and each flow between rows
    continued once, in a row below or above, with the same width at both ends."""
    shown = [f for f in journey.flows if f.source != f.target]
    names = {tp.id: tp.name for tp in journey.touchpoints}
    groups = flow_groups(scenes)
    for i, f in enumerate(shown):
        own = [g for g in groups if g.id == f"flow-{i}"]
        assert len(own) == 1, (i, f)
        assert "flow" in (own[0].cls or "").split()
        title = own[0].title or ""
        assert title.startswith(f"{names[f.source]} → {names[f.target]}"), title
        rest = [g for g in groups if g.id == f"flow-{i}-in"]
        crossing = "crossing" in (own[0].cls or "").split()
        assert len(rest) == (1 if crossing else 0), (i, f)
        if crossing and f.count is not None:
            start, end = own[0].children[0], rest[0].children[0]
            assert isinstance(start, ScenePath)
            assert isinstance(end, ScenePath)
            # The band's width where it leaves its row and where it comes into the other.
            assert height_at_edge(start, last=True) == pytest.approx(
                height_at_edge(end, last=False), abs=0.05
            )
    extra = [g for g in groups if g.id and g.id.startswith("flow-")]
    assert len(extra) == len(shown) + sum(1 for g in groups if g.id and g.id.endswith("-in"))


def height_at_edge(path: ScenePath, last: bool) -> float:
    """How tall a band is at its right end (``last``) or its left end."""
    points = [(float(op[-2]), float(op[-1])) for op in path.ops if len(op) >= 3]
    edge = max(x for x, _ in points) if last else min(x for x, _ in points)
    ys = [y for x, y in points if abs(x - edge) < 0.01]
    if last:  # the tip of the arrow is beyond the band's straight end: take the two corners
        xs = sorted({x for x, _ in points}, reverse=True)
        ys = [y for x, y in points if abs(x - xs[1]) < 0.01]
    return max(ys) - min(ys)


@pytest.mark.parametrize("name", ["coffee-maker.json", "generated-flows"])
def test_every_flow_is_drawn_once_on_screen(name: str) -> None:
    journey = journey_named(name)
    scene = get_view("flow")(journey)
    assert isinstance(scene, Scene)
    drawn_flows(journey, [scene])
    assert scene_groups(scene, "crossing"), "this journey wraps: some flows go on in another row"


@pytest.mark.parametrize("page", ["slide", "a3"])
def test_every_flow_is_drawn_once_on_pages(page: str) -> None:
    journey = journey_named("generated-flows")
    pages = get_view("flow")(journey, page=page)
    drawn_flows(journey, list(pages))


def test_a_flow_between_rows_names_where_it_goes_and_where_it_came_from() -> None:
    journey = journey_named("coffee-maker.json")
    scene = get_view("flow")(journey, page="slide")[0]
    ends = [words(g) for g in scene_groups(scene, "flow-end")]
    assert any(e.startswith("→ Checks out on the website") for e in ends), ends
    assert any("in a row below" in e for e in ends), ends
    both = get_view("flow")(journey)
    assert isinstance(both, Scene)
    ends = [words(g) for g in scene_groups(both, "flow-end")]
    assert any(e.startswith("from ") and "from a row above" in e for e in ends), ends


def test_marked_loops_follow_their_flows_across_rows() -> None:
    journey = journey_named("generated-flows")
    found = jk.loops(journey)
    assert found
    scene = get_view("flow")(journey, loops=found)
    assert isinstance(scene, Scene)
    assert scene_groups(scene, "continued"), "a marked loop crosses rows"
    assert_legible(scene, "generated-flows with loops")


def test_a_page_too_narrow_for_a_row_says_which_stage() -> None:
    with pytest.raises(jk.JourneyError, match=r"Awareness.* does not fit"):
        get_view("flow")(journey_named("coffee-maker.json"), page=(400, 800))
