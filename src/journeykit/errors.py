"""The errors journeykit raises on bad input.

Every failure caused by what a user handed us is a :class:`JourneyError`, so
``except journeykit.JourneyError`` is the one clause an application needs.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

import attrs

# A path that begins with a list index (``[2].name``), not with a key that happens to hold "[".
_INDEX = re.compile(r"\[[0-9]+\]")

__all__ = [
    "MAX_COUNTED_PROBLEMS",
    "MAX_LISTED_PROBLEMS",
    "ArgumentError",
    "FormatError",
    "FormatWarning",
    "JourneyError",
    "ListedProblems",
    "MissingDependencyError",
    "Problem",
    "SmallTextWarning",
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

    Parameters
    ----------
    path : str
        Where the problem is, from the top of the journey.
    message : str
        What is wrong.
    line, column : int, optional
        Where in the file read (1-based), when known; not part of equality.

    Examples
    --------
    >>> from journeykit import Problem
    >>> str(Problem("emotion", "1.7 is outside [-1, 1]").under("stages[0].touchpoints[2]"))
    'stages[0].touchpoints[2].emotion: 1.7 is outside [-1, 1]'
    """

    path: str
    message: str
    line: int | None = attrs.field(default=None, kw_only=True, eq=False)
    """The line in the file read (1-based), when known."""
    column: int | None = attrs.field(default=None, kw_only=True, eq=False)
    """The column on that line (1-based, in characters), when known."""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def under(self, prefix: str) -> Problem:
        """The same problem, seen from a container at ``prefix``.

        Parameters
        ----------
        prefix : str
            The path of the part that holds this problem's subject.

        Returns
        -------
        Problem
            The problem with ``prefix`` in front of its path.
        """
        if not prefix:
            return self
        if not self.path:
            return attrs.evolve(self, path=prefix)
        sep = "" if _INDEX.match(self.path) else "."
        return attrs.evolve(self, path=f"{prefix}{sep}{self.path}")


MAX_LISTED_PROBLEMS = 100
"""How many problems a :class:`ValidationError` lists; the others are only counted."""

MAX_COUNTED_PROBLEMS = 10_000
"""How many problems are counted before looking for more stops."""


class ListedProblems(tuple[Problem, ...]):
    """The problems a :class:`ValidationError` lists, with how many were found.

    A tuple of at most :data:`MAX_LISTED_PROBLEMS` problems, the first ones
    found; ``total`` counts every problem found, and ``complete`` is false
    when the search stopped after :data:`MAX_COUNTED_PROBLEMS` (so there may
    be more than ``total``).
    """

    total: int
    complete: bool

    def __new__(
        cls, problems: Iterable[Problem] = (), *, total: int = 0, complete: bool = True
    ) -> ListedProblems:
        items = iter(problems)
        listed = super().__new__(cls, itertools.islice(items, MAX_LISTED_PROBLEMS))
        counted = len(listed) + sum(1 for _ in items)
        listed.total = max(total, getattr(problems, "total", 0), counted)
        listed.complete = complete and getattr(problems, "complete", True)
        return listed

    def under(self, prefix: str) -> ListedProblems:
        """The same problems, seen from a container at ``prefix``.

        Parameters
        ----------
        prefix : str
            The path of the part that holds the problems' subject.

        Returns
        -------
        ListedProblems
        """
        return ListedProblems(
            (p.under(prefix) for p in self), total=self.total, complete=self.complete
        )

    def summary(self) -> str:
        """How many problems there are, and how many are listed.

        Returns
        -------
        str
            ``3 problems``, ``1,234 problems; the first 100`` or
            ``at least 10,000 problems (the search stopped); the first 100``.
        """
        if not self.complete:
            return f"at least {self.total:,} problems (the search stopped); the first {len(self)}"
        if self.total > len(self):
            return f"{self.total:,} problems; the first {len(self)}"
        return f"{self.total:,} problems"


class ValidationError(JourneyError, ValueError):
    """A journey, or a part of one, breaks the rules of the format.

    :attr:`problems` lists the problems found: every one, up to
    :data:`MAX_LISTED_PROBLEMS` (100); beyond that the first ones, while
    ``problems.total`` counts them all. Looking for problems stops after
    :data:`MAX_COUNTED_PROBLEMS` (10,000), so that refusing a huge, broken
    file costs about what reading it up to there costs; ``problems.complete``
    is then false.
    """

    problems: ListedProblems

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems = (
            problems if isinstance(problems, ListedProblems) else ListedProblems(problems)
        )
        self.source = source
        super().__init__(self._summary())

    def _summary(self) -> str:
        where = f"{self.source}: " if self.source else ""
        if self.problems.total == 1 and len(self.problems) == 1:
            return _placed(self.source, self.problems[0])
        lines = [f"{where}{self.problems.summary()}:"]
        lines += [f"  {_placed(None, p)}" for p in self.problems]
        return "\n".join(lines)

    def lines(self) -> list[str]:
        """One line per problem listed, each naming the source and position when known.

        ``trip.yaml, line 12, column 18: stages[1].touchpoints[0].emotion: …``.
        When problems went unlisted, a last line says how many.

        Returns
        -------
        list of str
        """
        where = f"{self.source}: " if self.source else ""
        lines = [_placed(self.source, p) for p in self.problems]
        unlisted = self.problems.total - len(self.problems)
        if unlisted > 0 or not self.problems.complete:
            more = "" if self.problems.complete else "at least "
            lines.append(f"{where}… and {more}{unlisted:,} more problems, not listed")
        return lines

    def under(self, prefix: str) -> ValidationError:
        """The same error with every path placed under ``prefix``.

        Parameters
        ----------
        prefix : str
            The path of the part that holds the error's subject.

        Returns
        -------
        ValidationError
        """
        return ValidationError(self.problems.under(prefix), source=self.source)


def _placed(source: str | None, problem: Problem) -> str:
    """``source, line L, column C: problem``, with what is known of the place."""
    where = source or ""
    if problem.line is not None:
        where += f"{', ' if where else ''}line {problem.line}"
        if problem.column is not None:
            where += f", column {problem.column}"
    return f"{where}: {problem}" if where else str(problem)


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


class SmallTextWarning(UserWarning):
    """A view drawn into a matplotlib Axes too small for its text to stay readable.

    Given ``ax=``, a view that is not a chart (the map, coverage, flow, diff)
    is painted as its picture, scaled to fit the Axes; when its smallest text
    would come out below 6 points (:data:`journeykit.rendering.mpl.READABLE_SIZE`),
    this warning says how much larger the Axes should be. Silence it with
    ``warnings.simplefilter("ignore", jk.SmallTextWarning)``.
    """
