"""The funnel view draws jk.funnel's numbers: bars, conversion and drop-off, in words too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import journeykit as jk
from journeykit.layout.blocks import fmt_number
from journeykit.layout.scene import Group, Rect, Scene
from journeykit.layout.theme import THEMES, get_theme
from journeykit.testing import strategies as jst
from test_views import assert_legible

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ORIENTATIONS = ("horizontal", "vertical")


def six_stages() -> jk.Journey:
    """Six stages with long names, falling reach, one stage not counted, one that grows."""
    reach = [120_000, 48_000, 9_100, None, 2_100, 2_400]
    names = [
        "Awareness through social media and search advertising campaigns",
        "Consideration",
        "Application",
        "Identity verification",
        "Funding",
        "First deposit and onboarding",
    ]
    return jk.Journey(
        title="Opening a savings account online, from the first ad to the first deposit",
        stages=[
            jk.Stage(name=name, touchpoints=[jk.Touchpoint(name=f"{name} (web)", reach=r)])
            for name, r in zip(names, reach, strict=True)
        ],
    )


JOURNEYS = {
    "coffee": lambda: jk.load(EXAMPLES / "coffee-maker.json"),
    "hospital": lambda: jk.load(EXAMPLES / "hospital-visit.yaml"),
    "six": six_stages,
}


def words(scene: Scene) -> list[str]:
    return [line for text in scene.texts() for line in text.lines]


def stage_groups(scene: Scene) -> list[Group]:
    return [g for g in scene.walk() if isinstance(g, Group) and g.cls == "funnel-stage"]


def bars(group: Group, theme: str = "light") -> tuple[list[Rect], list[Rect]]:
    """The solid bars and the dashed drop-off outlines of a stage."""
    accent = get_theme(theme).accent
    rects = [c for c in group.children if isinstance(c, Rect)]
    return [r for r in rects if r.fill == accent], [r for r in rects if r.dash]


@pytest.mark.parametrize("orientation", ORIENTATIONS)
@pytest.mark.parametrize("theme", list(THEMES))
@pytest.mark.parametrize("name", list(JOURNEYS))
def test_the_funnel_lays_out_legibly(name: str, theme: str, orientation: str) -> None:
    scene = jk.scene(JOURNEYS[name](), view="funnel", theme=theme, orientation=orientation)
    assert scene.view == "funnel"
    assert_legible(scene, f"funnel/{name}/{theme}/{orientation}")


@pytest.mark.parametrize("orientation", ORIENTATIONS)
@pytest.mark.parametrize("name", list(JOURNEYS))
def test_the_numbers_drawn_are_the_funnels(name: str, orientation: str) -> None:
    journey = JOURNEYS[name]()
    result = jk.funnel(journey)
    scene = jk.scene(result, orientation=orientation)
    assert scene == jk.scene(journey, view="funnel", orientation=orientation)
    shown = " ".join(words(scene))
    groups = stage_groups(scene)
    assert len(groups) == len(result.steps)
    largest = max(s.entering for s in result.steps if s.entering)
    names = {s.id: s.name for s in journey.stages}
    lengths = []
    for step, group, before in zip(result.steps, groups, (None, *result.steps), strict=False):
        solid, dashed = bars(group)
        if step.entering is None:
            assert not solid
            assert "not known: no reach or counted flows" in " ".join(
                line for t in group.children if hasattr(t, "lines") for line in t.lines
            )
            continue
        (bar,) = solid
        length = bar.width if orientation == "horizontal" else bar.height
        lengths.append((length, step.entering))
        assert fmt_number(step.entering) in shown
        lost = before.dropoff or 0 if before is not None else 0
        if dashed:
            assert lost > 0
        if lost / largest > 0.01:
            assert dashed
        if step.dropoff is not None and step.conversion is not None:
            if step.dropoff >= 0:
                rate = fmt_number(step.dropoff_rate or 0, "ratio")
                expected = (
                    f"{fmt_number(step.conversion, 'ratio')} go on to {names[step.next_stage]} · "
                    f"{fmt_number(step.dropoff)} drop off ({rate})"
                )
            else:
                expected = f"{fmt_number(-step.dropoff)} more counted there"
            assert expected in shown
    first_length, first_entering = lengths[0]
    for length, entering in lengths:
        assert length == pytest.approx(first_length * entering / first_entering)


def test_unknown_and_growing_stages_say_so() -> None:
    shown = " ".join(words(jk.scene(six_stages(), view="funnel")))
    assert "↓ how many go on to Identity verification is unknown" in shown
    assert "↓ how many go on to Funding is unknown" in shown
    assert "↓ 114.3% go on to First deposit and onboarding · 300 more counted there" in shown


def test_a_journey_without_stages_says_so() -> None:
    scene = jk.scene(jk.Journey(title="Nothing yet"), view="funnel")
    assert "No stages: there is nothing to count." in words(scene)
    assert_legible(scene, "funnel/empty")


def test_the_overall_conversion_is_in_the_subtitle() -> None:
    result = jk.funnel(jk.load(EXAMPLES / "coffee-maker.json"))
    shown = " ".join(words(jk.scene(result)))
    assert f"overall conversion {fmt_number(result.conversion or 0, 'ratio')}" in shown


@pytest.mark.parametrize("orientation", ["diagonal", "Horizontal"])
def test_an_unknown_orientation_is_refused(orientation: Any) -> None:
    with pytest.raises(jk.JourneyError, match="orientation: expected 'horizontal' or 'vertical'"):
        jk.render(six_stages(), view="funnel", orientation=orientation)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(jst.journeys(max_stages=6, max_touchpoints=8))
def test_any_journey_has_a_legible_funnel(journey: jk.Journey) -> None:
    for orientation in ORIENTATIONS:
        scene = jk.scene(jk.funnel(journey), orientation=orientation)
        assert len(stage_groups(scene)) == len(journey.stages)
        assert_legible(scene, f"funnel/{orientation}")
