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
from journeys import scene_groups, texts_in

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
        for g in scene_groups(jk.scene(tiny), "emotion-value")
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
    labels = scene_groups(scene, "emotion-value")
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
    names = [g.title for g in scene_groups(scene, "stage")]
    assert "Waiting for a sale" in names
    assert len(names) == 6


def test_stage_metrics_sit_across_their_stage() -> None:
    journey = example("coffee-maker.json")
    scene = jk.scene(journey)
    stages = {
        g.title: next(c for c in g.children if isinstance(c, Rect))
        for g in scene_groups(scene, "stage")
    }
    boxes = scene_groups(scene, "stage-metrics")
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


# -- density ---------------------------------------------------------------------------


def _card_rows(scene: Scene) -> list[str]:
    rows = [g.id or "" for g in scene.children if isinstance(g, Group)]
    return [r for r in rows if r.startswith(("row-channel", "row-touchpoints", "row-lane"))]


def test_channels_rows_draws_a_row_per_channel() -> None:
    journey = example("coffee-maker.json")
    used = {tp.channel for tp in journey.touchpoints}
    assert len(_card_rows(jk.scene(journey, channels="rows"))) == len(used)


def test_channels_tags_draws_one_row_of_tagged_cards() -> None:
    journey = example("coffee-maker.json")
    scene = jk.scene(journey, channels="tags")
    assert _card_rows(scene) == ["row-touchpoints"]
    cards = scene_groups(scene, "touchpoint")
    assert len(cards) == len(journey.touchpoints)
    for card, tp in zip(cards, journey.touchpoints, strict=True):
        channel = journey.channel(tp.channel)
        shown = [" ".join(t.lines) for t in card.children if isinstance(t, Text)]
        assert channel.name in shown, "the tag names the channel"
        marks = [m for m in card.children if type(m).__name__ == "Marker"]
        assert [m.shape for m in marks] == ["circle" if channel.kind == "online" else "square"]
    key = [" ".join(t.lines) for t in scene.texts()]
    assert "online" in key, "the row's key says what the marks mean"
    assert "offline" in key


def test_tags_take_less_height_than_rows() -> None:
    journey = example("coffee-maker.json")
    assert jk.scene(journey, channels="tags").height < jk.scene(journey, channels="rows").height


def test_auto_chooses_tags_when_rows_would_be_mostly_empty() -> None:
    coffee = example("coffee-maker.json")  # 8 channels: rows 7/8 empty
    assert _card_rows(jk.scene(coffee)) == ["row-touchpoints"]
    two = jk.Journey(
        title="Two channels",
        channels=[
            jk.Channel(id="web", name="Website", kind="online"),
            jk.Channel(id="shop", name="Shop", kind="offline"),
        ],
        stages=[
            jk.Stage(
                name="Buy",
                touchpoints=[
                    jk.Touchpoint(name="Browse", channel="web"),
                    jk.Touchpoint(name="Pay", channel="shop"),
                ],
            )
        ],
    )
    assert _card_rows(jk.scene(two)) == ["row-channel-0", "row-channel-1"]


def test_channels_must_be_a_known_mode() -> None:
    with pytest.raises(jk.JourneyError, match="channels: expected one of auto, rows, tags"):
        jk.scene(example("coffee-maker.json"), channels="grid")


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_names_and_pain_points_are_never_cut_in_the_examples(name: str) -> None:
    scene = jk.scene(example(name))
    for group in scene_groups(scene, "touchpoint") + scene_groups(scene, "pain-point"):
        cut = [t for t in texts_in(group) if t.full is not None]
        assert not cut, f"{name}: {group.cls} {group.title!r} is cut"


def test_a_name_too_long_for_the_screen_keeps_its_tooltip() -> None:
    long_name = "A touchpoint with a name that goes on " * 30
    journey = jk.Journey(
        title="Long", stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name=long_name)])]
    )
    scene = jk.scene(journey)
    (card,) = scene_groups(scene, "touchpoint")
    name = texts_in(card)[0]
    assert name.lines[-1].endswith("…")
    assert name.full == " ".join(long_name.split())
    assert "<title>A touchpoint with a name" in str(jk.render(journey))


