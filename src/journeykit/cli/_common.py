"""What the commands share: streams, exit codes, reading journeys, printing findings."""

from __future__ import annotations

import argparse
import io
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple, TextIO

import journeykit as jk
from journeykit.analysis.findings import SEVERITIES, Finding
from journeykit.cli._style import Style, finding_line

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
    return " ".join(str(exc).split("\n"))


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
    from journeykit.analysis.checking.config import normalize_selectors

    parts = comma_separated(values)
    return None if parts is None else normalize_selectors(parts, option)


def comma_separated(values: list[str] | None) -> list[str] | None:
    """The items of repeated, comma-separated options (``--select JK1,JK2 --select JK3``)."""
    if values is None:
        return None
    return [part for value in values for part in value.split(",") if part.strip()]


# -- findings ------------------------------------------------------------------

_ANNOTATION = {"error": "error", "warning": "warning", "info": "notice"}


def write_findings_text(
    reports: Sequence[tuple[str, Finding]], io: Streams, *, unreadable: int = 0
) -> None:
    """Findings one a line (``file:location: code [severity] message``), hints, a summary."""
    for file, finding in reports:
        print(
            finding_line(f"{file}:{finding}", finding.code, finding.severity, on=io.style.out),
            file=io.out,
        )
        if finding.hint:
            print(f"  hint: {finding.hint}", file=io.out)
    if not io.quiet:
        print(findings_summary([finding for _, finding in reports], unreadable), file=io.out)


def findings_summary(findings: Sequence[Finding], unreadable: int = 0) -> str:
    """``Found 3 findings (1 error, 2 warnings).``, or ``All checks passed!``."""
    if not findings:
        summary = "No findings" if unreadable else "All checks passed!"
    else:
        counts = Counter(finding.severity for finding in findings)
        parts = [plural(counts[s], s) for s in reversed(SEVERITIES) if counts[s]]
        summary = f"Found {plural(len(findings), 'finding')} ({', '.join(parts)})"
    if unreadable:
        return f"{summary}; {plural(unreadable, 'file')} could not be checked."
    return summary if summary.endswith("!") else f"{summary}."


def plural(count: int, word: str) -> str:
    """``1 finding``, ``2 findings``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _escape(text: str, *, property: bool = False) -> str:
    """Text made safe for a GitHub Actions workflow command."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text


def write_findings_github(reports: Sequence[tuple[str, Finding]], io: Streams) -> None:
    """Findings as GitHub Actions annotations, one a line."""
    for file, finding in reports:
        message = f"{finding.location}: {finding.message}"
        if finding.hint:
            message += f"\nhint: {finding.hint}"
        print(
            f"::{_ANNOTATION[finding.severity]} file={_escape(file, property=True)},"
            f"title={finding.code}::{_escape(message)}",
            file=io.out,
        )
