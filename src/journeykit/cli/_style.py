"""Colour on a terminal: when to use it, and the few styles the command uses.

Colour is decided once per stream: ``--color always`` or ``never`` wins;
with ``auto`` (the default) a non-empty ``NO_COLOR`` turns it off, then a
non-empty ``FORCE_COLOR`` turns it on, then ``TERM=dumb`` turns it off, and
otherwise the stream must be a terminal. That is the order CPython's own
traceback colouring follows (no-color.org, force-color.org).

Colour is never the only signal: it only emphasises text that says the same
in words (``[error]``, ``warning:``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple, TextIO

COLOR_CHOICES = ("auto", "always", "never")

_SGR = {"bold": "1", "red": "31", "green": "32", "yellow": "33", "blue": "34", "cyan": "36"}
_RESET = "\x1b[0m"
SEVERITY_STYLES: Mapping[str, tuple[str, ...]] = {
    "error": ("bold", "red"),
    "warning": ("yellow",),
    "info": ("cyan",),
}


class Style(NamedTuple):
    """Whether to colour standard output and standard error."""

    out: bool = False
    err: bool = False


def use_colour(stream: TextIO, mode: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour what goes to ``stream`` under ``--color mode``."""
    if mode != "auto":
        return mode == "always"
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


def style_of(
    out: TextIO, err: TextIO, mode: str, environ: Mapping[str, str] | None = None
) -> Style:
    """The colour of both streams under ``--color mode``."""
    return Style(use_colour(out, mode, environ), use_colour(err, mode, environ))


def paint(text: str, *styles: str, on: bool) -> str:
    """``text`` in the given styles (``"bold"``, ``"red"``…) when ``on``, else as it is.

    >>> paint("error", "bold", "red", on=True)
    '\\x1b[1;31merror\\x1b[0m'
    >>> paint("error", "bold", "red", on=False)
    'error'
    """
    if not on or not styles or not text:
        return text
    return f"\x1b[{';'.join(_SGR[s] for s in styles)}m{text}{_RESET}"


def severity(text: str, level: str, *, on: bool) -> str:
    """``text`` in the colour of a finding's severity (``error``, ``warning``, ``info``)."""
    return paint(text, *SEVERITY_STYLES.get(level, ()), on=on)


def finding_line(line: str, code: str, level: str, *, on: bool) -> str:
    """A printed finding with its ``CODE [severity]`` coloured, when ``on``.

    ``line`` is the finding as printed without colour; only the first
    ``CODE [severity]`` in it changes, so the rest of its format is the
    caller's.

    >>> finding_line("a.json:stages[0]: JK101 [error] no touchpoints", "JK101", "error", on=False)
    'a.json:stages[0]: JK101 [error] no touchpoints'
    >>> finding_line("x: JK101 [info] m", "JK101", "info", on=True)
    'x: \\x1b[1mJK101\\x1b[0m [\\x1b[36minfo\\x1b[0m] m'
    """
    plain = f"{code} [{level}]"
    if not on or plain not in line:
        return line
    coloured = f"{paint(code, 'bold', on=True)} [{severity(level, level, on=True)}]"
    return line.replace(plain, coloured, 1)
