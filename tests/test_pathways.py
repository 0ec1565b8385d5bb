"""Loops and paths (``jk.loops``, ``jk.paths``): definitions, properties, examples."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.analysis import JourneyPath, Loop, Results
from journeykit.analysis.pathways import MAX_CYCLES
from journeykit.testing import journeys, looping_journeys

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SETTINGS = settings(deadline=None)  # examples: the profile's (tests/conftest.py)


def signup(back: int = 200, repeats: int | None = 50) -> jk.Journey:
    """Form ⇄ verify, then welcome or help; ``back`` customers sent back to the form."""
    flows = [
        jk.Flow(source="form", target="verify", count=700 + back),
        jk.Flow(source="verify", target="form", count=back),
        jk.Flow(source="verify", target="welcome", count=600),
        jk.Flow(source="verify", target="help", count=100),
    ]
    if repeats is not None:
        flows.append(jk.Flow(source="welcome", target="welcome", count=repeats))
    return jk.Journey(
        title="Signing up",
        stages=[
            jk.Stage(name="Apply", touchpoints=[jk.Touchpoint(name=n) for n in ("Form", "Verify")]),
            jk.Stage(name="Use", touchpoints=[jk.Touchpoint(name=n) for n in ("Welcome", "Help")]),
        ],
        flows=flows,
    )


Ways = Sequence[tuple[str, str, int | None]]


def chain(*names: str, flows: Ways = (), stages: int = 1) -> jk.Journey:
    """Touchpoints with these ids, spread over ``stages`` stages in order, and these flows."""
    per_stage = -(-len(names) // stages)
    return jk.Journey(
        title="Chain",
        stages=[
            jk.Stage(
                id=f"stage-{s}",
                name=f"Stage {s}",
                touchpoints=[
                    jk.Touchpoint(id=n, name=n) for n in names[s * per_stage : (s + 1) * per_stage]
                ],
            )
            for s in range(stages)
        ],
        flows=[jk.Flow(source=a, target=b, count=c) for a, b, c in flows],
    )


def stated(journey: jk.Journey) -> bool:
    """Whether a touchpoint says how many customers start or stop there."""
    return any(tp.entries is not None or tp.exits is not None for tp in journey.touchpoints)


def unstated(journey: jk.Journey) -> jk.Journey:
    """The journey without stated entries and exits: the flows alone say where customers are."""
    for tp in journey.touchpoints:
        if tp.entries is not None or tp.exits is not None:
            journey = journey.replace_touchpoint(tp.id, entries=None, exits=None)
    return journey


def counts(journey: jk.Journey) -> dict[tuple[str, str], int | None]:
    return {(f.source, f.target): f.count for f in journey.flows}


def steps(touchpoints: tuple[str, ...]) -> list[tuple[str, str]]:
    return list(zip(touchpoints, touchpoints[1:] + touchpoints[:1], strict=True))


def all_cycles(journey: jk.Journey, max_length: int) -> set[tuple[str, ...]]:
    """Every cycle of taken flows, by brute force: from each touchpoint through later ones only."""
    order = {tp.id: i for i, tp in enumerate(journey.touchpoints)}
    onward: dict[str, list[str]] = defaultdict(list)
    for f in journey.flows:
        if f.count != 0:
            onward[f.source].append(f.target)
    found = set()

    def walk(start: str, route: list[str]) -> None:
        for nxt in onward[route[-1]]:
            if nxt == start:
                found.add(tuple(route))
            elif order[nxt] > order[start] and nxt not in route and len(route) < max_length:
                walk(start, [*route, nxt])

    for tp in journey.touchpoints:
        walk(tp.id, [tp.id])
    return found


def balance(journey: jk.Journey) -> tuple[dict[str, int], dict[str, int], set[str]]:
    """Counted inflow and outflow (flows to itself left out), and ends of uncounted flows."""
    inflow: dict[str, int] = defaultdict(int)
    outflow: dict[str, int] = defaultdict(int)
    unknown = set()
    for f in journey.flows:
        if f.source == f.target or f.count == 0:
            continue
        if f.count is None:
            unknown |= {f.source, f.target}
        else:
            outflow[f.source] += f.count
            inflow[f.target] += f.count
    return inflow, outflow, unknown


# -- loops: examples -------------------------------------------------------------------


def test_loops_of_the_signup_journey() -> None:
    found = jk.loops(signup())
    assert isinstance(found, Results)
    assert [loop.rank for loop in found] == [1, 2]
    rework, repeat = found
    assert rework == Loop(
        rank=1,
        touchpoints=("form", "verify"),
        length=2,
        customers=200,
        share=round(200 / 700, 12),
        bottleneck=("verify", "form"),
        component=("form", "verify"),
    )
    assert (repeat.touchpoints, repeat.customers, repeat.bottleneck) == (
        ("welcome",),
        50,
        ("welcome", "welcome"),
    )
    assert repeat.share == round(50 / 700, 12)


def test_a_loop_starts_at_its_earliest_touchpoint_and_follows_the_flows() -> None:
    j = chain("a", "b", "c", flows=[("c", "b", 5), ("b", "a", 7), ("a", "c", 9)])
    [loop] = jk.loops(j)
    assert loop.touchpoints == ("a", "c", "b")
    assert (loop.customers, loop.bottleneck) == (5, ("c", "b"))


def test_a_flow_counted_zero_closes_no_loop() -> None:
    j = chain("a", "b", flows=[("a", "b", 10), ("b", "a", 0)])
    assert jk.loops(j) == ()


def test_loops_without_counts_are_listed_after_by_length() -> None:
    j = chain(
        "a",
        "b",
        "c",
        flows=[("a", "b", None), ("b", "c", None), ("c", "a", None), ("b", "a", None)],
    )
    found = jk.loops(j)
    assert [loop.touchpoints for loop in found] == [("a", "b"), ("a", "b", "c")]
    assert all(loop.customers is None and loop.share is None for loop in found)
    assert all(loop.bottleneck is None for loop in found)
    assert found[0].component == ("a", "b", "c")


def test_a_loop_through_an_uncounted_flow_has_no_customers() -> None:
    j = chain("a", "b", "c", flows=[("a", "b", 10), ("b", "a", None), ("b", "c", 4), ("c", "b", 2)])
    assert [(loop.touchpoints, loop.customers) for loop in jk.loops(j)] == [
        (("b", "c"), 2),
        (("a", "b"), None),
    ]


def test_a_journey_without_flows_has_no_loops() -> None:
    j = jk.load(EXAMPLES / "hospital-visit.yaml")
    assert not j.flows
    assert jk.loops(j) == ()
    assert jk.loops(jk.load(EXAMPLES / "coffee-maker.json")) == ()


def test_the_share_is_unknown_when_no_customer_starts_anywhere() -> None:
    # All traffic goes round: the counts show nobody starting.
    j = chain("a", "b", flows=[("a", "b", 10), ("b", "a", 10)])
    [loop] = jk.loops(j)
    assert (loop.customers, loop.share) == (10, None)


def test_the_share_passes_one_when_customers_go_round_more_than_once() -> None:
    j = chain("a", "b", flows=[("a", "b", 10), ("b", "b", 30)])
    [loop] = jk.loops(j)
    assert loop.share == 3.0


def test_top_min_share_and_max_length() -> None:
    j = signup()
    assert [loop.touchpoints for loop in jk.loops(j, top=1)] == [("form", "verify")]
    assert jk.loops(j, top=0) == ()
    assert [loop.touchpoints for loop in jk.loops(j, min_share=0.1)] == [("form", "verify")]
    assert len(jk.loops(j, min_share=0)) == 2
    assert [loop.touchpoints for loop in jk.loops(j, max_length=1)] == [("welcome",)]
    # Loops whose share is unknown never pass a minimum share.
    looping = chain("a", "b", flows=[("a", "b", None), ("b", "a", None)])
    assert len(jk.loops(looping)) == 1
    assert jk.loops(looping, min_share=0) == ()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"top": -1}, "top: -1 is below 0"),
        ({"top": 1.5}, "top: expected an integer"),
        ({"top": True}, "top: expected an integer"),
        ({"max_length": 0}, "max_length: 0 is below 1"),
        ({"max_length": None}, "max_length: expected an integer"),
        ({"min_share": -0.5}, "min_share: -0.5 is not a finite number of 0 or more"),
        ({"min_share": math.nan}, "min_share: nan is not a finite number"),
        ({"min_share": "10%"}, "min_share: expected a number"),
    ],
)
def test_bad_loop_options(options: dict[str, Any], message: str) -> None:
    with pytest.raises(jk.ValidationError, match=message):
        jk.loops(signup(), **options)


@pytest.mark.parametrize("top", [-1, 2.0, None, "3"])
def test_bad_path_options(top: Any) -> None:
    with pytest.raises(jk.ValidationError, match="top"):
        jk.paths(signup(), top=top)


@pytest.mark.parametrize("function", [jk.loops, jk.paths])
def test_they_need_a_journey(function: Any) -> None:
    with pytest.raises(jk.JourneyError, match="expected a Journey, got a mapping"):
        function({"title": "T"})


def test_the_cycle_search_is_bounded() -> None:
    # Every pair of 9 touchpoints joined both ways: far more than MAX_CYCLES cycles.
    names = [f"t{i}" for i in range(9)]
    j = chain(*names, flows=[(a, b, 1) for a, b in itertools.permutations(names, 2)])
    found = jk.loops(j, max_length=9)
    assert len(found) == MAX_CYCLES
    assert found == jk.loops(j, max_length=9)  # the same ones each time
    assert all(loop.length <= 3 for loop in jk.loops(j, max_length=3))


# -- loops: properties -----------------------------------------------------------------


@SETTINGS
@given(journey=looping_journeys(counted=False) | journeys())
def test_every_loop_is_a_cycle_of_taken_flows(journey: jk.Journey) -> None:
    flows = counts(journey)
    order = {tp.id: i for i, tp in enumerate(journey.touchpoints)}
    found = jk.loops(journey, max_length=4)
    for loop in found:
        assert loop.length == len(loop.touchpoints) == len(set(loop.touchpoints)) <= 4
        assert order[loop.touchpoints[0]] == min(order[t] for t in loop.touchpoints)
        taken = [flows[step] for step in steps(loop.touchpoints)]
        assert all(count != 0 for count in taken)
        assert set(loop.touchpoints) <= set(loop.component)
        if None in taken:
            assert (loop.customers, loop.share, loop.bottleneck) == (None, None, None)
        else:
            assert loop.customers == min(taken)
            assert loop.bottleneck is not None
            assert flows[loop.bottleneck] == loop.customers
            assert loop.bottleneck in steps(loop.touchpoints)
    assert {loop.touchpoints for loop in found} == all_cycles(journey, 4)


@SETTINGS
@given(journey=looping_journeys(counted=False))
def test_loops_are_ranked_by_customers(journey: jk.Journey) -> None:
    found = jk.loops(journey)
    assert found, "the strategy always makes a loop customers took"
    assert [loop.rank for loop in found] == list(range(1, len(found) + 1))
    known = [loop.customers for loop in found if loop.customers is not None]
    assert known == sorted(known, reverse=True)
    unknown = [loop.customers is None for loop in found]
    assert unknown == sorted(unknown), "loops without customers come last"
    shares = [loop.share for loop in found if loop.share is not None]
    assert shares == sorted(shares, reverse=True)
    assert all(share >= 0 for share in shares)
    assert list(jk.loops(journey, top=2)) == list(found[:2])


@SETTINGS
@given(journey=looping_journeys(), extra=st.integers(1, 1000), data=st.data())
def test_more_traffic_round_a_loop_never_lowers_its_count(
    journey: jk.Journey, extra: int, data: st.DataObject
) -> None:
    before = {loop.touchpoints: loop.customers for loop in jk.loops(journey)}
    loop = data.draw(st.sampled_from(sorted(before)))
    some = data.draw(st.sets(st.sampled_from(steps(loop)), min_size=1))
    busier = journey.evolve(
        flows=[
            jk.Flow(source=f.source, target=f.target, count=f.count + extra)
            if (f.source, f.target) in some and f.count is not None
            else f
            for f in journey.flows
        ]
    )
    after = {found.touchpoints: found.customers for found in jk.loops(busier)}
    assert after[loop] is not None
    assert before[loop] is not None
    assert after[loop] >= before[loop]
    if len(some) == len(loop):
        assert after[loop] == before[loop] + extra


@given(journey=journeys(max_flows=0))
def test_journeys_without_flows_have_no_loops_and_one_path(journey: jk.Journey) -> None:
    assert jk.loops(journey) == ()
    found = jk.paths(journey)
    in_order = tuple(tp.id for tp in journey.touchpoints)
    if not in_order:
        assert found == ()
    elif not stated(journey):
        assert [(p.touchpoints, p.customers, p.share) for p in found] == [(in_order, None, None)]
    else:
        # Stated entries and exits start and end paths along the way.
        for path in found:
            start = in_order.index(path.touchpoints[0])
            assert in_order[start : start + len(path.touchpoints)] == path.touchpoints


# -- paths: examples -------------------------------------------------------------------


def test_paths_of_the_signup_journey() -> None:
    found = jk.paths(signup())
    assert [p.touchpoints for p in found] == [
        ("form", "verify", "welcome"),
        ("form", "verify", "help"),
    ]
    # 700 start at the form; of the 900 at verify, 600 go on to welcome and 100 to help.
    assert found[0].customers == pytest.approx(700 * 600 / 900)
    assert found[0].share == pytest.approx(600 / 900)
    assert found[1].customers == pytest.approx(700 * 100 / 900)
    # The rest went round the loop back to the form first.
    assert sum(p.share or 0 for p in found) == pytest.approx(1 - 200 / 900)


def test_a_chain_carries_everyone() -> None:
    j = chain("a", "b", "c", flows=[("a", "b", 40), ("b", "c", 40)])
    [path] = jk.paths(j)
    assert path == JourneyPath(rank=1, touchpoints=("a", "b", "c"), customers=40.0, share=1.0)


def test_customers_who_stop_halfway_end_a_path_there() -> None:
    j = chain("a", "b", "c", "d", flows=[("a", "b", 100), ("b", "c", 60), ("a", "d", 50)])
    found = jk.paths(j)
    assert [(p.touchpoints, p.customers) for p in found] == [
        (("a", "b", "c"), 60.0),
        (("a", "d"), 50.0),
        (("a", "b"), 40.0),
    ]
    assert sum(p.share or 0 for p in found) == pytest.approx(1)


def test_paths_of_the_coffee_maker() -> None:
    found = jk.paths(jk.load(EXAMPLES / "coffee-maker.json"), top=3)
    # 820 come from the ad; most leave while comparing and reading reviews.
    assert found[0].touchpoints == ("see-ad", "product-page", "compare", "read-reviews")
    assert found[1].touchpoints == ("see-ad", "product-page")
    assert found[1].customers == pytest.approx(120)
    assert all(p.touchpoints[0] == "see-ad" for p in found)


def test_stated_entries_and_exits_are_taken_as_given() -> None:
    j = chain("a", "b", "c", flows=[("a", "b", 100), ("b", "c", 70)])
    j = j.replace_touchpoint("a", entries=100).replace_touchpoint("b", exits=30)
    j = j.replace_touchpoint("c", exits=70)
    found = jk.paths(j)
    assert [(p.touchpoints, p.customers, p.share) for p in found] == [
        (("a", "b", "c"), 70.0, 0.7),
        (("a", "b"), 30.0, 0.3),
    ]


def test_customers_who_start_halfway_start_a_path_there() -> None:
    # 20 walk in at b; the exits follow from the counts.
    j = chain("a", "b", "c", flows=[("a", "b", 100), ("b", "c", 120)])
    j = j.replace_touchpoint("a", entries=100).replace_touchpoint("b", entries=20)
    found = jk.paths(j)
    assert [(p.touchpoints, p.customers) for p in found] == [
        (("a", "b", "c"), 100.0),
        (("b", "c"), 20.0),
    ]
    assert found[1].share == pytest.approx(20 / 120)


def test_a_loops_share_counts_the_stated_entries() -> None:
    j = signup().replace_touchpoint("form", entries=1400)
    assert jk.loops(j)[0].share == pytest.approx(200 / 1400)


def test_paths_through_uncounted_flows_come_after_by_length() -> None:
    j = chain("a", "b", "c", "d", flows=[("a", "b", 10), ("b", "c", 10), ("a", "d", None)])
    found = jk.paths(j)
    assert [(p.touchpoints, p.customers) for p in found] == [
        (("a", "d"), None),
        (("a", "b", "c"), None),
    ]


def test_paths_when_everything_goes_round_start_at_the_first_stage() -> None:
    # Nobody starts or stops by the counts: from the first stage to the last.
    j = chain("a", "b", "c", flows=[("a", "b", 10), ("b", "c", 10), ("c", "a", 10)], stages=3)
    assert [(p.touchpoints, p.customers) for p in jk.paths(j)] == [(("a", "b", "c"), None)]


def test_many_ways_through_are_searched_without_listing_them() -> None:
    # 40 steps where customers split evenly and meet again: 2**40 paths.
    names = ["s"] + [f"{side}{i}" for i in range(40) for side in "ab"] + ["end"]
    flows = []
    before = ["s"]
    for i in range(40):
        flows += [(b, f"{side}{i}", 50 // len(before) * 2) for b in before for side in "ab"]
        before = [f"a{i}", f"b{i}"]
    flows += [(b, "end", 100) for b in before]
    found = jk.paths(chain(*names, flows=flows), top=5)
    assert len(found) == 5
    assert all(len(p.touchpoints) == 42 for p in found)
    assert len({p.customers for p in found}) == 1


def test_top_limits_the_search() -> None:
    j = jk.load(EXAMPLES / "coffee-maker.json")
    assert jk.paths(j, top=0) == ()
    assert len(jk.paths(j, top=1)) == 1
    assert len(jk.paths(j, top=200)) < 200  # every path found


# -- paths: properties -----------------------------------------------------------------


@SETTINGS
@given(journey=looping_journeys(counted=False) | journeys())
def test_paths_run_along_taken_flows_from_an_entry_to_an_exit(journey: jk.Journey) -> None:
    found = jk.paths(journey, top=6)
    flows = counts(journey)
    inflow, outflow, unknown = balance(journey)
    for path in found:
        route = path.touchpoints
        assert len(set(route)) == len(route)
        if journey.flows:
            assert all(flows.get(step, 0) != 0 for step in itertools.pairwise(route))
        else:
            # Along the touchpoints in journey order.
            order = tuple(tp.id for tp in journey.touchpoints)
            start = order.index(route[0])
            assert order[start : start + len(route)] == route
        if path.customers is not None and not stated(journey):
            first, last = route[0], route[-1]
            assert first not in unknown
            assert last not in unknown
            assert outflow[first] > inflow[first], "customers start at the first touchpoint"
            assert inflow[last] > outflow[last], "customers stop at the last touchpoint"
    assert [p.rank for p in found] == list(range(1, len(found) + 1))


@SETTINGS
@given(journey=looping_journeys(counted=False) | journeys())
def test_path_shares_are_at_most_one_and_ranked(journey: jk.Journey) -> None:
    found = jk.paths(journey, top=8)
    estimated = [p for p in found if p.customers is not None]
    assert [p.customers is None for p in found] == sorted(p.customers is None for p in found)
    customers = [p.customers for p in estimated]
    assert customers == sorted(customers, reverse=True)
    shares = [p.share for p in estimated]
    assert all(share is not None and 0 <= share <= 1 for share in shares)
    assert sum(s or 0 for s in shares) <= 1 + 1e-9


@SETTINGS
@given(journey=journeys(max_touchpoints=7, max_flows=12))
def test_without_loops_every_customer_takes_some_path(journey: jk.Journey) -> None:
    # Keep the counted flows that go forward in journey order: no loops, all counted.
    order = {tp.id: i for i, tp in enumerate(journey.touchpoints)}
    forward = [
        f
        for f in journey.flows
        if f.count is not None and f.count > 0 and order[f.source] < order[f.target]
    ]
    acyclic = unstated(journey.evolve(flows=forward))
    found = jk.paths(acyclic, top=500)
    if forward:
        assert len(found) < 500
        assert sum(p.share or 0 for p in found) == pytest.approx(1)
        assert all(p.customers is not None for p in found)
        starting = sum(max(0, n) for n in _net(acyclic).values())
        assert sum(p.customers or 0 for p in found) == pytest.approx(starting)
        # The best few are the first few of them all.
        best = [p.customers for p in jk.paths(acyclic, top=3)]
        assert best == pytest.approx([p.customers for p in found[:3]])


def _net(journey: jk.Journey) -> dict[str, int]:
    inflow, outflow, _ = balance(journey)
    return {tp.id: outflow[tp.id] - inflow[tp.id] for tp in journey.touchpoints}


# -- results ---------------------------------------------------------------------------


def test_results_convert_to_plain_data() -> None:
    j = signup()
    assert jk.loops(j).to_dict()[0] == {
        "rank": 1,
        "touchpoints": ["form", "verify"],
        "length": 2,
        "customers": 200,
        "share": round(200 / 700, 12),
        "bottleneck": ["verify", "form"],
        "component": ["form", "verify"],
    }
    assert set(jk.paths(j).to_dict()[0]) == {"rank", "touchpoints", "customers", "share"}


def test_results_convert_to_frames() -> None:
    pytest.importorskip("pandas")
    frame = jk.loops(signup()).to_frame()
    assert list(frame["customers"]) == [200, 50]
    assert list(jk.paths(signup()).to_frame()["rank"]) == [1, 2]


def test_the_functions_are_exported() -> None:
    from journeykit import analysis
    from journeykit.analysis import pathways

    assert jk.loops is analysis.loops is pathways.loops
    assert jk.paths is analysis.paths is pathways.paths
