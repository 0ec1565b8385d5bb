"""Rendering: lay out a view of a journey and paint it with a renderer.

>>> import journeykit as jk
>>> ad = jk.Touchpoint(name="Ad")
>>> j = jk.Journey(title="Hello", stages=[jk.Stage(name="Look", touchpoints=[ad])])
>>> svg = jk.render(j)
>>> str(svg).startswith("<svg")
True
"""

from __future__ import annotations

import inspect
import os
from pathlib import Path
from typing import Any

from journeykit._atomic import write_atomic
from journeykit._checks import suggest
from journeykit.layout import LayoutError
from journeykit.layout.scene import Scene
from journeykit.layout.theme import Theme
from journeykit.layout.views import get_view
from journeykit.rendering.registry import (
    Renderer,
    RendererError,
    get_renderer,
    renderer_for_suffix,
    renderers,
)

__all__ = ["Renderer", "RendererError", "get_renderer", "render", "renderers", "save", "scene"]


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
            raise RendererError(
                f"the {view} view has no option {name!r}{suggest(name, known)}; "
                f"its options: {offered}"
            )
    return layout_view(subject, theme=theme, **options)


def _split(
    renderer: Renderer, options: dict[str, Any], saving: bool = False
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The renderer's options, its options for writing a file, and the view's.

    An option another built-in renderer takes (``dpi`` for an ``.svg``) is
    refused here, naming where it applies, rather than blamed on the view.
    """
    saved: frozenset[str] = getattr(renderer, "save_options", frozenset())
    own = {k: v for k, v in options.items() if k in renderer.options}
    written = {k: v for k, v in options.items() if k in saved and saving}
    rest = {k: v for k, v in options.items() if k not in renderer.options and k not in saved}
    for name in options:
        if name in saved and name not in renderer.options and not saving:
            raise RendererError(
                f"{name}= applies when writing a file: jk.save(..., {name}=...); "
                f"the {renderer.name} renderer's options: {', '.join(sorted(renderer.options))}"
            )
    for name in rest:
        owner = _owner(name, renderer.name)
        if owner is not None:
            where = "/".join(owner.suffixes[:2])
            raise RendererError(
                f"the {renderer.name} renderer takes no {name}; "
                f"{name} applies to {where} ({owner.name})"
            )
    return own, written, rest


def _owner(option: str, besides: str) -> Renderer | None:
    """The built-in renderer, other than ``besides``, that takes ``option``."""
    for name in ("svg", "matplotlib"):
        if name == besides:
            continue
        other = get_renderer(name)
        if option in other.options or option in getattr(other, "save_options", ()):
            return other
    return None


def render(
    subject: Any,
    view: str | None = None,
    renderer: str | Renderer = "svg",
    theme: str | Theme | None = None,
    id_prefix: str | None = None,
    **options: Any,
) -> Any:
    """Lay out ``view`` of a journey and paint it.

    Parameters
    ----------
    subject : Journey or analysis result
        The journey to draw, or a result of an analysis of it.
    view : {"map", "emotion", "hotspots", "coverage", "flow", "diff"}, optional
        By default a journey's map, or a result's own view (the flow view
        for ``jk.funnel``, ``jk.loops`` and ``jk.paths``).
    renderer : str or Renderer
        ``"svg"`` (default), ``"matplotlib"`` or an installed plugin's name.
    theme : str or Theme, optional
        ``"light"`` (default), ``"dark"``, ``"print"`` or a :class:`Theme`.
    id_prefix : str, optional
        Put in front of every id in an SVG, so several maps can share a page.
    **options
        The view's options (``persona=``, ``hide=``, ``base=`` for ``diff``…)
        and the renderer's (``ax=``, ``figsize=``, ``dpi=`` for matplotlib).

    Returns
    -------
    SVGDocument or matplotlib.figure.Figure or what a plugin returns
        An SVG document's ``str()`` is the SVG text; it displays itself in Jupyter.
    """
    painter = get_renderer(renderer)
    own, _, rest = _split(painter, options)
    if id_prefix is not None:
        if "id_prefix" not in painter.options:
            raise RendererError(f"the {painter.name} renderer takes no id_prefix")
        own["id_prefix"] = id_prefix
    laid_out = scene(subject, view, theme=theme, **rest)
    return painter.render(laid_out, **own)


def save(
    subject: Any,
    path: str | os.PathLike[str],
    view: str | None = None,
    renderer: str | Renderer | None = None,
    theme: str | Theme | None = None,
    **options: Any,
) -> None:
    """Render ``view`` and write it to ``path``; the file type follows the suffix.

    ``.svg`` is painted by the SVG renderer; ``.png``, ``.pdf`` and other
    raster formats by matplotlib. The file is written atomically.
    ``options`` are the view's, the renderer's and, for matplotlib,
    ``savefig``'s own (``dpi``, ``transparent``, ``bbox_inches``,
    ``metadata``…); one that belongs to another renderer (``dpi=`` for an
    ``.svg``) is refused, saying where it applies.
    """
    target = Path(path)
    name = renderer if renderer is not None else renderer_for_suffix(target.suffix)
    painter = get_renderer(name)
    own, written, rest = _split(painter, options, saving=True)
    laid_out = scene(subject, view, theme=theme, **rest)
    check = getattr(painter, "check", None)
    if callable(check):  # refuse a file too large to make before painting it
        check(laid_out, format=target.suffix.lower().lstrip("."), **{**written, **own})
    result = painter.render(laid_out, **own)
    saver = getattr(painter, "save", None)
    if callable(saver):
        saver(result, target, **(written if hasattr(painter, "save_options") else own))
    elif hasattr(result, "save"):
        result.save(target)
    elif isinstance(result, str | bytes):
        write_atomic(target, result.encode("utf-8") if isinstance(result, str) else result)
    else:
        raise RendererError(f"the renderer {painter.name!r} cannot write files")
