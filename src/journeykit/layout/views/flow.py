"""The flow view: customers moving between touchpoints, drawn as a Sankey-like diagram.

Touchpoints are cards in columns under their stage. A stage whose
touchpoints send customers to each other gets one column per step of those
flows, so every band runs left to right; a stage without internal flows is a
single column. Each flow with a count is a curved band as wide as its count;
a flow without a count is a thin dashed line; a flow to an earlier column of
its row loops under the row. Where fewer customers leave a touchpoint than
arrive (every flow out counted, and not at the journey's end), the
difference turns down out of the card into an arrow labelled "−N drop off":
the counts come from :func:`journeykit.analysis.traffic.flow_traffic`, so the
drop-off drawn is the one hotspots score and the funnel reports. Cards are
as tall as their label or their flows, whichever needs more, so labels never
overlap.

**Rows.** The columns wrap into rows, cut between stages where it can (a
stage too wide for a row on its own is cut between its columns, and its bar
says "continued"). A flow between two rows leaves its row at the right edge
in an arrow named with where it goes ("→ Checks out · 257 · Purchase,
below") and comes in at the left of the other row named with where it came
from, as wide as its count at both ends: it is drawn once, in two pieces.

- On screen the number of rows is the fewest that bring the diagram's
  width : height to 3 : 1 or less. A journey that is narrower than 16 : 9
  even in one row (few stages, tall columns) first gets its columns of
  independent touchpoints split to be wider; if it still is, the canvas is
  widened to 16 : 9 and the diagram centred on it. A diagram still wider
  than 3 : 1 (an empty journey) gets a taller canvas. So the screen aspect
  is always between 16 : 9 and 3 : 1.
- On a page every row is as wide as the page allows, the rows balanced;
  columns of independent touchpoints are split until every row fits a
  page's height; each row is a part of its own, so long diagrams go on
  over as many pages as they need with the title repeated, and the
  footnotes end the last page.

A journey without flows is drawn as the touchpoints in journey order, joined
by thin arrows, and says so.

Loops and paths can be marked on top (:mod:`.flow_marks`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

import attrs

from journeykit.analysis.conversion import Funnel
from journeykit.analysis.pathways import JourneyPath, Loop
from journeykit.analysis.traffic import flow_traffic
from journeykit.layout import LayoutError
from journeykit.layout.blocks import (
    Para,
    fmt_number,
    heading,
    para,
    paras_height,
    plural,
    stack,
    view_scene,
)
from journeykit.layout.pages import Page, Pages, page_of, paged
from journeykit.layout.sankey import Slot, link, order, place
from journeykit.layout.scene import Group, Line, Path, Primitive, Rect, Scene
from journeykit.layout.text import LINE_HEIGHT, clean
from journeykit.layout.theme import Theme, get_theme
from journeykit.layout.views.flow_marks import (
    Mark,
    Stretch,
    draw_marks,
    legend,
    mark_label,
    marked_words,
    marks_of,
    short,
    subject_of,
)
from journeykit.layout.views.registry import Option, View
from journeykit.model import Flow, Journey, Touchpoint

__all__ = ["ASPECT", "VIEW", "flow_view"]

ASPECT = (16 / 9, 3.0)
"""The least and the most width : height of the flow view on screen."""

_BAND_PX = 110.0  # the busiest card's flows span this many units
_UNCOUNTED = 3.0  # room an uncounted flow takes on a card's edge
_ARROW = 16.0  # length of a drop-off arrow under its card
_SPOTS = (0.5, 0.35, 0.65, 0.2, 0.8)  # where along a stretch of flow a badge may sit
Ops = list[tuple[str | float, ...]]


@attrs.define(eq=False)
class _Node:
    index: int  # in journey order
    tp: Touchpoint
    stage: int
    depth: int = 0  # the step of its stage's own flows it is at
    layer: int = 0  # its column
    row: int = 0
    inflow: int = 0  # counted, loops left out (from the journey's traffic)
    outflow: int = 0
    drop: int = 0
    paras: list[Para] = attrs.field(factory=list)
    card_h: float = 0.0
    drop_h: float = 0.0
    y: float = 0.0  # top of the card
    slot: Slot | None = None


@attrs.define(eq=False)
class _Edge:
    """A flow drawn (or, without flows, a step of the journey order between two rows)."""

    index: int
    flow: Flow | None
    source: int  # node index
    target: int
    thickness: float
    backward: bool = False  # to an earlier column of its own row
    crossing: bool = False  # to another row
    dummies: list[Slot] = attrs.field(factory=list)  # the columns it passes in its source row
    exit: _Stub | None = None  # its end at the right of the source row
    entry: _Stub | None = None  # its start at the left of the target row
    exit_off: float = 0.0  # where in its stub's bundle it runs
    entry_off: float = 0.0
    in_dummies: list[Slot] = attrs.field(factory=list)  # the columns it passes in the target row
    out_y: float = 0.0  # top of the band where it leaves the source
    in_y: float = 0.0  # top of the band where it reaches the target
    lane_y: float = 0.0  # where a backward flow runs under its row

    @property
    def counted(self) -> bool:
        return self.flow is not None and self.flow.count is not None

    @property
    def drawn_w(self) -> float:
        return self.thickness if self.counted else 1.5


@attrs.define(eq=False)
class _Stub:
    """The end of the flows that go on in another row, at a row's edge: one for all the
    flows to one touchpoint where they leave a row, one for all from one touchpoint where
    they come in, bundled side by side under one label."""

    leaving: bool
    edges: list[_Edge]
    paras: list[Para]
    slot: Slot


@attrs.frozen
class _Column:
    stage: int
    nodes: tuple[int, ...]


@attrs.frozen
class _Frame:
    """Where the columns of one row go across the canvas."""

    col_x: dict[int, float]
    entry_x: float | None
    exit_x: float | None
    width: float


@attrs.define(eq=False)
class _Plan:
    """Everything about the diagram that does not depend on how it wraps into rows."""

    journey: Journey
    t: Theme
    marks: list[Mark]
    unmarked: dict[str, int]
    measured: bool
    shown: list[Flow]
    hidden: int
    self_loops: int
    min_count: int
    scale: float
    nodes: list[_Node]
    pairs: list[tuple[int, int, float, Flow | None]]  # source, target, thickness, flow
    card_w: float
    gutter: float
    stub_w: float
    margin: float
    grids: dict[int, tuple[list[_Column], list[tuple[int, int, float, bool]]]] = attrs.field(
        factory=dict
    )


def flow_view(
    subject: Journey | Sequence[Loop] | Sequence[JourneyPath] | Funnel,
    theme: str | Theme | None = None,
    *,
    min_count: int = 0,
    loops: Sequence[Loop] | None = None,
    paths: Sequence[JourneyPath] | None = None,
    page: str | tuple[float, float] = "screen",
) -> Scene | Pages:
    """Lay out the flows of a journey as a Sankey-like diagram, wrapped into rows.

    Parameters
    ----------
    subject : Journey, Results[Loop], Results[JourneyPath] or Funnel
        A journey; or loops, paths or a funnel of it (from
        :func:`journeykit.loops`, :func:`journeykit.paths`,
        :func:`journeykit.funnel`): the journey's flows, with the loops or
        paths marked.
    theme : str or Theme, optional
    min_count : int, default 0
        Leave out flows counting fewer customers than this (flows without a
        count are always drawn). Card totals and drop-offs still count them.
    loops : sequence of Loop, optional
        Loops of this journey from :func:`journeykit.loops` to mark (the
        first nine): dashed lines along their flows, numbered.
    paths : sequence of JourneyPath, optional
        Paths of this journey from :func:`journeykit.paths` to mark (the
        first nine): solid lines along their flows, numbered.
    page : str or (width, height), default "screen"
        On screen the diagram wraps to between 16:9 and 3:1; on a page its
        rows are as wide as the page (see the module's notes).

    Examples
    --------
    >>> import journeykit as jk
    >>> from journeykit.layout.views.flow import ASPECT
    >>> j = jk.load("examples/coffee-maker.json")
    >>> scene = flow_view(j)
    >>> ASPECT[0] <= scene.width / scene.height <= ASPECT[1]
    True
    """
    if page != "screen":  # laid out with the page's type, each row as wide as the page
        sheet = page_of(page)
        if sheet is not None:
            return paged(
                lambda th: _on_page(_plan(subject, th, min_count, loops, paths), sheet),
                get_theme(theme),
                sheet,
            )
    return _on_screen(_plan(subject, get_theme(theme), min_count, loops, paths))


# -- what to draw ------------------------------------------------------------------


def _plan(
    subject: Any,
    t: Theme,
    min_count: int,
    loops: Sequence[Loop] | None,
    paths: Sequence[JourneyPath] | None,
) -> _Plan:
    journey, loops, paths = subject_of(subject, loops, paths)
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 0:
        raise LayoutError(f"min_count must be a whole number of 0 or more, not {min_count!r}")
    marks, unmarked = marks_of(journey, loops, paths)
    pad = t.padding
    card_w = max(t.column_width * 0.75, 120.0)
    text_w = card_w - 2 * pad
    nodes = [
        _Node(i, tp, s)
        for i, (s, tp) in enumerate(
            (s, tp) for s, stage in enumerate(journey.stages) for tp in stage.touchpoints
        )
    ]
    by_id = {n.tp.id: n for n in nodes}
    measured = bool(journey.flows)
    for n, traffic in zip(nodes, flow_traffic(journey).touchpoints, strict=True):
        n.inflow, n.outflow, n.drop = traffic.inflow, traffic.outflow, traffic.dropoff
    shown = [
        f
        for f in journey.flows
        if f.source != f.target
        and f.source in by_id
        and f.target in by_id
        and (f.count is None or f.count >= min_count)
    ]
    busiest = max(
        [max(n.inflow, n.outflow + n.drop) for n in nodes]
        + [f.count for f in shown if f.count is not None]
        + [0]
    )
    scale = _BAND_PX / busiest if busiest else 0.0
    pairs: list[tuple[int, int, float, Flow | None]] = [
        (
            by_id[f.source].index,
            by_id[f.target].index,
            max(f.count * scale, 1.0) if f.count is not None else _UNCOUNTED,
            f,
        )
        for f in shown
    ]
    if not measured:  # the journey order, joined where it goes on in another row
        pairs = [(a.index, b.index, _UNCOUNTED, None) for a, b in itertools.pairwise(nodes)]
    _depths(nodes, by_id, shown)
    ins: dict[int, float] = {}
    outs: dict[int, float] = {}
    for a, b, w, f in pairs:
        if f is not None:
            outs[a] = outs.get(a, 0.0) + w
            ins[b] = ins.get(b, 0.0) + w
    drop_row = _ARROW + t.small_size * LINE_HEIGHT + 4
    for n in nodes:
        n.paras = _label(n, text_w, t, measured) + mark_label(n.tp.id, marks, text_w, t)
        text_h = paras_height(n.paras) + 2 * pad
        n.card_h = max(text_h, ins.get(n.index, 0.0) + 8, outs.get(n.index, 0.0) + 8)
        n.drop_h = drop_row if n.drop else 0.0
    return _Plan(
        journey=journey,
        t=t,
        marks=marks,
        unmarked=unmarked,
        measured=measured,
        shown=shown,
        hidden=sum(1 for f in journey.flows if f.source != f.target) - len(shown),
        self_loops=sum(1 for f in journey.flows if f.source == f.target),
        min_count=min_count,
        scale=scale,
        nodes=nodes,
        pairs=pairs,
        card_w=card_w,
        gutter=max(t.column_width * 0.5, 80.0),
        stub_w=card_w,
        margin=2 * pad,
    )


def _depths(nodes: list[_Node], by_id: dict[str, _Node], flows: Sequence[Flow]) -> None:
    """Give every node its step within its stage.

    A touchpoint goes one step right of every touchpoint of its own stage,
    listed before it, that sends customers to it.
    """
    feeds: dict[int, list[int]] = {}
    for f in flows:
        a, b = by_id[f.source], by_id[f.target]
        if a.stage == b.stage and a.index < b.index:
            feeds.setdefault(b.index, []).append(a.index)
    for n in nodes:  # journey order: every feeder is placed first
        n.depth = max((nodes[k].depth + 1 for k in feeds.get(n.index, ())), default=0)


def _label(n: _Node, width: float, t: Theme, measured: bool) -> list[Para]:
    paras = [para(n.tp.name, width, t.body_size, t.text, bold=True, max_lines=4, gap=2)]
    numbers = []
    if n.inflow:
        numbers.append(f"{fmt_number(n.inflow)} in")
    if n.outflow:
        numbers.append(f"{fmt_number(n.outflow)} out")
    if n.tp.reach is not None and n.tp.reach not in (n.inflow, n.outflow):
        numbers.append(f"reach {fmt_number(n.tp.reach)}")
    if not numbers:
        numbers.append("no counts" if measured else "no reach given")
    paras.append(para(" · ".join(numbers), width, t.small_size, t.muted, max_lines=2))
    return paras


# -- columns and rows ----------------------------------------------------------------


def _grid(plan: _Plan, per_column: int) -> tuple[list[_Column], list[tuple[int, int, float, bool]]]:
    """The columns, with at most ``per_column`` cards of one step in each; and every
    drawn flow as (source column, target column, bulge, whether it is a flow)."""
    if per_column in plan.grids:
        return plan.grids[per_column]
    columns: list[_Column] = []
    for s in range(len(plan.journey.stages)):
        members = [n for n in plan.nodes if n.stage == s]
        if not members:
            columns.append(_Column(s, ()))
            continue
        for depth in range(max(n.depth for n in members) + 1):
            step = [n.index for n in members if n.depth == depth]
            for k in range(0, len(step), per_column):
                columns.append(_Column(s, tuple(step[k : k + per_column])))
    layer = {i: c for c, col in enumerate(columns) for i in col.nodes}
    links = [
        (
            layer[a],
            layer[b],
            24.5 + (w if f is not None and f.count is not None else 1.5) / 2,
            f is not None,
        )
        for a, b, w, f in plan.pairs
    ]
    plan.grids[per_column] = (columns, links)
    return columns, links


def _frame(
    plan: _Plan, columns: list[_Column], links: list[tuple[int, int, float, bool]], c0: int, c1: int
) -> _Frame:
    """The x of each column of the row of columns ``c0`` to ``c1`` (not included)."""

    def inside(c: int) -> bool:
        return c0 <= c < c1

    entry = any(inside(t) and not inside(s) for s, t, _, _ in links)
    leave = any(inside(s) and not inside(t) for s, t, _, _ in links)
    back = [(s, t, b) for s, t, b, flow in links if flow and inside(s) and inside(t) and t <= s]
    # A flow back to an earlier column bulges out of the columns it joins:
    # the first and the last column keep room for it on the canvas.
    lead = 0.0 if entry else max([b - plan.margin for s, t, b in back if t == c0] + [0.0])
    trail = 0.0 if leave else max([b - plan.margin for s, t, b in back if s == c1 - 1] + [0.0])
    x = plan.margin + lead
    entry_x = None
    if entry:
        entry_x = x
        x += plan.stub_w + plan.gutter
    col_x: dict[int, float] = {}
    for c in range(c0, c1):
        if c > c0:
            same = columns[c].stage == columns[c - 1].stage
            x += plan.card_w + (plan.gutter * 0.7 if same else plan.gutter)
        col_x[c] = x
    x += plan.card_w
    exit_x = None
    if leave:
        x += plan.gutter
        exit_x = x
        x += plan.stub_w
    return _Frame(col_x, entry_x, exit_x, x + trail + plan.margin)


def _rows(
    plan: _Plan, per_column: int, limit: float, by_stage: bool = True
) -> list[tuple[int, int]]:
    """The columns cut into rows no wider than ``limit`` (where they can be); with
    ``by_stage``, between stages unless a stage does not fit a row on its own."""
    columns, links = _grid(plan, per_column)
    n = len(columns)

    def width(c0: int, c1: int) -> float:
        return _frame(plan, columns, links, c0, c1).width

    def stage_end(c: int) -> int:
        while c + 1 < n and columns[c + 1].stage == columns[c].stage:
            c += 1
        return c + 1

    rows = []
    start = 0
    while start < n:
        # The widest that fits: a row ending where no flow leaves it needs no arrows
        # at its edge, so a longer row can be narrower than a shorter one.
        end = max(
            (e for e in range(start + 2, n + 1) if width(start, e) <= limit), default=start + 1
        )
        if end < n and by_stage:
            bounds = [
                c for c in range(start + 1, end + 1) if columns[c].stage != columns[c - 1].stage
            ]
            if bounds and width(bounds[-1], stage_end(bounds[-1])) <= limit:
                end = bounds[-1]
        rows.append((start, end))
        start = end
    return rows


def _balanced(
    plan: _Plan, per_column: int, count: int, limit: float, by_stage: bool = True
) -> list[tuple[int, int]]:
    """At most ``count`` rows (no wider than ``limit``), as even in width as they can be."""
    columns, links = _grid(plan, per_column)
    if not columns:
        return []
    lo = max(_frame(plan, columns, links, c, c + 1).width for c in range(len(columns)))
    hi = max(lo, min(limit, _frame(plan, columns, links, 0, len(columns)).width))
    if len(_rows(plan, per_column, hi, by_stage)) > count:
        return _rows(plan, per_column, hi, by_stage)
    for _ in range(24):
        mid = (lo + hi) / 2
        if len(_rows(plan, per_column, mid, by_stage)) <= count:
            hi = mid
        else:
            lo = mid
        if hi - lo < 1.0:
            break
    return _rows(plan, per_column, hi, by_stage)


def _per_column(plan: _Plan) -> list[int]:
    """How many cards of one step a column may hold: all of them first, then fewer."""
    tallest = max(
        [
            sum(1 for n in plan.nodes if (n.stage, n.depth) == key)
            for key in {(n.stage, n.depth) for n in plan.nodes}
        ]
        + [1]
    )
    return sorted({math.ceil(tallest / k) for k in range(1, min(tallest, 6) + 1)}, reverse=True)


def _on_screen(plan: _Plan) -> Scene:
    """The fewest rows that bring the diagram to 3:1 or less; then a canvas of 16:9 at least."""
    low, high = ASPECT
    best: tuple[float, Scene, int, list[tuple[int, int]]] | None = None
    # Rows cut between stages first; then anywhere; then with columns split.
    for per_column, by_stage in itertools.product(_per_column(plan), (True, False)):
        columns, _ = _grid(plan, per_column)
        tried: list[tuple[int, int]] | None = None
        scene = None
        for count in range(1, max(len(columns), 1) + 1):
            rows = _balanced(plan, per_column, count, math.inf, by_stage)
            if rows == tried:
                continue
            tried = rows
            scene, _ = _compose(plan, per_column, rows)
            if scene.width / scene.height <= high:
                break
        assert scene is not None
        assert tried is not None
        aspect = scene.width / scene.height
        miss = max(math.log(low / aspect), math.log(aspect / high), 0.0)
        if best is None or miss < best[0]:
            best = (miss, scene, per_column, tried)
        if not miss:
            break
    assert best is not None
    _, scene, per_column, rows = best
    if scene.width / scene.height < low:  # widened, the diagram centred
        wide = scene.height * low
        scene, _ = _compose(plan, per_column, rows, width=wide)
    if scene.width / scene.height > high:  # made taller, the space under the footnotes
        scene = attrs.evolve(scene, height=scene.width / high)
    return scene


def _on_page(plan: _Plan, sheet: Page) -> Scene:
    """Rows as wide as the page allows, each short enough for a page."""
    width, height = sheet.inner
    scene = None
    for per_column in _per_column(plan):
        count = len(_rows(plan, per_column, width))
        rows = _balanced(plan, per_column, count, width)
        scene, spans = _compose(plan, per_column, rows)
        room = height - 2 * sheet.smallest - spans[0][0]
        if all(bottom - top <= room for top, bottom in spans):
            break
    assert scene is not None
    if scene.width > width + 0.5:
        columns, links = _grid(plan, per_column)
        wide = next(
            (c0, c1) for c0, c1 in rows if _frame(plan, columns, links, c0, c1).width > width + 0.5
        )
        stage = clean(plan.journey.stages[columns[wide[0]].stage].name)[:60]
        raise LayoutError(
            f"the flow view's row with stage {stage!r} is {scene.width:,.0f} units wide and the "
            f"{sheet.name} page {width:,.0f} inside its margins: a column of it with the arrows "
            "of flows to other rows does not fit; draw it on screen (page='screen') or on a "
            "wider page"
        )
    return scene


# -- one wrapping of the diagram ------------------------------------------------------


def _compose(
    plan: _Plan, per_column: int, rows: list[tuple[int, int]], width: float = 0.0
) -> tuple[Scene, list[tuple[float, float]]]:
    """The scene with the columns in ``rows``, at least ``width`` wide; and the top and
    bottom of each row."""
    t, journey, nodes = plan.t, plan.journey, plan.nodes
    pad, margin = t.padding, plan.margin
    columns, links = _grid(plan, per_column)
    frames = [_frame(plan, columns, links, c0, c1) for c0, c1 in rows]
    natural = max([f.width for f in frames] + [520.0])
    full = max(natural, width)
    dx = (full - natural) / 2
    frames = [
        _Frame(
            {c: x + dx for c, x in f.col_x.items()},
            None if f.entry_x is None else f.entry_x + dx,
            None if f.exit_x is None else f.exit_x + dx,
            f.width,
        )
        for f in frames
    ]
    row_of = {c: r for r, (c0, c1) in enumerate(rows) for c in range(c0, c1)}
    for c, column in enumerate(columns):
        for i in column.nodes:
            nodes[i].layer, nodes[i].row = c, row_of[c]
    edges = []
    for k, (a, b, w, f) in enumerate(plan.pairs):
        e = _Edge(k, f, a, b, w)
        e.crossing = nodes[a].row != nodes[b].row
        e.backward = not e.crossing and nodes[b].layer <= nodes[a].layer
        if f is not None or e.crossing:
            edges.append(e)
    inner = natural - 2 * margin
    parts: list[Primitive] = []
    header, header_h = heading(
        f"Customer flows — {journey.title}",
        _subtitle(journey, plan.shown, plan.measured) + marked_words(plan.marks),
        margin + dx,
        margin,
        inner,
        t,
        subtitle_lines=3,
    )
    parts.append(header)
    y = margin + header_h + pad
    names = {n.tp.id: n.tp.name for n in nodes}
    taken: list[tuple[float, float, float, float]] = [(-1e9, -1e9, 1e9, y)]
    spans = []
    if not nodes:
        bands, band_h = _stage_bands(plan, columns, rows[0], frames[0], y) if rows else ([], 0.0)
        parts += bands
        top = y + band_h + 2 * pad
        message = "No touchpoints, so there are no flows to draw."
        texts, h = stack([para(message, inner, t.body_size, t.text)], margin + dx, top, inner)
        parts.append(Group(id="empty", cls="empty", children=tuple(texts)))
        bottom = top + h
        spans.append((y, bottom))
    else:
        slotted = _slots(plan, columns, rows, edges)
        bottom = y
        bars: list[list[Primitive]] = []
        for r, ((c0, c1), frame) in enumerate(zip(rows, frames, strict=True)):
            bands, band_h = _stage_bands(plan, columns, (c0, c1), frame, y)
            bars.append(bands)
            taken.append((-1e9, y, 1e9, y + band_h))
            top = y + band_h + 2 * pad
            cols = slotted[r]
            place(cols, top, 26.0 if not plan.measured else 16.0, centre=plan.measured)
            bottom = max((s.y + s.height for col in cols for s in col), default=top)
            for c in range(c0, c1):
                for i in columns[c].nodes:
                    nodes[i].y = _slot(nodes[i]).y
            for e in edges:  # back to an earlier column: one lane each, under the row
                if e.backward and nodes[e.source].row == r:
                    bottom += 6 + e.drawn_w / 2
                    e.lane_y = bottom + pad
                    bottom += e.drawn_w / 2
            if any(e.backward and nodes[e.source].row == r for e in edges):
                bottom += pad
            spans.append((y, bottom))
            y = bottom + 3 * pad
        _bundle(nodes, edges)
        _attach(nodes, edges)
        for r, ((c0, c1), frame) in enumerate(zip(rows, frames, strict=True)):
            parts.append(_draw_row(plan, r, (c0, c1), columns, frame, edges, bars[r], names, taken))
    notes = _notes(plan, edges)
    notes += legend(journey, plan.marks, plan.unmarked)
    texts, notes_h = stack(
        [para(n, inner, t.small_size, t.muted, max_lines=3, gap=2) for n in notes],
        margin + dx,
        bottom + 2 * pad,
        inner,
    )
    parts.append(Group(id="footnote", cls="footnote", children=tuple(texts)))
    height = bottom + 2 * pad + notes_h + margin
    scene = view_scene(
        "flow",
        t,
        full,
        height,
        f"Customer flows: {journey.title}",
        (_describe(journey, nodes, plan.shown, plan.measured) + marked_words(plan.marks, names))[
            :2000
        ],
        parts,
    )
    return scene, spans


def _stub_paras(plan: _Plan, edges: list[_Edge], leaving: bool) -> list[Para]:
    """The label of flows' end at the edge of a row: where they go, or where they came from."""
    t, nodes = plan.t, plan.nodes
    e = edges[0]
    here, there = nodes[e.source], nodes[e.target]
    if not leaving:
        here, there = there, here
    name = short(there.tp.name, 60)
    first = f"→ {name}" if leaving else f"from {name}"
    where = "a row below" if there.row > here.row else "a row above"
    if e.flow is None:
        second = f"next, in {where}"
    else:
        counts = [x.flow.count for x in edges if x.flow is not None]
        if all(c is not None for c in counts):
            count = fmt_number(sum(c for c in counts if c is not None))
        else:
            count = "not all counted"
        second = f"{count} · {'in' if leaving else 'from'} {where}"
    w = plan.stub_w
    return [
        para(first, w, t.small_size, t.text, bold=True, max_lines=3),
        para(second, w, t.small_size, t.muted, max_lines=2),
    ]


def _slots(
    plan: _Plan,
    columns: list[_Column],
    rows: list[tuple[int, int]],
    edges: list[_Edge],
) -> list[list[list[Slot]]]:
    """Each row's columns of slots (its entries first, its exits last), ordered."""
    nodes = plan.nodes
    out: list[list[list[Slot]]] = []
    for c0, c1 in rows:
        by_column: dict[int, list[Slot]] = {c: [] for c in range(c0 - 1, c1 + 1)}
        for c in range(c0, c1):
            for i in columns[c].nodes:
                n = nodes[i]
                n.slot = Slot(n.card_h + n.drop_h, n.card_h)
                by_column[c].append(n.slot)
        out.append([by_column[c] for c in range(c0 - 1, c1 + 1)])
    start = {r: c0 for r, (c0, _) in enumerate(rows)}
    end = {r: c1 for r, (_, c1) in enumerate(rows)}
    exits: dict[tuple[int, int], list[_Edge]] = {}
    entries: dict[tuple[int, int], list[_Edge]] = {}
    heads: dict[int, list[Slot]] = {}
    for e in edges:
        if e.backward:
            continue
        a, b = nodes[e.source], nodes[e.target]
        weight = _weight(e)
        row_cols = out[a.row]
        chain: list[Slot] = [_slot(a)]
        last = b.layer if not e.crossing else end[a.row]
        for c in range(a.layer + 1, last):
            dummy = Slot(e.thickness, e.thickness)
            row_cols[c - start[a.row] + 1].append(dummy)
            e.dummies.append(dummy)
            chain.append(dummy)
        if not e.crossing:
            link([*chain, _slot(b)], weight)
            continue
        exits.setdefault((a.row, b.index), []).append(e)
        entries.setdefault((b.row, a.index), []).append(e)
        heads[e.index] = chain
    for (r, _), bundle in exits.items():
        paras = _stub_paras(plan, bundle, True)
        width = sum(e.thickness for e in bundle)
        slot = Slot(width + 4 + paras_height(paras) + 2, width)
        out[r][-1].append(slot)
        stub = _Stub(True, bundle, paras, slot)
        for e in bundle:
            e.exit = stub
            link([*heads[e.index], slot], _weight(e))
    for (r, _), bundle in entries.items():
        paras = _stub_paras(plan, bundle, False)
        width = sum(e.thickness for e in bundle)
        slot = Slot(width + 4 + paras_height(paras) + 2, width)
        out[r][0].append(slot)
        stub = _Stub(False, bundle, paras, slot)
        for e in bundle:
            e.entry = stub
            b = nodes[e.target]
            chain = [slot]
            for c in range(start[r], b.layer):
                dummy = Slot(e.thickness, e.thickness)
                out[r][c - start[r] + 1].append(dummy)
                e.in_dummies.append(dummy)
                chain.append(dummy)
            link([*chain, _slot(b)], _weight(e))
    if plan.measured:  # without flows the cards keep the journey's order
        for cols in out:
            order(cols)
    return out


def _weight(e: _Edge) -> float:
    if e.flow is None:  # a step of the journey order
        return 1.0
    return float(e.flow.count) if e.flow.count is not None else 1.0


def _bundle(nodes: list[_Node], edges: list[_Edge]) -> None:
    """The order of the flows in each bundle at a row's edge: as they arrive, or leave."""

    def before(e: _Edge) -> float:
        return e.dummies[-1].y if e.dummies else _slot(nodes[e.source]).centre

    def after(e: _Edge) -> float:
        return e.in_dummies[0].y if e.in_dummies else _slot(nodes[e.target]).centre

    stubs = {id(s): s for e in edges for s in (e.exit, e.entry) if s is not None}
    for stub in stubs.values():
        y = 0.0
        for e in sorted(
            stub.edges, key=lambda e: (before(e) if stub.leaving else after(e), e.index)
        ):
            if stub.leaving:
                e.exit_off = y
            else:
                e.entry_off = y
            y += e.thickness


def _slot(n: _Node) -> Slot:
    assert n.slot is not None
    return n.slot


def _attach(nodes: list[_Node], edges: list[_Edge]) -> None:
    """Where each band meets its cards: stacked on the card's edge, ordered by where it goes."""
    edges_in: dict[int, list[_Edge]] = {}
    edges_out: dict[int, list[_Edge]] = {}
    for e in edges:
        if e.flow is None and not e.crossing:
            continue
        edges_out.setdefault(e.source, []).append(e)
        edges_in.setdefault(e.target, []).append(e)

    def next_y(e: _Edge) -> float:
        if e.backward:
            return float("inf")
        if e.dummies:
            return e.dummies[0].y
        if e.exit is not None:
            return e.exit.slot.y + e.exit_off
        return _slot(nodes[e.target]).centre

    def prev_y(e: _Edge) -> float:
        if e.backward:
            return float("inf")
        if e.in_dummies:
            return e.in_dummies[-1].y
        if e.entry is not None:
            return e.entry.slot.y + e.entry_off
        return _slot(nodes[e.source]).centre

    for n in nodes:
        outs = sorted(edges_out.get(n.index, ()), key=lambda e: (next_y(e), e.index))
        ins = sorted(edges_in.get(n.index, ()), key=lambda e: (prev_y(e), e.index))
        y = n.y + (n.card_h - sum(e.thickness for e in outs)) / 2
        for e in outs:
            e.out_y = y
            y += e.thickness
        y = n.y + (n.card_h - sum(e.thickness for e in ins)) / 2
        for e in ins:
            e.in_y = y
            y += e.thickness


# -- drawing --------------------------------------------------------------------


def _stage_bands(
    plan: _Plan, columns: list[_Column], row: tuple[int, int], frame: _Frame, y: float
) -> tuple[list[Primitive], float]:
    """The bar of every stage in a row, over its columns; "continued" on a stage cut in two."""
    t = plan.t
    pad = t.padding
    c0, c1 = row
    blocks = []
    for s, group in itertools.groupby(range(c0, c1), key=lambda c: columns[c].stage):
        cs = list(group)
        stage = plan.journey.stages[s]
        x0 = frame.col_x[cs[0]]
        x1 = frame.col_x[cs[-1]] + plan.card_w
        w = x1 - x0 - 2 * pad
        continued = cs[0] > 0 and columns[cs[0] - 1].stage == s
        paras = [para(stage.name, w, t.body_size, t.header_text, bold=True, max_lines=2)]
        if continued:
            paras.append(para("continued", w, t.small_size, t.header_text, italic=True))
        if not stage.touchpoints:
            paras.append(para("no touchpoints", w, t.small_size, t.header_text, italic=True))
        blocks.append((s, continued, stage, x0, x1, paras))
    height = max((paras_height(paras) for *_, paras in blocks), default=0.0) + pad
    prims: list[Primitive] = []
    for s, continued, stage, x0, x1, paras in blocks:
        texts, _ = stack(paras, x0 + pad, y + pad / 2, x1 - x0 - 2 * pad)
        prims.append(
            Group(
                id=f"stage-{s}" + (f"-from-column-{c0}" if continued else ""),
                cls="stage",
                title=clean(stage.name),
                children=(
                    Rect(x=x0, y=y, width=x1 - x0, height=height, fill=t.header, rx=3),
                    *texts,
                ),
            )
        )
    return prims, height if blocks else 0.0


def _draw_row(
    plan: _Plan,
    r: int,
    row: tuple[int, int],
    columns: list[_Column],
    frame: _Frame,
    edges: list[_Edge],
    bars: list[Primitive],
    names: dict[str, str],
    taken: list[tuple[float, float, float, float]],
) -> Group:
    """One row: its stage bars, the flows in it and out of it, its cards and marks."""
    t, nodes = plan.t, plan.nodes
    c0, c1 = row
    members = [nodes[i] for c in range(c0, c1) for i in columns[c].nodes]
    flows: list[Primitive] = []
    stretches: list[Stretch] = []
    for e in edges:
        source, target = nodes[e.source], nodes[e.target]
        if source.row == r:
            group, stretch = _draw_out(plan, e, frame)
            flows.append(group)
            stretches.append(stretch)
        if e.crossing and target.row == r:
            group, stretch = _draw_in(plan, e, frame)
            flows.append(group)
            stretches.append(stretch)
    ends, labels = _stub_labels(plan, r, frame, edges)
    flows += ends
    if not plan.measured:
        flows += _sequence(plan, members, frame)
    children: list[Primitive] = [*bars]
    children.append(Group(id=f"flows-{r}", cls="flows", children=tuple(flows)))
    for n in members:
        children.append(_card(n, frame.col_x[n.layer], plan.card_w, plan.scale, t))
    if plan.marks:
        cards = [
            (
                frame.col_x[n.layer],
                n.y,
                frame.col_x[n.layer] + plan.card_w,
                n.y + n.card_h + n.drop_h,
            )
            for n in members
        ]
        taken += cards + labels
        children += draw_marks(plan.marks, stretches, names, t, taken, f"marks-{r}")
    return Group(id=f"row-{r + 1}", cls="row", children=tuple(children))


def _draw_out(plan: _Plan, e: _Edge, frame: _Frame) -> tuple[Group, Stretch]:
    """A flow in its source row: to its target, round under the row, or out at its right edge."""
    t, nodes, card_w = plan.t, plan.nodes, plan.card_w
    source, target = nodes[e.source], nodes[e.target]
    x0 = frame.col_x[source.layer] + card_w
    title = _title(plan, e)
    dim = bool(plan.marks)
    if e.backward:
        x1 = frame.col_x[target.layer]
        y0, y1, lane = e.out_y + e.thickness / 2, e.in_y + e.thickness / 2, e.lane_y
        ops: Ops = [
            ("M", x0, y0),
            ("C", x0 + 30, y0, x0 + 30, lane, x0, lane),
            ("L", x1, lane),
            ("C", x1 - 30, lane, x1 - 30, y1, x1, y1),
        ]
        stroke = Path(
            ops=tuple(ops),
            stroke=t.muted,
            stroke_width=e.drawn_w,
            opacity=0.45 if e.counted else 1.0,
            dash=() if e.counted else (4, 3),
        )
        spots = tuple((x1 + (x0 - x1) * f, lane) for f in _SPOTS)
        group = Group(
            id=f"flow-{e.index}",
            cls="flow backward" if e.counted else "flow backward uncounted",
            title=title,
            children=(stroke, _arrowhead(x1, y1, t.muted)),
        )
        return group, Stretch(_step(e), tuple(ops), spots)
    points = [(x0, e.out_y)]
    first = source.layer + 1
    for k, d in enumerate(e.dummies):
        x = frame.col_x[first + k]
        points += [(x, d.y), (x + card_w, d.y)]
    tip = 0.0
    if e.exit is not None:
        assert frame.exit_x is not None
        ex, ey = frame.exit_x, e.exit.slot.y + e.exit_off
        tip = min(max(e.thickness / 2, 6.0), 14.0) if e.counted else 0.0
        points += [(ex, ey), (ex + plan.stub_w - tip - (0 if e.counted else 5), ey)]
    else:
        points.append((frame.col_x[target.layer], e.in_y))
    cls = "flow" if e.flow is not None else "sequence"
    if e.crossing:
        cls += " crossing"
    if not e.counted:
        cls += " uncounted" if e.flow is not None else ""
        mid = [(x, y + e.thickness / 2) for x, y in points]
        x_end, y_end = mid[-1]
        shapes: list[Primitive] = [
            Path(
                ops=tuple(_curve(mid)),
                stroke=t.muted,
                stroke_width=1.5,
                dash=(4, 3) if e.flow is not None else (),
            ),
            _arrowhead(x_end + (5 if e.exit is not None else 0), y_end, t.muted),
        ]
    else:
        mid = [(x, y + e.thickness / 2) for x, y in points]
        # Under marked loops or paths the other bands step back.
        shapes = [_band(points, e.thickness, tip, 0.0, t.accent, 0.22 if dim else 0.35)]
    group = Group(
        id=f"{'flow' if e.flow is not None else 'step'}-{e.index}",
        cls=cls,
        title=title,
        children=tuple(shapes),
    )
    return group, Stretch(_step(e), tuple(_curve(mid)), _spots(mid))


def _draw_in(plan: _Plan, e: _Edge, frame: _Frame) -> tuple[Group, Stretch]:
    """A flow from another row: in at the left edge of its target's row, to its target."""
    t, nodes, card_w = plan.t, plan.nodes, plan.card_w
    target = nodes[e.target]
    assert e.entry is not None
    assert frame.entry_x is not None
    ex, ey = frame.entry_x, e.entry.slot.y + e.entry_off
    notch = min(max(e.thickness / 2, 6.0), 14.0) if e.counted else 0.0
    points = [(ex, ey), (ex + plan.stub_w, ey)]
    first = min(frame.col_x)
    for k, d in enumerate(e.in_dummies):
        x = frame.col_x[first + k]
        points += [(x, d.y), (x + card_w, d.y)]
    x1 = frame.col_x[target.layer]
    points.append((x1, e.in_y))
    mid = [(x, y + e.thickness / 2) for x, y in points]
    if e.counted:
        shapes: list[Primitive] = [
            _band(points, e.thickness, 0.0, notch, t.accent, 0.22 if plan.marks else 0.35)
        ]
    else:
        line_mid = [*mid[:-1], (x1 - 5, mid[-1][1])]
        shapes = [
            Path(
                ops=tuple(_curve(line_mid)),
                stroke=t.muted,
                stroke_width=1.5,
                dash=(4, 3) if e.flow is not None else (),
            ),
            _arrowhead(x1, mid[-1][1], t.muted),
        ]
    kind = "flow" if e.flow is not None else "step"
    cls = f"{kind}-in" + (" uncounted" if e.flow is not None and not e.counted else "")
    group = Group(
        id=f"{kind}-{e.index}-in",
        cls=cls,
        title=_title(plan, e, continued=True),
        children=tuple(shapes),
    )
    return group, Stretch(_step(e), tuple(_curve(mid)), _spots(mid), continued=True)


def _stub_labels(
    plan: _Plan, r: int, frame: _Frame, edges: list[_Edge]
) -> tuple[list[Primitive], list[tuple[float, float, float, float]]]:
    """The labels of the bundles at the edges of row ``r``, and where they are."""
    nodes = plan.nodes
    stubs: dict[int, _Stub] = {}
    for e in edges:
        if e.exit is not None and nodes[e.source].row == r:
            stubs.setdefault(id(e.exit), e.exit)
        if e.entry is not None and nodes[e.target].row == r:
            stubs.setdefault(id(e.entry), e.entry)
    prims: list[Primitive] = []
    boxes = []
    for stub in stubs.values():
        x = frame.exit_x if stub.leaving else frame.entry_x
        assert x is not None
        y = stub.slot.y + stub.slot.band + 4
        texts, h = stack(stub.paras, x, y, plan.stub_w)
        prims.append(Group(cls="flow-end", children=tuple(texts)))
        boxes.append((x, y, x + plan.stub_w, y + h))
    return prims, boxes


def _step(e: _Edge) -> tuple[str, str]:
    if e.flow is None:
        return ("", "")
    return (e.flow.source, e.flow.target)


def _title(plan: _Plan, e: _Edge, continued: bool = False) -> str:
    nodes = plan.nodes
    source, target = nodes[e.source], nodes[e.target]
    if e.flow is None:
        text = f"{source.tp.name} → {target.tp.name}: next in journey order"
    else:
        count = e.flow.count
        text = f"{source.tp.name} → {target.tp.name}: " + (
            f"{fmt_number(count)} customers" if count is not None else "not counted"
        )
    if e.crossing:
        where = "above" if (target.row > source.row) == continued else "below"
        text += f" ({'from' if continued else 'to'} the row {where})"
    return clean(text)


def _spots(mid: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """Places along the S-curves of :func:`_curve` through ``mid`` where a badge may sit."""
    spots = []
    for f in _SPOTS:
        for (xa, ya), (xb, yb) in itertools.pairwise(mid):
            m = (xa + xb) / 2
            g = 1 - f
            x = g**3 * xa + 3 * g * g * f * m + 3 * g * f * f * m + f**3 * xb
            y = (g**3 + 3 * g * g * f) * ya + (3 * g * f * f + f**3) * yb
            spots.append((x, y))
    return tuple(spots)


def _band(
    points: list[tuple[float, float]],
    w: float,
    tip: float,
    notch: float,
    colour: str,
    opacity: float,
) -> Path:
    """A band ``w`` wide whose top edge runs through ``points``; an arrow ``tip`` long at
    its end, a ``notch`` cut into its start (a flow coming in from another row)."""
    top_ops = _curve(points)
    bottom = [(x, y + w) for x, y in reversed(points)]
    ops: Ops = [*top_ops]
    if tip:
        x_end, y_end = points[-1]
        ops.append(("L", x_end + tip, y_end + w / 2))
    ops += [("L", *bottom[0]), *_curve(bottom)[1:]]
    if notch:
        x_start, y_start = points[0]
        ops.append(("L", x_start + notch, y_start + w / 2))
    ops.append(("Z",))
    return Path(ops=tuple(ops), fill=colour, opacity=opacity)


def _curve(points: list[tuple[float, float]]) -> Ops:
    """A path through ``points``: S-curves across gutters, straight lines through columns."""
    ops: Ops = [("M", *points[0])]
    for (xa, ya), (xb, yb) in itertools.pairwise(points):
        if abs(ya - yb) < 0.01:
            ops.append(("L", xb, yb))
        else:
            mid = (xa + xb) / 2
            ops.append(("C", mid, ya, mid, yb, xb, yb))
    return ops


def _arrowhead(x: float, y: float, colour: str, size: float = 5.0) -> Path:
    """A small triangle pointing right, its tip at ``(x, y)``."""
    return Path(
        ops=(("M", x, y), ("L", x - size, y - size * 0.7), ("L", x - size, y + size * 0.7), ("Z",)),
        fill=colour,
    )


def _card(n: _Node, x: float, w: float, scale: float, t: Theme) -> Group:
    pad = t.padding
    texts, _ = stack(n.paras, x + pad, n.y + (n.card_h - paras_height(n.paras)) / 2, w - 2 * pad)
    prims: list[Primitive] = [
        Rect(
            x=x,
            y=n.y,
            width=w,
            height=n.card_h,
            fill=t.surface,
            stroke=t.accent,
            stroke_width=1.5,
            rx=5,
        ),
        *texts,
    ]
    if n.drop:
        prims += _drop(n, x + w, w, scale, t)
    return Group(
        id=f"node-{n.index}",
        cls="touchpoint",
        title=clean(n.tp.name),
        children=tuple(prims),
    )


def _drop(n: _Node, right: float, width: float, scale: float, t: Theme) -> list[Primitive]:
    """The customers who do not go on: an arrow down out of the card's foot, and its label."""
    pad = t.padding
    dw = min(max(n.drop * scale, 1.0), width - 2 * pad)
    x1 = right - pad
    x0 = x1 - dw
    y0 = n.y + n.card_h
    y1 = y0 + _ARROW - 5
    wing = 3.0
    shape = Path(
        ops=(
            ("M", x0, y0),
            ("L", x1, y0),
            ("L", x1, y1),
            ("L", x1 + wing, y1),
            ("L", (x0 + x1) / 2, y1 + 5),
            ("L", x0 - wing, y1),
            ("L", x0, y1),
            ("Z",),
        ),
        fill=t.negative,
        opacity=0.6,
    )
    text = f"−{fmt_number(n.drop)} drop off"
    texts, _ = stack(
        [para(text, width - 2 * pad, t.small_size, t.negative, bold=True)],
        right - width + pad,
        y0 + _ARROW + 2,
        width - 2 * pad,
        anchor="end",
    )
    return [Group(cls="drop-off", title=clean(f"{text}: {n.tp.name}"), children=(shape, *texts))]


def _sequence(plan: _Plan, members: list[_Node], frame: _Frame) -> list[Primitive]:
    """Thin arrows from each touchpoint to the next in the same row, in journey order."""
    t, card_w = plan.t, plan.card_w
    here = {n.index for n in members}
    prims: list[Primitive] = []
    for a, b in itertools.pairwise(plan.nodes):
        if a.index not in here or b.index not in here:
            continue
        if a.layer == b.layer:
            x = frame.col_x[a.layer] + card_w / 2
            y0, y1 = a.y + a.card_h + 2, b.y - 2
            prims.append(Line(x1=x, y1=y0, x2=x, y2=y1 - 5, stroke=t.muted, stroke_width=1.25))
            prims.append(
                Path(
                    ops=(("M", x, y1), ("L", x - 3.5, y1 - 6), ("L", x + 3.5, y1 - 6), ("Z",)),
                    fill=t.muted,
                )
            )
        else:
            x0, y0 = frame.col_x[a.layer] + card_w + 2, a.y + a.card_h / 2
            x1, y1 = frame.col_x[b.layer] - 2, b.y + b.card_h / 2
            mid = (x0 + x1) / 2
            prims.append(
                Path(
                    ops=(("M", x0, y0), ("C", mid, y0, mid, y1, x1 - 5, y1)),
                    stroke=t.muted,
                    stroke_width=1.25,
                )
            )
            prims.append(_arrowhead(x1, y1, t.muted))
    return [Group(cls="sequence", children=tuple(prims))] if prims else []


# -- words ----------------------------------------------------------------------


def _subtitle(journey: Journey, shown: Sequence[Flow], measured: bool) -> str:
    if not journey.touchpoints:
        return f"{plural(len(journey.stages), 'stage')}, no touchpoints."
    if not measured:
        return (
            "No measured flows: arrows show the touchpoints in journey order. "
            "Add flows with counts to see how many customers go where."
        )
    counted = [f for f in shown if f.count is not None]
    total = sum(f.count for f in counted if f.count is not None)
    text = (
        f"{plural(len(shown), 'flow')} between {plural(len(journey.touchpoints), 'touchpoint')}; "
        f"band width is the number of customers"
    )
    if counted:
        text += f" ({fmt_number(total)} moves counted)"
    if len(counted) < len(shown):
        uncounted = len(shown) - len(counted)
        text += f"; {uncounted} flow{'s' if uncounted != 1 else ''} without a count "
        text += f"{'are' if uncounted != 1 else 'is'} dashed"
    return text + "."


def _notes(plan: _Plan, edges: list[_Edge]) -> list[str]:
    notes = []
    if plan.measured:
        notes.append(
            "−N drop off: customers who reached a touchpoint but did not go on "
            "(counted inflow minus outflow, when every flow out has a count; "
            "not shown at the journey's end)."
        )
    if any(e.backward for e in edges):
        notes.append("Flows back to an earlier column loop under their row.")
    if any(e.crossing for e in edges):
        if plan.measured:
            notes.append(
                "Flows to another row leave their row on the right in an arrow (→ where they "
                "go, how many, which way) and come in on the left of that row (from where), "
                "as wide at both ends."
            )
        else:
            notes.append(
                "The journey goes on in the next row: → names the touchpoint it goes on at."
            )
    hidden = plan.hidden
    if hidden:
        notes.append(
            f"{hidden} flow{'s' if hidden != 1 else ''} under {fmt_number(plan.min_count)} "
            "customers not drawn (min_count); totals still count them."
        )
    loops = plan.self_loops
    if loops:
        notes.append(
            f"{loops} flow{'s' if loops != 1 else ''} from a touchpoint to itself not drawn."
        )
    return notes


def _describe(journey: Journey, nodes: list[_Node], shown: Sequence[Flow], measured: bool) -> str:
    title = clean(journey.title)
    if len(title) > 200:
        title = title[:199] + "…"
    text = (
        f"Customer flows of {title}: {plural(len(nodes), 'touchpoint')} in "
        f"{plural(len(journey.stages), 'stage')}. "
    )
    if not measured:
        text += "No measured flows; the touchpoints are shown in journey order."
        return text[:2000]
    text += _subtitle(journey, shown, measured)
    drops = sorted((n for n in nodes if n.drop), key=lambda n: (-n.drop, n.index))[:5]
    if drops:
        text += " Largest drop-offs: " + "; ".join(
            f"{short(n.tp.name)} (−{fmt_number(n.drop)})" for n in drops
        )
        text += "."
    return text[:2000]


VIEW = View(
    name="flow",
    summary="Customers moving between touchpoints as a Sankey-like diagram, with drop-offs.",
    subjects=("journey", "loops", "paths", "funnel"),
    options=(
        Option("min_count", int, 0, "Leave out flows counting fewer customers than this."),
        Option("loops", tuple | list | None, None, "Loops from jk.loops to mark (the first nine)."),
        Option("paths", tuple | list | None, None, "Paths from jk.paths to mark (the first nine)."),
        Option(
            "page",
            str | tuple | list,
            "screen",
            "'screen' (free size), 'slide', 'a4', 'a3', 'letter' or (width, height): pages.",
        ),
    ),
    layout=flow_view,
)
