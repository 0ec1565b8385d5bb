"""What analysis results share: plain records and DataFrames."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

import attrs

from journeykit.errors import MissingDependencyError

R = TypeVar("R", bound="Record")


def plain(value: Any) -> Any:
    """A value as JSON-ready plain data."""
    if attrs.has(type(value)):
        return {f.name: plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
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


class Record:
    """A mixin for attrs result classes: ``to_dict()`` and ``to_frame()``."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """This result as plain data (dicts, lists, strings and numbers)."""
        return plain(self)  # type: ignore[no-any-return]

    def to_frame(self) -> Any:
        """This result as a one-row ``pandas.DataFrame`` (needs pandas)."""
        return _pandas().json_normalize([self.to_dict()])


class Results(tuple[R, ...]):
    """An immutable sequence of results that converts to records and a DataFrame."""

    __slots__ = ()

    def to_dict(self) -> list[dict[str, Any]]:
        """Every result as plain data, in order."""
        return [item.to_dict() for item in self]

    def to_frame(self) -> Any:
        """A ``pandas.DataFrame``, one row per result, nested fields flattened (needs pandas)."""
        return _pandas().json_normalize(self.to_dict())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"
