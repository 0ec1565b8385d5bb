"""Hypothesis strategies for testing code that uses journeykit.

Needs :mod:`hypothesis`, which the ``testing`` extra brings
(``pip install "journeykit[testing]"``); without it, importing this module
raises :class:`journeykit.MissingDependencyError` saying so. ``import
journeykit`` itself never imports hypothesis.

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

from journeykit.errors import MissingDependencyError

try:
    import hypothesis  # noqa: F401  (only to say which extra brings it)
except ModuleNotFoundError as missing:
    if missing.name != "hypothesis":
        raise
    raise MissingDependencyError("hypothesis", "testing") from None

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
