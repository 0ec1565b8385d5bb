"""``journeykit render``: draw a view of a journey as SVG, PNG or PDF.

The views and their options come from the view registry: ``--help`` lists
them, and ``-O NAME=VALUE`` sets any option whose type can be written on a
command line.
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from journeykit.cli._args import unknown_name
from journeykit.cli._common import EXIT_OK, Streams, display_name, iso_date, read_journey
from journeykit.layout.theme import THEMES

_DESCRIPTION = (
    "Draw a view of a journey file (JSON, YAML or Mermaid; - for standard input). The output type "
    "follows the suffix of -o (.svg, .png, .pdf); without -o, or with -o -, the SVG goes to "
    "standard output. Exit 0, or 2 on bad input."
)


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "render",
        help="draw a view of a journey (SVG, PNG or PDF)",
        description="\n".join(textwrap.wrap(_DESCRIPTION, 78)),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=False,
    )
    parser.add_argument(
        "-h", "--help", action=_Help, help="show this help, with every view and its options"
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--view", default="map", help="the view to draw (listed below); default: map"
    )
    parser.add_argument("--theme", choices=sorted(THEMES), default="light", help="default: light")
    parser.add_argument("--persona", metavar="ID", help="the persona whose emotions to draw")
    parser.add_argument(
        "--base", metavar="FILE", help="for --view diff: the older version to compare with"
    )
    parser.add_argument(
        "--page",
        metavar="PAGE",
        help="screen (default), slide, a4, a3, letter or WIDTHxHEIGHT in pixels: the view "
        "on pages (a .pdf holds them all; .svg/.png files are numbered -1, -2…)",
    )
    parser.add_argument(
        "-O",
        "--option",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="an option of the view (listed below); repeat for more",
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


class _Help(argparse.Action):
    """``--help`` with the views listed: they are looked up only when help is asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.pop("default", None)
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        parser.epilog = views_help()
        parser.print_help()
        parser.exit()


def views_help() -> str:
    """The views, their summaries and options, as ``--help`` lists them."""
    from journeykit.layout.views import views

    lines = ["views (--view NAME) and their options (-O NAME=VALUE):"]
    for view in views().values():
        lines.append("")
        lines += textwrap.wrap(
            f"{view.name}: {view.summary} Draws {view.accepted()}.",
            78,
            initial_indent="  ",
            subsequent_indent="      ",
        )
        for option in view.options:
            if option.name == "journey":
                continue  # for results made by hand; the command draws journeys
            where = "" if _parser(option) else " (Python only)"
            lines += textwrap.wrap(
                f"{option.name} ({option.type_name}, default {option.default!r}){where}: "
                f"{option.doc}",
                78,
                initial_indent="    ",
                subsequent_indent="        ",
            )
    return "\n".join(lines)


def _parser(option: Any) -> Callable[[str, Streams], Any] | None:
    """How to read ``option`` from the command line, or ``None`` when it cannot be.

    Each of the option's types that can be written as text is tried in
    turn; text that none of them reads is passed on as it is, for the
    registry to name what it should have been.
    """
    from journeykit.model import Journey

    classes = option.classes
    readers: list[Callable[[str, Streams], Any]] = []
    if bool in classes:
        readers.append(lambda text, io: _BOOLS.get(text.lower(), _NO))
    if int in classes:
        readers.append(lambda text, io: _number(int, text))
    if float in classes:
        readers.append(lambda text, io: _number(float, text))
    if date in classes:
        readers.append(lambda text, io: _date(text))
    if Journey in classes:
        readers.append(lambda text, io: read_journey(text, io))
    if Iterable in classes:  # a list of words, comma-separated
        readers.append(lambda text, io: tuple(p.strip() for p in text.split(",") if p.strip()))
    elif str in classes:
        readers.append(lambda text, io: text)
    if not readers:
        return None
    if type(None) in classes:
        readers.insert(0, lambda text, io: None if text.lower() == "none" else _NO)

    def read(text: str, io: Streams) -> Any:
        for reader in readers:
            value = reader(text, io)
            if value is not _NO:
                return value
        return text

    return read


_NO = object()
_BOOLS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def _page(text: str) -> Any:
    """A page's name, or ``WIDTHxHEIGHT`` as two numbers."""
    width, x, height = text.lower().partition("x")
    if x:
        try:
            return (float(width), float(height))
        except ValueError:
            pass
    return text


def _number(kind: type, text: str) -> Any:
    try:
        return kind(text)
    except ValueError:
        return _NO


def _date(text: str) -> Any:
    try:
        return iso_date(text)
    except argparse.ArgumentTypeError:
        return _NO


def _options(args: argparse.Namespace, io: Streams) -> dict[str, Any]:
    import journeykit as jk
    from journeykit.layout.views import get_view

    view = get_view(args.view)
    options: dict[str, Any] = {}
    for item in args.option:
        name, equals, text = item.partition("=")
        name = name.strip()
        if not equals or not name:
            raise jk.JourneyError(f"-O {item!r}: expected NAME=VALUE")
        settable = [o.name for o in view.options if o.name != "journey"]
        if name not in settable:
            raise unknown_name("-O", name, settable, "option", f"the {view.name} view")
        read = _parser(view.option(name))
        if read is None:
            raise jk.JourneyError(
                f"-O {name}: the {view.name} view's option {name} cannot be set on the command "
                "line (its value is a Python object)"
            )
        options[name] = read(text, io)
    if args.persona is not None:
        options["persona"] = args.persona
    if args.page is not None:
        options["page"] = _page(args.page)
    if args.base is not None:
        if args.base == "-" and args.file == "-":
            raise jk.JourneyError("only one of FILE and --base can be - (standard input)")
        if args.view != "diff":
            raise jk.JourneyError("--base only goes with --view diff")
        options["base"] = read_journey(args.base, io)
    if args.view == "diff" and "base" not in options:
        raise jk.JourneyError("--view diff needs --base OLD_FILE")
    return options


def _check_persona(persona: Any, option: str, journey: Any, path: str) -> None:
    """A persona that the journey lacks: the error lists those it has."""
    known = [p.id for p in journey.personas]
    if isinstance(persona, str) and persona not in known:
        raise unknown_name(option, persona, known, "persona", display_name(path))


def run(args: argparse.Namespace, io: Streams) -> int:
    import journeykit as jk

    options = _options(args, io)
    if args.responsive:
        options["responsive"] = True
    journey = read_journey(args.file, io)
    option = "--persona" if args.persona is not None else "-O persona"
    _check_persona(options.get("persona"), option, journey, args.file)
    if args.output == "-":
        svg = jk.render(
            journey, view=args.view, theme=args.theme, id_prefix=args.id_prefix, **options
        )
        if isinstance(svg, list):
            if len(svg) != 1:
                raise jk.JourneyError(
                    f"--page {args.page}: the view has {len(svg)} pages; write them with "
                    "-o FILE.pdf (one file) or -o FILE.svg (FILE-1.svg, FILE-2.svg…)"
                )
            svg = svg[0]
        io.out.write(str(svg))
        return EXIT_OK
    if args.id_prefix is not None:
        options["id_prefix"] = args.id_prefix
    if args.responsive and Path(args.output).suffix.lower() != ".svg":
        raise jk.JourneyError("--responsive only goes with SVG output (-o FILE.svg, or -o -)")
    jk.save(journey, Path(args.output), view=args.view, theme=args.theme, **options)
    return EXIT_OK
