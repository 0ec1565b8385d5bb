"""Findings: what the journey rules report."""

from __future__ import annotations

from typing import Literal

import attrs

from journeykit.analysis._records import Record

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")
"""Severities from the mildest to the worst."""


@attrs.frozen
class Location(Record):
    """Where a finding sits: a path into the document and the ids involved."""

    path: str
    ids: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.path or "journey"


@attrs.frozen
class Finding(Record):
    """One thing a journey rule found.

    Attributes
    ----------
    code : str
        The rule's stable code, such as ``"JK201"``.
    severity : {"error", "warning", "info"}
    message : str
        What is wrong, naming the items involved.
    location : Location
        The path (``stages[3].touchpoints[1]``) and the ids involved.
    hint : str
        What to do about it.
    """

    code: str
    severity: Severity
    message: str
    location: Location
    hint: str = ""

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        """What identifies this finding across versions of a journey: code and ids."""
        return (self.code, self.location.ids)

    def __str__(self) -> str:
        return f"{self.location}: {self.code} [{self.severity}] {self.message}"


def at_least(severity: Severity, threshold: Severity) -> bool:
    """Whether ``severity`` is as bad as ``threshold`` or worse."""
    return SEVERITIES.index(severity) >= SEVERITIES.index(threshold)
