"""Every engine gives the same journey, and sends back only counts.

The same calls, :func:`journeykit.events.discover` and
:func:`journeykit.events.aggregate`, take a pandas, polars (eager or lazy)
or pyarrow table, a DuckDB relation, a Dask DataFrame or a PySpark
DataFrame, and must give equal results. Every engine here is the real one:
Dask computes on a ``distributed.LocalCluster`` and PySpark runs in
``local[2]`` mode, each started once for the whole test session by the
fixtures below and stopped at its end.

The Dask and PySpark cases carry the ``engines`` marker: starting Spark takes
half a minute on a two-core machine, so the README's test command leaves
them out and ``.ci/run`` runs them (``pytest -m engines``) on their own.
They skip only where PySpark has no Java to run on.

The Dask cluster runs its two workers as threads of this process, not as
processes: it starts in about 4 s instead of 9 s, and its first count takes
3 s instead of 14 s (each worker process imports pandas, narwhals and
journeykit afresh). The work still goes through the distributed scheduler:
the task graph is serialised for it (a task that cannot be pickled fails
there as it would on a real cluster), and the p2p shuffle is distributed's.
"""

from __future__ import annotations

import itertools
import logging
import os
import random
import shutil
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from journeykit import events
from journeykit.events import _engine

ENGINES = [
    "pandas",
    "polars",
    "polars-lazy",
    "pyarrow",
    "duckdb",
    pytest.param("dask", marks=pytest.mark.engines),
    pytest.param("pyspark", marks=pytest.mark.engines),
]
LAZY_ENGINES = [
    "polars-lazy",
    "duckdb",
    pytest.param("dask", marks=pytest.mark.engines),
    pytest.param("pyspark", marks=pytest.mark.engines),
]
# What each engine calls itself in an error message.
ENGINE_NAMES = {
    "pandas": "pandas",
    "polars": "polars",
    "polars-lazy": "polars",
    "pyarrow": "pyarrow",
    "duckdb": "duckdb",
    "dask": "dask",
    "pyspark": "PySpark",
}
COLUMNS: dict[str, Any] = {
    "case": "customer",
    "timestamp": "time",
    "touchpoint": "touchpoint",
    "channel": "channel",
    "stage": "stage",
    "sentiment": "csat",
    "scale": "csat",
    "order": "seq",
}

# -- the event log ---------------------------------------------------------------

# (touchpoint, channel, stage) and where customers go next from each.
TOUCHPOINTS = [
    ("Sees a video ad", "Social media", "Awareness"),
    ("Reads a review", "Review site", "Awareness"),
    ("Visits the product page", "Website", "Consideration"),
    ("Compares models", "Website", "Consideration"),
    ("Calls the store", "Phone", "Consideration"),
    ("Buys online", "Website", "Purchase"),
    ("Buys in the store", "Store", "Purchase"),
    ("Answers the survey", "Email", "Retention"),
]
NEXT = {
    0: [1, 2, 2, 3],
    1: [2, 3, 3, 4],
    2: [3, 3, 2, 4, 5],
    3: [5, 5, 6, 4, 2],
    4: [6, 6, 3],
    5: [7, 7, 2],
    6: [7, 7],
}


def event_log(customers: int = 60, seed: int = 11, tz: Any = None) -> list[dict[str, Any]]:
    """A shuffled event log: paths through :data:`TOUCHPOINTS`, with what makes counting hard.

    Some steps take no time at all (two events of a customer at one instant,
    put in order by ``seq`` alone), some seconds, some days (so a session
    gap splits them); CSAT answers (1-5) come at about a third of the
    events, and mostly at the survey.
    """
    rng = random.Random(seed)
    start = datetime(2026, 3, 2, 8, 0, tzinfo=tz)
    rows: list[dict[str, Any]] = []
    for n in range(customers):
        at = start + timedelta(minutes=rng.randrange(0, 30 * 24 * 60))
        point = rng.choice((0, 0, 0, 1))
        for seq in range(1, 12):
            name, channel, stage = TOUCHPOINTS[point]
            answered = rng.random() < (0.8 if point == 7 else 0.25)
            rows.append(
                {
                    "customer": f"c{n:03d}",
                    "time": at,
                    "touchpoint": name,
                    "channel": channel,
                    "stage": stage,
                    "csat": float(rng.randint(1, 5)) if answered else None,
                    "seq": seq,
                }
            )
            if point == 7 or (point in (5, 6) and rng.random() < 0.3):
                break
            following = rng.choice(NEXT[point])
            pause = rng.random()
            if pause < 0.15 and following != point:
                step = timedelta(0)  # a tie: only seq tells the order
            elif pause < 0.3:
                step = timedelta(days=rng.randint(1, 4), minutes=rng.randrange(600))
            else:
                step = timedelta(seconds=rng.randrange(2, 4000), microseconds=rng.randrange(10**6))
            at, point = at + step, following
    rng.shuffle(rows)
    return rows


