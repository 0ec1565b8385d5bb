"""Loops and paths: where customers go round, and the ways most of them go through.

Both functions read the flows of a journey as a directed graph of
touchpoints. A flow counted 0 is a way nobody took and is left out. A
journey without flows runs from touchpoint to touchpoint in stage order:
it has one path and no loops.

**Where customers start and stop.** Customers are conserved at every
touchpoint: those who arrive by flows plus those who start there (its
*entries*) equal those who leave by flows plus those who stop there (its
*exits*). Flows from a touchpoint to itself move nobody elsewhere and are
left out of the balance. When a touchpoint states ``entries`` or ``exits``
the numbers are taken as given (once one touchpoint of the journey states
them, the others have none); a side not stated follows from the balance
over counted flows:

.. code-block:: text

    entries = max(0, outflow + exits - inflow)
    exits   = max(0, inflow + entries - outflow)

(with the side not known taken as 0 when both are missing). A balance
through a flow without a count is unknown. The journey's *customers* are
the sum of the known entries.

**Loops.** Every cycle of flows with at most ``max_length`` touchpoints
(``networkx.simple_cycles`` with a length bound, inside the strongly
connected components). A flow from a touchpoint to itself is a loop of
length 1: customers repeating that touchpoint. Each trip round a loop takes
every flow of it once, so the smallest count along the loop, its
*bottleneck*, is the most trips the counts allow: that is a loop's
``customers``. It is an upper bound, reached when the customers on the
thinnest flow went all the way round. ``share`` is ``customers`` over the
journey's customers: trips round per customer of the journey, which passes
1 when customers go round more than once. A loop through a flow without a
count has neither.

**Paths.** Simple paths (no touchpoint twice) from a touchpoint where
customers start to one where they stop, estimated as a Markov chain:

.. code-block:: text

    customers(t1 → … → tn) = entries(t1) × Π count(ti → ti+1) / (outflow(ti) + exits(ti))
                                          × exits(tn) / (outflow(tn) + exits(tn))

that is, the customers who start at ``t1``, times the share of those at
each touchpoint who go on to the next one, times the share of those at the
last one who stop there. Customers who go round a loop on the way follow no
simple path, so the shares of all paths add up to at most 1. The most
travelled paths are the shortest on the weights ``-log(share)``: when no
flow leads back, the ``top`` best ways to each touchpoint in topological
order (linear in the journey for a given ``top``); otherwise Yen's k
shortest simple paths (``networkx.shortest_simple_paths``), stopped after
``top`` paths. Paths without an
estimate (through a flow without a count, or from a touchpoint with no
inflow whose entries are unknown) follow the estimated ones, fewest steps
first.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from journeykit import _checks as c
from journeykit._checks import require
from journeykit.analysis._records import Origin, Record, Results
from journeykit.analysis.traffic import Counts
from journeykit.errors import Problem, ValidationError
from journeykit.model import Journey

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["MAX_CYCLES", "JourneyPath", "Loop", "loops", "paths"]

MAX_CYCLES = 10_000
"""The most cycles :func:`loops` looks at in one journey, so dense graphs stay cheap."""

_START, _STOP = -1, -2  # the search's source and sink, beside touchpoints numbered from 0


@attrs.frozen(kw_only=True)
class Loop(Record):
    """A cycle of flows that customers go round.

    Attributes
    ----------
    rank : int
        1 for the loop with the most customers; see :func:`loops` for the order.
    touchpoints : tuple of str
        The touchpoints in the order customers go round, starting at the one
        that comes first in the journey; the last flows back to the first.
    length : int
        How many touchpoints the loop has (1 for a flow to itself).
    customers : int or None
        The smallest count along the loop: the most trips round it that the
        counts allow. ``None`` when a flow of the loop has no count.
    share : float or None
        :attr:`customers` over the journey's customers (can pass 1 when
        customers go round more than once); ``None`` when either is unknown.
    bottleneck : tuple of (str, str) or None
        The flow (from, to) with the smallest count, the first one along the
        loop on a tie; ``None`` when :attr:`customers` is.
    component : tuple of str
        Every touchpoint of the strongly connected component the loop lies
        in, in journey order: the loops sharing one component share flows.
    """

    rank: int
    touchpoints: tuple[str, ...]
    length: int
    customers: int | None
    share: float | None
    bottleneck: tuple[str, str] | None
    component: tuple[str, ...]


@attrs.frozen(kw_only=True)
class JourneyPath(Record):
    """A way through the journey, from where customers start to where they stop.

    Attributes
    ----------
    rank : int
        1 for the most travelled path.
    touchpoints : tuple of str
        The touchpoints in order: an entry first, an exit last.
    customers : float or None
        The estimated customers who took this path (see :func:`paths`);
        ``None`` when the counts cannot tell.
    share : float or None
        :attr:`customers` over the journey's customers, from 0 to 1.
    """

    rank: int
    touchpoints: tuple[str, ...]
    customers: float | None
    share: float | None


# -- the graph and its traffic ------------------------------------------------------


class _Way(NamedTuple):
    source: int  # touchpoints are numbered in journey order
    target: int
    moves: int | None  # the flow's count


@attrs.define
class _Traffic:
    """The touchpoints, the ways customers took between them, and where they start and stop."""

    ids: list[str]
    ways: list[_Way]
    touched: list[int]  # touchpoints some way starts or ends at, in journey order
    inflow: list[int]  # counted, flows to itself left out
    outflow: list[int]
    out_known: list[bool]  # every way on from here has a count
    entries: list[int | None]
    exits: list[int | None]
    customers: int | None


def _traffic(journey: Journey) -> _Traffic:
    tps = journey.touchpoints
    ids = [tp.id for tp in tps]
    number = {tp_id: i for i, tp_id in enumerate(ids)}
    if journey.flows:
        ways = [
            _Way(number[f.source], number[f.target], f.count) for f in journey.flows if f.count != 0
        ]
        ended = {i for i, tp in enumerate(tps) if tp.entries or tp.exits}
        touched = sorted({end for w in ways for end in (w.source, w.target)} | ended)
        # The traffic's counting pass (journeykit.analysis.traffic), without its records.
        counts = Counts(journey)
        inflow = [counts.inflow.get(i, 0) for i in ids]
        outflow = [counts.outflow.get(i, 0) for i in ids]
        out_known = [i not in counts.unknown_out for i in ids]
        # A balance through a flow without a count is unknown.
        unknown = counts.unknown_in | counts.unknown_out
        balanced = [i not in unknown for i in ids]
    else:
        # Touchpoint to touchpoint in stage order, by ways without counts.
        ways = [_Way(i, i + 1, None) for i in range(len(ids) - 1)]
        touched = list(range(len(ids)))
        inflow, outflow = [0] * len(ids), [0] * len(ids)
        out_known = [i == len(ids) - 1 for i in range(len(ids))]
        balanced = [len(ids) == 1] * len(ids)
    stated_entries = any(tp.entries is not None for tp in tps)
    stated_exits = any(tp.exits is not None for tp in tps)
    entries: list[int | None] = []
    exits: list[int | None] = []
    for i, tp in enumerate(tps):
        start = (tp.entries or 0) if stated_entries else None
        stop = (tp.exits or 0) if stated_exits else None
        if balanced[i]:
            if start is None:
                start = max(0, outflow[i] + (stop or 0) - inflow[i])
            if stop is None:
                stop = max(0, inflow[i] + start - outflow[i])
        entries.append(start)
        exits.append(stop)
    known = [e for e in entries if e is not None]
    total = sum(known)
    return _Traffic(
        ids, ways, touched, inflow, outflow, out_known, entries, exits, total if total else None
    )


def _cyclic_core(traffic: _Traffic) -> nx.DiGraph[int]:
    """The ways customers took between touchpoints that may lie on a loop.

    A touchpoint no way leads into, or none leads out of, lies on no loop;
    taking those away over and over (linear in the ways) leaves the part of
    the graph where loops can be, which is empty for a journey that only
    goes forward, so networkx only sees what it has to search.
    """
    import networkx as nx

    n = len(traffic.ids)
    ins: list[list[int]] = [[] for _ in range(n)]
    outs: list[list[int]] = [[] for _ in range(n)]
    for w in traffic.ways:
        outs[w.source].append(w.target)
        ins[w.target].append(w.source)
    alive = [True] * n
    for toward, away in ((ins, outs), (outs, ins)):
        left = [sum(alive[j] for j in toward[i]) for i in range(n)]
        gone = [i for i in range(n) if alive[i] and not left[i]]
        for i in gone:  # grows while it is read
            alive[i] = False
            for j in away[i]:
                left[j] -= 1
                if not left[j] and alive[j]:
                    gone.append(j)
    graph: nx.DiGraph[int] = nx.DiGraph()
    graph.add_nodes_from(i for i in range(n) if alive[i])
    graph.add_edges_from(
        (w.source, w.target) for w in traffic.ways if alive[w.source] and alive[w.target]
    )
    return graph


# -- arguments -----------------------------------------------------------------------


def _check_count(value: Any, name: str, low: int, optional: bool) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError([Problem(name, f"expected an integer, got {c.show(value)}")])
    if value < low:
        raise ValidationError([Problem(name, f"{value} is below {low}")])


def _check_share(value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError([Problem("min_share", f"expected a number, got {c.show(value)}")])
    if not math.isfinite(value) or value < 0:
        raise ValidationError(
            [Problem("min_share", f"{c.show(value)} is not a finite number of 0 or more")]
        )


def _round(value: float) -> float:
    # As the other analyses: twelve places hide binary noise, keep every real difference.
    return round(value, 12)


# -- loops ---------------------------------------------------------------------------


def _cycles(graph: nx.DiGraph[int], max_length: int) -> Iterator[tuple[list[int], list[int]]]:
    """Each cycle with the strongly connected component it lies in, at most MAX_CYCLES."""
    import networkx as nx

    components = sorted(
        (sorted(part) for part in nx.strongly_connected_components(graph)),
        key=lambda part: part[0],
    )
    budget = MAX_CYCLES
    for part in components:
        if len(part) == 1 and not graph.has_edge(part[0], part[0]):
            continue
        for cycle in nx.simple_cycles(graph.subgraph(part), length_bound=max_length):
            if budget == 0:
                return
            budget -= 1
            first = cycle.index(min(cycle))
            yield cycle[first:] + cycle[:first], part


def loops(
    journey: Journey,
    *,
    top: int | None = None,
    min_share: float | None = None,
    max_length: int = 8,
) -> Results[Loop]:
    """The loops customers go round, the busiest first.

    A loop is a cycle of flows: customers going back to a touchpoint they
    have been at (rework, a bug that sends them round). A flow from a
    touchpoint to itself is a loop of length 1. A loop's ``customers`` is
    the smallest count along it, the most trips round that the counts allow;
    its ``share`` is that over the journey's customers (the sum of the
    touchpoints' ``entries``, or where the counted flows show customers
    start). Flows counted 0 are ways nobody took; a journey without flows
    has no loops. See :mod:`journeykit.analysis.pathways` and
    ``docs/analysis.md``.

    The search looks at cycles of at most ``max_length`` touchpoints, and at
    most :data:`MAX_CYCLES` of them in one journey, so it stays cheap on
    dense graphs.

    Parameters
    ----------
    journey : Journey
    top : int, optional
        Keep only the first ``top`` loops.
    min_share : float, optional
        Keep only the loops whose ``share`` is known and at least this.
    max_length : int, default 8
        The longest loop looked for, in touchpoints.

    Returns
    -------
    Results[Loop]
        The most customers first; loops whose customers are unknown last;
        then shorter loops first, then by where they start in the journey.

    Raises
    ------
    ValidationError
        ``top`` or ``max_length`` is not a whole number (≥ 0 and ≥ 1), or
        ``min_share`` is not a finite number ≥ 0.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(
    ...     title="Signing up",
    ...     stages=[
    ...         jk.Stage(name="Apply", touchpoints=[
    ...             jk.Touchpoint(name="Form"), jk.Touchpoint(name="Verify"),
    ...         ]),
    ...         jk.Stage(name="Use", touchpoints=[jk.Touchpoint(name="Welcome")]),
    ...     ],
    ...     flows=[
    ...         jk.Flow(source="form", target="verify", count=900),
    ...         jk.Flow(source="verify", target="form", count=200),
    ...         jk.Flow(source="verify", target="welcome", count=700),
    ...         jk.Flow(source="welcome", target="welcome", count=50),
    ...     ],
    ... )
    >>> for loop in loops(j):
    ...     print(loop.rank, loop.touchpoints, loop.customers, round(loop.share, 3))
    1 ('form', 'verify') 200 0.286
    2 ('welcome',) 50 0.071
    >>> loops(j)[0].bottleneck
    ('verify', 'form')
    >>> len(loops(j, min_share=0.1))
    1
    """
    require(journey, Journey, "journey", "loops")
    _check_count(top, "top", 0, optional=True)
    _check_count(max_length, "max_length", 1, optional=False)
    _check_share(min_share)
    traffic = _traffic(journey)
    count_of = {(w.source, w.target): w.moves for w in traffic.ways}
    ids = traffic.ids
    found: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for cycle, part in _cycles(_cyclic_core(traffic), max_length):
        steps = list(zip(cycle, cycle[1:] + cycle[:1], strict=True))
        counts = [count_of[step] for step in steps]
        customers: int | None = None
        bottleneck: tuple[str, str] | None = None
        share: float | None = None
        known = [count for count in counts if count is not None]
        if len(known) == len(counts):
            customers = min(known)
            a, b = steps[known.index(customers)]
            bottleneck = (ids[a], ids[b])
            if traffic.customers:
                share = _round(customers / traffic.customers)
        if min_share is not None and (share is None or share < min_share):
            continue
        key = (customers is None, -(customers or 0), len(cycle), tuple(cycle))
        fields = {
            "touchpoints": tuple(ids[i] for i in cycle),
            "length": len(cycle),
            "customers": customers,
            "share": share,
            "bottleneck": bottleneck,
            "component": tuple(ids[i] for i in part),
        }
        found.append((key, fields))
    found.sort(key=lambda item: item[0])
    if top is not None:
        found = found[:top]
    return Results(
        (Loop(rank=rank, **fields) for rank, (_, fields) in enumerate(found, start=1)),
        origin=Origin(
            "loops", journey, {"top": top, "min_share": min_share, "max_length": max_length}
        ),
    )


# -- paths ---------------------------------------------------------------------------


# A search graph: where paths start and what that costs, the steps on from each
# touchpoint with their costs, and where paths stop and what that costs.
_Costs = dict[int, float]
_Onward = dict[int, list[tuple[int, float]]]


def _topological(nodes: list[int], onward: _Onward) -> list[int] | None:
    """The nodes in an order where every step goes forward; ``None`` when steps go round."""
    waiting = dict.fromkeys(nodes, 0)
    for node in nodes:
        for target, _ in onward.get(node, ()):
            waiting[target] += 1
    order = [node for node in nodes if not waiting[node]]
    for node in order:  # grows while it is read
        for target, _ in onward.get(node, ()):
            waiting[target] -= 1
            if not waiting[target]:
                order.append(target)
    return order if len(order) == len(nodes) else None


def _cheapest_acyclic(
    order: list[int], starts: _Costs, onward: _Onward, stops: _Costs, k: int
) -> list[list[int]]:
    """The ``k`` cheapest paths when no step goes round: keep the ``k`` best ways to each node.

    Any of the ``k`` cheapest paths reaches each of its nodes by one of the
    ``k`` cheapest ways there, so keeping those in topological order is exact,
    in O(k log k) per step.
    """
    into: dict[int, list[tuple[int, float]]] = {}
    for node in order:
        for target, cost in onward.get(node, ()):
            into.setdefault(target, []).append((node, cost))
    # Per node, its k best ways in: (cost, previous node, rank of the way there).
    best: dict[int, list[tuple[float, int, int]]] = {}
    for node in order:
        ways = [(starts[node], -1, -1)] if node in starts else []
        for before, cost in into.get(node, ()):
            ways += [(c + cost, before, rank) for rank, (c, _, _) in enumerate(best[before])]
        best[node] = heapq.nsmallest(k, ways)
    ends = heapq.nsmallest(
        k,
        (
            (c + stop, node, rank)
            for node, stop in stops.items()
            for rank, (c, _, _) in enumerate(best.get(node, ()))
        ),
    )
    found = []
    for _, node, rank in ends:
        route = []
        while node != -1:
            route.append(node)
            _, node, rank = best[node][rank]
        found.append(route[::-1])
    return found


def _cheapest(
    nodes: list[int], starts: _Costs, onward: _Onward, stops: _Costs, k: int
) -> list[list[int]]:
    """The ``k`` cheapest simple paths from a start to a stop, cheapest first.

    Without cycles, the k best ways to each node in topological order, linear
    in the graph for a given ``k``; with cycles, Yen's algorithm
    (``networkx.shortest_simple_paths``) from a source joined to every start
    to a sink joined from every stop, stopped after ``k`` paths.
    """
    if not k or not starts or not stops:
        return []
    order = _topological(nodes, onward)
    if order is not None:
        return _cheapest_acyclic(order, starts, onward, stops, k)
    import networkx as nx

    graph: nx.DiGraph[int] = nx.DiGraph()
    graph.add_nodes_from([_START, _STOP, *nodes])
    graph.add_weighted_edges_from((_START, node, cost) for node, cost in starts.items())
    graph.add_weighted_edges_from(
        (node, target, cost) for node in nodes for target, cost in onward.get(node, ())
    )
    graph.add_weighted_edges_from((node, _STOP, cost) for node, cost in stops.items())
    found = []
    try:
        for route in itertools.islice(nx.shortest_simple_paths(graph, _START, _STOP, "weight"), k):
            found.append(route[1:-1])
    except nx.NetworkXNoPath:
        pass
    return found


def _estimated(traffic: _Traffic, top: int) -> list[tuple[Fraction, list[int]]]:
    """The ``top`` paths with the largest estimate: the cheapest on -log of the shares."""
    # Each step's share as (customers taking it, customers who could); exact
    # fractions are made only for the paths found.
    shares: dict[tuple[int, int], tuple[int, int]] = {}

    def cost(step: tuple[int, int], taking: int, of: int) -> float:
        shares[step] = (taking, of)
        return math.log(of) - math.log(taking)

    def leaving(i: int) -> int | None:
        stop = traffic.exits[i]
        return None if stop is None or not traffic.out_known[i] else traffic.outflow[i] + stop

    total = traffic.customers or 0
    starts: _Costs = {}
    stops: _Costs = {}
    onward: _Onward = {}
    for i in traffic.touched:
        start, stop, out = traffic.entries[i], traffic.exits[i], leaving(i)
        if total and start:
            starts[i] = cost((_START, i), start, total)
        if stop and out:
            stops[i] = cost((i, _STOP), stop, out)
    for w in traffic.ways:
        out = leaving(w.source)
        if w.source != w.target and w.moves and out:
            step = (w.source, w.target)
            onward.setdefault(w.source, []).append((w.target, cost(step, w.moves, out)))
    found = []
    for route in _cheapest(traffic.touched, starts, onward, stops, top):
        estimate = Fraction(total)
        for step in itertools.pairwise([_START, *route, _STOP]):
            estimate *= Fraction(*shares[step])
        found.append((estimate, route))
    return found


def _ends(traffic: _Traffic, journey: Journey) -> tuple[list[int], list[int]]:
    """Where paths without an estimate may start and stop (journey order)."""
    has_in = {w.target for w in traffic.ways if w.source != w.target}
    has_out = {w.source for w in traffic.ways if w.source != w.target}
    starts = [i for i in traffic.touched if i not in has_in or traffic.entries[i]]
    stops = [i for i in traffic.touched if i not in has_out or traffic.exits[i]]
    filled = [stage for stage in journey.stages if stage.touchpoints]
    touched = set(traffic.touched)
    number = {tp_id: i for i, tp_id in enumerate(traffic.ids)}
    if not starts and filled:  # everything lies on a loop: start where the journey starts
        starts = [number[tp.id] for tp in filled[0].touchpoints if number[tp.id] in touched]
    if not stops and filled:
        stops = [number[tp.id] for tp in filled[-1].touchpoints if number[tp.id] in touched]
    return starts, stops


def _unestimated(
    traffic: _Traffic, journey: Journey, skip: set[tuple[int, ...]], wanted: int
) -> list[list[int]]:
    """Up to ``wanted`` paths not in ``skip``, fewest touchpoints first."""
    starts, stops = _ends(traffic, journey)
    onward: _Onward = {}
    for w in traffic.ways:
        if w.source != w.target:
            onward.setdefault(w.source, []).append((w.target, 1.0))
    routes = _cheapest(
        traffic.touched,
        dict.fromkeys(starts, 1.0),
        onward,
        dict.fromkeys(stops, 0.0),
        wanted + len(skip),
    )
    return [route for route in routes if tuple(route) not in skip][:wanted]


def paths(journey: Journey, top: int = 5) -> Results[JourneyPath]:
    """The most travelled ways through the journey, from entry to exit.

    A path starts where customers start (a touchpoint's ``entries``, else
    where the counted flows show more customers leaving than arriving) and
    ends where they stop (``exits``, else where more arrive than leave). Its
    ``customers`` are estimated from the flow counts as a Markov chain: the
    entries at its first touchpoint, times, at each touchpoint, the share of
    the customers there who take the next flow of the path, times the share
    who stop at its last. Paths visit each touchpoint once; customers who go
    round a loop on the way are in :func:`loops` instead, so the shares of
    all paths add up to at most 1. Flows counted 0 are ways nobody took; a
    journey without flows has one path, its touchpoints in stage order. See
    :mod:`journeykit.analysis.pathways` and ``docs/analysis.md``.

    The most travelled paths are the shortest on ``-log`` of the shares:
    without loops, the ``top`` best ways to each touchpoint in topological
    order, linear in the journey; with loops, Yen's k shortest simple paths
    (``networkx.shortest_simple_paths``), stopped after ``top`` paths.

    Parameters
    ----------
    journey : Journey
    top : int, default 5
        How many paths to find.

    Returns
    -------
    Results[JourneyPath]
        The most customers first; then the paths the counts cannot estimate
        (through a flow without a count, or from a start whose entries are
        unknown), fewest touchpoints first.

    Raises
    ------
    ValidationError
        ``top`` is not a whole number ≥ 0.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(
    ...     title="Signing up",
    ...     stages=[
    ...         jk.Stage(name="Apply", touchpoints=[
    ...             jk.Touchpoint(name="Form"), jk.Touchpoint(name="Verify"),
    ...         ]),
    ...         jk.Stage(name="Use", touchpoints=[
    ...             jk.Touchpoint(name="Welcome"), jk.Touchpoint(name="Help"),
    ...         ]),
    ...     ],
    ...     flows=[
    ...         jk.Flow(source="form", target="verify", count=900),
    ...         jk.Flow(source="verify", target="form", count=200),
    ...         jk.Flow(source="verify", target="welcome", count=600),
    ...         jk.Flow(source="verify", target="help", count=100),
    ...     ],
    ... )
    >>> for path in paths(j):
    ...     print(path.rank, " → ".join(path.touchpoints), round(path.customers), path.share)
    1 form → verify → welcome 467 0.666666666667
    2 form → verify → help 78 0.111111111111
    """
    require(journey, Journey, "journey", "paths")
    _check_count(top, "top", 0, optional=False)
    traffic = _traffic(journey)
    estimated = _estimated(traffic, top) if top else []
    total = traffic.customers
    ranked: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for estimate, route in estimated:
        key = (False, -estimate, len(route), tuple(route))
        customers = _round(float(estimate))
        share = _round(float(estimate / total)) if total else None
        ranked.append((key, {"route": route, "customers": customers, "share": share}))
    if len(estimated) < top:
        # Every estimated path is found: the rest have no estimate.
        skip = {tuple(route) for _, route in estimated}
        for route in _unestimated(traffic, journey, skip, top - len(estimated)):
            unknown = (True, Fraction(0), len(route), tuple(route))
            ranked.append((unknown, {"route": route, "customers": None, "share": None}))
    ranked.sort(key=lambda item: item[0])
    result = Results(
        JourneyPath(
            rank=rank,
            touchpoints=tuple(traffic.ids[i] for i in fields["route"]),
            customers=fields["customers"],
            share=fields["share"],
        )
        for rank, (_, fields) in enumerate(ranked, start=1)
    )
    return Results(result, origin=Origin("paths", journey, {"top": top}))
