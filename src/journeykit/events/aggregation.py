"""Counts of an event log that merge exactly: the :class:`Aggregate`.

An aggregate holds, per touchpoint, how many events, customers (cases),
case ends, sentiment answers and channel and stage labels were seen, and
per step between two touchpoints (directly-follows: one event of a case
and the next) how many there were and how long they took, in the fixed
buckets of :mod:`journeykit.events.durations`. Every count is an integer
and every duration sum whole milliseconds, so :func:`merge` is exact:
associative and commutative, and merging the aggregates of the parts of
a log equals aggregating the whole log.

Two kinds of parts:

- **By customer** (every event of a customer in one part): the counts add
  up; nothing else is needed.
- **By time** (yesterday's events, then today's): a customer's case may
  run across the cut. With ``keep_cases=True`` (the default of
  :func:`aggregate`) the aggregate also keeps, for every customer, their
  first and last case in the part: where and when it began and ended and
  the touchpoints it reached. Merging then joins a case that runs on
  (always without ``session_gap``; with one, when the gap across the cut is
  no longer than it): the step across the cut is counted with its
  duration, the earlier part's case end and the later part's case start
  are taken back, and customers counted at a touchpoint on both sides are
  counted once. This costs one entry per customer: its id, two
  touchpoints, two times and the touchpoints reached, for the first and
  the last case — about 100 bytes plus the ids, against a few kilobytes
  for all the rest. An aggregate made with ``keep_cases=False`` (as
  :func:`~journeykit.events.discover` makes) merges only with parts of
  other customers: it cannot tell a case that runs on.

Parts cut by time should be cut at an instant: events at the same time on
both sides of the cut are put in order by their part's first event, which
may differ from the order of the whole log.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import typing
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import IO, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import cattrs

from journeykit import _checks as c
from journeykit._atomic import checked_path, write_atomic
from journeykit.errors import FormatError, JourneyError
from journeykit.events import durations
from journeykit.events._engine import (
    MICRO,
    Columns,
    EventsError,
    OnInvalid,
    Settings,
    count,
)
from journeykit.model import Duration, FrozenMap
from journeykit.scales import Scale, scale

__all__ = [
    "Aggregate",
    "CaseSpan",
    "CustomerCases",
    "PointCounts",
    "StepCounts",
    "aggregate",
    "load_aggregate",
    "mean_score",
    "merge",
]

FORMAT_KEY = "journeykit-events"
FORMAT_VERSION = 1


def _counter(value: Any) -> Any:
    if isinstance(value, FrozenMap):
        return value
    return FrozenMap(sorted(dict(value).items())) if isinstance(value, Mapping) else value


@attrs.frozen(kw_only=True)
class PointCounts:
    """What was counted at one touchpoint.

    Attributes
    ----------
    name : str
        The touchpoint as it is written in the events.
    events : int
        Events at this touchpoint.
    reach : int
        Cases (customers, or sessions with a ``session_gap``) with an event here.
    ends : int
        Cases whose last event is here.
    first : int
        The earliest event here, in microseconds since 1970.
    answers, sentiment, promoters, detractors : int
        Sentiment answers, their sum in millionths of a point, and the
        answers of 9 or more and of 6 or less (for NPS).
    channels, stages : FrozenMap[str, int]
        Events per channel and per stage label.
    """

    name: str
    events: int
    reach: int
    ends: int
    first: int
    answers: int = 0
    sentiment: int = 0
    promoters: int = 0
    detractors: int = 0
    channels: FrozenMap[str, int] = attrs.field(factory=FrozenMap, converter=_counter)
    stages: FrozenMap[str, int] = attrs.field(factory=FrozenMap, converter=_counter)


@attrs.frozen(kw_only=True)
class StepCounts:
    """Steps from one touchpoint to the next within a case.

    Attributes
    ----------
    source, target : str
        The touchpoints, as written in the events.
    count : int
        How many steps.
    millis : int
        Their durations summed, in whole milliseconds.
    shortest, longest : int
        The shortest and the longest step, in microseconds.
    buckets : FrozenMap[int, int]
        How many steps fall in each duration bucket
        (:mod:`journeykit.events.durations`).
    """

    source: str
    target: str
    count: int
    millis: int
    shortest: int
    longest: int
    buckets: FrozenMap[int, int] = attrs.field(factory=FrozenMap, converter=_counter)

    def mean(self) -> float:
        """The mean duration, in seconds.

        Returns
        -------
        float
            0 when there are no steps.
        """
        return self.millis / 1000 / self.count if self.count else 0.0

    def quantile(self, q: float) -> float:
        """A quantile of the durations, in seconds.

        Within :data:`~journeykit.events.durations.RELATIVE_ERROR` of the
        nearest-rank quantile, and never outside the shortest and longest
        step: exact when all steps took the same time.

        Parameters
        ----------
        q : float
            From 0 to 1: 0.5 is the median.

        Returns
        -------
        float
        """
        return self.quantiles((q,))[0]

    def duration(self) -> Duration:
        """The steps' :class:`~journeykit.Duration`: exact mean, median and p90, to the ms.

        Returns
        -------
        Duration
        """
        median, p90 = self.quantiles((0.5, 0.9))
        return Duration(mean=round(self.mean(), 3), median=round(median, 3), p90=round(p90, 3))

    def quantiles(self, qs: tuple[float, ...]) -> tuple[float, ...]:
        """Several quantiles at once (see :meth:`quantile`), in seconds.

        Parameters
        ----------
        qs : tuple of float
            Each from 0 to 1.

        Returns
        -------
        tuple of float
            One for each of ``qs``, in order.
        """
        return tuple(
            min(max(estimate, self.shortest), self.longest) / 1e6
            for estimate in durations.quantiles(self.buckets, qs)
        )


def mean_score(answers: int, sentiment: int) -> float:
    """The mean of ``answers`` scores that sum to ``sentiment`` millionths of a point."""
    return sentiment / MICRO / answers


def _sorted_names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(names)))


@attrs.frozen(kw_only=True)
class CaseSpan:
    """Where and when one case began and ended, and the touchpoints it reached.

    Parameters
    ----------
    first, last : str
        The touchpoints of its first and last events.
    first_at, last_at : int
        When they happened, in microseconds since 1970 (UTC).
    reached : sequence of str
        Every touchpoint the case met, kept sorted.
    """

    first: str
    first_at: int
    last: str
    last_at: int
    reached: tuple[str, ...] = attrs.field(converter=_sorted_names)


@attrs.frozen(kw_only=True)
class CustomerCases:
    """A customer's first case in an aggregate and, when it differs, the last.

    Parameters
    ----------
    customer : str
        The customer's id.
    head : CaseSpan
        Their first case.
    tail : CaseSpan, optional
        Their last case, when it is not the first.
    """

    customer: str
    head: CaseSpan
    tail: CaseSpan | None = None

    def spans(self) -> list[CaseSpan]:
        """The customer's cases kept: the first and, when it differs, the last.

        Returns
        -------
        list of CaseSpan
        """
        return [self.head] if self.tail is None else [self.head, self.tail]


@attrs.frozen(kw_only=True)
class Aggregate:
    """The counts of an event log: small, exact, mergeable, and a journey in waiting.

    Make one with :func:`aggregate`, combine with :func:`merge` (or ``+``),
    save with :meth:`save`, read back with :func:`load_aggregate`, and turn
    into a journey with :meth:`to_journey`.

    Attributes
    ----------
    points : tuple of PointCounts
        One per touchpoint, by name.
    steps : tuple of StepCounts
        One per pair of touchpoints that follow each other, by names.
    rows : int
        Events counted.
    cases : int
        Cases: customers, or sessions when ``session_gap`` is set.
    start, end : int or None
        The first and last event, in microseconds since 1970.
    time_zone : str or None
        The time zone of the timestamps, when they had one.
    scale : str
        The scale of the sentiment (see :mod:`journeykit.scales`).
    session_gap : int or None
        The session gap, in microseconds.
    stages_map : FrozenMap[str, str] or None
        The touchpoint-to-stage mapping the events were counted with.
    dropped : FrozenMap[str, int]
        Rows left out, by reason (with ``on_invalid="drop"``).
    customers : tuple of CustomerCases or None
        Each customer's first and last case, when kept.
    """

    points: tuple[PointCounts, ...]
    steps: tuple[StepCounts, ...]
    rows: int
    cases: int
    start: int | None
    end: int | None
    time_zone: str | None = None
    scale: str = "valence"
    session_gap: int | None = None
    stages_map: FrozenMap[str, str] | None = None
    dropped: FrozenMap[str, int] = attrs.field(factory=FrozenMap, converter=_counter)
    customers: tuple[CustomerCases, ...] | None = None

    def __add__(self, other: object) -> Aggregate:
        if not isinstance(other, Aggregate):
            return NotImplemented
        return merge(self, other)

    @property
    def entries(self) -> dict[str, int]:
        """Cases that begin at each touchpoint: its events less the steps that lead into it."""
        inflow: Counter[str] = Counter()
        for s in self.steps:
            inflow[s.target] += s.count
        return {p.name: p.events - inflow[p.name] for p in self.points}

    def period(self) -> tuple[date, date] | None:
        """The first and last day with events, in the timestamps' own time zone.

        Returns
        -------
        tuple of datetime.date or None
            ``(first, last)``; ``None`` for an aggregate of no events.
        """
        if self.start is None or self.end is None:
            return None
        return _day(self.start, self.time_zone), _day(self.end, self.time_zone)

    def to_journey(
        self,
        *,
        title: str = "Observed journey",
        stages: Mapping[str, str] | None = None,
        channel_kinds: Mapping[str, str] | None = None,
        source: str = "events",
    ) -> Any:
        """The observed journey; see :func:`journeykit.events.discover`.

        Parameters
        ----------
        title : str
            The journey's title.
        stages : mapping of str to str, optional
            Touchpoint name → stage name, for events that named no stage.
        channel_kinds : mapping of str to str, optional
            Channel name → ``"online"`` or ``"offline"``.
        source : str
            The ``source`` of the evidence the journey's numbers carry.

        Returns
        -------
        Journey
        """
        from journeykit.events.discovery import journey_of

        return journey_of(
            self, title=title, stages=stages, channel_kinds=channel_kinds, source=source
        )

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the aggregate as JSON (gzip-compressed when the name ends in ``.gz``).

        The file is written atomically: a temporary sibling renamed over it.

        Parameters
        ----------
        path : str or os.PathLike
            Where to write.
        """
        data = json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))
        raw = data.encode()
        target = checked_path(path)
        if target.suffix == ".gz":
            raw = gzip.compress(raw, mtime=0)
        write_atomic(target, raw)

    def to_dict(self) -> dict[str, Any]:
        """The aggregate as plain data, as :meth:`save` writes it.

        Returns
        -------
        dict
        """
        return {FORMAT_KEY: FORMAT_VERSION, **_converter.unstructure(self)}


