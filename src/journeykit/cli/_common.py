"""What the commands share: streams, exit codes, reading journeys (printing findings: _report)."""

from __future__ import annotations

import argparse
import io
import re
from datetime import date
from typing import Any, NamedTuple, TextIO

import journeykit as jk
from journeykit.cli._style import Style

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE: what a shell reports for a command whose reader went away."""


class Streams(NamedTuple):
    out: TextIO
    err: TextIO
    stdin: TextIO | None
    style: Style = Style()
    """Whether to colour each stream (``journeykit.cli._style``)."""
    quiet: bool = False
    """``--quiet``: print only results and errors."""


class OutputError(Exception):
    """Standard output failed (closed, a full disk, a reader gone): the command ends."""

    def __init__(self, message: str, *, broken_pipe: bool = False) -> None:
        super().__init__(message)
        self.broken_pipe = broken_pipe


class GuardedOutput(io.TextIOBase):
    """A text stream whose failures end the command with one line instead of a traceback.

    Writing to ``stream`` (``None`` when the process was started without it)
    raises :class:`OutputError`; with ``quiet``, for standard error, failures
    are dropped instead, since there is nowhere left to report them.
    """

    def __init__(self, stream: TextIO | None, name: str, *, quiet: bool = False) -> None:
        super().__init__()
        self._stream = stream
        self._name = name
        self._quiet = quiet

    @property
    def name(self) -> str:
        return f"<{self._name}>"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._guarded(lambda stream: stream.write(text))
        return len(text)

    def flush(self) -> None:
        if self._stream is not None:  # nothing written to a closed stream: nothing lost
            self._guarded(lambda stream: stream.flush())

    def isatty(self) -> bool:
        return self._stream is not None and bool(self._stream.isatty())

    def fileno(self) -> int:
        if self._stream is None:
            raise OSError(f"{self._name} is closed")
        return self._stream.fileno()

    def close(self) -> None:
        """Never closes the stream it guards (nor flushes it when collected)."""

    def _guarded(self, action: Any) -> None:
        if self._stream is None:
            if not self._quiet:
                raise OutputError(f"cannot write to {self._name}: it is closed")
            return
        try:
            action(self._stream)
        except (OSError, ValueError) as exc:  # ValueError: a stream closed in Python
            if self._quiet:
                return
            if isinstance(exc, BrokenPipeError):
                raise OutputError(f"{self._name}: the reader went away", broken_pipe=True) from None
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise OutputError(f"cannot write to {self._name}: {reason}") from None


def one_line(exc: BaseException) -> str:
    """An error's message on one line: a list of problems joined by semicolons."""
    first, *rest = str(exc).split("\n")
    items = [line.strip() for line in rest if line.strip()]
    return f"{first} {'; '.join(items)}" if items else first


def read_stdin(io: Streams) -> bytes | str:
    """All of standard input: bytes when it has them, else text."""
    if io.stdin is None:
        raise jk.FormatError("standard input is closed", source="<stdin>")
    try:
        buffer = getattr(io.stdin, "buffer", None)
        return buffer.read() if buffer is not None else io.stdin.read()
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise jk.FormatError(f"cannot read standard input: {reason}", source="<stdin>") from None


def read_journey(path: str, io: Streams) -> jk.Journey:
    """The journey in ``path``, or on standard input when ``path`` is ``-``."""
    if path == "-":
        return jk.loads(read_stdin(io), source="<stdin>")
    return jk.load(path)


def display_name(path: str) -> str:
    return "<stdin>" if path == "-" else path


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
    from journeykit.analysis.checking.config import normalize_selectors

    parts = comma_separated(values)
    return None if parts is None else normalize_selectors(parts, option)


def comma_separated(values: list[str] | None) -> list[str] | None:
    """The items of repeated, comma-separated options (``--select JK1,JK2 --select JK3``)."""
    if values is None:
        return None
    return [part for value in values for part in value.split(",") if part.strip()]


def plural(count: int, word: str) -> str:
    """``1 finding``, ``2 findings``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
