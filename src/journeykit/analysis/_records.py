"""What analysis results share: plain records, DataFrames, and where they came from.

Every result of an analysis function carries an :class:`Origin`: the
function's name, the journey it read and the options it was called with.
It is ordinary data (it survives ``copy``, ``pickle`` and ``attrs.evolve``),
left out of ``to_dict()``, equality and ``repr``, so that a result can be
drawn (``jk.render(result)``, Jupyter) without the analysis layer importing
any drawing code.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, SupportsIndex, TypeVar, overload

import attrs

from journeykit.errors import MissingDependencyError
from journeykit.model import FrozenMap, Journey

R = TypeVar("R", bound="Record")


_NOT_DATA = "journeykit.not-data"
"""Metadata key of attrs fields that ``to_dict()`` leaves out."""


def _frozen(options: Mapping[str, Any]) -> FrozenMap[str, Any]:
    return FrozenMap(options)


@attrs.frozen
class Origin:
    """Where an analysis result came from.

    Attributes
    ----------
    analysis : str
        The name of the function that made the result (``"hotspots"``,
        ``"emotion_curve"``, ``"check"``…), which says what the result is.
    journey : Journey
        The journey it read (for :func:`journeykit.diff`, the new version).
    options : Mapping
        The options it was called with (for ``diff``, ``base`` is the old
        version).

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Hi", stages=[jk.Stage(name="Look")])
    >>> curve = jk.emotion_curve(j)
    >>> curve.origin.analysis, curve.origin.journey is j, dict(curve.origin.options)
    ('emotion_curve', True, {'persona': None})
    """

    analysis: str
    journey: Journey
    options: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen, hash=False)


NOT_DATA = {_NOT_DATA: True}
"""Metadata of a result's ``origin`` field: kept, but left out of ``to_dict()``.

The field is declared ``attrs.field(default=None, eq=False, repr=False,
metadata=NOT_DATA)``: where a result came from is not what it says.
"""


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
            if not f.name.startswith("_") and not f.metadata.get(_NOT_DATA)
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


def _bundle(result: Any) -> dict[str, str]:
    """Jupyter's view of a result: its natural view when it knows its journey."""
    if not isinstance(getattr(result, "origin", None), Origin):
        return {"text/plain": repr(result)}
    from journeykit._display import mimebundle

    return mimebundle(result, None, text=repr(result))


class Record:
    """A mixin for attrs result classes: ``to_dict()``, ``to_frame()``, Jupyter display."""

    __slots__ = ()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return _bundle(self)

    def to_dict(self) -> dict[str, Any]:
        """This result as plain data (dicts, lists, strings and numbers).

        Returns
        -------
        dict of str to Any
            One entry a field, nested records and tuples made dicts and lists,
            dates ISO strings; ready for ``json.dumps``. ``origin`` is left out.
        """
        return plain(self)  # type: ignore[no-any-return]

    def to_frame(self) -> Any:
        """This result as a one-row ``pandas.DataFrame`` (needs pandas).

        Returns
        -------
        pandas.DataFrame
            One row, one column a field of :meth:`to_dict`; nested fields
            flattened into dotted names (``pandas.json_normalize``).

        Raises
        ------
        MissingDependencyError
            pandas is not installed.
        """
        return _pandas().json_normalize([self.to_dict()])


def _rebuild(cls: type[Results[Any]], items: tuple[Any, ...], origin: Origin | None) -> Any:
    return cls(items, origin=origin)


class Results(tuple[R, ...]):
    """An immutable sequence of results that converts to records and a DataFrame.

    It is a tuple, compared as one; ``origin`` says where the results came
    from (``None`` for a sequence built by hand) and is kept by slices,
    ``copy``, ``deepcopy`` and ``pickle``.

    >>> import pickle
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Hi", stages=[jk.Stage(name="Look")])
    >>> found = jk.check(j, select=["JK101"])
    >>> found == pickle.loads(pickle.dumps(found)), found[:1].origin.journey == j
    (True, True)
    """

    _origin: Origin | None

    def __new__(cls, items: Iterable[R] = (), origin: Origin | None = None) -> Results[R]:
        made = super().__new__(cls, items)
        made._origin = origin
        return made

    @property
    def origin(self) -> Origin | None:
        """Where these results came from, or ``None``."""
        return self._origin

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), tuple(self), self._origin))

    @overload
    def __getitem__(self, index: SupportsIndex) -> R: ...

    @overload
    def __getitem__(self, index: slice) -> Results[R]: ...

    def __getitem__(self, index: SupportsIndex | slice) -> R | Results[R]:
        if isinstance(index, slice):
            return type(self)(super().__getitem__(index), origin=self._origin)
        return super().__getitem__(index)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return _bundle(self)

    def to_dict(self) -> list[dict[str, Any]]:
        """Every result as plain data, in order.

        Returns
        -------
        list of dict
            The :meth:`Record.to_dict` of each result.

        Examples
        --------
        >>> import journeykit as jk
        >>> j = jk.Journey(title="Hi", stages=[jk.Stage(name="Look")])
        >>> [finding["code"] for finding in jk.check(j, select=["JK101"]).to_dict()]
        ['JK101']
        """
        return [item.to_dict() for item in self]

    def to_frame(self) -> Any:
        """A ``pandas.DataFrame``, one row per result, nested fields flattened (needs pandas).

        Returns
        -------
        pandas.DataFrame
            One row per result, in order; its columns the keys of
            :meth:`to_dict`, nested ones as dotted names. No results, no rows.

        Raises
        ------
        MissingDependencyError
            pandas is not installed.
        """
        return _pandas().json_normalize(self.to_dict())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"
