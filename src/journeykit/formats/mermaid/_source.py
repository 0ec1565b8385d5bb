"""Mermaid's preprocessing, keeping track of where each character came from.

Before its parser sees a diagram, Mermaid turns CRLF and CR into LF, rewrites
double-quoted attributes of HTML tags to single quotes, cuts out the YAML
front matter, the ``%%{…}%%`` directives and the ``%%`` comment lines, and
trims the start. When it renders a diagram from a web page it first removes
the common indentation and trims the text (``dedent`` and ``trim`` in
``mermaid.run``), which is what lets an indented front matter count. We do the
same, in that order; the text that is left remembers, for each character,
its offset in the original, so that errors name the line and column there.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable

import attrs

from journeykit.errors import FormatError
from journeykit.formats._text import parse
from journeykit.formats.mermaid import _js, _names

_WS = _js.WS


class Mapped:
    """A text cut out of an original, mapping each of its offsets to the original."""

    __slots__ = ("_origins", "_starts", "text")

    def __init__(
        self, text: str, starts: list[int] | None = None, origins: list[int] | None = None
    ):
        self.text = text
        self._starts = starts if starts is not None else [0]
        self._origins = origins if origins is not None else [0]

    def origin(self, index: int) -> int:
        """The offset in the original of this text's ``index``."""
        run = bisect.bisect_right(self._starts, index) - 1
        return self._origins[run] + index - self._starts[run]

    def without(self, spans: Iterable[tuple[int, int]]) -> Mapped:
        """This text without the (sorted, disjoint) ``spans``."""
        kept: list[tuple[int, int]] = []
        position = 0
        for start, end in spans:
            if start > position:
                kept.append((position, start))
            position = max(position, end)
        if position < len(self.text):
            kept.append((position, len(self.text)))
        parts: list[str] = []
        starts: list[int] = []
        origins: list[int] = []
        length = 0
        for start, end in kept:
            parts.append(self.text[start:end])
            while start < end:
                run = bisect.bisect_right(self._starts, start) - 1
                run_end = self._starts[run + 1] if run + 1 < len(self._starts) else end
                stop = min(end, run_end)
                origin = self._origins[run] + start - self._starts[run]
                if not (starts and origins[-1] + length - starts[-1] == origin):
                    starts.append(length)
                    origins.append(origin)
                length += stop - start
                start = stop
        return Mapped("".join(parts), starts or [0], origins or [0])

    def replaced(self, text: str) -> Mapped:
        """This text with characters replaced one for one (the offsets hold)."""
        assert len(text) == len(self.text)
        return Mapped(text, self._starts, self._origins)


