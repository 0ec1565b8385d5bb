"""Where the parts of a journey read from a Mermaid diagram stand in it.

The journey is the diagram read into the file format's tree and then
built; the steps into that tree lead here to the diagram: the journey to
the ``journey`` keyword, a stage to its ``section`` line, a touchpoint to
its task (the start of the task's name), a persona to the first task that
names its actor, a touchpoint's ``emotion`` to the task's score and its
``emotions`` of one persona to that actor on the task line. What a
``%% journeykit:`` note holds (pain points, metrics, channels, flows…) is
found inside the note's JSON.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from journeykit.formats._positions import Position, Question, Source, Steps
from journeykit.formats._scanning import json_offsets
from journeykit.formats.mermaid._source import Lines, RawNote

Target = tuple[int, ...]


@attrs.frozen
class TaskPlace:
    """Where a task's parts stand: its name, its score, and each actor kept."""

    at: int
    score_at: int
    actors: tuple[tuple[str, int], ...]  # (actor, where its name starts)


@attrs.frozen
class SectionPlace:
    at: int
    name_at: int
    tasks: tuple[TaskPlace, ...]


@attrs.frozen
class _Placed:
    """Where steps lead: an offset, or a note to look into (and the offset else)."""

    at: int
    note: RawNote | None = None
    steps: Steps = ()


class MermaidSource(Source):
    """A diagram a journey was read from, with the places its reader found."""

    def __init__(
        self,
        lines: Lines,
        journey_at: int,
        title_at: int | None,
        objective_at: int | None,
        sections: Sequence[SectionPlace],
        notes: dict[Target, RawNote],
        personas: Sequence[int | None],
        flows: Sequence[int],
    ) -> None:
        self.lines = lines
        self.journey_at = journey_at
        self.title_at = title_at
        self.objective_at = objective_at
        self.sections = tuple(sections)
        self.notes = notes
        self.personas = list(personas)  # where its actor is first named; None: noted
        self.flows = list(flows)  # the index in the note of each flow kept
        self.actor_ids: dict[str, str] = {}  # actor → persona id, known once built

    def find(self, questions: Sequence[Question]) -> list[Position | None]:
        placed = [self._place(steps) for steps, _ in questions]
        offsets = [p.at for p in placed]
        by_note: dict[int, list[tuple[int, Question]]] = {}
        for i, (place, (_, key)) in enumerate(zip(placed, questions, strict=True)):
            if place.note is not None:
                by_note.setdefault(id(place.note), []).append((i, (place.steps, key)))
        for asked in by_note.values():
            note = placed[asked[0][0]].note
            assert note is not None
            found = json_offsets(note.text, [question for _, question in asked])
            for (i, _), (at, depth) in zip(asked, found, strict=True):
                if at is not None and depth > 0:  # into the note, not just its start
                    offsets[i] = note.text_at + at
        return [self.lines.position(at) for at in offsets]

    def _place(self, steps: Steps) -> _Placed:
        top = self.notes.get(())
        if not steps:
            return _Placed(self.journey_at)
        head, rest = steps[0], steps[1:]
        if head == "title" and self.title_at is not None:
            return _Placed(self.title_at)
        if head == "objective" and self.objective_at is not None:
            return _Placed(self.objective_at)
        if head == "personas":
            return self._persona(rest, top)
        if head == "flows" and rest and isinstance(rest[0], int) and rest[0] < len(self.flows):
            return _Placed(self.journey_at, top, ("flows", self.flows[rest[0]], *rest[1:]))
        if head == "stages":
            return self._stage(rest)
        return _Placed(self.journey_at, top, steps)

    def _persona(self, rest: Steps, top: RawNote | None) -> _Placed:
        if not rest or not isinstance(rest[0], int) or rest[0] >= len(self.personas):
            first = next((at for at in self.personas if at is not None), self.journey_at)
            return _Placed(first, top, ("personas", *rest))
        at = self.personas[rest[0]]
        if at is None:
            return _Placed(self.journey_at, top, ("personas", *rest))
        return _Placed(at)

    def _stage(self, rest: Steps) -> _Placed:
        if not rest or not isinstance(rest[0], int) or rest[0] >= len(self.sections):
            return _Placed(self.sections[0].at if self.sections else self.journey_at)
        s = rest[0]
        section = self.sections[s]
        if len(rest) == 1:
            return _Placed(section.at)
        field = rest[1]
        if field == "name":
            return _Placed(section.name_at)
        if field != "touchpoints":
            return _Placed(section.at, self.notes.get((s,)), rest[1:])
        if len(rest) == 2 or not isinstance(rest[2], int) or rest[2] >= len(section.tasks):
            return _Placed(section.tasks[0].at if section.tasks else section.at)
        t = rest[2]
        return self._task(section.tasks[t], self.notes.get((s, t)), rest[3:])

    def _task(self, task: TaskPlace, note: RawNote | None, rest: Steps) -> _Placed:
        if not rest or rest[0] == "name":
            return _Placed(task.at)
        if rest[0] == "emotion":
            return _Placed(task.score_at)
        if rest[0] == "emotions":
            if len(rest) > 1:
                for actor, at in task.actors:
                    if self.actor_ids.get(actor) == rest[1]:
                        return _Placed(at)
            return _Placed(task.score_at)
        return _Placed(task.at, note, rest)
