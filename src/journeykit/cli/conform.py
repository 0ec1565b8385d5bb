"""``journeykit conform``: where customers depart from the designed journey."""

from __future__ import annotations

import argparse
import json
from typing import Any

from journeykit.analysis.findings import SEVERITIES, at_least
from journeykit.cli import _events as ev
from journeykit.cli import _report as report
from journeykit.cli._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Streams,
    comma_separated,
    display_name,
)


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "conform",
        help="report where customers depart from the designed journey",
        description="Compare what customers did, in a file of events, with a designed "
        "journey (JSON or YAML; - for standard input), and report each difference as a "
        "finding: JK901 undesigned flow, JK902 undesigned touchpoint, JK903 flow never "
        "taken, JK904 touchpoint never reached, JK905 too few customers on a designed path, "
        "JK906 reach and JK907 emotion far from the observed ones (docs/rules.md). "
        + ev.FILES_HELP
        + " EVENTS may also be counts saved by journeykit discover --aggregate (.json, "
        ".json.gz); counts cannot tell who follows the design, so JK905 needs events.",
        epilog="Exit status: 0 no finding at or above --fail-on, 1 at least one, 2 bad input.",
    )
    parser.add_argument("designed", metavar="DESIGNED", help="the designed journey")
    parser.add_argument(
        "events", metavar="EVENTS", help="the events, or saved counts; - reads standard input"
    )
    parser.add_argument(
        "--format",
        choices=report.FORMATS,
        default="text",
        help="text (default), json, github (GitHub Actions annotations) or sarif (SARIF 2.1.0)",
    )
    parser.add_argument(
        "--fail-on",
        choices=SEVERITIES[::-1],
        default="warning",
        help="exit 1 on findings this severe or worse (default: warning)",
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="report only these findings: comma-separated codes or prefixes (JK90)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        metavar="CODES",
        help="do not report these findings: comma-separated codes or prefixes",
    )
    limits = parser.add_argument_group("thresholds")
    limits.add_argument(
        "--min-share",
        type=_share,
        default=0.8,
        metavar="SHARE",
        help="JK905 when fewer cases than this share follow a designed path (default: 0.8)",
    )
    limits.add_argument(
        "--reach-tolerance",
        type=_tolerance,
        default=0.2,
        metavar="FRACTION",
        help="JK906 when a designed reach is off by more than this fraction of the observed "
        "one (default: 0.2)",
    )
    limits.add_argument(
        "--emotion-tolerance",
        type=_tolerance,
        default=0.3,
        metavar="DIFFERENCE",
        help="JK907 when a designed emotion is further than this from the observed one, "
        "on the -1 to 1 scale (default: 0.3)",
    )
    ev.add_event_options(parser, aggregates=True)
    ev.add_matching_options(parser)
    ev.add_progress_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, io: Streams) -> int:
    from journeykit import events
    from journeykit.events import files

    select = _codes(args.select, "--select")
    ignore = _codes(args.ignore, "--ignore")
    name = display_name(args.events)
    with ev.progress_of(args, io) as progress:
        designed, touchpoints, source, columns = ev.design_and_events(args, io, progress)
        with progress.step(f"counting {name}"), files.errors_of(name):
            result = events.compare(
                designed,
                source,
                **columns,
                touchpoints=touchpoints,
                min_share=args.min_share,
                reach_tolerance=args.reach_tolerance,
                emotion_tolerance=args.emotion_tolerance,
                select=select,
                ignore=ignore,
            )
    design = display_name(args.designed)
    entries = [report.Entry.of_finding(design, finding) for finding in result.findings]
    if args.format == "json":
        record = {"design": design, "events": name, **result.to_dict()}
        print(json.dumps(record, indent=2, ensure_ascii=False, allow_nan=False), file=io.out)
    elif args.format != "text":
        report.write(entries, args.format, io, _rules())
    else:
        report.write_text(entries, io)
        unit = "sessions" if _sessions(args, source) else "customers"
        line = f"{result.cases:,} {unit} in {name}"
        if result.following is not None and result.share is not None:
            line += f"; {result.following:,} ({result.share:.1%}) follow the design"
        else:
            line += " (saved counts cannot tell who follows the design)"
        if result.steps_on_design is not None:
            line += f"; {result.steps_on_design:.1%} of their steps go along designed flows"
        if not io.quiet:
            print(f"{line}.", file=io.out)
    failed = any(at_least(f.severity, args.fail_on) for f in result.findings)
    return EXIT_FINDINGS if failed else EXIT_OK


def _rules() -> dict[str, report.RuleInfo]:
    from journeykit.events import CONFORMANCE_RULES

    return {
        code: report.RuleInfo(code, name, severity, summary)
        for code, (name, severity, summary) in CONFORMANCE_RULES.items()
    }


def _codes(values: list[str] | None, option: str) -> list[str] | None:
    """The conformance codes of ``--select``/``--ignore``, checked before any counting."""
    from journeykit.events import CONFORMANCE_RULES, EventsError

    codes = comma_separated(values)
    for code in codes or ():
        if not any(known.startswith(code.strip().upper()) for known in CONFORMANCE_RULES):
            raise EventsError(
                f"{option}: {code!r} matches no conformance code ({', '.join(CONFORMANCE_RULES)})"
            )
    return codes


def _share(text: str) -> float:
    value = _number(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"expected a share from 0 to 1, got {text!r}")
    return value


def _tolerance(text: str) -> float:
    value = _number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {text!r}")
    return value


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if value != value:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}")
    return value


def _sessions(args: argparse.Namespace, source: Any) -> bool:
    gap = getattr(source, "session_gap", None) if args.session_gap is None else args.session_gap
    return gap is not None