class Lines:
    """Turns offsets in a text into 1-based lines and columns."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(self, offset: int) -> int:
        """The 0-based line that holds ``offset``."""
        return bisect.bisect_right(self._starts, offset) - 1

    def start_of(self, line: int) -> int | None:
        """The offset where the 0-based ``line`` starts, if the text has it."""
        return self._starts[line] if line < len(self._starts) else None

    def position(self, offset: int) -> tuple[int, int]:
        line = self.line_of(offset)
        return line + 1, offset - self._starts[line] + 1


@attrs.frozen
class RawNote:
    """A ``%% journeykit: {…}`` comment line: its JSON text and where it is."""

    at: int
    text: str
    text_at: int


@attrs.frozen
class Prepared:
    """A diagram after preprocessing: what the parser reads, and what was cut out."""

    original: str
    lines: Lines
    body: Mapped
    front_title: str | None
    front_title_at: int | None
    notes: tuple[RawNote, ...]
    decode: Callable[[str], str]
    """What the drawing shows for a text of the body: its entity codes decoded."""


def prepare(text: str, source: str | None) -> Prepared:
    """Preprocess ``text`` as Mermaid does; see the module's docstring."""
    if text.startswith("\ufeff"):
        text = text[1:]
    original = _TAG.sub(_single_quotes, text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = Lines(original)
    body = Mapped(original)
    front_title, front_title_at, span = _front_matter(original, lines, source)
    if span is not None:
        body = body.without([span])
    body = body.without(m.span() for m in _DIRECTIVE.finditer(body.text))
    notes: list[RawNote] = []
    comments = list(_comment_lines(body.text))
    for _, comment, end in comments:
        note = _NOTE.match(body.text, comment, end)
        if note:
            notes.append(
                RawNote(body.origin(note.start()), note.group(1), body.origin(note.start(1)))
            )
    body = body.without((start, end) for start, _, end in comments)
    leading = len(body.text) - len(_js.trim_start(body.text))
    if leading:
        body = body.without([(0, leading)])
    body, decode = _encode_entities(body)
    return Prepared(original, lines, body, front_title, front_title_at, tuple(notes), decode)


# encodeEntities, which Mermaid applies after detecting the diagram's type:
# in a line with `style` or `classDef`, `:`, a `#` right after it and a `;`,
# the last `;` goes; then each `#name;` or `#123;` is set aside for the
# drawing, so that its `#` and `;` are not syntax.
_NOT_LINE_END = f"[^{_js.LINE_END}]"
_STYLES = tuple(
    re.compile(rf"{word}{_NOT_LINE_END}*:[^{_WS}]*#{_NOT_LINE_END}*;")
    for word in ("style", "classDef")
)
_ENTITY = re.compile(r"#([A-Za-z0-9_]+);")


def _encode_entities(body: Mapped) -> tuple[Mapped, Callable[[str], str]]:
    for pattern in _STYLES:
        body = body.without((m.end() - 1, m.end()) for m in pattern.finditer(body.text))
    # Two characters the text does not hold stand for an entity's `#` and `;`.
    free = (chr(c) for c in range(0xE000, 0xF900) if chr(c) not in body.text)
    opening, closing = next(free), next(free)
    text = _ENTITY.sub(lambda m: f"{opening}{m.group(1)}{closing}", body.text)
    return body.replaced(text), _names.decoder(opening, closing)


# cleanupText: `<tag a="b">` becomes `<tag a='b'>` (same length, so offsets hold).
_TAG = re.compile(r"<([A-Za-z0-9_]+)([^>]*)>")
_DOUBLE_QUOTED = re.compile(r'="([^"]*)"')


def _single_quotes(match: re.Match[str]) -> str:
    return "<" + match.group(1) + _DOUBLE_QUOTED.sub(r"='\1'", match.group(2)) + ">"


# The directive regex of Mermaid's diagram-api/regexes.ts, in Python's words.
_W = "[A-Za-z0-9_]"
_DIRECTIVE = re.compile(
    rf"%%\{{[{_WS}]*(?:({_W}+)[{_WS}]*:|({_W}+))[{_WS}]*"
    rf"(?:({_W}+)|((?:(?!\}}%%)[^{_js.LINE_END}]|\r?\n)*))?[{_WS}]*(?:\}}%%)?",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"%%(?!\{)[^\n]+")


def _comment_lines(text: str) -> Iterable[tuple[int, int, int]]:
    """Where ``cleanupComments`` (``/^\\s*%%(?!{)[^\\n]+\\n?/gm``) cuts: (start, %%, end).

    A match starts at the first line start (JavaScript's ``^`` follows any
    line terminator) of the whitespace before the ``%%``, blank lines
    included. Found from each ``%%`` backwards, so that a long run of blank
    lines is walked once rather than from each of its lines.
    """
    floor = 0
    for match in _COMMENT.finditer(text):
        at = match.start()
        start = at
        while start > floor and text[start - 1] in _js.WHITESPACE:
            start -= 1
        while start < at and not (start == 0 or text[start - 1] in _js.LINE_END):
            start += 1
        if start == 0 or text[start - 1] in _js.LINE_END:
            end = match.end() + (1 if text.startswith("\n", match.end()) else 0)
            yield start, at, end
            floor = end
        else:
            floor = match.end()


_NOTE = re.compile(r"%%[ \t]*journeykit:[ \t]*(.*?)[ \t]*$")

# The front matter regex of Mermaid's regexes.ts (the newest, which lets it be indented).
_FRONT = re.compile(
    rf"([^\S\n\r]*)-{{3}}[{_WS}]*[\n\r](.*?)[\n\r]\1-{{3}}[{_WS}]*[\n\r]+", re.DOTALL
)


def _dedent(text: str) -> tuple[str, int]:
    """ts-dedent's ``dedent`` followed by ``trim``, as ``mermaid.run`` applies them.

    Returns the text and how many spaces or tabs were taken from each line.
    """
    text = re.sub(r"\n[\t ]*\Z", "", text, count=1)
    found = re.finditer(rf"\n(?:[\t ]+|(?![{_WS}])[^{_js.LINE_END}])", text)
    indents = [len(re.findall("[\t ]", m.group())) for m in found]
    indent = min(indents) if indents else 0
    if indent:
        text = re.sub(f"\n[\t ]{{{indent}}}", "\n", text)
    if text.startswith("\n"):
        text = text[1:]
    return _js.trim(text), indent


def _front_matter(
    text: str, lines: Lines, source: str | None
) -> tuple[str | None, int | None, tuple[int, int] | None]:
    """The title the front matter gives, where it is, and the span it takes."""
    stripped = _js.trim_start(text)
    if not stripped.lstrip(" \t").startswith("---"):
        return None, None, None
    dedented, indent = _dedent(text)
    match = _FRONT.match(dedented)
    if not match:
        return None, None, None
    start = len(text) - len(stripped)
    first = lines.line_of(start)
    end = lines.start_of(first + match.group().count("\n"))
    span = (start, len(text) if end is None else end)
    body = match.group(2)
    if not body.strip():
        return None, None, span
    body_line = first + 1
    try:
        data = parse(body, "yaml", source)
    except FormatError as exc:
        line = None if exc.line is None else exc.line + body_line
        column = None if exc.column is None else exc.column + indent
        raise FormatError(
            f"in the front matter: {exc.reason}", source=source, line=line, column=column
        ) from None
    title = data.get("title") if isinstance(data, dict) else None
    if not _js.truthy(title):
        return None, None, span
    at = lines.start_of(body_line)
    return _js.string(title), at, span
