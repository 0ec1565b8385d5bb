"""How each kind of text is written into a diagram line and read back from it.

Mermaid's only escape is the entity code: before parsing, it sets aside
every ``#name;`` and ``#123;`` (``encodeEntities``), and the drawing shows
them as the character they name. The writer uses it for every character
that would otherwise be read as syntax: ``#`` (a comment), ``;`` (an error),
``:`` (the end of a task name), ``,`` (between actors), a line break, a
``%`` before ``%`` (a comment or a ``%%{`` directive), a ``<`` before a
letter (an HTML tag, whose quotes Mermaid rewrites), ``&``, ``<`` and ``>``
in a title or description (which Mermaid's HTML sanitizer rewrites),
whitespace at either end (which Mermaid trims), and the first character of a task name that starts
like a keyword (``journey``, ``title …``, ``section …``) or with ``%``
(where a token starts, ``%`` starts a comment). A line break in a
section or task name is written ``<br>``, which Mermaid draws as one.
Reading undoes all of it, so every text comes back as it was written.
"""

from __future__ import annotations

import html
import html.entities
import re
from collections.abc import Callable

from journeykit.formats.mermaid import _js

_WS = _js.WS
_BR = re.compile(rf"<br[{_WS}]*/?>", re.IGNORECASE)
_KEYWORD = re.compile(
    rf"%|journey\b|title[{_WS}][^#\n;]|section[{_WS}][^#:\n;]|acc(?:Title|Descr)[{_WS}]*[:{{]",
    re.IGNORECASE | re.ASCII,
)
_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _entity(char: str) -> str:
    return f"#{ord(char)};"


def _write(text: str, specials: str, line_break: str) -> str:
    """``text`` with each character Mermaid would misread written as an entity."""
    lead = len(text) - len(_js.trim_start(text))
    trail = len(text) - len(text.rstrip(_js.WHITESPACE)) if text.strip(_js.WHITESPACE) else 0
    out = []
    last = len(text) - 1
    for i, char in enumerate(text):
        after = text[i + 1] if i < last else ""
        if i < lead or i > last - trail:
            out.append(_entity(char))
        elif char == "\n":
            out.append(line_break)
        elif (
            char in specials
            or char == "\r"
            or (char == "%" and after == "%")
            or (char == "<" and after in _WORD and after)
        ):
            out.append(_entity(char))
        else:
            out.append(char)
    return "".join(out)


def decoder(opening: str, closing: str) -> Callable[[str], str]:
    """What the drawing shows for the entities that ``encodeEntities`` set aside.

    ``opening`` and ``closing`` stand for the ``#`` and ``;`` of each entity
    (see ``_source``). A number is a character (0, a surrogate or beyond
    U+10FFFF show as U+FFFD; 128–159 as in HTML, Windows-1252); a name is an
    HTML entity, and an unknown name shows as ``&name;``.
    """
    pattern = re.compile(f"{re.escape(opening)}([A-Za-z0-9_]+){re.escape(closing)}")

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.isdigit():
            number = int(name)
            if number == 0 or number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
                return "\ufffd"
            if 0x80 <= number <= 0x9F:
                return html.unescape(f"&#{number};") or chr(number)
            return chr(number)
        return html.entities.html5.get(f"{name};", f"&{name};")

    return lambda text: pattern.sub(one, text) if opening in text else text


# Mermaid passes a title and the accessibility texts through its HTML
# sanitizer, which rewrites `&`, `<` and `>` (a title "A & B" shows as
# "A &amp; B"); written as entity codes, they show as themselves.
_SANITIZED = "&<>"


def write_title(title: str) -> str:
    return _write(title, "#;:" + _SANITIZED, "#10;")


def read_title(raw: str, decode: Callable[[str], str]) -> str:
    return decode(_js.trim(raw))


def write_name(name: str) -> str:
    """A section name; a line break becomes ``<br>``."""
    return _write(name, "#;:", "<br>")


def write_task(name: str) -> str:
    text = write_name(name)
    if _KEYWORD.match(text + ":"):
        text = _entity(text[0]) + text[1:]
    return text


def read_name(raw: str, decode: Callable[[str], str]) -> str:
    """A section or task name as read: trimmed, each ``<br>`` a line break."""
    return decode(_BR.sub("\n", _js.trim(raw)))


def write_actor(name: str) -> str:
    return _write(name, "#;:,", "#10;")


def read_actor(raw: str, decode: Callable[[str], str]) -> str:
    return decode(_js.trim(raw))


def write_description(text: str) -> str:
    """The text of an ``accDescr:`` line."""
    return _write(text, "#;:" + _SANITIZED, "#10;")


def read_description(raw: str, decode: Callable[[str], str]) -> str:
    return decode(re.sub(rf"\n[{_WS}]+", "\n", _js.trim(raw)))
