"""Reading and writing journeys: dicts, JSON and YAML.

Examples
--------
>>> import journeykit as jk
>>> j = jk.loads('''
... journeykit: 1
... title: Hello
... stages:
...   - name: Look
...     touchpoints:
...       - {name: Sees an ad, emotion: 0.2}
... ''', format="yaml")
>>> j.touchpoint("sees-an-ad").emotion
0.2
>>> print(jk.dumps(j, format="yaml"), end="")
journeykit: 1
title: Hello
stages:
- id: look
  name: Look
  touchpoints:
  - id: sees-an-ad
    name: Sees an ad
    emotion: 0.2
"""

from __future__ import annotations

import importlib.resources
import json
import os
from pathlib import Path
from typing import IO, Any

from journeykit._atomic import checked_path, write_atomic, write_to
from journeykit._checks import require, require_source
from journeykit.errors import FormatError, ValidationError
from journeykit.formats._convert import FORMAT_VERSION, from_dict, to_dict
from journeykit.formats._text import FORMATS, decode, dump_json, dump_yaml, parse
from journeykit.model import Journey

__all__ = [
    "FORMATS",
    "FORMAT_VERSION",
    "dump",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "schema",
    "to_dict",
]

_SUFFIXES = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}

PathOrFile = str | os.PathLike[str] | IO[str] | IO[bytes]


def format_of(name: str | os.PathLike[str] | None, format: str | None) -> str | None:
    """The format asked for, else the one the file name's suffix tells."""
    if format is not None:
        if format not in FORMATS:
            raise FormatError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
        return format
    if name is None:
        return None
    return _SUFFIXES.get(Path(name).suffix.lower())


def _path_format(path: Path, format: str | None) -> str:
    """The format of the file at ``path``: asked for, or told by its suffix."""
    chosen = format_of(path, format)
    if chosen is None:
        raise FormatError(
            "cannot tell the format from the file name; use .json, .yaml or .yml, or pass format=",
            source=str(path),
        )
    return chosen


def loads(text: str | bytes, format: str | None = None, *, source: str | None = None) -> Journey:
    """Read a journey from JSON or YAML text.

    Parameters
    ----------
    text : str or bytes
        The document; bytes must be UTF-8.
    format : {"json", "yaml"}, optional
        Guessed when omitted: text starting with ``{`` is JSON, anything else YAML.
    source : str, optional
        A name for the text (a file name) used in error messages.

    Raises
    ------
    FormatError
        The text is not well-formed JSON or YAML; the error names line and column.
    ValidationError
        The document breaks the rules of the format; every problem is listed.
    """
    if isinstance(text, bytes | bytearray):
        text = decode(bytes(text), source)
    require(text, (str, bytes), "text", "loads")
    chosen = format_of(None, format) or (
        "json" if text.lstrip("\ufeff \t\r\n").startswith("{") else "yaml"
    )
    data = parse(text, chosen, source)
    try:
        return from_dict(data)
    except ValidationError as exc:
        if source is None:
            raise
        raise ValidationError(exc.problems, source=source) from None


def load(file: PathOrFile, format: str | None = None) -> Journey:
    """Read a journey from a JSON or YAML file (a path or an open file).

    The format comes from ``format`` or else the file name's suffix
    (``.json``, ``.yaml``, ``.yml``); see :func:`loads` for the rest.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.load("examples/coffee-maker.json")  # doctest: +SKIP
    """
    require_source(file, "file", "load")
    if isinstance(file, str | os.PathLike):
        path = checked_path(file, "file")
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise FormatError(
                f"cannot read the file: {exc.strerror or exc}", source=str(path)
            ) from None
        chosen = _path_format(path, format)
        return loads(decode(raw, str(path)), chosen, source=str(path))
    name = getattr(file, "name", None)
    source = name if isinstance(name, str) else None
    try:
        content = file.read()
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FormatError(f"cannot read the file: {reason}", source=source) from None
    if not isinstance(content, str | bytes | bytearray):
        raise FormatError(
            f"file.read() gave {type(content).__name__}, not text or bytes", source=source
        )
    return loads(content, format_of(source, format), source=source)


def dumps(journey: Journey, format: str = "json") -> str:
    """The canonical JSON or YAML text of a journey.

    The same journey always gives the same text, and reading it back gives
    an equal journey: ``dumps(loads(dumps(j))) == dumps(j)``.
    """
    require(journey, Journey, "journey", "dumps")
    chosen = format_of(None, format)
    data = to_dict(journey)
    return dump_json(data) if chosen == "json" else dump_yaml(data)


def dump(journey: Journey, file: PathOrFile, format: str | None = None) -> None:
    """Write a journey to a path or an open file, as JSON or YAML.

    A path is written to a temporary file beside it and then renamed over
    it, so an interrupted or failed write never leaves a half-written file.
    A file object (text or binary: ``io.StringIO``, ``io.BytesIO``, an open
    file) is written to and left open; its format is ``format``, else its
    name's suffix, else JSON.

    Raises
    ------
    FormatError
        The format cannot be told from the path's suffix, no file can have
        that name, or writing failed.
    ArgumentError
        ``file`` is neither a path nor a file object.

    Examples
    --------
    >>> import io
    >>> import journeykit as jk
    >>> stage = jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="T")])
    >>> j = jk.Journey(title="Hi", stages=[stage])
    >>> buffer = io.BytesIO()
    >>> jk.dump(j, buffer, format="yaml")
    >>> buffer.getvalue().splitlines()[1]
    b'title: Hi'
    """
    require(journey, Journey, "journey", "dump")
    require_source(file, "file", "dump", writing=True)
    if isinstance(file, str | os.PathLike):
        path = checked_path(file, "file")
        write_atomic(path, dumps(journey, _path_format(path, format)).encode("utf-8"))
        return
    name = getattr(file, "name", None)
    write_to(
        file, dumps(journey, format_of(name if isinstance(name, str) else None, format) or "json")
    )


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the journeykit file format, version 1.

    The schema checks the shape of a document; references between its
    parts (unique ids, channels that exist) are checked by :func:`from_dict`.
    """
    text = importlib.resources.files(__package__).joinpath("schema-v1.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]
