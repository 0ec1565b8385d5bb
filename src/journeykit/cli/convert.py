"""``journeykit convert``: a journey from one file format to another."""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path
from typing import Any

import journeykit as jk
from journeykit.cli._args import complete_with
from journeykit.cli._common import EXIT_OK, Streams, display_name, read_stdin
from journeykit.formats.registry import Format

_DESCRIPTION = (
    "Read a journey in one file format and write it in another: json, yaml, mermaid, or a "
    "format a plugin adds. The formats follow the files' suffixes (.json, .yaml, .yml, .mmd, "
    ".mermaid) unless --from or --to names them. IN may be - for standard input (its format "
    "guessed from the text unless --from says: JSON starts with '{', a Mermaid diagram with "
    "'journey', anything else is YAML); OUT may be - for standard output (JSON unless --to "
    "says). OUT is written to a temporary file beside it and renamed, so a failed conversion "
    "never leaves half a file. What the target format cannot hold, or what was read "
    "differently, is a warning on standard error (journeykit: warning: …)."
)


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "convert",
        help="convert a journey between json, yaml and mermaid",
        description=_DESCRIPTION,
        epilog="Examples: journeykit convert journey.mmd journey.yaml; "
        "cat journey.json | journeykit convert - - --to mermaid. "
        "Exit status: 0, or 2 on bad input (or on a warning, with --strict).",
    )
    complete_with(
        parser.add_argument("input", metavar="IN", help="the journey; - reads stdin"), "file"
    )
    complete_with(
        parser.add_argument("output", metavar="OUT", help="where to write it; - for stdout"), "file"
    )
    complete_with(
        parser.add_argument(
            "-f",
            "--from",
            dest="from_",
            metavar="FORMAT",
            help="the format of IN (default: its suffix)",
        ),
        _format_names,
    )
    complete_with(
        parser.add_argument(
            "-t", "--to", metavar="FORMAT", help="the format of OUT (default: its suffix)"
        ),
        _format_names,
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings as errors: write nothing, exit 2",
    )
    parser.set_defaults(run=run)


def _format_names() -> list[str]:
    return list(jk.file_formats())


def _named(option: str, name: str | None) -> Format | None:
    """The format ``name`` given to ``option``; the error lists the installed ones."""
    if name is None:
        return None
    from journeykit.formats.registry import get_format

    try:
        return get_format(name)
    except jk.FormatError as exc:
        raise jk.FormatError(f"{option}: {exc}") from None


def _by_suffix(path: str, option: str) -> Format:
    """The format that the suffix of ``path`` tells; the error lists the known suffixes."""
    from journeykit.formats.registry import suffix_format

    suffix = Path(path).suffix
    found = suffix_format(suffix)
    if found is not None:
        return found
    known = "; ".join(
        f"{', '.join(suffixes)} ({name})"
        for name, suffixes in jk.file_formats().items()
        if suffixes
    )
    what = f"the suffix {suffix!r}" if suffix else "a name without a suffix"
    raise jk.FormatError(
        f"cannot tell the format from {what}; known suffixes: {known}; or name the format "
        f"with {option} ({', '.join(jk.file_formats())})",
        source=path,
    )


def _source(args: argparse.Namespace) -> Format | None:
    """The format of IN; ``None`` for standard input to be guessed from its text."""
    chosen = _named("--from", args.from_)
    if chosen is not None or args.input == "-":
        return chosen
    return _by_suffix(args.input, "--from")


def _target(args: argparse.Namespace) -> Format:
    from journeykit.formats.registry import get_format

    chosen = _named("--to", args.to)
    if chosen is not None:
        return chosen
    if args.output == "-":
        return get_format("json")
    return _by_suffix(args.output, "--to")


def run(args: argparse.Namespace, io: Streams) -> int:
    from journeykit._atomic import checked_path, write_atomic
    from journeykit.cli import print_warning

    source = _source(args)
    target = _target(args)  # before reading: a wrong name or suffix costs nothing
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", jk.FormatWarning)
        if args.input == "-":
            journey = jk.loads(read_stdin(io), source, source="<stdin>")
        else:
            journey = jk.load(args.input, source)
        text = jk.dumps(journey, target)
    found = []
    for warning in caught:
        if issubclass(warning.category, jk.FormatWarning):
            found.append(str(warning.message))
        else:  # not ours to report: as Python would
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    for message in found:
        print_warning(message, io, force=args.strict)
    if args.strict and found:
        what = "a warning" if len(found) == 1 else f"{len(found)} warnings"
        raise jk.JourneyError(
            f"--strict: {what} converting {display_name(args.input)} to {target.name}; "
            f"{display_name(args.output)} not written"
        )
    if args.output == "-":
        io.out.write(text)
    else:
        write_atomic(checked_path(args.output, "OUT"), text.encode("utf-8"))
    return EXIT_OK
