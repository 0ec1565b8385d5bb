"""``journeykit diff``: what changed between two versions of a journey."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

import journeykit as jk
from journeykit.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    Streams,
    iso_date,
    read_journey,
    rule_selectors,
)
from journeykit.cli._report import report_error


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "diff",
        help="show what changed between two versions of a journey",
        description="Compare two versions of a journey (JSON, YAML or Mermaid; - for "
        "standard input "
        "for one of them): the items added, removed, changed and moved, matched by id and "
        "compared field by field; emotion and metric deltas; the findings of the journey "
        "rules that were fixed and that are new. The rules' settings come from the options, "
        "else from the configuration file closest to NEW, as for journeykit check.",
        epilog="Exit status: 0, or with --exit-code 1 when the versions differ; 2 bad input.",
    )
    parser.add_argument("old", metavar="OLD", help="the earlier version")
    parser.add_argument("new", metavar="NEW", help="the later version")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--exit-code",
        action="store_true",
        help="exit 1 when the versions differ and 0 when they do not, as git diff does",
    )
    parser.add_argument(
        "--today",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the day the rules take as today (default: today); fix it for reproducible output",
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="run only these rules: comma-separated codes or prefixes",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        metavar="CODES",
        help="do not run these rules: comma-separated codes or prefixes",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--config", metavar="PATH", help="read the rules' settings from this file")
    where.add_argument(
        "--no-config", action="store_true", help="use the default settings, read no file"
    )
    where.add_argument(
        "--no-findings", action="store_true", help="do not run the rules; compare the data only"
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
    from journeykit.analysis.differences import diff

    options: dict[str, Any] = {"findings": not args.no_findings}
    if not args.no_findings:
        from journeykit.analysis.checking import Config, find_config, load_config

        if args.config:
            config = load_config(args.config)
        elif args.no_config:
            config = Config()
        else:
            config = find_config(Path.cwd() if args.new == "-" else Path(args.new).resolve().parent)
        options.update(
            select=rule_selectors(args.select, "--select"),
            ignore=rule_selectors(args.ignore, "--ignore"),
            config=config,
            today=args.today or date.today(),
        )
    result = diff(old, new, **options)
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False), file=io.out)
    else:
        print(result.report(), file=io.out)
    return EXIT_FINDINGS if args.exit_code and result else EXIT_OK
