"""Keep a designed journey current: replace its numbers by what the events measured."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any, Literal

import attrs

from journeykit import _checks as c
from journeykit.analysis.conversion import funnel
from journeykit.events._engine import EventsError
from journeykit.events.aggregation import Aggregate, StepCounts, mean_score
from journeykit.events.discovery import emotion_of
from journeykit.events.matching import customer_facing, designed_steps, observe
from journeykit.model import (
    Evidence,
    Flow,
    Journey,
    Metric,
    Period,
    Stage,
    Touchpoint,
)
from journeykit.scales import Scale, net_promoter_score, scale

__all__ = ["MEASURED_METRICS", "refresh"]

MEASURED_METRICS: dict[str, tuple[str, ...]] = {
    "reach": ("reach", "customers", "visitors", "users", "sessions"),
    "exit rate": (
        "exit rate",
        "exits",
        "drop-off",
        "drop-off rate",
        "dropoff",
        "dropoff rate",
        "abandonment",
        "abandonment rate",
        "bounce rate",
    ),
    "conversion": ("conversion", "conversion rate"),
    "csat": ("csat", "customer satisfaction", "satisfaction"),
    "nps": ("nps", "net promoter score"),
    "sentiment": ("sentiment", "emotion"),
}
"""The metrics the events measure, by what they measure, with the names that mean each.

