"""Scale-out: ``jk.events.discover`` on Dask and on Spark, reading Parquet.

Writes 10⁷ events (the rows of ``benchmarks/events.py``, shuffled) once as
Parquet files in a temporary folder, then lets each engine read them itself,
so the events never pass through this Python process:

- Dask on a ``distributed.LocalCluster`` (2 worker processes, 1 thread each);
- Spark ``local[2]`` (PySpark).

For each it prints the time of ``discover`` (the best of k runs, k printed;
starting the cluster or the session is not timed), events per second, and
the rows that reached this process from the engine: the largest single
collection and all of them added up, as counted by
``journeykit.events._engine.COLLECTED`` (every collection passes through
it). Only aggregates should come back: a few thousand rows, not millions.
Both journeys are checked against the polars floor of ``events.py``: their
flows add up to the same number of steps.

Usage: python benchmarks/events_scaleout.py [--events 1e7] [--repeat 2] [--files 16]
       [--only dask|spark]

This is a measurement, not a test: machines are noisy, so nothing here fails.
Needs dask, distributed, pyspark (and Java), polars and journeykit's events extra.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from events import COLUMNS, make_events, polars_floor, shuffled

import journeykit as jk
from journeykit.events import _engine

if TYPE_CHECKING:
    import polars as pl


class Counted:
    """Rows that reach this process, noted by wrapping ``COLLECTED.note``."""

    def __init__(self) -> None:
        self.total = 0
        self.largest = 0
        self.collections = 0

    @contextmanager
    def watching(self) -> Iterator[Counted]:
        original = _engine.COLLECTED.note

        def note(rows: int) -> None:
            self.total += rows
            self.largest = max(self.largest, rows)
            self.collections += 1
            original(rows)

        _engine.COLLECTED.reset()
        _engine.COLLECTED.note = note  # type: ignore[method-assign]
        try:
            yield self
        finally:
            del _engine.COLLECTED.note  # back to the class's method


def write_parquet(events: pl.DataFrame, folder: Path, files: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-len(events) // files)
    for i in range(files):
        events.slice(i * size, size).write_parquet(folder / f"part-{i:03d}.parquet")


def timed(run: Callable[[], jk.Journey], repeat: int) -> tuple[float, jk.Journey, Counted]:
    best = float("inf")
    journey = None
    counted = Counted()
    for _ in range(repeat):
        counted = Counted()
        with counted.watching():
            start = time.perf_counter()
            journey = run()
            best = min(best, time.perf_counter() - start)
    assert journey is not None
    return best, journey, counted


def on_dask(folder: Path, repeat: int) -> tuple[float, jk.Journey, Counted, str]:
    import dask
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True)
        client = Client(cluster)
    try:
        events = dd.read_parquet(str(folder))
        result = timed(lambda: jk.events.discover(events, **COLUMNS), repeat)
        label = f"Dask {dask.__version__}, LocalCluster of 2 processes × 1 thread"
    finally:
        client.close()
        cluster.close()
    return (*result, label)


def on_spark(folder: Path, repeat: int) -> tuple[float, jk.Journey, Counted, str]:
    import pyspark
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("journeykit-scaleout")
        .config("spark.driver.memory", "8g")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        events = spark.read.parquet(str(folder))
        result = timed(lambda: jk.events.discover(events, **COLUMNS), repeat)
        label = f"Spark {pyspark.__version__} local[2], driver memory 8g"
    finally:
        spark.stop()
    return (*result, label)


def steps(journey: jk.Journey) -> int:
    return sum(f.count or 0 for f in journey.flows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=lambda s: int(float(s)), default=10_000_000)
    parser.add_argument("--repeat", type=int, default=2, help="runs per engine (best is kept)")
    parser.add_argument("--files", type=int, default=16, help="Parquet files to write")
    parser.add_argument("--only", choices=("dask", "spark"))
    args = parser.parse_args(argv)
    n = args.events

    events = shuffled(make_events(n))
    floor = int(polars_floor(events)["n"].sum())
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="jk-scaleout-") as tmp:
        folder = Path(tmp) / "events"
        write_parquet(events, folder, args.files)
        del events
        engines: dict[str, Callable[[Path, int], Any]] = {"dask": on_dask, "spark": on_spark}
        for name, run in engines.items():
            if args.only and name != args.only:
                continue
            print(f"running {name}…", file=sys.stderr)
            results[name] = run(folder, args.repeat)

    print(
        f"journeykit {jk.__version__} scale-out benchmark: {n:,} events in {args.files} "
        f"Parquet files; Python {platform.python_version()} on {platform.machine()} with "
        f"{os.cpu_count()} cores; best of {args.repeat} runs"
    )
    print()
    print(
        f"{'engine':<58}  {'seconds':>8}  {'events/s':>10}  {'largest collection':>18}  "
        f"{'rows collected':>14}  {'collections':>11}"
    )
    for seconds, _journey, counted, label in results.values():
        print(
            f"{label:<58}  {seconds:>8.2f}  {n / seconds:>10,.0f}  "
            f"{counted.largest:>18,}  "
            f"{counted.total:>14,}  {counted.collections:>11,}"
        )
    print()
    wrong = [label for _, journey, _, label in results.values() if steps(journey) != floor]
    if wrong:
        print(f"DISAGREEMENT: the flows of {', '.join(wrong)} do not add up to {floor:,} steps")
    else:
        print(f"Checked: every journey's flows add up to the {floor:,} steps of the polars floor.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
