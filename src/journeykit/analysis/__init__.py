"""Analysis: pure functions from a Journey to immutable results.

Every result converts to plain records (``to_dict()``) and, when pandas is
installed, to a DataFrame (``to_frame()``).

The functions are imported here eagerly: several share their name with the
module they live in (``hotspots``, ``coverage``…), and a lazy lookup would
hand out the module once something had imported it. They need nothing
heavier than attrs and the model.
"""

from __future__ import annotations

from journeykit.analysis._records import Origin, Record, Results
from journeykit.analysis.channel_coverage import Coverage, coverage
from journeykit.analysis.checking import Config, check, rules
from journeykit.analysis.conversion import Funnel, funnel
from journeykit.analysis.differences import JourneyDiff, diff
from journeykit.analysis.emotion import EmotionCurve, emotion_curve
from journeykit.analysis.findings import Finding, Location
from journeykit.analysis.hotspot_scores import Hotspot, hotspots
from journeykit.analysis.pathways import JourneyPath, Loop, loops, paths
from journeykit.analysis.traffic import Traffic, flow_traffic, stage_traffic

__all__ = [
    "Config",
    "Coverage",
    "EmotionCurve",
    "Finding",
    "Funnel",
    "Hotspot",
    "JourneyDiff",
    "JourneyPath",
    "Location",
    "Loop",
    "Origin",
    "Record",
    "Results",
    "Traffic",
    "check",
    "coverage",
    "diff",
    "emotion_curve",
    "flow_traffic",
    "funnel",
    "hotspots",
    "loops",
    "paths",
    "rules",
    "stage_traffic",
]
