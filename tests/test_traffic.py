"""One computation of traffic: the drop-off drawn is the one scored and the one reported.

The flow view, hotspots, the funnel and rule JK103 all read
:func:`journeykit.analysis.traffic.flow_traffic`. These tests do not trust
that: they read what the flow view *draws* (each card's "N in · M out" and
its "−N drop off" arrow) and check it against the hotspot scores and the
funnel, for the examples and for generated journeys.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import journeykit as jk
from conftest import a_share
from journeykit.analysis.traffic import flow_traffic
from journeykit.layout.scene import Group, Scene, Text
from journeykit.testing import journeys, looping_journeys

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [
    jk.load(ROOT / "examples" / name) for name in ("coffee-maker.json", "hospital-visit.yaml")
]


@attrs.frozen
class Drawn:
    """What the flow view shows on one touchpoint's card."""

    inflow: int
    outflow: int
    dropoff: int


# A number too long for its line is broken between characters: its pieces join up.
NUMBER = r"((?:[\d,]+ )*[\d,]+)"


def _number(pattern: str, text: str) -> int:
    found = re.search(pattern.replace("N", NUMBER), text)
    return int(re.sub("[, ]", "", found.group(1))) if found else 0


def as_read(text: Text) -> str:
    """A text as a reader gets it: cut to fit, the whole of it is the tooltip."""
    return text.full or " ".join(text.lines)


def drawn(journey: jk.Journey) -> dict[str, Drawn]:
    """Each touchpoint's counts as the flow view draws them, by touchpoint id."""
    scene: Scene = jk.scene(journey, "flow")
    ids = [tp.id for tp in journey.touchpoints]
    out: dict[str, Drawn] = {}
    for item in scene.walk():
        if not (isinstance(item, Group) and (item.id or "").startswith("node-")):
            continue
        # Under the name in bold: "N in · M out · reach R".
        numbers = next(as_read(c) for c in item.children if isinstance(c, Text) and not c.bold)
        drops = [
            as_read(t)
            for g in item.children
            if isinstance(g, Group) and g.cls == "drop-off"
            for t in g.children
            if isinstance(t, Text)
        ]
        out[ids[int(item.id.removeprefix("node-"))]] = Drawn(
            inflow=_number(r"N in\b", numbers),
            outflow=_number(r"N out\b", numbers),
            dropoff=_number(r"−N drop off", " ".join(drops)),
        )
    assert set(out) == set(ids)
    return out


def check_drawn_is_scored(journey: jk.Journey) -> None:
    shown = drawn(journey)
    for h in jk.hotspots(journey):
        card = shown[h.touchpoint]
        # D is the share of those arriving who do not go on: the arrow's count over "N in".
        assert h.dropoff == pytest.approx(card.dropoff / card.inflow if card.inflow else 0.0)
        assert (h.dropoff > 0) == (card.dropoff > 0)


def check_drawn_is_reported(journey: jk.Journey) -> None:
    """A stage's funnel drop-off is what the flows drawn bring into it and do not take on."""
    shown = drawn(journey)
    steps = jk.funnel(journey).steps
    carried = 0  # Σ drawn (out - in) over the stages before, forward minus back
    for k, (stage, step) in enumerate(zip(journey.stages, steps, strict=True)):
        balance = sum(shown[tp.id].inflow - shown[tp.id].outflow for tp in stage.touchpoints)
        following = steps[k + 1] if k + 1 < len(steps) else None
        if k and following and step.basis == following.basis == "flows":
            assert step.entering == max(0, carried)
            assert step.dropoff == max(0, carried) - max(0, carried - balance)
        carried -= balance


# -- the examples ---------------------------------------------------------------------


@pytest.mark.parametrize("journey", EXAMPLES, ids=lambda j: j.title)
def test_example_drawn_dropoff_is_scored(journey: jk.Journey) -> None:
    check_drawn_is_scored(journey)


@pytest.mark.parametrize("journey", EXAMPLES, ids=lambda j: j.title)
def test_example_drawn_dropoff_is_reported(journey: jk.Journey) -> None:
    check_drawn_is_reported(journey)


def test_coffee_maker_numbers() -> None:
    coffee = EXAMPLES[0]
    shown = drawn(coffee)
    hot = {h.touchpoint: h for h in jk.hotspots(coffee)}
    # The documented hotspot table (docs/analysis.md): D of compare and read-reviews.
    assert round(hot["compare"].dropoff, 3) == 0.217
    assert round(hot["read-reviews"].dropoff, 3) == 0.547
    assert shown["compare"].dropoff == round(0.217 * shown["compare"].inflow)
    # Every stage after the first counts from flows, so the drawn drop-offs add up
    # to the funnel's wherever nobody starts half way (documented: 515, 56, 55).
    steps = jk.funnel(coffee).steps
    for k in (1, 2, 3):
        stage = coffee.stages[k]
        assert steps[k].dropoff == sum(shown[tp.id].dropoff for tp in stage.touchpoints)


