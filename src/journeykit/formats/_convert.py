"""Journey ⇄ plain data, through one cattrs converter.

Structuring keeps cattrs' error paths and turns them into our locations
(``stages[0].touchpoints[1].emotion``); the model itself checks values, so the
hooks for scalars only pass values through and let the model say what is
wrong, with the path cattrs gives us.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from journeykit import _checks as c
from journeykit._checks import require
from journeykit.errors import Problem, ValidationError
from journeykit.model import (
    Channel,
    Duration,
    Evidence,
    Flow,
    FrozenMap,
    Journey,
    Metric,
    Opportunity,
    PainPoint,
    Period,
    Persona,
    Stage,
    Touchpoint,
)

FORMAT_VERSION = 1
VERSION_KEY = "journeykit"
UNKNOWN_FIELD = "unknown field"
"""How the message of a problem about a key the format does not know starts."""

_CLASSES = (
    Journey,
    Persona,
    Channel,
    Stage,
    Touchpoint,
    PainPoint,
    Opportunity,
    Metric,
    Evidence,
    Period,
    Flow,
    Duration,
)
_RENAMES: dict[type, dict[str, str]] = {Flow: {"source": "from", "target": "to"}}


def _keys(cls: type) -> list[str]:
    """The keys a mapping for ``cls`` may hold, in canonical order."""
    renames = _RENAMES.get(cls, {})
    return [renames.get(a.name, a.name) for a in attrs.fields(cls)]


def _passthrough(value: Any, _: Any) -> Any:
    return value


def _structure_id(value: Any, _: Any) -> Any:
    if value == "":
        raise ValidationError(
            [Problem("", "must not be empty; leave it out to derive one from the name")]
        )
    return value


def _structure_map(value: Any, _: Any) -> Any:
    if not isinstance(value, Mapping):
        raise ValidationError([Problem("", f"expected a mapping, got {c.show(value)}")])
    return FrozenMap(value)


def _is_optional(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) in (typing.Union, types.UnionType) and type(None) in args


def _is_literal(t: Any) -> bool:
    return typing.get_origin(t) is typing.Literal


def _is_frozen_map(t: Any) -> bool:
    return t is FrozenMap or typing.get_origin(t) is FrozenMap


def _is_homogeneous_tuple(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=True)
    for scalar in (str, int, float, bool, date):
        conv.register_structure_hook(scalar, _passthrough)
    conv.register_structure_hook_func(_is_literal, _passthrough)

    def structure_optional(value: Any, t: Any) -> Any:
        # In a file, an optional key is left out rather than set to null.
        if value is None:
            raise ValidationError([Problem("", "null is not allowed here; leave the key out")])
        inner = next(arg for arg in typing.get_args(t) if arg is not type(None))
        return conv.get_structure_hook(inner)(value, inner)

    conv.register_structure_hook_func(_is_optional, structure_optional)
    conv.register_structure_hook_func(_is_frozen_map, _structure_map)
    conv.register_unstructure_hook_func(_is_frozen_map, dict)
    conv.register_unstructure_hook(date, date.isoformat)

    item_hooks: dict[Any, tuple[Any, Any]] = {}

    def item_hook(t: Any) -> tuple[Any, Any]:
        kind = typing.get_args(t)[0]
        return kind, conv.get_structure_hook(kind)

    def structure_list(value: Any, t: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise ValidationError([Problem("", f"expected a list, got {c.show(value)}")])
        # Item by item rather than cattrs' own loop, to stop at enough problems:
        # a million broken items would otherwise cost minutes and gigabytes.
        kind, hook = item_hooks.get(t) or item_hooks.setdefault(t, item_hook(t))
        items, problems = [], c.Problems()
        for i, item in enumerate(value):
            if problems.total and problems.stopped():
                break
            try:
                items.append(hook(item, kind))
            except RecursionError:
                raise
            except Exception as exc:  # as in cattrs: each failure becomes a located problem
                problems += _problems(exc, f"[{i}]", None)
        if problems.total:
            raise ValidationError(problems)
        return tuple(items)

    conv.register_structure_hook_func(_is_homogeneous_tuple, structure_list)
    conv.register_unstructure_hook_func(
        _is_homogeneous_tuple, lambda v: [conv.unstructure(x) for x in v]
    )

    for cls in _CLASSES:
        attrs.resolve_types(cls)
        overrides: dict[str, Any] = {
            field: override(rename=key) for field, key in _RENAMES.get(cls, {}).items()
        }
        if "id" in attrs.fields_dict(cls):
            overrides["id"] = override(struct_hook=_structure_id)
        structure = make_dict_structure_fn(
            cls, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True, **overrides
        )
        unstructure = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **overrides)
        conv.register_structure_hook(cls, _checked_mapping(structure))
        conv.register_unstructure_hook(cls, _ordered(unstructure, _keys(cls)))
    return conv


def _ordered(unstructure: Any, keys: list[str]) -> Any:
    """cattrs puts defaulted fields last; the canonical form follows the format's order."""

    def hook(value: Any) -> dict[str, Any]:
        raw = unstructure(value)
        return {key: raw[key] for key in keys if key in raw}

    return hook


