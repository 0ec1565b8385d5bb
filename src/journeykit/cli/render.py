"""``journeykit render``: draw a view of a journey as SVG, PNG or PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from journeykit.cli._common import EXIT_OK, Streams, read_journey
from journeykit.layout.theme import THEMES
from journeykit.layout.views import VIEWS


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "render",
        help="draw a view of a journey (SVG, PNG or PDF)",
        description="Draw a view of a journey file (JSON or YAML; - for standard input). "
        "The output type follows the suffix of -o (.svg, .png, .pdf); without -o, or "
        "with -o -, the SVG goes to standard output. Exit 0, or 2 on bad input.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--view", choices=sorted(VIEWS), default="map", help="default: map")
    parser.add_argument("--theme", choices=sorted(THEMES), default="light", help="default: light")
    parser.add_argument("--persona", metavar="ID", help="the persona whose emotions to draw")
    parser.add_argument(
        "--base", metavar="FILE", help="for --view diff: the older version to compare with"
    )
    parser.add_argument(
        "--id-prefix",
        metavar="TEXT",
        help="put in front of every SVG id (default: jk- and a hash of the map)",
    )
    parser.add_argument(
        "--responsive",
        action="store_true",
        help="SVG: width 100%% of the page column, height from the aspect ratio",
    )
    parser.add_argument("-o", "--output", metavar="OUT", default="-", help="a file, or - (default)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, io: Streams) -> int:
    import journeykit as jk

    journey = read_journey(args.file, io)
    options: dict[str, Any] = {"responsive": True} if args.responsive else {}
    if args.persona is not None:
        options["persona"] = args.persona
    if args.view == "diff":
        if args.base is None:
            raise jk.JourneyError("--view diff needs --base OLD_FILE")
        options["base"] = read_journey(args.base, io)
    elif args.base is not None:
        raise jk.JourneyError("--base only goes with --view diff")
    if args.output == "-":
        svg = jk.render(
            journey, view=args.view, theme=args.theme, id_prefix=args.id_prefix, **options
        )
        io.out.write(str(svg))
        return EXIT_OK
    if args.id_prefix is not None:
        options["id_prefix"] = args.id_prefix
    if args.responsive and Path(args.output).suffix.lower() != ".svg":
        raise jk.JourneyError("--responsive only goes with SVG output (-o FILE.svg, or -o -)")
    jk.save(journey, Path(args.output), view=args.view, theme=args.theme, **options)
    return EXIT_OK
