"""The stage funnel: customers entering each stage, conversion and drop-off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import journeykit as jk
from journeykit.analysis.conversion import Funnel, FunnelStep, funnel
from journeykit.testing import journeys

ROOT = Path(__file__).resolve().parents[1]
COFFEE = jk.load(ROOT / "examples" / "coffee-maker.json")
HOSPITAL = jk.load(ROOT / "examples" / "hospital-visit.yaml")


def journey(
    stages: list[list[tuple[str, int | None]]], flows: list[tuple[str, str, int | None]] = ()
) -> jk.Journey:
    """Stages s0, s1… of touchpoints given as (id, reach)."""
    return jk.Journey(
        title="T",
        stages=[
            jk.Stage(
                id=f"s{k}",
                name=f"S{k}",
                touchpoints=[jk.Touchpoint(id=i, name=i, reach=r) for i, r in tps],
            )
            for k, tps in enumerate(stages)
        ],
        flows=[jk.Flow(source=a, target=b, count=n) for a, b, n in flows],
    )


def entering(f: Funnel) -> list[tuple[int | None, str | None]]:
    return [(s.entering, s.basis) for s in f.steps]


def test_coffee_maker() -> None:
    f = funnel(COFFEE)
    assert [s.stage for s in f.steps] == [s.id for s in COFFEE.stages]
    # awareness: the ad's reach; then the customers crossing into each stage:
    # 820 to the product page; 95 + 150 + 12 to checkout and 48 to the store till;
    # 201 to the courier and 48 straight to unboxing; 180 + 14 from the first cup.
    assert entering(f) == [
        (10000, "reach"),
        (820, "flows"),
        (305, "flows"),
        (249, "flows"),
        (194, "flows"),
    ]
    assert [s.dropoff for s in f.steps] == [9180, 515, 56, 55, None]
    assert f.steps[0].conversion == pytest.approx(0.082)
    assert f.steps[2].conversion == pytest.approx(249 / 305)
    assert f.steps[2].dropoff_rate == pytest.approx(56 / 305)
    assert f.steps[1].next_stage == "purchase"
    last = f.steps[-1]
    assert (last.next_stage, last.conversion, last.dropoff, last.dropoff_rate) == (
        None,
        None,
        None,
        None,
    )
    assert f.conversion == pytest.approx(194 / 10000)


def test_reach_only() -> None:
    f = funnel(HOSPITAL)
    assert entering(f) == [
        (1200, "reach"),
        (1150, "reach"),
        (1050, "reach"),
        (1040, "reach"),
        (1020, "reach"),
    ]
    assert [s.dropoff for s in f.steps] == [50, 100, 10, 20, None]
    assert f.conversion == pytest.approx(1020 / 1200)


def test_skipping_a_stage_is_not_dropping_off() -> None:
    f = funnel(
        journey(
            [[("a", 100)], [("b", None)], [("c", None)]],
            [("a", "b", 40), ("a", "c", 20), ("b", "c", 30)],
        )
    )
    assert entering(f) == [(100, "reach"), (60, "flows"), (50, "flows")]
    # b: 40 arrive, 30 go on; the 20 who skip b are not lost there.
    assert [s.dropoff for s in f.steps] == [40, 10, None]


def test_loops_back_count_once() -> None:
    # 80 reach b; 60 cross into c, of whom 10 come back to b and cross again
    # (counted in the 60): 50 customers end beyond b.
    f = funnel(
        journey(
            [[("a", 100)], [("b", None)], [("c", None)]],
            [("a", "b", 80), ("b", "c", 60), ("c", "b", 10), ("b", "b", 5)],
        )
    )
    assert entering(f) == [(100, "reach"), (80, "flows"), (50, "flows")]


def test_flows_within_a_stage_do_not_count() -> None:
    f = funnel(
        journey(
            [[("a", 100), ("a2", None)], [("b", 70), ("b2", None)]],
            [("a", "a2", 50), ("a2", "b", 30), ("b", "b2", 20)],
        )
    )
    assert entering(f) == [(100, "reach"), (30, "flows")]


def test_more_counted_back_than_forward_counts_as_zero() -> None:
    f = funnel(journey([[("a", 100)], [("b", None)]], [("b", "a", 5)]))
    assert entering(f) == [(100, "reach"), (0, "flows")]


def test_reach_when_no_counted_flow_crosses() -> None:
    f = funnel(
        journey(
            [[("a", 100)], [("b", 60), ("b2", 70)], [("c", None)], [("d", 10)]],
            [("a", "b", None), ("c", "d", 5)],
        )
    )
    assert entering(f) == [(100, "reach"), (70, "reach"), (None, None), (5, "flows")]
    steps = f.steps
    assert steps[1].dropoff is None
    assert steps[1].conversion is None
    assert steps[2].conversion is None


def test_first_stage_without_reach_uses_the_customers_who_start_there() -> None:
    # 10 start at a1 and go to a2; 30 leave a2 for b, so 20 started at a2.
    f = funnel(
        journey(
            [[("a1", None), ("a2", None)], [("b", None)]],
            [("a1", "a2", 10), ("a2", "b", 30), ("b", "a1", 4)],
        )
    )
    # a1: 10 out, 4 in → 6 start there; a2: 30 out, 10 in → 20.
    assert entering(f) == [(26, "flows"), (26, "flows")]
    assert f.steps[0].conversion == 1.0


def test_unknown_and_zero() -> None:
    f = funnel(journey([[("a", None)], [("b", None)]]))
    assert entering(f) == [(None, None), (None, None)]
    assert f.conversion is None
    z = funnel(journey([[("a", 0)], [("b", 0)]]))
    step = z.steps[0]
    assert (step.entering, step.conversion, step.dropoff, step.dropoff_rate) == (0, None, 0, None)
    assert z.conversion is None


def test_empty_stages_and_journeys() -> None:
    empty = funnel(jk.Journey(title="T"))
    assert (empty.steps, empty.conversion) == ((), None)
    f = funnel(journey([[("a", 10)], [], [("c", None)]], [("a", "c", 4)]))
    # Customers who skip the empty stage reach it "or a later one".
    assert entering(f) == [(10, "reach"), (4, "flows"), (4, "flows")]
    single = funnel(journey([[("a", 10)]]))
    assert single.conversion == 1.0
    assert single.steps[0].conversion is None


def test_records_and_frame() -> None:
    f = funnel(COFFEE)
    data = f.to_dict()
    assert set(data) == {"steps", "conversion"}
    assert data["steps"][1] == {
        "stage": "consideration",
        "name": "Consideration",
        "entering": 820,
        "basis": "flows",
        "next_stage": "purchase",
        "conversion": pytest.approx(305 / 820),
        "dropoff": 515,
        "dropoff_rate": pytest.approx(515 / 820),
    }
    frame = f.to_frame()
    assert list(frame["stage"]) == [s.id for s in COFFEE.stages]
    assert list(frame["entering"]) == [10000, 820, 305, 249, 194]
    assert isinstance(f.steps[0], FunnelStep)


def test_huge_counts() -> None:
    # Counts go up to 2**63 - 1 (the model refuses more); near it nothing overflows.
    f = funnel(journey([[("a", 10**18)], [("b", None)]], [("a", "b", 10**17)]))
    assert f.steps[0].conversion == pytest.approx(0.1)
    assert f.steps[0].dropoff_rate == pytest.approx(0.9)


def test_large_journey() -> None:
    """Linear: 2,000 stages and long flows that skip many of them."""
    n = 2000
    stages = [[(f"t{k}", None)] for k in range(n)]
    flows: list[tuple[str, str, int | None]] = [
        (f"t{k}", f"t{min(n - 1, k + 500)}", 1) for k in range(n - 1)
    ]
    f = funnel(journey(stages, flows))
    assert len(f.steps) == n
    assert f.steps[600].entering == 500


@given(journeys(min_stages=1, max_stages=5, max_flows=12), st.randoms(use_true_random=False))
def test_funnel_properties(j: jk.Journey, random: Any) -> None:
    f = funnel(j)
    assert len(f.steps) == len(j.stages)
    for step, nxt in zip(f.steps, [*f.steps[1:], None], strict=True):
        assert (step.entering is None) == (step.basis is None)
        assert step.entering is None or step.entering >= 0
        if nxt is None or step.entering is None or nxt.entering is None:
            assert step.dropoff is None
            assert step.conversion is None
            continue
        assert step.dropoff == step.entering - nxt.entering
        if step.entering:
            assert step.conversion == pytest.approx(nxt.entering / step.entering)
            assert step.dropoff_rate == pytest.approx(1 - step.conversion)
    # Nothing depends on the order of touchpoints within a stage.
    stages = []
    for stage in j.stages:
        touchpoints = list(stage.touchpoints)
        random.shuffle(touchpoints)
        stages.append(jk.Stage(id=stage.id, name=stage.name, touchpoints=touchpoints))
    assert funnel(j.evolve(stages=stages)) == f
