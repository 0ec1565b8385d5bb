"""Findings: what the journey rules report, and where."""

from __future__ import annotations

import re
from typing import Any, Literal, TypeAlias

import attrs

from journeykit import _checks as c
from journeykit.analysis._records import Record
from journeykit.errors import Problem, ValidationError

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")
"""Severities from the mildest to the worst."""


Step: TypeAlias = str | int
"""One step into a journey document: a key (``"stages"``) or a list index (``3``)."""

_SEGMENT = re.compile(r"([^.\[\]]+)((?:\[[0-9]+\])*)")


def _parse(path: str) -> tuple[Step, ...]:
    """``stages[3].touchpoints[1]`` as ``("stages", 3, "touchpoints", 1)``."""
    steps: list[Step] = []
    for part in path.split(".") if path else ():
        found = _SEGMENT.fullmatch(part)
        if found is None:
            raise ValidationError([Problem("location", f"cannot read the path {c.show(path)}")])
        steps.append(found.group(1))
        steps += [int(index) for index in re.findall("[0-9]+", found.group(2))]
    return tuple(steps)


def _steps(value: Any) -> tuple[Step, ...]:
    if isinstance(value, str):
        steps = _parse(value)
    elif isinstance(value, list | tuple):
        steps = tuple(value)
    else:
        raise ValidationError([Problem("location", f"expected steps, got {c.show(value)}")])
    for i, step in enumerate(steps):
        if type(step) is int:
            bad = i == 0 or step < 0
        elif isinstance(step, str):
            bad = not step or "." in step or "[" in step or "]" in step
        else:
            bad = True  # booleans, floats and the rest
        if bad:
            raise ValidationError(
                [Problem("location", f"{c.show(step)} is not a key or an index of a journey")]
            )
    return steps


@attrs.frozen
class Location(Record):
    """Where a finding sits: the steps into the document to it, and the ids involved.

    ``steps`` are keys and list indices, such as ``("stages", 3,
    "touchpoints", 1)``; :attr:`path` writes them as
    ``stages[3].touchpoints[1]``. The first step is a key; a path string
    given for ``steps`` is read into steps. As plain data (:meth:`to_dict`, JSON) a location is its
    ``path`` and ``ids``.

    Parameters
    ----------
    steps : sequence of str and int, or str
        The keys and list indices from the top of the document to the item,
        or their path string (``"stages[3].touchpoints[1]"``); empty for the
        journey as a whole.
    ids : tuple of str, optional
        The ids of the stages, touchpoints… involved.
    line, column : int, optional
        Where the item sits in the file the journey was read from (1-based;
        the column in characters), when known. Left out of equality.

    Examples
    --------
    >>> where = Location(("stages", 3, "touchpoints", 1, "emotion"), ("checkout",))
    >>> where.path
    'stages[3].touchpoints[1].emotion'
    >>> Location("stages[3].touchpoints[1].emotion", ("checkout",)) == where
    True
    >>> where.to_dict()
    {'path': 'stages[3].touchpoints[1].emotion', 'ids': ['checkout']}
    >>> str(Location(()))
    'journey'
    """

    steps: tuple[Step, ...] = attrs.field(converter=_steps)
    ids: tuple[str, ...] = ()
    line: int | None = attrs.field(default=None, kw_only=True, eq=False)
    """The line of the item in the file the journey was read from (1-based), when known."""
    column: int | None = attrs.field(default=None, kw_only=True, eq=False)
    """The column of the item on that line (1-based, in characters), when known."""

    @property
    def path(self) -> str:
        """The steps as one string: keys joined by dots, indices in brackets."""
        return "".join(
            f"[{step}]" if isinstance(step, int) else f".{step}" if i else step
            for i, step in enumerate(self.steps)
        )

    def to_dict(self) -> dict[str, Any]:
        """``{"path": ..., "ids": [...]}``: the location as plain data.

        ``line`` and ``column`` join them when the location in a file is known.

        Returns
        -------
        dict of str to Any
            ``path`` (a str), ``ids`` (a list of str), and ``line`` and
            ``column`` (int) when known.

        Examples
        --------
        >>> Location("stages[0]", ("look",), line=7, column=5).to_dict()
        {'path': 'stages[0]', 'ids': ['look'], 'line': 7, 'column': 5}
        """
        record: dict[str, Any] = {"path": self.path, "ids": list(self.ids)}
        if self.line is not None:
            record["line"] = self.line
            if self.column is not None:
                record["column"] = self.column
        return record

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
        The steps to it (``("stages", 3, "touchpoints", 1)``, whose path is
        ``stages[3].touchpoints[1]``) and the ids involved.
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
