"""File formats: what reads and writes journeys, found by name or by suffix.

A format is any object with a ``name``, the ``suffixes`` of its files
(lower case, with the dot: ``(".yaml", ".yml")``), a ``read(text, source)``
method that returns a :class:`~journeykit.Journey` (``source`` names the
text in messages, or is ``None``) and a ``write(journey)`` method that
returns the text. :func:`journeykit.load`, :func:`~journeykit.loads`,
:func:`~journeykit.dump`, :func:`~journeykit.dumps` and
:func:`~journeykit.convert` go through this registry.

The built-in formats are ``json``, ``yaml`` and ``mermaid``. Other packages
add theirs under the entry-point group ``journeykit.formats``; in a
``pyproject.toml``::

    [project.entry-points."journeykit.formats"]
    toml = "journeykit_toml:TomlFormat"

The entry point names the format; it may point at the format object or at
a class, which is called without arguments. A built-in name or suffix always
wins over a plugin's.

Examples
--------
>>> import journeykit as jk
>>> jk.file_formats()["yaml"]
('.yaml', '.yml')
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from importlib.metadata import entry_points
from typing import Any, Protocol, runtime_checkable

from journeykit import _checks as c
from journeykit.errors import ArgumentError, FormatError
from journeykit.model import Journey

__all__ = [
    "ENTRY_POINT_GROUP",
    "Format",
    "file_formats",
    "format_for_suffix",
    "get_format",
    "suffix_format",
]

ENTRY_POINT_GROUP = "journeykit.formats"


@runtime_checkable
class Format(Protocol):
    """What a file format provides: the contract of a format plugin.

    Attributes
    ----------
    name : str
        The format's name, as ``jk.load(..., format=name)`` takes it.
    suffixes : tuple of str
        The suffixes of its files, lower case, with the dot: ``(".toml",)``.
    """

    name: str
    suffixes: tuple[str, ...]

    def read(self, text: str, source: str | None) -> Journey:
        """Read a journey from the text of a document.

        Parameters
        ----------
        text : str
            The whole document.
        source : str or None
            A name for the text (a file name) to use in error messages.

        Returns
        -------
        Journey

        Raises
        ------
        FormatError
            The text is not well-formed in this format.
        ValidationError
            The document breaks the rules of the journey model.
        """
        ...

    def write(self, journey: Journey) -> str:
        """Write a journey as the text of a document.

        Parameters
        ----------
        journey : Journey
            The journey to write.

        Returns
        -------
        str
        """
        ...


_BUILT_IN = {
    "json": "journeykit.formats._documents:JSON",
    "yaml": "journeykit.formats._documents:YAML",
    "mermaid": "journeykit.formats.mermaid:MERMAID",
}
_BUILT_IN_SUFFIXES = {
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
}


def _instance(obj: Any, source: str) -> Format:
    fmt = obj() if isinstance(obj, type) else obj
    if not isinstance(fmt, Format):
        raise FormatError(
            f"{source} is not a file format (it needs name, suffixes, read and write)"
        )
    return fmt


@functools.cache
def _plugins() -> Mapping[str, Any]:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name not in _BUILT_IN}


def _names() -> list[str]:
    return [*_BUILT_IN, *sorted(_plugins())]


def get_format(name: str | Format) -> Format:
    """The format called ``name`` (built in or from an entry point), or ``name`` itself.

    Raises
    ------
    FormatError
        No format has that name (the message lists those that do), or a
        plugin's format fails to load.
    ArgumentError
        ``name`` is neither a string nor a format.
    """
    if not isinstance(name, str):
        if isinstance(name, Format):
            return name
        raise ArgumentError(
            f"format=...: expected a format name such as 'json', got {c.show(name)}"
        )
    if name in _BUILT_IN:
        module, _, attr = _BUILT_IN[name].partition(":")
        return _instance(getattr(importlib.import_module(module), attr), name)
    plugin = _plugins().get(name)
    if plugin is None:
        names = _names()
        hint = c.suggest(name, names)
        raise FormatError(f"unknown format {c.show(name)}{hint}; choose one of {', '.join(names)}")
    try:
        loaded = plugin.load()
    except Exception as exc:  # a broken plugin must not look like our bug
        raise FormatError(f"the format {name!r} failed to load: {exc}") from exc
    return _instance(loaded, f"the entry point {plugin.value!r}")


def file_formats() -> dict[str, tuple[str, ...]]:
    """The installed file formats: name → the suffixes of their files.

    A plugin that fails to load is left out.

    Returns
    -------
    dict of str to tuple of str

    Examples
    --------
    >>> import journeykit as jk
    >>> jk.file_formats()["mermaid"]
    ('.mmd', '.mermaid')
    """
    found: dict[str, tuple[str, ...]] = {}
    for name in _BUILT_IN:
        found[name] = tuple(s for s, n in _BUILT_IN_SUFFIXES.items() if n == name)
    for name in sorted(_plugins()):
        try:
            found[name] = tuple(s.lower() for s in get_format(name).suffixes)
        except FormatError:
            continue
    return found


def suffix_format(suffix: str) -> Format | None:
    """The format whose files end in ``suffix`` (any case, with the dot), if any."""
    suffix = suffix.lower()
    if suffix in _BUILT_IN_SUFFIXES:
        return get_format(_BUILT_IN_SUFFIXES[suffix])
    if not suffix:
        return None
    for name in sorted(_plugins()):
        try:
            fmt = get_format(name)
        except FormatError:
            continue
        if suffix in (s.lower() for s in fmt.suffixes):
            return fmt
    return None


def format_for_suffix(suffix: str, source: str | None = None) -> Format:
    """The format whose files end in ``suffix``.

    Raises
    ------
    FormatError
        No format reads such files; the message lists the suffixes that
        one does, and suggests the nearest.
    """
    found = suffix_format(suffix)
    if found is not None:
        return found
    known = file_formats()
    suffixes = [s for group in known.values() for s in group]
    listed = "; ".join(f"{', '.join(group)} ({name})" for name, group in known.items() if group)
    if suffix:
        what = f"the suffix {c.show(suffix)}{c.suggest(suffix.lower(), suffixes)}"
    else:
        what = "a file name without a suffix"
    raise FormatError(
        f"cannot tell the format from {what}; known suffixes: {listed}; or pass format=",
        source=source,
    )
