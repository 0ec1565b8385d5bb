"""Traffic: how many customers pass each touchpoint and reach each stage, by the flows.

This is the one place where a journey's counted flows become numbers of
customers. Hotspot scores (the drop-off component and the volume behind
the reach share) and the flow view (card totals and the "−N drop off"
arrows) read :func:`flow_traffic`, the stage funnel :func:`stage_traffic`,
and loops, paths and rule JK103 the same counting pass, so the drop-off a map
draws is the one it scores and the one the funnel reports.

**Touchpoints.** Only flows with a count carry customers; a flow from a
touchpoint to itself moves nobody elsewhere and is kept apart:

.. code-block:: text

    inflow        = Σ count of counted flows into it from other touchpoints
    outflow       = Σ count of counted flows from it to other touchpoints
    self_loops    = Σ count of counted flows from it to itself
    dropoff       = inflow - outflow, when customers can drop off here, else 0
    dropoff_share = dropoff / inflow (0 when nothing counted arrives)
    volume        = reach, else max(inflow, outflow) when a counted flow
                    touches it, else unknown (None)

Customers can drop off at a touchpoint when every flow leading on from it
has a count (else the outflow is unknown), more arrive than go on, and it is
not at the journey's end: in the last stage that has touchpoints, with no
flow leading on to another touchpoint. Customers who stop there have
finished the mapped journey; stopping is not dropping off. A touchpoint
before the end that no flow leaves keeps everyone who arrives: all of them
drop off.

**Stages.** A stage's ``entering`` counts the customers who reach it or a
later stage. After the first stage, when a counted flow crosses the boundary
before it, that is the customers the counted flows carry across it, forward
minus back: the sum of ``outflow - inflow`` over the touchpoints of every
earlier stage (flow is conserved, so what the earlier stages send on and do
not get back has crossed; a flow that skips a stage crosses every boundary
it passes, and a customer who goes back and forward again counts once). A
negative balance counts as 0. Otherwise, and always for the first stage, it
is the largest ``reach`` among the stage's touchpoints (customers may meet
several, so the largest is the number known to have reached the stage); for
a first stage without reach, the customers who start there by the counted
flows, ``Σ max(0, outflow - inflow)`` over its touchpoints; else unknown.

One stage's ``entering`` minus the next one's is the funnel's drop-off. When
both come from flows it equals the stage's ``balance``, ``Σ inflow -
outflow`` over its touchpoints: the customers the flows bring into the
stage and do not take out again.

Everything here is linear in the size of the journey.
"""

from __future__ import annotations

from typing import Literal

import attrs

from journeykit import _checks as c
from journeykit.analysis._records import Record
from journeykit.errors import Problem, UnknownIdError, ValidationError
from journeykit.model import Journey

__all__ = [
    "Basis",
    "StageTraffic",
    "TouchpointTraffic",
    "Traffic",
    "flow_traffic",
    "stage_traffic",
]

Basis = Literal["flows", "reach"]


@attrs.frozen(kw_only=True)
class TouchpointTraffic(Record):
    """The counted customers around one touchpoint.

    Attributes
    ----------
    touchpoint, stage : str
        The ids of the touchpoint and of its stage.
    inflow, outflow : int
        Customers arriving from, and going on to, other touchpoints, by
        counted flows.
    self_loops : int
        Customers counted on flows from the touchpoint to itself.
    counted : bool
        Some counted flow joins it to another touchpoint.
    inflow_known, outflow_known : bool
        Every flow into it (out of it) from (to) another touchpoint has a count.
    leads_on : bool
        Some flow, counted or not, leads from it to another touchpoint.
    at_end : bool
        It is in the last stage that has touchpoints and nothing leads on.
    dropoff : int
        Customers who arrive and do not go on (see the module's notes).
    dropoff_share : float
        :attr:`dropoff` over :attr:`inflow`, in [0, 1]; 0 when nothing arrives.
    volume : int or None
        ``reach``, else the larger of inflow and outflow when a counted flow
        touches it; ``None`` when unknown.
    """

    touchpoint: str
    stage: str
    inflow: int
    outflow: int
    self_loops: int
    counted: bool
    inflow_known: bool
    outflow_known: bool
    leads_on: bool
    at_end: bool
    dropoff: int
    dropoff_share: float
    volume: int | None

    @property
    def balance(self) -> int:
        """``inflow - outflow``: customers who stop here, less those who start here."""
        return self.inflow - self.outflow