LOG = event_log()


def plain_counts(log: list[dict[str, Any]], gap: timedelta | None) -> dict[str, Any]:
    """Steps, reach, entries and exits counted in plain Python, to check the engines' reference."""
    ordered = sorted(log, key=lambda r: (r["customer"], r["time"], r["seq"]))
    cases: list[list[dict[str, Any]]] = []
    for row in ordered:
        last = cases[-1][-1] if cases else None
        if (
            last is None
            or last["customer"] != row["customer"]
            or (gap is not None and row["time"] - last["time"] > gap)
        ):
            cases.append([row])
        else:
            cases[-1].append(row)
    steps = Counter(
        (a["touchpoint"], b["touchpoint"]) for case in cases for a, b in itertools.pairwise(case)
    )
    return {
        "steps": dict(steps),
        "reach": dict(Counter(name for case in cases for name in {r["touchpoint"] for r in case})),
        "entries": dict(Counter(case[0]["touchpoint"] for case in cases)),
        "exits": dict(Counter(case[-1]["touchpoint"] for case in cases)),
    }


def counts_of(journey: Any) -> dict[str, Any]:
    """The same counts, read off a discovered journey."""
    names = {tp.id: tp.name for tp in journey.touchpoints}
    return {
        "steps": {(names[f.source], names[f.target]): f.count for f in journey.flows},
        "reach": {tp.name: tp.reach for tp in journey.touchpoints},
        "entries": {tp.name: tp.entries for tp in journey.touchpoints if tp.entries},
        "exits": {tp.name: tp.exits for tp in journey.touchpoints if tp.exits},
    }


# -- the engines -----------------------------------------------------------------

_DUCK = duckdb.connect()


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A PySpark session in ``local[2]`` mode, quiet and in UTC, for the whole test session."""
    home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (home and os.access(f"{home}/bin/java", os.X_OK)):
        pytest.skip("PySpark needs Java 17 or newer: no `java` on PATH nor in JAVA_HOME")
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master("local[2]")
        .appName("journeykit-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        # A few hundred rows: compiling whole-stage code costs more than it saves
        # (a discovery takes 4 s instead of 9 s here).
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.warehouse.dir", str(tmp_path_factory.mktemp("spark-warehouse")))
        .config("spark.log.level", "ERROR")
    )
    with warnings.catch_warnings():
        # PySpark 4.3's own test helpers, imported as the session starts, warn
        # that they do not support pandas 3 yet; journeykit's calls do not use them.
        warnings.filterwarnings(
            "ignore", "PySpark does not yet fully support pandas", FutureWarning
        )
        session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    """A ``distributed.LocalCluster`` of two single-threaded workers, and its client."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _spark_type(kind: pa.DataType) -> Any:
    from pyspark.sql import types as spark_types

    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return spark_types.StringType()
    if pa.types.is_timestamp(kind):
        return spark_types.TimestampType() if kind.tz else spark_types.TimestampNTZType()
    if pa.types.is_date(kind):
        return spark_types.DateType()
    if pa.types.is_floating(kind):
        return spark_types.DoubleType()
    if pa.types.is_integer(kind):
        return spark_types.LongType()
    raise AssertionError(kind)


@pytest.fixture
def make(request: pytest.FixtureRequest) -> Callable[[str, list[dict[str, Any]]], Any]:
    """Turn rows into a table of an engine (starting Spark or Dask only when asked for)."""

    def build(engine: str, rows: list[dict[str, Any]]) -> Any:
        arrow = pa.Table.from_pylist(rows)
        if engine == "pyarrow":
            return arrow
        if engine in ("polars", "polars-lazy"):
            frame = pl.from_arrow(arrow)
            assert isinstance(frame, pl.DataFrame)
            return frame.lazy() if engine == "polars-lazy" else frame
        if engine == "duckdb":
            return _DUCK.from_arrow(arrow)
        # pandas keeps dates as pyarrow dates (object columns would not be dates).
        frame = arrow.to_pandas(
            types_mapper=lambda kind: pd.ArrowDtype(kind) if pa.types.is_date(kind) else None
        )
        if engine == "pandas":
            return frame
        if engine == "dask":
            import dask.dataframe as dd

            request.getfixturevalue("dask_client")
            return dd.from_pandas(frame, npartitions=2)
        if engine == "pyspark":
            from pyspark.sql import types as spark_types

            session = request.getfixturevalue("spark")
            schema = spark_types.StructType(
                [spark_types.StructField(f.name, _spark_type(f.type)) for f in arrow.schema]
            )
            return session.createDataFrame([tuple(r.values()) for r in rows], schema)
        raise AssertionError(engine)

    return build


