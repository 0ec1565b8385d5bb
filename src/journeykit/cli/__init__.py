"""The ``journeykit`` command: argument parsing over the public API.

Each command lives in a module of this package that defines ``register``,
which adds the command's parser. Exit codes: 0 all is well, 1 findings at or
above ``--fail-on`` (for the commands that report findings), 2 a usage error,
bad input or output that cannot be written, 141 a reader that went away.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from typing import TextIO, cast

import journeykit as jk
from journeykit.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_BROKEN_PIPE,
    GuardedOutput,
    OutputError,
    Streams,
    one_line,
)

__all__ = ["build_parser", "main", "run"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journeykit",
        description="Customer journey maps as code: validate, analyse and render journey files, "
        "and discover, refresh and check them against event data.",
    )
    parser.add_argument("--version", action="version", version=f"journeykit {jk.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}").register(commands)
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
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    command = getattr(args, "run", None)
    if command is None:
        parser.print_help(io.out)
        return EXIT_BAD_INPUT
    try:
        return int(command(args, io))
    except jk.JourneyError as exc:
        print(f"journeykit: {one_line(exc)}", file=io.err)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


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
