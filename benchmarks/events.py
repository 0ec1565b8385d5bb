"""How fast ``jk.events.discover`` counts events, against the floor and against pm4py.

For 10⁵, 10⁶ and 10⁷ events (30 touchpoints, one customer per 20 events,
string customer ids and touchpoint names, a datetime per event) it times,
on rows sorted by customer and time and on the same rows shuffled:

- two hand-written directly-follows queries, the baselines: one in polars
  (sort by customer and time, shift, keep pairs of the same customer,
  count by pair) and one in DuckDB SQL (``lead() over`` each customer's
  events, count by pair);
- "DuckDB SQL, all": what ``discover`` counts on DuckDB, hand-written in
  SQL (the steps with their durations, and the customers at each
  touchpoint), which shows what DuckDB itself needs for that work;
- ``jk.events.discover`` on a polars DataFrame and on a DuckDB relation
  (which also count durations, reach, entries and exits, and build the
  journey);
- pm4py's ``discover_dfg`` on the same rows as a pandas DataFrame.

Times are the best of k runs (k is printed; fewer for the slowest), with
the garbage collector paused, as ``timeit`` does. Every contender's ratio
is to the fastest baseline of the same size and row order, measured in the
same run; the polars floor's own ratio is printed too. The 2-core machines
this runs on are shared, so expect noise: rerun before believing a 10 %
difference.

Peak memory is measured for every contender in a fresh interpreter that
first loads the shuffled rows (from Parquet) into its engine, then resets
the kernel's high-water mark of its resident memory (``/proc/self/clear_refs``)
and runs the contender once: the peak resident memory above what it held
before the run, as a multiple of the bytes of the three input columns
(polars' ``estimated_size``). Resident memory, not ``tracemalloc``: polars
and DuckDB allocate outside Python's allocator.

Before printing, the results are checked against each other: the two
baselines and pm4py find the same directly-follows counts, and the
journeys' flows add up to the same number of steps.

Usage: python benchmarks/events.py [--sizes 1e5,1e6,1e7] [--quick] [--no-memory] [--no-pm4py]

This is a measurement, not a test: machines are noisy, so nothing here fails.
Needs polars, duckdb, pandas, pyarrow and pm4py (or ``--no-pm4py``).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import polars as pl

import journeykit as jk

SIZES = (100_000, 1_000_000, 10_000_000)
QUICK_SIZES = (100_000, 1_000_000)
EVENTS_PER_CUSTOMER = 20
TOUCHPOINTS = [
    "Ad",
    "Search",
    "Home page",
    "Category page",
    "Product page",
    "Reviews",
    "Compare",
    "Wishlist",
    "Cart",
    "Checkout",
    "Payment",
    "Order confirmation",
    "Confirmation email",
    "Shipping email",
    "Delivery",
    "Unboxing",
    "Setup guide",
    "App install",
    "App login",
    "Help centre",
    "Chat",
    "Phone call",
    "Store visit",
    "Return form",
    "Refund",
    "Survey",
    "Newsletter",
    "Loyalty page",
    "Referral",
    "Account closed",
]
COLUMNS = {"case": "customer", "timestamp": "time", "touchpoint": "touchpoint"}
BASELINES = ("polars floor", "DuckDB SQL floor")
CONTENDERS = (
    *BASELINES,
    "DuckDB SQL, all",
    "discover, polars",
    "discover, DuckDB",
    "pm4py discover_dfg",
)


# -- the events ------------------------------------------------------------------------


def make_events(n: int, seed: int = 0) -> pl.DataFrame:
    """``n`` events, sorted by customer and time; the same ``n`` and seed give the same rows.

    Each customer's touchpoints follow a Markov chain (each touchpoint has
    four likely successors, and any touchpoint may follow now and then);
    pauses are seconds to minutes, and one in ten is hours to days. No two
    events of a customer share a time, so no event repeats the one before it.
    """
    rng = np.random.default_rng(seed)
    customers = max(1, n // EVENTS_PER_CUSTOMER)
    customer = np.sort(rng.integers(0, customers, n, dtype=np.int64))
    first = np.ones(n, dtype=bool)
    first[1:] = customer[1:] != customer[:-1]
    starts = np.flatnonzero(first)
    position = np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n)))

    long_pause = rng.random(n) < 0.1
    pause_ms = np.where(
        long_pause,
        rng.integers(3_600_000, 5 * 86_400_000, n),
        1_000 + rng.lognormal(10, 1.2, n).astype(np.int64),
    )
    pause_ms[first] = 0
    elapsed = np.cumsum(pause_ms)
    elapsed -= np.repeat(elapsed[starts], np.diff(np.append(starts, n)))
    begin = rng.integers(0, 365 * 86_400_000, len(starts))
    begin_ms = np.repeat(begin, np.diff(np.append(starts, n)))
    time_ms = np.datetime64("2025-01-01", "ms") + (begin_ms + elapsed).astype("timedelta64[ms]")

    k = len(TOUCHPOINTS)
    successors = rng.integers(0, k, size=(k, 4))
    code = np.empty(n, dtype=np.int64)
    code[first] = rng.integers(0, 5, len(starts))
    pick = rng.integers(0, 4, n)
    wander = rng.random(n) < 0.05
    anywhere = rng.integers(0, k, n)
    by_position = np.argsort(position, kind="stable")
    bounds = np.searchsorted(position[by_position], np.arange(1, position.max() + 2))
    for lo, hi in itertools.pairwise(bounds):
        rows = by_position[lo:hi]
        step = successors[code[rows - 1], pick[rows]]
        code[rows] = np.where(wander[rows], anywhere[rows], step)

    return pl.DataFrame(
        {
            "customer": pl.Series(customer).cast(pl.String).str.zfill(9),
            "time": pl.Series(time_ms).cast(pl.Datetime("us")),
            "touchpoint": pl.Series(np.array(TOUCHPOINTS)[code]),
        }
    ).with_columns(pl.format("C{}", "customer").alias("customer"))


def shuffled(events: pl.DataFrame, seed: int = 1) -> pl.DataFrame:
    return events.sample(fraction=1.0, shuffle=True, seed=seed)


# -- the contenders ------------------------------------------------------------------------


def polars_floor(events: pl.DataFrame) -> pl.DataFrame:
    """Directly-follows counts, hand-written in polars: the bar to beat."""
    return (
        events.lazy()
        .sort("customer", "time")
        .select(
            pl.col("touchpoint").alias("source"),
            pl.col("touchpoint").shift(-1).alias("target"),
            (pl.col("customer") == pl.col("customer").shift(-1)).alias("same"),
        )
        .filter(pl.col("same"))
        .group_by("source", "target")
        .agg(pl.len().alias("n"))
        .collect()
    )


DUCKDB_FLOOR = """
    select source, target, count(*) as n
    from (
        select touchpoint as source,
               lead(touchpoint) over (partition by customer order by time) as target
        from events
    )
    where target is not null
    group by source, target
