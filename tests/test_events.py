"""What :mod:`journeykit.events` counts, against a reference written in plain Python.

The reference (:func:`reference`) reads the issue's definitions literally:
events sorted by customer, time and a tie rule; an event that repeats the
one before it (same customer, time and touchpoint) is a duplicate; a
customer's events split into cases where the time to the next is strictly
more than the session gap; each case's consecutive events are a step
(directly-follows, a touchpoint met twice in a row is a step to itself);
reach is the number of cases with an event at a touchpoint, entries and
exits the cases that begin and end there; durations are exact.

Event logs come from :func:`journeykit.testing.event_logs`; the properties
run them through pandas and polars (eager: ties keep the input order) and
polars lazy and DuckDB (lazy: ties go by touchpoint name), and compare.

Tolerances, and why they are what they are:

- Counts (events, reach, entries, exits, steps, cases, rows, drops) and the
  shortest and longest step are exact.
- The mean of a step is kept as a sum of whole milliseconds: each step
  loses less than 1 ms, so the mean is off by less than 1 ms. A journey's
  ``Duration`` is rounded to the millisecond as well, which adds up to
  0.5 ms: 1.5 ms in all. (Steps of 1.999 ms and 0.999 ms keep 1 ms and
  0 ms: a mean of 0.5 ms for a true 1.499 ms, which rounds to 0 or 1 ms.)
- A median or 90th percentile is the middle of a log bucket 2**(1/16)
  wide, so it is within ``RELATIVE_ERROR`` (2.2 %) of the nearest-rank
  value — the value at rank ceil(q·n) of the n sorted durations, e.g. the
  2nd of 3 for the median and the 3rd of 3 for p90 — and clamped to the
  shortest and longest step. Durations of 0.5 s, 1 s and 60 s (n = 3): the
  median is the 2nd, 1 s, in bucket floor(16·log2(10**6)) = 318, read as
  2**(318.5/16) µs = 0.983 s (1.7 % low); p90 is the 3rd, 60 s, read as
  60.22 s and clamped to the longest step: 60 s.
- Emotion is the mean score through :mod:`journeykit.scales`. Scores are
  summed in millionths and the emotion rounded to 6 places: off by at most
  1e-6 (a CSAT mean of 4 is an emotion of 0.5; an NPS mean of 7, 0.4).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import attrs
import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import event, given, note, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit import events
from journeykit.events.durations import RELATIVE_ERROR
from journeykit.scales import scale
from journeykit.testing import event_logs

EAGER = ("pandas", "polars")
LAZY = ("polars-lazy", "duckdb")
EPOCH = datetime(1970, 1, 1)
COLUMNS = {"case": "customer", "timestamp": "time", "touchpoint": "touchpoint"}

# Each test runs a share of the profile's examples (see tests/conftest.py): an
# aggregate takes some 20 ms on polars and 150-300 ms on pandas or DuckDB, so
# the polars properties take the largest shares.
PROFILE_EXAMPLES = settings().max_examples


def share(fraction: float) -> settings:
    """Settings running ``fraction`` of the profile's examples (at least 5)."""
    return settings(max_examples=max(5, round(PROFILE_EXAMPLES * fraction)))


# -- tables --------------------------------------------------------------------

_DUCK = duckdb.connect()


def table(log: Mapping[str, Sequence[Any]], engine: str) -> Any:
    """The event log as a table of ``engine``, with explicit column types."""
    types = {
        "customer": pa.string(),
        "time": pa.timestamp("us"),
        "touchpoint": pa.string(),
        "sentiment": pa.float64(),
        "stage": pa.string(),
        "channel": pa.string(),
        "order": pa.int64(),
    }
    arrow = pa.table({name: pa.array(values, type=types[name]) for name, values in log.items()})
    if engine == "pandas":  # as users make them: from Python lists
        frame = pd.DataFrame(dict(log))
        return frame.astype({"sentiment": "float64"}) if "sentiment" in log else frame
    if engine == "polars":
        return pl.from_arrow(arrow)
    if engine == "polars-lazy":
        frame = pl.from_arrow(arrow)
        assert isinstance(frame, pl.DataFrame)
        return frame.lazy()
    if engine == "duckdb":
        return _DUCK.from_arrow(arrow)
    raise AssertionError(engine)


