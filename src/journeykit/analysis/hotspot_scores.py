"""Pain hotspots: the touchpoints that hurt the most customers the most.

Every touchpoint gets a score built from four components, each measured on
the touchpoint alone, and scaled by the share of customers who get there:

.. code-block:: text

    score = R × (w_pain·S + w_unaddressed·U + w_negative_emotion·N + w_dropoff·D)

``S`` (pain)
    Σ severity / 5 over the touchpoint's pain points: a severity-5 pain
    counts 1, a severity-1 pain 0.2.
``U`` (unaddressed)
    The same sum over the pain points that no *committed* opportunity
    addresses, that is none with a status in
    :data:`~journeykit.model.COMMITTED_STATUSES` (``planned``,
    ``in-progress`` or ``done``; an ``idea`` is not yet a commitment,
    ``dropped`` is none).
``N`` (negative emotion)
    ``max(0, -e)`` where ``e`` is the lowest of the touchpoint's ``emotion``
    and its per-persona ``emotions``; 0 when none is set. In [0, 1].
``D`` (drop-off)
    The share of customers who arrive through counted flows and do not go on:
    ``1 - outflow / inflow``, clipped at 0. Measured only from flows with
    counts: 0 when nothing counted arrives, when a flow leaving the
    touchpoint has no count, and for the journey's end (touchpoints of the
    last non-empty stage with no flow leading on). Loops from a touchpoint to
    itself are ignored. In [0, 1]. This is the ``dropoff_share`` of
    :func:`journeykit.analysis.traffic.flow_traffic`, the drop-off the flow
    view draws.
``R`` (reach share)
    ``volume / largest volume`` over the journey, where a touchpoint's
    volume is its ``reach``, else the larger of its counted inflow and
    outflow (the traffic's ``volume``). A touchpoint without any volume
    data gets ``R = 1``, so missing data never hides pain. In [0, 1].

The default weights are ``pain=1``, ``unaddressed=0.5``,
``negative_emotion=1`` and ``dropoff=1``. The score is the sum of the four
weighted contributions shown on each :class:`Hotspot`.

Properties that hold by construction: adding a pain point or raising a
severity never lowers any score; a touchpoint without pain points, with no
negative emotion and no drop-off scores 0; renaming ids or reordering the
touchpoints of a stage changes no score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs

from journeykit import _checks as c
from journeykit._checks import require
from journeykit.analysis._records import Origin, Record, Results
from journeykit.analysis.traffic import flow_traffic
from journeykit.errors import Problem, ValidationError
from journeykit.model import COMMITTED_STATUSES, Journey, Touchpoint

__all__ = ["COMMITTED", "Contributions", "Hotspot", "Weights", "hotspots"]

COMMITTED = frozenset(COMMITTED_STATUSES)
"""Opportunity statuses that count as addressing a pain point.

