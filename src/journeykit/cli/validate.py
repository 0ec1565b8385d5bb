"""``journeykit validate``: check journey files against the rules of the format."""

from __future__ import annotations

import argparse
from typing import Any

import journeykit as jk
from journeykit.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    Streams,
    display_name,
    read_journey,
    report_error,
)


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "validate",
        help="check journey files against the rules of the format",
        description="Check journey files (JSON or YAML; - for standard input). "
        "Exit 0 when every file is valid, 2 with one problem per line when not.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    # -q/--quiet, a common option, prints nothing for valid files.
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, io: Streams) -> int:
    status = EXIT_OK
    for path in args.files:
        try:
            journey = read_journey(path, io)
        except jk.JourneyError as exc:
            report_error(exc, io)
            status = EXIT_BAD_INPUT
            continue
        if not args.quiet:
            print(
                f"{display_name(path)}: valid ({len(journey.stages)} stages, "
                f"{len(journey.touchpoints)} touchpoints)",
                file=io.out,
            )
    return status
