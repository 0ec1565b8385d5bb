"""Loops and paths marked on the flow view: which to mark, their lines, badges and legend.

Loops from :func:`journeykit.loops` and paths from :func:`journeykit.paths`
are marked on top of the flows: a dashed line (loops) or a solid one (paths)
along each of their flows, numbered badges on the flows where there is room,
a line on every card they pass ("loop 1, 2"), and a numbered legend under
the diagram, so the marks never rest on colour alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import attrs

from journeykit._checks import show
from journeykit.analysis.pathways import JourneyPath, Loop
from journeykit.layout import LayoutError
from journeykit.layout.blocks import Para, badge, fmt_number, para, place_badge
from journeykit.layout.scene import Group, Path, Primitive
from journeykit.layout.text import clean
from journeykit.layout.theme import Theme
from journeykit.layout.views.registry import journey_of, subject_kind
from journeykit.model import Journey

__all__ = ["Mark", "Stretch", "draw_marks", "legend", "mark_label", "marked_words", "marks_of"]

MARKED = 9  # the most loops, and the most paths, marked on one diagram
SPOTS = (0.5, 0.35, 0.65, 0.2, 0.8)  # where along a stretch of flow a badge may sit

Box = tuple[float, float, float, float]


@attrs.frozen
class Mark:
    """A loop or a path to mark: its number, its touchpoints and the flows it takes."""

    kind: str  # "loop" or "path"
    number: int
    touchpoints: tuple[str, ...]
    steps: tuple[tuple[str, str], ...]
    summary: str  # its numbers, for the legend


@attrs.frozen
class Stretch:
    """The middle of one drawn piece of a flow: path ops and places along it for a badge.

    A flow that goes on in another row is drawn in two pieces; the second is
    ``continued``.
    """

    step: tuple[str, str]  # the flow's touchpoint ids
    ops: tuple[tuple[str | float, ...], ...]
    spots: tuple[tuple[float, float], ...]
    continued: bool = False


def subject_of(
    subject: Any, loops: Sequence[Loop] | None, paths: Sequence[JourneyPath] | None
) -> tuple[Journey, Sequence[Loop] | None, Sequence[JourneyPath] | None]:
    """The journey to draw, and the loops and paths to mark on it."""
    if isinstance(subject, Journey):
        return subject, loops, paths
    kind = subject_kind(subject)
    if kind == "funnel":
        return (
            journey_of(subject, hint="draw the journey: jk.render(journey, view='flow')"),
            loops,
            paths,
        )
    if kind in ("loops", "paths"):
        if (loops if kind == "loops" else paths) is not None:
            raise LayoutError(f"{kind}= is for drawing a journey; these {kind} are the ones marked")
        hint = f"draw the journey with them: jk.render(journey, view='flow', {kind}=found)"
        journey = journey_of(subject, hint=hint)
        if kind == "loops":
            return journey, tuple(subject), paths
        return journey, loops, tuple(subject)
    raise LayoutError(
        f"the flow view draws a Journey, or loops, paths or a funnel of one, not {show(subject)}"
    )


def marks_of(
    journey: Journey, loops: Sequence[Loop] | None, paths: Sequence[JourneyPath] | None
) -> tuple[list[Mark], dict[str, int]]:
    """The loops and paths to mark, numbered from 1, and how many of each are left unmarked."""
    known = {tp.id for tp in journey.touchpoints}
    marks: list[Mark] = []
    unmarked: dict[str, int] = {}
    given: tuple[tuple[str, Sequence[Loop] | Sequence[JourneyPath] | None, type], ...] = (
        ("loop", loops, Loop),
        ("path", paths, JourneyPath),
    )
    for kind, items, cls in given:
        if items is None:
            continue
        if not isinstance(items, list | tuple) or not all(isinstance(i, cls) for i in items):
            raise LayoutError(f"{kind}s= takes what jk.{kind}s returns, not {type(items).__name__}")
        for number, item in enumerate(items[:MARKED], start=1):
            tps = item.touchpoints
            missing = [tp for tp in tps if tp not in known]
            if missing:
                shown = clean(missing[0])[:40]
                raise LayoutError(
                    f"{kind} {number} goes through {shown!r}, which is not a touchpoint of "
                    "this journey"
                )
            if isinstance(item, Loop):
                steps = tuple(zip(tps, tps[1:] + tps[:1], strict=True))
            else:
                steps = tuple(itertools.pairwise(tps))
            marks.append(Mark(kind, number, tps, steps, _summary(item)))
        unmarked[kind] = max(0, len(items) - MARKED)
    return marks, unmarked


def _summary(item: Loop | JourneyPath) -> str:
    share = f", {fmt_number(item.share, 'ratio')} of customers" if item.share is not None else ""
    if isinstance(item, Loop):
        if item.customers is None:
            return "a flow of it has no count"
        if item.length == 1:
            return f"repeated up to {fmt_number(item.customers)} times{share}"
        return f"up to {fmt_number(item.customers)} trips round{share}"
    if item.customers is None:
        return "no estimate (the counts do not cover it)"
    return f"about {fmt_number(round(item.customers))} customers{share}"


def mark_label(tp_id: str, marks: list[Mark], width: float, t: Theme) -> list[Para]:
    """The line on a card naming the marked loops and paths through it."""
    out = []
    for kind, colour in (("loop", t.negative), ("path", t.text)):
        numbers = [str(m.number) for m in marks if m.kind == kind and tp_id in m.touchpoints]
        if numbers:
            word = kind if len(numbers) == 1 else f"{kind}s"
            text = f"{word} {', '.join(numbers)}"
            out.append(para(text, width, t.small_size, colour, bold=True, max_lines=2))
    return out


def short(text: str, limit: int = 80) -> str:
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _route(m: Mark, names: dict[str, str]) -> str:
    stops = [short(names[tp], 32) for tp in m.touchpoints]
    if m.kind == "loop":
        stops.append(stops[0])
    if len(stops) > 6:
        stops = [*stops[:3], "…", *stops[-2:]]
    return " → ".join(stops)


def _clear(box: Box, taken: list[Box]) -> bool:
    x0, y0, x1, y1 = box
    return not any(
        x0 < b[2] + 1 and b[0] < x1 + 1 and y0 < b[3] + 1 and b[1] < y1 + 1 for b in taken
    )


def draw_marks(
    marks: list[Mark],
    stretches: list[Stretch],
    names: dict[str, str],
    t: Theme,
    taken: list[Box],
    group_id: str,
) -> list[Primitive]:
    """A line along every marked stretch of flow, and a numbered badge on it where there is room.

    Badges keep clear of ``taken`` (cards, labels, the header), which grows
    by the badges placed.
    """
    on_step: dict[tuple[str, str], list[Mark]] = {}
    for m in marks:
        for step in m.steps:
            on_step.setdefault(step, []).append(m)
    lines: list[Primitive] = []
    badges: list[Primitive] = []
    for stretch in stretches:
        on = on_step.get(stretch.step)
        if not on:
            continue
        both = len({m.kind for m in on}) == 2
        for kind in ("path", "loop"):
            these = [m for m in on if m.kind == kind]
            if not these:
                continue
            # A flow on a marked path and a marked loop carries both lines, side by side.
            shift = (-1.5 if kind == "path" else 1.5) if both else 0.0
            colour = t.negative if kind == "loop" else t.text
            numbers = ", ".join(str(m.number) for m in these)
            label = f"{kind}{'s' if len(these) > 1 else ''} {numbers}"
            lines.append(
                Group(
                    cls=f"mark {kind}" + (" continued" if stretch.continued else ""),
                    title=clean("; ".join(f"{kind} {m.number}: {_route(m, names)}" for m in these)),
                    children=(
                        Path(
                            ops=stretch.ops,
                            stroke=colour,
                            stroke_width=2.5,
                            dash=(7, 4) if kind == "loop" else (),
                        ),
                    ),
                    translate=(0.0, shift),
                )
            )
            b = badge(label, t.small_size, colour, t.background)
            for x, y in stretch.spots:
                box = (x - b.width / 2, y - b.height / 2, x + b.width / 2, y + b.height / 2)
                if _clear(box, taken):
                    taken.append(box)
                    badges.append(place_badge(b, box[0], box[1], t.small_size, cls="mark-label"))
                    break
    if not lines:
        return []
    return [Group(id=group_id, cls="marks", children=(*lines, *badges))]


def legend(journey: Journey, marks: list[Mark], unmarked: dict[str, int]) -> list[str]:
    """The footnotes that number and explain the marked loops and paths."""
    names = {tp.id: tp.name for tp in journey.touchpoints}
    notes = []
    heads = {
        "loop": "Loops (dashed lines, numbered on their flows and cards): a loop's trips round "
        "are its smallest flow count, the most the counts allow.",
        "path": "Paths (solid lines, numbered on their flows and cards), from where customers "
        "start to where they stop: customers estimated from the flow counts, by the share "
        "taking each step.",
    }
    for kind in ("loop", "path"):
        these = [m for m in marks if m.kind == kind]
        if these:
            notes.append(heads[kind])
            notes += [
                f"{kind.capitalize()} {m.number}: {_route(m, names)}: {m.summary}." for m in these
            ]
        more = unmarked.get(kind, 0)
        if more:
            notes.append(f"{more} more {kind}{'s' if more != 1 else ''} not marked.")
    if "loop" in unmarked and not any(m.kind == "loop" for m in marks) and not unmarked["loop"]:
        notes.append("No loops: no flows lead back to a touchpoint customers have been at.")
    if "path" in unmarked and not any(m.kind == "path" for m in marks) and not unmarked["path"]:
        notes.append("No paths to mark.")
    return notes


def marked_words(marks: list[Mark], names: dict[str, str] | None = None) -> str:
    """Which loops and paths are marked, for the subtitle; with ``names``, each one too."""
    if not marks:
        return ""
    parts = []
    for kind, style in (("loop", "dashed"), ("path", "solid")):
        these = [m for m in marks if m.kind == kind]
        if not these:
            continue
        n = len(these)
        what = "loops customers go round" if kind == "loop" else "most travelled paths"
        if n == 1:
            what = "loop customers go round" if kind == "loop" else "most travelled path"
        parts.append(f"{n} {what} ({style})")
    text = " Marked: " + " and ".join(parts) + "."
    if names is not None:
        for m in marks:
            text += f" {m.kind.capitalize()} {m.number}: {_route(m, names)}, {m.summary}."
    return text
