"""The ``journeykit`` command: argument parsing over the public API.

Each command lives in a module of this package that defines ``register``,
which adds the command's parser. Exit codes: 0 all is well, 1 findings at or
above ``--fail-on`` (for the commands that report findings), 2 a usage error,
bad input or output that cannot be written, 141 a reader that went away.
An error is one line on standard error (``--traceback`` adds where it
happened); a warning of the library (a :class:`~journeykit.FormatWarning`)
is one line too, ``journeykit: warning: …``, unless ``--quiet``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import pkgutil
import sys
import traceback
import warnings
from collections.abc import Iterator, Sequence
from typing import Any, TextIO, cast

import journeykit as jk
from journeykit.cli._args import CommandParser, add_common_options
from journeykit.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_BROKEN_PIPE,
    GuardedOutput,
    OutputError,
    Streams,
    one_line,
)
from journeykit.cli._style import paint, style_of

__all__ = ["build_parser", "main", "run"]

EXIT_INTERRUPTED = 130
"""128 + SIGINT, as a shell reports a command stopped by Ctrl-C."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journeykit",
        description="Customer journey maps as code: validate, analyse, convert and render "
        "journey files, and discover, refresh and check them against event data.",
        epilog="journeykit COMMAND --help tells more. Exit status: 0 ok, 1 findings (check, "
        "conform; diff --exit-code), 2 a usage error or bad input. See docs/cli.md.",
    )
    parser.add_argument("--version", action="version", version=f"journeykit {jk.__version__}")
    add_common_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CommandParser)
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}").register(commands)
    for command in commands.choices.values():
        add_common_options(command, top=False)  # last, after the command's own
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code.

    A failure to write the output (a full disk, standard output closed)
    ends the command with one line on standard error and exit code 2; a
    reader that went away (``journeykit check … | head``) ends it quietly
    with 141, as a shell reports a command stopped by SIGPIPE.
    """
    out = GuardedOutput(sys.stdout if stdout is None else stdout, "standard output")
    err = GuardedOutput(sys.stderr if stderr is None else stderr, "standard error", quiet=True)
    io = Streams(cast("TextIO", out), cast("TextIO", err), sys.stdin if stdin is None else stdin)
    try:
        status = _run_command(argv, io)
        io.out.flush()  # a full disk often shows only now
    except OutputError as exc:
        if exc.broken_pipe:
            return EXIT_BROKEN_PIPE
        print(f"journeykit: {exc}", file=io.err)
        return EXIT_BAD_INPUT
    return status


def _run_command(argv: Sequence[str] | None, io: Streams) -> int:
    parser = build_parser()
    try:
        # argparse prints --help, --version and usage errors to sys.stdout/stderr.
        with contextlib.redirect_stdout(io.out), contextlib.redirect_stderr(io.err):
            args = parser.parse_args(argv)
            if getattr(args, "run", None) is None:
                parser.error(
                    f"choose a command: {', '.join(_commands(parser))} "
                    "(journeykit --help says what each does)"
                )
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    io = io._replace(style=style_of(io.out, io.err, args.color), quiet=args.quiet)
    try:
        with _warnings_shown(io):
            return int(args.run(args, io))
    except jk.JourneyError as exc:
        if args.traceback:
            traceback.print_exc(file=io.err)
        print(error_line(one_line(exc), io), file=io.err)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except (OutputError, SystemExit):
        raise
    except Exception as exc:  # a bug: still one line, unless asked for the traceback
        if args.traceback:
            traceback.print_exc(file=io.err)
        where = "" if args.traceback else "; --traceback shows where"
        message = f"internal error: {type(exc).__name__}: {one_line(exc)}{where}"
        print(error_line(f"{message} (please report it)", io), file=io.err)
        return EXIT_BAD_INPUT


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    found = parser._subparsers._group_actions[0].choices if parser._subparsers else None
    return sorted(cast("dict[str, Any]", found or {}))


def error_line(message: str, io: Streams) -> str:
    """``journeykit: message``, the prefix coloured when standard error is."""
    return f"{paint('journeykit:', 'bold', 'red', on=io.style.err)} {message}"


def warning_line(message: str, io: Streams) -> str:
    """``journeykit: warning: message``."""
    return f"journeykit: {paint('warning:', 'bold', 'yellow', on=io.style.err)} {message}"


def print_warning(message: str, io: Streams, *, force: bool = False) -> None:
    """One warning a line on standard error, unless ``--quiet`` (and not ``force``)."""
    if force or not io.quiet:
        print(warning_line(" ".join(message.splitlines()), io), file=io.err)


@contextlib.contextmanager
def _warnings_shown(io: Streams) -> Iterator[None]:
    """The library's warnings as ``journeykit: warning: …`` lines while a command runs."""

    def show(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        if _ours(category):
            print_warning(str(message), io)
        else:
            shown(message, category, *args, **kwargs)

    with warnings.catch_warnings():
        shown = warnings.showwarning
        warnings.simplefilter("always", jk.FormatWarning)
        warnings.showwarning = show
        yield


def _ours(category: type[Warning]) -> bool:
    return category.__module__.split(".")[0] == "journeykit"


def run() -> None:
    """The console-script entry point."""
    status = main()
    if sys.stdout is not None:
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            # Output failed and main() said so (or stayed quiet for a closed pipe):
            # send what is still buffered nowhere, so that Python does not
            # complain again while it shuts down.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
    sys.exit(status)
