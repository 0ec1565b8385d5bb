"""JSON and YAML text ⇄ plain data, strictly.

Both readers refuse duplicate keys, documents nested more than
:data:`MAX_DEPTH` levels deep, and report syntax errors with a line and
column. YAML is read with the YAML 1.2 core schema (only ``true``/``false``
are booleans, dates stay strings), without anchors, aliases or custom tags;
its mapping keys are text, as in JSON.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any, ClassVar

import yaml

from journeykit import _checks as c
from journeykit.errors import FormatError

FORMATS = ("json", "yaml")

MAX_DEPTH = 100
"""How deep lists and mappings may nest in a document (a journey needs about ten levels)."""

_TOO_DEEP = f"the document is nested too deeply: more than {MAX_DEPTH} levels of lists and mappings"


def decode(raw: bytes, source: str | None) -> str:
    """UTF-8 bytes to text; a leading byte order mark is dropped."""
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(body[: exc.start].decode("utf-8", "replace"), None)
        raise FormatError(
            f"invalid UTF-8 (byte 0x{body[exc.start]:02x}); journey files must be UTF-8",
            source=source,
            line=line,
            column=column,
        ) from None


def _position(text: str, offset: int | None) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text`` (the end by default)."""
    head = text if offset is None else text[:offset]
    line = head.count("\n") + 1
    return line, len(head) - (head.rfind("\n") + 1) + 1


def without_bom(text: str) -> str:
    """The text without a leading byte order mark, which no position counts."""
    return text[1:] if text.startswith("\ufeff") else text


def parse(text: str, format: str, source: str | None) -> Any:
    text = without_bom(text)
    if not text.strip():
        raise FormatError("the document is empty", source=source)
    if format == "json":
        return _parse_json(text, source)
    return _parse_yaml(text, source)


# -- JSON ----------------------------------------------------------------------


class _DuplicateKeyError(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


class _NumberError(Exception):
    def __init__(self, literal: str, reason: str) -> None:
        self.literal = literal
        self.reason = reason


def _parse_int(literal: str) -> int:
    try:
        return int(literal)
    except ValueError:  # more digits than Python converts
        raise _NumberError(literal, "has too many digits") from None


def _parse_float(literal: str) -> float:
    value = float(literal)
    if value in (float("inf"), float("-inf")):
        raise _NumberError(literal, "is too large to be a number")
    return value


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _parse_json(text: str, source: str | None) -> Any:
    deep = _too_deep_at(text)
    if deep is not None:
        at_line, at_column = _position(text, deep)
        raise FormatError(_TOO_DEEP, source=source, line=at_line, column=at_column)
    try:
        return json.loads(
            text, object_pairs_hook=_pairs, parse_int=_parse_int, parse_float=_parse_float
        )
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"invalid JSON: {exc.msg}", source=source, line=exc.lineno, column=exc.colno
        ) from None
    except _DuplicateKeyError as exc:
        line, column = _find_duplicate(text, exc.key)
        raise FormatError(
            f"duplicate key {c.show(exc.key)}", source=source, line=line, column=column
        ) from None
    except _NumberError as exc:
        line, column = _find(text, exc.literal)
        raise FormatError(
            f"the number {c.show(exc.literal)} {exc.reason}",
            source=source,
            line=line,
            column=column,
        ) from None
    except RecursionError:
        raise FormatError("the document is nested too deeply to read", source=source) from None
    except ValueError as exc:
        raise FormatError(f"invalid JSON: {c.show(str(exc), 120)}", source=source) from None


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def _too_deep_at(text: str) -> int | None:
    """The offset of the first bracket nested more than MAX_DEPTH deep in JSON text, if any."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    # First a quick look in C-speed steps: only the brackets outside strings, and their sum.
    brackets = (
        _JSON_STRING.sub("", text).encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKETS)
    )
    if max(itertools.accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0) <= MAX_DEPTH:
        return None
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        if token[0] in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return token.start()
        elif token[0] in "]}":
            depth -= 1
    return None


def _find_duplicate(text: str, key: str) -> tuple[int | None, int | None]:
    """Where ``key`` appears as a JSON key for the second time (a best guess)."""
    needle = json.dumps(key, ensure_ascii=False)
    seen = 0
    offset = text.find(needle)
    while offset >= 0:
        after = text[offset + len(needle) : offset + len(needle) + 64].lstrip()
        if after.startswith(":"):
            seen += 1
            if seen == 2:
                return _position(text, offset)
        offset = text.find(needle, offset + 1)
    return None, None


def _find(text: str, literal: str) -> tuple[int | None, int | None]:
    """Where ``literal`` first appears in ``text``, if anywhere."""
    offset = text.find(literal)
    return _position(text, offset) if offset >= 0 else (None, None)


def dump_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# -- YAML ----------------------------------------------------------------------

_CORE_RESOLVERS = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]


_KEY_KINDS = {bool: "a boolean", int: "an integer", float: "a number", type(None): "null"}


class _TooDeepError(Exception):
    def __init__(self, mark: Any) -> None:
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """A safe loader with the YAML 1.2 core schema, no aliases, no duplicate keys."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 (replaced, not shared)
    yaml_constructors: ClassVar[dict[Any, Any]] = {}

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.MarkedYAMLError(
                None, None, "anchors and aliases are not supported", event.start_mark
            )
        if self._depth >= MAX_DEPTH and isinstance(
            event, yaml.SequenceStartEvent | yaml.MappingStartEvent
        ):
            raise _TooDeepError(event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.MarkedYAMLError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                )
            key = self.construct_object(key_node)
            if not isinstance(key, str):
                # As in JSON; and 1, 1.0 and true, three keys in YAML, are one in Python.
                kind = _KEY_KINDS.get(type(key), "something other than text")
                raise yaml.MarkedYAMLError(
                    None,
                    None,
                    f"the key {c.key_step(key_node.value or '~', 40)} is read as {kind}; "
                    "keys are text: write it in quotes",
                    key_node.start_mark,
                )
            if key in seen:
                raise yaml.MarkedYAMLError(
                    None, None, f"duplicate key {c.show(key)}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: Any) -> int:
        value = str(self.construct_scalar(node))
        base = {"0o": 8, "0x": 16}.get(value[:2], 10)
        try:
            return int(value[2:] if base != 10 else value, base)
        except ValueError:  # more digits than Python converts
            raise yaml.MarkedYAMLError(
                None, None, f"the number {c.show(value)} has too many digits", node.start_mark
            ) from None

    def construct_yaml_float(self, node: Any) -> float:
        value = str(self.construct_scalar(node)).lower()
        if value.endswith(".inf"):
            return float("-inf") if value.startswith("-") else float("inf")
        if value == ".nan":
            return float("nan")
        number = float(value)
        if number in (float("inf"), float("-inf")):
            raise yaml.MarkedYAMLError(
                None, None, f"the number {c.show(value)} is too large", node.start_mark
            )
        return number

    def construct_yaml_bool(self, node: Any) -> bool:
        return str(self.construct_scalar(node)).lower() == "true"


for _tag, _pattern, _first in _CORE_RESOLVERS:
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
_Loader.add_constructor("tag:yaml.org,2002:null", _Loader.construct_yaml_null)  # type: ignore[type-var]
_Loader.add_constructor("tag:yaml.org,2002:bool", _Loader.construct_yaml_bool)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
_Loader.add_constructor("tag:yaml.org,2002:str", _Loader.construct_yaml_str)  # type: ignore[type-var]
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_yaml_seq)  # type: ignore[type-var]
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)  # type: ignore[type-var]
_Loader.add_constructor(None, _Loader.construct_undefined)  # type: ignore[type-var]


