"""Where values stand in JSON and YAML text, found when asked.

The standard library's JSON reader keeps no positions, so a small scanner
walks the text again, only along the steps asked about: it descends into
the mappings and lists on their way and skips every other value whole
(the standard library's C scanner reads past a list or a mapping, a
regular expression past a string or a number). One pass answers all the
questions of an error or a check, and it stops as soon as every one is
answered; it is linear in the text.

YAML text is composed into PyYAML's nodes again (with libyaml when it is
installed), whose marks give lines and columns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import yaml

from journeykit.formats._positions import Position, Question, Source, Wanted, line_columns

_SPACE = re.compile(r"[ \t\n\r]*")
# A key, its ':' and the space to its value.
_KEY = re.compile(r'"((?:[^"\\]++|\\.)*+)"[ \t\n\r]*:[ \t\n\r]*', re.DOTALL)
# What follows a value: a ',' or the end of its list or mapping, and the space after.
_AFTER = re.compile(r"[ \t\n\r]*([,\]}])[ \t\n\r]*")
_PAST_VALUE = json.JSONDecoder().raw_decode  # (value, the offset after it), at C speed


class _AllAnsweredError(Exception):
    """Every question has its answer: the rest of the text need not be read."""


class _JsonScan:
    def __init__(self, text: str, wanted: Wanted) -> None:
        self.text = text
        self.left = wanted.size()

    def value(self, at: int, wanted: Wanted | None) -> int:
        """Read the value starting at ``at``; return the offset after it."""
        if wanted is None:
            return _PAST_VALUE(self.text, at)[1]
        wanted.at = at
        self.left -= 1
        if self.left == 0:
            raise _AllAnsweredError
        opening = self.text[at]
        if wanted.children and opening == "{":
            return self.mapping(at, wanted)
        if wanted.children and opening == "[":
            return self.sequence(at, wanted)
        return _PAST_VALUE(self.text, at)[1]

    def mapping(self, at: int, wanted: Wanted) -> int:
        text = self.text
        at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
        if text[at] == "}":
            return at + 1
        children = wanted.children
        while True:
            key = _KEY.match(text, at)
            assert key is not None
            raw = key.group(1)
            child = children.get(raw if "\\" not in raw else json.loads(f'"{raw}"'))
            if child is not None:
                child.key_at = at
            after = _AFTER.match(text, self.value(key.end(), child))
            assert after is not None
            if after.group(1) == "}":
                return after.end(1)
            at = after.end()

    def sequence(self, at: int, wanted: Wanted) -> int:
        text = self.text
        at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
        if text[at] == "]":
            return at + 1
        children = wanted.children
        index = 0
        while True:
            after = _AFTER.match(text, self.value(at, children.get(index)))
            assert after is not None
            if after.group(1) == "]":
                return after.end(1)
            at = after.end()
            index += 1


def json_offsets(text: str, questions: Sequence[Question]) -> list[tuple[int | None, int]]:
    """For each question, the offset in JSON ``text`` of the deepest value found on its way.

    With each offset comes the number of steps found.

    ``text`` must be JSON that reads: this only finds positions.
    """
    wanted = Wanted.of(questions)
    try:
        _JsonScan(text, wanted).value(_SPACE.match(text).end(), wanted)  # type: ignore[union-attr]
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
        return line_columns(self.text, [at for at, _ in json_offsets(self.text, questions)])


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
