"""Measuring, cleaning and wrapping text with real font metrics.

Text is measured with the advance widths of DejaVu Sans (shipped as a table
in ``fonts/dejavu-sans.json``; see ``tools/make_font_metrics.py``), the font
matplotlib ships and the first family of the SVG font stack. Kerning is
ignored: in DejaVu Sans it almost always narrows a pair, so measuring
without it errs on the wide, safe side. Characters the font lacks (CJK,
emoji) are measured as one em, wider than most such glyphs.

Fonts for Chinese, Japanese and Korean
--------------------------------------
DejaVu Sans has no CJK glyphs. The SVG font stack (:data:`FONT_FAMILY`)
names, after the Latin families, the CJK families of the common systems —
Noto Sans CJK (Linux, Android), Hiragino Sans (macOS, iOS), Microsoft YaHei
and Malgun Gothic (Windows) — and ends with ``sans-serif``; a browser takes
each character from the first family that has it. CJK ideographs are one
em wide in all of them, as they are measured here, so CJK text fits its
cell. The matplotlib renderer falls back to the same families when they
are installed (Debian: ``fonts-noto-cjk``); without any, it draws a box for
each missing character and warns.
"""

from __future__ import annotations

import bisect
import functools
import importlib.resources
import json
import re
import unicodedata
from collections.abc import Iterator

import attrs

__all__ = ["FONT_FAMILY", "LINE_HEIGHT", "Wrapped", "clean", "text_width", "wrap"]

FONT_FAMILY = (
    "DejaVu Sans, Verdana, Geneva, 'Noto Sans CJK JP', 'Noto Sans CJK SC', "
    "'Hiragino Sans', 'Microsoft YaHei', 'Malgun Gothic', sans-serif"
)
"""The SVG font stack: its first family is the one text is measured with, then
Latin stand-ins, then CJK families (one em per ideograph, as measured)."""

LINE_HEIGHT = 1.25
"""Distance between baselines, in ems."""

ELLIPSIS = "…"

# Characters that change how text around them is laid out (bidirectional
# overrides and isolates) or that XML cannot hold.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_WHITESPACE = re.compile(r"[^\S\xa0]+")  # a no-break space is kept: it binds


@attrs.frozen
class _Face:
    units: int
    ascent: float
    descent: float
    fallback: int
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    widths: tuple[int, ...]

    def advance(self, char: str) -> float:
        cp = ord(char)
        i = bisect.bisect_right(self.starts, cp) - 1
        if i >= 0 and cp <= self.ends[i]:
            return self.widths[i] / self.units
        if unicodedata.combining(char):
            return 0.0
        return 1.0  # one em: wider than most glyphs this font lacks


@functools.cache
def _faces() -> dict[bool, _Face]:
    raw = (
        importlib.resources.files(__package__).joinpath("fonts/dejavu-sans.json").read_text("utf-8")
    )
    data = json.loads(raw)
    faces = {}
    for bold, name in ((False, "regular"), (True, "bold")):
        face = data["faces"][name]
        runs = face["runs"]
        faces[bold] = _Face(
            units=face["units_per_em"],
            ascent=face["ascent"] / face["units_per_em"],
            descent=face["descent"] / face["units_per_em"],
            fallback=face["fallback"],
            starts=tuple(r[0] for r in runs),
            ends=tuple(r[1] for r in runs),
            widths=tuple(r[2] for r in runs),
        )
    return faces


_WIDTH_CACHE: dict[bool, dict[str, float]] = {False: {}, True: {}}


