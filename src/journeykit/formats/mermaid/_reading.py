"""A parsed diagram, and its ``%% journeykit:`` notes, as a Journey.

Mermaid's reading, which this follows: the diagram's title is the last
``title`` statement, else the front matter's ``title``; each ``section``
starts a section; a task is ``name`` ``:score`` ``:actors`` where the score
is JavaScript's ``Number`` of the text before the second ``:`` and the
actors are the text after it split at ``,`` and trimmed (text after a third
``:`` is ignored). The journey gets one stage per section, one touchpoint per
task and one persona per actor; see docs/mermaid.md for the whole mapping.

Notes carry what the diagram cannot. A note's exact emotions stand only
while the task line still shows the score and actors the writer wrote for
them; when someone has edited the line since, the line wins, with a
:class:`~journeykit.FormatWarning`. The line always wins over a noted name,
title or objective (the writer never needs one: entity codes carry any
text). Flows and references to tasks deleted since are dropped, with a
warning.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs

from journeykit import _checks as c
from journeykit._warnings import warn
from journeykit.errors import (
    FormatError,
    FormatWarning,
    ListedProblems,
    Problem,
    ValidationError,
)
from journeykit.formats._convert import from_dict, to_dict
from journeykit.formats._positions import located, mark
from journeykit.formats._text import parse
from journeykit.formats.mermaid import _js, _names
from journeykit.formats.mermaid._positions import MermaidSource, SectionPlace, TaskPlace
from journeykit.formats.mermaid._scores import (
    SCALE,
    emotion_to_score,
    score_to_emotion,
    task_emotion,
)
from journeykit.formats.mermaid._source import Prepared, RawNote, prepare
from journeykit.formats.mermaid._syntax import Statement, statements
from journeykit.model import Journey

UNTITLED_JOURNEY = "Untitled journey"
UNTITLED_SECTION = "Untitled section"
UNTITLED_TASK = "Untitled task"

Doc = dict[str, Any]
Target = tuple[int, ...]  # () the journey, (s,) a stage, (s, t) a touchpoint


@attrs.frozen
class Task:
    raw_name: str
    at: int
    raw_score: str
    score: float
    score_at: int
    actors: tuple[str, ...]
    actors_at: tuple[int, ...]  # where each actor's name starts


@attrs.frozen
class Section:
    raw_name: str | None  # None: the tasks before the first section
    at: int
    tasks: list[Task] = attrs.field(factory=list)


class _Reader:
    """Reads one diagram; knows its source and positions for messages."""

    def __init__(self, text: str, source: str | None) -> None:
        self.source = source
        self.prepared: Prepared = prepare(text, source)
        self.places: MermaidSource | None = None
        self.title: tuple[str, int] | None = None
        self.acc_title: tuple[str, int] | None = None
        self.description: tuple[str, int] | None = None
        self.sections: list[Section] = []
        self.notes: dict[Target, tuple[Doc, RawNote]] = {}

    # -- locations -----------------------------------------------------------

    def where(self, offset: int) -> tuple[int, int]:
        return self.prepared.lines.position(offset)

    def warn(self, message: str, offset: int) -> None:
        line, column = self.where(offset)
        where = f"{self.source}, " if self.source else ""
        warn(FormatWarning(f"{where}line {line}, column {column}: {message}"))

    def error(self, message: str, offset: int) -> FormatError:
        line, column = self.where(offset)
        return FormatError(message, source=self.source, line=line, column=column)

    # -- the diagram ---------------------------------------------------------

    def read_statements(self) -> None:
        targets: list[tuple[int, Target]] = []
        for statement in statements(self.prepared, self.source):
            kind = statement.kind
            if kind == "title":
                self.title = (statement.value, statement.at)
            elif kind == "acc_title":
                self.acc_title = (self.prepared.decode(_js.trim(statement.value)), statement.at)
            elif kind == "acc_descr":
                description = _names.read_description(statement.value, self.prepared.decode)
                self.description = (description, statement.at)
            elif kind == "section":
                self.sections.append(Section(statement.value, statement.at))
                targets.append((statement.at, (len(self.sections) - 1,)))
            else:
                if not self.sections:
                    self.sections.append(Section(None, statement.at))
                tasks = self.sections[-1].tasks
                tasks.append(self._task(statement))
                targets.append((statement.at, (len(self.sections) - 1, len(tasks) - 1)))
        self._attach_notes(targets)

    def _task(self, statement: Statement) -> Task:
        pieces = statement.data[1:].split(":")
        score_at = statement.data_at + 1
        score = _js.number(pieces[0])
        people = pieces[1].split(",") if len(pieces) > 1 else []
        people_at = []
        at = score_at + len(pieces[0]) + 1
        for person in people:
            people_at.append(at + len(person) - len(_js.trim_start(person)))
            at += len(person) + 1
        if len(pieces) > 2:
            ignored = ":".join(pieces[2:])
            self.warn(
                f"Mermaid ignores the text after a third ':' in a task ({c.show(ignored)})",
                score_at + len(pieces[0]) + len(pieces[1]) + 1,
            )
        decode = self.prepared.decode
        read = [(_names.read_actor(p, decode), at) for p, at in zip(people, people_at, strict=True)]
        kept = [(actor, at) for actor, at in read if actor.strip()]
        return Task(
            statement.value,
            statement.at,
            pieces[0],
            score,
            score_at,
            tuple(actor for actor, _ in kept),
            tuple(at for _, at in kept),
        )

    def _attach_notes(self, targets: list[tuple[int, Target]]) -> None:
        index = 0
        target: Target = ()
        for note in self.prepared.notes:
            while index < len(targets) and targets[index][0] < note.at:
                target = targets[index][1]
                index += 1
            if target in self.notes:
                first = self.where(self.notes[target][1].at)[0]
                raise self.error(
                    f"a second journeykit note for the {_kind(target)} (the first is on "
                    f"line {first}); one note holds all its fields",
                    note.at,
                )
            self.notes[target] = (self._note(note, target), note)

    def _note(self, note: RawNote, target: Target) -> Doc:
        if not note.text:
            raise self.error("a journeykit note needs a JSON object after 'journeykit:'", note.at)
        try:
            data = parse(note.text, "json", self.source)
        except FormatError as exc:
            line, column = self.where(note.text_at)
            raise FormatError(
                f"in a journeykit note: {exc.reason}",
                source=self.source,
                line=line,
                column=column + (exc.column or 1) - 1,
            ) from None
        if not isinstance(data, dict):
            raise self.error(
                f"a journeykit note holds a JSON object, not {c.show(data)}", note.text_at
            )
        for key in _NOT_IN_NOTES[len(target)]:
            if key in data:
                raise self.error(
                    f"a journeykit note for the {_kind(target)} cannot hold {key!r}: "
                    + _NOT_IN_NOTES[len(target)][key],
                    note.text_at,
                )
        return data

    # -- the journey ---------------------------------------------------------

    def note(self, target: Target) -> Doc:
        found = self.notes.get(target)
        return dict(found[0]) if found else {}

    def checked(self, note: Doc, key: str, line_value: str, at: int, what: str) -> None:
        """Drop the note's ``key``, which the line holds; warn when they differ.

        The writer never needs to note a name, title or objective (entity
        codes carry any text), so a different one in a note is stale.
        """
        value = note.pop(key)
        if value != line_value:
            self.warn(f"the journeykit note's {key} differs from the {what}; the diagram wins", at)

    def journey(self, marked: bool = True) -> Journey:
        self.read_statements()
        if marked:
            self.places = self._places()
        top = self.note(())
        flows = top.pop("flows", None)
        title = self._title(top)
        objective = self._objective(top)
        personas, actor_index = self._personas(top.pop("personas", None))
        doc: Doc = {"journeykit": 1, "title": title, **top, "personas": personas}
        if objective:
            doc["objective"] = objective
        emotions: dict[tuple[int, int], tuple[Task, Doc]] = {}
        addresses: dict[tuple[int, int, int], Any] = {}
        doc["stages"] = [
            self._stage(s, section, emotions, addresses) for s, section in enumerate(self.sections)
        ]
        first = self._build(doc)
        second = to_dict(first)
        ids = [p.id for p in first.personas]
        names = {p.id: p.name for p in first.personas}
        for (s, t), (task, noted) in emotions.items():
            touchpoint = second["stages"][s]["touchpoints"][t]
            emotion, by_persona = self._emotions(task, noted, ids, actor_index, names)
            if emotion is not None:
                touchpoint["emotion"] = emotion
            if by_persona:
                touchpoint["emotions"] = by_persona
        pains = {p.id for p in first.pain_points}
        for (s, t, o), value in addresses.items():
            opportunity = second["stages"][s]["touchpoints"][t]["opportunities"][o]
            opportunity["addresses"] = self._kept(value, pains, "pain point", (s, t))
        if flows is not None:
            second["flows"] = self._flows(flows, {tp.id for tp in first.touchpoints})
        journey = self._build(second)
        if self.places is not None:
            self.places.actor_ids = {actor: ids[i] for actor, i in actor_index.items()}
            mark(journey, self.places)
        return journey

    def _places(self) -> MermaidSource:
        """What the positions of the journey's parts are found from (filled in as it is read)."""
        body = self.prepared.body
        journey_at = body.origin(len(body.text) - len(_js.trim_start(body.text)))
        sections = [
            SectionPlace(
                section.at,
                section.at if section.raw_name is None else _value_at(self.prepared, section.at, 8),
                tuple(
                    TaskPlace(
                        task.at,
                        task.score_at + len(task.raw_score) - len(_js.trim_start(task.raw_score)),
                        tuple(zip(task.actors, task.actors_at, strict=True)),
                    )
                    for task in section.tasks
                ),
            )
            for section in self.sections
        ]
        notes = {target: note for target, (_, note) in self.notes.items()}
        description_at = self.description[1] if self.description else None
        return MermaidSource(
            self.prepared.lines, journey_at, None, description_at, sections, notes, [], []
        )

    def _build(self, doc: Doc) -> Journey:
        try:
            return from_dict(doc)
        except ValidationError as exc:
            problems = exc.problems
            if self.places is not None:
                problems = located(problems, self.places)
            raise ValidationError(problems, source=self.source) from None

    def _objective(self, top: Doc) -> str:
        objective = self.description[0] if self.description else ""
        if "objective" in top:
            at = self.description[1] if self.description else 0
            self.checked(top, "objective", objective, at, "accDescr")
        return objective

    def _title(self, top: Doc) -> str:
        decode = self.prepared.decode
        statement = _names.read_title(self.title[0], decode) if self.title else ""
        front = _js.trim(self.prepared.front_title or "")
        acc = self.acc_title[0] if self.acc_title else ""
        title = next((t for t in (statement, front, acc) if t.strip()), "")
        if self.places is not None and title:
            if title == statement and self.title:
                self.places.title_at = _value_at(self.prepared, self.title[1], 6)
            elif title == front:
                self.places.title_at = self.prepared.front_title_at
            elif self.acc_title:
                self.places.title_at = self.acc_title[1]
        if "title" in top:
            self.checked(top, "title", title, self.title[1] if self.title else 0, "title")
        if self.acc_title and acc and acc != title and title:
            self.warn(
                f"accTitle {c.show(acc)} is not kept: journeykit names a map by its title "
                f"({c.show(title)})",
                self.acc_title[1],
            )
        return title or UNTITLED_JOURNEY

    def _personas(self, noted: Any) -> tuple[list[Any], dict[str, int]]:
        """The personas: the note's, then one per actor no noted persona stands for."""
        if noted is not None and not isinstance(noted, list):
            problem = Problem("personas", f"expected a list, got {c.show(noted)}")
            problems = ListedProblems([problem])
            if self.places is not None:
                problems = located(problems, self.places)
            raise ValidationError(problems, source=self.source)
        personas: list[Any] = list(noted or [])
        places: list[int | None] = [None] * len(personas)
        by_name: dict[str, int] = {}
        for i, persona in enumerate(personas):
            name = persona.get("name") if isinstance(persona, dict) else None
            if isinstance(name, str):
                by_name.setdefault(name, i)
        actor_index: dict[str, int] = {}
        for section in self.sections:
            for task in section.tasks:
                for actor, at in zip(task.actors, task.actors_at, strict=True):
                    if actor not in by_name:
                        by_name[actor] = len(personas)
                        personas.append({"name": actor})
                        places.append(at)
                    actor_index.setdefault(actor, by_name[actor])
        if self.places is not None:
            self.places.personas = places
        return personas, actor_index

    def _stage(
        self,
        s: int,
        section: Section,
        emotions: dict[tuple[int, int], tuple[Task, Doc]],
        addresses: dict[tuple[int, int, int], Any],
    ) -> Doc:
        decode = self.prepared.decode
        note = self.note((s,))
        raw = "" if section.raw_name is None else _names.read_name(section.raw_name, decode)
        if "name" in note:
            self.checked(note, "name", raw, section.at, "section line")
        stage: Doc = {"name": raw if raw.strip() else UNTITLED_SECTION, **note}
        touchpoints = []
        for t, task in enumerate(section.tasks):
            tp_note = self.note((s, t))
            raw = _names.read_name(task.raw_name, decode)
            tp_name = raw if raw.strip() else UNTITLED_TASK
            if "name" in tp_note:
                self.checked(tp_note, "name", raw, task.at, "task line")
            noted_emotions: Doc = {
                k: tp_note.pop(k) for k in ("emotion", "emotions") if k in tp_note
            }
            emotions[(s, t)] = (task, noted_emotions)
            opportunities = tp_note.get("opportunities")
            if isinstance(opportunities, list):
                opportunities = tp_note["opportunities"] = list(opportunities)
                for o, opportunity in enumerate(opportunities):
                    if isinstance(opportunity, dict) and "addresses" in opportunity:
                        opportunities[o] = dict(opportunity)
                        addresses[(s, t, o)] = opportunities[o].pop("addresses")
            touchpoints.append({"name": tp_name, **tp_note})
        stage["touchpoints"] = touchpoints
        return stage

    def _emotions(
        self,
        task: Task,
        noted: Doc,
        ids: list[str],
        actor_index: dict[str, int],
        names: dict[str, str],
    ) -> tuple[Any, Any]:
        """A touchpoint's emotion and per-persona emotions: the note's while the line agrees."""
        emotion = score_to_emotion(task.score)
        if math.isnan(task.score):
            whose = "the task and its actors keep" if task.actors else "the task keeps"
            self.warn(
                f"the score {c.show(_js.trim(task.raw_score))} is not a number; {whose} no emotion",
                task.score_at,
            )
        elif not SCALE.contains(task.score):
            read_as = emotion_to_score(emotion)
            self.warn(
                f"the score {task.score:g} is outside 1 to 5; it is read as {read_as}",
                task.score_at,
            )
        by_persona = (
            {ids[actor_index[a]]: emotion for a in task.actors} if emotion is not None else {}
        )
        if not noted:
            return emotion, by_persona
        wanted = (noted.get("emotion", emotion), noted.get("emotions", by_persona))
        agrees = _task_data(wanted[0], wanted[1], names)
        if agrees is None or agrees == (task.score, task.actors):
            return wanted
        self.warn(
            "the journeykit note's emotions no longer match the task's score and actors; "
            "the diagram wins",
            task.at,
        )
        return emotion, by_persona

    def _kept(self, values: Any, known: set[str], what: str, target: Target) -> Any:
        if not isinstance(values, list):
            return values
        kept = [v for v in values if not isinstance(v, str) or v in known]
        for gone in values:
            if gone not in kept:
                self.warn(
                    f"the {what} {c.show(gone)} named in a journeykit note is no longer in the "
                    "diagram; the reference is dropped",
                    self.notes[target][1].at,
                )
        return kept

    def _flows(self, flows: Any, touchpoints: set[str]) -> Any:
        if not isinstance(flows, list):
            return flows
        kept = []
        for index, flow in enumerate(flows):
            ends = [flow.get(k) for k in ("from", "to")] if isinstance(flow, dict) else []
            gone = [e for e in ends if isinstance(e, str) and e not in touchpoints]
            if gone:
                self.warn(
                    f"the flow {c.show(ends[0])} → {c.show(ends[1])} in the journeykit note "
                    f"names a task no longer in the diagram ({c.show(gone[0])}); it is dropped",
                    self.notes[()][1].at,
                )
            else:
                kept.append(flow)
                if self.places is not None:
                    self.places.flows.append(index)
        return kept


