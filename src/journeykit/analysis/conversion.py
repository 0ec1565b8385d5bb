"""The stage funnel: how many customers reach each stage, and how many go on.

``entering`` for a stage counts the customers who reach it or a later stage:

- For every stage after the first, from flows with counts when any counted
  flow crosses the boundary before the stage: the customers carried forward
  across it (flows from an earlier stage to this one or beyond) minus those
  carried back across it (flows from this stage or beyond to an earlier
  one). A flow that skips a stage counts at every boundary it crosses, so
  the customers who skip a stage do not count as lost there; a customer who
  loops back and forward again counts once. A negative balance (data with
  more counted backward than forward movement) counts as 0.
- Otherwise, and always for the first stage, the largest ``reach`` among
  the stage's touchpoints: customers may meet several touchpoints, so the
  largest is the number known to have reached the stage.
- When the first stage has no reach, the customers who start there by the
  counted flows: the sum over its touchpoints of ``outflow - inflow`` where
  that is positive (flow is conserved, so a touchpoint that sends on more
  customers than reach it is where the difference started).
- Otherwise it is unknown (``None``).

For each stage but the last, with ``n`` the stage's ``entering`` and ``m``
the next stage's:

.. code-block:: text

    conversion   = m / n
    dropoff      = n - m
    dropoff_rate = (n - m) / n = 1 - conversion

These are ``None`` when either count is unknown (and the rates when ``n`` is
0). The last stage has none of the three.

The counts come from the traffic of :mod:`journeykit.analysis.traffic`, which
hotspots, the rules and the flow view read too: when two neighbouring stages
are both counted from flows, the drop-off between them is the sum of
``inflow - outflow`` over the first one's touchpoints, the same counts the
flow view draws.
"""

from __future__ import annotations

from typing import Any

import attrs

from journeykit._checks import require
from journeykit.analysis._records import NOT_DATA, Origin, Record, Results
from journeykit.analysis.traffic import Basis, stage_traffic
from journeykit.model import Journey

__all__ = ["Funnel", "FunnelStep", "funnel"]


@attrs.frozen(kw_only=True)
class FunnelStep(Record):
    """One stage of the funnel.

    Attributes
    ----------
    stage, name : str
        The stage's id and name.
    entering : int or None
        Customers who reach this stage or a later one; ``None`` if unknown.
    basis : {"flows", "reach"} or None
        Where :attr:`entering` comes from.
    next_stage : str or None
        The id of the next stage; ``None`` for the last.
    conversion : float or None
        The next stage's ``entering`` over this one's.
    dropoff : int or None
        This stage's ``entering`` minus the next one's.
    dropoff_rate : float or None
        :attr:`dropoff` over :attr:`entering`.
    """

    stage: str
    name: str
    entering: int | None
    basis: Basis | None
    next_stage: str | None
    conversion: float | None
    dropoff: int | None
    dropoff_rate: float | None


@attrs.frozen(kw_only=True)
class Funnel(Record):
    """Customers per stage, with conversion and drop-off between stages.

    Attributes
    ----------
    steps : Results[FunnelStep]
        One per stage, in journey order.
    conversion : float or None
        The last stage's ``entering`` over the first one's, when both are
        known and the first is not 0.
    origin : Origin or None
        The journey it was counted from (not part of :meth:`to_dict`).
    """

    steps: Results[FunnelStep]
    conversion: float | None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False, metadata=NOT_DATA)

    def to_frame(self) -> Any:
        """The steps as a ``pandas.DataFrame``, one row per stage (needs pandas).

        Returns
        -------
        pandas.DataFrame
            :attr:`steps` as by :meth:`Results.to_frame`: a column per field
            of :class:`FunnelStep`, a row per stage in journey order.

        Raises
        ------
        MissingDependencyError
            pandas is not installed.
        """
        return self.steps.to_frame()


def funnel(journey: Journey) -> Funnel:
    """Customers entering each stage, and the conversion and drop-off to the next.

    A stage's ``entering`` counts the customers who reach it or a later
    stage: from counted flows across the boundary before it (forward minus
    backward), else the largest ``reach`` among its touchpoints, else
    ``None``. The first stage uses reach, else the customers who start there
    by counted flows (Σ max(0, outflow - inflow) over its touchpoints).
    ``conversion`` is the next stage's ``entering`` over this one's,
    ``dropoff`` their difference and ``dropoff_rate`` the dropoff over
    ``entering``; the last stage has none. See
    :mod:`journeykit.analysis.conversion` and ``docs/analysis.md``.

    Parameters
    ----------
    journey : Journey

    Returns
    -------
    Funnel
        One :class:`FunnelStep` per stage, in journey order.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(
    ...     title="Coffee",
    ...     stages=[
    ...         jk.Stage(name="Aware", touchpoints=[jk.Touchpoint(name="Ad", reach=1000)]),
    ...         jk.Stage(name="Consider", touchpoints=[jk.Touchpoint(name="Compare")]),
    ...         jk.Stage(name="Buy", touchpoints=[jk.Touchpoint(name="Checkout")]),
    ...     ],
    ...     flows=[
    ...         jk.Flow(source="ad", target="compare", count=200),
    ...         jk.Flow(source="compare", target="checkout", count=50),
    ...     ],
    ... )
    >>> for step in funnel(j).steps:
    ...     print(step.stage, step.entering, step.basis, step.conversion, step.dropoff)
    aware 1000 reach 0.2 800
    consider 200 flows 0.25 150
    buy 50 flows None None
    >>> funnel(j).conversion
    0.05
    """
    require(journey, Journey, "journey", "funnel")
    entering = stage_traffic(journey)
    steps: list[FunnelStep] = []
    for k, stage in enumerate(journey.stages):
        count, basis = entering[k].entering, entering[k].basis
        is_last = k == len(journey.stages) - 1
        following = None if is_last else entering[k + 1].entering
        conversion = dropoff = rate = None
        if count is not None and following is not None:
            dropoff = count - following
            if count > 0:
                conversion = following / count
                rate = dropoff / count
        steps.append(
            FunnelStep(
                stage=stage.id,
                name=stage.name,
                entering=count,
                basis=basis,
                next_stage=None if is_last else journey.stages[k + 1].id,
                conversion=conversion,
                dropoff=dropoff,
                dropoff_rate=rate,
            )
        )
    first = steps[0].entering if steps else None
    last = steps[-1].entering if steps else None
    overall = last / first if first and last is not None else None
    return Funnel(steps=Results(steps), conversion=overall, origin=Origin("funnel", journey))
