"""``journeykit completion``: a shell completion script, made by shtab from the parser."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Iterable
from typing import Any

from journeykit.cli._common import EXIT_OK, Streams
from journeykit.errors import JourneyError, MissingDependencyError

SHELLS = ("bash", "zsh", "tcsh", "fish", "powershell")
"""The shells a recent shtab writes scripts for (fish and PowerShell are recent)."""

FILE_METAVARS = frozenset({"FILE", "PATH", "OUT", "IN", "EVENTS", "DESIGNED", "OLD", "NEW"})
"""Options and arguments whose value is a file, completed with file names."""

_INSTALL = """\
Install it where your shell looks for completions:
  bash: journeykit completion bash > ~/.local/share/bash-completion/completions/journeykit
  zsh:  journeykit completion zsh > ~/.zfunc/_journeykit   (with fpath+=~/.zfunc before compinit)
  fish: journeykit completion fish > ~/.config/fish/completions/journeykit.fish
  tcsh: journeykit completion tcsh > ~/.journeykit.tcsh, then source it from ~/.tcshrc
  powershell: journeykit completion powershell >> $PROFILE
The script lists the commands, options, choices, views and file formats installed when it
is made: make it again after installing a plugin."""


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh, tcsh, fish, powershell)",
        description="Print a script that completes journeykit's commands, options and their "
        "values in a shell. Exit status: 0, or 2 when shtab is not installed.",
        epilog=_INSTALL,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("shell", choices=SHELLS, metavar="SHELL", help=", ".join(SHELLS))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, io: Streams) -> int:
    from journeykit.cli import build_parser

    try:
        shtab: Any = importlib.import_module("shtab")
    except ImportError:
        raise MissingDependencyError("shtab", None) from None
    if args.shell not in shtab.SUPPORTED_SHELLS:
        raise JourneyError(
            f"the installed shtab ({getattr(shtab, '__version__', 'an old version')}) cannot "
            f"write a {args.shell} script; upgrade it: pip install -U shtab"
        )
    parser = build_parser()
    _mark(parser, shtab.FILE, shtab.DIRECTORY)
    io.out.write(shtab.complete(parser, shell=args.shell))
    return EXIT_OK


def _dynamic() -> dict[str, Callable[[], Iterable[str]]]:
    """Options whose names come from registries, by option string."""

    def views() -> list[str]:
        from journeykit.layout.views import views

        return list(views())

    return {"--view": views}


def _mark(parser: argparse.ArgumentParser, file: Any, directory: Any) -> None:
    """Tell shtab what each argument takes: names, files or directories."""
    dynamic = _dynamic()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                _mark(command, file, directory)
            continue
        names = getattr(action, "complete_names", None)
        if names is None:
            names = next((dynamic[o] for o in action.option_strings if o in dynamic), None)
        if names == "file" or (
            names is None
            and action.choices is None
            and (not action.option_strings or action.metavar in FILE_METAVARS)
            and action.nargs != 0
        ):
            action.complete = file  # type: ignore[attr-defined]
        elif names == "directory":
            action.complete = directory  # type: ignore[attr-defined]
        elif callable(names):
            action.choices = list(names())
