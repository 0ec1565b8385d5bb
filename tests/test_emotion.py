"""The emotion curve and its moments of truth."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import journeykit as jk
from journeykit.analysis import Results
from journeykit.analysis.emotion import MOMENT_KINDS, EmotionCurve, emotion_curve
from journeykit.testing import journeys

ROOT = Path(__file__).resolve().parents[1]
COFFEE = jk.load(ROOT / "examples" / "coffee-maker.json")
HOSPITAL = jk.load(ROOT / "examples" / "hospital-visit.yaml")


def curve_of(*emotions: float | None) -> EmotionCurve:
    touchpoints = [
        jk.Touchpoint(id=f"t{i}", name=f"T{i}", emotion=e) for i, e in enumerate(emotions)
    ]
    return emotion_curve(
        jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=touchpoints)])
    )


def marks(curve: EmotionCurve) -> list[tuple[str, tuple[str, ...]]]:
    return [(p.touchpoint, p.moments) for p in curve.points if p.moments]


def test_coffee_maker_overall() -> None:
    curve = emotion_curve(COFFEE)
    assert curve.persona is None
    assert [p.touchpoint for p in curve.points] == [tp.id for tp in COFFEE.touchpoints]
    assert [(m.kind, m.touchpoint) for m in curve.moments] == [
        ("drop", "compare"),  # 0.3 → -0.4
        ("lowest", "setup-call"),  # -0.6
        ("peak", "first-cup"),  # 0.7
        ("end", "leave-review"),
    ]
    drop = curve.of_kind("drop")[0]
    assert drop.change == pytest.approx(-0.7)
    assert drop.emotion == -0.4


def test_coffee_maker_per_persona() -> None:
    parent = emotion_curve(COFFEE, persona="busy-parent")
    assert parent.persona == "busy-parent"
    by_tp = {p.touchpoint: p.emotion for p in parent.points}
    assert by_tp["compare"] == -0.6  # the persona's own emotion
    assert by_tp["product-page"] == 0.3  # falls back to the overall emotion
    assert [(m.kind, m.touchpoint) for m in parent.moments] == [
        ("drop", "compare"),
        ("lowest", "setup-call"),
        ("peak", "first-cup"),
        ("end", "leave-review"),
    ]
    enthusiast = emotion_curve(COFFEE, persona="home-enthusiast")
    assert [m.touchpoint for m in enthusiast.of_kind("lowest")] == ["setup-call"]
    assert [m.touchpoint for m in enthusiast.of_kind("drop")] == ["setup-call"]  # 0.2 → -0.4


def test_touchpoints_without_emotion_are_left_out() -> None:
    curve = emotion_curve(HOSPITAL)
    ids = [p.touchpoint for p in curve.points]
    assert "referral-triage" not in ids  # a backstage step with no emotion
    assert [p.index for p in curve.points] == list(range(len(ids)))
    # The persona's own emotion only where given; elsewhere the overall one.
    carer = emotion_curve(HOSPITAL, persona="carer")
    assert [p.touchpoint for p in carer.points] == ids


def test_unknown_persona() -> None:
    with pytest.raises(jk.UnknownIdError, match="did you mean 'busy-parent'"):
        emotion_curve(COFFEE, persona="busy-parents")
    with pytest.raises(jk.UnknownIdError):
        emotion_curve(COFFEE, persona="compare")  # an id, but not a persona's


def test_empty_and_single_point_curves() -> None:
    empty = curve_of()
    assert (empty.points, empty.moments) == ((), ())
    assert curve_of(None, None).points == ()
    single = curve_of(-0.5)
    assert marks(single) == [("t0", ("end",))]
    assert single.points[0].change is None


def test_a_flat_curve_has_only_an_end() -> None:
    assert marks(curve_of(0.2, 0.2, 0.2)) == [("t2", ("end",))]


def test_ties_mark_every_point() -> None:
    curve = curve_of(0.5, -0.5, 0.5, -0.5, 0.0)
    assert marks(curve) == [
        ("t0", ("peak",)),
        ("t1", ("lowest", "drop")),
        ("t2", ("peak",)),
        ("t3", ("lowest", "drop")),
        ("t4", ("end",)),
    ]


def test_float_ties_in_drops() -> None:
    # 0.3 - 0.5 and 0.1 - 0.3 differ in the last bit.
    curve = curve_of(0.5, 0.3, 0.5, 0.3, 0.1, 0.2)
    assert [m.touchpoint for m in curve.of_kind("drop")] == ["t1", "t3", "t4"]


def test_a_tiny_fall_does_not_make_flat_steps_drops() -> None:
    curve = curve_of(0.5, 0.5 - 1e-12, 0.5 - 1e-12)
    assert [m.touchpoint for m in curve.of_kind("drop")] == ["t1"]


def test_a_rising_curve_has_no_drop() -> None:
    curve = curve_of(-1, -0.5, 0, 1)
    assert marks(curve) == [("t0", ("lowest",)), ("t3", ("peak", "end"))]


def test_the_end_can_be_the_lowest_point() -> None:
    assert marks(curve_of(0.5, 0.6, -1)) == [("t1", ("peak",)), ("t2", ("lowest", "drop", "end"))]


def test_changes() -> None:
    curve = curve_of(0.5, None, -0.5, 0.0)
    assert [p.change for p in curve.points] == [None, -1.0, 0.5]
    assert curve.of_kind("drop")[0].change == -1.0
    assert all(m.change is None for m in curve.moments if m.kind != "drop")


def test_stage_summary() -> None:
    curve = emotion_curve(COFFEE)
    stages = curve.stages
    assert [s.stage for s in stages] == [s.id for s in COFFEE.stages]
    delivery = stages[3]
    assert delivery.count == 4
    assert delivery.mean == pytest.approx((-0.3 - 0.1 - 0.6 + 0.7) / 4)
    assert (delivery.lowest, delivery.highest) == (-0.6, 0.7)
    j = jk.Journey(title="T", stages=[jk.Stage(name="Empty"), jk.Stage(name="Quiet")])
    quiet = emotion_curve(j).stages[1]
    assert (quiet.stage, quiet.count, quiet.mean, quiet.lowest, quiet.highest) == (
        "quiet",
        0,
        None,
        None,
        None,
    )


def test_records_and_frame() -> None:
    curve = emotion_curve(COFFEE, persona="busy-parent")
    data = curve.to_dict()
    assert set(data) == {"persona", "points", "moments", "stages"}
    assert data["persona"] == "busy-parent"
    assert data["points"][2]["moments"] == ["drop"]
    assert data["moments"][0] == {
        "kind": "drop",
        "index": 2,
        "stage": "consideration",
        "touchpoint": "compare",
        "emotion": -0.6,
        "change": pytest.approx(-0.9),
    }
    frame = curve.to_frame()
    assert list(frame["touchpoint"]) == [p.touchpoint for p in curve.points]
    assert list(frame.columns[:5]) == ["index", "stage", "touchpoint", "name", "emotion"]
    assert isinstance(curve.moments, Results)
    assert curve.moments.to_frame().shape == (4, 6)


@given(journeys(min_stages=1, max_stages=4), st.data())
def test_curve_properties(journey: jk.Journey, data: st.DataObject) -> None:
    persona = data.draw(st.none() | st.sampled_from([p.id for p in journey.personas] or [None]))
    curve = emotion_curve(journey, persona=persona)
    expected = [
        (tp.id, tp.emotion_of(persona))
        for tp in journey.touchpoints
        if tp.emotion_of(persona) is not None
    ]
    assert [(p.touchpoint, p.emotion) for p in curve.points] == expected
    if not curve.points:
        assert curve.moments == ()
        return
    values = [p.emotion for p in curve.points]
    low, high = min(values), max(values)
    assert curve.points[-1].moments[-1] == "end"
    assert [m.kind for m in curve.moments].count("end") == 1
    for p in curve.points:
        assert list(p.moments) == sorted(p.moments, key=MOMENT_KINDS.index)
        assert ("lowest" in p.moments) == (low < high and p.emotion == low)
        assert ("peak" in p.moments) == (low < high and p.emotion == high)
    changes = [b - a for a, b in itertools.pairwise(values)]
    drops = curve.of_kind("drop")
    if min(changes, default=0) < 0:
        assert drops
        # The documented rule, written the way the code applies it.
        assert all(d.change is not None and d.change <= min(changes) + 1e-9 for d in drops)
    else:
        assert not drops
    total = sum(s.count for s in curve.stages)
    assert total == len(curve.points)


def test_an_unknown_kind_of_moment_is_named_not_found_empty() -> None:
    curve = jk.emotion_curve(jk.load(ROOT / "examples" / "coffee-maker.json"))
    with pytest.raises(jk.JourneyError, match=r"not 'lowst'; did you mean 'lowest'"):
        curve.of_kind("lowst")  # type: ignore[arg-type]
    assert curve.of_kind("lowest")  # the known kinds still answer
