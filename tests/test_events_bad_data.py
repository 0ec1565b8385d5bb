"""Bad event data is never silent: a clear error, or rows dropped, counted and reported.

Every failure is a :class:`journeykit.events.EventsError` (a
``JourneyError``) whose message says what is wrong, where and how many;
with ``on_invalid="drop"`` the rows are left out, counted in the
aggregate's ``dropped`` by reason, and named in the journey's ``scope``.

A dropped row is gone as if it had never been there: the aggregate of a
log with bad rows dropped equals the aggregate of the log without them,
down to the steps (the events around a dropped one then follow each
other). A row with two problems (say, no customer and no time) is counted
under each reason, so the drops may add up to more than the rows dropped.
"""

from __future__ import annotations

import gzip
import io
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

import journeykit as jk
from journeykit import events
from journeykit.testing import event_logs
from test_events import COLUMNS, share, table

ENGINES = ("pandas", "polars", "duckdb")
T = [datetime(2026, 3, 1, 9, 0), datetime(2026, 3, 1, 9, 5), datetime(2026, 3, 1, 9, 7)]
LOG = {"customer": ["a", "a", "b"], "time": T, "touchpoint": ["Home", "Cart", "Home"]}
_DUCK = duckdb.connect()


def make(columns: dict[str, list[Any]], engine: str) -> Any:
    """A table of ``engine`` from Python lists, with the types the engine infers."""
    if engine == "pandas":
        return pd.DataFrame(columns)
    frame = pl.DataFrame(columns, strict=False)
    return frame if engine == "polars" else _DUCK.from_arrow(frame.to_arrow())


def fails(table: Any, *patterns: str, **options: Any) -> str:
    """The message of the EventsError that counting ``table`` raises; it has every pattern."""
    with pytest.raises(events.EventsError) as info:
        events.aggregate(table, **(COLUMNS | options))
    assert isinstance(info.value, jk.JourneyError)
    message = str(info.value)
    for pattern in patterns:
        assert pattern in message, (pattern, message)
    return message


# -- columns ---------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_missing_columns_are_named_with_the_columns_present(engine: str) -> None:
    frame = make({"cust": ["a"], "time": T[:1], "page": ["Home"]}, engine)
    fails(
        frame,
        "'customer' (case)",
        "'touchpoint' (touchpoint)",
        "its columns are 'cust', 'time', 'page'",
    )
    fails(frame, "'score' (sentiment)", sentiment="score", touchpoint="page", case="cust")


def test_a_wide_table_lists_fifty_columns_and_says_how_many_more() -> None:
    frame = pl.DataFrame({f"c{i}": [1] for i in range(70)})
    message = fails(frame, "'c0'", "'c49'", "and 20 more")
    assert "'c50'" not in message