The same as :data:`journeykit.model.COMMITTED_STATUSES`, as a set.
"""

_WEIGHT_NAMES = ("pain", "unaddressed", "negative_emotion", "dropoff")


def _weight_problems(values: Mapping[str, Any]) -> list[Problem]:
    out: list[Problem] = []
    for name, value in values.items():
        path = f"weights.{name}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            out.append(Problem(path, f"expected a number, got {c.show(value)}"))
        elif not math.isfinite(value):
            out.append(Problem(path, f"{c.show(value)} is not a finite number"))
        elif value < 0:
            out.append(Problem(path, f"{c.show(value)} is negative; weights must be 0 or more"))
    return out


@attrs.frozen(kw_only=True)
class Weights(Record):
    """How much each component counts in a hotspot score.

    Every weight is a finite number ≥ 0; 0 switches a component off.

    Examples
    --------
    >>> Weights(dropoff=2)
    Weights(pain=1.0, unaddressed=0.5, negative_emotion=1.0, dropoff=2)
    >>> Weights.of({"dropof": 2})
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: weights.dropof: is not a weight; did you mean 'dropoff'?
    """

    pain: float = 1.0
    unaddressed: float = 0.5
    negative_emotion: float = 1.0
    dropoff: float = 1.0

    def __attrs_post_init__(self) -> None:
        out = _weight_problems({name: getattr(self, name) for name in _WEIGHT_NAMES})
        if out:
            raise ValidationError(out)

    @classmethod
    def of(cls, weights: Weights | Mapping[str, float] | None) -> Weights:
        """Weights from an instance, a mapping of some of the four names, or ``None``."""
        if weights is None:
            return cls()
        if isinstance(weights, Weights):
            return weights
        if not isinstance(weights, Mapping):
            raise ValidationError(
                [Problem("weights", f"expected Weights or a mapping, got {c.show(weights)}")]
            )
        out = [
            Problem(f"weights.{name}", f"is not a weight{c.suggest(str(name), _WEIGHT_NAMES)}")
            for name in weights
            if name not in _WEIGHT_NAMES
        ]
        out += _weight_problems({k: v for k, v in weights.items() if k in _WEIGHT_NAMES})
        if out:
            raise ValidationError(out)
        return cls(**weights)


@attrs.frozen(kw_only=True)
class Contributions(Record):
    """The weighted components of a score (``R × weight × component``); they sum to it."""

    pain: float
    unaddressed: float
    negative_emotion: float
    dropoff: float


@attrs.frozen(kw_only=True)
class Hotspot(Record):
    """One touchpoint's pain score and what it is made of.

    Attributes
    ----------
    rank : int
        1 for the highest score; ties keep journey order.
    touchpoint, stage : str
        The ids of the touchpoint and of its stage.
    name : str
        The touchpoint's name.
    score : float
        ``R × (w·S + w·U + w·N + w·D)``, the sum of :attr:`contributions`.
    pain : float
        ``S``: Σ severity / 5 over the touchpoint's pain points.
    unaddressed : float
        ``U``: the same sum over pain points no committed opportunity addresses.
    negative_emotion : float
        ``N``: how far the lowest emotion felt here falls below 0, in [0, 1].
    dropoff : float
        ``D``: the share of customers arriving by counted flows who do not go on.
    reach_share : float
        ``R``: volume over the largest volume in the journey (1 when unknown).
    volume : int or None
        Customers passing here: ``reach``, else counted flows; ``None`` if unknown.
    pain_points, unaddressed_pain_points : tuple of str
        The ids behind ``S`` and ``U``.
    contributions : Contributions
        Each component times its weight and ``R``.
    """

    rank: int
    touchpoint: str
    stage: str
    name: str
    score: float
    pain: float
    unaddressed: float
    negative_emotion: float
    dropoff: float
    reach_share: float
    volume: int | None
    pain_points: tuple[str, ...]
    unaddressed_pain_points: tuple[str, ...]
    contributions: Contributions


def _round(value: float) -> float:
    # Twelve places hide binary noise (0.07419999999999999) and keep every
    # real difference: inputs have far fewer significant digits.
    return round(value, 12)


def _negative_emotion(tp: Touchpoint) -> float:
    felt = [*tp.emotions.values()]
    if tp.emotion is not None:
        felt.append(tp.emotion)
    return max(0.0, -float(min(felt))) if felt else 0.0


def _committed_addresses(journey: Journey) -> set[str]:
    return {
        pain
        for opportunity in journey.opportunities
        if opportunity.status in COMMITTED_STATUSES
        for pain in opportunity.addresses
    }


def _check_top(top: Any) -> None:
    if top is None:
        return
    if isinstance(top, bool) or not isinstance(top, int):
        raise ValidationError([Problem("top", f"expected an integer, got {c.show(top)}")])
    if top < 0:
        raise ValidationError([Problem("top", f"{top} is negative")])


def hotspots(
    journey: Journey,
    top: int | None = None,
    weights: Weights | Mapping[str, float] | None = None,
) -> Results[Hotspot]:
    """Rank the touchpoints of a journey by pain.

    .. code-block:: text

        score = R × (w_pain·S + w_unaddressed·U + w_negative_emotion·N + w_dropoff·D)

    ``S`` is Σ severity/5 over the touchpoint's pain points, ``U`` the same
    over the pain points no planned, in-progress or done opportunity
    addresses, ``N = max(0, -lowest emotion)`` over ``emotion`` and the
    per-persona ``emotions``, ``D = 1 - outflow/inflow`` from counted flows
    (0 without them and at the journey's end) and ``R`` the touchpoint's
    volume (``reach``, else counted flows) over the largest volume (1 when
    unknown). See :mod:`journeykit.analysis.hotspot_scores` and ``docs/analysis.md``.

    Parameters
    ----------
    journey : Journey
    top : int, optional
        Keep only the first ``top`` hotspots; by default every touchpoint is
        listed, those scoring 0 included.
    weights : Weights or mapping, optional
        The weights, or a mapping of some of ``pain``, ``unaddressed``,
        ``negative_emotion`` and ``dropoff`` (the rest keep their defaults:
        1, 0.5, 1, 1).

    Returns
    -------
    Results[Hotspot]
        Highest score first; equal scores in journey order.

    Raises
    ------
    ValidationError
        ``top`` is not an integer ≥ 0, or a weight is unknown, negative or
        not finite.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Coffee", stages=[jk.Stage(name="Buy", touchpoints=[
    ...     jk.Touchpoint(name="Ad", reach=1000, emotion=0.2),
    ...     jk.Touchpoint(name="Checkout", reach=250, emotion=-0.4, pain_points=[
    ...         jk.PainPoint(description="Late delivery fee", severity=4)]),
    ... ])])
    >>> for h in hotspots(j):
    ...     print(h.rank, h.touchpoint, round(h.score, 3), h.pain, h.unaddressed, h.reach_share)
    1 checkout 0.4 0.8 0.8 0.25
    2 ad 0.0 0.0 0.0 1.0
    >>> best = hotspots(j, top=1, weights={"unaddressed": 0})
    >>> len(best), round(best[0].score, 3), best[0].contributions.unaddressed
    (1, 0.3, 0.0)
    """
    require(journey, Journey, "journey", "hotspots")
    _check_top(top)
    w = Weights.of(weights)
    placed = [(stage.id, tp) for stage in journey.stages for tp in stage.touchpoints]
    counted = flow_traffic(journey).touchpoints
    addressed = _committed_addresses(journey)
    largest = max((t.volume for t in counted if t.volume is not None), default=0)

    scored: list[tuple[float, int, dict[str, Any]]] = []
    for index, ((stage_id, tp), traffic) in enumerate(zip(placed, counted, strict=True)):
        volume = traffic.volume
        if volume is None:
            share = 1.0
        elif volume == 0:
            share = 0.0
        else:
            share = volume / largest
        unaddressed_pains = [p for p in tp.pain_points if p.id not in addressed]
        pain = sum(p.severity for p in tp.pain_points) / 5
        unaddressed = sum(p.severity for p in unaddressed_pains) / 5
        negative = _negative_emotion(tp)
        dropoff = traffic.dropoff_share
        parts = Contributions(
            pain=_round(share * (w.pain * pain)),
            unaddressed=_round(share * (w.unaddressed * unaddressed)),
            negative_emotion=_round(share * (w.negative_emotion * negative)),
            dropoff=_round(share * (w.dropoff * dropoff)),
        )
        score = _round(parts.pain + parts.unaddressed + parts.negative_emotion + parts.dropoff)
        fields = {
            "touchpoint": tp.id,
            "stage": stage_id,
            "name": tp.name,
            "score": score,
            "pain": _round(pain),
            "unaddressed": _round(unaddressed),
            "negative_emotion": _round(negative),
            "dropoff": _round(dropoff),
            "reach_share": _round(share),
            "volume": volume,
            "pain_points": tuple(p.id for p in tp.pain_points),
            "unaddressed_pain_points": tuple(p.id for p in unaddressed_pains),
            "contributions": parts,
        }
        scored.append((-score, index, fields))
    scored.sort(key=lambda item: item[:2])
    if top is not None:
        scored = scored[:top]
    return Results(
        (Hotspot(rank=rank, **fields) for rank, (_, _, fields) in enumerate(scored, start=1)),
        origin=Origin("hotspots", journey, {"top": top, "weights": w}),
    )
