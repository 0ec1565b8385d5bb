"""The rule registry: what a rule is, how it is declared, what it is handed."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

import attrs

from journeykit.analysis._records import Record
from journeykit.analysis.findings import SEVERITIES, Finding, Location, Severity, Step
from journeykit.model import Journey

RuleFunction = Callable[[Journey, "Context"], Iterable[Finding]]

_CODE = re.compile(r"JK[1-9][0-9]{2}")
_NAME = re.compile(r"[a-z]+(-[a-z]+)*")

_REGISTRY: dict[str, Rule] = {}


@attrs.frozen
class Rule(Record):
    """A registered journey rule.

    Attributes
    ----------
    code : str
        The stable code, such as ``"JK201"``; its first digit is the family.
    name : str
        A kebab-case name, such as ``"unaddressed-pain-point"``.
    severity : {"error", "warning", "info"}
        The severity of the findings the rule reports.
    summary : str
        The first line of the rule's docstring.
    doc : str
        The whole docstring: what the rule checks and the practice behind it.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    function: RuleFunction = attrs.field(repr=False, eq=False)

    def to_dict(self) -> dict[str, Any]:
        """The rule as plain data, without its function."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "summary": self.summary,
            "doc": self.doc,
        }


@attrs.frozen
class Context:
    """What a rule is handed besides the journey: its settings and the date."""

    rule: Rule
    today: date
    stale_days: int
    evidence_max_age_days: int
    loop_share: float = 0.1

    def finding(
        self, where: tuple[Step, ...], message: str, hint: str, ids: Iterable[str] = ()
    ) -> Finding:
        """A finding of the rule being run, at the steps ``where`` into the journey."""
        return Finding(
            self.rule.code, self.rule.severity, message, Location(where, tuple(ids)), hint
        )


def rule(code: str, name: str, severity: Severity) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as the rule ``code``."""

    def register(function: RuleFunction) -> RuleFunction:
        doc = inspect.getdoc(function)
        if not _CODE.fullmatch(code) or not _NAME.fullmatch(name):
            raise ValueError(f"bad rule code or name: {code!r}, {name!r}")
        if severity not in SEVERITIES or not doc:
            raise ValueError(f"rule {code} needs a known severity and a docstring")
        if code in _REGISTRY or any(r.name == name for r in _REGISTRY.values()):
            raise ValueError(f"rule {code} ({name}) is registered twice")
        summary = doc.split("\n", 1)[0]
        _REGISTRY[code] = Rule(code, name, severity, summary, doc, function)
        return function

    return register


def registered() -> Iterator[Rule]:
    """Every registered rule, by code."""
    return iter(sorted(_REGISTRY.values(), key=lambda r: r.code))


def codes() -> tuple[str, ...]:
    """Every registered code, sorted."""
    return tuple(sorted(_REGISTRY))
