"""Small checks that collect problems instead of raising at the first one.

Each check appends :class:`~journeykit.errors.Problem` objects to a list, so a
class can report everything wrong with it in one :class:`ValidationError`.
"""

from __future__ import annotations

import bisect
import difflib
import math
import os
from collections.abc import Collection, Iterable
from datetime import date
from pathlib import PurePath
from typing import Any

from journeykit.errors import (
    MAX_COUNTED_PROBLEMS,
    MAX_LISTED_PROBLEMS,
    ArgumentError,
    Problem,
)

MAX_TEXT_LENGTH = 100_000
"""The longest text a field may hold, in characters."""

MAX_INTEGER = 2**63 - 1
"""The largest integer a field may hold (a count fits a signed 64-bit integer)."""


class Problems(list[Problem]):
    """The problems one check finds: the first ones kept, the others counted.

    Keeps :data:`~journeykit.errors.MAX_LISTED_PROBLEMS`; ``total`` counts
    every one added, and ``full`` says when looking further is no use (at
    :data:`~journeykit.errors.MAX_COUNTED_PROBLEMS`). Checks that loop over
    many items stop when it is full and leave ``complete`` false.
    :class:`~journeykit.errors.ValidationError` takes the count along.
    """

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        super().__init__()
        self.total = 0
        self.complete = True
        if problems:
            self.extend(problems)

    def append(self, problem: Problem) -> None:
        self.total += 1
        if len(self) < MAX_LISTED_PROBLEMS:
            super().append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        """Add ``problems``, with the count and completeness they carry."""
        before = self.total
        for problem in problems:
            self.append(problem)
        self.total = max(self.total, before + getattr(problems, "total", 0))
        self.complete = self.complete and getattr(problems, "complete", True)

    def __iadd__(self, problems: Iterable[Problem]) -> Problems:  # type: ignore[override, misc]
        self.extend(problems)
        return self

    @property
    def listing(self) -> bool:
        """Whether a problem added now would be listed (worth a costly message)."""
        return len(self) < MAX_LISTED_PROBLEMS

    @property
    def full(self) -> bool:
        """Whether enough problems are counted to stop looking for more."""
        return self.total >= MAX_COUNTED_PROBLEMS

    def stopped(self) -> bool:
        """In a loop over items: whether to stop here, leaving the rest unchecked."""
        if self.full:
            self.complete = False
        return not self.complete


