"""How each kind of text is written into a diagram line and read back from it.

Mermaid has no escapes in a journey diagram: ``#`` starts a comment, ``;``
is an error, ``:`` ends a task name and ``,`` separates actors, a line break
ends a statement, ``%%{`` starts a directive anywhere, and a task name
that starts with a keyword (``journey``, ``title …``, ``section …``) is read
as that keyword. So the writer puts a look-alike character in place of each
(``∶`` U+2236 for ``:``, ``＃`` for ``#``, ``；`` for ``;``, ``‚`` U+201A for
``,``), ``<br>`` for a line break in section and task names (Mermaid draws
it as one), and a zero-width space where a pair of characters or a keyword
would be read as something else. What a reader gets back, ``shown(x)``, can
then differ from ``x``; the writer keeps ``x`` in a note when it does.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from journeykit.formats.mermaid import _js

ZERO_WIDTH_SPACE = "\u200b"
_WS = _js.WS

_LINE_BREAK = re.compile(r"\r\n|[\r\n]")
_BR = re.compile(rf"<br[{_WS}]*/?>", re.IGNORECASE)
_KEYWORD = re.compile(
    rf"journey\b|title[{_WS}][^#\n;]|section[{_WS}][^#:\n;]|acc(?:Title|Descr)[{_WS}]*[:{{]",
    re.IGNORECASE | re.ASCII,
)


def _safe(text: str) -> str:
    """Break ``%%`` (a comment or a directive) and ``="`` (rewritten inside a tag)."""
    text = re.sub("%(?=%)", "%" + ZERO_WIDTH_SPACE, text)
    return text.replace('="', "=" + ZERO_WIDTH_SPACE + '"')


def _replace(text: str, table: dict[int, str]) -> str:
    return text.translate(table)


_IN_TITLE = str.maketrans({"#": "\uff03", ";": "\uff1b"})
_IN_NAME = {**_IN_TITLE, ord(":"): "\u2236"}
_IN_ACTOR = {**_IN_NAME, ord(","): "\u201a"}


def write_title(title: str) -> str:
    return _replace(_LINE_BREAK.sub(" ", _safe(title)), _IN_TITLE)


def read_title(raw: str) -> str:
    return _js.trim(raw)


def write_section(name: str) -> str:
    return _replace(_LINE_BREAK.sub("<br>", _safe(name)), _IN_NAME)


def read_name(raw: str) -> str:
    """A section or task name as read: trimmed, each ``<br>`` a line break."""
    return _BR.sub("\n", _js.trim(raw))


def write_task(name: str) -> str:
    text = write_section(name)
    start = _js.trim_start(text)
    if not start or _KEYWORD.match(start + ":"):
        text = ZERO_WIDTH_SPACE + text
    return text


def write_actor(name: str) -> str:
    return _replace(_LINE_BREAK.sub(" ", _safe(name)), _IN_ACTOR)


def read_actor(raw: str) -> str:
    return _js.trim(raw)


def write_description(text: str, indent: str) -> list[str]:
    """The ``accDescr`` lines: one line, or a ``{ … }`` block for several."""
    if not _LINE_BREAK.search(text):
        return [f"{indent}accDescr: {_safe(text)}"]
    body = _safe(text).replace("}", "\uff5d")
    lines = [f"{indent}    {line}" for line in _LINE_BREAK.split(body)]
    return [f"{indent}accDescr {{", *lines, f"{indent}}}"]


def read_description(raw: str) -> str:
    return re.sub(rf"\n[{_WS}]+", "\n", _js.trim(raw))


def shown(write: Callable[[str], str], read: Callable[[str], str], text: str) -> str:
    """What a reader gets back from ``text`` written with ``write``."""
    return read(write(text))


def shown_description(text: str) -> str:
    lines = write_description(text, "")
    if len(lines) == 1:
        return read_description(lines[0][len("accDescr:") :])
    return read_description("\n".join(lines[1:-1]))
