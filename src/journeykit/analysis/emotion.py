"""The emotion curve: how a persona feels along the journey, and its moments of truth.

The curve has one point per touchpoint that has an emotion for the persona,
in journey order (stage by stage, touchpoints in their order). Moments of
truth mark the points that shape how a journey is remembered:

``lowest``
    every point at the curve's minimum;
``drop``
    every point reached by the sharpest fall between consecutive points
    (only when the curve falls somewhere);
``peak``
    every point at the curve's maximum;
``end``
    the last point.

``lowest`` and ``peak`` are marked only when the curve is not flat (its
maximum is above its minimum). A point can carry several kinds.
"""

from __future__ import annotations

import itertools
import math
from typing import Any, Literal

import attrs

from journeykit._checks import require, show, suggest
from journeykit.analysis._records import NOT_DATA, Origin, Record, Results
from journeykit.errors import ArgumentError
from journeykit.model import Journey

__all__ = [
    "MOMENT_KINDS",
    "EmotionCurve",
    "EmotionPoint",
    "Moment",
    "StageEmotion",
    "emotion_curve",
]

MomentKind = Literal["lowest", "drop", "peak", "end"]
_TIE = 1e-9  # falls closer than this count as equally sharp
MOMENT_KINDS: tuple[MomentKind, ...] = ("lowest", "drop", "peak", "end")
"""The kinds of moments of truth, in the order a point lists them."""


@attrs.frozen(kw_only=True)
class EmotionPoint(Record):
    """One touchpoint on the curve.

    Attributes
    ----------
    index : int
        The point's position on the curve, from 0.
    stage, touchpoint : str
        Ids of the stage and the touchpoint.
    name : str
        The touchpoint's name.
    emotion : float
        The emotion felt there, in [-1, 1].
    change : float or None
        ``emotion`` minus the previous point's; ``None`` for the first point.
    moments : tuple of str
        The kinds of moment of truth at this point, in :data:`MOMENT_KINDS` order.
    """

    index: int
    stage: str
    touchpoint: str
    name: str
    emotion: float
    change: float | None
    moments: tuple[MomentKind, ...] = ()


@attrs.frozen(kw_only=True)
class Moment(Record):
    """A moment of truth: a point of the curve and why it matters.

    ``change`` is the fall into the point for a ``drop`` (negative), else ``None``.
    """

    kind: MomentKind
    index: int
    stage: str
    touchpoint: str
    emotion: float
    change: float | None = None


@attrs.frozen(kw_only=True)
class StageEmotion(Record):
    """The emotion of one stage: how many points it has, their mean, lowest and highest."""

    stage: str
    name: str
    count: int
    mean: float | None
    lowest: float | None
    highest: float | None


@attrs.frozen(kw_only=True)
class EmotionCurve(Record):
    """The emotion along a journey for one persona (or the overall emotion).

    Attributes
    ----------
    persona : str or None
        The persona, or ``None`` for the touchpoints' overall ``emotion``.
    points : Results[EmotionPoint]
        In journey order.
    moments : Results[Moment]
        The moments of truth, in curve order (and kind order at one point).
    stages : Results[StageEmotion]
        Every stage with the mean, lowest and highest emotion of its points;
        a stage without points has ``count`` 0 and ``None`` for the rest.
    origin : Origin or None
        The journey it was drawn from (not part of :meth:`to_dict`).
    """

    persona: str | None
    points: Results[EmotionPoint]
    moments: Results[Moment]
    stages: Results[StageEmotion]
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False, metadata=NOT_DATA)

    def to_frame(self) -> Any:
        """The points as a ``pandas.DataFrame``, one row per point (needs pandas).

        Returns
        -------
        pandas.DataFrame
            :attr:`points` as by :meth:`Results.to_frame`: a column per field
            of :class:`EmotionPoint`, a row per point in curve order.

        Raises
        ------
        MissingDependencyError
            pandas is not installed.
        """
        return self.points.to_frame()

    def of_kind(self, kind: MomentKind) -> Results[Moment]:
        """The moments of one kind (``"lowest"``, ``"drop"``, ``"peak"`` or ``"end"``).

        Parameters
        ----------
        kind : {"lowest", "drop", "peak", "end"}
            The kind of moment of truth.

        Returns
        -------
        Results of Moment
            The moments of that kind, in curve order; empty when there are none.

        Raises
        ------
        ArgumentError
            When ``kind`` is not one of these (a typo would otherwise find
            no moments, silently).

        Examples
        --------
        >>> import journeykit as jk
        >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=[
        ...     jk.Touchpoint(name="A", emotion=0.5), jk.Touchpoint(name="B", emotion=-0.5),
        ... ])])
        >>> [m.touchpoint for m in jk.emotion_curve(j).of_kind("lowest")]
        ['b']
        """
        if kind not in MOMENT_KINDS:
            raise ArgumentError(
                f"of_kind(kind=...): expected one of {', '.join(MOMENT_KINDS)}, not {show(kind)}"
                f"{suggest(str(kind), MOMENT_KINDS)}"
            )
        return Results(m for m in self.moments if m.kind == kind)


