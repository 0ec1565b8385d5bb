"""``journeykit diff``: what changed between two versions of a journey."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

import journeykit as jk
from journeykit.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    Streams,
    read_journey,
    report_error,
)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _codes(text: str) -> list[str]:
    return [code.strip() for code in text.split(",") if code.strip()]


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "diff",
        help="show what changed between two versions of a journey",
        description="Compare two versions of a journey (JSON or YAML; - for standard input): "
        "items added, removed, changed and moved, matched by id and compared field by field; "
        "emotion and metric deltas; the rule findings fixed and new. "
        "Exit 0, or with --exit-code 1 when they differ; 2 on bad input.",
    )
    parser.add_argument("old", metavar="OLD", help="the earlier version")
    parser.add_argument("new", metavar="NEW", help="the later version")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json"
    )
    parser.add_argument(
        "--today",
        type=_day,
        metavar="YYYY-MM-DD",
        help="the day the rules take as today (default: the real today)",
    )
    parser.add_argument(
        "--select",
        type=_codes,
        action="extend",
        metavar="CODES",
        help="run only these rules (comma-separated codes or prefixes)",
    )
    parser.add_argument(
        "--ignore",
        type=_codes,
        action="extend",
        metavar="CODES",
        help="skip these rules (comma-separated codes or prefixes)",
    )
    parser.add_argument(
        "--no-findings", action="store_true", help="do not run the rules on either version"
    )
    parser.add_argument(
        "--exit-code", action="store_true", help="exit 1 when the versions differ, as git diff"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, io: Streams) -> int:
    if args.old == "-" and args.new == "-":
        print("journeykit diff: only one of OLD and NEW can be - (standard input)", file=io.err)
        return EXIT_BAD_INPUT
    try:
        old = read_journey(args.old, io)
        new = read_journey(args.new, io)
    except jk.JourneyError as exc:
        report_error(exc, io)
        return EXIT_BAD_INPUT
    from journeykit.analysis.diff import diff

    result = diff(
        old,
        new,
        findings=not args.no_findings,
        select=args.select,
        ignore=args.ignore,
        today=args.today,
    )
    if args.format == "json":
        io.out.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        print(result.report(), file=io.out)
    return EXIT_FINDINGS if args.exit_code and result else EXIT_OK
