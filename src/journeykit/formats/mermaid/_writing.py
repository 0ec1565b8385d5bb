"""A Journey as a Mermaid ``journey`` diagram, with notes for what Mermaid cannot hold.

The diagram says what Mermaid can: the title, the objective (as
``accDescr``), one ``section`` per stage and one task per touchpoint, its
score from the emotion and its actors from the personas with an emotion
there. Everything else (ids, channels, pain points, metrics, flows, exact
emotions, names Mermaid would read differently…) goes into ``%% journeykit:``
comment lines, which Mermaid skips: a line after the title for the journey,
one after a section line for its stage, one after a task line for its
touchpoint, each only when needed. What goes into a note is found by reading
the diagram back and comparing, so ``read(write(j)) == j`` by construction,
and is checked before returning.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from journeykit._warnings import warn
from journeykit.errors import FormatError, FormatWarning
from journeykit.formats._convert import to_dict
from journeykit.formats.mermaid import _names
from journeykit.formats.mermaid._reading import read
from journeykit.formats.mermaid._scores import emotion_to_score, task_emotion
from journeykit.model import Journey, Stage, Touchpoint

INDENT = "    "
TASK_INDENT = "      "

Doc = dict[str, Any]
Notes = dict[tuple[int, ...], Doc]
_MISSING = object()


MERMAID_MAX_TEXT = 50_000
"""Mermaid's default ``maxTextSize``: it draws an error instead of a longer diagram."""


def write(journey: Journey, *, notes: bool = True) -> str:
    """The diagram of ``journey``; with ``notes``, everything else in note lines."""
    text = _write(journey, notes)
    if len(text) > MERMAID_MAX_TEXT:
        warn(
            FormatWarning(
                f"the diagram is {len(text):,} characters long; Mermaid draws at most "
                f"{MERMAID_MAX_TEXT:,} unless its maxTextSize setting is raised"
                + (" (notes=False leaves the notes out)" if notes else "")
            )
        )
    return text


def _write(journey: Journey, notes: bool) -> str:
    plain = _render(journey, {})
    wanted = to_dict(journey)
    if not notes:
        left_out = _left_out(wanted, to_dict(_quiet_read(plain)))
        if left_out:
            warn(
                FormatWarning(
                    "to_mermaid(notes=False) leaves out what Mermaid cannot hold: "
                    + "; ".join(left_out)
                    + " (notes=True keeps it in %% journeykit: comment lines)"
                )
            )
        return plain
    found: Notes = {}
    bare = to_dict(_quiet_read(plain))
    top = _differences(wanted, bare, Journey, skip={"stages"})
    if top:
        found[()] = top
    half = to_dict(_quiet_read(_render(journey, found))) if top else bare
    flowing = {end for flow in journey.flows for end in (flow.source, flow.target)}
    for s, (stage, got) in enumerate(
        zip(wanted.get("stages", []), half.get("stages", []), strict=True)
    ):
        note = _differences(stage, got, Stage, skip={"touchpoints"})
        if note:
            found[(s,)] = {"id": stage["id"], **note}
        pairs = zip(stage.get("touchpoints", []), got.get("touchpoints", []), strict=True)
        for t, (touchpoint, seen) in enumerate(pairs):
            note = _differences(touchpoint, seen, Touchpoint, skip=set())
            if note or touchpoint["id"] in flowing:
                found[(s, t)] = {"id": touchpoint["id"], **note}
    return _settled(journey, found)


def _settled(journey: Journey, found: Notes) -> str:
    """The text with ``found`` notes, given explicit ids until it reads back as ``journey``.

    An explicit id in one note can change the id derived for another item
    of the same name; each round fixes the ids that moved.
    """
    for _ in range(len(journey.stages) + len(journey.touchpoints) + 1):
        text = _render(journey, found)
        back = _quiet_read(text)
        if back == journey:
            return text
        moved = [
            (key, item.id)
            for key, item, other in _items(journey, back)
            if item.id != other.id and "id" not in found.get(key, {})
        ]
        if not moved:
            break
        for key, id in moved:
            found[key] = {"id": id, **found.get(key, {})}
    raise FormatError(
        "this journey cannot be written as Mermaid without loss; this is a journeykit bug, "
        "please report it with the journey"
    )


