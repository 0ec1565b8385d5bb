"""Reading and writing journeys: dicts, JSON, YAML, Mermaid and plugins.

Every function here that reads or writes text goes through the registry of
file formats (:mod:`journeykit.formats.registry`), which chooses a format by
its name or by the suffix of a file's name.

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
from journeykit.errors import FormatError
from journeykit.formats._convert import FORMAT_VERSION, from_dict, to_dict
from journeykit.formats._text import decode
from journeykit.formats.registry import (
    Format,
    file_formats,
    format_for_suffix,
    get_format,
    suffix_format,
)
from journeykit.model import Journey

__all__ = [
    "FORMATS",
    "FORMAT_VERSION",
    "Format",
    "convert",
    "dump",
    "dumps",
    "file_formats",
    "from_dict",
    "load",
    "loads",
    "schema",
    "to_dict",
]

FORMATS = ("json", "yaml", "mermaid")
"""The built-in formats; :func:`file_formats` lists the installed ones."""

PathOrFile = str | os.PathLike[str] | IO[str] | IO[bytes]


def format_of(name: str | os.PathLike[str] | None, format: str | None) -> str | None:
    """The name of the format asked for, else of the one the file name's suffix tells."""
    if format is not None:
        return get_format(format).name
    if name is None:
        return None
    found = suffix_format(Path(name).suffix)
    return None if found is None else found.name


def _chosen(name: str | os.PathLike[str] | None, format: str | Format | None) -> Format | None:
    """The format asked for, else the one the name's suffix tells, if any."""
    if format is not None:
        return get_format(format)
    return None if name is None else suffix_format(Path(name).suffix)


def _for_path(path: Path, format: str | Format | None) -> Format:
    return _chosen(path, format) or format_for_suffix(path.suffix, str(path))


def _guess(text: str) -> Format:
    """JSON for text that starts with ``{``, Mermaid for a journey diagram, else YAML."""
    from journeykit.formats.mermaid import looks_like_mermaid

    if text.lstrip("\ufeff \t\r\n").startswith("{"):
        return get_format("json")
    return get_format("mermaid" if looks_like_mermaid(text) else "yaml")


def loads(
    text: str | bytes, format: str | Format | None = None, *, source: str | None = None
) -> Journey:
    """Read a journey from text in any registered format.

    Parameters
    ----------
    text : str or bytes
        The document; bytes must be UTF-8.
    format : str or Format, optional
        ``"json"``, ``"yaml"``, ``"mermaid"``, a plugin's name or a format
        object. Guessed when omitted: text starting with ``{`` is JSON, a
        Mermaid ``journey`` diagram is Mermaid, anything else YAML.
    source : str, optional
        A name for the text (a file name) used in error messages.

    Returns
    -------
    Journey

    Raises
    ------
    FormatError
        The text is not well-formed in its format (the error names line and
        column), or no format has the name ``format``.
    ValidationError
        The document breaks the rules of the format; every problem is listed.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.loads("journeykit: 1\\ntitle: Tea\\nstages:\\n- name: Make\\n")
    >>> j.stage("make").name
    'Make'
    >>> jk.loads('{"journeykit": 1, "title": "Tea", "stages": [{"name": "Make", "bad": 1}]}')
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: line 1, column 63: stages[0].bad: unknown field
    """
    if isinstance(text, bytes | bytearray):
        text = decode(bytes(text), source)
    require(text, (str, bytes), "text", "loads")
    chosen = get_format(format) if format is not None else _guess(text)
    return chosen.read(text, source)


