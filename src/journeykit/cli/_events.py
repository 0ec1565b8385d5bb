"""What the event commands (discover, refresh, conform) share: options, reading, progress."""

from __future__ import annotations

import argparse
import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

import journeykit as jk
from journeykit.cli._args import unknown_name
from journeykit.cli._common import Streams, display_name, read_journey
from journeykit.scales import SCALES

FILES_HELP = (
    "EVENTS is a file of events, one a row: CSV (.csv, .tsv), Parquet (.parquet, .pq) or "
    "JSON Lines (.jsonl, .ndjson), optionally compressed (.gz, .zst, .bz2), or - for "
    "standard input (its format told by its first bytes). polars or DuckDB reads it as "
    "it counts (CSV, TSV and JSON Lines as .gz or .zst decompressed on the way; .bz2 and "
    "compressed Parquet decompressed to a temporary file first). Timestamps are ISO 8601 "
    "(an offset or Z makes them UTC) unless --timestamp-format says otherwise."
)

ENGINES = ("polars", "duckdb")
"""``journeykit.events.files.ENGINES``, named here so that building the parser loads no
events code (a test holds the two equal)."""

PROGRESS_DELAY = 0.5
"""Seconds a command runs before it shows what it is doing (tests set 0)."""


# -- options ---------------------------------------------------------------------


def add_event_options(parser: argparse.ArgumentParser, *, aggregates: bool) -> None:
    """The options that say how to read and count the events."""
    where = "the events (not for saved counts)" if aggregates else "the events"
    group = parser.add_argument_group(
        "columns and counting",
        f"How to read {where}; as the keyword arguments of jk.events.discover.",
    )
    group.add_argument(
        "--case", metavar="COLUMN", help="the customer or case id column (default: case)"
    )
    group.add_argument(
        "--timestamp", metavar="COLUMN", help="the time of each event (default: timestamp)"
    )
    group.add_argument(
        "--touchpoint", metavar="COLUMN", help="the touchpoint met (default: touchpoint)"
    )
    group.add_argument(
        "--sentiment", metavar="COLUMN", help="a column of scores on --scale (a survey answer)"
    )
    group.add_argument(
        "--scale",
        choices=sorted(SCALES),
        help="the scale of --sentiment (default: valence, -1 to 1)",
    )
    group.add_argument(
        "--session-gap",
        metavar="DURATION",
        help="a new case where more than this passes between two events of a customer "
        "(30min, 2h, 1d); by default each customer is one case",
    )
    group.add_argument(
        "--order", metavar="COLUMN", help="a sequence number that orders events at the same time"
    )
    group.add_argument(
        "--timestamp-format",
        metavar="FORMAT",
        help="a strftime format for the timestamps, such as '%%d/%%m/%%Y %%H:%%M' "
        "(default: ISO 8601)",
    )
    group.add_argument(
        "--on-invalid",
        choices=("error", "drop"),
        help="rows with a null case, time or touchpoint, a score off the scale or a "
        "repeated event: stop with an error (the default) or leave them out",
    )
    group.add_argument(
        "--engine",
        choices=ENGINES,
        help="what reads and counts the events (default: polars when installed, else duckdb)",
    )


def add_matching_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--touchpoint-map",
        action="append",
        metavar="NAME=ID",
        help="a touchpoint name of the events and the designed touchpoint it is, where the "
        "name is not the touchpoint's id or name (repeat it)",
    )


def add_progress_options(parser: argparse.ArgumentParser) -> None:
    # -q/--quiet, which shows neither progress nor a summary, is a common option.
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="show no progress (it shows only when standard error is a terminal)",
    )


def add_output_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        default="-",
        help=f"write {what} here, in the format its suffix names (.json, .yaml, .mmd…); "
        "- for standard output (JSON, the default)",
    )


def pairs(values: list[str] | None, option: str, left: str, right: str) -> dict[str, str] | None:
    """The ``LEFT=RIGHT`` values of a repeated option, in order."""
    if not values:
        return None
    out: dict[str, str] = {}
    for value in values:
        key, sep, item = value.partition("=")
        if not sep or not key or not item:
            raise jk.JourneyError(f"{option}: expected {left}={right}, got {value!r}")
        out[key] = item
    return out


