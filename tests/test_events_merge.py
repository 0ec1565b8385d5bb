"""Aggregates merge exactly: parts of a log, merged, are the aggregate of the whole.

Two ways to cut a log into parts:

- by customer: every event of a customer in one part. The counts add up.
- by time: the events before an instant, and those at or after it
  (yesterday's and today's events). A customer's case may run across the
  cut; with ``keep_cases=True`` each part keeps every customer's first and
  last case, and merging joins them. For example, a customer at Home at
  23:50 and at Cart at 00:10 is one case of two events: the parts count
  two cases (one ending at Home, one beginning at Cart) and no step; the
  merge counts one case, the step Home → Cart of 20 minutes, and reach
  once at a touchpoint the customer met on both sides. With a session
  gap of 15 minutes they stay two cases.

The cut never falls between two events at the same instant: those stay
in one part, in their order.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pandas as pd
import pytest
from hypothesis import event, given, note
from hypothesis import strategies as st

from journeykit import events
from journeykit.events import _engine
from journeykit.testing import event_logs
from test_events import COLUMNS, gaps, options, scenarios, share, table


def rows_where(log: dict[str, list[Any]], keep: list[bool]) -> dict[str, list[Any]]:
    """The rows of ``log`` marked in ``keep``, in their order."""
    return {
        name: [v for v, k in zip(values, keep, strict=True) if k] for name, values in log.items()
    }


def by_customer(log: dict[str, list[Any]], chunk: dict[str, int]) -> list[dict[str, list[Any]]]:
    """``log`` cut into the chunks of its customers (empty chunks left out)."""
    parts = [
        rows_where(log, [chunk[c] == i for c in log["customer"]])
        for i in sorted(set(chunk.values()))
    ]
    return [part for part in parts if part["customer"]]


def by_time(log: dict[str, list[Any]], cuts: list[datetime]) -> list[dict[str, list[Any]]]:
    """``log`` cut at each instant of ``cuts``: the events before, between, at or after."""
    edges = [datetime.min, *sorted(cuts), datetime.max]
    parts = [
        rows_where(log, [lo <= t < hi for t in log["time"]]) for lo, hi in itertools.pairwise(edges)
    ]
    return [part for part in parts if part["customer"]]


@st.composite
def time_cuts(draw: st.DrawFn, log: dict[str, list[Any]], most: int = 3) -> list[datetime]:
    """Up to ``most`` instants of ``log`` (never its first) to cut it at."""
    instants = sorted(set(log["time"]))[1:]
    if not instants:
        return []
    return draw(st.lists(st.sampled_from(instants), min_size=1, max_size=most, unique=True))


def aggregate_parts(
    parts: list[dict[str, list[Any]]], engine: str, **kwargs: Any
) -> list[events.Aggregate]:
    return [events.aggregate(table(part, engine), **kwargs) for part in parts]


# -- by customer -------------------------------------------------------------------


@share(0.3)
@given(st.data(), st.sampled_from(["polars", "polars-lazy"]), st.booleans())
def test_parts_by_customer_merge_into_the_whole(data: Any, engine: str, keep: bool) -> None:
    # Duplicates only on the eager engine: a lazy one may keep either of two alike.
    log, scale_name, gap = data.draw(scenarios(duplicates=engine == "polars"))
    customers = sorted(set(log["customer"]))
    chunk = {c: data.draw(st.integers(0, 3), label=f"chunk of {c}") for c in customers}
    parts = by_customer(log, chunk)
    kwargs = options(scale_name, gap) | {"on_invalid": "drop", "keep_cases": keep}
    whole = events.aggregate(table(log, engine), **kwargs)
    merged = events.merge(*aggregate_parts(parts, engine, **kwargs))
    note(f"{len(parts)} parts")
    assert merged == whole
    assert (merged.customers is None) == (not keep)


@share(0.08)
@given(st.data())
def test_parts_counted_on_different_engines_merge_into_the_whole(data: Any) -> None:
    """Counted on pandas, polars, polars lazy or DuckDB, the parts merge alike.

    Without ties, where eager and lazy engines order alike; the duration
    buckets each engine computes with its own logarithm agree.
    """
    log, scale_name, gap = data.draw(scenarios(ties=False))
    chunk = {c: data.draw(st.integers(0, 2)) for c in sorted(set(log["customer"]))}
    kwargs = options(scale_name, gap)
    engines = ["pandas", "polars", "polars-lazy", "duckdb"]
    aggregates = [
        events.aggregate(table(part, data.draw(st.sampled_from(engines))), **kwargs)
        for part in by_customer(log, chunk)
    ]
    assert events.merge(*aggregates) == events.aggregate(table(log, "polars"), **kwargs)


@share(0.2)
@given(st.data(), st.booleans(), st.integers(1, 6))
def test_a_long_table_counted_in_parts_counts_as_one(data: Any, keep: bool, rows: int) -> None:
    """An eager polars table longer than ``PART_ROWS`` is counted in parts by customer.

    ``PART_ROWS`` is made tiny, so that the generated logs are cut into
    parts (some of them empty); their counts must be those of one pass.
    """
    log, scale_name, gap = data.draw(scenarios(duplicates=True))
    kwargs = options(scale_name, gap) | {"on_invalid": "drop", "keep_cases": keep}
    frame = table(log, "polars")
    frame = frame.sample(fraction=1.0, shuffle=True, seed=data.draw(st.integers(0, 9)))
    whole = events.aggregate(frame, **kwargs)
    with patch.object(_engine, "PART_ROWS", rows):
        parted = events.aggregate(frame, **kwargs)
    event("in parts" if len(frame) > rows else "in one part")
    assert parted == whole


@share(0.2)
@given(st.data(), st.booleans())
def test_customers_whose_ids_hash_alike_are_counted_apart(data: Any, keep: bool) -> None:
    """An unsorted polars table is sorted by a hash of the customer ids, unless two collide.

    The hash is made to take one value, so that all customers share it:
    sorted by it, their events would interleave, so the table must be sorted
    by the ids themselves and count as it does with the real hash.
    """
    log, scale_name, gap = data.draw(scenarios(duplicates=True))
    kwargs = options(scale_name, gap) | {"on_invalid": "drop", "keep_cases": keep}
    if data.draw(st.booleans(), label="with an order column"):  # sorted by more keys
        log = log | {"order": data.draw(st.permutations(range(len(log["customer"]))))}
        kwargs["order"] = "order"
    frame = table(log, "polars")
    frame = frame.sample(fraction=1.0, shuffle=True, seed=data.draw(st.integers(0, 9)))
    real = _engine._case_hash
    expected = events.aggregate(frame, **kwargs)
    with patch.object(_engine, "_case_hash", lambda part: (real(part) * 0).alias(_engine.HASH)):
        assert events.aggregate(frame, **kwargs) == expected
    event("ids collide" if len(set(log["customer"])) > 1 else "one customer")


@share(0.2)
@given(scenarios(duplicates=True), st.booleans(), st.booleans())
def test_rows_in_order_count_as_rows_in_any_order(scenario: Any, keep: bool, drop: bool) -> None:
    """polars rows in order are counted with shifts, rows in any order with windows: alike.

    Sorting keeps the row order of ties, which is how both count them.
    """
    log, scale_name, gap = scenario
    kwargs = options(scale_name, gap) | {"keep_cases": keep}
    kwargs["on_invalid"] = "drop" if drop else "error"
    frame = table(log, "polars")
    ordered = frame.sort("customer", "time", maintain_order=True)
    event("rows in order" if frame.equals(ordered) else "rows out of order")
    try:
        expected = events.aggregate(ordered, **kwargs)
    except events.EventsError as exc:  # repeated events, without on_invalid="drop"
        with pytest.raises(events.EventsError, match=re.escape(str(exc))):
            events.aggregate(frame, **kwargs)
        return
    assert events.aggregate(frame, **kwargs) == expected


# -- by time -----------------------------------------------------------------------


@share(0.4)
@given(st.data(), st.sampled_from(["polars", "polars-lazy"]))
def test_parts_by_time_merge_into_the_whole(data: Any, engine: str) -> None:
    """Yesterday's and today's aggregates merge into the aggregate of both days.

    With and without a session gap: often exactly the time between two
    events, so that a case runs across a cut exactly when the gap allows.
    """
    log, scale_name, gap = data.draw(scenarios(duplicates=engine == "polars"))
    cuts = data.draw(time_cuts(log))
    parts = by_time(log, cuts)
    kwargs = options(scale_name, gap) | {"on_invalid": "drop"}
    whole = events.aggregate(table(log, engine), **kwargs)
    aggregates = aggregate_parts(parts, engine, **kwargs)
    note(f"{len(parts)} parts; cases in parts {[a.cases for a in aggregates]}, whole {whole.cases}")
    assert events.merge(*aggregates) == whole
    joins = sum(a.cases for a in aggregates) - whole.cases
    assert joins >= 0
    event(f"{len(parts)} parts, {'a case' if joins else 'no case'} across a cut")
    event("with a session gap" if gap is not None else "without a session gap")
    # Neighbours merge in any grouping: (yesterday + today) + tomorrow.
    if len(aggregates) == 3:
        first, second, third = aggregates
        assert events.merge(events.merge(first, second), third) == whole
        assert events.merge(first, events.merge(second, third)) == whole
        assert events.merge(third, events.merge(second, first)) == whole


def test_a_case_across_midnight_is_joined() -> None:
    """The example of the module's docstring, with and without a session gap."""
    log = {
        "customer": ["a", "a", "b"],
        "time": [
            datetime(2026, 3, 1, 23, 50),
            datetime(2026, 3, 2, 0, 10),
            datetime(2026, 3, 2, 9),
        ],
        "touchpoint": ["Home", "Cart", "Home"],
    }
    for gap, cases, steps in ((None, 2, {("Home", "Cart"): 1}), ("15min", 3, {})):
        extra = {} if gap is None else {"session_gap": gap}
        whole = events.aggregate(table(log, "polars"), **COLUMNS, **extra)
        parts = by_time(log, [datetime(2026, 3, 2)])
        monday, tuesday = aggregate_parts(parts, "polars", **COLUMNS, **extra)
        assert (monday.cases, tuesday.cases) == (1, 2)
        merged = monday + tuesday
        assert merged == whole
        assert merged.cases == cases
        assert {(s.source, s.target): s.count for s in merged.steps} == steps
        if gap is None:
            (step,) = merged.steps
            assert step.mean() == 20 * 60
        home = next(p for p in merged.points if p.name == "Home")
        assert (home.reach, home.ends) == (2, 1 if gap is None else 2)


