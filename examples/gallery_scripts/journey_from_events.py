"""
A journey discovered from events
================================

``jk.events.discover`` turns an event log — a customer id, a timestamp and a
touchpoint per event, here with a channel and a CSAT answer — into the
journey customers actually took: touchpoints with their reach, entries and
exits, flows with counts and durations, emotions from the survey answers.
It runs on the data's own engine (pandas here; polars, DuckDB, Dask and
Spark work the same) and brings back counts only.
"""

from pathlib import Path

import pandas as pd

import journeykit as jk

# Run in this folder (as the documentation build does): the examples sit one up.
EXAMPLES = Path("..")
events = pd.read_csv(EXAMPLES / "coffee-maker-events.csv.gz", parse_dates=["timestamp"])
print(f"{len(events):,} events of {events['customer_id'].nunique():,} customers")

observed = jk.events.discover(
    events,
    case="customer_id",
    timestamp="timestamp",
    touchpoint="touchpoint",
    channel="channel",
    sentiment="csat",
    scale="csat",
    title="Buying a coffee maker, as observed",
)

# %%
# The flow view: customers moving between touchpoints, and where they drop off.
flows = jk.render(observed, view="flow", id_prefix="flows-")

# %%
# The observed journey is a journey like any other: its map, with the
# emotion measured by the survey.
observed_map = jk.render(observed, id_prefix="observed-")
