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
from typing import IO, Any

from journeykit._atomic import checked_path, is_file_object, write_file
from journeykit.errors import JourneyError
from journeykit.layout.pages import Pages
from journeykit.layout.scene import Scene
from journeykit.layout.scenes import scene
from journeykit.layout.theme import Theme
from journeykit.layout.views import SUBJECTS, get_view, subject_kind
from journeykit.rendering.registry import (
    Renderer,
    RendererError,
    get_renderer,
    renderer_for_suffix,
    renderers,
)

__all__ = [
    "Renderer",
    "RendererError",
    "get_renderer",
    "page_paths",
    "render",
    "renderers",
    "save",
    "scene",
]


def _split(
    renderer: Renderer,
    options: dict[str, Any],
    saving: bool = False,
    view_takes: frozenset[str] = frozenset(),
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The renderer's options, its options for writing a file, and the view's.

    An option another built-in renderer takes (``dpi`` for an ``.svg``) and
    the view does not (``view_takes``) is refused here, naming where it
    applies, rather than blamed on the view.
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
        owner = None if name in view_takes else _owner(name, renderer.name)
        if owner is not None:
            where = "/".join(owner.suffixes[:2])
            raise RendererError(
                f"the {renderer.name} renderer takes no {name}; "
                f"{name} applies to {where} ({owner.name})"
            )
    return own, written, rest


def _view_takes(subject: Any, view: str | None) -> frozenset[str]:
    """The options of the view ``subject`` is drawn as; none when that cannot be told
    (laying it out then says why)."""
    try:
        name = view if view is not None else SUBJECTS[subject_kind(subject) or ""][1]
        return frozenset(option.name for option in get_view(name).options)
    except (JourneyError, KeyError, TypeError):
        return frozenset()


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
    view : str, optional
        ``"map"``, ``"emotion"``, ``"hotspots"``, ``"coverage"``, ``"flow"``,
        ``"funnel"``, ``"diff"`` or a plugin's (see :func:`journeykit.views`).
        By default a journey's map, or a result's own view (the flow view
        for ``jk.loops`` and ``jk.paths``, the map for ``jk.check``).
    renderer : str or Renderer
        ``"svg"`` (default), ``"matplotlib"`` or an installed plugin's name.
    theme : str or Theme, optional
        ``"light"`` (default), ``"dark"``, ``"print"`` or a :class:`Theme`.
    id_prefix : str, optional
        What every id in an SVG starts with. By default ``jk-`` and a hash
        of the SVG: the same map always has the same ids, different maps
        never share one, so several can share a page.
    **options
        The view's options (``persona=``, ``hide=``, ``base=`` for ``diff``,
        ``page=``…) and the renderer's (``responsive=True`` for SVG: as wide
        as its container; ``ax=``, ``figsize=``, ``dpi=`` for matplotlib).

    Returns
    -------
    SVGDocument or matplotlib.figure.Figure or what a plugin returns
        An SVG document's ``str()`` is the SVG text; it displays itself in
        Jupyter. With ``page=`` other than ``"screen"``, a list of them, one
        a page.

    Raises
    ------
    LayoutError
        An unknown view, a subject the view does not draw, or a view option
        it does not have or of the wrong type.
    RendererError
        An unknown renderer, or an option no renderer or view takes.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Tea", stages=[jk.Stage(name="Make", touchpoints=[
    ...     jk.Touchpoint(name="Boils water", emotion=0.5)])])
    >>> svg = jk.render(j, view="emotion", theme="dark", id_prefix="tea-")
    >>> str(svg).startswith("<svg"), 'id="tea-' in str(svg)
    (True, True)
    >>> slides = jk.render(j, page="slide")
    >>> type(slides).__name__, len(slides) >= 1
    ('list', True)
    """
    painter = get_renderer(renderer)
    own, _, rest = _split(painter, options, view_takes=_view_takes(subject, view))
    if id_prefix is not None:
        if "id_prefix" not in painter.options:
            raise RendererError(f"the {painter.name} renderer takes no id_prefix")
        own["id_prefix"] = id_prefix
    laid_out = scene(subject, view, theme=theme, **rest)
    if isinstance(laid_out, Pages):
        if own.get("ax") is not None:
            raise RendererError("ax= draws into one Axes; a view on pages has a figure a page")
        return [painter.render(page, **_page_options(own, n)) for n, page in _numbered(laid_out)]
    return painter.render(laid_out, **own)


def _numbered(pages: Pages) -> list[tuple[int, Scene]]:
    return list(enumerate(pages, start=1))


def _page_options(own: dict[str, Any], n: int) -> dict[str, Any]:
    """The renderer's options for page ``n``: a given id prefix made the page's own."""
    prefix = own.get("id_prefix")
    if not prefix:
        return own
    return {**own, "id_prefix": f"{prefix}p{n}-"}


def page_paths(path: Path, count: int) -> list[Path]:
    """Where the ``count`` pages of a view saved to ``path`` go, one file a page.

    One page is ``path`` itself; more are numbered from 1 before the suffix.

    Parameters
    ----------
    path : pathlib.Path
        The path ``jk.save`` was given.
    count : int
        How many pages there are.

    Returns
    -------
    list of pathlib.Path

    Examples
    --------
    >>> [p.name for p in page_paths(Path("out/map.svg"), 3)]
    ['map-1.svg', 'map-2.svg', 'map-3.svg']
    >>> page_paths(Path("map.png"), 1)
    [PosixPath('map.png')]
    """
    if count == 1:
        return [path]
    return [path.with_name(f"{path.stem}-{n}{path.suffix}") for n in range(1, count + 1)]


def _format_of(format: Any, suffix: str) -> str | None:
    """The format asked for (``"png"``, ``".png"``…), else the suffix's, else None."""
    if format is None:
        return suffix.lower().lstrip(".") or None
    if not isinstance(format, str) or not format.strip(". "):
        raise RendererError(f"format= takes a name such as 'svg', 'png' or 'pdf', not {format!r}")
    return format.lower().lstrip(".")