# -- the story first --------------------------------------------------------------------


def _row(scene: Scene, name: str) -> Group:
    return next(g for g in scene.children if isinstance(g, Group) and g.id == f"row-{name}")


def _row_height(row: Group) -> float:
    return next(c for c in row.children if isinstance(c, Rect)).height


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_emotion_curve_is_the_hero_row(name: str) -> None:
    scene = jk.scene(example(name))
    hero = _row(scene, "emotion")
    assert _row_height(hero) >= scene.height / 4
    rows = [g for g in scene.children if isinstance(g, Group) and (g.id or "").startswith("row-")]
    assert max(rows, key=_row_height) is hero, "no row is taller than the curve"


def test_the_curve_is_filled_warm_below_zero_and_cool_above() -> None:
    t = THEMES["light"]
    scene = jk.scene(example("coffee-maker.json"))
    (curve,) = scene_groups(scene, "emotion-curve")
    fills = {p.fill for p in curve.children if isinstance(p, ScenePath) and p.fill}
    assert fills == {t.positive, t.negative}


def _lines(group: Group) -> list[str]:
    return [" ".join(t.lines) for t in texts_in(group)]


def test_peak_lowest_and_sharpest_drop_are_called_out_in_words() -> None:
    journey = example("coffee-maker.json")
    curve = jk.emotion_curve(journey)
    callouts = [" / ".join(_lines(g)) for g in scene_groups(jk.scene(journey), "emotion-moment")]
    peak = curve.of_kind("peak")[0]
    lowest = curve.of_kind("lowest")[0]
    drop = curve.of_kind("drop")[0]
    assert any(c.startswith("Peak") and signed(peak.emotion) in c for c in callouts), callouts
    assert any("Lowest" in c and signed(lowest.emotion) in c for c in callouts), callouts
    assert any("Sharpest drop" in c and "fell" in c for c in callouts), callouts
    assert drop.change is not None
    assert f"fell {abs(drop.change):.1f}" in " ".join(callouts)
    assert not scene_groups(jk.scene(journey, moments=False), "emotion-moment")


def test_personas_are_small_curves_of_their_own_by_default() -> None:
    journey = example("coffee-maker.json")
    scene = jk.scene(journey)
    strips = scene_groups(scene, "persona-curve")
    assert [g.title for g in strips] == [p.name for p in journey.personas]
    (hero,) = scene_groups(scene, "emotion-curve")
    dashed = [p for p in hero.children if isinstance(p, ScenePath) and p.dash and p.stroke]
    assert not dashed, "the hero holds the overall curve alone"


@pytest.mark.parametrize(
    ("personas", "strips", "dashed"),
    [("overlay", 0, 2), ("none", 0, 0), (("home-enthusiast",), 1, 0), (["busy-parent"], 1, 0)],
)
def test_personas_chooses_how_and_which(personas: object, strips: int, dashed: int) -> None:
    scene = jk.scene(example("coffee-maker.json"), personas=personas)
    assert len(scene_groups(scene, "persona-curve")) == strips
    (hero,) = scene_groups(scene, "emotion-curve")
    lines = [p for p in hero.children if isinstance(p, ScenePath) and p.dash and p.stroke]
    assert len(lines) == dashed


@pytest.mark.parametrize(
    ("personas", "message"),
    [("separat", "did you mean 'separate'"), (("nobody",), "nobody"), ((1,), "persona ids")],
)
def test_bad_personas_are_refused(personas: object, message: str) -> None:
    with pytest.raises(jk.JourneyError, match=message):
        jk.scene(example("coffee-maker.json"), personas=personas)


def test_pain_points_sit_on_accented_cards() -> None:
    t = THEMES["light"]
    scene = jk.scene(example("hospital-visit.yaml"))
    pains = scene_groups(scene, "pain-point")
    assert len(pains) == sum(
        len(tp.pain_points) for tp in example("hospital-visit.yaml").touchpoints
    )
    for card in pains:
        rects = [c for c in card.children if isinstance(c, Rect)]
        assert rects[0].fill not in (t.surface, t.surface_alt), "a tinted card"
        assert rects[1].fill == t.negative, "a warm edge"
        assert rects[1].width < 8


def test_dips_with_pain_points_are_tied_to_them() -> None:
    journey = example("coffee-maker.json")
    scene = jk.scene(journey)
    (curve,) = scene_groups(scene, "emotion-curve")
    ties = [
        c
        for c in curve.children
        if type(c).__name__ == "Line" and c.stroke == THEMES["light"].negative
    ]
    dips = [tp for tp in journey.touchpoints if (tp.emotion or 0) < 0 and tp.pain_points]
    assert len(ties) == len(dips) > 0
    hero = _row(scene, "emotion")
    assert all(line.y2 >= _row_height(hero) - 1 for line in ties), "down to the row's foot"


def _badges(scene: Scene, cls: str) -> list[str]:
    return [" ".join(t.lines) for g in scene_groups(scene, cls) for t in texts_in(g)]


def test_the_top_hotspots_are_marked_with_their_rank() -> None:
    journey = example("coffee-maker.json")
    top = [h for h in jk.hotspots(journey) if h.score > 0][:3]
    scene = jk.scene(journey)
    hot = scene_groups(scene, "hotspot")
    assert sorted(g.title for g in hot) == sorted(h.name for h in top)
    assert sorted(_badges(scene, "rank")) == ["#1", "#2", "#3"]
    assert len(scene_groups(jk.scene(journey, highlight=5), "hotspot")) == 5
    assert not scene_groups(jk.scene(journey, highlight=0), "hotspot")
    lines = [" ".join(t.lines) for t in scene.texts()]
    assert "top hotspots, by pain score" in lines, "the key says what the badge means"


@pytest.mark.parametrize("highlight", [True, -1, 2.5])
def test_highlight_is_a_count(highlight: object) -> None:
    with pytest.raises(jk.JourneyError, match="highlight"):
        jk.scene(example("coffee-maker.json"), highlight=highlight)


def test_findings_are_counted_on_their_cards() -> None:
    journey = example("coffee-maker.json")
    found = jk.check(journey)
    scene = jk.scene(journey, findings=True)
    counts = _badges(scene, "finding-count")
    assert counts
    per_tp: dict[str, int] = {}
    for card in scene_groups(scene, "touchpoint"):
        (badge,) = [
            g for g in card.children if isinstance(g, Group) and g.cls == "finding-count"
        ] or [None]
        if badge is not None:
            per_tp[card.title or ""] = int(_lines(badge)[0].split()[-1])
    assert sum(per_tp.values()) <= len(found)
    assert all(n >= 1 for n in per_tp.values())


# -- coverage: empty quiet, gaps loud -----------------------------------------------------


def test_coverage_empty_cells_are_quiet_and_real_gaps_loud() -> None:
    journey = example("coffee-maker.json")
    scene = jk.scene(journey, "coverage")
    cells = scene_groups(scene, "cell")
    empty = [g for g in cells if "empty" in (g.cls or "")]
    gaps = [g for g in cells if "gap" in (g.cls or "").split()]
    kinds = [g.kind for g in jk.coverage(journey).gaps]
    assert len(gaps) == kinds.count("interrupted")
    assert all(not g.children for g in empty), "an empty cell draws nothing"
    assert all(g.title for g in empty), "its tooltip still says what it is"
    for gap in gaps:
        assert "gap: interrupted" in _lines(gap)
        edge = next(c for c in gap.children if isinstance(c, Rect))
        assert edge.stroke == THEMES["light"].negative
        assert edge.dash
    lines = [" ".join(t.lines) for t in scene.texts()]
    assert not any("gap: missing" in line for line in lines)