# -- the same journey everywhere ---------------------------------------------------

GAPS = [pytest.param(None, id="customers"), pytest.param("6h", id="sessions")]
_reference: dict[Any, Any] = {}


def reference(what: str, gap: str | None) -> Any:
    """The result on eager polars, which every engine must equal (computed once)."""
    key = (what, gap)
    if key not in _reference:
        table = pl.DataFrame(LOG)
        if what == "journey":
            _reference[key] = events.discover(table, **COLUMNS, session_gap=gap)
        else:
            _reference[key] = events.aggregate(table, **COLUMNS, session_gap=gap, keep_cases=True)
    return _reference[key]


@pytest.mark.parametrize("gap", GAPS)
def test_the_reference_counts_what_plain_python_counts(gap: str | None) -> None:
    journey = reference("journey", gap)
    assert counts_of(journey) == plain_counts(LOG, None if gap is None else timedelta(hours=6))
    sessions = gap is not None
    assert ("sessions" in (journey.scope or "")) is sessions


def test_the_log_has_ties_only_the_order_column_decides() -> None:
    """Without ``order=`` the shuffled rows put ties in another order: the column matters."""
    table = pd.DataFrame(LOG)
    without = {k: v for k, v in COLUMNS.items() if k != "order"}
    assert events.discover(table, **without) != reference("journey", None)
    assert len(LOG) > 300
    assert len({r["touchpoint"] for r in LOG}) == 8


@pytest.mark.parametrize("gap", GAPS)
@pytest.mark.parametrize("engine", ENGINES)
def test_discover_gives_the_same_journey_on_every_engine(
    engine: str, gap: str | None, make: Any
) -> None:
    journey = events.discover(make(engine, LOG), **COLUMNS, session_gap=gap)
    assert journey == reference("journey", gap)


@pytest.mark.parametrize("gap", GAPS)
@pytest.mark.parametrize("engine", ENGINES)
def test_aggregate_keeps_the_same_cases_on_every_engine(
    engine: str, gap: str | None, make: Any
) -> None:
    counted = events.aggregate(make(engine, LOG), **COLUMNS, session_gap=gap, keep_cases=True)
    assert counted == reference("aggregate", gap)
    assert counted.customers is not None
    assert len(counted.customers) == len({r["customer"] for r in LOG})


@pytest.mark.engines
def test_dask_counts_on_the_cluster(make: Any, dask_client: Any) -> None:
    from distributed import get_task_stream

    table = make("dask", LOG)
    with get_task_stream(dask_client) as stream:
        journey = events.discover(table, **COLUMNS)
    assert journey == reference("journey", None)
    workers = {task["worker"] for task in stream.data}
    assert workers <= set(dask_client.scheduler_info()["workers"])
    assert any("count_partition" in task["key"][0] for task in stream.data if task["key"])


@pytest.mark.parametrize("engine", ENGINES)
def test_time_zone_aware_timestamps(engine: str, make: Any) -> None:
    """Aware timestamps in UTC count as the naive ones do, and the aggregate says UTC."""
    aware = event_log(tz=UTC)
    table = make(engine, aware)
    assert events.discover(table, **COLUMNS) == reference("journey", None)
    counted = events.aggregate(table, **COLUMNS, keep_cases=True)
    assert counted.time_zone == "UTC"
    naive = reference("aggregate", None)
    assert (counted.start, counted.end, counted.points) == (naive.start, naive.end, naive.points)


@pytest.mark.parametrize("engine", ["pandas", "polars", "pyarrow"])
def test_a_time_zone_of_the_column_decides_the_days(engine: str, make: Any) -> None:
    """Eager engines keep the column's zone: 23:30 UTC on 1 March is 2 March in Tokyo."""
    moments = [datetime(2026, 3, 1, 23, 30, tzinfo=UTC), datetime(2026, 3, 2, 1, 0, tzinfo=UTC)]
    rows = [
        {"customer": "a", "time": t.astimezone(ZoneInfo("Asia/Tokyo")), "touchpoint": p}
        for t, p in zip(moments, ("Home", "Pay"), strict=True)
    ]
    counted = events.aggregate(
        make(engine, rows), case="customer", timestamp="time", touchpoint="touchpoint"
    )
    assert counted.time_zone == "Asia/Tokyo"
    assert counted.period() == (date(2026, 3, 2), date(2026, 3, 2))


