"""Journeys from event data: discover, aggregate, merge, refresh, compare.

Teams have events — a customer id, a timestamp and a touchpoint, often a
channel, a stage and a score — in a CSV, a warehouse or a cluster. This
package turns them into journeys, on the data's own engine (pandas, polars,
pyarrow, DuckDB, Dask, PySpark, through narwhals), bringing back counts
only:

- :func:`discover` — the journey customers actually took;
- :func:`aggregate`, :func:`merge`, :class:`Aggregate` — the counts behind
  it, which merge exactly, so a map is kept current from each day's events;
- :func:`refresh` — a designed journey with its numbers replaced by
  observed ones;
- :func:`compare` — where the observed journey departs from the design.

Needs the ``events`` extra: ``pip install "journeykit[events]"``.
"""

from __future__ import annotations

from journeykit.events._engine import EventsError
from journeykit.events.aggregation import (
    Aggregate,
    CaseSpan,
    CustomerCases,
    PointCounts,
    StepCounts,
    aggregate,
    load_aggregate,
    merge,
)
from journeykit.events.conformance import CONFORMANCE_RULES, Conformance, compare
from journeykit.events.discovery import discover
from journeykit.events.files import read
from journeykit.events.matching import match
from journeykit.events.refreshing import MEASURED_METRICS, refresh

__all__ = [
    "CONFORMANCE_RULES",
    "MEASURED_METRICS",
    "Aggregate",
    "CaseSpan",
    "Conformance",
    "CustomerCases",
    "EventsError",
    "PointCounts",
    "StepCounts",
    "aggregate",
    "compare",
    "discover",
    "load_aggregate",
    "match",
    "merge",
    "read",
    "refresh",
]