def _day(micros: int, time_zone: str | None) -> date:
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros)
    if time_zone:
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
            moment = moment.astimezone(ZoneInfo(time_zone))
    return moment.date()


# -- making ------------------------------------------------------------------------


def settings_of(
    *,
    case: str,
    timestamp: str,
    touchpoint: str,
    channel: str | None,
    stage: str | None,
    sentiment: str | None,
    scale_name: str | Scale,
    session_gap: Any,
    stages: Mapping[str, str] | None,
    order: str | None,
    timestamp_format: str | None,
    on_invalid: str,
    keep_cases: bool,
    rename: Mapping[str, str] | None = None,
) -> Settings:
    """Check the arguments shared by the event functions and gather them."""
    names = {
        "case": case,
        "timestamp": timestamp,
        "touchpoint": touchpoint,
        "channel": channel,
        "stage": stage,
        "sentiment": sentiment,
        "order": order,
    }
    for role, name in names.items():
        if name is None and role in ("case", "timestamp", "touchpoint"):
            raise EventsError(f"{role}: name the column that holds the {role}")
        if name is not None and not (isinstance(name, str) and name):
            raise EventsError(f"{role}: expected a column name, got {c.show(name)}")
    if timestamp_format is not None and not (
        isinstance(timestamp_format, str) and timestamp_format
    ):
        raise EventsError(
            "timestamp_format: expected a strftime format such as '%Y-%m-%d %H:%M:%S', "
            f"got {c.show(timestamp_format)}"
        )
    if on_invalid not in ("error", "drop"):
        raise EventsError(f"on_invalid: expected 'error' or 'drop', got {c.show(on_invalid)}")
    if stage is not None and stages is not None:
        raise EventsError("give stages either as a column (stage=) or as a mapping (stages=)")
    try:
        chosen = scale(scale_name)
    except JourneyError as exc:
        raise EventsError(str(exc)) from None
    return Settings(
        columns=Columns(case, timestamp, touchpoint, channel, stage, sentiment, order),
        scale=chosen,
        session_gap=parse_gap(session_gap),
        timestamp_format=timestamp_format,
        on_invalid=_on_invalid(on_invalid),
        stages=_name_map(stages, "stages", "stage"),
        keep_cases=_flag(keep_cases, "keep_cases"),
        rename=_name_map(rename, "rename", "new touchpoint"),
    )