def test_a_touchpoint_met_on_both_sides_of_the_cut_is_reached_once() -> None:
    """a: Home 23:50, Cart 23:55 | Home 00:10 (15 min after Cart). b: Home 09:00.

    One case of a (no gap, or a gap of 15 min: not more than it) reaches
    Home once: reach 2 (a, b), not 3. With a gap of 10 min, a has two
    cases: reach 3, and no step from Cart to Home.
    """
    log = {
        "customer": ["a", "a", "a", "b"],
        "time": [
            datetime(2026, 3, 1, 23, 50),
            datetime(2026, 3, 1, 23, 55),
            datetime(2026, 3, 2, 0, 10),
            datetime(2026, 3, 2, 9),
        ],
        "touchpoint": ["Home", "Cart", "Home", "Home"],
    }
    expected = {
        None: (2, 2, {("Home", "Cart"): 1, ("Cart", "Home"): 1}),
        "15min": (2, 2, {("Home", "Cart"): 1, ("Cart", "Home"): 1}),
        "10min": (3, 3, {("Home", "Cart"): 1}),
    }
    for gap, (cases, reach, steps) in expected.items():
        extra = COLUMNS | ({} if gap is None else {"session_gap": gap})
        monday, tuesday = aggregate_parts(by_time(log, [datetime(2026, 3, 2)]), "polars", **extra)
        merged = monday + tuesday
        assert merged == events.aggregate(table(log, "polars"), **extra)
        home = next(p for p in merged.points if p.name == "Home")
        assert (merged.cases, home.reach) == (cases, reach)
        assert {(s.source, s.target): s.count for s in merged.steps} == steps