def _parse_yaml(text: str, source: str | None) -> Any:
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        return loader.construct_document(node) if node is not None else None
    except _TooDeepError as exc:
        raise FormatError(
            _TOO_DEEP, source=source, line=exc.mark.line + 1, column=exc.mark.column + 1
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        raise FormatError(
            f"invalid YAML: {_plain_words(message)}",
            source=source,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as exc:
        line, column = _position(text, exc.position)
        raise FormatError(
            f"invalid YAML: the character U+{exc.character:04X} is not allowed",
            source=source,
            line=line,
            column=column,
        ) from None
    except yaml.YAMLError as exc:
        raise FormatError(f"invalid YAML: {c.show(str(exc), 200)}", source=source) from None
    except RecursionError:
        raise FormatError("the document is nested too deeply to read", source=source) from None
    except ValueError as exc:
        raise FormatError(f"invalid YAML: {c.show(str(exc), 120)}", source=source) from None
    finally:
        if loader is not None:
            loader.dispose()


# PyYAML's words for the commonest mistakes, and plain ones for them.
_PLAIN = (
    ("expected <block end>", "the indentation here does not match the lines above"),
    ("found character '\\t'", "a tab: YAML is indented with spaces only"),
    ("mapping values are not allowed here", "a ':' cannot start a value here; quote the text"),
    ("could not find expected ':'", "a key without its ':'"),
    ("could not determine a constructor for the tag", "a tag; journey files hold plain data"),
    ("expected ',' or ']'", "a list in [brackets] that is not closed"),
    ("expected ',' or '}'", "a mapping in {braces} that is not closed"),
    ("found unexpected end of stream", "the text ends inside a quoted string"),
)


def _plain_words(message: str) -> str:
    for parser_words, plain in _PLAIN:
        if parser_words in message:
            return f"{plain} ({message})"
    return message


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # YAML reads NEL and the Unicode line and paragraph separators as line
    # breaks; only the double-quoted style keeps them, as escapes.
    style = '"' if _LINE_BREAKS.search(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)

# The dumper quotes a string whenever a resolver would read its plain form as
# something else. It knows YAML 1.1's resolvers; adding our 1.2 core ones
# makes it also quote strings such as "0o17" or "1e5", which we read as
# numbers, so dumping and loading give back the same strings.
for _tag, _pattern, _first in _CORE_RESOLVERS:
    _Dumper.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def dump_yaml(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )
