"""Jupyter display: journeys and analysis results show themselves as their view.

The model and the analysis results call :func:`mimebundle` from their
``_repr_mimebundle_``; importing it only then keeps the layers pointing one
way at import time and ``import journeykit`` light.
"""

from __future__ import annotations

from typing import Any


def mimebundle(
    subject: Any, view: str | None, text: str | None = None, **options: Any
) -> dict[str, str]:
    """The SVG of ``view`` for ``subject`` (by default its own view), plus a plain-text fallback."""
    from journeykit.rendering import render

    plain = repr(subject) if text is None else text
    try:
        svg = str(render(subject, view=view, **options))
    except Exception as exc:  # a display hook must never break the notebook
        which = "its" if view is None else f"the {view}"
        return {"text/plain": f"{plain}\n(could not draw {which} view: {exc})"}
    return {"image/svg+xml": svg, "text/plain": plain}