# -- the laws ------------------------------------------------------------------------


@st.composite
def three_parts(
    draw: st.DrawFn, by: str | None = None
) -> tuple[list[dict[str, list[Any]]], dict[str, Any]]:
    """Three parts of one log and the options to count them with.

    By customer: three logs whose customers are told apart by a prefix. By
    time: three logs one after the other, a day or more apart, whose
    customers (short ids drawn from a few characters) often come back.
    """
    scale_name = draw(st.sampled_from([None, "csat"]))
    logs = draw(st.lists(event_logs(sentiment=scale_name), min_size=3, max_size=3))
    mode = by or draw(st.sampled_from(["customer", "time"]))
    if mode == "customer":
        parts = [
            log | {"customer": [f"{i}:{c}" for c in log["customer"]]} for i, log in enumerate(logs)
        ]
    else:  # each log moved to begin a day after the one before ends
        parts, end = [], datetime.min
        for log in logs:
            shift = max(end - min(log["time"]) + timedelta(days=1), timedelta(0))
            parts.append(log | {"time": [t + shift for t in log["time"]]})
            end = max(parts[-1]["time"])
    whole = {name: [v for part in parts for v in part[name]] for name in parts[0]}
    return parts, options(scale_name, draw(gaps(whole)))


def joined(parts: list[dict[str, list[Any]]]) -> dict[str, list[Any]]:
    return {name: [v for part in parts for v in part[name]] for name in parts[0]}


