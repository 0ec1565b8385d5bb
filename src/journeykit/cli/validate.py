"""``journeykit validate``: check journey files against the rules of the format."""

from __future__ import annotations

import argparse
from typing import Any

import journeykit as jk
from journeykit.cli import _report as report
from journeykit.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    Streams,
    display_name,
    read_journey,
)
from journeykit.cli._inputs import expand


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "validate",
        help="check journey files against the rules of the format",
        description="Check journey files against the rules of the format (docs/format.md). "
        "FILE is a journey file (JSON, YAML, Mermaid; - for standard input), a directory "
        "(the journey files under it, by suffix) or a glob pattern (journeys/**/*.yaml). "
        "Exit 0 when every file is valid, 2 when one is not: in text, one problem per line "
        "on standard error (file:line:column: when the line is known); in the other formats, "
        "each problem is a finding of code JK000 (invalid-file), as journeykit check reports it.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    # -q/--quiet, a common option, prints nothing for valid files.
    parser.add_argument(
        "--format",
        choices=report.FORMATS,
        default="text",
        help="text (default), json, github (GitHub Actions annotations) or sarif (SARIF 2.1.0)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, io: Streams) -> int:
    entries: list[report.Entry] = []
    text = args.format == "text"
    for item in expand(args.files):
        name = display_name(item.path)
        if item.problem is not None:
            found = [report.Entry(name, report.INVALID_FILE, "error", item.problem)]
        else:
            try:
                journey = read_journey(item.path, io)
            except jk.JourneyError as exc:
                found = report.invalid_file(name, exc)
            else:
                if text and not args.quiet:
                    print(
                        f"{name}: valid ({len(journey.stages)} stages, "
                        f"{len(journey.touchpoints)} touchpoints)",
                        file=io.out,
                    )
                continue
        if text:
            report.write_text(found, io, summary=False)
        entries += found
    if not text:
        rules = {report.INVALID_FILE: report.INVALID_FILE_RULE}
        report.write(entries, args.format, io, rules)
    return EXIT_BAD_INPUT if entries else EXIT_OK
