"""journeykit's counts against pm4py's, on the same event log: equal, not close.

pm4py (https://pypi.org/project/pm4py/, AGPL-3.0, a test-only dependency)
is an independent implementation of the directly-follows graph and of the
start and end activities of an event log. Here it and
:func:`journeykit.events.aggregate` count the same events, and every count
must come out the same: the steps between touchpoints (pm4py's
``discover_dfg``), the cases that begin at each touchpoint (``entries``
against ``get_start_activities``), the cases that end there (``ends``
against ``get_end_activities``), events and reach per touchpoint (against
``get_event_attribute_values``) — first per customer, then per session
with ``session_gap``.

Where the log comes from
------------------------
No package on PyPI that we could find installs a real public event log:
pm4py's wheel and sdist (2.7.23.11) hold no logs (its tests'
``input_data`` — the running example, receipt, roadtraffic — are not
packaged), nor do the wheels of pm4py-mcp, pm4py-ucm, pm4pybenchmark,
processmining, openprocess, flowmine-studio or ntnu-process-mining;
bpi-13-python is Python 2 only; skpm downloads the BPI logs at run time;
retentioneering's shop log is simulated too and pulls in a heavy stack.
So the log is made here, deterministically, by :func:`journey_log` (a
seeded NumPy generator): 2,000 customers walking a random Markov chain
over 30 touchpoints, about 18,000 events, with what makes counting hard —
events at the same instant (ties), exact repeats, pauses from minutes to
days (so sessions split), and rows shuffled. Both tools read that one
table; only the generator is ours.

How the two are made to agree
-----------------------------
- **Ties.** ``pm4py.format_dataframe`` sorts by case, time and the row
  number it inserts, so ties keep the table's row order; ``discover_dfg``
  then sorts again by case and time with a multi-column
  ``sort_values``, which is a stable lexicographic sort, and the start
  and end activities are the first and last row of each case in that
  order. journeykit's eager engines (pandas, polars, pyarrow) also keep
  row order for ties. Its lazy engines (polars lazy, DuckDB) have no row
  order and put ties in touchpoint-name order, so for them pm4py reads
  the table sorted by customer, time and touchpoint.
- **Repeats.** journeykit refuses an event that repeats the one before it
  (the same customer, time and touchpoint) unless ``on_invalid="drop"``;
  pm4py counts it as a step from a touchpoint to itself. The log has such
  repeats, so journeykit runs with ``on_invalid="drop"`` and pm4py gets
  the table with the same rows removed in pandas (each row equal to the
  row before it in case, time and touchpoint, in the same order).
- **Sessions.** For pm4py a session id is made in pandas: a new case
  whenever the customer changes or more than the gap has passed since the
  customer's previous event. journeykit gets ``session_gap=`` instead.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pandas as pd
import pytest

import journeykit as jk
from journeykit.events import EventsError

pm4py = pytest.importorskip("pm4py", reason="the cross-check needs pm4py: pip install pm4py")

# About 30 s on a busy 2-core machine: pm4py's import, and journeykit's
# aggregate on ten engine and gap settings.
pytestmark = pytest.mark.engines

CUSTOMERS = 2_000
TOUCHPOINTS = 30
GAP = pd.Timedelta(minutes=30)
COLS = {"case": "customer", "timestamp": "time", "touchpoint": "touchpoint"}


def journey_log(seed: int = 20260501) -> pd.DataFrame:
    """Customers walking a random Markov chain of touchpoints; rows shuffled."""
    rng = np.random.default_rng(seed)
    names = [f"touchpoint {i:02d}" for i in range(TOUCHPOINTS)]
    successors = rng.integers(0, TOUCHPOINTS, size=(TOUCHPOINTS, 4))
    customers, times, points = [], [], []
    origin = np.datetime64("2025-01-01T00:00:00", "ms")
    for c in range(CUSTOMERS):
        at = origin + np.timedelta64(int(rng.integers(0, 365 * 86_400_000)), "ms")
        point = int(rng.integers(0, 5))
        for _ in range(int(rng.geometric(1 / 9))):
            customers.append(f"customer {c:05d}")
            times.append(at)
            points.append(names[point])
            draw = rng.random()
            if draw < 0.03:
                continue  # the next event repeats this one exactly
            if draw < 0.10:
                pause = 0  # the next event is at the same instant
            elif draw < 0.22:
                pause = int(rng.integers(1_800_000, 6 * 86_400_000))  # half an hour to days
            else:
                pause = int(rng.lognormal(11, 1.5))  # seconds to minutes
            at = at + np.timedelta64(pause, "ms")
            point = int(successors[point, rng.integers(0, 4)])
    log = pd.DataFrame({"customer": customers, "time": times, "touchpoint": points})
    return log.sample(frac=1, random_state=seed).reset_index(drop=True)


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return journey_log()


# -- pm4py's side --------------------------------------------------------------------


def without_repeats(log: pd.DataFrame) -> pd.DataFrame:
    """Rows in customer and time order (ties keep row order), repeats of the row before left out."""
    ordered = log.sort_values(["customer", "time"], kind="stable")
    before = ordered.shift(1)
    repeat = (
        (ordered["customer"] == before["customer"])
        & (ordered["time"] == before["time"])
        & (ordered["touchpoint"] == before["touchpoint"])
    )
    return ordered[~repeat.fillna(False).astype(bool)]


def with_sessions(events: pd.DataFrame, gap: pd.Timedelta) -> pd.DataFrame:
    """A ``session`` column: a new one where the customer changes or more than ``gap`` passes."""
    ordered = events.sort_values(["customer", "time"], kind="stable")
    new_customer = ordered["customer"] != ordered["customer"].shift(1)
    pause = ordered["time"] - ordered["time"].shift(1)
    starts = new_customer | (pause > gap).fillna(False).astype(bool)
    number = starts.astype("int64").cumsum()
    return ordered.assign(session=ordered["customer"] + " #" + number.astype(str))


def pm4py_counts(events: pd.DataFrame, case: str) -> dict[str, Any]:
    """pm4py's directly-follows counts, start and end activities, events and reach."""
    formatted = pm4py.format_dataframe(
        events.copy(), case_id=case, activity_key="touchpoint", timestamp_key="time"
    )
    keys = {
        "activity_key": "concept:name",
        "timestamp_key": "time:timestamp",
        "case_id_key": "case:concept:name",
    }
    dfg, starts, ends = pm4py.discover_dfg(formatted, **keys)
    return {
        "steps": dict(dfg),
        "starts": dict(starts),
        "ends": dict(ends),
        "starts again": dict(pm4py.get_start_activities(formatted, **keys)),
        "ends again": dict(pm4py.get_end_activities(formatted, **keys)),
        "events": dict(pm4py.get_event_attribute_values(formatted, "concept:name")),
        "reach": dict(
            pm4py.get_event_attribute_values(
                formatted,
                "concept:name",
                count_once_per_case=True,
                case_id_key="case:concept:name",
            )
        ),
        "cases": int(formatted["case:concept:name"].nunique()),
    }


