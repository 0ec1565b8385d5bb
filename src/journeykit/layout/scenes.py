"""Lay out a view of a journey, or of an analysis result, as a Scene.

This is the layout layer's front door: :func:`scene` picks the view, checks
its options and returns the Scene any renderer paints. ``jk.scene`` and
:func:`journeykit.rendering.scene` are this function.

>>> import journeykit as jk
>>> ad = jk.Touchpoint(name="Ad")
>>> j = jk.Journey(title="Hello", stages=[jk.Stage(name="Look", touchpoints=[ad])])
>>> scene(j).view, scene(j, "flow").view
('map', 'flow')
"""

from __future__ import annotations

import inspect
from typing import Any

from journeykit._checks import suggest
from journeykit.layout import LayoutError
from journeykit.layout.scene import Scene
from journeykit.layout.theme import Theme
from journeykit.layout.views import get_view

__all__ = ["scene"]


def _natural(
    subject: Any, view: str | None, options: dict[str, Any]
) -> tuple[Any, str, dict[str, Any]]:
    """An analysis result drawn as its own view: that view of what it came from.

    Results remember how they show themselves (``shown_as``); when ``view``
    is left out or names that view, the result's subject and options are
    used, with ``options`` on top. A journey is drawn as asked, as its map
    by default.
    """
    shown = getattr(subject, "_display", None)
    if shown is None:
        return subject, "map" if view is None else view, options
    natural_view, natural_subject, natural_options = shown
    if view not in (None, natural_view):
        raise LayoutError(
            f"this result is drawn as the {natural_view} view, not "
            f"{str(view)[:40]!r}; to draw another view, pass the journey"
        )
    return natural_subject, natural_view, {**natural_options, **options}


def scene(
    subject: Any, view: str | None = None, theme: str | Theme | None = None, **options: Any
) -> Scene:
    """Lay out ``view`` of ``subject`` (a Journey, or an analysis result) as a Scene.

    The Scene holds every primitive with its geometry decided; any renderer
    paints it. A journey is drawn as its map unless ``view`` says otherwise;
    an analysis result as its own view (``jk.loops`` and ``jk.funnel`` on
    the flow view, ``jk.hotspots`` on the hotspots view…).

    Raises
    ------
    LayoutError
        An unknown view, or an option the view does not have.
    """
    subject, view, options = _natural(subject, view, options)
    layout_view = get_view(view)
    known = [
        name
        for name, p in inspect.signature(layout_view).parameters.items()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    for name in options:
        if name not in known:
            offered = ", ".join(known) or "none"
            raise LayoutError(
                f"the {view} view has no option {name!r}{suggest(name, known)}; "
                f"its options: {offered}"
            )
    return layout_view(subject, theme=theme, **options)