def save(
    subject: Any,
    file: str | os.PathLike[str] | IO[bytes],
    view: str | None = None,
    renderer: str | Renderer | None = None,
    theme: str | Theme | None = None,
    format: str | None = None,
    **options: Any,
) -> None:
    """Render ``view`` and write it to a path or a binary file object.

    The format is ``format``, else the suffix of the path (or of the file
    object's ``name``), else the first one ``renderer`` writes. ``svg`` is
    painted by the SVG renderer; ``png``, ``pdf`` and other raster formats
    by matplotlib. A path is written atomically (a temporary sibling renamed
    over it); a file object is written to and left open. A view laid out
    on pages (``page="a3"``…) is written into one PDF, page after page, or
    into one SVG or PNG a page: ``map.svg`` itself for a single page, else
    ``map-1.svg``, ``map-2.svg``… (:func:`page_paths`). ``options`` are the
    view's, the renderer's and, for matplotlib, ``savefig``'s own (``dpi``,
    ``transparent``, ``bbox_inches``, ``metadata``…); one that belongs to
    another renderer (``dpi=`` for an ``.svg``) is refused, saying where it
    applies.

    Parameters
    ----------
    subject, view, renderer, theme, **options
        As for :func:`render`.
    file : str, os.PathLike or binary file object
        Where to write: ``"map.svg"``, ``io.BytesIO()``, ``sys.stdout.buffer``…
        An SVG may also go to a text file object (``io.StringIO()``).
    format : str, optional
        ``"svg"``, ``"png"``, ``"pdf"``…; needed for a file object without
        a name unless ``renderer`` is given.

    Raises
    ------
    RendererError
        The format cannot be told, or no renderer writes it.
    FormatError
        ``file`` is neither a path nor a file object, no file can have that
        name, or writing failed.

    Examples
    --------
    >>> import io
    >>> import journeykit as jk
    >>> stage = jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="T")])
    >>> j = jk.Journey(title="Hi", stages=[stage])
    >>> buffer = io.BytesIO()
    >>> jk.save(j, buffer, format="svg")
    >>> buffer.getvalue().startswith(b"<svg")
    True
    """
    if is_file_object(file):
        name = getattr(file, "name", None)
        suffix = Path(name).suffix if isinstance(name, str) and "\0" not in name else ""
        target: Any = file
    else:
        target = checked_path(file, "file")
        suffix = target.suffix
    chosen = _format_of(format, suffix)
    if renderer is None:
        if chosen is None:
            where = "a file object without a name" if target is file else f"{str(target)!r}"
            raise RendererError(
                f"cannot tell what to write to {where}: pass format= ('svg', 'png', "
                "'pdf'…) or renderer=, or use a file name ending in .svg, .png or .pdf"
            )
        try:
            painter = get_renderer(renderer_for_suffix(f".{chosen}"))
        except RendererError as exc:
            said = f"format={chosen!r}" if format is not None else f"file {str(target)[:60]!r}"
            raise RendererError(f"{said}: {exc}") from None
    else:
        painter = get_renderer(renderer)
        if chosen is None:
            if not painter.suffixes:
                raise RendererError(
                    f"cannot tell which format the {painter.name} renderer should write: "
                    "pass format="
                )
            chosen = painter.suffixes[0].lstrip(".")
    own, written, rest = _split(
        painter, options, saving=True, view_takes=_view_takes(subject, view)
    )
    laid_out = scene(subject, view, theme=theme, **rest)
    if isinstance(laid_out, Pages):
        _save_pages(painter, laid_out, target, file, chosen, own, written)
        return
    check = getattr(painter, "check", None)
    if callable(check):  # refuse a file too large to make before painting it
        check(laid_out, format=chosen, **{**written, **own})
    result = painter.render(laid_out, **own)
    saver = getattr(painter, "save", None)
    if callable(saver):
        saver(
            result, target, format=chosen, **(written if hasattr(painter, "save_options") else own)
        )
    elif hasattr(result, "save"):
        result.save(target)
    elif isinstance(result, str | bytes):
        write_file(target, result, what=f"the {chosen.upper()}")
    else:
        raise RendererError(f"the renderer {painter.name!r} cannot write files")


