"""``journeykit check``: report where journey files depart from mapping practice."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

import journeykit as jk
from journeykit.analysis.checking import (
    Config,
    check,
    find_config,
    find_config_file,
    load_config,
)
from journeykit.analysis.findings import SEVERITIES, at_least
from journeykit.cli import _report as report
from journeykit.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    Streams,
    display_name,
    iso_date,
    read_journey,
    rule_selectors,
)
from journeykit.cli._inputs import expand

CONFIGURATION = """\
configuration:
  Settings come from the options, then from the configuration file closest to
  each journey file (from its directory up): .journeykit.toml or journeykit.toml,
  in a [check] table, or pyproject.toml, in a [tool.journeykit.check] table
  (a pyproject.toml without [tool.journeykit] is passed over); then the defaults.

    [tool.journeykit.check]        # in journeykit.toml: [check]
    select = ["JK"]                # codes or prefixes; default: every rule
    ignore = ["JK6", "JK203"]      # codes or prefixes
    stale-days = 180               # JK501: the age at which a map is stale
    evidence-max-age-days = 365    # JK502: the age at which evidence is stale
    loop-share = 0.1               # JK104: the share of customers on a loop reported
    fail-on = "warning"            # exit 1 on findings this severe or worse

    [tool.journeykit.check.per-file-ignores]   # in journeykit.toml: [check.per-file-ignores]
    "legacy/*.json" = ["JK3"]      # glob (from the file's directory) = codes not run there

  An item of a journey file suppresses findings on itself and what it holds
  with "ignore": ["JK201"]; JK503 reports suppressions that suppress nothing.
  --show-settings prints what applies to each file. See docs/rules.md and docs/ci.md.

exit status:
  0 no finding at or above --fail-on, 1 at least one, 2 a file that cannot be
  read or is not a valid journey (reported as JK000), or bad settings.
"""


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "check",
        help="check journey files against the journey rules",
        description="Check journey files against the rules of journey-mapping practice "
        "(docs/rules.md). FILE is a journey file (JSON, YAML, Mermaid; - for standard "
        "input), a directory (the journey files under it, by suffix) or a glob pattern "
        "(journeys/**/*.yaml).",
        epilog=CONFIGURATION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    parser.add_argument(
        "--format",
        choices=report.FORMATS,
        default="text",
        help="text (default), json, github (GitHub Actions annotations) or sarif "
        "(SARIF 2.1.0, for code scanning)",
    )
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
        "--show-settings",
        action="store_true",
        help="print the settings that apply to each file and where they come from; check nothing",
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
    found: dict[Path, tuple[Config, Path | None]] = {}
    today = args.today or date.today()
    entries: list[report.Entry] = []
    failed = False
    for item in expand(args.files):
        name = display_name(item.path)
        if item.problem is not None:
            entries.append(report.Entry(name, report.INVALID_FILE, "error", item.problem))
            continue
        config, source = _settings(item.path, fixed, args.config, found)
        if args.show_settings:
            _show_settings(name, item.path, config, source, select, ignore, io)
            continue
        try:
            journey = read_journey(item.path, io)
        except jk.JourneyError as exc:
            entries += report.invalid_file(name, exc)
            continue
        on = None if item.path == "-" else item.path
        findings = check(journey, select, ignore, config, today, path=on)
        failed = failed or any(
            at_least(f.severity, args.fail_on or config.fail_on) for f in findings
        )
        entries += [report.Entry.of_finding(name, finding) for finding in findings]
    if not args.show_settings or entries:
        report.write(entries, args.format, io, report.check_rules())
    if any(entry.invalid for entry in entries):
        return EXIT_BAD_INPUT
    return EXIT_FINDINGS if failed else EXIT_OK


def _settings(
    path: str,
    fixed: Config | None,
    given: str | None,
    found: dict[Path, tuple[Config, Path | None]],
) -> tuple[Config, Path | None]:
    """The settings for ``path`` and the file they come from (``None``: the defaults)."""
    if fixed is not None:
        return fixed, Path(given) if given else None
    folder = Path.cwd() if path == "-" else Path(path).resolve().parent
    if folder not in found:
        found[folder] = (find_config(folder), find_config_file(folder))
    return found[folder]


def _show_settings(
    name: str,
    path: str,
    config: Config,
    source: Path | None,
    select: tuple[str, ...] | None,
    ignore: tuple[str, ...] | None,
    io: Streams,
) -> None:
    from journeykit.analysis.checking import enabled_codes

    def listed(codes: tuple[str, ...] | None) -> str:
        return "every rule" if codes is None else json.dumps(list(codes))

    enabled = enabled_codes((config.select, config.ignore), (select, ignore or ()))
    off = () if path == "-" else config.ignores_for(path)
    running = sorted(code for code in enabled if not code.startswith(off))
    lines = [
        f"{name}:",
        f"  configuration file: {source if source else 'none (the defaults)'}",
        f"  select: {listed(config.select)}",
        f"  ignore: {listed(config.ignore)}",
        f"  per-file-ignores for this file: {listed(off)}",
        f"  stale-days: {config.stale_days}",
        f"  evidence-max-age-days: {config.evidence_max_age_days}",
        f"  loop-share: {config.loop_share}",
        f"  fail-on: {config.fail_on}",
        f"  rules run: {', '.join(running) if running else 'none'}",
    ]
    print("\n".join(lines), file=io.out)
