"""``journeykit refresh``: a designed journey with the numbers its events measure."""

from __future__ import annotations

import argparse
import re
from typing import Any

import journeykit as jk
from journeykit.cli import _events as ev
from journeykit.cli._args import unknown_name
from journeykit.cli._common import EXIT_OK, Streams, display_name


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "refresh",
        help="replace a designed journey's numbers by what the events measure",
        description="Keep a designed journey (JSON, YAML or Mermaid; - for standard input) "
        "and replace "
        "what the events measure: the reach, entries, exits and emotion of its touchpoints, "
        "the counts and durations of its flows, the metrics the events measure (reach, exit "
        "rate, conversion, CSAT, NPS, sentiment), with evidence, and the date it was updated. "
        "Everything else stays as designed. " + ev.FILES_HELP + " EVENTS may also be counts "
        "saved by journeykit discover --aggregate (.json, .json.gz), such as every day so "
        "far. See docs/events.md.",
        epilog="Exit status: 0, or 2 on bad input.",
    )
    parser.add_argument("designed", metavar="DESIGNED", help="the designed journey")
    parser.add_argument(
        "events", metavar="EVENTS", help="the events, or saved counts; - reads standard input"
    )
    ev.add_output_option(parser, "the refreshed journey")
    ev.add_event_options(parser, aggregates=True)
    ev.add_matching_options(parser)
    parser.add_argument(
        "--metric",
        action="append",
        metavar="NAME=MEASURE",
        help="a metric of the design and what it measures, where its name does not say "
        "(reach, exit rate, conversion, csat, nps, sentiment); repeat it",
    )
    parser.add_argument(
        "--source",
        default="events",
        help="the source of the evidence entries written; the design's entries of that "
        "source are replaced (default: events)",
    )
    ev.add_progress_options(parser)
    parser.set_defaults(run=run)


def _check_metric_names(
    args: argparse.Namespace, designed: jk.Journey, metrics: dict[str, str] | None
) -> None:
    """A ``--metric`` NAME that no metric of the design has would change nothing: an error."""
    metrics_of: list[jk.Stage | jk.Touchpoint] = [*designed.stages, *designed.touchpoints]
    names = dict.fromkeys(m.name for item in metrics_of for m in item.metrics)
    folded = {_folded(name) for name in names}
    for name, measure in (metrics or {}).items():
        if _folded(name) not in folded:
            where = f"the design {display_name(args.designed)}"
            raise unknown_name(f"--metric {name}={measure}", name, list(names), "metric", where)


def _folded(name: str) -> str:
    """A metric's name as refresh matches it: case, spaces, - and _ aside."""
    return re.sub(r"[\s_-]+", "", name.casefold())


def run(args: argparse.Namespace, io: Streams) -> int:
    from journeykit import events
    from journeykit.events import files

    ev.check_output(args.output)
    metrics = ev.pairs(args.metric, "--metric", "NAME", "MEASURE")
    for metric, measure in (metrics or {}).items():
        if measure not in events.MEASURED_METRICS:
            known = ", ".join(events.MEASURED_METRICS)
            raise events.EventsError(f"--metric {metric}={measure}: measure one of {known}")
    name = display_name(args.events)
    with ev.progress_of(args, io) as progress:
        designed, touchpoints, source, columns = ev.design_and_events(args, io, progress)
        _check_metric_names(args, designed, metrics)  # before any counting
        with progress.step(f"counting {name}"), files.errors_of(name):
            journey = events.refresh(
                designed,
                source,
                **columns,
                touchpoints=touchpoints,
                metrics=metrics,
                source=args.source,
            )
        with progress.step(f"writing {display_name(args.output)}"):
            ev.write_journey(journey, args.output, io)
    if not args.quiet:
        until = f", up to {journey.updated}" if journey.updated else ""
        print(
            f"{display_name(args.output)}: {display_name(args.designed)} refreshed from "
            f"{name}{until}",
            file=io.err,
        )
    return EXIT_OK
