"""Pain hotspots: the formula, its inputs and the properties it promises."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.analysis import Record, Results
from journeykit.analysis.hotspot_scores import COMMITTED, Hotspot, Weights, hotspots
from journeykit.model import STATUSES
from journeykit.testing import journeys

ROOT = Path(__file__).resolve().parents[1]
COFFEE = jk.load(ROOT / "examples" / "coffee-maker.json")
HOSPITAL = jk.load(ROOT / "examples" / "hospital-visit.yaml")

SETTINGS = settings(deadline=None)  # examples: the profile's (tests/conftest.py)


def scores(journey: jk.Journey, **kwargs: Any) -> dict[str, float]:
    return {h.touchpoint: h.score for h in hotspots(journey, **kwargs)}


def by_id(journey: jk.Journey, **kwargs: Any) -> dict[str, Hotspot]:
    return {h.touchpoint: h for h in hotspots(journey, **kwargs)}


def one_stage(*touchpoints: jk.Touchpoint, flows: tuple[jk.Flow, ...] = ()) -> jk.Journey:
    return jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=touchpoints)], flows=flows)


def chain(*stages: list[jk.Touchpoint], flows: list[tuple[str, str, int | None]]) -> jk.Journey:
    return jk.Journey(
        title="T",
        stages=[
            jk.Stage(id=f"s{i}", name=f"S{i}", touchpoints=tps) for i, tps in enumerate(stages)
        ],
        flows=[jk.Flow(source=a, target=b, count=n) for a, b, n in flows],
    )


def tp(id: str, **fields: Any) -> jk.Touchpoint:
    return jk.Touchpoint(id=id, name=id.title(), **fields)


def pain(id: str, severity: int) -> jk.PainPoint:
    return jk.PainPoint(id=id, description=id, severity=severity)


# -- the coffee-maker example -------------------------------------------------------


def test_coffee_maker_top_five() -> None:
    top = hotspots(COFFEE, top=5)
    assert [h.touchpoint for h in top] == [
        "compare",
        "read-reviews",
        "delivery",
        "checkout",
        "unboxing",
    ]
    assert [h.rank for h in top] == [1, 2, 3, 4, 5]


def test_coffee_maker_compare_components() -> None:
    h = by_id(COFFEE)["compare"]
    assert h.stage == "consideration"
    assert h.name == "Compares models on the website"
    assert h.pain == pytest.approx((4 + 3) / 5)
    # spec-jargon has a planned fix; compare-mobile-layout only an idea.
    assert h.unaddressed_pain_points == ("compare-mobile-layout",)
    assert h.unaddressed == pytest.approx(3 / 5)
    assert h.negative_emotion == pytest.approx(0.6)  # busy parent: -0.6
    # 530 arrive, 260 + 95 + 60 go on.
    assert h.dropoff == pytest.approx(1 - 415 / 530)
    assert h.volume == 530
    assert h.reach_share == pytest.approx(530 / 10000)
    expected = (530 / 10000) * (1.4 + 0.5 * 0.6 + 0.6 + (1 - 415 / 530))
    assert h.score == pytest.approx(expected)


def test_coffee_maker_entry_and_ends_have_no_dropoff() -> None:
    spots = by_id(COFFEE)
    # The ad is where customers start: nothing counted arrives there.
    assert spots["see-ad"].dropoff == 0
    assert spots["see-ad"].score == 0
    # The journey's end: last stage, no flow leads on.
    assert spots["reorder-filters"].dropoff == 0
    assert spots["leave-review"].dropoff == 0
    # In the last stage but with flows leading on: 180 arrive, 52 + 31 go on.
    assert spots["care-email"].dropoff == pytest.approx(1 - 83 / 180)


def test_every_touchpoint_is_listed_in_score_order() -> None:
    for journey in (COFFEE, HOSPITAL):
        result = hotspots(journey)
        assert isinstance(result, Results)
        assert len(result) == len(journey.touchpoints)
        assert [h.rank for h in result] == list(range(1, len(result) + 1))
        assert all(a.score >= b.score for a, b in itertools.pairwise(result))


def test_ties_keep_journey_order() -> None:
    j = one_stage(tp("b"), tp("a"), tp("c", emotion=-0.5), tp("d"))
    assert [h.touchpoint for h in hotspots(j)] == ["c", "b", "a", "d"]


def test_contributions_add_up_to_the_score() -> None:
    for h in hotspots(COFFEE):
        parts = h.contributions
        total = parts.pain + parts.unaddressed + parts.negative_emotion + parts.dropoff
        assert h.score == round(total, 12)  # every figure is reported to twelve places
        assert parts.pain == pytest.approx(h.reach_share * h.pain)
        assert parts.unaddressed == pytest.approx(h.reach_share * 0.5 * h.unaddressed)
        assert parts.negative_emotion == pytest.approx(h.reach_share * h.negative_emotion)
        assert parts.dropoff == pytest.approx(h.reach_share * h.dropoff)


def test_records_and_frame() -> None:
    result = hotspots(COFFEE, top=3)
    records = result.to_dict()
    assert records[0]["touchpoint"] == "compare"
    assert records[0]["contributions"]["pain"] == result[0].contributions.pain
    assert records[0]["pain_points"] == ["spec-jargon", "compare-mobile-layout"]
    assert isinstance(result[0], Record)
    frame = result.to_frame()
    assert list(frame["touchpoint"]) == ["compare", "read-reviews", "delivery"]
    assert "contributions.dropoff" in frame.columns
    assert result[0].to_frame().shape[0] == 1


def test_empty_journeys() -> None:
    assert hotspots(jk.Journey(title="T")) == ()
    assert hotspots(jk.Journey(title="T", stages=[jk.Stage(name="S")])) == ()


# -- the components ------------------------------------------------------------------


@pytest.mark.parametrize("status", STATUSES)
def test_only_committed_opportunities_address_pain(status: str) -> None:
    j = one_stage(
        tp(
            "a",
            pain_points=[pain("p", 5)],
            opportunities=[
                jk.Opportunity(id="o", description="fix", addresses=["p"], status=status)
            ],
        )
    )
    h = hotspots(j)[0]
    assert h.pain == 1.0
    if status in COMMITTED:
        assert (h.unaddressed, h.unaddressed_pain_points) == (0.0, ())
    else:
        assert (h.unaddressed, h.unaddressed_pain_points) == (1.0, ("p",))


def test_an_opportunity_elsewhere_can_address_the_pain() -> None:
    j = one_stage(
        tp("a", pain_points=[pain("p", 2), pain("q", 3)]),
        tp(
            "b",
            opportunities=[
                jk.Opportunity(description="fix", addresses=["p"], status="done"),
            ],
        ),
    )
    h = by_id(j)["a"]
    assert h.pain == 1.0
    assert h.unaddressed == pytest.approx(0.6)


@pytest.mark.parametrize(
    ("emotion", "emotions", "expected"),
    [
        (None, {}, 0.0),
        (0.5, {}, 0.0),
        (0.0, {}, 0.0),
        (-0.3, {}, 0.3),
        (0.4, {"p1": -0.8, "p2": 0.2}, 0.8),
        (-0.9, {"p1": -0.2}, 0.9),
        (None, {"p1": -1}, 1.0),
    ],
)
def test_negative_emotion_is_the_lowest_felt(
    emotion: float | None, emotions: dict[str, float], expected: float
) -> None:
    j = jk.Journey(
        title="T",
        personas=[jk.Persona(id="p1", name="P1"), jk.Persona(id="p2", name="P2")],
        stages=[jk.Stage(name="S", touchpoints=[tp("a", emotion=emotion, emotions=emotions)])],
    )
    assert hotspots(j)[0].negative_emotion == expected


def test_dropoff_from_counted_flows() -> None:
    j = chain(
        [tp("a", reach=100)],
        [tp("b"), tp("c")],
        [tp("d"), tp("e")],
        flows=[("a", "b", 100), ("b", "c", 60), ("b", "d", 20), ("c", "d", 30), ("c", "c", 99)],
    )
    spots = by_id(j)
    assert spots["a"].dropoff == 0  # nothing counted arrives
    assert spots["b"].dropoff == pytest.approx(0.2)  # 100 in, 80 out
    assert spots["c"].dropoff == pytest.approx(0.5)  # 60 in, 30 out; the loop is ignored
    assert spots["d"].dropoff == 0  # the journey's end
    assert spots["e"].dropoff == 0


def test_dropoff_unknown_when_a_flow_on_has_no_count() -> None:
    j = chain(
        [tp("a")],
        [tp("b"), tp("c")],
        [tp("d")],
        flows=[("a", "b", 100), ("b", "c", None), ("b", "d", 10), ("a", "c", 50)],
    )
    spots = by_id(j)
    assert spots["b"].dropoff == 0
    # No flow leads on from c, and c is not at the end: all 50 are lost.
    assert spots["c"].dropoff == 1


def test_dropoff_in_the_last_stage_when_a_flow_leads_on() -> None:
    j = chain(
        [tp("a")],
        [tp("b"), tp("c"), tp("d")],
        flows=[("a", "b", 10), ("b", "c", 4), ("b", "a", 1)],
    )
    spots = by_id(j)
    assert spots["b"].dropoff == pytest.approx(0.5)  # 10 in, 4 + 1 out (a loop back counts)
    assert spots["c"].dropoff == 0
    assert spots["a"].dropoff == 0  # 1 in, 10 out: more leave than arrive


def test_last_non_empty_stage_is_the_end() -> None:
    j = chain([tp("a")], [tp("b")], [], flows=[("a", "b", 10)])
    assert by_id(j)["b"].dropoff == 0


def test_reach_share() -> None:
    j = chain(
        [tp("a", reach=200, emotion=-1)],
        [tp("b", emotion=-1), tp("c", reach=0, emotion=-1), tp("d", emotion=-1)],
        flows=[("a", "b", 50), ("b", "d", None)],
    )
    spots = by_id(j)
    assert (spots["a"].volume, spots["a"].reach_share) == (200, 1.0)
    assert (spots["b"].volume, spots["b"].reach_share) == (50, 0.25)  # from counted inflow
    assert (spots["c"].volume, spots["c"].reach_share, spots["c"].score) == (0, 0.0, 0.0)
    # No volume data at all: missing data must not hide pain.
    assert (spots["d"].volume, spots["d"].reach_share) == (None, 1.0)
    assert spots["d"].score == 1.0


def test_volume_without_reach_is_the_larger_of_in_and_out() -> None:
    j = chain([tp("a"), tp("b")], [tp("c")], flows=[("a", "b", 30), ("a", "c", 70)])
    spots = by_id(j)
    assert spots["a"].volume == 100
    assert spots["b"].volume == 30
    assert spots["b"].reach_share == pytest.approx(0.3)


def test_without_volume_data_every_share_is_one() -> None:
    assert {h.reach_share for h in hotspots(one_stage(tp("a"), tp("b")))} == {1.0}


def test_huge_counts() -> None:
    # Counts go up to 2**63 - 1 (the model refuses more); near it nothing overflows.
    j = chain(
        [tp("a", reach=10**18)],
        [tp("b", reach=10**17, emotion=-1)],
        [tp("c")],
        flows=[("a", "b", 10**17), ("b", "c", 10**16)],
    )
    h = by_id(j)["b"]
    assert h.reach_share == pytest.approx(0.1)
    assert h.dropoff == pytest.approx(0.9)
    assert math.isfinite(h.score)


# -- arguments -------------------------------------------------------------------------


def test_top() -> None:
    everything = hotspots(COFFEE)
    assert hotspots(COFFEE, top=3) == everything[:3]
    assert hotspots(COFFEE, top=0) == ()
    assert hotspots(COFFEE, top=1000) == everything


@pytest.mark.parametrize("top", [-1, 1.5, "3", True])
def test_bad_top(top: Any) -> None:
    with pytest.raises(jk.ValidationError, match="top"):
        hotspots(COFFEE, top=top)


def test_weights() -> None:
    default = by_id(COFFEE)["compare"]
    assert hotspots(COFFEE, weights=Weights()) == hotspots(COFFEE)
    assert hotspots(COFFEE, weights={}) == hotspots(COFFEE)
    doubled = by_id(COFFEE, weights={"dropoff": 2})["compare"]
    assert doubled.contributions.dropoff == pytest.approx(2 * default.contributions.dropoff)
    assert doubled.contributions.pain == default.contributions.pain
    only_pain = hotspots(
        COFFEE, weights=Weights(pain=1, unaddressed=0, negative_emotion=0, dropoff=0)
    )
    assert only_pain[0].score == pytest.approx(only_pain[0].reach_share * only_pain[0].pain)
    zero = {"pain": 0, "unaddressed": 0, "negative_emotion": 0, "dropoff": 0}
    assert {h.score for h in hotspots(COFFEE, weights=zero)} == {0.0}


def test_unknown_weight_names_get_a_suggestion() -> None:
    with pytest.raises(jk.ValidationError, match=r"weights\.emotion.*'negative_emotion'") as info:
        hotspots(COFFEE, weights={"emotion": 1, "pains": 2})
    assert len(info.value.problems) == 2
    assert "did you mean 'pain'?" in str(info.value)


@pytest.mark.parametrize(
    "value", [-1, -0.0001, math.nan, math.inf, -math.inf, True, "1", None, [1]]
)
def test_bad_weight_values(value: Any) -> None:
    with pytest.raises(jk.ValidationError, match=r"weights\.pain"):
        hotspots(COFFEE, weights={"pain": value})
    with pytest.raises(jk.ValidationError, match=r"weights\.pain"):
        Weights(pain=value)


def test_weights_must_be_a_mapping() -> None:
    with pytest.raises(jk.ValidationError, match="weights"):
        hotspots(COFFEE, weights=[1, 2, 3, 4])  # type: ignore[arg-type]


# -- properties ------------------------------------------------------------------------

JOURNEYS = journeys(min_stages=1, max_stages=4, max_touchpoints=8, max_flows=10)


def never_lower(before: dict[str, float], after: dict[str, float]) -> None:
    assert before.keys() == after.keys()
    for key, score in before.items():
        assert after[key] >= score, key


def fresh_id(journey: jk.Journey, base: str = "new-pain") -> str:
    taken = {p.id for p in journey.pain_points} | {tp.id for tp in journey.touchpoints}
    taken |= {s.id for s in journey.stages} | {o.id for o in journey.opportunities}
    taken |= {p.id for p in journey.personas} | {c.id for c in journey.channels}
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@SETTINGS
@given(JOURNEYS.filter(lambda j: j.touchpoints), st.data())
def test_adding_a_pain_point_never_lowers_a_score(journey: jk.Journey, data: st.DataObject) -> None:
    target = data.draw(st.sampled_from(journey.touchpoints))
    new = pain(fresh_id(journey), data.draw(st.integers(1, 5)))
    changed = journey.replace_touchpoint(target.id, pain_points=(*target.pain_points, new))
    weight = st.floats(0, 10)
    weights = data.draw(
        st.none()
        | st.builds(
            Weights, pain=weight, unaddressed=weight, negative_emotion=weight, dropoff=weight
        )
    )
    before, after = scores(journey, weights=weights), scores(changed, weights=weights)
    never_lower(before, after)


@SETTINGS
@given(JOURNEYS.filter(lambda j: any(p.severity < 5 for p in j.pain_points)), st.data())
def test_raising_a_severity_never_lowers_a_score(journey: jk.Journey, data: st.DataObject) -> None:
    target = data.draw(st.sampled_from([p for p in journey.pain_points if p.severity < 5]))
    severity = data.draw(st.integers(target.severity + 1, 5))
    owner = next(t for t in journey.touchpoints if target in t.pain_points)
    pains = tuple(
        attrs.evolve(p, severity=severity) if p.id == target.id else p for p in owner.pain_points
    )
    changed = journey.replace_touchpoint(owner.id, pain_points=pains)
    never_lower(scores(journey), scores(changed))


def calm(tp: jk.Touchpoint) -> bool:
    felt = [*tp.emotions.values(), *([] if tp.emotion is None else [tp.emotion])]
    return not tp.pain_points and all(e >= 0 for e in felt)


@SETTINGS
@given(JOURNEYS)
def test_no_pain_no_negative_emotion_no_dropoff_scores_zero(journey: jk.Journey) -> None:
    for h in hotspots(journey):
        tp = journey.touchpoint(h.touchpoint)
        if calm(tp) and h.dropoff == 0:
            assert h.score == 0


@SETTINGS
@given(journeys(max_stages=4, max_touchpoints=8, max_flows=0))
def test_without_flows_calm_touchpoints_score_zero(journey: jk.Journey) -> None:
    for h in hotspots(journey):
        assert h.dropoff == 0
        if calm(journey.touchpoint(h.touchpoint)):
            assert h.score == 0


@SETTINGS
@given(JOURNEYS)
def test_components_are_bounded(journey: jk.Journey) -> None:
    result = hotspots(journey)
    assert len(result) == len(journey.touchpoints)
    assert {h.touchpoint for h in result} == {tp.id for tp in journey.touchpoints}
    for h in result:
        assert 0 <= h.negative_emotion <= 1
        assert 0 <= h.dropoff <= 1
        assert 0 <= h.reach_share <= 1
        assert 0 <= h.unaddressed <= h.pain
        assert 0 <= h.score <= h.pain + 0.5 * h.unaddressed + 2 + 1e-9
        assert math.isfinite(h.score)


def rename_ids(journey: jk.Journey, rename: Callable[[str], str]) -> jk.Journey:
    """The same journey with every id (and every reference to one) renamed."""
    data = jk.to_dict(journey)
    for group in ("personas", "channels"):
        for item in data.get(group, []):
            item["id"] = rename(item["id"])
    for stage in data.get("stages", []):
        stage["id"] = rename(stage["id"])
        for t in stage.get("touchpoints", []):
            t["id"] = rename(t["id"])
            if "channel" in t:
                t["channel"] = rename(t["channel"])
            if "emotions" in t:
                t["emotions"] = {rename(k): v for k, v in t["emotions"].items()}
            for p in t.get("pain_points", []):
                p["id"] = rename(p["id"])
            for o in t.get("opportunities", []):
                o["id"] = rename(o["id"])
                if "addresses" in o:
                    o["addresses"] = [rename(a) for a in o["addresses"]]
    for flow in data.get("flows", []):
        flow["from"], flow["to"] = rename(flow["from"]), rename(flow["to"])
    return jk.from_dict(data)


def all_ids(journey: jk.Journey) -> list[str]:
    items = [*journey.personas, *journey.channels, *journey.stages, *journey.touchpoints]
    items += [*journey.pain_points, *journey.opportunities]
    return [item.id for item in items]


def test_rename_ids_renames_everything() -> None:
    renamed = rename_ids(COFFEE, lambda i: f"x-{i}")
    assert all(i.startswith("x-") for i in all_ids(renamed))
    assert renamed.flows[0].source == "x-see-ad"
    assert renamed.touchpoint("x-compare").emotions["x-busy-parent"] == -0.6
    assert renamed.touchpoint("x-compare").channel == "x-website"


@SETTINGS
@given(JOURNEYS, st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_ids(journey: jk.Journey, random: Any) -> None:
    ids = all_ids(journey)
    new_names = [f"id-{n}" for n in range(len(ids))]
    random.shuffle(new_names)
    mapping = dict(zip(ids, new_names, strict=True))
    renamed = rename_ids(journey, mapping.__getitem__)
    before = hotspots(journey)
    after = hotspots(renamed)
    assert {mapping[h.touchpoint]: h.score for h in before} == {
        h.touchpoint: h.score for h in after
    }
    assert [h.score for h in before] == [h.score for h in after]


@SETTINGS
@given(JOURNEYS, st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_order_within_a_stage(journey: jk.Journey, random: Any) -> None:
    stages = []
    for stage in journey.stages:
        touchpoints = list(stage.touchpoints)
        random.shuffle(touchpoints)
        stages.append(jk.Stage(id=stage.id, name=stage.name, touchpoints=touchpoints))
    shuffled = journey.evolve(stages=stages)
    assert scores(shuffled) == scores(journey)


def test_large_journey() -> None:
    """Linear in the size of the journey: 20,000 touchpoints in a chain of flows."""
    per, n = 100, 20_000
    stages = [
        jk.Stage(
            id=f"s{k}",
            name="S",
            touchpoints=[
                jk.Touchpoint(
                    id=f"t{k}-{i}",
                    name="T",
                    reach=n - k * per - i,
                    emotion=-0.5,
                    pain_points=[pain(f"p{k}-{i}", 3)],
                )
                for i in range(per)
            ],
        )
        for k in range(n // per)
    ]
    ids = [tp.id for stage in stages for tp in stage.touchpoints]
    flows = [jk.Flow(source=a, target=b, count=5) for a, b in itertools.pairwise(ids)]
    result = hotspots(jk.Journey(title="big", stages=stages, flows=flows), top=1)
    assert result[0].touchpoint == "t0-0"
