"""What the commands share: streams, exit codes, reading journeys."""

from __future__ import annotations

import argparse
import re
from datetime import date
from typing import NamedTuple, TextIO

import journeykit as jk

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class Streams(NamedTuple):
    out: TextIO
    err: TextIO
    stdin: TextIO


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split("\n"))


def read_journey(path: str, io: Streams) -> jk.Journey:
    """The journey in ``path``, or on standard input when ``path`` is ``-``."""
    if path == "-":
        data = io.stdin.buffer.read() if hasattr(io.stdin, "buffer") else io.stdin.read()
        return jk.loads(data, source="<stdin>")
    return jk.load(path)


def display_name(path: str) -> str:
    return "<stdin>" if path == "-" else path


def report_error(exc: jk.JourneyError, io: Streams) -> None:
    """Print a bad-input error: one line per problem."""
    if isinstance(exc, jk.ValidationError):
        for line in exc.lines():
            print(line, file=io.err)
    else:
        print(one_line(exc), file=io.err)


def iso_date(text: str) -> date:
    """An argparse type: a ``YYYY-MM-DD`` date."""
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)")


def rule_selectors(values: list[str] | None, option: str) -> tuple[str, ...] | None:
    """The rule codes of repeated, comma-separated ``--select``/``--ignore`` options."""
    from journeykit.analysis.check.config import normalize_selectors

    if values is None:
        return None
    parts = [part for value in values for part in value.split(",") if part.strip()]
    return normalize_selectors(parts, option)