def show(value: object, limit: int = 40) -> str:
    """A short, safe rendering of a user value for an error message."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[:limit] + "…"
        return repr(text)
    if isinstance(value, bool | int | float) or value is None:
        try:
            text = repr(value)
        except ValueError:  # an integer with more digits than Python prints
            digits = int(value.bit_length() * 0.30103) if isinstance(value, int) else 0
            return f"an integer of about {digits:,} digits"
        if len(text) <= limit:
            return text
        if isinstance(value, int):  # cut short, its digits would read as another number
            return f"an integer of {len(text.lstrip('-')):,} digits"
        return text[:limit] + "…"
    return _article(type_name(value))


def plural(n: int, one: str, other: str | None = None) -> str:
    """``n`` and the noun that goes with it.

    >>> plural(1, "stage"), plural(3, "stage"), plural(0, "gap"), plural(2, "match", "matches")
    ('1 stage', '3 stages', '0 gaps', '2 matches')
    """
    return f"{n:,} {one if n == 1 else other or one + 's'}"


def key_step(key: object, limit: int = 60) -> str:
    """A mapping key as a step in a path, cut short when it is long."""
    text = str(key)
    return text if len(text) <= limit else text[:limit] + "…"


def type_name(value: object) -> str:
    names = {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        list: "list",
        tuple: "list",
        dict: "mapping",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


_NEIGHBOURS = 100


def suggest(word: str, known: Iterable[str], limit: int = 60) -> str:
    """``"; did you mean 'x'?"`` when a known word is close, else ``""``.

    Among many known words, only the 200 nearest to ``word`` in sorted order
    are compared with it (a typo seldom changes the start of a word): the
    comparison costs tens of microseconds a word, and a journey can hold a
    hundred thousand ids.
    """
    word = word[:200]
    candidates = list(known)
    if len(candidates) > 2 * _NEIGHBOURS:
        candidates.sort()
        at = bisect.bisect_left(candidates, word)
        candidates = candidates[max(0, at - _NEIGHBOURS) : at + _NEIGHBOURS]
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f"; did you mean {show(match[0], limit)}?" if match else ""


def check_text(value: Any, path: str, out: Problems, *, empty: bool = True) -> None:
    if not isinstance(value, str):
        out.append(Problem(path, f"expected a string, got {show(value)}"))
        return
    if not empty and not value.strip():
        out.append(Problem(path, "must not be empty"))
    if len(value) > MAX_TEXT_LENGTH:
        out.append(
            Problem(
                path,
                f"is {len(value):,} characters long; the limit is {MAX_TEXT_LENGTH:,}",
            )
        )
    elif _has_lone_surrogate(value):
        out.append(Problem(path, "contains an unpaired surrogate, which no file can hold"))


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_optional_text(value: Any, path: str, out: Problems) -> None:
    if value is not None:
        check_text(value, path, out, empty=False)


def check_texts(values: Any, path: str, out: Problems) -> None:
    if not isinstance(values, tuple):
        out.append(Problem(path, f"expected a list of strings, got {show(values)}"))
        return
    for i, value in enumerate(values):
        if out.total and out.stopped():  # cheap while all is well
            break
        check_text(value, f"{path}[{i}]", out)


def check_items(values: Any, kind: type, path: str, out: Problems) -> bool:
    """Check that ``values`` is a tuple of ``kind``; say whether it is."""
    if not isinstance(values, tuple):
        out.append(Problem(path, f"expected a list, got {show(values)}"))
        return False
    ok = True
    for i, value in enumerate(values):
        if isinstance(value, kind):
            continue
        ok = False
        if out.stopped():
            break
        out.append(Problem(f"{path}[{i}]", f"expected a {kind.__name__}, got {show(value)}"))
    return ok


def check_number(
    value: Any,
    path: str,
    out: Problems,
    *,
    low: float | None = None,
    high: float | None = None,
) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        out.append(Problem(path, f"expected a number, got {show(value)}"))
        return
    if isinstance(value, float) and not math.isfinite(value):
        out.append(Problem(path, f"{show(value)} is not a finite number"))
        return
    if isinstance(value, int) and not _fits_a_float(value):
        # Analyses and renderers compute in floats; this one would overflow them.
        out.append(Problem(path, f"{show(value)} is too large to be a number (at most ~1.8e308)"))
        return
    if low is not None and high is not None and not low <= value <= high:
        out.append(Problem(path, f"{show(value)} is outside [{low:g}, {high:g}]"))
    elif low is not None and high is None and value < low:
        out.append(Problem(path, f"{show(value)} is below {low:g}"))


def _fits_a_float(value: int) -> bool:
    try:
        float(value)
    except OverflowError:
        return False
    return True


def check_integer(
    value: Any,
    path: str,
    out: Problems,
    *,
    low: int | None = None,
    high: int | None = None,
) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        out.append(Problem(path, f"expected an integer, got {show(value)}"))
        return
    if high is not None and low is not None and not low <= value <= high:
        out.append(Problem(path, f"{show(value)} is not an integer from {low} to {high}"))
    elif low is not None and value < low:
        out.append(Problem(path, f"{show(value)} is below {low}"))
    elif not -MAX_INTEGER - 1 <= value <= MAX_INTEGER:
        # A count that big is a mistake, and would overflow the analyses' floats.
        out.append(Problem(path, f"{show(value)} is too large; the limit is {MAX_INTEGER:,}"))


def check_choice(value: Any, choices: Collection[str], path: str, out: Problems) -> None:
    if not isinstance(value, str) or value not in choices:
        hint = suggest(value, choices) if isinstance(value, str) else ""
        options = ", ".join(repr(c) for c in choices)
        out.append(Problem(path, f"{show(value)} is not one of {options}{hint}"))


def check_date(value: Any, path: str, out: Problems) -> None:
    if value is not None and not isinstance(value, date):
        out.append(Problem(path, f"expected a date (YYYY-MM-DD), got {show(value)}"))


def require(value: Any, kind: type | tuple[type, ...], argument: str, function: str) -> None:
    """Raise an :class:`ArgumentError` naming ``argument`` unless ``value`` is a ``kind``.

    A string or path given where a journey is expected gets a hint to load it.
    """
    if isinstance(value, kind):
        return
    kinds = kind if isinstance(kind, tuple) else (kind,)
    expected = " or ".join(_article(k.__name__) for k in kinds)
    hint = ""
    if any(k.__name__ == "Journey" for k in kinds) and isinstance(value, str | PurePath):
        hint = "; read a file with jk.load first"
    raise ArgumentError(f"{function}({argument}=...): expected {expected}, got {show(value)}{hint}")


def _article(name: str) -> str:
    return f"an {name}" if name[0].lower() in "aeiou" else f"a {name}"


def require_source(value: Any, argument: str, function: str, *, writing: bool = False) -> None:
    """Raise an :class:`ArgumentError` unless ``value`` is a path or an open file.

    A file object must have ``read`` (or ``write`` when ``writing``). Whether
    a file can have the path's name is checked where it is opened
    (:func:`journeykit._atomic.checked_path`).
    """
    method = "write" if writing else "read"
    if isinstance(value, str | os.PathLike) or callable(getattr(value, method, None)):
        return
    opened = "for writing" if writing else "for reading"
    raise ArgumentError(
        f"{function}({argument}=...): expected a path or a file object opened {opened}, "
        f"got {show(value)}"
    )