@pytest.mark.parametrize("engine", ENGINES)
def test_a_date_column(engine: str, make: Any) -> None:
    """Dates count as midnight; two events at one touchpoint on one day are a repeat."""
    days = [{**row, "time": row["time"].date()} for row in LOG]
    expected = events.aggregate(pl.DataFrame(days), **COLUMNS, on_invalid="drop")
    counted = events.aggregate(make(engine, days), **COLUMNS, on_invalid="drop")
    assert counted == expected
    first = min(row["time"] for row in LOG).date()
    assert expected.start == (first - date(1970, 1, 1)).days * 86_400_000_000
    assert sum(expected.dropped.values()) > 0
    assert expected.rows + sum(expected.dropped.values()) == len(LOG)


# -- only counts come back ---------------------------------------------------------

BIG = event_log(customers=4000, seed=5)


@pytest.mark.parametrize("engine", LAZY_ENGINES)
def test_a_lazy_engine_sends_back_counts_not_events(engine: str, make: Any) -> None:
    """No collection brings back more rows than there are (touchpoint, next, bucket) triples.

    With ``keep_cases=False`` the largest thing that comes back is the
    steps grouped by touchpoint, next touchpoint (or none) and duration
    bucket: at most (touchpoints + 1)² × buckets rows, far fewer than the
    events themselves.
    """
    table = make(engine, BIG)
    _engine.COLLECTED.reset()
    counted = events.aggregate(table, **COLUMNS, keep_cases=False)
    largest = _engine.COLLECTED.largest
    assert counted.rows == len(BIG)
    buckets = {b for step in counted.steps for b in step.buckets}
    bound = (len(counted.points) + 1) ** 2 * len(buckets)
    assert bound < len(BIG)  # the events themselves would not fit under it
    assert 0 < largest <= bound


def test_the_meter_sees_rows_that_come_back() -> None:
    """The meter itself: collecting the events through ``_rows`` is noticed."""
    _engine.COLLECTED.reset()
    lazy = _engine.to_frame(pl.LazyFrame(BIG))
    assert len(_engine._rows(lazy)) == len(BIG)
    assert _engine.COLLECTED.largest == len(BIG)


# -- an engine that cannot do a step says so ---------------------------------------


def test_an_engine_that_cannot_read_fractions_of_a_second_says_which_and_where(
    make: Any,
) -> None:
    """pyarrow's strptime has no ``%f``: the same text that pandas reads, pyarrow cannot."""
    rows = [
        {"customer": "a", "time": "2026-03-02 10:00:00.250000", "touchpoint": "Home"},
        {"customer": "a", "time": "2026-03-02 10:00:01.500000", "touchpoint": "Pay"},
    ]
    cols = {"case": "customer", "timestamp": "time", "touchpoint": "touchpoint"}
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    read = events.aggregate(make("pandas", rows), **cols, timestamp_format=fmt)
    assert read.steps[0].shortest == 1_250_000
    with pytest.raises(events.EventsError) as caught:
        events.aggregate(make("pyarrow", rows), **cols, timestamp_format=fmt)
    assert str(caught.value).startswith(
        "the pyarrow engine failed to select the event columns: ArrowInvalid: "
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_a_month_13_names_the_engine_and_the_step(engine: str, make: Any) -> None:
    rows = [
        {"customer": "a", "time": "2026-03-02 10:00:00", "touchpoint": "Home"},
        {"customer": "a", "time": "2026-13-02 10:05:00", "touchpoint": "Pay"},
    ]
    with pytest.raises(events.EventsError) as caught:
        events.discover(
            make(engine, rows),
            case="customer",
            timestamp="time",
            touchpoint="touchpoint",
            timestamp_format="%Y-%m-%d %H:%M:%S",
        )
    message = str(caught.value)
    name = ENGINE_NAMES[engine]
    assert message.startswith(f"the {name} engine failed to "), message
    assert any(f"failed to {step}: " in message for step in STEPS), message


STEPS = (
    "select the event columns",
    "count the rows and check their values",
    "shuffle the events by customer",
    "count each partition",
)
