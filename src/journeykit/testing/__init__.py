"""Hypothesis strategies for testing code that uses journeykit.

Needs :mod:`hypothesis` (``pip install hypothesis``); ``import journeykit``
itself never imports it.

Examples
--------
>>> from hypothesis import given, settings
>>> import journeykit as jk
>>> from journeykit.testing import journeys
>>> @settings(max_examples=10)
... @given(journeys())
... def test_json_round_trip(journey):
...     assert jk.loads(jk.dumps(journey), format="json") == journey
>>> test_json_round_trip()
"""

from journeykit.testing.strategies import (
    TRICKY_TEXTS,
    channels,
    durations,
    event_logs,
    evidence,
    flows,
    ids,
    journeys,
    looping_journeys,
    metrics,
    opportunities,
    pain_points,
    periods,
    personas,
    stages,
    texts,
    touchpoints,
)

__all__ = [
    "TRICKY_TEXTS",
    "channels",
    "durations",
    "event_logs",
    "evidence",
    "flows",
    "ids",
    "journeys",
    "looping_journeys",
    "metrics",
    "opportunities",
    "pain_points",
    "periods",
    "personas",
    "stages",
    "texts",
    "touchpoints",
]
