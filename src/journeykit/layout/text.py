"""Measuring, cleaning and wrapping text with real font metrics.

Text is measured with the advance widths of DejaVu Sans (shipped as a table
in ``fonts/dejavu-sans.json``; see ``tools/make_font_metrics.py``), the font
matplotlib ships and the first family of the SVG font stack. Kerning is
ignored: in DejaVu Sans it almost always narrows a pair, so measuring
without it errs on the wide, safe side. Characters the font lacks (CJK,
emoji) are measured as one em, wider than most such glyphs.
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

FONT_FAMILY = "DejaVu Sans, Verdana, Geneva, sans-serif"
"""The SVG font stack; its first family is the one text is measured with."""

LINE_HEIGHT = 1.25
"""Distance between baselines, in ems."""

ELLIPSIS = "…"

# Characters that change how text around them is laid out (bidirectional
# overrides and isolates) or that XML cannot hold.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_WHITESPACE = re.compile(r"\s+")


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


@functools.lru_cache(maxsize=65536)
def _char_width(char: str, bold: bool) -> float:
    return _faces()[bold].advance(char)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` set in ``size``-point DejaVu Sans.

    >>> round(text_width("Hello", 10), 2)
    25.35
    >>> text_width("Hello", 10, bold=True) > text_width("Hello", 10)
    True
    """
    return size * sum(_char_width(ch, bold) for ch in text)


def ascent(size: float, bold: bool = False) -> float:
    """How far the font's tallest glyphs rise above the baseline."""
    return size * _faces()[bold].ascent


def descent(size: float, bold: bool = False) -> float:
    """How far the font's lowest glyphs fall below the baseline."""
    return size * _faces()[bold].descent


def clean(text: str) -> str:
    """Text fit to draw: one line, no control or layout-changing characters.

    Control characters become spaces, runs of whitespace one space; unpaired
    surrogates become U+FFFD; bidirectional overrides and zero-width
    characters are dropped, so a name cannot reorder the text around it.

    >>> clean("a\\x00b\\u202ec\\n  d")
    'a bc d'
    """
    chars = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cs":
            chars.append("\ufffd")
        elif cat == "Cc":
            chars.append(" ")
        else:
            chars.append(ch)
    return _WHITESPACE.sub(" ", _INVISIBLE.sub("", "".join(chars))).strip()


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
    ellipsis and ``truncated`` is true.

    >>> wrap("Compares models on the website", 100, 10, max_lines=3).lines
    ('Compares models', 'on the website')
    >>> w = wrap("Compares models on the website", 100, 10, max_lines=1)
    >>> w.lines, w.truncated
    (('Compares…',), True)
    """
    text = clean(text)
    if max_lines < 1 or width <= 0:
        return Wrapped((), bool(text))
    lines: list[str] = []
    remaining = list(_pieces(text, width, size, bold))
    current = ""
    while remaining:
        piece = remaining[0]
        candidate = f"{current} {piece}" if current else piece
        if text_width(candidate, size, bold) <= width:
            current = candidate
            remaining.pop(0)
            continue
        lines.append(current)
        current = ""
        if len(lines) == max_lines:
            break
    if current and len(lines) < max_lines:
        lines.append(current)
        current = ""
    truncated = bool(remaining) or bool(current)
    if truncated:
        rest = " ".join([lines[-1], current, *remaining]).strip() if lines else text
        lines[-1:] = [_with_ellipsis(rest, width, size, bold)]
    return Wrapped(tuple(lines), truncated)


def _pieces(text: str, width: float, size: float, bold: bool) -> Iterator[str]:
    """The words of ``text``, each word too wide for a line broken into parts."""
    for word in text.split(" "):
        if text_width(word, size, bold) <= width:
            yield word
            continue
        part = ""
        for ch in word:
            if part and text_width(part + ch, size, bold) > width:
                yield part
                part = ""
            part += ch
        if part:
            yield part


def _with_ellipsis(text: str, width: float, size: float, bold: bool) -> str:
    """The longest start of ``text`` that fits ``width`` with an ellipsis after it."""
    budget = width - text_width(ELLIPSIS, size, bold)
    used = 0.0
    end = 0
    for i, ch in enumerate(text):
        used += _char_width(ch, bold) * size
        if used > budget:
            break
        end = i + 1
    if budget <= 0:
        return ""
    head = text[:end]
    space = head.rfind(" ")
    if end < len(text) and text[end] != " " and space > end // 2:
        head = head[:space]  # end on a whole word when that keeps most of the line
    return head.rstrip() + ELLIPSIS