def check_output(path: str, *, aggregate: bool = False) -> None:
    """Refuse, before any counting, an output the command could not write at the end."""
    if path == "-":
        return
    from journeykit.events import files
    from journeykit.formats.registry import format_for_suffix

    if aggregate:
        if not files.is_aggregate(path):
            raise jk.FormatError("saved counts are written as .json or .json.gz", source=path)
    else:
        format_for_suffix(Path(path).suffix, path)  # names the suffixes a format reads
    folder = Path(path).parent
    if not folder.is_dir():
        raise jk.FormatError(f"cannot write the file: no folder {str(folder)!r}", source=path)


def column_options(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of the events API that the options give, for events."""
    gap = args.session_gap
    if gap is not None:
        from journeykit.events.aggregation import parse_gap

        # Checked here, before any file is read, so that the message is about the option.
        parse_gap(gap)
    options: dict[str, Any] = {
        "case": args.case or "case",
        "timestamp": args.timestamp or "timestamp",
        "touchpoint": args.touchpoint or "touchpoint",
        "sentiment": args.sentiment,
        "scale": args.scale or "valence",
        "session_gap": gap,
        "order": args.order,
        "on_invalid": args.on_invalid or "error",
    }
    return options


def given(args: argparse.Namespace) -> list[str]:
    """The counting options given on the command line, as the user wrote them."""
    names = [
        "case",
        "timestamp",
        "touchpoint",
        "sentiment",
        "scale",
        "session_gap",
        "order",
        "timestamp_format",
        "on_invalid",
    ]
    names += [n for n in ("channel", "stage", "rename") if n in args]
    return [f"--{name.replace('_', '-')}" for name in names if getattr(args, name, None)]


def touchpoint_map(args: argparse.Namespace, designed: jk.Journey) -> dict[str, str] | None:
    """The ``--touchpoint-map`` options, checked against the design before any counting."""
    from journeykit import events

    touchpoints = pairs(args.touchpoint_map, "--touchpoint-map", "NAME", "ID")
    known = [tp.id for tp in designed.touchpoints]
    for name, id in (touchpoints or {}).items():
        if id not in known:
            where = f"the designed journey {display_name(args.designed)}"
            raise unknown_name(f"--touchpoint-map {name}={id}", id, known, "touchpoint", where)
    try:
        events.match(designed, (), touchpoints)
    except events.EventsError as exc:
        raise events.EventsError(f"--touchpoint-map: {exc}") from None
    return touchpoints


def stages_of(args: argparse.Namespace) -> dict[str, str] | None:
    """Touchpoint → stage, from ``--stages-file`` or the ``--stage-of`` options."""
    from journeykit.events import files

    if args.stages_file is not None:
        return files.read_mapping(args.stages_file)
    return pairs(args.stage_of, "--stage-of", "TOUCHPOINT", "STAGE")


# -- reading ---------------------------------------------------------------------


def open_events(
    path: str, args: argparse.Namespace, io: Streams, *, columns: dict[str, Any]
) -> Any:
    """The events of ``path`` (``-``: standard input) as a lazy frame, typed for counting."""
    from journeykit.events import files

    if path == "-":
        if io.stdin is None:
            raise jk.FormatError("standard input is closed", source="<stdin>")
        source: Any = getattr(io.stdin, "buffer", None)
        if source is None:
            raise jk.JourneyError("<stdin>: standard input does not give bytes")
    else:
        source = path
    text = [columns["case"], columns["touchpoint"]]
    text += [columns[k] for k in ("channel", "stage") if columns.get(k)]
    numbers = [columns["sentiment"]] if columns.get("sentiment") else []
    # Every error of read() names the file (or the stream) already.
    return files.read(
        source,
        engine=args.engine,
        timestamp=columns["timestamp"],
        timestamp_format=args.timestamp_format,
        text=text,
        numbers=numbers,
    )


def observed(
    path: str,
    args: argparse.Namespace,
    io: Streams,
    progress: Progress,
    *,
    extra: dict[str, Any] | None = None,
) -> tuple[Any, dict[str, Any]]:
    """The events of ``path`` as a lazy frame and the column arguments to count them with
    (those of the options, and ``extra``), or the counts saved there and no arguments."""
    from journeykit import events
    from journeykit.events import files

    name = display_name(path)
    with progress.step(f"reading {name}"):
        if path != "-" and files.is_aggregate(path):
            if given(args):
                raise events.EventsError(
                    f"{name} holds counts, not events: leave out {', '.join(given(args))}"
                )
            return events.load_aggregate(path), {}
        columns = column_options(args) | (extra or {})
        return open_events(path, args, io, columns=columns), columns


def design_and_events(
    args: argparse.Namespace, io: Streams, progress: Progress
) -> tuple[jk.Journey, dict[str, str] | None, Any, dict[str, Any]]:
    """For refresh and conform: the designed journey, the ``--touchpoint-map``, and the
    events (or saved counts) with their column arguments, as :func:`observed` gives them."""
    if args.designed == "-" and args.events == "-":
        raise jk.JourneyError("only one of DESIGNED and EVENTS can be - (standard input)")
    with progress.step(f"reading {display_name(args.designed)}"):
        designed = read_journey(args.designed, io)
        touchpoints = touchpoint_map(args, designed)
    source, columns = observed(args.events, args, io, progress)
    return designed, touchpoints, source, columns


def progress_of(args: argparse.Namespace, io: Streams) -> Progress:
    """The progress line, unless ``--quiet`` or ``--no-progress``."""
    return Progress(io.err, enabled=not (args.quiet or args.no_progress))


def write_journey(journey: jk.Journey, path: str, io: Streams) -> None:
    if path == "-":
        jk.dump(journey, io.out)
    else:
        jk.dump(journey, path)


def unit(counts: Any) -> str:
    return "sessions" if counts.session_gap is not None else "customers"


def counted(counts: Any) -> str:
    """``1,234 events of 56 customers, 2026-03-01 to 2026-03-31``."""
    period = counts.period()
    when = f", {period[0]} to {period[1]}" if period else ""
    text = f"{counts.rows:,} events of {counts.cases:,} {unit(counts)}{when}"
    dropped = sum(counts.dropped.values())
    return f"{text} ({dropped:,} invalid rows left out)" if dropped else text


# -- progress --------------------------------------------------------------------


class Progress:
    """What a command is doing, on a terminal: the step and the time it has taken so far.

    One line on ``stream``, redrawn from a thread of its own, so that the
    time goes on while an engine counts, and cleared at the end. Shows
    nothing unless ``enabled`` and the stream is a terminal, and nothing for
    the first :data:`PROGRESS_DELAY` seconds.
    """

    def __init__(self, stream: TextIO, *, enabled: bool) -> None:
        self._stream = stream
        self._text = ""
        self._started = time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if enabled and _isatty(stream):
            self._thread = threading.Thread(target=self._run, name="journeykit-progress")
            self._thread.daemon = True
            self._thread.start()

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @contextlib.contextmanager
    def step(self, text: str) -> Iterator[None]:
        """Show ``text`` while the block runs."""
        self._text = text
        yield

    def close(self) -> None:
        """Stop, and clear the line."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        shown = 0
        while not self._stop.wait(0.25 if shown else 0.05):
            elapsed = time.monotonic() - self._started
            if elapsed < PROGRESS_DELAY:
                continue
            minutes, seconds = divmod(int(elapsed), 60)
            clock = f" ({minutes}:{seconds:02d})"
            room = max(_width(self._stream) - 1 - len(clock), 10)
            line = f"journeykit: {self._text}"[:room] + clock
            if not self._write("\r" + line + " " * max(shown - len(line), 0)):
                return
            shown = len(line)
        if shown:
            self._write("\r" + " " * shown + "\r")

    def _write(self, text: str) -> bool:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError, UnicodeError):
            return False
        return True


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _width(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80
