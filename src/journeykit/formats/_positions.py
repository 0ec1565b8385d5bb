"""Where the items of a journey read from a file stand in that file.

A reader marks every model object it builds with where it was read: a
:class:`ReadAt` holding the document (a :class:`Source`) and the steps to
the object in it. The mark lives in a slot of the object (``_read_at``,
declared by the model's base class) that attrs leaves out of equality,
hashing, ``repr``, pickling, copies and plain data; :func:`attrs.evolve`
and every change to a journey make new objects, which carry no mark.

So positions follow the very objects read from the file. A journey
changed after reading (``evolve``, ``replace_touchpoint``,
``add_touchpoint``…) keeps the positions of the items it kept, wherever
they now stand, and has none for the items it changed or added: a finding
never gets the line of whatever else now stands at an item's index. Marks
are only trusted when they cannot mislead: the journey as read is trusted
whole; a journey built from parts of one has its marks checked first, and
none is used when its items come from more than one reading or an item
stands in two places.

Why per object rather than per journey: every change to a journey builds
a new :class:`~journeykit.Journey`, so positions kept by the journey and
keyed by steps would have to be dropped at the first change, losing those
of every untouched item; and since objects are frozen, the values of an
object marked once are the values read, so the positions of its fields
hold as long as the object lives. The journey itself is an object too: a
changed journey has no position of its own (a finding about the journey
as a whole, or a field of it, then has none).

Marks hold no positions: a document finds where its values stand only
when asked, in one pass over its text for all the questions of one error
or one check, so reading costs one small object per item and nothing
more.
"""

from __future__ import annotations

import abc
import re
import typing
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import attrs

from journeykit.errors import ListedProblems, Problem
from journeykit.formats._convert import _CLASSES, _RENAMES, UNKNOWN_FIELD
from journeykit.model import Journey

Step = str | int
Steps = tuple[Step, ...]
Position = tuple[int, int]
"""A 1-based line and column (the column counts characters)."""

Question = tuple[Steps, bool]
"""Steps into a document, and whether the key of the last step is wanted rather than its value."""


class Source(abc.ABC):
    """A document a journey was read from, able to say where its values stand."""

    @abc.abstractmethod
    def find(self, questions: Sequence[Question]) -> list[Position | None]:
        """Where each value (or key) stands, else where the deepest item holding it does.

        A question's steps lead from the top of the document. When they lead
        to something the document does not hold (a field left out, a key
        misspelt), the answer is the start of the deepest value on the way
        that it does hold; ``None`` only when even that is unknown.
        """


class ReadAt(NamedTuple):
    """Where a model object was read: the document, and the steps to it there."""

    source: Source
    steps: Steps


def read_at(item: object) -> ReadAt | None:
    """The mark of an object built by a reader, if it has one."""
    found = getattr(item, "_read_at", None)
    return found if isinstance(found, ReadAt) else None


# -- marking -------------------------------------------------------------------


def _item_fields(cls: type) -> tuple[tuple[str, str, bool], ...]:
    """The fields of ``cls`` that hold model objects: (attribute, key in files, a tuple?)."""
    renames = _RENAMES.get(cls, {})
    found = []
    for field in attrs.fields(cls):
        kind = field.type
        args = typing.get_args(kind)
        if typing.get_origin(kind) is tuple and args and attrs.has(args[0]):
            found.append((field.name, renames.get(field.name, field.name), True))
        elif any(attrs.has(arg) for arg in (kind, *args)):
            found.append((field.name, renames.get(field.name, field.name), False))
    return tuple(found)


for _cls in _CLASSES:
    attrs.resolve_types(_cls)
_ITEM_FIELDS = {cls: _item_fields(cls) for cls in _CLASSES}
_ATTRIBUTES = {
    cls: {_RENAMES.get(cls, {}).get(f.name, f.name): f.name for f in attrs.fields(cls)}
    for cls in _CLASSES
}
"""For each class, the key of each field in files → the field's name."""


def mark(journey: Journey, source: Source) -> Journey:
    """Mark ``journey`` and every object in it as read from ``source``; return it."""
    stack: list[tuple[Any, Steps]] = [(journey, ())]
    setter = object.__setattr__
    while stack:
        item, steps = stack.pop()
        setter(item, "_read_at", ReadAt(source, steps))
        for name, key, many in _ITEM_FIELDS.get(type(item), ()):
            value = getattr(item, name)
            if many:
                stack.extend((part, (*steps, key, i)) for i, part in enumerate(value))
            elif value is not None:
                stack.append((value, (*steps, key)))
    return journey


def _objects(journey: Journey) -> Iterator[Any]:
    stack: list[Any] = [journey]
    while stack:
        item = stack.pop()
        yield item
        for name, _, many in _ITEM_FIELDS.get(type(item), ()):
            value = getattr(item, name)
            if many:
                stack.extend(value)
            elif value is not None:
                stack.append(value)


# -- finding positions ---------------------------------------------------------


