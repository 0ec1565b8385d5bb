"""``journeykit discover``: the journey customers took, from a file of events."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import journeykit as jk
from journeykit.cli import _events as ev
from journeykit.cli._common import EXIT_OK, Streams, display_name, plural
from journeykit.model import CHANNEL_KINDS


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "discover",
        help="discover the journey customers took from a file of events",
        description="Count a file of events — a customer (case) meeting a touchpoint at a "
        "time, one a row — into the journey customers actually took: touchpoints with their "
        "reach, entries and exits, flows with counts and durations, emotions from sentiment "
        "scores. " + ev.FILES_HELP + " EVENTS may also be counts saved with --aggregate "
        "(.json, .json.gz). See docs/events.md.",
        epilog="Every day, from that day's events: journeykit discover today.csv.gz "
        "--merge-with counts.json.gz --aggregate counts.json.gz -o journey.json "
        "(the first day without --merge-with). Exit status: 0, or 2 on bad input.",
    )
    parser.add_argument(
        "events", metavar="EVENTS", help="the events, or saved counts; - reads stdin"
    )
    ev.add_output_option(parser, "the journey")
    ev.add_event_options(parser, aggregates=True)
    group = parser.add_argument_group("the journey")
    group.add_argument("--channel", metavar="COLUMN", help="the channel of each event")
    stages = group.add_mutually_exclusive_group()
    stages.add_argument(
        "--stage",
        metavar="COLUMN",
        help="the stage of each event (a touchpoint takes its most common)",
    )
    stages.add_argument(
        "--stages-file",
        metavar="FILE",
        help='touchpoint → stage, as JSON or YAML: {"Home": "Awareness", …} or '
        '{"Awareness": ["Home", …], …}; stages in the order the file names them',
    )
    stages.add_argument(
        "--stage-of",
        action="append",
        metavar="TOUCHPOINT=STAGE",
        help="a touchpoint's stage (repeat it; stages in the order given)",
    )
    group.add_argument(
        "--rename",
        action="append",
        metavar="NAME=NEW",
        help="count a touchpoint of the events under another name (repeat it)",
    )
    group.add_argument(
        "--channel-kind",
        action="append",
        metavar="CHANNEL=online|offline",
        help="a channel's kind (by default told from its name: store, phone… are offline)",
    )
    group.add_argument("--title", default="Observed journey", help="default: Observed journey")
    group.add_argument(
        "--source", default="events", help="the source of the evidence entries (default: events)"
    )
    counts = parser.add_argument_group("counts that merge, day after day")
    counts.add_argument(
        "--aggregate",
        metavar="FILE",
        help="also save the counts (.json, or .json.gz compressed), to merge with later",
    )
    counts.add_argument(
        "--merge-with",
        action="append",
        metavar="FILE",
        help="add counts saved before (by --aggregate), such as the days so far (repeatable)",
    )
    ev.add_progress_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, io: Streams) -> int:
    from journeykit import events
    from journeykit.events import files

    ev.check_output(args.output)
    if args.aggregate is not None:
        ev.check_output(args.aggregate, aggregate=True)
        if args.output != "-" and Path(args.output).resolve() == Path(args.aggregate).resolve():
            raise jk.JourneyError(f"-o and --aggregate both name {args.output}: name two files")
    stages = ev.stages_of(args)
    rename = ev.pairs(args.rename, "--rename", "NAME", "NEW")
    kinds = ev.pairs(args.channel_kind, "--channel-kind", "CHANNEL", "online|offline")
    for channel, kind in (kinds or {}).items():
        if kind not in CHANNEL_KINDS:
            raise jk.JourneyError(f"--channel-kind: {channel}={kind}: say online or offline")
    name = display_name(args.events)
    keep = bool(args.aggregate or args.merge_with)
    with ev.progress_of(args, io) as progress:
        extra = {"channel": args.channel, "stage": args.stage}
        source, columns = ev.observed(args.events, args, io, progress, extra=extra)
        if columns:
            with progress.step(f"counting {name}"), files.errors_of(name):
                counts = events.aggregate(
                    source,
                    **columns,
                    stages=stages,
                    rename=rename,
                    keep_cases=keep,
                )
        else:
            counts = source
        for earlier in args.merge_with or ():
            with progress.step(f"adding {earlier}"), files.errors_of(earlier):
                counts = events.merge(events.load_aggregate(earlier), counts)
        if args.aggregate is not None:
            with progress.step(f"saving the counts to {args.aggregate}"):
                counts.save(args.aggregate)
        with progress.step("making the journey"):
            journey = counts.to_journey(
                title=args.title, stages=stages, channel_kinds=kinds, source=args.source
            )
        with progress.step(f"writing {display_name(args.output)}"):
            ev.write_journey(journey, args.output, io)
    if not args.quiet:
        shape = (
            f"{plural(len(journey.touchpoints), 'touchpoint')} in "
            f"{plural(len(journey.stages), 'stage')}, {plural(len(journey.flows), 'flow')}"
        )
        print(f"{display_name(args.output)}: {shape}; {ev.counted(counts)}", file=io.err)
    return EXIT_OK
