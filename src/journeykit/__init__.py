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
    ArgumentError,
    FormatError,
    FormatWarning,
    JourneyError,
    MissingDependencyError,
    Problem,
    SmallTextWarning,
    UnknownIdError,
    ValidationError,
)
from journeykit.model import (
    Channel,
    Duration,
    Evidence,
    Flow,
    Journey,
    Metric,
    Opportunity,
    PainPoint,
    Period,
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
    "convert": "journeykit.formats",
    "file_formats": "journeykit.formats",
    "from_mermaid": "journeykit.formats.mermaid",
    "to_mermaid": "journeykit.formats.mermaid",
    "to_networkx": "journeykit.graph",
    "from_networkx": "journeykit.graph",
    "check": "journeykit.analysis.checking",
    "hotspots": "journeykit.analysis.hotspot_scores",
    "emotion_curve": "journeykit.analysis.emotion",
    "coverage": "journeykit.analysis.channel_coverage",
    "funnel": "journeykit.analysis.conversion",
    "events": "journeykit.events",
    "loops": "journeykit.analysis.pathways",
    "paths": "journeykit.analysis.pathways",
    "diff": "journeykit.analysis.differences",
    "Finding": "journeykit.analysis.findings",
    "render": "journeykit.rendering",
    "save": "journeykit.rendering",
    "scene": "journeykit.layout.scenes",
    "renderers": "journeykit.rendering",
    "views": "journeykit.layout.views",
    "Theme": "journeykit.layout.theme",
    "LayoutError": "journeykit.layout",
    "ThemeError": "journeykit.layout.theme",
    "RendererError": "journeykit.rendering.registry",
    "ConfigError": "journeykit.analysis.checking.config",
}

__all__ = [
    "ArgumentError",
    "Channel",
    "ConfigError",
    "Duration",
    "Evidence",
    "Finding",
    "Flow",
    "FormatError",
    "FormatWarning",
    "Journey",
    "JourneyError",
    "LayoutError",
    "Metric",
    "MissingDependencyError",
    "Opportunity",
    "PainPoint",
    "Period",
    "Persona",
    "Problem",
    "RendererError",
    "SmallTextWarning",
    "Stage",
    "Theme",
    "ThemeError",
    "Touchpoint",
    "UnknownIdError",
    "ValidationError",
    "__version__",
    "check",
    "convert",
    "coverage",
    "diff",
    "dump",
    "dumps",
    "emotion_curve",
    "events",
    "file_formats",
    "from_dict",
    "from_mermaid",
    "from_networkx",
    "funnel",
    "hotspots",
    "load",
    "loads",
    "loops",
    "paths",
    "render",
    "renderers",
    "save",
    "scene",
    "schema",
    "slugify",
    "to_dict",
    "to_mermaid",
    "to_networkx",
    "views",
]

if TYPE_CHECKING:
    from journeykit import events
    from journeykit.analysis.channel_coverage import coverage
    from journeykit.analysis.checking import check
    from journeykit.analysis.checking.config import ConfigError
    from journeykit.analysis.conversion import funnel
    from journeykit.analysis.differences import diff
    from journeykit.analysis.emotion import emotion_curve
    from journeykit.analysis.findings import Finding
    from journeykit.analysis.hotspot_scores import hotspots
    from journeykit.analysis.pathways import loops, paths
    from journeykit.formats import (
        convert,
        dump,
        dumps,
        file_formats,
        from_dict,
        load,
        loads,
        schema,
        to_dict,
    )
    from journeykit.formats.mermaid import from_mermaid, to_mermaid
    from journeykit.graph import from_networkx, to_networkx
    from journeykit.layout import LayoutError
    from journeykit.layout.scenes import scene
    from journeykit.layout.theme import Theme, ThemeError
    from journeykit.layout.views import views
    from journeykit.rendering import render, renderers, save
    from journeykit.rendering.registry import RendererError


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'journeykit' has no attribute {name!r}")
    imported = importlib.import_module(module)
    value = imported if module == f"journeykit.{name}" else getattr(imported, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
