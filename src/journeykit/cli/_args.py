"""What every command's arguments share: the parsers, the common options, names to choose.

- :class:`CommandParser` makes a command's usage error show that command's
  usage (``journeykit check --bogus``), which argparse leaves to the top
  parser when an option is unknown.
- The common options (``-q/--quiet``, ``--color``, ``--traceback``) can stand
  before the command or after it.
- :func:`unknown_name` is the error for a name that does not exist: the
  nearest ones, and all that do exist.
- :func:`complete_with` marks what shell completion offers for an argument.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from journeykit import _checks as c
from journeykit.cli._style import COLOR_CHOICES
from journeykit.errors import JourneyError

__all__ = [
    "CommandParser",
    "add_common_options",
    "complete_with",
    "listing",
    "unknown_name",
]

LISTED = 20
"""How many names an error lists before it counts the rest."""


class CommandParser(argparse.ArgumentParser):
    """The parser of one command, which reports its own usage errors."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            # The top parser would report them, under its own usage: report them here.
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras


def add_common_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """``-q/--quiet``, ``--color`` and ``--traceback``, before or after the command.

    On a command's parser they default to nothing, so that the value given
    before the command is kept unless given again after it.
    """

    def default(value: Any) -> Any:
        return value if top else argparse.SUPPRESS

    group = parser.add_argument_group("common options")
    group.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default(False),
        help="print only results and errors: no summaries, progress or warnings",
    )
    group.add_argument(
        "--color",
        choices=COLOR_CHOICES,
        default=default("auto"),
        metavar="WHEN",
        help="colour the output: auto (on a terminal, unless NO_COLOR is set; "
        "FORCE_COLOR forces it), always or never",
    )
    group.add_argument(
        "--traceback",
        action="store_true",
        default=default(False),
        help="on an error, show where in journeykit it happened",
    )


def listing(names: Iterable[str], limit: int = LISTED) -> str:
    """Names joined by commas, the ones past ``limit`` counted.

    >>> listing(["a", "b", "c"], limit=2)
    'a, b and 1 more'
    """
    names = list(names)
    shown = ", ".join(names[:limit])
    return f"{shown} and {len(names) - limit} more" if len(names) > limit else shown


def unknown_name(
    option: str, value: str, known: Sequence[str], what: str, where: str
) -> JourneyError:
    """The error for ``option value`` naming no ``what`` of ``where``: the nearest, and all.

    >>> print(unknown_name("--persona", "parnet", ["parent", "teen"], "persona", "the journey"))
    --persona: no persona 'parnet'; did you mean 'parent'? The personas of the journey: parent, teen
    >>> print(unknown_name("--persona", "x", [], "persona", "the journey"))
    --persona: no persona 'x': the journey has no personas
    """
    if not known:
        return JourneyError(f"{option}: no {what} {c.show(value)}: {where} has no {what}s")
    hint = c.suggest(value, known)
    return JourneyError(
        f"{option}: no {what} {c.show(value)}{hint}{'' if hint else ';'} "
        f"{'The' if hint else 'the'} {what}s of {where}: {listing(known)}"
    )


def complete_with(action: argparse.Action, names: Callable[[], Iterable[str]] | str) -> None:
    """What shell completion offers for ``action``: names, or ``"file"``/``"directory"``.

    Names come from a function, called only when a completion script is
    made, so that building the parser stays cheap (views and formats come
    from plugins).
    """
    action.complete_names = names  # type: ignore[attr-defined]
