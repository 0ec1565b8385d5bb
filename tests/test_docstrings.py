"""Every public function, class and method has a numpydoc docstring.

The public API is what the modules of ``PUBLIC`` export in ``__all__``: what
``import journeykit as jk`` reaches, the events and testing packages, the
analysis results, the file formats, and what a plugin author works with (the
Scene and its primitives, the view registry, the renderer contract and the
built-in renderers). For each object this checks:

- it has a docstring of its own;
- a function or method that takes parameters has a ``Parameters`` section
  naming every one of them (``**options`` included), and one that returns a
  value has a ``Returns`` (or ``Yields``) section;
- a class whose instances are built from parameters (attrs fields, a
  Protocol's attributes) names each of them in a ``Parameters`` or
  ``Attributes`` section; exceptions and warnings, which take a message,
  need only their docstring;
- a top-level function of ``journeykit`` has an ``Examples`` section (the
  doctests run with the suite, ``--doctest-modules``).

Data (constants) are left out: Python keeps no docstring on them at run time.
The failure message lists everything missing at once.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import re
import typing
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest

PUBLIC = (
    "journeykit",
    "journeykit.errors",
    "journeykit.model",
    "journeykit.formats",
    "journeykit.formats.mermaid",
    "journeykit.graph",
    "journeykit.scales",
    "journeykit.analysis",
    "journeykit.events",
    "journeykit.testing",
    "journeykit.layout.scene",
    "journeykit.layout.theme",
    "journeykit.layout.views",
    "journeykit.layout.pages",
    "journeykit.rendering",
    "journeykit.rendering.svg",
    "journeykit.rendering.mpl",
)
# Functions whose ``Examples`` section is required: the first things a user calls.
EXAMPLES_REQUIRED = ("journeykit",)

# Gaps still to fill, as gap_key() words them (the names left out cut to "…"): none left.
# The list may only shrink (the test fails on a line that is no longer a gap), so a new
# public function or class comes with its docstring.
KNOWN_GAPS: frozenset[str] = frozenset()

_HEADING = re.compile(r"^[ \t]*([A-Z][A-Za-z ]+)\n[ \t]*-{3,}[ \t]*$", re.MULTILINE)


def sections(doc: str) -> dict[str, str]:
    """A numpydoc docstring's sections: heading → its text (the summary under ``""``).

    >>> sorted(sections("Sum.\\n\\nParameters\\n----------\\nx : int\\n"))
    ['', 'Parameters']
    """
    doc = inspect.cleandoc(doc)
    found: dict[str, str] = {}
    matches = list(_HEADING.finditer(doc))
    found[""] = doc[: matches[0].start()] if matches else doc
    ends = [match.start() for match in matches[1:]] + [len(doc)] * bool(matches)
    for match, end in zip(matches, ends, strict=True):
        found[match.group(1).strip()] = doc[match.end() : end]
    return found


def documented_names(section: str) -> set[str]:
    """The names a Parameters or Attributes section documents.

    An entry starts at the left margin: ``name : type``, ``a, b : type`` or
    ``**options``; the indented lines below it describe it.

    >>> sorted(documented_names("x, y : float\\n    Where.\\n**options\\n    More.\\n"))
    ['**options', 'x', 'y']
    """
    names: set[str] = set()
    for line in section.splitlines():
        if not line.strip() or line[0].isspace():
            continue
        head = line.split(" : ", 1)[0]
        names.update(part.strip() for part in head.split(",") if part.strip())
    return names


def _parameters(func: Callable[..., Any]) -> list[str]:
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return []
    names = []
    for name, parameter in signature.parameters.items():
        if name in ("self", "cls"):
            continue
        if parameter.kind is parameter.VAR_KEYWORD:
            names.append(f"**{name}")
        elif parameter.kind is parameter.VAR_POSITIONAL:
            names.append(f"*{name}")
        else:
            names.append(name)
    return names


def _returns_value(func: Callable[..., Any]) -> bool:
    try:
        hints = typing.get_type_hints(func)
    except Exception:  # an annotation only a type checker can resolve
        annotation = inspect.signature(func).return_annotation
        return annotation not in (None, "None", inspect.Signature.empty)
    return hints.get("return", type(None)) is not type(None)


def _function_gaps(where: str, func: Callable[..., Any], examples: bool) -> Iterator[str]:
    doc = inspect.getdoc(func) if func.__doc__ else None
    if not doc:
        yield f"{where}: no docstring"
        return
    found = sections(doc)
    wanted = _parameters(func)
    if wanted:
        if "Parameters" not in found:
            yield f"{where}: no Parameters section ({', '.join(wanted)})"
        else:
            named = documented_names(found["Parameters"])
            missing = [
                name for name in wanted if name not in named and name.lstrip("*") not in named
            ]
            if missing:
                yield f"{where}: Parameters leaves out {', '.join(missing)}"
    if _returns_value(func) and not ({"Returns", "Yields"} & set(found)):
        yield f"{where}: no Returns section"
    if examples and "Examples" not in found:
        yield f"{where}: no Examples section"


def _fields(cls: type) -> list[str]:
    """What an instance of ``cls`` is built from: attrs fields, or a Protocol's attributes."""
    if attrs.has(cls):
        return [field.name for field in attrs.fields(cls) if field.init]
    if getattr(cls, "_is_protocol", False):
        return [name for name in getattr(cls, "__annotations__", {}) if not name.startswith("_")]
    return []