# -- journeykit's side ---------------------------------------------------------------


def journeykit_counts(agg: jk.events.Aggregate) -> dict[str, Any]:
    """The same counts from an aggregate (pm4py leaves zeros out, so they are left out here)."""
    return {
        "steps": {(s.source, s.target): s.count for s in agg.steps},
        "starts": {name: n for name, n in agg.entries.items() if n},
        "ends": {p.name: p.ends for p in agg.points if p.ends},
        "events": {p.name: p.events for p in agg.points},
        "reach": {p.name: p.reach for p in agg.points},
        "cases": agg.cases,
    }


def on_engine(log: pd.DataFrame, engine: str) -> Any:
    if engine == "pandas":
        return log
    import pyarrow as pa

    table = pa.Table.from_pandas(log, preserve_index=False)
    if engine == "pyarrow":
        return table
    if engine == "duckdb":
        import duckdb

        return duckdb.connect().from_arrow(table)
    import polars as pl

    frame = pl.from_arrow(table)
    return frame.lazy() if engine == "polars lazy" else frame


EAGER = ["pandas", "polars", "pyarrow"]
LAZY = ["polars lazy", "duckdb"]


def assert_same(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    assert theirs["starts again"] == theirs["starts"]
    assert theirs["ends again"] == theirs["ends"]
    for key in ("steps", "starts", "ends", "events", "reach", "cases"):
        assert ours[key] == theirs[key], key
    # Not a vacuous comparison: the log has many steps, self-loops and cases.
    assert len(ours["steps"]) > 200
    assert any(a == b for a, b in ours["steps"])
    assert sum(ours["starts"].values()) == ours["cases"] > 1_000


def tie_order(log: pd.DataFrame, engine: str) -> pd.DataFrame:
    """The table as pm4py should read it to break ties as ``engine`` does."""
    if engine in LAZY:
        return log.sort_values(["customer", "time", "touchpoint"], kind="stable")
    return log


# -- the tests -----------------------------------------------------------------------


@pytest.mark.parametrize("engine", EAGER + LAZY)
def test_directly_follows_entries_and_ends_equal_pm4py(log: pd.DataFrame, engine: str) -> None:
    agg = jk.events.aggregate(on_engine(log, engine), **COLS, on_invalid="drop", keep_cases=False)
    theirs = pm4py_counts(without_repeats(tie_order(log, engine)), "customer")
    assert_same(journeykit_counts(agg), theirs)
    assert theirs["cases"] == CUSTOMERS


@pytest.mark.parametrize("engine", EAGER + LAZY)
def test_sessions_split_by_a_gap_equal_pm4py(log: pd.DataFrame, engine: str) -> None:
    agg = jk.events.aggregate(
        on_engine(log, engine),
        **COLS,
        session_gap=GAP.to_pytimedelta(),
        on_invalid="drop",
        keep_cases=False,
    )
    sessions = with_sessions(without_repeats(tie_order(log, engine)), GAP)
    theirs = pm4py_counts(sessions, "session")
    assert_same(journeykit_counts(agg), theirs)
    # The gap does split customers, so this is not the test above again.
    assert theirs["cases"] > 2 * CUSTOMERS


def test_the_ties_decide_the_counts(log: pd.DataFrame) -> None:
    """Breaking ties the other way changes pm4py's counts: the tie rules above are tested."""
    in_rows = pm4py_counts(without_repeats(tie_order(log, "pandas")), "customer")
    by_name = pm4py_counts(without_repeats(tie_order(log, "duckdb")), "customer")
    assert in_rows["steps"] != by_name["steps"]


def test_repeats_are_refused_unless_dropped(log: pd.DataFrame) -> None:
    repeats = len(log) - len(without_repeats(log))
    assert repeats > 100
    with pytest.raises(EventsError, match=f"^{repeats:,} of {len(log):,} events repeat"):
        jk.events.aggregate(log, **COLS, keep_cases=False)
    agg = jk.events.aggregate(log, **COLS, on_invalid="drop", keep_cases=False)
    assert agg.rows == len(log) - repeats
    assert Counter(agg.dropped) == Counter(
        {"duplicate event (same customer, time and touchpoint as the event before it)": repeats}
    )