@attrs.frozen(kw_only=True)
class StageTraffic(Record):
    """The customers who reach one stage.

    Attributes
    ----------
    stage : str
        The stage's id.
    entering : int or None
        Customers who reach this stage or a later one; ``None`` if unknown.
    basis : {"flows", "reach"} or None
        Where :attr:`entering` comes from.
    balance : int
        ``Σ inflow - outflow`` over the stage's touchpoints.
    """

    stage: str
    entering: int | None
    basis: Basis | None
    balance: int


@attrs.frozen(kw_only=True)
class Traffic(Record):
    """The counted traffic of a journey: one entry per touchpoint and per stage.

    Attributes
    ----------
    touchpoints : tuple of TouchpointTraffic
        In journey order.
    stages : tuple of StageTraffic
        In journey order.
    """

    touchpoints: tuple[TouchpointTraffic, ...]
    stages: tuple[StageTraffic, ...]
    _by_id: dict[str, TouchpointTraffic] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {t.touchpoint: t for t in self.touchpoints})

    def touchpoint(self, touchpoint_id: str) -> TouchpointTraffic:
        """The traffic of the touchpoint with this id.

        Parameters
        ----------
        touchpoint_id : str
            The id of one of the journey's touchpoints.

        Returns
        -------
        TouchpointTraffic
            Its entry of :attr:`touchpoints`.

        Raises
        ------
        UnknownIdError
            No touchpoint of the journey has that id.
        """
        found = self._by_id.get(touchpoint_id) if isinstance(touchpoint_id, str) else None
        if found is None:
            raise UnknownIdError(f"no touchpoint with id {c.show(touchpoint_id)}")
        return found


def flow_traffic(journey: Journey) -> Traffic:
    """Count the customers the flows of ``journey`` carry past each touchpoint and stage.

    See :mod:`journeykit.analysis.traffic` for every definition.

    Parameters
    ----------
    journey : Journey

    Returns
    -------
    Traffic

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Coffee", stages=[
    ...     jk.Stage(name="Look", touchpoints=[jk.Touchpoint(name="Ad", reach=1000)]),
    ...     jk.Stage(name="Buy", touchpoints=[
    ...         jk.Touchpoint(name="Shop"), jk.Touchpoint(name="Pay")]),
    ... ], flows=[jk.Flow(source="ad", target="shop", count=400),
    ...           jk.Flow(source="shop", target="pay", count=100)])
    >>> shop = flow_traffic(j).touchpoint("shop")
    >>> shop.inflow, shop.outflow, shop.dropoff, shop.dropoff_share
    (400, 100, 300, 0.75)
    >>> [(s.stage, s.entering, s.basis) for s in flow_traffic(j).stages]
    [('look', 1000, 'reach'), ('buy', 400, 'flows')]
    """
    counts = Counts(journey)
    stages = _stages(journey, counts)
    inflow, outflow, loops = counts.inflow, counts.outflow, counts.loops
    counted, leads_on = counts.counted, counts.leads_on
    unknown_in, unknown_out = counts.unknown_in, counts.unknown_out
    last = counts.last_filled
    touchpoints: list[TouchpointTraffic] = []
    for k, stage in enumerate(journey.stages):
        for tp in stage.touchpoints:
            tp_id = tp.id
            i, o = inflow.get(tp_id, 0), outflow.get(tp_id, 0)
            at_end = k == last and tp_id not in leads_on
            drop = i - o if i > o and not at_end and tp_id not in unknown_out else 0
            if tp.reach is not None:
                volume: int | None = tp.reach
            else:
                volume = max(i, o) if tp_id in counted else None
            touchpoints.append(
                TouchpointTraffic(
                    touchpoint=tp_id,
                    stage=stage.id,
                    inflow=i,
                    outflow=o,
                    self_loops=loops.get(tp_id, 0),
                    counted=tp_id in counted,
                    inflow_known=tp_id not in unknown_in,
                    outflow_known=tp_id not in unknown_out,
                    leads_on=tp_id in leads_on,
                    at_end=at_end,
                    dropoff=drop,
                    dropoff_share=drop / i if drop else 0.0,
                    volume=volume,
                )
            )
    return Traffic(touchpoints=tuple(touchpoints), stages=stages)


