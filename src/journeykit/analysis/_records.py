"""What analysis results share: plain records and DataFrames."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

import attrs

from journeykit.errors import MissingDependencyError

R = TypeVar("R", bound="Record")
T = TypeVar("T")


def plain(value: Any) -> Any:
    """A value as JSON-ready plain data.

    A record whose class writes its own ``to_dict`` (a finding's location,
    a rule) is that, wherever it is nested.
    """
    own = getattr(type(value), "to_dict", None)
    if isinstance(value, Record) and own is not Record.to_dict and callable(own):
        return own(value)
    if attrs.has(type(value)):
        return {
            f.name: plain(getattr(value, f.name))
            for f in attrs.fields(type(value))
            if not f.name.startswith("_")
        }
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError:
        raise MissingDependencyError("pandas", "pandas") from None


def shown_as(result: T, view: str, subject: Any, **options: Any) -> T:
    """Remember that ``result`` displays itself as ``view`` of ``subject``.

    Analysis functions call this on what they return, so that Jupyter can
    draw a result as its natural view without the analysis layer importing
    any drawing code.
    """
    object.__setattr__(result, "_display", (view, subject, options))
    return result


def _bundle(result: Any) -> dict[str, str]:
    shown = getattr(result, "_display", None)
    if shown is None:
        return {"text/plain": repr(result)}
    from journeykit._display import mimebundle

    view, subject, options = shown
    return mimebundle(subject, view, text=repr(result), **options)


class Record:
    """A mixin for attrs result classes: ``to_dict()``, ``to_frame()``, Jupyter display."""

    __slots__ = ("_display",)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return _bundle(self)

    def to_dict(self) -> dict[str, Any]:
        """This result as plain data (dicts, lists, strings and numbers)."""
        return plain(self)  # type: ignore[no-any-return]

    def to_frame(self) -> Any:
        """This result as a one-row ``pandas.DataFrame`` (needs pandas)."""
        return _pandas().json_normalize([self.to_dict()])


class Results(tuple[R, ...]):
    """An immutable sequence of results that converts to records and a DataFrame."""

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return _bundle(self)

    def to_dict(self) -> list[dict[str, Any]]:
        """Every result as plain data, in order."""
        return [item.to_dict() for item in self]

    def to_frame(self) -> Any:
        """A ``pandas.DataFrame``, one row per result, nested fields flattened (needs pandas)."""
        return _pandas().json_normalize(self.to_dict())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"