def _flag(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise EventsError(f"{what}: expected True or False, got {c.show(value)}")
    return value


def _on_invalid(value: str) -> OnInvalid:
    return "drop" if value == "drop" else "error"


def _name_map(value: Mapping[str, str] | None, what: str, to: str) -> FrozenMap[str, str] | None:
    """A mapping of touchpoint names to ``to`` names, checked; ``what`` names the argument."""
    if value is None:
        return None
    if not isinstance(value, Mapping) or not value:
        raise EventsError(
            f"{what}: expected a non-empty mapping of touchpoint names to {to} names, "
            f"got {c.show(value)}"
        )
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str) or not item.strip():
            raise EventsError(
                f"{what}: expected touchpoint names mapped to {to} names, got "
                f"{c.show(key)}: {c.show(item)}"
            )
    return FrozenMap(value)


_UNITS = {
    "us": 1,
    "ms": 1_000,
    "s": 1_000_000,
    "sec": 1_000_000,
    "min": 60_000_000,
    "m": 60_000_000,
    "h": 3_600_000_000,
    "d": 86_400_000_000,
}


def parse_gap(value: Any) -> int | None:
    """A session gap as whole microseconds: a ``timedelta`` or text such as ``"30min"``."""
    if value is None:
        return None
    if isinstance(value, timedelta):
        micros = value // timedelta(microseconds=1)
    elif isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        number = text.rstrip("abcdefghijklmnopqrstuvwxyz")
        unit = text[len(number) :]
        if unit not in _UNITS or not number:
            raise EventsError(
                f"session_gap: cannot read {c.show(value)}; write a number and a unit "
                "(us, ms, s, min, h, d), such as '30min', or give a timedelta"
            )
        try:
            micros = round(float(number) * _UNITS[unit])
        except ValueError:
            raise EventsError(f"session_gap: {c.show(number)} is not a number") from None
        except OverflowError:  # "1e400s": a float too large, infinity
            raise EventsError(f"session_gap: {c.show(str(value))} is too long") from None
    else:
        raise EventsError(
            f"session_gap: expected a timedelta or text such as '30min', got {c.show(value)}"
        )
    if micros <= 0:
        raise EventsError(f"session_gap: {c.show(str(value))} is not a positive duration")
    return int(micros)