def _shown(change: float | None) -> float | None:
    """A change as reported: to twelve places, -0.9 rather than -0.8999999999999999.

    The moments are found from the exact differences; only the reported
    value is rounded, as diff rounds its deltas.
    """
    return None if change is None else round(change, 12)


def _by_stage(journey: Journey, points: Results[EmotionPoint]) -> Results[StageEmotion]:
    groups: dict[str, list[float]] = {stage.id: [] for stage in journey.stages}
    for point in points:
        groups[point.stage].append(point.emotion)
    return Results(
        StageEmotion(
            stage=stage.id,
            name=stage.name,
            count=len(values),
            mean=math.fsum(values) / len(values) if values else None,
            lowest=min(values, default=None),
            highest=max(values, default=None),
        )
        for stage in journey.stages
        for values in [groups[stage.id]]
    )


def emotion_curve(journey: Journey, persona: str | None = None) -> EmotionCurve:
    """The emotion along the journey, with its moments of truth marked.

    Parameters
    ----------
    journey : Journey
    persona : str, optional
        A persona id. Each touchpoint then gives that persona's emotion,
        falling back to the overall ``emotion`` (see
        :meth:`Touchpoint.emotion_of <journeykit.Touchpoint.emotion_of>`).
        By default the overall ``emotion`` is used.

    Returns
    -------
    EmotionCurve
        One point per touchpoint with an emotion, in journey order; the
        moments of truth are ``lowest`` (all points at the minimum), ``drop``
        (the point(s) after the sharpest fall between consecutive points),
        ``peak`` (all points at the maximum) and ``end`` (the last point).
        ``lowest`` and ``peak`` need a curve that is not flat; ``drop`` needs
        a fall.

    Raises
    ------
    UnknownIdError
        ``persona`` is not the id of a persona of the journey.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Coffee", stages=[jk.Stage(name="Buy", touchpoints=[
    ...     jk.Touchpoint(name="Ad", emotion=0.2),
    ...     jk.Touchpoint(name="Compare", emotion=-0.4),
    ...     jk.Touchpoint(name="Checkout", emotion=-0.2),
    ...     jk.Touchpoint(name="First cup", emotion=0.7),
    ... ])])
    >>> curve = emotion_curve(j)
    >>> [(p.touchpoint, p.emotion, p.moments) for p in curve.points]
    [('ad', 0.2, ()), ('compare', -0.4, ('lowest', 'drop')), ('checkout', -0.2, ()),
     ('first-cup', 0.7, ('peak', 'end'))]
    >>> [(m.kind, m.touchpoint) for m in curve.moments]
    [('lowest', 'compare'), ('drop', 'compare'), ('peak', 'first-cup'), ('end', 'first-cup')]
    >>> emotion_curve(j, persona="parent")
    Traceback (most recent call last):
    ...
    journeykit.errors.UnknownIdError: no persona with id 'parent'
    """
    require(journey, Journey, "journey", "emotion_curve")
    if persona is not None:
        journey.persona(persona)
    raw: list[tuple[str, str, str, float]] = []
    for stage in journey.stages:
        for tp in stage.touchpoints:
            value = tp.emotion_of(persona)
            if value is not None:
                raw.append((stage.id, tp.id, tp.name, value))

    changes: list[float | None] = [None] + [b[3] - a[3] for a, b in itertools.pairwise(raw)]
    kinds: list[list[MomentKind]] = [[] for _ in raw]
    if raw:
        values = [r[3] for r in raw]
        low, high = min(values), max(values)
        falls = [ch for ch in changes if ch is not None and ch < 0]
        sharpest = min(falls) if falls else None
        for i, value in enumerate(values):
            change = changes[i]
            if high > low and value == low:
                kinds[i].append("lowest")
            falls_sharpest = (
                sharpest is not None
                and change is not None
                and change < 0
                and change <= sharpest + _TIE
            )
            if falls_sharpest:
                kinds[i].append("drop")
            if high > low and value == high:
                kinds[i].append("peak")
        kinds[-1].append("end")

    points = Results(
        EmotionPoint(
            index=i,
            stage=stage_id,
            touchpoint=tp_id,
            name=name,
            emotion=value,
            change=_shown(changes[i]),
            moments=tuple(kinds[i]),
        )
        for i, (stage_id, tp_id, name, value) in enumerate(raw)
    )
    moments = Results(
        Moment(
            kind=kind,
            index=p.index,
            stage=p.stage,
            touchpoint=p.touchpoint,
            emotion=p.emotion,
            change=p.change if kind == "drop" else None,
        )
        for p in points
        for kind in p.moments
    )
    return EmotionCurve(
        persona=persona,
        points=points,
        moments=moments,
        stages=_by_stage(journey, points),
        origin=Origin("emotion_curve", journey, {"persona": persona}),
    )
