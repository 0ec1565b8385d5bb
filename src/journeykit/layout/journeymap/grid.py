"""The grid of the journey map: touchpoints in columns under their stages, one row per aspect.

Each row is laid out once at its own top (y = 0, by :func:`lay_out`) and
then placed by moving its group (:func:`place`), so a row can be measured
before it is put anywhere: on the screen map, or on a page among the rows
that fit it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import attrs

from journeykit.layout.blocks import para, stack
from journeykit.layout.scene import Group, Line, Primitive, Rect
from journeykit.layout.theme import Theme
from journeykit.layout.words import Words
from journeykit.model import Journey, Stage, Touchpoint

__all__ = [
    "Column",
    "Ctx",
    "Laid",
    "Row",
    "Span",
    "columns",
    "lay_out",
    "place",
    "stage_spans",
]

Channels = Literal["rows", "tags"]


@attrs.frozen
class Column:
    """One touchpoint's column (or an empty stage's): where it is and what it holds."""

    index: int  # in the whole journey, for ids
    x: float
    width: float
    stage: Stage
    touchpoint: Touchpoint | None


@attrs.frozen
class Ctx:
    """Everything a row needs to lay out its cells."""

    journey: Journey
    theme: Theme
    words: Words
    columns: tuple[Column, ...]
    persona: str | None = None
    findings: Mapping[str, Sequence[Any]] = attrs.field(factory=dict)
    channels: Channels = "rows"
    name_lines: int = 8  # lines of a touchpoint's name before it is cut
    pain_lines: int = 10  # lines of a pain point before it is cut
    text_lines: int = 4  # lines of an action, thought or opportunity
    items: int = 6  # items listed in a cell before "+N more"
    ranks: Mapping[str, int] = attrs.field(factory=dict)  # touchpoint id → hotspot rank
    hero_height: float = 0.0  # the emotion chart's height; 0: its own minimum
    overview: bool = False  # the overview page: call-outs name their touchpoint, ranks on the curve
    lane_tags: bool = False  # service-blueprint lanes named on the cards, not as rows

    @property
    def inner(self) -> float:
        """The width of a cell's text."""
        return self.theme.column_width - 2 * self.theme.padding

    @property
    def left(self) -> float:
        return self.columns[0].x if self.columns else self.theme.label_width

    @property
    def right(self) -> float:
        return self.columns[-1].x + self.columns[-1].width if self.columns else self.left


Build = Callable[[Ctx, float], tuple[list[Primitive], float]]
Legend = Callable[[Ctx, float], tuple[list[Primitive], float]]


@attrs.frozen
class Row:
    """A row: its name (for ids), the aspect it shows (a name ``hide=`` takes), its label.

    ``build(ctx, top)`` lays out its cells from ``top``; ``legend(ctx, top)``
    draws a key under the label. ``optional`` rows are left out when no
    column has anything to show.
    """

    name: str
    aspect: str
    label: str
    build: Build
    legend: Legend | None = None
    optional: bool = True
    grid: bool = True  # column separators behind it


@attrs.frozen
class Laid:
    """A row laid out at its own top: its parts and its height."""

    row: Row
    parts: tuple[Primitive, ...]
    height: float


Span = tuple[Stage, Sequence[Touchpoint]]


def columns(
    journey: Journey,
    theme: Theme,
    spans: Sequence[Span] | None = None,
    x: float | None = None,
    width: float | None = None,
) -> tuple[Column, ...]:
    """The columns of ``spans`` — stages with (some of) their touchpoints, all by
    default — from ``x`` (the label's width), each ``width`` wide (the theme's)."""
    first_of: dict[int, int] = {}  # a stage's, or a touchpoint's, column in the whole journey
    n = 0
    for stage in journey.stages:
        first_of[id(stage)] = n
        for k, tp in enumerate(stage.touchpoints):
            first_of[id(tp)] = n + k
        n += max(len(stage.touchpoints), 1)
    if spans is None:
        spans = [(stage, stage.touchpoints) for stage in journey.stages]
    w = theme.column_width if width is None else width
    out: list[Column] = []
    left = theme.label_width if x is None else x
    for stage, touchpoints in spans:
        if not touchpoints:
            out.append(Column(first_of[id(stage)], left, w, stage, None))
            left += w
        for tp in touchpoints:
            out.append(Column(first_of[id(tp)], left, w, stage, tp))
            left += w
    return tuple(out)


def stage_spans(cols: Sequence[Column]) -> list[tuple[Stage, float, float]]:
    """Each stage of ``cols`` with the left edge and the width of its columns."""
    spans: list[tuple[Stage, float, float]] = []
    for col in cols:
        if spans and spans[-1][0] is col.stage:
            stage, x, w = spans[-1]
            spans[-1] = (stage, x, w + col.width)
        else:
            spans.append((col.stage, col.x, col.width))
    return spans


def lay_out(ctx: Ctx, row: Row) -> Laid | None:
    """``row`` laid out at y = 0, label and key included; None when it has nothing to show."""
    t = ctx.theme
    cells, height = row.build(ctx, t.padding)
    if not cells and row.optional:
        return None
    label_w = t.label_width - 2 * t.padding
    label, label_h = stack(
        [para(row.label, label_w, t.heading_size, t.text, bold=True, max_lines=3)],
        t.padding,
        t.padding,
        label_w,
    )
    key: list[Primitive] = []
    key_h = 0.0
    if row.legend is not None:
        key, key_h = row.legend(ctx, t.padding + label_h + 4)
        key_h += 4
    total = max(height, label_h + key_h) + 2 * t.padding
    return Laid(row, (*label, *key, *cells), total)


def place(ctx: Ctx, laid: Sequence[Laid], y: float, width: float) -> tuple[list[Primitive], float]:
    """The rows ``laid`` one under another from ``y``, ``width`` wide; and the bottom."""
    t = ctx.theme
    out: list[Primitive] = []
    for r, item in enumerate(laid):
        name = item.row.name
        h = item.height
        fill = t.surface_alt if r % 2 and name != "stages" else t.surface
        out.append(
            Group(
                id=f"row-{name}",
                cls=f"row row-{name.replace('_', '-')}",
                translate=(0.0, y),
                children=(
                    Rect(x=0, y=0, width=width, height=h, fill=fill),
                    *(grid_lines(ctx, 0, h) if item.row.grid else ()),
                    *item.parts,
                    Line(x1=0, y1=h, x2=width, y2=h, stroke=t.grid, stroke_width=1),
                ),
            )
        )
        y += h
    return out, y


def grid_lines(ctx: Ctx, top: float, bottom: float) -> list[Primitive]:
    """The column separators of one row: strong between stages, faint within one."""
    t = ctx.theme
    lines: list[Primitive] = []
    previous: Stage | None = None
    for col in ctx.columns:
        strong = col.stage is not previous
        lines.append(
            Line(
                x1=col.x,
                y1=top,
                x2=col.x,
                y2=bottom,
                stroke=t.grid,
                stroke_width=1.5 if strong else 0.5,
            )
        )
        previous = col.stage
    return lines