def aggregate(
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
    keep_cases: bool = True,
    rename: Mapping[str, str] | None = None,
) -> Aggregate:
    """Count an event table into an :class:`Aggregate`, on the table's own engine.

    Takes the same arguments as :func:`journeykit.events.discover`, plus
    ``keep_cases``: keep each customer's first and last case, so that the
    aggregate merges exactly with one of the next period's events (see
    :mod:`journeykit.events.aggregation`). Only counts leave the engine.
    Counts are kept under the touchpoint names of the events (after
    ``rename``), not journey ids.

    Parameters
    ----------
    table, case, timestamp, touchpoint, channel, stage, sentiment, scale
        As for :func:`journeykit.events.discover`.
    session_gap, stages, order, timestamp_format, on_invalid, rename
        As for :func:`journeykit.events.discover`.
    keep_cases : bool, default True
        Keep each customer's first and last case, for exact merges with the
        aggregates of the periods before and after.

    Returns
    -------
    Aggregate

    Raises
    ------
    EventsError
        A column is missing or of the wrong type, an event is invalid (with
        ``on_invalid="error"``), or the table is not a data frame.

    Examples
    --------
    >>> import pandas as pd
    >>> from journeykit import events
    >>> log = pd.DataFrame({
    ...     "customer": ["a", "a", "b", "b"],
    ...     "time": pd.to_datetime(["2026-03-01 10:00", "2026-03-01 10:05",
    ...                             "2026-03-02 09:00", "2026-03-02 09:30"]),
    ...     "page": ["home", "cart", "home", "pay"],
    ... })
    >>> agg = events.aggregate(log, case="customer", timestamp="time", touchpoint="page")
    >>> [(s.source, s.target, s.count) for s in agg.steps]
    [('home', 'cart', 1), ('home', 'pay', 1)]
    >>> agg.entries
    {'cart': 0, 'home': 2, 'pay': 0}
    """
    settings = settings_of(
        case=case,
        timestamp=timestamp,
        touchpoint=touchpoint,
        channel=channel,
        stage=stage,
        sentiment=sentiment,
        scale_name=scale,
        session_gap=session_gap,
        stages=stages,
        order=order,
        timestamp_format=timestamp_format,
        on_invalid=on_invalid,
        keep_cases=keep_cases,
        rename=rename,
    )
    return from_counts(count(table, settings), settings)


def from_counts(counted: Any, settings: Settings) -> Aggregate:
    """Build the aggregate from what the engine counted."""
    points: dict[str, dict[str, Any]] = {}
    steps: dict[tuple[str, str], dict[str, Any]] = {}
    start: int | None = None
    end: int | None = None
    for (
        point,
        target,
        channel,
        stage,
        events,
        millis,
        answers,
        sentiment,
        promoters,
        detractors,
        first,
        last,
        _duplicates,
        shortest,
        longest,
    ) in counted.groups:
        p = points.get(point)
        if p is None:
            p = points[point] = {
                "events": 0,
                "ends": 0,
                "first": first,
                "answers": 0,
                "sentiment": 0,
                "promoters": 0,
                "detractors": 0,
                "channels": Counter(),
                "stages": Counter(),
            }
        p["events"] += events
        p["answers"] += answers
        p["sentiment"] += sentiment
        p["promoters"] += promoters
        p["detractors"] += detractors
        if first < p["first"]:
            p["first"] = first
        if channel is not None:
            p["channels"][channel] += events
        if stage is not None:
            p["stages"][stage] += events
        start = first if start is None or first < start else start
        end = last if end is None or last > end else end
        if target is None:
            p["ends"] += events
            continue
        s = steps.get((point, target))
        if s is None:
            s = steps[point, target] = {
                "count": 0,
                "millis": 0,
                "shortest": shortest,
                "longest": longest,
                "buckets": {},
            }
        s["count"] += events
        s["millis"] += millis
        s["shortest"] = min(s["shortest"], shortest)
        s["longest"] = max(s["longest"], longest)
    key: tuple[str, str] | None = None
    histogram: dict[int, int] = {}
    for point, target, bucket, n in counted.buckets:  # some 10⁵ rows, grouped by step
        if (point, target) != key:
            key = (point, target)
            histogram = steps[key]["buckets"]
        histogram[bucket] = histogram.get(bucket, 0) + n
    reach = dict(counted.reach)
    customers = None
    if counted.heads_tails is not None:
        customers = _customers(counted.heads_tails, counted.reached or [])
    return Aggregate(
        points=tuple(
            PointCounts(name=name, reach=reach.get(name, 0), **fields)
            for name, fields in sorted(points.items())
        ),
        steps=tuple(
            StepCounts(source=a, target=b, **fields) for (a, b), fields in sorted(steps.items())
        ),
        rows=counted.rows,
        cases=sum(p["ends"] for p in points.values()),
        start=start,
        end=end,
        time_zone=counted.time_zone,
        scale=settings.scale.name,
        session_gap=settings.session_gap,
        stages_map=None if settings.stages is None else FrozenMap(settings.stages),
        dropped=counted.dropped,
        customers=customers,
    )


