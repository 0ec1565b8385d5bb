"""Warnings that point at the caller's code, not at journeykit's."""

from __future__ import annotations

import sys
import warnings


def warn(warning: Warning) -> None:
    """Issue ``warning`` attributed to the first frame outside the journeykit package."""
    level = 2  # 1 is this function, 2 its caller
    frame = sys._getframe(1)
    while frame is not None and str(frame.f_globals.get("__name__", "")).startswith("journeykit"):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    warnings.warn(warning, stacklevel=level)
