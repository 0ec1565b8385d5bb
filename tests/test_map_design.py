"""The map as a designer reads it: type sizes, words, numbers, and where things sit.

Issue 11: a type scale with a minimum, counts that agree with their number,
no "−0.0", values that never cut the curve, empty stages kept, stage
metrics with their stage, and every word of the map translatable.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import journeykit as jk
from journeykit.layout.curve import _crosses, signed
from journeykit.layout.scene import Group, Rect, Scene, Text
from journeykit.layout.scene import Path as ScenePath
from journeykit.layout.theme import MIN_SCREEN_SIZE, THEMES
from journeykit.layout.views import VIEWS
from journeykit.layout.words import WORDS, Words

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_NAMES = ("coffee-maker.json", "hospital-visit.yaml")


@cache
def example(name: str) -> jk.Journey:
    return jk.load(EXAMPLES / name)


def _options(view: str, journey: jk.Journey) -> dict[str, object]:
    if view == "diff":
        return {"base": journey.remove_touchpoint(journey.touchpoints[-1].id)}
    return {}


def _texts(scene: Scene) -> list[Text]:
    return [t for t in scene.texts() if t.lines]


def _groups(scene: Scene, cls: str) -> list[Group]:
    return [g for g in scene.walk() if isinstance(g, Group) and g.cls and cls in g.cls.split()]


# -- the type scale -------------------------------------------------------------------


@pytest.mark.parametrize("theme", list(THEMES))
def test_the_type_scale_starts_at_the_screen_minimum(theme: str) -> None:
    t = THEMES[theme]
    sizes = [t.small_size, t.body_size, t.heading_size, t.title_size * 0.8]
    assert min(sizes) >= MIN_SCREEN_SIZE == 12
    assert sizes == sorted(sizes), "the scale rises: small, body, heading, title"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_no_text_is_smaller_than_the_minimum_on_screen(view: str, name: str) -> None:
    journey = example(name)
    scene = jk.scene(journey, view, **_options(view, journey))
    small = [(t.size, t.lines[0]) for t in _texts(scene) if t.size < MIN_SCREEN_SIZE - 1e-9]
    assert not small, f"{view} of {name}: text below {MIN_SCREEN_SIZE} px: {small[:5]}"


# -- words --------------------------------------------------------------------------


def _one_of_each() -> jk.Journey:
    return jk.Journey(
        title="Tiny",
        stages=[jk.Stage(name="Look", touchpoints=[jk.Touchpoint(name="Ad", emotion=0.2)])],
    )


def test_counts_agree_with_their_number() -> None:
    lines = [" ".join(t.lines) for t in jk.scene(_one_of_each()).texts()]
    assert "1 stage · 1 touchpoint" in lines
    assert not any("1 stages" in line or "1 touchpoints" in line for line in lines)
    coffee = [" ".join(t.lines) for t in jk.scene(example("coffee-maker.json")).texts()]
    assert any(line.startswith("5 stages · 15 touchpoints") for line in coffee)


def test_every_row_label_goes_through_labels() -> None:
    german = {
        "stages": "Phasen",
        "actions": "Aktionen",
        "emotion": "Gefühl",
        "pain_points": "Schmerzpunkte",
        "stage_one": "{n} Phase",
        "stage_other": "{n} Phasen",
        "touchpoint_other": "{n} Kontaktpunkte",
        "objective": "Ziel: {text}",
    }
    scene = jk.scene(example("coffee-maker.json"), labels=german)
    lines = [" ".join(t.lines) for t in scene.texts()]
    for word in ("Phasen", "Aktionen", "Gefühl", "Schmerzpunkte"):
        assert word in lines, word
    for english in ("Stages", "Actions", "Emotion", "Pain points"):
        assert english not in lines, english
    assert any(line.startswith("5 Phasen · 15 Kontaktpunkte") for line in lines)
    assert any(line.startswith("Ziel: Find the moments") for line in lines)


def test_the_english_words_are_the_defaults() -> None:
    words = Words.of()
    assert words["pain_points"] == "Pain points"
    assert words.count("stage", 1) == "1 stage"
    assert words.count("stage", 0) == "0 stages"


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ({"acions": "x"}, "no word 'acions'; did you mean 'actions'"),
        ({"actions": 3}, "labels['actions']: expected text"),
        ({"stage_one": "a stage"}, "must hold {n}"),
        ({"objective": "Ziel: {txt}"}, "must hold {text}"),
        ({"more": "{n"}, "not a valid text"),
        (["actions"], "option labels: expected Mapping or None"),
    ],
)
def test_bad_labels_are_refused_saying_why(labels: object, message: str) -> None:
    with pytest.raises(jk.JourneyError, match=re.escape(message)):
        jk.scene(_one_of_each(), labels=labels)


def test_every_word_has_its_english_default() -> None:
    assert all(isinstance(v, str) and v for v in WORDS.values())


# -- numbers ------------------------------------------------------------------------


@given(st.floats(min_value=-1, max_value=1, allow_nan=False))
def test_an_emotion_is_never_written_as_minus_zero(value: float) -> None:
    text = signed(value)
    assert text not in ("−0.0", "+0.0", "-0.0", "−0", "+0")
    if text not in ("0", "≈0"):
        assert text.startswith("+" if value > 0 else "−")
        assert float(text.replace("−", "-")) != 0


def test_emotion_values_in_the_map_are_signed_without_minus_zero() -> None:
    journey = example("coffee-maker.json")
    tiny = journey.replace_touchpoint(journey.touchpoints[1].id, emotion=-0.04)
    values = [
        t.lines[0]
        for g in _groups(jk.scene(tiny), "emotion-value")
        for t in g.children
        if isinstance(t, Text) and t.lines
    ]
    assert "−0.04" in values
    assert not any(v in ("−0.0", "-0.0") for v in values)


# -- the curve and its values ---------------------------------------------------------


def _curve_segments(group: Group) -> list[tuple[float, float, float, float]]:
    out = []
    for item in group.children:
        if isinstance(item, ScenePath):
            points = [(float(op[1]), float(op[2])) for op in item.ops if op[0] in ("M", "L")]
            out += [(*a, *b) for a, b in itertools.pairwise(points)]
    return out


@pytest.mark.parametrize("view", ["map", "emotion"])
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_value_labels_never_cut_a_curve(view: str, name: str) -> None:
    scene = jk.scene(example(name), view)
    segments = []
    for item in scene.walk():
        if isinstance(item, Group) and item.cls in ("emotion-curve", "curve"):
            segments += _curve_segments(item)
    assert segments
    labels = _groups(scene, "emotion-value")
    halos = [c for g in labels for c in g.children if isinstance(c, Rect)]
    # A value crowded by other curves on every side goes without its patch of background.
    assert len(halos) >= 0.8 * len(labels) > 0
    for halo in halos:
        box = (halo.x, halo.y, halo.x + halo.width, halo.y + halo.height)
        crossing = [s for s in segments if _crosses(box, s)]
        assert not crossing, f"{name}/{view}: the value at {box} cuts {crossing[:2]}"


def test_the_crossing_check_sees_a_crossing() -> None:
    assert _crosses((0, 0, 10, 10), (-5, 5, 15, 5))
    assert _crosses((0, 0, 10, 10), (5, 5, 6, 6))
    assert not _crosses((0, 0, 10, 10), (-5, 12, 15, 12))
    assert not _crosses((0, 0, 10, 10), (11, -5, 30, 20))


# -- stages ------------------------------------------------------------------------


def _with_empty_stage() -> jk.Journey:
    journey = example("coffee-maker.json")
    stages = list(journey.stages)
    stages.insert(2, jk.Stage(id="wait", name="Waiting for a sale"))
    return journey.evolve(stages=stages)


@pytest.mark.parametrize("view", ["map", "emotion"])
def test_an_empty_stage_is_drawn_in_every_view(view: str) -> None:
    scene = jk.scene(_with_empty_stage(), view)
    names = [g.title for g in _groups(scene, "stage")]
    assert "Waiting for a sale" in names
    assert len(names) == 6


def test_stage_metrics_sit_across_their_stage() -> None:
    journey = example("coffee-maker.json")
    scene = jk.scene(journey)
    stages = {
        g.title: next(c for c in g.children if isinstance(c, Rect)) for g in _groups(scene, "stage")
    }
    boxes = _groups(scene, "stage-metrics")
    assert {g.title for g in boxes} == {s.name for s in journey.stages if s.metrics}
    for group in boxes:
        box = next(c for c in group.children if isinstance(c, Rect))
        header = stages[group.title]
        assert box.x >= header.x - 10
        assert box.x + box.width <= header.x + header.width + 10
        assert box.width >= header.width - 20, "the box spans the stage, not one column"


def test_metric_text_is_short() -> None:
    lines = [" ".join(t.lines) for t in jk.scene(example("coffee-maker.json")).texts()]
    assert "31.3% ✗ target 35%" in lines
    assert not any("off target" in line or "on target" in line for line in lines)
    assert not any("score / target" in line for line in lines)