def test_repeated_column_names_are_an_error() -> None:
    frame = pd.DataFrame([["a", T[0], "Home"]], columns=["customer", "customer", "touchpoint"])
    fails(frame, "customer")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_sentiment_column_of_text_is_refused(engine: str) -> None:
    fails(
        make(LOG | {"score": ["good", "bad", "ok"]}, engine),
        "'score'",
        "not numbers",
        "csat scale (1 to 5)",
        sentiment="score",
        scale="csat",
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_a_timestamp_column_of_numbers_is_refused(engine: str) -> None:
    fails(make(LOG | {"time": [1, 2, 3]}, engine), "'time'", "not datetimes")


# -- values ------------------------------------------------------------------------

BAD = {
    # kind: (column, bad value, reason in the message)
    "null id": ("customer", None, "null case id"),
    "null time": ("time", None, "null or unreadable timestamp"),
    "null touchpoint": ("touchpoint", None, "null or blank touchpoint"),
    "blank touchpoint": ("touchpoint", "  ", "null or blank touchpoint"),
    "long touchpoint": ("touchpoint", "x" * 100_001, "touchpoint name over 100,000 characters"),
    "low score": ("sentiment", 0.0, "sentiment outside the csat scale (1 to 5)"),
    "high score": ("sentiment", 5.5, "sentiment outside the csat scale (1 to 5)"),
}


def spoil(log: dict[str, list[Any]], rows: dict[int, str]) -> dict[str, list[Any]]:
    """``log`` with each row of ``rows`` spoilt in the way its kind says."""
    out = {name: list(values) for name, values in log.items()}
    for i, kind in rows.items():
        column, value, _ = BAD[kind]
        out[column][i] = value
    return out


def without(log: dict[str, list[Any]], rows: set[int]) -> dict[str, list[Any]]:
    return {
        name: [v for i, v in enumerate(values) if i not in rows] for name, values in log.items()
    }


@share(0.25)
@given(st.data())
def test_bad_rows_are_counted_and_dropped_as_if_never_there(data: Any) -> None:
    log = data.draw(event_logs(sentiment="csat"))
    n = len(log["time"])
    rows = data.draw(
        st.dictionaries(st.integers(0, n - 1), st.sampled_from(sorted(BAD)), max_size=n - 1),
        label="spoilt rows",
    )
    bad = spoil(log, rows)
    options = COLUMNS | {"sentiment": "sentiment", "scale": "csat"}
    reasons: dict[str, int] = {}
    for kind in rows.values():
        reasons[BAD[kind][2]] = reasons.get(BAD[kind][2], 0) + 1
    note(f"reasons: {reasons}")
    if rows:
        message = fails(table(bad, "polars"), 'on_invalid="drop"', **options)
        for reason, k in reasons.items():
            assert f"{k:,} of {n:,} rows have a {reason}" in message
    dropped = events.aggregate(table(bad, "polars"), on_invalid="drop", **options)
    clean = events.aggregate(table(without(log, set(rows)), "polars"), **options)
    assert dropped == attrs.evolve(clean, dropped=reasons)
    journey = dropped.to_journey()
    assert journey.scope is not None
    for reason, k in reasons.items():
        assert f"{k:,} {reason}" in journey.scope


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", sorted(BAD))
def test_each_kind_of_bad_value_on_each_engine(engine: str, kind: str) -> None:
    log = LOG | {"sentiment": [3.0, 4.0, None]}
    options = {"sentiment": "sentiment", "scale": "csat"}
    bad = make(spoil(log, {1: kind}), engine)
    reason = BAD[kind][2]
    role = {"customer": "case", "time": "timestamp"}.get(BAD[kind][0], BAD[kind][0])
    where = f"in the {role} column '{BAD[kind][0]}'"
    fails(bad, f"1 of 3 rows have a {reason}", where, 'on_invalid="drop"', **options)
    agg = events.aggregate(bad, on_invalid="drop", **(COLUMNS | options))
    assert dict(agg.dropped) == {reason: 1}
    assert agg.rows == 2
    journey = events.discover(bad, on_invalid="drop", **(COLUMNS | options))
    assert journey.scope is not None
    assert f"Left out: 1 {reason}." in journey.scope


@pytest.mark.parametrize("engine", ENGINES)
def test_a_row_with_two_problems_is_counted_under_each(engine: str) -> None:
    bad = make(LOG | {"customer": ["a", None, "b"], "time": [T[0], None, T[2]]}, engine)
    agg = events.aggregate(bad, on_invalid="drop", **COLUMNS)
    assert dict(agg.dropped) == {"null case id": 1, "null or unreadable timestamp": 1}
    assert agg.rows == 2


def test_pandas_nan_is_no_answer_and_polars_nan_is_off_the_scale() -> None:
    """pandas marks a missing value with NaN; polars has null for that, and NaN is a number."""
    log = LOG | {"s": [4.0, float("nan"), 2.0]}
    kwargs = COLUMNS | {"sentiment": "s", "scale": "csat"}
    answers = {p.name: p.answers for p in events.aggregate(make(log, "pandas"), **kwargs).points}
    assert answers == {"Home": 2, "Cart": 0}
    fails(make(log, "polars"), "1 of 3 rows have a sentiment outside", sentiment="s", scale="csat")


# -- duplicates, nothing left ----------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_duplicate_events_are_an_error_or_dropped(engine: str) -> None:
    # a meets Home twice at 09:00 (a duplicate) and Cart then; b meets Home at 09:07.
    log = {
        "customer": ["a", "a", "a", "b", "a"],
        "time": [T[0], T[0], T[1], T[2], T[0]],
        "touchpoint": ["Home", "Home", "Cart", "Home", "Home"],
    }
    fails(make(log, engine), "2 of 5 events repeat the event before them", 'on_invalid="drop"')
    agg = events.aggregate(make(log, engine), on_invalid="drop", **COLUMNS)
    assert agg.rows == 3
    assert sum(agg.dropped.values()) == 2
    assert {(s.source, s.target): s.count for s in agg.steps} == {("Home", "Cart"): 1}
    journey = events.discover(make(log, engine), on_invalid="drop", **COLUMNS)
    assert journey.scope is not None
    assert "Left out: 2 duplicate event" in journey.scope


@pytest.mark.parametrize("engine", ENGINES)
def test_an_empty_table_is_an_error(engine: str) -> None:
    empty = pl.DataFrame(
        schema={"customer": pl.String, "time": pl.Datetime("us"), "touchpoint": pl.String}
    )
    frame = {
        "pandas": empty.to_pandas(),
        "polars": empty,
        "duckdb": _DUCK.from_arrow(empty.to_arrow()),
    }[engine]
    fails(frame, "the event table has no rows")


@pytest.mark.parametrize("engine", ENGINES)
def test_nothing_left_after_dropping_is_an_error_that_says_why(engine: str) -> None:
    bad = make(LOG | {"customer": [None, None, None]}, engine)
    fails(bad, "no events are left", "3 null case id", on_invalid="drop")


# -- long names --------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_a_touchpoint_name_of_ten_thousand_characters_works(engine: str) -> None:
    long = "Compares models " * 625  # 10,000 characters
    assert len(long) == 10_000
    journey = events.discover(make(LOG | {"touchpoint": [long, "Cart", long]}, engine), **COLUMNS)
    tp = next(tp for tp in journey.touchpoints if tp.name == long)
    assert tp.reach == 2
    assert tp.id.startswith("compares-models")
    assert len(tp.id) <= 48
    assert jk.loads(jk.dumps(journey), format="json") == journey


# -- timestamps --------------------------------------------------------------------

TEXT_TIMES = ["2026-03-01 09:00:00", "2026-03-01 09:05:00", "2026-03-01 09:07:00"]


@pytest.mark.parametrize("engine", ENGINES)
def test_text_timestamps_need_a_format_and_then_read(engine: str) -> None:
    text = make(LOG | {"time": TEXT_TIMES}, engine)
    fails(text, "'time' holds text", "pass timestamp_format", "%Y-%m-%d %H:%M:%S")
    read = events.aggregate(text, timestamp_format="%Y-%m-%d %H:%M:%S", **COLUMNS)
    assert read == events.aggregate(make(LOG, engine), **COLUMNS)


@pytest.mark.parametrize("engine", ENGINES)
def test_text_the_format_does_not_read_is_an_error_that_shows_it(engine: str) -> None:
    text = make(LOG | {"time": [TEXT_TIMES[0], "yesterday", TEXT_TIMES[2]]}, engine)
    fails(text, engine, "yesterday", timestamp_format="%Y-%m-%d %H:%M:%S")


@pytest.mark.parametrize("engine", ENGINES)
def test_text_with_mixed_offsets_is_read_as_instants_in_utc(engine: str) -> None:
    # 09:00+01:00 is 08:00 UTC, before 08:30+00:00; 04:00-05:00 is 09:00 UTC, after both.
    times = ["2026-03-01T08:30:00+0000", "2026-03-01T09:00:00+0100", "2026-03-01T04:00:00-0500"]
    log = {"customer": ["a", "a", "a"], "time": times, "touchpoint": ["Cart", "Home", "Pay"]}
    agg = events.aggregate(make(log, engine), timestamp_format="%Y-%m-%dT%H:%M:%S%z", **COLUMNS)
    assert agg.time_zone == "UTC"
    assert {(s.source, s.target): s.mean() for s in agg.steps} == {
        ("Home", "Cart"): 1800.0,
        ("Cart", "Pay"): 1800.0,
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_date_columns_work(engine: str) -> None:
    days = [date(2026, 3, 1), date(2026, 3, 3), date(2026, 3, 2)]
    arrow = pa.table(
        {
            "customer": ["a", "a", "b"],
            "time": pa.array(days, pa.date32()),
            "touchpoint": ["Home", "Pay", "Home"],
        }
    )
    frame = {
        "pandas": arrow.to_pandas(types_mapper=pd.ArrowDtype),
        "polars": pl.from_arrow(arrow),
        "duckdb": _DUCK.from_arrow(arrow),
    }[engine]
    agg = events.aggregate(frame, **COLUMNS)
    assert [(s.source, s.target, s.mean()) for s in agg.steps] == [("Home", "Pay", 2 * 86400.0)]
    assert agg.period() == (date(2026, 3, 1), date(2026, 3, 3))


def test_a_time_zone_is_kept_and_days_are_its_own() -> None:
    # 23:30 in New York on 1 March is 04:30 UTC on 2 March: the period is New York's.
    frame = pl.DataFrame(LOG).with_columns(
        pl.col("time").dt.replace_time_zone("America/New_York") + pl.duration(hours=14, minutes=23)
    )
    agg = events.aggregate(frame, **COLUMNS)
    assert agg.time_zone == "America/New_York"
    assert agg.period() == (date(2026, 3, 1), date(2026, 3, 1))
    journey = agg.to_journey()
    assert journey.updated == date(2026, 3, 1)


def test_pandas_ids_of_mixed_types_fail_clearly() -> None:
    fails(make(LOG | {"customer": [1, "a", 2]}, "pandas"), "pandas engine")


# -- arguments -----------------------------------------------------------------------


@pytest.mark.parametrize("thing", [[1, 2], None, 5, "events.csv", {"customer": ["a"]}, LOG["time"]])
def test_something_that_is_not_a_table_is_refused(thing: Any) -> None:
    fails(thing, "expected an event table")
    with pytest.raises(events.EventsError, match="expected an event table"):
        events.discover(thing, **COLUMNS)


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        ({"case": 5}, "case: expected a column name, got 5"),
        ({"touchpoint": ""}, "touchpoint: expected a column name"),
        ({"timestamp": None}, "timestamp: name the column"),
        ({"sentiment": ["s"]}, "sentiment: expected a column name"),
        ({"session_gap": "soon"}, "session_gap: cannot read 'soon'"),
        ({"session_gap": "30 minutes"}, "write a number and a unit"),
        ({"session_gap": "-5min"}, "not a positive duration"),
        ({"session_gap": timedelta(0)}, "not a positive duration"),
        ({"session_gap": 30}, "session_gap: expected a timedelta or text"),
        ({"session_gap": "1e400s"}, "session_gap"),
        ({"scale": "stars"}, "'stars' is not one of 'csat', 'likert', 'nps', 'valence'"),
        ({"scale": "npss"}, "did you mean 'nps'?"),
        ({"scale": 5}, "scale: 5 is not one of"),
        ({"on_invalid": "ignore"}, "on_invalid: expected 'error' or 'drop'"),
        ({"stages": ["Home"]}, "stages: expected a non-empty mapping"),
        ({"stages": {"Home": 5}}, "stages: expected touchpoint names mapped to stage names"),
        ({"stages": {"Home": "A"}}, "the stages mapping does not name ('Cart')"),
        ({"stage": "stage", "stages": {"Home": "A"}}, "either as a column"),
        ({"timestamp_format": 5}, "timestamp_format"),
        ({"order": "seq"}, "no column 'seq' (order)"),
    ],
)
def test_wrong_arguments_are_refused(options: dict[str, Any], pattern: str) -> None:
    frame = make(LOG | {"stage": ["A", "B", "A"]}, "polars")
    fails(frame, pattern, **options)


