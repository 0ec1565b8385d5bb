"""Rendering: lay out a view of a journey and paint it with a renderer.

>>> import journeykit as jk
>>> ad = jk.Touchpoint(name="Ad")
>>> j = jk.Journey(title="Hello", stages=[jk.Stage(name="Look", touchpoints=[ad])])
>>> svg = jk.render(j)
>>> str(svg).startswith("<svg")
True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from journeykit._atomic import write_atomic
from journeykit.layout.scenes import scene
from journeykit.layout.theme import Theme
from journeykit.rendering.registry import (
    Renderer,
    RendererError,
    get_renderer,
    renderer_for_suffix,
    renderers,
)

__all__ = ["Renderer", "RendererError", "get_renderer", "render", "renderers", "save", "scene"]


def _split(renderer: Renderer, options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    own = {k: v for k, v in options.items() if k in renderer.options}
    rest = {k: v for k, v in options.items() if k not in renderer.options}
    return own, rest


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
    own, rest = _split(painter, options)
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
    """
    target = Path(path)
    name = renderer if renderer is not None else renderer_for_suffix(target.suffix)
    painter = get_renderer(name)
    result = render(subject, view=view, renderer=painter, theme=theme, **options)
    saver = getattr(painter, "save", None)
    if callable(saver):
        saver(result, target, **{k: v for k, v in options.items() if k in painter.options})
    elif hasattr(result, "save"):
        result.save(target)
    elif isinstance(result, str | bytes):
        write_atomic(target, result.encode("utf-8") if isinstance(result, str) else result)
    else:
        raise RendererError(f"the renderer {painter.name!r} cannot write files")