def _customers(
    heads_tails: Iterable[tuple[Any, ...]], reached: Iterable[tuple[Any, ...]]
) -> tuple[CustomerCases, ...]:
    touched: dict[tuple[str, bool], list[str]] = {}
    for customer, head, point in reached:
        touched.setdefault((str(customer), bool(head)), []).append(str(point))
    spans: dict[str, dict[bool, CaseSpan]] = {}
    for customer, head, first, first_at, last, last_at in heads_tails:
        key = str(customer)
        spans.setdefault(key, {})[bool(head)] = CaseSpan(
            first=str(first),
            first_at=int(first_at),
            last=str(last),
            last_at=int(last_at),
            reached=touched.get((key, bool(head)), ()),
        )
    out = []
    for customer, found in sorted(spans.items()):
        head = found.get(True)
        tail = found.get(False)
        if head is None:  # pragma: no cover - every customer has a first case
            raise EventsError(f"customer {c.show(customer)} has no first case")
        out.append(CustomerCases(customer=customer, head=head, tail=tail))
    return tuple(out)


# -- merging -------------------------------------------------------------------------


def merge(*aggregates: Aggregate) -> Aggregate:
    """Combine aggregates of parts of one event log into the aggregate of the whole.

    Exact. Parts of different customers merge in any order and grouping.
    Parts cut by time merge in any order, too, as long as each merge joins
    periods that follow each other: ``merge(monday, wednesday)`` before
    tuesday is added would take a customer's last Monday event and first
    Wednesday event for consecutive ones. Given several aggregates at once,
    ``merge`` takes them in time order, so ``merge(*days)`` is always right.
    See :mod:`journeykit.events.aggregation` for what parts may be merged.

    Parameters
    ----------
    *aggregates : Aggregate
        One or more aggregates; ``a + b`` merges two.

    Returns
    -------
    Aggregate
        The aggregate of all the events.

    Raises
    ------
    EventsError
        No aggregates; aggregates counted with different settings (scale,
        session gap, stages mapping, time zone, kept cases or not); or a
        customer whose events interleave in time across two aggregates.
    """
    if not aggregates:
        raise EventsError("merge needs at least one aggregate")
    for i, item in enumerate(aggregates):
        if not isinstance(item, Aggregate):
            raise EventsError(f"merge: argument {i + 1} is {c.show(item)}, not an Aggregate")
    ordered = sorted(aggregates, key=_period_key)
    result = ordered[0]
    for other in ordered[1:]:
        result = _merge_two(result, other)
    return result


def _period_key(counts: Aggregate) -> tuple[int, int]:
    # Empty aggregates (no events) have no period; they change nothing wherever they go.
    return (
        counts.start if counts.start is not None else -(2**63),
        counts.end if counts.end is not None else -(2**63),
    )


def _merge_two(a: Aggregate, b: Aggregate) -> Aggregate:
    for field in ("scale", "session_gap", "stages_map", "time_zone"):
        if getattr(a, field) != getattr(b, field):
            raise EventsError(
                f"cannot merge aggregates counted with different {field.replace('_', ' ')}s: "
                f"{c.show(getattr(a, field))} and {c.show(getattr(b, field))}"
            )
    if (a.customers is None) != (b.customers is None):
        raise EventsError(
            "cannot merge an aggregate that kept each customer's cases with one that did not: "
            "the result could not join cases across a cut in time; count both with the same "
            "keep_cases"
        )
    points = {p.name: attrs.asdict(p, recurse=False) for p in a.points}
    for p in b.points:
        if p.name not in points:
            points[p.name] = attrs.asdict(p, recurse=False)
            continue
        mine = points[p.name]
        for field in ("events", "reach", "ends", "answers", "sentiment", "promoters", "detractors"):
            mine[field] += getattr(p, field)
        mine["first"] = min(mine["first"], p.first)
        mine["channels"] = Counter(mine["channels"]) + Counter(p.channels)
        mine["stages"] = Counter(mine["stages"]) + Counter(p.stages)
    steps = {(s.source, s.target): attrs.asdict(s, recurse=False) for s in a.steps}
    for s in b.steps:
        _add_step(steps, s.source, s.target, s.count, s.millis, s.buckets, (s.shortest, s.longest))
    cases = a.cases + b.cases
    customers: tuple[CustomerCases, ...] | None = None
    if a.customers is not None and b.customers is not None:
        joined, cases_less = _join_customers(a, b, points, steps)
        customers = joined
        cases -= cases_less
    return Aggregate(
        points=tuple(PointCounts(**fields) for _, fields in sorted(points.items())),
        steps=tuple(StepCounts(**fields) for _, fields in sorted(steps.items())),
        rows=a.rows + b.rows,
        cases=cases,
        start=_pick(min, a.start, b.start),
        end=_pick(max, a.end, b.end),
        time_zone=a.time_zone,
        scale=a.scale,
        session_gap=a.session_gap,
        stages_map=a.stages_map,
        dropped=Counter(a.dropped) + Counter(b.dropped),
        customers=customers,
    )


def _pick(choose: Any, x: int | None, y: int | None) -> int | None:
    if x is None:
        return y
    if y is None:
        return x
    return int(choose(x, y))


def _add_step(
    steps: dict[tuple[str, str], dict[str, Any]],
    source: str,
    target: str,
    n: int,
    millis: int,
    buckets: Mapping[int, int],
    extremes: tuple[int, int],
) -> None:
    found = steps.get((source, target))
    if found is None:
        steps[source, target] = {
            "source": source,
            "target": target,
            "count": n,
            "millis": millis,
            "shortest": extremes[0],
            "longest": extremes[1],
            "buckets": dict(buckets),
        }
        return
    found["count"] += n
    found["millis"] += millis
    found["shortest"] = min(found["shortest"], extremes[0])
    found["longest"] = max(found["longest"], extremes[1])
    found["buckets"] = Counter(found["buckets"]) + Counter(buckets)


def _join_customers(
    a: Aggregate,
    b: Aggregate,
    points: dict[str, dict[str, Any]],
    steps: dict[tuple[str, str], dict[str, Any]],
) -> tuple[tuple[CustomerCases, ...], int]:
    """Customers of both parts, with cases that run across the cut joined up.

    Adjusts ``points`` and ``steps`` in place and returns the customers and
    how many cases were joined (each join makes two counted cases one).
    """
    theirs = {cc.customer: cc for cc in b.customers or ()}
    out: dict[str, CustomerCases] = {cc.customer: cc for cc in a.customers or ()}
    joined = 0
    for name, other in theirs.items():
        mine = out.get(name)
        if mine is None:
            out[name] = other
            continue
        early, late = sorted((mine, other), key=_time_key)
        before, after = early.spans(), late.spans()
        last, nxt = before[-1], after[0]
        if last.last_at > nxt.first_at:
            raise EventsError(
                f"customer {c.show(name)} has events in both aggregates at overlapping times; "
                "merge aggregates of different customers, or of periods that follow each "
                "other (a period merged twice overlaps itself)"
            )
        gap = nxt.first_at - last.last_at
        if a.session_gap is not None and gap > a.session_gap:
            spans = before + after
        else:
            if gap == 0 and last.last == nxt.first:
                raise EventsError(
                    f"customer {c.show(name)}: the first event of one aggregate repeats the "
                    "last event of the other (the same time and touchpoint); are the same "
                    "events counted in both, say a day merged twice?"
                )
            joined += 1
            _add_step(
                steps, last.last, nxt.first, 1, gap // 1000, {durations.bucket(gap): 1}, (gap, gap)
            )
            points[last.last]["ends"] -= 1
            for point in set(last.reached) & set(nxt.reached):
                points[point]["reach"] -= 1
            whole = CaseSpan(
                first=last.first,
                first_at=last.first_at,
                last=nxt.last,
                last_at=nxt.last_at,
                reached=(*last.reached, *nxt.reached),
            )
            spans = [*before[:-1], whole, *after[1:]]
        out[name] = CustomerCases(
            customer=name, head=spans[0], tail=spans[-1] if len(spans) > 1 else None
        )
    return tuple(out[name] for name in sorted(out)), joined


def _time_key(cases: CustomerCases) -> tuple[Any, ...]:
    spans = cases.spans()
    return (spans[0].first_at, spans[-1].last_at, attrs.astuple(spans[0]))


# -- files ---------------------------------------------------------------------------


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)

    def is_map(key: type, value: type) -> Any:
        return lambda t: _is_frozen_map(t) and typing.get_args(t) == (key, value)

    conv.register_structure_hook_func(is_map(str, int), lambda v, _: _counter(_plain_map(v, int)))
    conv.register_structure_hook_func(is_map(int, int), lambda v, _: _counter(_bucket_map(v)))
    conv.register_structure_hook_func(is_map(str, str), lambda v, _: FrozenMap(_plain_map(v, str)))
    conv.register_unstructure_hook_func(
        lambda t: t is FrozenMap or _is_frozen_map(t),
        lambda m: {str(k): v for k, v in m.items()},
    )
    return conv


def _is_frozen_map(t: Any) -> bool:
    return typing.get_origin(t) is FrozenMap


def _plain_map(value: Any, kind: type) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a mapping, got {c.show(value)}")
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, kind) or isinstance(item, bool):
            raise ValueError(f"unexpected entry {c.show(key)}: {c.show(item)}")
    return dict(value)


def _bucket_map(value: Any) -> dict[int, int]:
    plain = _plain_map(value, int)
    try:
        return {int(key): n for key, n in plain.items()}
    except ValueError:
        raise ValueError("bucket keys must be whole numbers") from None


_converter = _make_converter()


def load_aggregate(source: str | os.PathLike[str] | IO[bytes]) -> Aggregate:
    """Read an aggregate that :meth:`Aggregate.save` wrote (``.gz`` is decompressed).

    Parameters
    ----------
    source : str, os.PathLike or binary file object
        The file.

    Returns
    -------
    Aggregate

    Raises
    ------
    FormatError
        The file is not an aggregate of a version this journeykit reads.
    """
    c.require_source(source, "source", "load_aggregate")
    name = getattr(source, "name", None) if not isinstance(source, str | os.PathLike) else source
    where = str(name) if name is not None else None
    try:
        if isinstance(source, str | os.PathLike):
            raw = checked_path(source, "source").read_bytes()
        else:
            raw = source.read()
    except OSError as exc:
        raise FormatError(
            f"cannot read the aggregate: {exc.strerror or exc}", source=where
        ) from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise FormatError(f"broken gzip data: {exc}", source=where) from None
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "colno", None)
        raise FormatError(f"not JSON: {exc}", source=where, line=line, column=col) from None
    return from_dict(data, source=where)


def from_dict(data: Any, *, source: str | None = None) -> Aggregate:
    """The aggregate held in plain data, as :meth:`Aggregate.to_dict` gives it."""
    if not isinstance(data, dict) or data.get(FORMAT_KEY) != FORMAT_VERSION:
        raise FormatError(
            f'not a journeykit events aggregate (expected "{FORMAT_KEY}": {FORMAT_VERSION} '
            "at the top)",
            source=source,
        )
    body = {k: v for k, v in data.items() if k != FORMAT_KEY}
    try:
        return _converter.structure(body, Aggregate)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        detail = (
            "; ".join(cattrs.transform_error(exc))
            if isinstance(exc, cattrs.BaseValidationError)
            else str(exc)
        )
        raise FormatError(f"not a valid aggregate: {c.show(detail, 300)}", source=source) from None
