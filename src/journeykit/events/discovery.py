"""From counted events to an observed :class:`~journeykit.Journey`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Literal

import attrs

from journeykit import _checks as c
from journeykit.events._engine import EventsError
from journeykit.events.aggregation import Aggregate, aggregate, mean_score
from journeykit.model import (
    CHANNEL_KINDS,
    Channel,
    ChannelKind,
    Evidence,
    Flow,
    Journey,
    Period,
    Stage,
    Touchpoint,
)
from journeykit.scales import Scale, net_promoter_score, scale

__all__ = ["discover", "emotion_of", "flow_order", "journey_of"]

SINGLE_STAGE = "Observed"
"""The stage that holds every touchpoint when the events name no stages."""

# Words that mark a channel where customers meet people or places, not screens.
_OFFLINE = re.compile(
    r"\b(store|shop|branch|office|phone|call|calls|telephone|counter|kiosk|mail|post|letter|"
    r"visit|in[- ]person|face[- ]to[- ]face|event|clinic|hospital|desk|courier|delivery|"
    r"showroom|print|tv|radio|billboard|retail|field)\b",
    re.IGNORECASE,
)


def discover(
    table: Any,
    *,
    case: str,
    timestamp: str,
    touchpoint: str,
    channel: str | None = None,
    stage: str | None = None,
    sentiment: str | None = None,
    scale: str | Scale = "valence",
    session_gap: str | timedelta | None = None,
    stages: Mapping[str, str] | None = None,
    order: str | None = None,
    timestamp_format: str | None = None,
    on_invalid: Literal["error", "drop"] = "error",
    rename: Mapping[str, str] | None = None,
    title: str = "Observed journey",
    channel_kinds: Mapping[str, str] | None = None,
    source: str = "events",
) -> Journey:
    """The journey customers actually took, discovered from an event table.

    Every event is a customer (``case``) meeting a ``touchpoint`` at a
    ``timestamp``. The events of a case, in time order, make its path; the
    journey counts those paths. Works on any data frame narwhals reads —
    pandas, polars (eager or lazy), pyarrow, DuckDB, Dask, PySpark — on
    the frame's own engine: only counts come back to Python.

    Parameters
    ----------
    table : data frame
        The events, one per row.
    case, timestamp, touchpoint : str
        The columns holding the customer (or case) id, the time (datetimes;
        text with ``timestamp_format``; dates) and the touchpoint met.
    channel : str, optional
        A column naming the channel of each event. A touchpoint's channel is
        the one most of its events name (ties: the first by name).
    stage : str, optional
        A column naming the stage of each event; a touchpoint's stage is the
        one most of its events name.
    sentiment : str, optional
        A column of scores on ``scale`` (answers to a survey, a rating):
        each touchpoint's emotion is the mean score mapped onto [-1, 1].
    scale : {"valence", "csat", "likert", "nps"} or Scale
        The scale of ``sentiment`` (:mod:`journeykit.scales`): ``csat`` 1–5,
        ``nps`` 0–10, ``valence`` -1 to 1.
    session_gap : str or timedelta, optional
        Split a customer's events into separate cases where more than this
        passes between two of them (``"30min"``, ``"2h"``, ``"1d"``). Every
        count then counts sessions, not customers.
    stages : mapping of str to str, optional
        Touchpoint → stage. Stages come in the order the mapping first names
        them; events at touchpoints the mapping leaves out are invalid.
        Without ``stages`` or ``stage``, every touchpoint sits in one stage.
    order : str, optional
        A column that orders events of a case at the same time (a sequence
        number). Without it, such ties keep the table's row order on eager
        frames (pandas, polars, pyarrow) and go by touchpoint name on lazy
        ones (polars lazy, DuckDB, Dask, PySpark), which have no row order.
    timestamp_format : str, optional
        A ``strftime`` format to read text timestamps with.
    on_invalid : {"error", "drop"}
        What to do with rows that have a null case id, timestamp or
        touchpoint, a blank touchpoint, a sentiment off the scale, a
        touchpoint outside ``stages``, or that repeat the event before them
        (the same case, time and touchpoint): raise an error saying how
        many and where, or drop them. Drops are counted in the aggregate's
        ``dropped`` and recorded in the journey's scope.
    rename : mapping of str to str, optional
        Touchpoint names to change before counting, on the engine: several
        names of one touchpoint (``{"Home page": "Home"}``) are counted as
        one, customers once.
    title : str
        The journey's title.
    channel_kinds : mapping of str to {"online", "offline"}, optional
        The kind of each channel. Channels left out are offline when their
        name says so (store, phone, branch, mail, kiosk, visit…), else online.
    source : str
        The ``source`` of the evidence entries the journey gets.

    Returns
    -------
    Journey
        Stages and the touchpoints in each in the order customers go
        through them: an order that puts as few counted steps as possible
        backwards (:func:`flow_order`), ties by first occurrence. Each
        touchpoint has ``reach`` (cases that met it), ``entries`` and
        ``exits`` (cases that began and ended there), the
        emotion of its sentiment, and evidence saying how many cases and
        answers over which days. Each step from one touchpoint to the next
        within a case is counted in a flow (a touchpoint met twice in a row
        is a flow to itself), with the duration of the steps: the exact
        mean, and the median and 90th percentile within 2.2 %
        (:mod:`journeykit.events.durations`).

    Raises
    ------
    EventsError
        A column is missing (the message lists the columns there are), a
        value is invalid (how many rows, which column), the table is empty,
        or the engine cannot do a step (which engine, which step).

    Examples
    --------
    >>> import pandas as pd
    >>> import journeykit as jk
    >>> log = pd.DataFrame({
    ...     "customer": ["a", "a", "a", "b", "b"],
    ...     "time": pd.to_datetime(["2026-03-01 10:00", "2026-03-01 10:05", "2026-03-01 10:09",
    ...                             "2026-03-02 09:00", "2026-03-02 09:30"]),
    ...     "page": ["Home", "Cart", "Pay", "Home", "Pay"],
    ... })
    >>> j = jk.events.discover(log, case="customer", timestamp="time", touchpoint="page")
    >>> [(tp.id, tp.reach, tp.entries, tp.exits) for tp in j.touchpoints]
    [('home', 2, 2, 0), ('cart', 1, 0, 0), ('pay', 2, 0, 2)]
    >>> [(f.source, f.target, f.count) for f in j.flows]
    [('home', 'cart', 1), ('home', 'pay', 1), ('cart', 'pay', 1)]
    >>> j.flows[0].duration.mean
    300.0
    """
    counted = aggregate(
        table,
        case=case,
        timestamp=timestamp,
        touchpoint=touchpoint,
        channel=channel,
        stage=stage,
        sentiment=sentiment,
        scale=scale,
        session_gap=session_gap,
        stages=stages,
        order=order,
        timestamp_format=timestamp_format,
        on_invalid=on_invalid,
        keep_cases=False,
        rename=rename,
    )
    return journey_of(
        counted, title=title, stages=stages, channel_kinds=channel_kinds, source=source
    )


def emotion_of(answers: int, total: int, on: Scale) -> float | None:
    """The emotion of ``answers`` scores summing to ``total`` millionths on scale ``on``."""
    if answers <= 0:
        return None
    return round(min(1.0, max(-1.0, on.to_emotion(mean_score(answers, total)))), 6)


def journey_of(
    counts: Aggregate,
    *,
    title: str = "Observed journey",
    stages: Mapping[str, str] | None = None,
    channel_kinds: Mapping[str, str] | None = None,
    source: str = "events",
) -> Journey:
    """The journey an aggregate describes; see :func:`discover`."""
    if not isinstance(counts, Aggregate):
        raise EventsError(f"expected an Aggregate, got {c.show(counts)}")
    kinds = _channel_kinds(channel_kinds)
    mapping = stages if stages is not None else counts.stages_map
    on = scale(counts.scale)
    period = counts.period()
    span = Period(start=period[0], end=period[1]) if period else None
    entries = counts.entries
    by_name = {p.name: p for p in counts.points}

    def stage_of(name: str) -> str:
        if mapping is not None:
            found = mapping.get(name)
            if found is None:
                raise EventsError(f"stages: touchpoint {c.show(name)} is not in the mapping")
            return found
        labels = by_name[name].stages
        if labels:
            return min(labels.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        return SINGLE_STAGE

    first = {p.name: (p.first, p.name) for p in counts.points}
    weights = {(s.source, s.target): s.count for s in counts.steps}
    ordered = flow_order(list(first), weights, first)
    grouped: dict[str, list[str]] = {}
    for name in ordered:
        grouped.setdefault(stage_of(name), []).append(name)
    if mapping is not None:
        named = list(dict.fromkeys(mapping.values()))
        stage_names = sorted(grouped, key=named.index)
    else:
        of = {name: stage for stage, names in grouped.items() for name in names}
        stage_weights: dict[tuple[str, str], int] = {}
        for (a, b), n in weights.items():
            key = (of[a], of[b])
            stage_weights[key] = stage_weights.get(key, 0) + n
        stage_first = {stage: min(first[n] for n in names) for stage, names in grouped.items()}
        stage_names = flow_order(list(grouped), stage_weights, stage_first)

    channel_names: dict[str, None] = {}
    channel_of: dict[str, str] = {}
    touchpoints: dict[str, list[Touchpoint]] = {}
    for stage_name in stage_names:
        for name in grouped[stage_name]:
            p = by_name[name]
            if p.channels:
                channel = min(p.channels.items(), key=lambda kv: (-kv[1], kv[0]))[0]
                channel_names[channel] = None
                channel_of[name] = channel
            touchpoints.setdefault(stage_name, []).append(
                _touchpoint(p, entries[name], on, span, source)
            )
    channels = [
        Channel(name=name, kind=kinds.get(name) or _guess_kind(name)) for name in channel_names
    ]
    # Ids come from the names, by the journey's own rule, when it is built;
    # channels and flows are then pointed at them.
    journey = Journey(
        title=title,
        scope=_scope(counts),
        updated=span.end if span else None,
        channels=tuple(channels),
        stages=tuple(
            Stage(name=stage_name, touchpoints=tuple(touchpoints[stage_name]))
            for stage_name in stage_names
        ),
    )
    channel_ids = {ch.name: ch.id for ch in journey.channels}
    names = [name for stage_name in stage_names for name in grouped[stage_name]]
    ids = {name: tp.id for name, tp in zip(names, journey.touchpoints, strict=True)}
    position = {name: i for i, name in enumerate(names)}
    flows = [
        Flow(
            source=ids[s.source],
            target=ids[s.target],
            count=s.count,
            duration=s.duration(),
            evidence=(
                Evidence(
                    source=source,
                    reference="steps from one touchpoint to the other in event data",
                    sample_size=s.count,
                    period=span,
                ),
            ),
        )
        for s in sorted(counts.steps, key=lambda s: (position[s.source], position[s.target]))
    ]
    channel_by_id = {ids[name]: channel_ids[ch] for name, ch in channel_of.items()}
    return journey.evolve(stages=_with_channels(journey.stages, channel_by_id), flows=tuple(flows))


def flow_order(
    nodes: list[str], weights: Mapping[tuple[str, str], int], key: Mapping[str, Any]
) -> list[str]:
    """An order of ``nodes`` that puts few of the counted steps backwards.

    The greedy feedback-arc-set order of Eades, Lin and Smyth, weighted by
    counts: take touchpoints nothing (left) leads to as the next ones, and
    touchpoints that lead nowhere (left) as the last ones; when there are
    none, the one whose steps out outweigh its steps in the most comes
    next. Ties go by ``key`` (the first occurrence). Steps to the same
    touchpoint are left out. Quadratic in the number of nodes.

    >>> flow_order(["c", "b", "a"], {("a", "b"): 5, ("b", "c"): 5, ("c", "a"): 1},
    ...            {"a": 2, "b": 1, "c": 0})
    ['a', 'b', 'c']
    """
    left = set(nodes)
    out_w = dict.fromkeys(nodes, 0)
    in_w = dict.fromkeys(nodes, 0)
    edges = [(a, b, n) for (a, b), n in weights.items() if a != b and a in left and b in left]
    for a, b, n in edges:
        out_w[a] += n
        in_w[b] += n
    front: list[str] = []
    back: list[str] = []

    def remove(node: str) -> None:
        left.discard(node)
        for a, b, n in edges:
            if a == node and b in left:
                in_w[b] -= n
            elif b == node and a in left:
                out_w[a] -= n

    while left:
        sinks = sorted((n for n in left if out_w[n] == 0 and in_w[n] > 0), key=key.__getitem__)
        if sinks:
            back[:0] = sinks
            for node in sinks:
                remove(node)
            continue
        sources = sorted((n for n in left if in_w[n] == 0), key=key.__getitem__)
        if sources:
            front.extend(sources)
            for node in sources:
                remove(node)
            continue
        best = min(left, key=lambda n: (in_w[n] - out_w[n], key[n]))
        front.append(best)
        remove(best)
    return front + back


def _with_channels(stages: tuple[Stage, ...], channels: Mapping[str, str]) -> tuple[Stage, ...]:
    return tuple(
        attrs.evolve(
            stage,
            touchpoints=tuple(
                attrs.evolve(tp, channel=channels[tp.id]) if tp.id in channels else tp
                for tp in stage.touchpoints
            ),
        )
        for stage in stages
    )


def _touchpoint(p: Any, entries: int, on: Scale, span: Period | None, source: str) -> Touchpoint:
    evidence = [
        Evidence(
            source=source,
            reference="cases that met the touchpoint, began and ended there, in event data",
            sample_size=p.reach,
            period=span,
        )
    ]
    if p.answers:
        mean = mean_score(p.answers, p.sentiment)
        detail = f"mean {mean:.2f} on the {on.name} scale ({on.low:g}–{on.high:g})"
        if on.name == "nps":
            nps = net_promoter_score(p.promoters, p.detractors, p.answers)
            detail += f", NPS {nps:+.0f}"
        evidence.append(
            Evidence(
                source=source,
                reference=f"sentiment: {detail}",
                sample_size=p.answers,
                period=span,
            )
        )
    return Touchpoint(
        name=p.name,
        emotion=emotion_of(p.answers, p.sentiment, on),
        reach=p.reach,
        entries=entries,
        exits=p.ends,
        evidence=tuple(evidence),
    )


def _channel_kinds(kinds: Mapping[str, str] | None) -> dict[str, ChannelKind]:
    if kinds is None:
        return {}
    if not isinstance(kinds, Mapping):
        raise EventsError(f"channel_kinds: expected a mapping, got {c.show(kinds)}")
    for name, kind in kinds.items():
        if kind not in CHANNEL_KINDS:
            raise EventsError(
                f"channel_kinds[{c.show(name)}]: {c.show(kind)} is not 'online' or 'offline'"
            )
    return {name: "offline" if kind == "offline" else "online" for name, kind in kinds.items()}


def _guess_kind(name: str) -> Literal["online", "offline"]:
    return "offline" if _OFFLINE.search(name) else "online"


def _scope(counts: Aggregate) -> str:
    period = counts.period()
    when = f" from {period[0]} to {period[1]}" if period else ""
    unit = "sessions" if counts.session_gap is not None else "customers"
    text = f"Observed in event data: {counts.rows:,} events of {counts.cases:,} {unit}{when}."
    if counts.dropped:
        left_out = ", ".join(f"{n:,} {reason}" for reason, n in counts.dropped.items())
        text += f" Left out: {left_out}."
    return text