# -- generated journeys --------------------------------------------------------------


any_journey = st.one_of(journeys(max_flows=10), looping_journeys(counted=False))


@given(any_journey)
@a_share(0.4)
def test_drawn_dropoff_is_scored(journey: jk.Journey) -> None:
    check_drawn_is_scored(journey)


@given(any_journey)
@a_share(0.4)
def test_drawn_dropoff_is_reported(journey: jk.Journey) -> None:
    check_drawn_is_reported(journey)


@st.composite
def funnels(draw: st.DrawFn) -> jk.Journey:
    """Journeys whose counted flows only go forward and never send on more than arrive.

    Customers start in the first stage and nowhere else, so every customer
    who leaves the funnel between two stages leaves from a touchpoint, where
    the flow view draws them dropping off.
    """
    base = draw(journeys(min_stages=2, max_stages=4, max_flows=0, max_touchpoints=8))
    order = [(k, tp.id) for k, stage in enumerate(base.stages) for tp in stage.touchpoints]
    filled = [k for k, stage in enumerate(base.stages) if stage.touchpoints]
    if not filled:
        return base
    arriving = {tp: 0 for _, tp in order}
    flows = []
    for i, (k, source) in enumerate(order):
        if k == filled[-1]:
            break
        later = [tp for kk, tp in order[i + 1 :] if kk > k or draw(st.booleans())]
        targets = draw(st.lists(st.sampled_from(later), unique=True, max_size=3)) if later else []
        budget = draw(st.integers(0, 10_000)) if k == filled[0] else arriving[source]
        for target in targets:
            count = draw(st.integers(0, budget))
            budget -= count
            arriving[target] += count
            flows.append(jk.Flow(source=source, target=target, count=count))
    return base.evolve(flows=flows)


@given(funnels())
@a_share(0.4)
def test_funnel_dropoff_is_the_drawn_dropoff(journey: jk.Journey) -> None:
    shown = drawn(journey)
    steps = jk.funnel(journey).steps
    for k, (stage, step) in enumerate(zip(journey.stages, steps, strict=True)):
        following = steps[k + 1] if k + 1 < len(steps) else None
        if k and following and step.basis == following.basis == "flows":
            assert step.dropoff == sum(shown[tp.id].dropoff for tp in stage.touchpoints)


# -- the traffic itself ---------------------------------------------------------------


def small() -> jk.Journey:
    return jk.Journey(
        title="T",
        stages=[
            jk.Stage(id="s0", name="S0", touchpoints=[jk.Touchpoint(id="a", name="A")]),
            jk.Stage(
                id="s1",
                name="S1",
                touchpoints=[jk.Touchpoint(id="b", name="B"), jk.Touchpoint(id="c", name="C")],
            ),
            jk.Stage(id="s2", name="S2", touchpoints=[jk.Touchpoint(id="d", name="D", reach=7)]),
        ],
        flows=[
            jk.Flow(source="a", target="b", count=100),
            jk.Flow(source="b", target="b", count=9),
            jk.Flow(source="b", target="c", count=60),
            jk.Flow(source="c", target="d"),
            jk.Flow(source="b", target="a", count=10),
        ],
    )


def test_touchpoint_traffic() -> None:
    t = flow_traffic(small())
    a, b, c, d = (t.touchpoint(i) for i in "abcd")
    assert (b.inflow, b.outflow, b.self_loops, b.dropoff) == (100, 70, 9, 30)
    assert b.dropoff_share == pytest.approx(0.3)
    assert (a.inflow, a.outflow, a.dropoff, a.volume) == (10, 100, 0, 100)
    # c's way on has no count: how many go on is unknown, so nobody is said to drop off.
    assert (c.outflow_known, c.dropoff, c.leads_on) == (False, 0, True)
    assert (d.inflow_known, d.at_end, d.volume, d.counted) == (False, True, 7, False)
    assert [s.balance for s in t.stages] == [-90, 90 - 0, 0]
    assert [(s.entering, s.basis) for s in t.stages] == [(90, "flows"), (90, "flows"), (7, "reach")]


def test_unknown_touchpoint_and_wrong_journey_are_journey_errors() -> None:
    with pytest.raises(jk.UnknownIdError, match="'e'"):
        flow_traffic(small()).touchpoint("e")
    with pytest.raises(jk.ValidationError, match="journey"):
        flow_traffic("journey.json")  # type: ignore[arg-type]


@given(any_journey)
@a_share(0.4)
def test_customers_are_conserved(journey: jk.Journey) -> None:
    """Counted flows leave one touchpoint for another: what leaves, arrives."""
    t = flow_traffic(journey)
    assert sum(x.inflow for x in t.touchpoints) == sum(x.outflow for x in t.touchpoints)
    assert sum(s.balance for s in t.stages) == 0
    for x in t.touchpoints:
        assert 0 <= x.dropoff <= x.inflow
        assert 0 <= x.dropoff_share <= 1