"""


def duckdb_floor(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    return con.sql(DUCKDB_FLOOR).fetchall()


DUCKDB_STEPS = """
    select source, target, bucket, count(*) as n, sum(micros // 1000) as millis,
           min(time) as first, max(time) as last, min(micros) as shortest,
           max(micros) as longest
    from (
        select *, case when target is not null then
                      case when micros > 0 then floor(log2(micros) * 16 + 1e-9) else -1 end
                  end as bucket
        from (
            select touchpoint as source, time,
                   lead(touchpoint) over w as target,
                   epoch_us(lead(time) over w) - epoch_us(time) as micros
            from events
            window w as (partition by customer order by time, touchpoint)
        )
    )
    group by all
"""
DUCKDB_REACH = "select touchpoint, count(distinct customer) from events group by touchpoint"


def duckdb_all(con: duckdb.DuckDBPyConnection) -> list[list[tuple[Any, ...]]]:
    """What ``discover`` counts on DuckDB, hand-written: steps with durations, and reach.

    Not a floor: it shows what DuckDB itself takes for the work ``discover``
    does there (without the checks of the data and the building of the journey).
    """
    return [con.sql(DUCKDB_STEPS).fetchall(), con.sql(DUCKDB_REACH).fetchall()]


def discover(table: Any) -> jk.Journey:
    return jk.events.discover(table, **COLUMNS)


def pm4py_dfg(frame: Any) -> Any:
    import pm4py

    # discover_dfg adds a start-timestamp column to the frame it is given: give it a view.
    return pm4py.discover_dfg(
        frame.copy(deep=False),
        case_id_key="customer",
        activity_key="touchpoint",
        timestamp_key="time",
    )


def prepared(events: pl.DataFrame, names: tuple[str, ...]) -> dict[str, Callable[[], Any]]:
    """Each contender as a call with its input already on its engine (loading is not timed)."""
    calls: dict[str, Callable[[], Any]] = {}
    con = duckdb.connect()
    con.register("arrow_events", events.to_arrow())
    con.execute("create table events as select * from arrow_events")
    con.unregister("arrow_events")
    for name in names:
        if name == "polars floor":
            calls[name] = lambda: polars_floor(events)
        elif name == "DuckDB SQL floor":
            calls[name] = lambda: duckdb_floor(con)
        elif name == "DuckDB SQL, all":
            calls[name] = lambda: duckdb_all(con)
        elif name == "discover, polars":
            calls[name] = lambda: discover(events)
        elif name == "discover, DuckDB":
            calls[name] = lambda: discover(con.table("events"))
        elif name == "pm4py discover_dfg":
            frame = events.to_pandas()
            calls[name] = lambda frame=frame: pm4py_dfg(frame)
    return calls


# -- timing and checking ------------------------------------------------------------------


def best_of(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The shortest of ``repeat`` runs in seconds, and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        result = None
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times), result


def repeats(name: str, n: int, quick: bool) -> int:
    if quick:
        return 2
    if name == "pm4py discover_dfg":
        return 1 if n >= 10_000_000 else 2
    return 3 if n >= 10_000_000 else 5


def check(results: dict[str, Any]) -> list[str]:
    """What disagrees between the contenders' results (nothing, one hopes)."""
    pairs = {
        (row["source"], row["target"]): row["n"]
        for row in results["polars floor"].iter_rows(named=True)
    }
    problems = []
    if "DuckDB SQL floor" in results:
        theirs = {(a, b): n for a, b, n in results["DuckDB SQL floor"]}
        if theirs != pairs:
            problems.append("the DuckDB SQL floor differs from the polars floor")
    if "pm4py discover_dfg" in results:
        dfg = dict(results["pm4py discover_dfg"][0])
        if dfg != pairs:
            problems.append("pm4py's discover_dfg differs from the polars floor")
    steps = sum(pairs.values())
    if "DuckDB SQL, all" in results:
        counted = sum(row[3] for row in results["DuckDB SQL, all"][0] if row[1] is not None)
        if counted != steps:
            problems.append(f"DuckDB SQL, all: {counted:,} steps, {steps:,} in the floor")
        reach = dict(results["DuckDB SQL, all"][1])
        for name in ("discover, polars", "discover, DuckDB"):
            journey = results.get(name)
            theirs = {tp.name: tp.reach for tp in journey.touchpoints} if journey else reach
            if theirs != reach:
                problems.append(f"{name}: reach differs from DuckDB's count(distinct customer)")
    for name in ("discover, polars", "discover, DuckDB"):
        if name in results:
            flows = sum(f.count or 0 for f in results[name].flows)
            if flows != steps:
                problems.append(f"{name}: {flows:,} steps in the flows, {steps:,} in the floor")
    return problems


# -- peak memory ------------------------------------------------------------------------------


def _status(field: str) -> int:
    """A field of /proc/self/status, in bytes."""
    text = Path("/proc/self/status").read_text()
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) * 1024 if found else 0


def child(name: str, path: str) -> None:
    """Load the events from ``path`` for ``name``, run it once, print its peak memory as JSON."""
    events = pl.read_parquet(path)
    calls = prepared(events, (name,))
    if name not in ("polars floor", "discover, polars"):
        del events  # the other engines hold their own copy
    gc.collect()
    before = _status("VmRSS")
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset the high-water mark
        how = "VmHWM after clear_refs"
    except OSError:
        how = "ru_maxrss (includes loading)"
    calls[name]()
    peak = (
        _status("VmHWM")
        if how.startswith("VmHWM")
        else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    )
    print(json.dumps({"before": before, "peak": peak, "how": how}))


def peak_memory(name: str, path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", name, "--data", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        return {"error": tail[0]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# -- the report -------------------------------------------------------------------------------


def parse_sizes(text: str) -> tuple[int, ...]:
    return tuple(int(float(s)) for s in text.replace("_", "").split(","))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, help="comma-separated, e.g. 1e5,1e6,1e7")
    parser.add_argument("--quick", action="store_true", help="10⁵ and 10⁶ events, best of 2")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory runs")
    parser.add_argument("--no-pm4py", action="store_true", help="leave pm4py out")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.data)
        return 0
    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    names = tuple(c for c in CONTENDERS if not (args.no_pm4py and c.startswith("pm4py")))

    seconds: dict[tuple[int, str, str], float] = {}
    runs: dict[tuple[int, str, str], int] = {}
    memory: dict[tuple[int, str], dict[str, Any]] = {}
    input_bytes: dict[int, int] = {}
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="jk-events-bench-") as tmp:
        for n in sizes:
            start = time.perf_counter()
            events = make_events(n)
            input_bytes[n] = int(events.estimated_size())
            made = time.perf_counter() - start
            print(f"made {n:,} events in {made:.1f} s", file=sys.stderr)
            for order, table in (("sorted", events), ("shuffled", shuffled(events))):
                calls = prepared(table, names)
                results = {}
                for name, call in calls.items():
                    k = repeats(name, n, args.quick)
                    seconds[n, order, name], results[name] = best_of(call, k)
                    runs[n, order, name] = k
                    print(
                        f"  {n:>12,} {order:<8} {name:<20} {seconds[n, order, name]:8.3f} s",
                        file=sys.stderr,
                    )
                problems += [f"{n:,} {order}: {p}" for p in check(results)]
                del calls, results
            if not args.no_memory:
                path = Path(tmp) / f"events-{n}.parquet"
                shuffled(events).write_parquet(path)
                for name in names:
                    memory[n, name] = peak_memory(name, path)
                path.unlink()
            del events
            gc.collect()

    print(
        f"journeykit {jk.__version__} events benchmark; Python {platform.python_version()}, "
        f"polars {pl.__version__}, DuckDB {duckdb.__version__} on {platform.machine()} "
        f"with {os.cpu_count()} cores; times are the best of k runs, garbage collector paused"
    )
    print()
    head = f"{'events':>12}  {'rows':<8}  {'contender':<20}  {'k':>2}  {'seconds':>8}  "
    head += f"{'events/s':>11}  {'× fastest baseline':>18}  {'× polars floor':>14}"
    print(head)
    for n in sizes:
        for order in ("sorted", "shuffled"):
            fastest = min(seconds[n, order, b] for b in BASELINES)
            floor = seconds[n, order, "polars floor"]
            for name in names:
                s = seconds[n, order, name]
                print(
                    f"{n:>12,}  {order:<8}  {name:<20}  {runs[n, order, name]:>2}  {s:>8.3f}  "
                    f"{n / s:>11,.0f}  {s / fastest:>18.2f}  {s / floor:>14.2f}"
                )
        print()
    if memory:
        print("peak memory above the loaded input, shuffled rows (a fresh interpreter each)")
        print(f"{'events':>12}  {'contender':<20}  {'input MB':>9}  {'peak MB':>9}  {'× input':>8}")
        for n in sizes:
            for name in names:
                m = memory.get((n, name))
                if m is None:
                    continue
                if "error" in m:
                    print(f"{n:>12,}  {name:<20}  failed: {m['error']}")
                    continue
                extra = max(0, m["peak"] - m["before"])
                print(
                    f"{n:>12,}  {name:<20}  {input_bytes[n] / 1e6:>9,.0f}  {extra / 1e6:>9,.0f}  "
                    f"{extra / input_bytes[n]:>8.2f}"
                )
        hows = {m.get("how") for m in memory.values() if "how" in m}
        print(f"(measured as: {', '.join(sorted(str(h) for h in hows))})")
        print()
    print(
        "Targets (issue 9): discover ≤ 1.3× the floor; ≥ 10× faster than pm4py; "
        "peak memory at 10⁷ events ≤ 2× the input columns."
    )
    if problems:
        print("DISAGREEMENTS:")
        for p in problems:
            print(f"  {p}")
    else:
        print(
            "Checked: the baselines and pm4py find the same directly-follows counts, "
            "the journeys' flows add up to the same steps, and their reach is DuckDB's."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