def load(file: PathOrFile, format: str | Format | None = None) -> Journey:
    """Read a journey from a file (a path or an open file).

    The format comes from ``format`` or else the file name's suffix
    (``.json``, ``.yaml``, ``.yml``, ``.mmd``, ``.mermaid``, or a plugin's);
    the text of an open file without a known suffix is guessed from. See
    :func:`loads` for the rest.

    Parameters
    ----------
    file : str, os.PathLike or file object
        A path, or a file open for reading (text or binary).
    format : str or Format, optional
        ``"json"``, ``"yaml"``, ``"mermaid"``, a plugin's name or a format
        object; by default the suffix's.

    Returns
    -------
    Journey

    Raises
    ------
    FormatError
        The file cannot be read, its format cannot be told, or it is not
        well-formed (the error names line and column).
    ValidationError
        The document breaks the rules of the format; every problem is listed,
        with its line and column in the file.

    Examples
    --------
    >>> import io
    >>> import journeykit as jk
    >>> j = jk.load("examples/coffee-maker.json")  # doctest: +SKIP
    >>> jk.load(io.StringIO('{"journeykit": 1, "title": "Tea"}')).title
    'Tea'
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
        chosen = _for_path(path, format)
        return chosen.read(decode(raw, str(path)), str(path))
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
    return loads(content, _chosen(source, format), source=source)


def dumps(journey: Journey, format: str | Format = "json") -> str:
    """The text of a journey in a registered format (JSON by default).

    JSON, YAML and Mermaid are canonical: the same journey always gives the
    same text, and reading it back gives an equal journey,
    ``dumps(loads(dumps(j))) == dumps(j)``. Mermaid keeps what a diagram
    cannot show in ``%% journeykit:`` comment lines (see docs/mermaid.md).

    Parameters
    ----------
    journey : Journey
        The journey to write.
    format : str or Format
        ``"json"`` (default), ``"yaml"``, ``"mermaid"``, a plugin's name or a
        format object.

    Returns
    -------
    str

    Examples
    --------
    >>> import journeykit as jk
    >>> print(jk.dumps(jk.Journey(title="Tea"), format="yaml"), end="")
    journeykit: 1
    title: Tea
    """
    require(journey, Journey, "journey", "dumps")
    return get_format(format).write(journey)


def dump(journey: Journey, file: PathOrFile, format: str | Format | None = None) -> None:
    """Write a journey to a path or an open file, in any registered format.

    A path is written to a temporary file beside it and then renamed over
    it, so an interrupted or failed write never leaves a half-written file.
    A file object (text or binary: ``io.StringIO``, ``io.BytesIO``, an open
    file) is written to and left open; its format is ``format``, else its
    name's suffix, else JSON.

    Parameters
    ----------
    journey : Journey
        The journey to write.
    file : str, os.PathLike or file object
        A path, or a file open for writing (text or binary).
    format : str or Format, optional
        ``"json"``, ``"yaml"``, ``"mermaid"``, a plugin's name or a format
        object; by default the suffix's.

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
        write_atomic(path, _for_path(path, format).write(journey).encode("utf-8"))
        return
    name = getattr(file, "name", None)
    chosen = _chosen(name if isinstance(name, str) else None, format) or get_format("json")
    write_to(file, chosen.write(journey))


def convert(
    source: PathOrFile,
    target: PathOrFile,
    *,
    from_: str | Format | None = None,
    to: str | Format | None = None,
) -> Journey:
    """Read a journey from ``source`` and write it to ``target``, between any formats.

    ``from_`` and ``to`` name the formats; by default the file names'
    suffixes tell them, as for :func:`load` and :func:`dump`.

    Parameters
    ----------
    source : str, os.PathLike or file object
        Where to read the journey from.
    target : str, os.PathLike or file object
        Where to write it.
    from_, to : str or Format, optional
        The formats of ``source`` and ``target``.

    Returns
    -------
    Journey
        The journey read (and written).

    Examples
    --------
    >>> import io
    >>> import journeykit as jk
    >>> diagram = "journey\\n  title Tea\\n  section Make\\n    Boil water: 4: Me\\n"
    >>> out = io.StringIO()
    >>> j = jk.convert(io.StringIO(diagram), out, from_="mermaid", to="yaml")
    >>> print(out.getvalue(), end="")
    journeykit: 1
    title: Tea
    personas:
    - id: me
      name: Me
    stages:
    - id: make
      name: Make
      touchpoints:
      - id: boil-water
        name: Boil water
        emotion: 0.5
        emotions:
          me: 0.5
    """
    require_source(source, "source", "convert")
    require_source(target, "target", "convert", writing=True)
    journey = load(source, from_)
    dump(journey, target, to)
    return journey


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the journeykit file format, version 1.

    The schema checks the shape of a document; references between its
    parts (unique ids, channels that exist) are checked by :func:`from_dict`.

    Returns
    -------
    dict
        A new copy of the schema each call.

    Examples
    --------
    >>> import journeykit as jk
    >>> jk.schema()["$defs"]["touchpoint"]["required"]
    ['name']
    """
    text = importlib.resources.files(__package__).joinpath("schema-v1.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]
