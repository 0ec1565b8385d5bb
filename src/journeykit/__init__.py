"""journeykit: customer journey maps as code.

Load, validate, analyse and draw customer journey maps.

>>> import journeykit as jk
>>> j = jk.loads('{"journeykit": 1, "title": "Hello", "stages": [{"name": "Start"}]}')
>>> j.stages[0].id
'start'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from journeykit.errors import (
    FormatError,
    JourneyError,
    MissingDependencyError,
    Problem,
    UnknownIdError,
    ValidationError,
)
from journeykit.model import (
    Channel,
    Evidence,
    Flow,
    Journey,
    Metric,
    Opportunity,
    PainPoint,
    Persona,
    Stage,
    Touchpoint,
    slugify,
)

__version__ = "0.1.0"

# Loaded on first use (PEP 562), so that `import journeykit` stays light.
_LAZY = {
    "load": "journeykit.formats",
    "loads": "journeykit.formats",
    "dump": "journeykit.formats",
    "dumps": "journeykit.formats",
    "from_dict": "journeykit.formats",
    "to_dict": "journeykit.formats",
    "schema": "journeykit.formats",
    "to_networkx": "journeykit.graph",
    "from_networkx": "journeykit.graph",
    "check": "journeykit.analysis",
    "hotspots": "journeykit.analysis",
    "emotion_curve": "journeykit.analysis",
    "coverage": "journeykit.analysis",
    "funnel": "journeykit.analysis",
    "diff": "journeykit.analysis",
    "Finding": "journeykit.analysis",
    "render": "journeykit.render",
    "save": "journeykit.render",
    "layout": "journeykit.render",
    "renderers": "journeykit.render",
    "Theme": "journeykit.layout.theme",
}

__all__ = [
    "Channel",
    "Evidence",
    "Finding",
    "Flow",
    "FormatError",
    "Journey",
    "JourneyError",
    "Metric",
    "MissingDependencyError",
    "Opportunity",
    "PainPoint",
    "Persona",
    "Problem",
    "Stage",
    "Theme",
    "Touchpoint",
    "UnknownIdError",
    "ValidationError",
    "__version__",
    "check",
    "coverage",
    "diff",
    "dump",
    "dumps",
    "emotion_curve",
    "from_dict",
    "from_networkx",
    "funnel",
    "hotspots",
    "layout",
    "load",
    "loads",
    "render",
    "renderers",
    "save",
    "schema",
    "slugify",
    "to_dict",
    "to_networkx",
]

if TYPE_CHECKING:
    from journeykit.analysis import (
        Finding,
        check,
        coverage,
        diff,
        emotion_curve,
        funnel,
        hotspots,
    )
    from journeykit.formats import dump, dumps, from_dict, load, loads, schema, to_dict
    from journeykit.graph import from_networkx, to_networkx
    from journeykit.layout.theme import Theme
    from journeykit.render import layout, render, renderers, save


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'journeykit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