_NOT_IN_NOTES: tuple[dict[str, str], ...] = (
    {
        "journeykit": "the diagram itself is the journeykit document",
        "stages": "the diagram's sections are the stages",
    },
    {"touchpoints": "the section's tasks are its touchpoints"},
    {},
)


def _kind(target: Target) -> str:
    return ("journey", "section", "task")[len(target)]


def _task_data(
    emotion: Any, emotions: Any, names: Mapping[str, str]
) -> tuple[float, tuple[str, ...]] | None:
    """The score and actors the writer puts on a task line for these emotions.

    ``None`` when the values are not what the model takes (it says why later).
    """
    if not isinstance(emotions, dict) or not all(
        _is_number(v) and isinstance(k, str) for k, v in emotions.items()
    ):
        return None
    if emotion is not None and not _is_number(emotion):
        return None
    if any(k not in names for k in emotions):
        return (math.nan, ())
    score = emotion_to_score(task_emotion(emotion, emotions.values()))
    return float(score), tuple(a for a in (names[k] for k in emotions) if a.strip())


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and -1 <= value <= 1


def _value_at(prepared: Prepared, at: int, length: int) -> int:
    """Where the text after a keyword of ``length`` characters at ``at`` starts."""
    text = prepared.original
    after = at + length
    rest = text[after : after + 200]
    return after + len(rest) - len(rest.lstrip(" \t"))


def read(text: str, source: str | None = None, *, marked: bool = True) -> Journey:
    """The journey a Mermaid ``journey`` diagram describes.

    ``marked`` notes where each part was read (see
    :mod:`journeykit.formats._positions`); reading for one's own use leaves it out.
    """
    return _Reader(text, source).journey(marked)