A metric's name is compared with case, spaces and hyphens ignored. On a
touchpoint: ``reach`` (cases that met it), ``exit rate`` (cases that ended
there over its reach), ``csat`` (the mean score, on the ``csat`` or
``likert`` scale), ``nps`` (on the ``nps`` scale), ``sentiment`` (the mean
emotion, -1 to 1). On a stage: ``reach`` (customers entering it, from
:func:`journeykit.funnel`), ``conversion`` and ``exit rate`` (the funnel's
conversion to the next stage and its drop-off rate), and ``csat``, ``nps``
and ``sentiment`` over the stage's answers. Rates are written as a fraction,
or in percent when the metric's unit is ``%``.
"""

_ALIASES = {
    re.sub(r"[\s_-]+", "", alias.casefold()): measure
    for measure, aliases in MEASURED_METRICS.items()
    for alias in aliases
}


def _folded(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name.casefold())


def _measure(metric: Metric, extra: Mapping[str, str]) -> str | None:
    folded = _folded(metric.name)
    return extra.get(folded) or _ALIASES.get(folded)


def refresh(
    designed: Journey,
    observed: Any,
    *,
    case: str | None = None,
    timestamp: str | None = None,
    touchpoint: str | None = None,
    sentiment: str | None = None,
    scale: str | Scale = "valence",
    session_gap: str | timedelta | None = None,
    order: str | None = None,
    timestamp_format: str | None = None,
    on_invalid: Literal["error", "drop"] = "error",
    touchpoints: Mapping[str, str] | None = None,
    metrics: Mapping[str, str] | None = None,
    source: str = "events",
) -> Journey:
    """The designed journey with the numbers the events measure replaced by observed ones.

    Parameters
    ----------
    designed : Journey
        The journey as designed: its stages, touchpoints, flows and metrics.
    observed : data frame or Aggregate
        The events (then name their columns, as for
        :func:`~journeykit.events.discover`), or their counts from
        :func:`~journeykit.events.aggregate` / :func:`~journeykit.events.merge`
        — say the merge of every day's aggregate so far.
    case, timestamp, touchpoint, sentiment, scale, session_gap, order, timestamp_format, on_invalid
        As for :func:`~journeykit.events.discover`.
    touchpoints : mapping of str to str, optional
        Touchpoint names in the events → designed touchpoint ids, where the
        names are not already the ids or names of the design (matching rules:
        :mod:`journeykit.events.matching`).
    metrics : mapping of str to str, optional
        Metric names of the design → what they measure (a key of
        :data:`MEASURED_METRICS`), for names the table there does not know:
        ``{"checkout abandonment": "exit rate"}``.
    source : str
        The ``source`` of the evidence entries written; entries of the design
        with this source are replaced, so refreshing every day does not pile
        them up.

    Returns
    -------
    Journey
        The design with, on every touchpoint customers pass through (not the
        backstage or support lanes): ``reach``, ``entries``, ``exits``, the
        emotion when the events carry sentiment, and an evidence entry saying
        how many cases over which days; on every designed flow (or, without
        flows, on the steps from touchpoint to touchpoint in stage order,
        which become flows): the count of steps taken and their duration;
        the metrics the events measure (:data:`MEASURED_METRICS`) with new
        values and evidence; ``updated`` set to the last day of the events.
        Everything else — names, pain points, opportunities, targets, the
        touchpoints and flows the design does not have — is left as it is;
        :func:`journeykit.events.compare` reports how the two differ.

    Examples
    --------
    >>> import pandas as pd
    >>> import journeykit as jk
    >>> design = jk.Journey(title="Shop", stages=[jk.Stage(name="Buy", touchpoints=[
    ...     jk.Touchpoint(name="Home", reach=1000), jk.Touchpoint(name="Pay")])])
    >>> log = pd.DataFrame({
    ...     "customer": ["a", "a", "b"],
    ...     "time": pd.to_datetime(["2026-03-01 10:00", "2026-03-01 10:05", "2026-03-02 09:00"]),
    ...     "page": ["Home", "Pay", "Home"],
    ... })
    >>> new = jk.events.refresh(design, log, case="customer", timestamp="time", touchpoint="page")
    >>> [(tp.id, tp.reach, tp.exits) for tp in new.touchpoints]
    [('home', 2, 1), ('pay', 1, 1)]
    >>> [(f.source, f.target, f.count) for f in new.flows]
    [('home', 'pay', 1)]
    """
    seen = observe(
        designed,
        observed,
        touchpoints=touchpoints,
        columns={
            "case": case,
            "timestamp": timestamp,
            "touchpoint": touchpoint,
            "sentiment": sentiment,
            "scale": scale,
            "session_gap": session_gap,
            "order": order,
            "timestamp_format": timestamp_format,
            "on_invalid": on_invalid,
        },
        check_paths=False,
    )
    extra: dict[str, str] = {}
    for name, measure in (metrics or {}).items():
        if measure not in MEASURED_METRICS:
            known = ", ".join(repr(m) for m in MEASURED_METRICS)
            raise EventsError(
                f"metrics[{c.show(name)}]: {c.show(measure)} is not one of {known}"
                f"{c.suggest(str(measure), MEASURED_METRICS)}"
            )
        extra[_folded(str(name))] = measure
    return _refreshed(designed, seen.counts, source, extra)


def _refreshed(
    designed: Journey, counts: Aggregate, source: str, extra: Mapping[str, str]
) -> Journey:
    period = counts.period()
    span = Period(start=period[0], end=period[1]) if period else None
    on = scale(counts.scale)
    points = {p.name: p for p in counts.points}
    entries = counts.entries
    steps = {(s.source, s.target): s for s in counts.steps}
    facing = {tp.id for tp in customer_facing(designed)}
    unit = "sessions" if counts.session_gap is not None else "customers"

    def evidence(old: tuple[Evidence, ...], *new: Evidence) -> tuple[Evidence, ...]:
        return (*(e for e in old if e.source != source), *new)

    def entry(reference: str, n: int) -> Evidence:
        return Evidence(source=source, reference=reference, sample_size=n, period=span)

    def touchpoint(tp: Touchpoint) -> Touchpoint:
        if tp.id not in facing:
            return tp
        p = points.get(tp.id)
        reach = p.reach if p else 0
        answers = p.answers if p else 0
        measured: dict[str, tuple[float, int] | None] = {
            "reach": (reach, reach),
            "exit rate": ((p.ends / reach, reach) if p and reach else None),
            **_sentiment(
                on,
                answers,
                p.sentiment if p else 0,
                p.promoters if p else 0,
                p.detractors if p else 0,
            ),
        }
        new_evidence = [entry(f"{unit} who met the touchpoint, began or ended there", reach)]
        if answers:
            new_evidence.append(entry(f"sentiment answers on the {on.name} scale", answers))
        changes: dict[str, Any] = {
            "reach": reach,
            "entries": entries.get(tp.id, 0),
            "exits": p.ends if p else 0,
            "evidence": evidence(tp.evidence, *new_evidence),
            "metrics": _metrics(tp.metrics, measured, extra, entry, evidence),
        }
        if answers:
            changes["emotion"] = emotion_of(answers, p.sentiment if p else 0, on)
        return attrs.evolve(tp, **changes)

    stages = tuple(
        attrs.evolve(stage, touchpoints=tuple(touchpoint(tp) for tp in stage.touchpoints))
        for stage in designed.stages
    )
    flows = _flows(designed, steps, evidence, entry)
    refreshed = designed.evolve(
        stages=stages, flows=flows, updated=span.end if span else designed.updated
    )
    return refreshed.evolve(stages=_stage_metrics(refreshed, counts, on, extra, entry, evidence))


def _sentiment(
    on: Scale, answers: int, total: int, promoters: int, detractors: int
) -> dict[str, tuple[float, int] | None]:
    if not answers:
        return {"csat": None, "nps": None, "sentiment": None}
    mean = mean_score(answers, total)
    nps = net_promoter_score(promoters, detractors, answers)
    return {
        "csat": (mean, answers) if on.name in ("csat", "likert") else None,
        "nps": (nps, answers) if on.name == "nps" and nps is not None else None,
        "sentiment": (on.to_emotion(mean), answers),
    }


_Evidence = Callable[..., tuple[Evidence, ...]]


def _metrics(
    metrics: tuple[Metric, ...],
    measured: Mapping[str, tuple[float, int] | None],
    extra: Mapping[str, str],
    entry: Callable[[str, int], Evidence],
    evidence: _Evidence,
) -> tuple[Metric, ...]:
    out = []
    for metric in metrics:
        measure = _measure(metric, extra)
        found = measured.get(measure) if measure else None
        if found is None:
            out.append(metric)
            continue
        value, n = found
        if measure in ("exit rate", "conversion") and metric.unit.strip() == "%":
            value *= 100
        out.append(
            attrs.evolve(
                metric,
                value=_rounded(value, measure),
                evidence=evidence(metric.evidence, entry(f"{measure} measured in event data", n)),
            )
        )
    return tuple(out)


def _rounded(value: float, measure: str | None) -> float | int:
    if measure == "reach":
        return int(value)
    return round(value, 4)


def _flows(
    designed: Journey,
    steps: Mapping[tuple[str, str], StepCounts],
    evidence: _Evidence,
    entry: Callable[[str, int], Evidence],
) -> tuple[Flow, ...]:
    existing = {(f.source, f.target): f for f in designed.flows}
    out = []
    for pair in designed_steps(designed):
        flow = existing.get(pair) or Flow(source=pair[0], target=pair[1])
        taken = steps.get(pair)
        n = taken.count if taken else 0
        duration = None
        if taken and taken.count:
            duration = taken.duration()
        out.append(
            attrs.evolve(
                flow,
                count=n,
                duration=duration,
                evidence=evidence(flow.evidence, entry("steps taken in event data", n)),
            )
        )
    return tuple(out)


def _stage_metrics(
    journey: Journey,
    counts: Aggregate,
    on: Scale,
    extra: Mapping[str, str],
    entry: Callable[[str, int], Evidence],
    evidence: _Evidence,
) -> tuple[Stage, ...]:
    points = {p.name: p for p in counts.points}
    steps = {step.stage: step for step in funnel(journey).steps}
    out = []
    for stage in journey.stages:
        step = steps[stage.id]
        answered = [points[tp.id] for tp in stage.touchpoints if tp.id in points]
        measured: dict[str, tuple[float, int] | None] = {
            "reach": (step.entering, step.entering) if step.entering is not None else None,
            "conversion": (
                (step.conversion, step.entering or 0) if step.conversion is not None else None
            ),
            "exit rate": (
                (step.dropoff_rate, step.entering or 0) if step.dropoff_rate is not None else None
            ),
            **_sentiment(
                on,
                sum(p.answers for p in answered),
                sum(p.sentiment for p in answered),
                sum(p.promoters for p in answered),
                sum(p.detractors for p in answered),
            ),
        }
        out.append(
            attrs.evolve(stage, metrics=_metrics(stage.metrics, measured, extra, entry, evidence))
        )
    return tuple(out)