def test_a_stages_mapping_drops_what_it_does_not_name() -> None:
    agg = events.aggregate(
        make(LOG, "polars"), stages={"Home": "Visit"}, on_invalid="drop", **COLUMNS
    )
    assert dict(agg.dropped) == {"touchpoint not in the stages mapping": 1}
    assert [p.name for p in agg.points] == ["Home"]


def test_discover_checks_its_own_arguments() -> None:
    frame = make(LOG, "polars")
    with pytest.raises(jk.JourneyError, match="title"):
        events.discover(frame, title=5, **COLUMNS)  # type: ignore[arg-type]
    with pytest.raises(events.EventsError, match="'online' or 'offline'"):
        events.discover(frame, channel_kinds={"Web": "cloud"}, **COLUMNS)


# -- files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "pattern"),
    [
        (b"not json", "not JSON"),
        (b'{"journeykit": 1}', "not a journeykit events aggregate"),
        (b'{"journeykit-events": 2}', "not a journeykit events aggregate"),
        (b'{"journeykit-events": 1, "points": "x"}', "not a valid aggregate"),
        (gzip.compress(b"{", mtime=0)[:-4], "gzip"),
        (b"\xff\xfe", "not JSON"),
    ],
)
def test_a_file_that_is_not_an_aggregate_is_a_format_error(raw: bytes, pattern: str) -> None:
    with pytest.raises(jk.FormatError, match=pattern):
        events.load_aggregate(io.BytesIO(raw))


def test_a_missing_file_is_a_format_error() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        pytest.raises(jk.FormatError, match="cannot read"),
    ):
        events.load_aggregate(Path(folder) / "nothing.json")