def _checked_mapping(structure: Any) -> Any:
    def hook(value: Any, cls: Any) -> Any:
        if not isinstance(value, Mapping):
            raise ValidationError([Problem("", f"expected a mapping, got {c.show(value)}")])
        try:
            return structure(value, cls)
        except BaseValidationError as exc:
            # cattrs stops before building the object, so the object's own
            # checks would go unreported: run them on the fields that did read.
            failed = {step for _, step in _steps(exc)}
            problems = _problems(exc, "", cls)
            if "" not in failed:  # "" means the object was built and checked itself
                problems += _own_problems(cls, value, failed)
            raise ValidationError(problems) from None

    return hook


def _own_problems(cls: type, raw: Mapping[str, Any], failed: set[str]) -> c.Problems:
    """The problems ``cls`` finds in its own fields of ``raw``, leaving out ``failed`` ones."""
    renames = _RENAMES.get(cls, {})
    skipped = set(failed)
    values: dict[str, Any] = {}
    for field in attrs.fields(cls):
        key = renames.get(field.name, field.name)
        if key in failed or _holds_items(field.type) or key not in raw:
            skipped.add(key)
            values[field.name] = ()
            continue
        value = raw[key]
        values[field.name] = field.converter(value) if callable(field.converter) else value
    stand_in = types.SimpleNamespace(**values)
    found: c.Problems = cls._problems(stand_in)  # type: ignore[attr-defined]
    kept = c.Problems(p for p in found if _head(p.path) not in skipped)
    kept.total += found.total - len(found)  # unlisted ones, whatever their field
    kept.complete = found.complete
    return kept


def _holds_items(t: Any) -> bool:
    return _is_homogeneous_tuple(t) and attrs.has(typing.get_args(t)[0])


def _head(path: str) -> str:
    """The first key of a path: ``emotions`` of ``emotions.carer``."""
    for i, ch in enumerate(path):
        if ch in ".[":
            return path[:i]
    return path


_converter = _make_converter()
_INDEX_STEP = re.compile(r"\[[0-9]+\]")


def from_dict(data: Any) -> Journey:
    """Build a :class:`~journeykit.Journey` from plain data (as read from JSON or YAML).

    Parameters
    ----------
    data : mapping
        A document of the file format: ``{"journeykit": 1, "title": …}``.

    Returns
    -------
    Journey

    Raises
    ------
    ValidationError
        With every problem found, each located by its path.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.from_dict({"journeykit": 1, "title": "Hello", "stages": [{"name": "Look"}]})
    >>> j.stage("look").name
    'Look'
    >>> jk.from_dict({"journeykit": 1, "title": "Hello", "stages": [{"nmae": "Look"}]})
    Traceback (most recent call last):
    ...
    journeykit.errors.ValidationError: 2 problems:
      stages[0].name: is required
      stages[0].nmae: unknown field; did you mean 'name'?
    """
    if not isinstance(data, Mapping):
        raise ValidationError(
            [Problem("", f"expected a mapping at the top level, got {c.show(data)}")]
        )
    body = dict(data)
    _check_version(body.pop(VERSION_KEY, None), VERSION_KEY in data)
    try:
        return _converter.structure(body, Journey)
    except (ValidationError, BaseValidationError, ForbiddenExtraKeysError, KeyError) as exc:
        raise ValidationError(_problems(exc, "", Journey)) from None
    except RecursionError:
        raise ValidationError([Problem("", "the data is nested too deeply")]) from None


