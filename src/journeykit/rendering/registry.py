"""Renderers: what paints a Scene, found by name.

A renderer is any object with a ``name``, the ``media_type`` it makes, the
``suffixes`` it writes, the ``options`` it takes and a ``render(scene,
**options)`` method. It implements drawing primitives only: every geometry
decision is in the Scene. The built-in ones are ``svg`` and ``matplotlib``;
other packages add theirs under the entry-point group
``journeykit.renderers``.

A renderer may also have ``save(result, file, *, format, **options)``, which
:func:`journeykit.save` calls with what ``render`` returned, a
:class:`pathlib.Path` (to be written atomically) or a binary file object (to
be written to and left open), the format's name (``"png"``, lower case, no
dot) and the renderer's options. Without it, a result with a ``save(file)``
method saves itself, and a ``str`` or ``bytes`` result is written as it is.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib.metadata import entry_points
from typing import Any, Protocol, runtime_checkable

from journeykit._checks import suggest
from journeykit.errors import JourneyError
from journeykit.layout.scene import Scene

__all__ = ["ENTRY_POINT_GROUP", "Renderer", "RendererError", "get_renderer", "renderers"]

ENTRY_POINT_GROUP = "journeykit.renderers"


class RendererError(JourneyError, ValueError):
    """An unknown renderer, or one that cannot be loaded."""


@runtime_checkable
class Renderer(Protocol):
    """What a renderer provides: the contract of a renderer plugin.

    A renderer paints the primitives of a :class:`~journeykit.layout.scene.Scene`
    and decides no geometry: every position, size, colour and line of text is
    in the scene. Walking ``scene.placed()`` gives every primitive where it is
    drawn, with the transforms of its groups applied; a backend that has
    groups of its own (SVG) may walk ``scene.children`` instead.

    Any object with these attributes and method is a renderer (a class with
    them as class attributes is instantiated without arguments); it need not
    subclass this protocol. ``examples/plugins/journeykit-markdown`` is a
    complete one, installed through the ``journeykit.renderers`` entry point.

    Attributes
    ----------
    name : str
        The name users pass as ``renderer=``; an entry point's name should be it.
    media_type : str
        The media type of what ``render`` makes (``"image/svg+xml"``,
        ``"text/markdown"``), listed by :func:`journeykit.renderers`.
    suffixes : tuple of str
        The file suffixes it writes, lower case with the dot (``(".md",)``);
        :func:`journeykit.save` picks it for a path ending in one of them.
    options : frozenset of str
        The keyword arguments ``render`` takes. :func:`journeykit.render`
        passes it only these; every other option goes to the view, which
        refuses what it does not know.

    Examples
    --------
    A renderer that lists the text of a view, one line each:

    >>> import journeykit as jk
    >>> from journeykit.layout.scene import Text
    >>> class TextRenderer:
    ...     name = "text"
    ...     media_type = "text/plain"
    ...     suffixes = (".txt",)
    ...     options = frozenset()
    ...     def render(self, scene):
    ...         return "\\n".join(" ".join(item.lines) for item in scene.placed()
    ...                          if isinstance(item, Text))
    >>> isinstance(TextRenderer(), jk.rendering.Renderer)
    True
    >>> j = jk.Journey(title="Tea", stages=[jk.Stage(name="Make", touchpoints=[
    ...     jk.Touchpoint(name="Boils water", emotion=0.5)])])
    >>> print(jk.render(j, renderer=TextRenderer()).splitlines()[0])
    Tea

    A package makes it available by name with an entry point in its
    ``pyproject.toml``::

        [project.entry-points."journeykit.renderers"]
        text = "journeykit_text:TextRenderer"
    """

    name: str
    media_type: str
    suffixes: tuple[str, ...]
    options: frozenset[str]

    def render(self, scene: Scene, **options: Any) -> Any:
        """Paint ``scene`` and return the result.

        The Scene's geometry is decided: a renderer paints its primitives
        (``Rect``, ``Line``, ``Path``, ``Circle``, ``Marker``, ``Text``,
        ``Group``; see :mod:`journeykit.layout.scene`) and decides nothing
        about where they go. It is called once a page for a view on pages.

        Parameters
        ----------
        scene : Scene
            The laid-out view: its size, title, description, background,
            font and primitives.
        **options
            Only names from ``options``, as the user gave them; a value the
            renderer cannot use should raise :class:`RendererError` (a
            :class:`journeykit.JourneyError`) saying which option and why.

        Returns
        -------
        Any
            What the user gets from :func:`journeykit.render`. A ``str`` or
            ``bytes`` is written as it is by :func:`journeykit.save` (text
            as UTF-8); an object with ``save(file)`` saves itself; or the
            renderer has a ``save`` method of its own (see the module).
        """
        ...


_BUILT_IN = {
    "svg": "journeykit.rendering.svg:SVGRenderer",
    "matplotlib": "journeykit.rendering.mpl:MatplotlibRenderer",
}


def _load(spec: str) -> Any:
    import importlib

    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)


def _instance(obj: Any, source: str) -> Renderer:
    renderer = obj() if isinstance(obj, type) else obj
    if not isinstance(renderer, Renderer):
        raise RendererError(
            f"{source} is not a renderer (it needs name, media_type, suffixes, options and render)"
        )
    return renderer


@functools.cache
def _plugins() -> Mapping[str, Any]:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def _names() -> list[str]:
    return sorted(set(_BUILT_IN) | set(_plugins()))


def get_renderer(name: str | Renderer) -> Renderer:
    """The renderer called ``name`` (built in or from an entry point), or ``name`` itself.

    Parameters
    ----------
    name : str or Renderer
        A renderer's name, or a renderer object (checked and returned).

    Returns
    -------
    Renderer
        An instance: a class registered under the entry point is called
        without arguments.

    Raises
    ------
    RendererError
        No renderer has that name, its plugin fails to load, or the object
        lacks part of the contract.

    Examples
    --------
    >>> from journeykit.rendering import get_renderer
    >>> get_renderer("svg").suffixes
    ('.svg',)
    """
    if not isinstance(name, str):
        return _instance(name, repr(name))
    if name in _BUILT_IN:
        return _instance(_load(_BUILT_IN[name]), name)
    plugin = _plugins().get(name)
    if plugin is None:
        raise RendererError(
            f"no renderer {name[:40]!r}{suggest(name, _names())}; installed: {', '.join(_names())}"
        )
    try:
        loaded = plugin.load()
    except Exception as exc:  # a broken plugin must not look like our bug
        raise RendererError(f"the renderer {name!r} failed to load: {exc}") from exc
    return _instance(loaded, f"the entry point {plugin.value!r}")


def renderers() -> dict[str, str]:
    """The installed renderers: name → the media type each makes.

    A plugin that fails to load is left out.

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> import journeykit as jk
    >>> jk.renderers()["svg"]
    'image/svg+xml'
    """
    found = {}
    for name in _names():
        if name in _BUILT_IN:
            found[name] = {"svg": "image/svg+xml", "matplotlib": "image/png"}[name]
        else:
            try:
                found[name] = get_renderer(name).media_type
            except RendererError:
                continue
    return found


def renderer_for_suffix(suffix: str) -> str:
    """The name of the renderer that writes files ending in ``suffix``."""
    suffix = suffix.lower()
    if suffix == ".svg":
        return "svg"
    if suffix in (".png", ".pdf", ".jpg", ".jpeg", ".eps", ".ps", ".webp", ".tif", ".tiff"):
        return "matplotlib"
    for name in _plugins():
        try:
            if suffix in get_renderer(name).suffixes:
                return name
        except RendererError:
            continue
    raise RendererError(
        f"no renderer writes {suffix or 'files without a suffix'}; use .svg, .png or .pdf"
    )