@share(0.15)
@given(three_parts())
def test_merge_is_commutative_and_associative(drawn: Any) -> None:
    parts, kwargs = drawn
    a, b, c = aggregate_parts(parts, "polars", **kwargs)
    assert events.merge(a, b) == events.merge(b, a)
    assert a + b == events.merge(a, b)
    assert events.merge(events.merge(a, b), c) == events.merge(a, events.merge(b, c))
    assert events.merge(a, b, c) == events.merge(c, b, a)
    assert events.merge(a, b, c) == events.aggregate(table(joined(parts), "polars"), **kwargs)


@share(0.1)
@given(three_parts(by="time"))
def test_periods_merged_out_of_order_are_exact_or_refused(drawn: Any) -> None:
    """Periods 1 and 3 merged before period 2: right, or an error — never wrong.

    A customer with events in all three periods would have the first one's last case
    joined to the third one's first (or not, by the session gap); the second one's events
    then fall inside what was joined, and merging them is refused. Without
    such a customer the merge is exact.
    """
    parts, kwargs = drawn
    first, second, third = aggregate_parts(parts, "polars", **kwargs)
    spanning = set.intersection(*(set(part["customer"]) for part in parts))
    note(f"customers in every period: {sorted(spanning)}")
    if spanning:
        with pytest.raises(events.EventsError, match="overlapping times"):
            events.merge(events.merge(first, third), second)
    else:
        whole = events.aggregate(table(joined(parts), "polars"), **kwargs)
        assert events.merge(events.merge(first, third), second) == whole


# -- files and journeys --------------------------------------------------------------


@share(0.1)
@given(scenarios(duplicates=True), st.sampled_from([".json", ".json.gz"]), st.booleans())
def test_save_and_load_give_back_the_aggregate(scenario: Any, suffix: str, mapped: bool) -> None:
    log, scale_name, gap = scenario
    kwargs = options(scale_name, gap) | {"on_invalid": "drop"}
    if mapped:  # a stages mapping too, and a channel per event
        names = sorted(set(log["touchpoint"]))
        kwargs["stages"] = {name: ("Before", "After")[i % 2] for i, name in enumerate(names)}
        log = log | {"channel": ["Web" if i % 3 else "Store" for i in range(len(log["time"]))]}
        kwargs["channel"] = "channel"
    agg = events.aggregate(table(log, "polars"), **kwargs)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"counts{suffix}"
        agg.save(path)
        assert events.load_aggregate(path) == agg
        assert events.load_aggregate(str(path)) == agg
        with path.open("rb") as stream:
            assert events.load_aggregate(stream) == agg
        raw = path.read_bytes()
        assert raw[:2] == b"\x1f\x8b" if suffix.endswith(".gz") else raw[:1] == b"{"
    text = json.dumps(agg.to_dict())
    assert events.load_aggregate(io.BytesIO(text.encode())) == agg