def _check_version(version: Any, present: bool) -> None:
    if not present:
        raise ValidationError(
            [
                Problem(
                    VERSION_KEY,
                    f'is missing; a journeykit file starts with "journeykit": {FORMAT_VERSION}',
                )
            ]
        )
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError(
            [
                Problem(
                    VERSION_KEY,
                    f"expected the format version {FORMAT_VERSION}, got {c.show(version)}",
                )
            ]
        )
    if version > FORMAT_VERSION:
        raise ValidationError(
            [
                Problem(
                    VERSION_KEY,
                    f"{c.show(version)} is a newer format version than this journeykit "
                    f"reads ({FORMAT_VERSION}); upgrade journeykit",
                )
            ]
        )
    if version < FORMAT_VERSION:
        raise ValidationError(
            [Problem(VERSION_KEY, f"unknown format version {c.show(version)}; the first is 1")]
        )


def to_dict(journey: Journey) -> dict[str, Any]:
    """The canonical plain-data form of a journey, ready for JSON or YAML.

    Keys come in a fixed order and values equal to their default are left
    out, so the same journey always gives the same dict.

    Parameters
    ----------
    journey : Journey
        The journey to convert.

    Returns
    -------
    dict
        Plain data: dicts, lists, strings, numbers and ``None``; dates as
        ``YYYY-MM-DD`` text.

    Examples
    --------
    >>> import journeykit as jk
    >>> jk.to_dict(jk.Journey(title="Hello", stages=[jk.Stage(name="Look")]))
    {'journeykit': 1, 'title': 'Hello', 'stages': [{'id': 'look', 'name': 'Look'}]}
    """
    require(journey, Journey, "journey", "to_dict")
    return {VERSION_KEY: FORMAT_VERSION, **_converter.unstructure(journey)}


def _problems(exc: BaseException, path: str, cls: type | None) -> c.Problems:
    out = c.Problems()
    if isinstance(exc, ValidationError):
        out += exc.problems.under(path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        known = _keys(exc.cl)
        for key in sorted(exc.extra_fields, key=str):
            if out.stopped():
                break
            hint = c.suggest(str(key), known) if out.listing else ""
            out.append(Problem(_join_key(path, c.key_step(key)), f"{UNKNOWN_FIELD}{hint}"))
    elif isinstance(exc, KeyError):
        out.append(Problem(path, "is required"))
    elif isinstance(exc, BaseValidationError):
        for sub, step in _steps(exc):
            out += _problems(sub, _join(path, step), None)
    else:
        out.append(Problem(path, f"cannot be read: {c.show(str(exc), 200)}"))
    return out


def _steps(group: BaseValidationError) -> Iterator[tuple[BaseException, str]]:
    """Each sub-error of a cattrs error group with the path step it sits at."""
    renames = _RENAMES.get(group.cl, {}) if isinstance(group.cl, type) else {}
    for sub in group.exceptions:
        step = ""
        for note in getattr(sub, "__notes__", []):
            if isinstance(note, AttributeValidationNote):
                step = renames.get(note.name, note.name)
            elif isinstance(note, IterableValidationNote):
                index = note.index
                step = f"[{index}]" if isinstance(index, int) else c.key_step(index)
        yield sub, step


def _join_key(path: str, key: str) -> str:
    """A mapping key after ``path``: always ``.key``, even when the key starts with ``[``."""
    return f"{path}.{key}" if path else key


def _join(path: str, step: str) -> str:
    if not step:
        return path
    if not path or _INDEX_STEP.fullmatch(step):
        return f"{path}{step}"
    return f"{path}.{step}"