def _items(journey: Journey, other: Journey) -> Iterator[tuple[tuple[int, ...], Any, Any]]:
    for s, (stage, seen) in enumerate(zip(journey.stages, other.stages, strict=True)):
        yield (s,), stage, seen
        for t, (tp, got) in enumerate(zip(stage.touchpoints, seen.touchpoints, strict=True)):
            yield (s, t), tp, got


def _quiet_read(text: str) -> Journey:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FormatWarning)
        return read(text, marked=False)


def _differences(
    wanted: Mapping[str, Any], got: Mapping[str, Any], cls: type, skip: set[str]
) -> Doc:
    """The fields of ``wanted`` that reading the diagram does not give back."""
    out: Doc = {}
    for field in attrs.fields(cls):
        key = field.name
        if key in skip:
            continue
        value = wanted.get(key, _MISSING)
        if value != got.get(key, _MISSING):
            out[key] = _plain_default(field) if value is _MISSING else value
    return out


def _plain_default(field: attrs.Attribute[Any]) -> Any:
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory()
    if isinstance(default, tuple):
        return []
    if isinstance(default, Mapping):
        return {}
    return default


def _render(journey: Journey, notes: Notes) -> str:
    lines = ["journey", f"{INDENT}title {_names.write_title(journey.title)}"]
    if journey.objective:
        lines.append(f"{INDENT}accDescr: {_names.write_description(journey.objective)}")
    lines += _note_lines(notes.get(()), INDENT)
    names = {p.id: p.name for p in journey.personas}
    for s, stage in enumerate(journey.stages):
        lines.append(f"{INDENT}section {_names.write_name(stage.name)}")
        lines += _note_lines(notes.get((s,)), INDENT)
        for t, tp in enumerate(stage.touchpoints):
            score = emotion_to_score(task_emotion(tp.emotion, tp.emotions.values()))
            actors = ", ".join(_names.write_actor(names[p]) for p in tp.emotions)
            data = f"{score}: {actors}" if tp.emotions else f"{score}"
            lines.append(f"{TASK_INDENT}{_names.write_task(tp.name)}: {data}")
            lines += _note_lines(notes.get((s, t)), TASK_INDENT)
    return "\n".join(lines) + "\n"


# Inside a note, these would be read by Mermaid's preprocessing before the
# comment is dropped: `%%{` starts a directive anywhere, and `<tag …="…">`
# has its quotes rewritten.
_ESCAPED = frozenset("%<>=")


def _note_lines(note: Doc | None, indent: str) -> list[str]:
    if not note:
        return []
    text = json.dumps(note, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
    return [f"{indent}%% journeykit: {''.join(map(_escape, text))}"]


def _escape(char: str) -> str:
    if char not in _ESCAPED and char.isprintable():
        return char
    code = ord(char)
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _left_out(wanted: Doc, got: Doc) -> list[str]:
    """What a diagram without notes loses, field by field."""
    parts = []
    top = _differences(wanted, got, Journey, skip={"stages"})
    if top:
        parts.append("of the journey: " + ", ".join(top))
    stage_keys: dict[str, int] = {}
    tp_keys: dict[str, int] = {}
    for stage, seen in zip(wanted.get("stages", []), got.get("stages", []), strict=True):
        for key in _differences(stage, seen, Stage, skip={"touchpoints"}):
            stage_keys[key] = stage_keys.get(key, 0) + 1
        pairs = zip(stage.get("touchpoints", []), seen.get("touchpoints", []), strict=True)
        for touchpoint, other in pairs:
            for key in _differences(touchpoint, other, Touchpoint, skip=set()):
                tp_keys[key] = tp_keys.get(key, 0) + 1
    for what, keys in (("stages", stage_keys), ("touchpoints", tp_keys)):
        if keys:
            parts.append(f"of {what}: " + ", ".join(f"{k} ({n})" for k, n in keys.items()))
    return parts