def _own_members(cls: type) -> Iterator[tuple[str, Any]]:
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(value, staticmethod | classmethod):
            value = value.__func__
        if isinstance(value, property) or (
            inspect.isfunction(value) and value.__qualname__.startswith(f"{cls.__qualname__}.")
        ):
            yield name, value


def _class_gaps(where: str, cls: type) -> Iterator[str]:
    if not cls.__doc__ or cls.__doc__ == getattr(cls.__mro__[1], "__doc__", None):
        yield f"{where}: no docstring"
        return
    exempt = issubclass(cls, BaseException | Warning | enum.Enum)
    fields = [] if exempt else _fields(cls)
    if fields:
        found = sections(cls.__doc__)
        named = documented_names(found.get("Parameters", "")) | documented_names(
            found.get("Attributes", "")
        )
        missing = [name for name in fields if name not in named]
        if missing:
            yield f"{where}: Parameters/Attributes leave out {', '.join(missing)}"
    for name, member in _own_members(cls):
        if isinstance(member, property):
            if not member.__doc__:
                yield f"{where}.{name}: no docstring"
        else:
            yield from _function_gaps(f"{where}.{name}", member, examples=False)


def public_objects() -> dict[str, Any]:
    """Qualified name → object, for every function and class of the public API.

    An object exported by several modules is listed once, under the first.
    """
    seen: dict[int, str] = {}
    found: dict[str, Any] = {}
    for module_name in PUBLIC:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)) or id(obj) in seen:
                continue
            seen[id(obj)] = f"{module_name}.{name}"
            found[f"{module_name}.{name}"] = obj
    return found


def gaps() -> list[str]:
    """Everything the public API's docstrings leave out, one line each."""
    out: list[str] = []
    for where, obj in public_objects().items():
        if inspect.isclass(obj):
            out.extend(_class_gaps(where, obj))
        else:
            examples = where.rsplit(".", 1)[0] in EXAMPLES_REQUIRED
            out.extend(_function_gaps(where, obj, examples=examples))
    return out


def gap_key(gap: str) -> str:
    """A gap without the names it lists, as :data:`KNOWN_GAPS` holds it.

    >>> gap_key("jk.Theme: Parameters/Attributes leave out name, background")
    'jk.Theme: Parameters/Attributes leave out …'
    >>> gap_key("jk.mix: no Parameters section (a, b, share)")
    'jk.mix: no Parameters section'
    """
    gap = gap.split(" (")[0]
    return re.sub(r" (leaves? out) .*", r" \1 …", gap)


def test_the_public_api_is_documented() -> None:
    found = gaps()
    new = [gap for gap in found if gap_key(gap) not in KNOWN_GAPS]
    assert not new, f"{len(new)} docstring gaps:\n" + "\n".join(new)


def test_the_known_gaps_are_still_gaps() -> None:
    filled = sorted(KNOWN_GAPS - {gap_key(gap) for gap in gaps()})
    assert not filled, "filled, so remove from KNOWN_GAPS:\n" + "\n".join(filled)


def test_the_walk_finds_the_api() -> None:
    found = public_objects()
    # A walk that found nothing would pass the test above vacuously.
    for name in ("journeykit.render", "journeykit.Journey", "journeykit.events.discover"):
        assert name in found
    assert "journeykit.layout.scene.Scene" in found
    assert "journeykit.rendering.Renderer" in found
    assert len(found) > 100


def test_the_checks_catch_what_they_should() -> None:
    def bare(x: int) -> int:
        return x

    def half(x: int, y: int) -> int:
        """Add.

        Parameters
        ----------
        x : int
            One.
        """
        return x + y

    assert list(_function_gaps("bare", bare, examples=False)) == ["bare: no docstring"]
    assert list(_function_gaps("half", half, examples=True)) == [
        "half: Parameters leaves out y",
        "half: no Returns section",
        "half: no Examples section",
    ]

    @attrs.frozen
    class Point:
        """A point.

        Parameters
        ----------
        x : float
            Across.
        """

        x: float
        y: float

    assert list(_class_gaps("Point", Point)) == ["Point: Parameters/Attributes leave out y"]


@pytest.mark.parametrize("module_name", PUBLIC)
def test_every_public_module_has_a_docstring(module_name: str) -> None:
    assert importlib.import_module(module_name).__doc__, module_name