@share(0.12)
@given(st.data())
def test_the_merged_aggregate_is_the_discovered_journey(data: Any) -> None:
    log, scale_name, gap = data.draw(scenarios())
    parts = by_time(log, data.draw(time_cuts(log)))
    kwargs = options(scale_name, gap)
    merged = events.merge(*aggregate_parts(parts, "polars", **kwargs))
    assert merged.to_journey() == events.discover(table(log, "polars"), **kwargs)
    titled = merged.to_journey(title="Last week", source="crm")
    assert titled.title == "Last week"
    assert all(e.source == "crm" for tp in titled.touchpoints for e in tp.evidence)


# -- what does not merge -----------------------------------------------------------


def test_aggregates_counted_differently_do_not_merge() -> None:
    log = {
        "customer": ["a", "b"],
        "time": [datetime(2026, 3, 1, 9), datetime(2026, 3, 1, 10)],
        "touchpoint": ["Home", "Cart"],
        "sentiment": [4.0, 5.0],
    }
    frame = table(log, "polars")
    plain = events.aggregate(frame, **COLUMNS)
    for other, what in (
        (events.aggregate(frame, sentiment="sentiment", scale="csat", **COLUMNS), "scale"),
        (events.aggregate(frame, session_gap="30min", **COLUMNS), "session gap"),
        (events.aggregate(frame, stages={"Home": "A", "Cart": "B"}, **COLUMNS), "stages map"),
    ):
        with pytest.raises(events.EventsError, match=what):
            events.merge(plain, other)
    with pytest.raises(events.EventsError, match="at least one"):
        events.merge()
    with pytest.raises(events.EventsError, match="argument 2 is"):
        events.merge(plain, {"points": []})  # type: ignore[arg-type]
    # The same events in both parts (a day merged twice) are refused.
    with pytest.raises(events.EventsError, match=r"customer 'a'.*counted in both"):
        events.merge(plain, plain)


def test_merging_kept_cases_with_counts_without_them_is_refused() -> None:
    log = pd.DataFrame(
        {
            "customer": ["a", "a"],
            "time": pd.to_datetime(["2026-03-01 10:00", "2026-03-02 10:00"]),
            "touchpoint": ["x", "y"],
        }
    )
    cols = {"case": "customer", "timestamp": "time", "touchpoint": "touchpoint"}
    kept = events.aggregate(log.iloc[:1], **cols)
    plain = events.aggregate(log.iloc[1:], **cols, keep_cases=False)
    with pytest.raises(events.EventsError, match="kept each customer's cases"):
        events.merge(kept, plain)
    with pytest.raises(events.EventsError, match="keep_cases: expected True or False"):
        events.aggregate(log, **cols, keep_cases="no")  # type: ignore[arg-type]


def test_merge_of_many_days_takes_them_in_time_order() -> None:
    days = pd.DataFrame(
        {
            "customer": ["a", "a", "a"],
            "time": pd.to_datetime(["2026-03-01 23:00", "2026-03-02 23:00", "2026-03-03 23:00"]),
            "touchpoint": ["x", "y", "z"],
        }
    )
    cols = {"case": "customer", "timestamp": "time", "touchpoint": "touchpoint"}
    parts = [events.aggregate(days.iloc[i : i + 1], **cols) for i in range(3)]
    whole = events.aggregate(days, **cols)
    assert events.merge(parts[2], parts[0], parts[1]) == whole
    assert events.merge(*parts) == whole