def _save_pages(
    painter: Renderer,
    pages: Pages,
    target: Any,
    file: Any,
    chosen: str,
    own: dict[str, Any],
    written: dict[str, Any],
) -> None:
    """Write the pages of a view: all into one PDF, else one file a page (``page_paths``)."""
    check = getattr(painter, "check", None)
    if callable(check):
        for page in pages:
            check(page, format=chosen, **{**written, **own})
    results = [painter.render(page, **_page_options(own, n)) for n, page in _numbered(pages)]
    save_all = getattr(painter, "save_pages", None)
    saver = getattr(painter, "save", None)
    keywords = written if hasattr(painter, "save_options") else own
    if chosen == "pdf" and callable(save_all):
        save_all(results, target, format=chosen, **keywords)
        return
    if len(results) > 1 and target is file:
        raise RendererError(
            f"the view has {len(results)} pages and a .{chosen} holds one: write them to a path "
            "(map.svg becomes map-1.svg, map-2.svg…), or to a .pdf, which holds them all"
        )
    targets = [target] if target is file else page_paths(target, len(results))
    for result, where in zip(results, targets, strict=True):
        if callable(saver):
            saver(result, where, format=chosen, **keywords)
        elif isinstance(result, str | bytes):
            write_file(where, result, what=f"the {chosen.upper()}")
        else:
            raise RendererError(f"the renderer {painter.name!r} cannot write files")
