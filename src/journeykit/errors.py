"""The errors journeykit raises on bad input.

Every failure caused by what a user handed us is a :class:`JourneyError`, so
``except journeykit.JourneyError`` is the one clause an application needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

# A path that begins with a list index (``[2].name``), not with a key that happens to hold "[".
_INDEX = re.compile(r"\[[0-9]+\]")

__all__ = [
    "ArgumentError",
    "FormatError",
    "FormatWarning",
    "JourneyError",
    "MissingDependencyError",
    "Problem",
    "UnknownIdError",
    "ValidationError",
]


class JourneyError(Exception):
    """Base class of every error journeykit raises on bad input."""


class ArgumentError(JourneyError, TypeError):
    """A function was given an argument of the wrong kind; the message names it.

    >>> import journeykit as jk
    >>> jk.check("bank.yaml")
    Traceback (most recent call last):
    ...
    journeykit.errors.ArgumentError: check(journey=...): expected a Journey, got 'bank.yaml'; \
read a file with jk.load first
    """


@attrs.frozen
class Problem:
    """One thing wrong with a journey, and where.

    ``path`` is written the way the data is reached from the top:
    ``stages[2].touchpoints[0].emotion``; it is empty for the journey itself.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def under(self, prefix: str) -> Problem:
        """The same problem, seen from a container at ``prefix``."""
        if not prefix:
            return self
        if not self.path:
            return Problem(prefix, self.message)
        sep = "" if _INDEX.match(self.path) else "."
        return Problem(f"{prefix}{sep}{self.path}", self.message)


class ValidationError(JourneyError, ValueError):
    """A journey, or a part of one, breaks the rules of the format.

    Carries every problem found, not only the first, in :attr:`problems`.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(self._summary())

    def _summary(self) -> str:
        where = f"{self.source}: " if self.source else ""
        if len(self.problems) == 1:
            return f"{where}{self.problems[0]}"
        lines = [f"{where}{len(self.problems)} problems:"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)

    def lines(self) -> list[str]:
        """One line per problem, each naming the source when there is one."""
        where = f"{self.source}: " if self.source else ""
        return [f"{where}{p}" for p in self.problems]

    def under(self, prefix: str) -> ValidationError:
        """The same error with every path placed under ``prefix``."""
        return ValidationError((p.under(prefix) for p in self.problems), source=self.source)


class FormatError(JourneyError, ValueError):
    """A file or text cannot be read as a journey document.

    ``line`` and ``column`` (1-based) locate the problem when it lies in the
    text itself, as with a JSON or YAML syntax error.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.reason = message
        self.source = source
        self.line = line
        self.column = column
        where = source or ""
        if line is not None:
            where += f"{', ' if where else ''}line {line}"
            if column is not None:
                where += f", column {column}"
        super().__init__(f"{where}: {message}" if where else message)


class FormatWarning(UserWarning):
    """A file was read or written, but part of it was read differently or left out.

    The message says what and where (``diagram.mmd, line 7, column 18: …``).
    Filter it like any warning: ``warnings.simplefilter("error", jk.FormatWarning)``
    makes every one an exception.
    """


class UnknownIdError(JourneyError, KeyError):
    """A lookup by id found nothing."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class MissingDependencyError(JourneyError, ImportError):
    """A dependency needed for this call is not installed.

    ``extra`` names the extra of journeykit that brings ``package``; ``None``
    means ``package`` is one of journeykit's own dependencies, gone missing.
    """

    def __init__(self, package: str, extra: str | None) -> None:
        self.package = package
        self.extra = extra
        if extra is None:
            how = f"pip install {package} (journeykit needs it; reinstalling journeykit also works)"
        else:
            how = f'pip install "journeykit[{extra}]"'
        super().__init__(f"this needs {package}, which is not installed; install it with: {how}")
