"""Where values stand in JSON and YAML text, found when asked.

The standard library's JSON reader keeps no positions, so a small scanner
walks the text again, only along the steps asked about: it descends into
the mappings and lists on their way and skips every other value bracket by
bracket (regular expressions cross the text between brackets, strings
included). One pass answers all the questions of an error or a check, and
it stops as soon as every one is answered; it is linear in the text.

YAML text is composed into PyYAML's nodes again (with libyaml when it is
installed), whose marks give lines and columns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import yaml

from journeykit.formats._positions import Lines, Position, Question, Source, Wanted

_SPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_SCALAR = re.compile(r"[^ \t\n\r,\]}]++")
# Everything up to the next bracket that is not inside a string.
_FLAT = re.compile(r'(?:[^"\[\]{}]++|"(?:[^"\\]++|\\.)*+")*+', re.DOTALL)


class _AllAnsweredError(Exception):
    """Every question has its answer: the rest of the text need not be read."""


class _JsonScan:
    def __init__(self, text: str, wanted: Wanted) -> None:
        self.text = text
        self.left = wanted.size()

    def space(self, at: int) -> int:
        return _SPACE.match(self.text, at).end()  # type: ignore[union-attr]

    def value(self, at: int, wanted: Wanted | None) -> int:
        """Read the value at ``at`` (after any space); return the offset after it."""
        at = self.space(at)
        if wanted is None:
            return self.skip(at)
        wanted.at = at
        self.left -= 1
        if self.left == 0:
            raise _AllAnsweredError
        opening = self.text[at]
        if wanted.children and opening == "{":
            return self.mapping(at, wanted)
        if wanted.children and opening == "[":
            return self.sequence(at, wanted)
        return self.skip(at)

    def mapping(self, at: int, wanted: Wanted) -> int:
        text = self.text
        at = self.space(at + 1)
        if text[at] == "}":
            return at + 1
        while True:
            key = _STRING.match(text, at)
            assert key is not None
            raw = key.group()
            name = raw[1:-1] if "\\" not in raw else json.loads(raw)
            child = wanted.children.get(name)
            if child is not None:
                child.key_at = at
            at = self.space(key.end()) + 1  # past the ':'
            at = self.space(self.value(at, child))
            if text[at] == "}":
                return at + 1
            at = self.space(at + 1)  # past the ','

    def sequence(self, at: int, wanted: Wanted) -> int:
        text = self.text
        at = self.space(at + 1)
        if text[at] == "]":
            return at + 1
        index = 0
        while True:
            at = self.space(self.value(at, wanted.children.get(index)))
            if text[at] == "]":
                return at + 1
            at += 1
            index += 1

    def skip(self, at: int) -> int:
        text = self.text
        opening = text[at]
        if opening == '"':
            return _STRING.match(text, at).end()  # type: ignore[union-attr]
        if opening not in "[{":
            return _SCALAR.match(text, at).end()  # type: ignore[union-attr]
        depth = 0
        while True:
            at = _FLAT.match(text, at).end()  # type: ignore[union-attr]
            depth += 1 if text[at] in "[{" else -1
            at += 1
            if depth == 0:
                return at


def json_offsets(text: str, questions: Sequence[Question]) -> list[tuple[int | None, int]]:
    """For each question, the offset in JSON ``text`` of the deepest value found on its way.

    With each offset comes the number of steps found.

    ``text`` must be JSON that reads: this only finds positions.
    """
    wanted = Wanted.of(questions)
    try:
        _JsonScan(text, wanted).value(0, wanted)
    except _AllAnsweredError:
        pass
    except (IndexError, AssertionError, AttributeError, ValueError):
        pass  # not the JSON it should be; what was found stands
    return list(wanted.answers(questions))


class JsonSource(Source):
    """JSON text a journey was read from."""

    def __init__(self, text: str) -> None:
        self.text = text

    def find(self, questions: Sequence[Question]) -> list[Position | None]:
        offsets = json_offsets(self.text, questions)
        lines = Lines(self.text)
        return [None if at is None else lines.position(at) for at, _ in offsets]


class YamlSource(Source):
    """YAML text a journey was read from."""

    def __init__(self, text: str) -> None:
        self.text = text

    def find(self, questions: Sequence[Question]) -> list[Position | None]:
        wanted = Wanted.of(questions)
        node = _compose(self.text)
        if node is not None:
            _walk(node, wanted)
        return [at for at, _ in wanted.answers(questions)]


def _compose(text: str) -> Any:
    from journeykit.formats._text import _Loader

    loaders: list[Any] = [_Loader]
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        loaders.insert(0, fast)
    for loader_class in loaders:
        loader = loader_class(text)
        try:
            return loader.get_single_node()
        except (yaml.YAMLError, ValueError, RecursionError):
            continue
        finally:
            loader.dispose()
    return None


def _mark(mark: Any) -> Position:
    return mark.line + 1, mark.column + 1


def _walk(node: Any, wanted: Wanted) -> None:
    wanted.at = _mark(node.start_mark)
    if not wanted.children:
        return
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = wanted.children.get(key.value) if isinstance(key, yaml.ScalarNode) else None
            if child is not None:
                child.key_at = _mark(key.start_mark)
                _walk(value, child)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in wanted.children.items():
            if isinstance(index, int) and 0 <= index < len(node.value):
                _walk(node.value[index], child)