def stage_traffic(journey: Journey) -> tuple[StageTraffic, ...]:
    """The customers who reach each stage: :attr:`Traffic.stages`, without the touchpoints.

    The same numbers as ``flow_traffic(journey).stages``, for what needs only
    the stages (the funnel): no record is made per touchpoint.

    Parameters
    ----------
    journey : Journey

    Returns
    -------
    tuple of StageTraffic
        One per stage, in journey order.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[
    ...     jk.Stage(name="A", touchpoints=[jk.Touchpoint(name="Ad", reach=50)]),
    ...     jk.Stage(name="B", touchpoints=[jk.Touchpoint(name="Buy")])],
    ...     flows=[jk.Flow(source="ad", target="buy", count=20)])
    >>> [(s.entering, s.basis, s.balance) for s in stage_traffic(j)]
    [(50, 'reach', -20), (20, 'flows', 20)]
    """
    return _stages(journey, Counts(journey))


class Counts:
    """One pass over the flows: every count the records are made of.

    Internal to :mod:`journeykit.analysis`: the records of :func:`flow_traffic`
    are the public form. Dicts and sets by touchpoint id (a touchpoint no
    counted flow touches is absent); per stage ``balance`` and the
    difference array ``crossings`` of the counted flows crossing each
    boundary.
    """

    def __init__(self, journey: Journey) -> None:
        if not isinstance(journey, Journey):
            raise ValidationError(
                [Problem("journey", f"expected a Journey, got {c.show(journey)}")]
            )
        stages = journey.stages
        place = {tp.id: k for k, stage in enumerate(stages) for tp in stage.touchpoints}
        self.inflow: dict[str, int] = {}
        self.outflow: dict[str, int] = {}
        self.loops: dict[str, int] = {}
        self.counted: set[str] = set()
        self.leads_on: set[str] = set()
        self.unknown_in: set[str] = set()
        self.unknown_out: set[str] = set()
        # Per stage: Σ inflow - outflow; per boundary k (before stage k): counted
        # flows starting to cross there, a difference array kept linear.
        self.balance = [0] * len(stages)
        self.crossings = [0] * (len(stages) + 1)
        inflow, outflow, balance, crossings = (
            self.inflow,
            self.outflow,
            self.balance,
            self.crossings,
        )
        leads_on, counted = self.leads_on.add, self.counted.add
        for flow in journey.flows:
            source, target, count = flow.source, flow.target, flow.count
            if source == target:
                self.loops[source] = self.loops.get(source, 0) + (count or 0)
                continue
            leads_on(source)
            if count is None:
                self.unknown_out.add(source)
                self.unknown_in.add(target)
                continue
            counted(source)
            counted(target)
            outflow[source] = outflow.get(source, 0) + count
            inflow[target] = inflow.get(target, 0) + count
            a, b = place[source], place[target]
            if a != b:
                balance[a] -= count
                balance[b] += count
                crossings[min(a, b) + 1] += 1  # boundaries min + 1 .. max are crossed
                crossings[max(a, b) + 1] -= 1
        filled = [k for k, stage in enumerate(stages) if stage.touchpoints]
        self.last_filled = filled[-1] if filled else -1


def _stages(journey: Journey, counts: Counts) -> tuple[StageTraffic, ...]:
    out: list[StageTraffic] = []
    carried = 0  # forward minus back across the boundary before stage k
    crossing = 0  # counted flows crossing that boundary
    for k, stage in enumerate(journey.stages):
        crossing += counts.crossings[k]
        entering: int | None = None
        basis: Basis | None = None
        if k > 0 and crossing > 0:
            entering, basis = max(0, carried), "flows"
        else:
            reach = [tp.reach for tp in stage.touchpoints if tp.reach is not None]
            if reach:
                entering, basis = max(reach), "reach"
            elif k == 0:
                # Those who start here: the touchpoints sending on more than reach them.
                starting = [
                    counts.outflow.get(tp.id, 0) - counts.inflow.get(tp.id, 0)
                    for tp in stage.touchpoints
                    if tp.id in counts.counted
                ]
                if starting:
                    entering, basis = sum(max(0, n) for n in starting), "flows"
        balance = counts.balance[k]
        out.append(StageTraffic(stage=stage.id, entering=entering, basis=basis, balance=balance))
        carried -= balance
    return tuple(out)
