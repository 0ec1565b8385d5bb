"""``journeykit check``: report where journey files depart from mapping practice."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

import journeykit as jk
from journeykit.analysis.checking import Config, check, find_config, load_config
from journeykit.analysis.findings import SEVERITIES, Finding, at_least
from journeykit.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    Streams,
    display_name,
    iso_date,
    read_journey,
    report_error,
    rule_selectors,
    write_findings_github,
    write_findings_text,
)


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "check",
        help="check journey files against the journey rules",
        description="Check journey files (JSON or YAML; - for standard input) against the "
        "rules of journey-mapping practice (see docs/rules.md). Settings come from the "
        "options, then the closest journeykit.toml, .journeykit.toml or pyproject.toml "
        "with a [tool.journeykit] table, then the defaults.",
        epilog="Exit status: 0 no finding at or above --fail-on, 1 at least one, "
        "2 bad input or bad settings.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="run only these rules: comma-separated codes or prefixes (JK2 is every JK2xx)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        metavar="CODES",
        help="do not run these rules: comma-separated codes or prefixes",
    )
    parser.add_argument("--format", choices=("text", "json", "github"), default="text")
    parser.add_argument(
        "--fail-on",
        choices=SEVERITIES[::-1],
        help="exit 1 on findings this severe or worse (default: fail-on from the "
        "configuration, else warning)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--config", metavar="PATH", help="read the settings from this TOML file")
    where.add_argument(
        "--no-config", action="store_true", help="use the default settings, read no file"
    )
    parser.add_argument(
        "--today",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="measure the age of maps and evidence from this date (default: today)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, io: Streams) -> int:
    select = rule_selectors(args.select, "--select")
    ignore = rule_selectors(args.ignore, "--ignore")
    fixed = load_config(args.config) if args.config else Config() if args.no_config else None
    found: dict[Path, Config] = {}
    today = args.today or date.today()
    reports: list[tuple[str, Finding]] = []
    unreadable = 0
    failed = False
    for path in args.files:
        try:
            journey = read_journey(path, io)
        except jk.JourneyError as exc:
            report_error(exc, io)
            unreadable += 1
            continue
        folder = Path.cwd() if path == "-" else Path(path).resolve().parent
        if fixed is None and folder not in found:
            found[folder] = find_config(folder)
        config = fixed or found[folder]
        findings = check(journey, select=select, ignore=ignore, config=config, today=today)
        fail_on = args.fail_on or config.fail_on
        failed = failed or any(at_least(f.severity, fail_on) for f in findings)
        reports += [(display_name(path), finding) for finding in findings]
    if args.format == "text":
        write_findings_text(reports, io, unreadable=unreadable)
    else:
        {"json": _write_json, "github": write_findings_github}[args.format](reports, io)
    if unreadable:
        return EXIT_BAD_INPUT
    return EXIT_FINDINGS if failed else EXIT_OK


def _write_json(reports: list[tuple[str, Finding]], io: Streams) -> None:
    records = [{"file": file, **finding.to_dict()} for file, finding in reports]
    print(json.dumps(records, indent=2, ensure_ascii=False), file=io.out)