def micros(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(microseconds=1)


# -- the reference ---------------------------------------------------------------


@attrs.define
class Point:
    events: int = 0
    reach: int = 0
    entries: int = 0
    exits: int = 0
    first: int | None = None
    scores: list[float] = attrs.Factory(list)


@attrs.define
class Case:
    customer: str
    events: list[tuple[int, str]]  # (time, touchpoint) in order


@attrs.define
class Reference:
    points: dict[str, Point]
    steps: dict[tuple[str, str], list[int]]  # durations in microseconds
    cases: list[Case]
    rows: int
    duplicates: int

    @property
    def start(self) -> int:
        return min(t for case in self.cases for t, _ in case.events)

    @property
    def end(self) -> int:
        return max(t for case in self.cases for t, _ in case.events)


def reference(
    log: Mapping[str, Sequence[Any]], *, ties: str = "input", session_gap: int | None = None
) -> Reference:
    """The counts of ``log`` by the issue's definitions.

    ``ties`` puts a customer's events at the same time in order: ``"input"``
    keeps the order of the rows (eager engines), ``"name"`` sorts them by
    touchpoint name (lazy engines), and ``"order"`` by the log's ``order``
    column (then by the order of the rows). ``session_gap`` is in microseconds.
    """
    n = len(log["customer"])
    scores = log.get("sentiment", [None] * n)
    rows = [
        (log["customer"][i], micros(log["time"][i]), log["touchpoint"][i], scores[i], i)
        for i in range(n)
    ]
    if ties == "input":
        rows.sort(key=lambda r: (r[0], r[1], r[4]))
    elif ties == "name":
        rows.sort(key=lambda r: (r[0], r[1], r[2], r[4]))
    else:
        rows.sort(key=lambda r: (r[0], r[1], log["order"][r[4]], r[4]))
    kept: list[tuple[Any, ...]] = []
    for row in rows:
        if kept and kept[-1][:3] == row[:3]:
            continue  # a duplicate of the event before it
        kept.append(row)
    cases: list[Case] = []
    points: dict[str, Point] = {}
    for customer, time, name, score, _ in kept:
        new = not cases or cases[-1].customer != customer
        if not new and session_gap is not None:
            new = time - cases[-1].events[-1][0] > session_gap
        if new:
            cases.append(Case(customer, []))
        cases[-1].events.append((time, name))
        point = points.setdefault(name, Point())
        point.events += 1
        point.first = time if point.first is None else min(point.first, time)
        if score is not None:
            point.scores.append(score)
    steps: dict[tuple[str, str], list[int]] = {}
    for case in cases:
        names = [name for _, name in case.events]
        for name in set(names):
            points[name].reach += 1
        points[names[0]].entries += 1
        points[names[-1]].exits += 1
        for (t0, a), (t1, b) in zip(case.events, case.events[1:], strict=False):
            steps.setdefault((a, b), []).append(t1 - t0)
    return Reference(points, steps, cases, len(kept), n - len(kept))


def nearest_rank(values: Sequence[int], q: float) -> int:
    """The value at rank ceil(q·n) of the sorted values (rank 1 at least)."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q * len(ordered))) - 1]


def within_buckets(estimate_us: float, durations_us: Sequence[int], q: float) -> bool:
    true = nearest_rank(durations_us, q)
    inside = min(durations_us) - 1e-6 <= estimate_us <= max(durations_us) + 1e-6
    close = abs(estimate_us - true) <= RELATIVE_ERROR * true * (1 + 1e-9) + 1e-6
    return inside and close


def exact_mean_seconds(durations_us: Sequence[int]) -> float:
    return sum(durations_us) / len(durations_us) / 1e6


def mean_emotion(scores: Sequence[float], scale_name: str) -> float:
    return scale(scale_name).to_emotion(sum(scores) / len(scores))


# -- comparing -------------------------------------------------------------------


def assert_aggregate(agg: events.Aggregate, ref: Reference, scale_name: str | None) -> None:
    """Every count of ``agg`` equals the reference's; durations within their bounds."""
    assert {p.name: (p.events, p.reach, p.ends, p.first) for p in agg.points} == {
        name: (p.events, p.reach, p.exits, p.first) for name, p in ref.points.items()
    }
    assert agg.entries == {name: p.entries for name, p in ref.points.items()}
    assert {p.name: p.answers for p in agg.points} == {
        name: len(p.scores) for name, p in ref.points.items()
    }
    assert (agg.rows, agg.cases, agg.start, agg.end) == (
        ref.rows,
        len(ref.cases),
        ref.start,
        ref.end,
    )
    assert {(s.source, s.target): s.count for s in agg.steps} == {
        pair: len(d) for pair, d in ref.steps.items()
    }
    for s in agg.steps:
        durations_us = ref.steps[s.source, s.target]
        assert (s.shortest, s.longest) == (min(durations_us), max(durations_us))
        assert sum(s.buckets.values()) == s.count
        assert abs(s.mean() - exact_mean_seconds(durations_us)) < 1e-3
        for q in (0.5, 0.9):
            assert within_buckets(s.quantile(q) * 1e6, durations_us, q), (q, durations_us)
    if scale_name is not None:
        for p in agg.points:
            scores = ref.points[p.name].scores
            if scores:
                mean = p.sentiment / 1e6 / p.answers
                assert abs(mean - sum(scores) / len(scores)) <= 1e-6
            if scale_name == "nps":  # promoters answer 9 or 10, detractors 0 to 6
                assert p.promoters == sum(1 for x in scores if x >= 9)
                assert p.detractors == sum(1 for x in scores if x <= 6)
    assert agg.time_zone is None
    assert agg.scale == (scale_name or "valence")


def assert_customers(agg: events.Aggregate, ref: Reference) -> None:
    """Each customer's first and last case, as the aggregate keeps them."""

    def span(case: Case) -> tuple[Any, ...]:
        (t0, first), (t1, last) = case.events[0], case.events[-1]
        return (first, t0, last, t1, tuple(sorted({name for _, name in case.events})))

    expected: dict[str, list[tuple[Any, ...]]] = {}
    for case in ref.cases:
        expected.setdefault(case.customer, []).append(span(case))
    assert agg.customers is not None
    got = {
        cc.customer: [(s.first, s.first_at, s.last, s.last_at, s.reached) for s in cc.spans()]
        for cc in agg.customers
    }
    assert got == {
        customer: spans if len(spans) == 1 else [spans[0], spans[-1]]
        for customer, spans in expected.items()
    }


def is_acyclic(pairs: Sequence[tuple[str, str]]) -> bool:
    """Whether the steps between different touchpoints form no cycle."""
    left = {(a, b) for a, b in pairs if a != b}
    while left:
        targets = {b for _, b in left}
        starts = {a for a, _ in left} - targets
        if not starts:
            return False
        left = {(a, b) for a, b in left if a not in starts}
    return True


def assert_flow_order(names: Sequence[str], ref: Reference) -> None:
    """Touchpoints come in flow order: when the steps allow it, none goes backwards."""
    if is_acyclic(list(ref.steps)):
        position = {name: i for i, name in enumerate(names)}
        backwards = [(a, b) for a, b in ref.steps if position[a] > position[b]]
        assert not backwards, names


def assert_journey(
    journey: jk.Journey, ref: Reference, scale_name: str | None, gap: int | None
) -> None:
    """The discovered journey says what the reference counted."""
    assert [s.name for s in journey.stages] == ["Observed"]
    assert sorted(tp.name for tp in journey.touchpoints) == sorted(ref.points)
    assert_flow_order([tp.name for tp in journey.touchpoints], ref)
    name_of = {tp.id: tp.name for tp in journey.touchpoints}
    assert len(name_of) == len(ref.points)  # names that slug alike still get ids of their own
    for tp in journey.touchpoints:
        p = ref.points[tp.name]
        assert (tp.reach, tp.entries, tp.exits) == (p.reach, p.entries, p.exits)
        assert tp.evidence[0].sample_size == p.reach
        if scale_name is not None and p.scores:
            assert tp.emotion is not None
            assert abs(tp.emotion - mean_emotion(p.scores, scale_name)) <= 1e-6 + 1e-12
            assert tp.evidence[1].sample_size == len(p.scores)
        else:
            assert tp.emotion is None
            assert len(tp.evidence) == 1
    flows = {(name_of[f.source], name_of[f.target]): f for f in journey.flows}
    assert {pair: f.count for pair, f in flows.items()} == {
        pair: len(d) for pair, d in ref.steps.items()
    }
    for pair, flow in flows.items():
        durations_us = ref.steps[pair]
        assert flow.duration is not None
        assert abs(flow.duration.mean - exact_mean_seconds(durations_us)) <= 1.5e-3 + 1e-9
        for q, value in ((0.5, flow.duration.median), (0.9, flow.duration.p90)):
            true = nearest_rank(durations_us, q) / 1e6
            assert min(durations_us) / 1e6 - 5e-4 <= value <= max(durations_us) / 1e6 + 5e-4
            assert abs(value - true) <= RELATIVE_ERROR * true * (1 + 1e-9) + 5e-4 + 1e-9
    unit = "customers" if gap is None else "sessions"
    assert journey.scope is not None
    assert f"{ref.rows:,} events of {len(ref.cases):,} {unit}" in journey.scope


# -- scenarios ---------------------------------------------------------------------

SCALES = st.sampled_from([None, "valence", "csat", "nps", "likert"])


@st.composite
def gaps(draw: st.DrawFn, log: Mapping[str, Sequence[Any]]) -> int | None:
    """No session gap, or one in microseconds: often exactly a gap between two events."""
    by_customer: dict[str, set[int]] = {}
    for customer, moment in zip(log["customer"], log["time"], strict=True):
        by_customer.setdefault(customer, set()).add(micros(moment))
    between = sorted(
        {b - a for times in by_customer.values() for a, b in itertools.pairwise(sorted(times))}
    )
    choices = [st.integers(1, 7 * 24 * 3600 * 10**6), st.none()]
    if between:
        choices.insert(0, st.sampled_from(between))
    return draw(st.one_of(choices))


@st.composite
def scenarios(
    draw: st.DrawFn, *, ties: bool = True, duplicates: bool = False
) -> tuple[dict[str, list[Any]], str | None, int | None]:
    """An event log, the scale of its sentiment (or ``None``) and a session gap."""
    scale_name = draw(SCALES)
    log = draw(event_logs(ties=ties, duplicates=duplicates, sentiment=scale_name))
    return log, scale_name, draw(gaps(log))


def options(scale_name: str | None, gap: int | None) -> dict[str, Any]:
    out: dict[str, Any] = dict(COLUMNS)
    if scale_name is not None:
        out.update(sentiment="sentiment", scale=scale_name)
    if gap is not None:
        out["session_gap"] = timedelta(microseconds=gap)
    return out


def check_engine(
    engine: str, log: dict[str, list[Any]], scale_name: str | None, gap: int | None
) -> None:
    ties = "input" if engine in EAGER else "name"
    ref = reference(log, ties=ties, session_gap=gap)
    note(f"{engine}: {ref.rows} events, {len(ref.cases)} cases, {len(ref.steps)} steps")
    customers = len(set(log["customer"]))
    event("sessions split" if len(ref.cases) > customers else "a case per customer")
    event("with duplicates" if ref.duplicates else "no duplicates")
    event("a self-loop" if any(a == b for a, b in ref.steps) else "no self-loop")
    at_once = {(c, t) for c, t in zip(log["customer"], log["time"], strict=True)}
    event("ties" if len(at_once) < len(log["time"]) else "no ties")
    drop = ref.duplicates > 0
    kwargs = options(scale_name, gap) | ({"on_invalid": "drop"} if drop else {})
    agg = events.aggregate(table(log, engine), **kwargs)
    assert_aggregate(agg, ref, scale_name)
    assert_customers(agg, ref)
    assert sum(agg.dropped.values()) == ref.duplicates
    assert all("duplicate" in reason for reason in agg.dropped)
    assert agg.session_gap == gap
    journey = agg.to_journey()
    assert_journey(journey, ref, scale_name, gap)
    if drop:
        assert journey.scope is not None
        assert "Left out:" in journey.scope


# -- the properties ----------------------------------------------------------------


@share(0.5)
@given(scenarios(duplicates=True))
def test_polars_matches_the_reference(scenario: Any) -> None:
    check_engine("polars", *scenario)


@share(0.08)
@given(scenarios(duplicates=True))
def test_pandas_matches_the_reference(scenario: Any) -> None:
    check_engine("pandas", *scenario)


@share(0.4)
@given(scenarios())
def test_polars_lazy_matches_the_reference_with_ties_by_name(scenario: Any) -> None:
    # Without duplicates: of two events alike but for their score, a lazy
    # engine, which has no row order, may keep either.
    check_engine("polars-lazy", *scenario)


@share(0.06)
@given(scenarios())
def test_duckdb_matches_the_reference_with_ties_by_name(scenario: Any) -> None:
    check_engine("duckdb", *scenario)


@share(0.15)
@given(scenarios(ties=False))
def test_without_ties_every_engine_counts_alike(scenario: Any) -> None:
    """With no two events of a customer at one time, the tie rule does not matter."""
    log, scale_name, gap = scenario
    assert reference(log, ties="input", session_gap=gap) == reference(
        log, ties="name", session_gap=gap
    )
    polars = events.aggregate(table(log, "polars"), **options(scale_name, gap))
    lazy = events.aggregate(table(log, "polars-lazy"), **options(scale_name, gap))
    assert polars == lazy


@share(0.12)
@given(scenarios(duplicates=True))
def test_discover_is_the_aggregate_as_a_journey(scenario: Any) -> None:
    log, scale_name, gap = scenario
    kwargs = options(scale_name, gap) | {"on_invalid": "drop"}
    frame = table(log, "polars")
    kept = events.aggregate(frame, **kwargs)
    plain = events.aggregate(frame, keep_cases=False, **kwargs)
    assert plain.customers is None
    assert plain == attrs.evolve(kept, customers=None)
    assert events.discover(frame, **kwargs) == kept.to_journey()


@share(0.15)
@given(scenarios(), st.data(), st.sampled_from(["pandas", "polars", "polars-lazy"]))
def test_an_order_column_breaks_ties_alike_on_every_engine(
    scenario: Any, data: Any, engine: str
) -> None:
    """With ``order=`` (a sequence number), ties go by it on eager and lazy engines alike."""
    log, scale_name, gap = scenario
    n = len(log["time"])
    log = log | {"order": data.draw(st.permutations(range(n)), label="order")}
    ref = reference(log, ties="order", session_gap=gap)
    agg = events.aggregate(table(log, engine), order="order", **options(scale_name, gap))
    assert_aggregate(agg, ref, scale_name)
    assert_customers(agg, ref)


@share(0.1)
@given(
    st.lists(st.integers(0, 10**11), min_size=1, max_size=40),
    st.sampled_from(["polars", "polars-lazy"]),
)
def test_quantiles_of_many_steps_are_within_the_bound(durations_us: list[int], engine: str) -> None:
    """Each customer steps from A to B once, after one of the drawn durations.

    Up to 40 durations of 0 to 28 hours, so that the median and p90 fall
    strictly inside them, where clamping to the shortest and longest step
    cannot help.
    """
    start = datetime(2026, 3, 1)
    log = {
        "customer": [f"c{i}" for i in range(len(durations_us)) for _ in "AB"],
        "time": [start + timedelta(microseconds=x) for d in durations_us for x in (0, d)],
        "touchpoint": ["A", "B"] * len(durations_us),
    }
    agg = events.aggregate(table(log, engine), **COLUMNS)
    (step,) = agg.steps
    assert (step.source, step.target, step.count) == ("A", "B", len(durations_us))
    assert (step.shortest, step.longest) == (min(durations_us), max(durations_us))
    assert abs(step.mean() - exact_mean_seconds(durations_us)) < 1e-3
    for q in (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0):
        assert within_buckets(step.quantile(q) * 1e6, durations_us, q), q
    (flow,) = agg.to_journey().flows
    assert flow.duration is not None
    for q, value in ((0.5, flow.duration.median), (0.9, flow.duration.p90)):
        true = nearest_rank(durations_us, q) / 1e6
        assert abs(value - true) <= RELATIVE_ERROR * true * (1 + 1e-9) + 5e-4 + 1e-9


def test_a_median_is_read_off_its_bucket() -> None:
    """The example of the module's docstring: 0.5 s, 1 s and 60 s."""
    start = datetime(2026, 3, 1)
    log = {
        "customer": ["a", "a", "b", "b", "c", "c"],
        "time": [start + timedelta(seconds=x) for d in (0.5, 1, 60) for x in (0, d)],
        "touchpoint": ["A", "B"] * 3,
    }
    (step,) = events.aggregate(table(log, "polars"), **COLUMNS).steps
    assert step.quantile(0.5) == pytest.approx(2 ** (318.5 / 16) / 1e6, abs=1e-12)
    assert step.quantile(0.5) == pytest.approx(0.9826, abs=1e-4)
    assert step.quantile(0.9) == 60.0
    assert step.mean() == pytest.approx(61.5 / 3)


# -- sessions ----------------------------------------------------------------------


@share(0.1)
@given(scenarios(), st.sampled_from(["polars", "polars-lazy"]))
def test_a_gap_of_exactly_the_session_gap_stays_in_the_case(scenario: Any, engine: str) -> None:
    """Cases split where the time between two events is strictly more than the gap.

    The same log counted with the gap itself and with one microsecond less
    differs exactly where two events are ``gap`` apart.
    """
    log, scale_name, gap = scenario
    if gap is None or gap < 2:
        gap = 60_000_000
    ties = "input" if engine in EAGER else "name"
    at = events.aggregate(table(log, engine), **options(scale_name, gap))
    below = events.aggregate(table(log, engine), **options(scale_name, gap - 1))
    assert at.cases == len(reference(log, ties=ties, session_gap=gap).cases)
    assert below.cases == len(reference(log, ties=ties, session_gap=gap - 1).cases)
    assert at.cases <= below.cases


def test_session_gap_text_and_timedelta_agree() -> None:
    # a: 10:00 and 10:30 (30 min apart: one session), then 11:01 (31 min: a new one).
    log = {
        "customer": ["a", "a", "a", "b"],
        "time": [datetime(2026, 3, 1, h, m) for h, m in ((10, 0), (10, 30), (11, 1), (9, 0))],
        "touchpoint": ["Home", "Cart", "Pay", "Home"],
    }
    frame = table(log, "polars")
    texts = [
        events.aggregate(frame, session_gap=gap, **COLUMNS)
        for gap in ("30min", "30 min", "0.5h", "1800s", timedelta(minutes=30))
    ]
    assert all(agg == texts[0] for agg in texts)
    assert texts[0].cases == 3
    assert {(s.source, s.target): s.count for s in texts[0].steps} == {("Home", "Cart"): 1}
    assert events.aggregate(frame, **COLUMNS).cases == 2
    journey = events.discover(frame, session_gap="30min", **COLUMNS)
    assert journey.scope is not None
    assert "3 sessions" in journey.scope


# -- stages, channels --------------------------------------------------------------


@share(0.15)
@given(
    scenarios(ties=False),
    st.lists(st.sampled_from(["Aware", "Consider", "Buy"]), min_size=6, max_size=6),
)
def test_stages_from_a_mapping_come_in_the_mappings_order(scenario: Any, labels: list[str]) -> None:
    log, _, _ = scenario
    names = sorted(set(log["touchpoint"]))
    mapping = {name: labels[i % len(labels)] for i, name in enumerate(names)}
    journey = events.discover(table(log, "polars"), stages=mapping, **COLUMNS)
    ref = reference(log)
    named = list(dict.fromkeys(mapping.values()))
    used = [s for s in named if any(mapping[n] == s for n in ref.points)]
    assert [s.name for s in journey.stages] == used
    for stage in journey.stages:
        inside = [tp.name for tp in stage.touchpoints]
        assert sorted(inside) == sorted(n for n in ref.points if mapping[n] == stage.name)
        within = attrs.evolve(
            ref, steps={(a, b): d for (a, b), d in ref.steps.items() if a in inside and b in inside}
        )
        if is_acyclic(list(ref.steps)):
            assert_flow_order(inside, within)


@share(0.15)
@given(scenarios(ties=False), st.data())
def test_stages_and_channels_from_columns_go_by_most_events(scenario: Any, data: Any) -> None:
    """A touchpoint's stage and channel are the labels most of its events carry.

    Ties go to the first label by name; stages come in the order of their
    flow order; "Store" and "Phone" channels are offline.
    """
    log, _, _ = scenario
    n = len(log["customer"])
    labels = st.lists(st.sampled_from(["Aware", "Buy", "Use"]), min_size=n, max_size=n)
    channels = st.lists(st.sampled_from(["Website", "Store", "Phone"]), min_size=n, max_size=n)
    log = log | {"stage": data.draw(labels), "channel": data.draw(channels)}
    journey = events.discover(table(log, "polars"), stage="stage", channel="channel", **COLUMNS)
    ref = reference(log)

    def majority(column: str, name: str) -> str:
        votes = Counter(v for v, t in zip(log[column], log["touchpoint"], strict=True) if t == name)
        return min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    stage_of = {name: majority("stage", name) for name in ref.points}
    assert sorted(s.name for s in journey.stages) == sorted(set(stage_of.values()))
    for stage in journey.stages:
        assert sorted(tp.name for tp in stage.touchpoints) == sorted(
            name for name, label in stage_of.items() if label == stage.name
        )
    # Stages, too, come in flow order: the steps between them, added up.
    between = {(stage_of[a], stage_of[b]): d for (a, b), d in ref.steps.items()}
    assert_flow_order([s.name for s in journey.stages], attrs.evolve(ref, steps=between))
    kinds = {ch.id: (ch.name, ch.kind) for ch in journey.channels}
    for tp in journey.touchpoints:
        assert tp.channel is not None
        name, kind = kinds[tp.channel]
        assert name == majority("channel", tp.name)
        assert kind == ("online" if name == "Website" else "offline")


# -- a worked example ----------------------------------------------------------------


@pytest.mark.parametrize("engine", EAGER + LAZY)
def test_a_small_log_by_hand(engine: str) -> None:
    """Counts worked out by hand, on every engine.

    a: Home 10:00, Home 10:00:30 (a self-loop, 30 s), Cart 10:05 (4.5 min),
       Pay 10:06 (1 min); CSAT 4 at Home and 2 at Pay.
    b: Home 09:00, Pay 09:10 (10 min); CSAT 5 at Home.
    c: Cart 12:00 alone: it enters and exits at Cart.
    """
    log = {
        "customer": ["b", "a", "a", "c", "a", "b", "a"],
        "time": [
            datetime(2026, 3, 1, 9, 0),
            datetime(2026, 3, 1, 10, 0),
            datetime(2026, 3, 1, 10, 0, 30),
            datetime(2026, 3, 1, 12, 0),
            datetime(2026, 3, 1, 10, 5),
            datetime(2026, 3, 1, 9, 10),
            datetime(2026, 3, 1, 10, 6),
        ],
        "touchpoint": ["Home", "Home", "Home", "Cart", "Cart", "Pay", "Pay"],
        "sentiment": [5.0, 4.0, None, None, None, None, 2.0],
    }
    journey = events.discover(table(log, engine), sentiment="sentiment", scale="csat", **COLUMNS)
    got = {tp.id: (tp.reach, tp.entries, tp.exits, tp.emotion) for tp in journey.touchpoints}
    # Home: CSAT 5 and 4, mean 4.5, emotion (4.5 - 3) / 2 = 0.75. Pay: CSAT 2, -0.5.
    assert got == {
        "home": (2, 2, 0, 0.75),
        "cart": (2, 1, 1, None),
        "pay": (2, 0, 2, -0.5),
    }
    # Pay is met first at 09:10 and Cart at 10:05, but Cart leads to Pay: in flow
    # order Cart comes first. Flows follow the touchpoints.
    assert [tp.id for tp in journey.touchpoints] == ["home", "cart", "pay"]
    assert [(f.source, f.target, f.count) for f in journey.flows] == [
        ("home", "home", 1),
        ("home", "cart", 1),
        ("home", "pay", 1),
        ("cart", "pay", 1),
    ]
    assert [f.duration.mean for f in journey.flows if f.duration] == [30.0, 270.0, 600.0, 60.0]
    assert journey.scope is not None
    assert "7 events of 3 customers" in journey.scope


# -- long tables --------------------------------------------------------------------


def long_log(rows: int) -> pl.DataFrame:
    """``rows`` events of customers with ten events each, sorted, no two at one time."""
    names = ["Home", "Search", "Cart", "Pay", "Help"]
    return pl.DataFrame(
        {
            "customer": [f"c{k // 10}" for k in range(rows)],
            "time": [datetime(2026, 1, 1) + timedelta(seconds=k * 7 % 9973) for k in range(rows)],
            "touchpoint": [names[(k * k + k // 10) % 5] for k in range(rows)],
        }
    ).sort("customer", "time")


@pytest.mark.parametrize("where", ["head", "tail", "nowhere"])
def test_a_long_table_out_of_order_anywhere_is_counted_as_sorted(where: str) -> None:
    """Long tables are checked for order at their head first, then whole."""
    ordered = long_log(25_000)
    rows = list(range(len(ordered)))
    swap = {"head": 3, "tail": len(ordered) - 9, "nowhere": None}[where]
    if swap is not None:  # two events of one customer, in the wrong order
        rows[swap], rows[swap + 1] = rows[swap + 1], rows[swap]
    table = ordered[rows]
    assert events.aggregate(table, **COLUMNS) == events.aggregate(ordered, **COLUMNS)
    assert events.aggregate(table, **COLUMNS) == events.aggregate(table.lazy(), **COLUMNS)
