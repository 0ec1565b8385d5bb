"""Suppressions: the ``ignore`` lists of a journey's items, in the manner of ruff's ``noqa``.

An item's ``ignore`` names rule codes or prefixes; a finding of such a rule
located at that item, or inside it, is not reported (an ``ignore`` on the
journey covers the whole file). JK503 reports the suppressions that no
longer suppress anything, as ruff's RUF100 reports ``noqa`` comments that
have outlived their finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from journeykit.analysis.checking._registry import Context, codes, rule
from journeykit.analysis.findings import Finding, Step
from journeykit.model import Journey

__all__ = ["UNUSED_SUPPRESSION", "Suppression", "apply", "suppressions", "unused"]

UNUSED_SUPPRESSION = "JK503"

_OTHER_COMMANDS = re.compile(r"JK9[0-9]{0,2}")
"""Codes reported by other commands than ``check`` (``conform``: JK9xx)."""


@attrs.frozen
class Suppression:
    """One entry of an item's ``ignore`` list.

    ``steps`` lead to the item (``()`` for the journey), ``index`` is the
    entry's place in the list, ``selector`` the code or prefix as written.
    """

    steps: tuple[Step, ...]
    index: int
    selector: str
    ids: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        """The selector upper-cased and stripped, as it is matched."""
        return self.selector.strip().upper()

    def covers(self, finding: Finding) -> bool:
        """Whether ``finding`` is of a rule this selects, at the item or inside it."""
        steps = finding.location.steps
        return steps[: len(self.steps)] == self.steps and finding.code.startswith(self.code)


def suppressions(journey: Journey) -> list[Suppression]:
    """Every entry of every ``ignore`` list in ``journey``, in document order."""
    return list(_walk(journey, ()))


def _walk(item: Any, steps: tuple[Step, ...]) -> Iterator[Suppression]:
    ids = (item.id,) if isinstance(getattr(item, "id", None), str) else ()
    for index, selector in enumerate(getattr(item, "ignore", ())):
        yield Suppression(steps, index, selector, ids)
    for field in attrs.fields(type(item)):
        value = getattr(item, field.name)
        if isinstance(value, tuple) and value and attrs.has(type(value[0])):
            for i, part in enumerate(value):
                yield from _walk(part, (*steps, field.name, i))


def apply(
    findings: Iterable[Finding], found: Sequence[Suppression]
) -> tuple[list[Finding], list[Finding], set[Suppression]]:
    """The findings kept, those suppressed, and the suppressions that suppressed any."""
    kept: list[Finding] = []
    dropped: list[Finding] = []
    used: set[Suppression] = set()
    for finding in findings:
        covering = [s for s in found if s.covers(finding)]
        (dropped if covering else kept).append(finding)
        used.update(covering)
    return kept, dropped, used


def unused(
    found: Sequence[Suppression], used: set[Suppression], ran: Iterable[str], ctx: Context
) -> Iterator[Finding]:
    """JK503 findings: suppressions of rules that ran and found nothing there.

    ``ran`` holds the codes of the rules that ran. A suppression of rules
    that did not run is not reported (nothing tells whether it is needed),
    nor one of conformance codes (``journeykit conform`` reports those), nor
    one that would cover JK503 itself; one that names no rule is.
    """
    ran = frozenset(ran)
    known = codes()
    for s in found:
        if s in used or UNUSED_SUPPRESSION.startswith(s.code):
            continue
        selected = [code for code in known if code.startswith(s.code)]
        where = (*s.steps, "ignore", s.index)
        shown = repr(s.selector)
        if not selected:
            if _OTHER_COMMANDS.fullmatch(s.code):
                continue
            yield ctx.finding(
                where,
                f"{shown} in `ignore` is not a rule code or prefix",
                "correct the code, or remove it from `ignore`",
                s.ids,
            )
        elif ran.intersection(selected):
            what = "rule reports" if len(selected) == 1 else "rules report"
            yield ctx.finding(
                where,
                f"{shown} in `ignore` suppresses nothing: the {what} nothing here",
                "remove it from `ignore`; the finding it was there for is gone",
                s.ids,
            )


@rule(UNUSED_SUPPRESSION, "unused-suppression", "warning")
def unused_suppression(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """An entry of an item's ``ignore`` list suppresses no finding.

    A suppression outlives its reason: the pain point gets its opportunity,
    the evidence arrives, and the ``ignore`` left behind would hide the next
    finding of that rule there, as a stale ``noqa`` comment hides the next
    error on its line. An entry that names no rule is reported too.
    """
    # check() reports these from the other rules' findings (see unused()).
    return iter(())