def _trusted(journey: Journey) -> Any:
    """A test of which objects' marks may be used in ``journey``."""
    if read_at(journey) is not None:
        return lambda item: True  # the journey as read: each object once, one source
    seen: dict[int, int] = {}
    sources: set[int] = set()
    for item in _objects(journey):
        mark = read_at(item)
        if mark is not None:
            seen[id(item)] = seen.get(id(item), 0) + 1
            sources.add(id(mark.source))
    if len(sources) != 1:
        return lambda item: False
    return lambda item: seen.get(id(item)) == 1


def _deepest(journey: Journey, steps: Steps) -> tuple[Any, Steps]:
    """The last model object on the way along ``steps``, and the steps left after it."""
    item: Any = journey
    rest_from = 0
    value: Any = journey
    for i, step in enumerate(steps):
        try:
            if isinstance(step, int) and isinstance(value, tuple):
                value = value[step]
            elif isinstance(step, str) and step in _ATTRIBUTES.get(type(value), ()):
                value = getattr(value, _ATTRIBUTES[type(value)][step])
            else:
                break
        except IndexError:
            break
        if type(value) in _ITEM_FIELDS:
            item, rest_from = value, i + 1
    return item, steps[rest_from:]


def positions(journey: Journey, wanted: Sequence[Steps]) -> list[Position | None]:
    """Where the item or field each steps name stands in the file it was read from.

    For steps to a field the position is that of the field's value when the
    file holds it, else that of the item. ``None`` where the item was not
    read from a file, or its mark cannot be trusted (see the module's
    docstring).
    """
    found: list[Position | None] = [None] * len(wanted)
    trusted = None
    asked: dict[int, tuple[Source, list[int], list[Question]]] = {}
    for i, steps in enumerate(wanted):
        item, rest = _deepest(journey, steps)
        mark = read_at(item)
        if mark is None:
            continue
        if trusted is None:
            trusted = _trusted(journey)
        if not trusted(item):
            continue
        _, indices, questions = asked.setdefault(id(mark.source), (mark.source, [], []))
        indices.append(i)
        questions.append(((*mark.steps, *rest), False))
    for source, indices, questions in asked.values():
        for i, position in zip(indices, source.find(questions), strict=True):
            found[i] = position
    return found


# -- problems ------------------------------------------------------------------

_PATH_STEP = re.compile(r"\[([0-9]+)\]|\.?([^.\[]+)")


def path_steps(path: str) -> Steps:
    """``stages[0].name`` as ``("stages", 0, "name")``, as far as it reads."""
    steps: list[Step] = []
    at = 0
    while at < len(path):
        found = _PATH_STEP.match(path, at)
        if found is None:
            break
        steps.append(int(found.group(1)) if found.group(1) is not None else found.group(2))
        at = found.end()
    return tuple(steps)


def located(problems: ListedProblems, source: Source) -> ListedProblems:
    """The problems, each with the line and column in ``source`` of what it is about.

    A problem about an unknown field points at the key; a missing field at
    the mapping that lacks it; any other problem at the value.
    """
    questions = [(path_steps(p.path), p.message.startswith(UNKNOWN_FIELD)) for p in problems]
    try:
        answers = source.find(questions)
    except RecursionError:
        return problems
    return ListedProblems(
        (_at(problem, answer) for problem, answer in zip(problems, answers, strict=True)),
        total=problems.total,
        complete=problems.complete,
    )


def _at(problem: Problem, position: Position | None) -> Problem:
    if position is None:
        return problem
    return attrs.evolve(problem, line=position[0], column=position[1])


# -- answering questions from a tree of found positions -----------------------


class Wanted:
    """The questions asked of one document as a tree of steps; filled in while looking."""

    __slots__ = ("at", "children", "key_at")

    def __init__(self) -> None:
        self.children: dict[Step, Wanted] = {}
        self.at: Any = None
        self.key_at: Any = None

    @classmethod
    def of(cls, questions: Iterable[Question]) -> Wanted:
        root = cls()
        for steps, _ in questions:
            node = root
            for step in steps:
                node = node.children.get(step) or node.children.setdefault(step, cls())
        return root

    def size(self) -> int:
        """How many nodes the tree has, itself included."""
        return 1 + sum(child.size() for child in self.children.values())

    def answers(self, questions: Iterable[Question]) -> Iterator[tuple[Any, int]]:
        """For each question, the deepest position found on its way and how many steps deep.

        The position is the key's when the question asks for it and every
        step was found.
        """
        for steps, key in questions:
            node: Wanted | None = self
            best, depth = self.at, 0
            for step in steps:
                node = node.children.get(step) if node is not None else None
                if node is None or node.at is None:
                    node = None
                    break
                best, depth = node.at, depth + 1
            if key and node is not None and node.key_at is not None:
                best = node.key_at
            yield best, depth


def line_columns(text: str, offsets: Sequence[int | None]) -> list[Position | None]:
    """Offsets in ``text`` as 1-based lines and columns (a line ends at each ``\\n``).

    The line breaks are counted once, up to the last offset, however many
    offsets there are.
    """
    found: list[Position | None] = [None] * len(offsets)
    line, counted = 1, 0
    for at, i in sorted((at, i) for i, at in enumerate(offsets) if at is not None):
        line += text.count("\n", counted, at)
        counted = at
        found[i] = (line, at - text.rfind("\n", 0, at))
    return found