def _char_width(char: str, bold: bool) -> float:
    cache = _WIDTH_CACHE[bold]
    width = cache.get(char)
    if width is None:
        width = cache[char] = _faces()[bold].advance(char)
    return width


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` set in ``size``-point DejaVu Sans.

    >>> round(text_width("Hello", 10), 2)
    25.35
    >>> text_width("Hello", 10, bold=True) > text_width("Hello", 10)
    True
    """
    cache = _WIDTH_CACHE[bold]
    total = 0.0
    for ch in text:
        width = cache.get(ch)
        total += width if width is not None else _char_width(ch, bold)
    return size * total


def ascent(size: float, bold: bool = False) -> float:
    """How far the font's tallest glyphs rise above the baseline."""
    return size * _faces()[bold].ascent


def descent(size: float, bold: bool = False) -> float:
    """How far the font's lowest glyphs fall below the baseline."""
    return size * _faces()[bold].descent


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """Text fit to draw: one line, no control or layout-changing characters.

    Control characters become spaces, runs of whitespace one space; unpaired
    surrogates become U+FFFD; bidirectional overrides and zero-width
    characters are dropped, so a name cannot reorder the text around it.

    >>> clean("a\\x00b\\u202ec\\n  d")
    'a bc d'
    """
    if text.isascii() and text.isprintable():
        return " ".join(text.split())
    text = _SURROGATE.sub("\ufffd", _CONTROL.sub(" ", text))
    return _WHITESPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


@attrs.frozen
class Wrapped:
    """Text broken into lines that fit a width; ``truncated`` if some was cut."""

    lines: tuple[str, ...]
    truncated: bool

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def wrap(
    text: str,
    width: float,
    size: float,
    max_lines: int = 1,
    bold: bool = False,
) -> Wrapped:
    """Break ``text`` into at most ``max_lines`` lines no wider than ``width``.

    Words that do not fit a line on their own are broken between characters.
    When the text needs more lines than allowed, the last line ends with an
    ellipsis and ``truncated`` is true. Work stops once the lines are full, so
    a huge text costs no more than a short one.

    >>> wrap("Compares models on the website", 100, 10, max_lines=3).lines
    ('Compares models', 'on the website')
    >>> w = wrap("Compares models on the website", 100, 10, max_lines=1)
    >>> w.lines, w.truncated
    (('Compares…',), True)
    """
    text = clean(text)
    if max_lines < 1 or width <= 0:
        return Wrapped((), bool(text))
    space = text_width(" ", size, bold)
    lines: list[str] = []
    line_start = 0  # where the line being filled starts in ``text``
    line_end = 0
    used = -1.0  # width of the line being filled; -1 while it is empty
    for start, end, piece_width in _pieces(text, width, size, bold):
        if used < 0:
            line_start, line_end, used = start, end, piece_width
        elif used + space + piece_width <= width:
            line_end, used = end, used + space + piece_width
        else:
            lines.append(text[line_start:line_end])
            if len(lines) == max_lines:
                rest = text[line_start:]
                lines[-1] = _with_ellipsis(rest, width, size, bold)
                return Wrapped(tuple(lines), True)
            line_start, line_end, used = start, end, piece_width
    if used >= 0:
        lines.append(text[line_start:line_end])
    return Wrapped(tuple(lines), False)


def _pieces(text: str, width: float, size: float, bold: bool) -> Iterator[tuple[int, int, float]]:
    """Each word of ``text`` as (start, end, width); words wider than a line come in parts."""
    position = 0
    for word in text.split(" "):
        start = position
        position += len(word) + 1
        if not word:
            continue
        word_width = text_width(word, size, bold)
        if word_width <= width:
            yield start, start + len(word), word_width
            continue
        part_start, used = start, 0.0
        for i, ch in enumerate(word, start):
            w = _char_width(ch, bold) * size
            if used and used + w > width:
                yield part_start, i, used
                part_start, used = i, 0.0
            used += w
        yield part_start, start + len(word), used


def _with_ellipsis(text: str, width: float, size: float, bold: bool) -> str:
    """The longest start of ``text`` that fits ``width`` with an ellipsis after it."""
    budget = width - text_width(ELLIPSIS, size, bold)
    if budget <= 0:
        return ""
    used = 0.0
    end = 0
    for i, ch in enumerate(text):
        used += _char_width(ch, bold) * size
        if used > budget:
            break
        end = i + 1
    head = text[:end]
    space = head.rfind(" ")
    if end < len(text) and text[end] != " " and space > end // 2:
        head = head[:space]  # end on a whole word when that keeps most of the line
    return head.rstrip() + ELLIPSIS
