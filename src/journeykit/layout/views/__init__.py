"""The views: each lays out a Journey (and its analysis) as a Scene."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from journeykit._checks import suggest
from journeykit.layout import LayoutError
from journeykit.layout.scene import Scene

__all__ = ["VIEWS", "get_view"]

VIEWS = {
    "map": "journeykit.layout.views.map:map_view",
    "emotion": "journeykit.layout.views.emotion:emotion_view",
    "hotspots": "journeykit.layout.views.hotspots:hotspots_view",
    "coverage": "journeykit.layout.views.coverage:coverage_view",
    "flow": "journeykit.layout.views.flow:flow_view",
    "diff": "journeykit.layout.views.diff:diff_view",
}
"""View name → where its layout function lives."""


def get_view(name: str) -> Callable[..., Scene]:
    """The layout function of the view called ``name``."""
    spec = VIEWS.get(name) if isinstance(name, str) else None
    if spec is None:
        shown = str(name)[:40]
        raise LayoutError(f"no view {shown!r}{suggest(shown, VIEWS)}; views: {', '.join(VIEWS)}")
    module, _, attr = spec.partition(":")
    view: Any = getattr(importlib.import_module(module), attr)
    return view  # type: ignore[no-any-return]
