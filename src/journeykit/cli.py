"""The ``journeykit`` command: argument parsing over the public API.

Exit codes: 0 all is well, 1 findings at or above ``--fail-on`` (for the
commands that report findings), 2 a usage error or bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

import journeykit as jk

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


def _read(path: str, stdin: TextIO) -> jk.Journey:
    if path == "-":
        return jk.loads(
            stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read(), source="<stdin>"
        )
    return jk.load(path)


def _cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    status = EXIT_OK
    for path in args.files:
        try:
            journey = _read(path, stdin)
        except jk.ValidationError as exc:
            for line in exc.lines():
                print(line, file=err)
            status = EXIT_BAD_INPUT
        except jk.JourneyError as exc:
            print(_one_line(exc), file=err)
            status = EXIT_BAD_INPUT
        else:
            if not args.quiet:
                name = "<stdin>" if path == "-" else path
                print(
                    f"{name}: valid ({len(journey.stages)} stages, "
                    f"{len(journey.touchpoints)} touchpoints)",
                    file=out,
                )
    return status


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split("\n"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journeykit",
        description="Customer journey maps as code: validate, analyse and render journey files.",
    )
    parser.add_argument("--version", action="version", version=f"journeykit {jk.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check journey files against the rules of the format",
        description="Check journey files (JSON or YAML; - for standard input). "
        "Exit 0 when every file is valid, 2 with one problem per line when not.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing for valid files"
    )
    validate.set_defaults(run=_cmd_validate)
    return parser


Command = Callable[[argparse.Namespace, TextIO, TextIO, TextIO], int]


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    run: Command | None = getattr(args, "run", None)
    if run is None:
        parser.print_help(out)
        return EXIT_BAD_INPUT
    try:
        return run(args, out, err, stdin or sys.stdin)
    except jk.JourneyError as exc:
        print(f"journeykit: {_one_line(exc)}", file=err)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """The console-script entry point."""
    sys.exit(main())
