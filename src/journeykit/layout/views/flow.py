"""The flow view: customers moving between touchpoints, drawn as a Sankey-like diagram.

Touchpoints are cards in columns under their stage. A stage whose
touchpoints send customers to each other gets one column per step of those
flows, so every band runs left to right; a stage without internal flows is a
single column. Each flow with a count is a curved band as wide as its count;
a flow without a count is a thin dashed line; a flow to an earlier column
loops under the diagram. Where fewer customers leave a touchpoint than
arrive (every flow out counted, and not at the journey's end), the
difference turns down out of the card into an arrow labelled "−N drop off":
the counts come from :func:`journeykit.analysis.traffic.flow_traffic`, so the
drop-off drawn is the one hotspots score and the funnel reports. Cards are
as tall as their label or their flows, whichever needs more, so labels never
overlap.

A journey without flows is drawn as the touchpoints in journey order, joined
by thin arrows, and says so.

Loops from :func:`journeykit.loops` and paths from :func:`journeykit.paths`
are marked on top: a dashed line (loops) or a solid one (paths) along each of
their flows, numbered badges on the flows where there is room, a line on
every card they pass ("loop 1, 2"), and a numbered legend under the diagram,
so the marks never rest on colour alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import attrs

from journeykit._checks import show
from journeykit.analysis.conversion import Funnel
from journeykit.analysis.pathways import JourneyPath, Loop
from journeykit.analysis.traffic import flow_traffic
from journeykit.layout import LayoutError
from journeykit.layout.blocks import (
    Para,
    badge,
    fmt_number,
    heading,
    para,
    place_badge,
    plural,
    stack,
    view_scene,
)
from journeykit.layout.pages import Pages, paged
from journeykit.layout.scene import Group, Line, Path, Primitive, Rect, Scene
from journeykit.layout.text import LINE_HEIGHT, clean
from journeykit.layout.theme import Theme, get_theme
from journeykit.layout.views.registry import Option, View, journey_of, subject_kind
from journeykit.model import Flow, Journey, Touchpoint

__all__ = ["VIEW", "flow_view"]

_BAND_PX = 110.0  # the busiest card's flows span this many units
_UNCOUNTED = 3.0  # room an uncounted flow takes on a card's edge
_ARROW = 16.0  # length of a drop-off arrow under its card
_MARKED = 9  # the most loops, and the most paths, marked on one diagram


@attrs.define(eq=False)
class _Node:
    index: int  # in journey order
    tp: Touchpoint
    stage: int
    layer: int = 0
    inflow: int = 0  # counted, loops left out (from the journey's traffic)
    outflow: int = 0
    drop: int = 0
    paras: list[Para] = attrs.field(factory=list)
    card_h: float = 0.0
    drop_h: float = 0.0
    y: float = 0.0  # top of the card


@attrs.define(eq=False)
class _Edge:
    index: int
    flow: Flow
    source: int  # node index
    target: int
    thickness: float
    backward: bool
    dummies: list[_Slot] = attrs.field(factory=list)
    out_y: float = 0.0  # top of the band where it leaves the source
    in_y: float = 0.0  # top of the band where it reaches the target
    lane_y: float = 0.0  # where a backward flow runs under the diagram


@attrs.frozen
class _Mark:
    """A loop or a path to mark: its number, its touchpoints and the flows it takes."""

    kind: str  # "loop" or "path"
    number: int
    touchpoints: tuple[str, ...]
    steps: tuple[tuple[str, str], ...]
    summary: str  # its numbers, for the legend


@attrs.define(eq=False)
class _Slot:
    """A place in a column: a touchpoint's card, or a band passing through."""

    layer: int
    height: float
    node: _Node | None = None
    edge: _Edge | None = None
    y: float = 0.0
    rank: float = 0.0  # where it stands in its column, 0 (top) to 1 (bottom)
    prev: list[tuple[_Slot, float]] = attrs.field(factory=list)  # (neighbour, weight)
    next: list[tuple[_Slot, float]] = attrs.field(factory=list)

    @property
    def centre(self) -> float:
        return self.y + (self.node.card_h if self.node is not None else self.height) / 2


def flow_view(
    subject: Journey | Sequence[Loop] | Sequence[JourneyPath] | Funnel,
    theme: str | Theme | None = None,
    *,
    min_count: int = 0,
    loops: Sequence[Loop] | None = None,
    paths: Sequence[JourneyPath] | None = None,
    page: str | tuple[float, float] = "screen",
) -> Scene | Pages:
    """Lay out the flows of a journey as a Sankey-like diagram.

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
    """
    if page != "screen":  # laid out with the page's type, then on its pages
        return paged(
            lambda th: flow_view(subject, th, min_count=min_count, loops=loops, paths=paths),
            get_theme(theme),
            page,
        )
    t = get_theme(theme)
    journey, loops, paths = _subject(subject, loops, paths)
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 0:
        raise LayoutError(f"min_count must be a whole number of 0 or more, not {min_count!r}")
    marks, unmarked = _marks(journey, loops, paths)
    pad = t.padding
    margin = 2 * pad
    card_w = max(t.column_width * 0.75, 120.0)
    gutter = max(t.column_width * 0.5, 80.0)
    text_w = card_w - 2 * pad

    nodes = [
        _Node(i, tp, s)
        for i, (s, tp) in enumerate(
            (s, tp) for s, stage in enumerate(journey.stages) for tp in stage.touchpoints
        )
    ]
    by_id = {n.tp.id: n for n in nodes}
    self_loops = sum(1 for f in journey.flows if f.source == f.target)
    measured = bool(journey.flows)
    counted = flow_traffic(journey).touchpoints
    for n, traffic in zip(nodes, counted, strict=True):
        n.inflow, n.outflow, n.drop = traffic.inflow, traffic.outflow, traffic.dropoff
    shown = [
        f
        for f in journey.flows
        if f.source != f.target
        and f.source in by_id
        and f.target in by_id
        and (f.count is None or f.count >= min_count)
    ]
    hidden = sum(1 for f in journey.flows if f.source != f.target) - len(shown)
    stage_layers = _layers(journey, nodes, by_id, shown)
    n_layers = sum(stage_layers)
    first_layer = [sum(stage_layers[:s]) for s in range(len(stage_layers))]
    for n in nodes:
        n.layer += first_layer[n.stage]

    busiest = max(
        [max(n.inflow, n.outflow + n.drop) for n in nodes]
        + [f.count for f in shown if f.count is not None]
        + [0]
    )
    scale = _BAND_PX / busiest if busiest else 0.0
    edges = [
        _Edge(
            i,
            f,
            by_id[f.source].index,
            by_id[f.target].index,
            max(f.count * scale, 1.0) if f.count is not None else _UNCOUNTED,
            by_id[f.target].layer <= by_id[f.source].layer,
        )
        for i, f in enumerate(shown)
    ]

    edges_in: dict[int, list[_Edge]] = {}
    edges_out: dict[int, list[_Edge]] = {}
    for e in edges:
        edges_out.setdefault(e.source, []).append(e)
        edges_in.setdefault(e.target, []).append(e)

    # Card sizes: the label, or the flows on either side, whichever is taller.
    drop_row = _ARROW + t.small_size * LINE_HEIGHT + 4
    for n in nodes:
        n.paras = _label(n, text_w, t, measured) + _mark_label(n.tp.id, marks, text_w, t)
        ins = sum(e.thickness for e in edges_in.get(n.index, ()))
        outs = sum(e.thickness for e in edges_out.get(n.index, ()))
        n.card_h = max(sum(p.height for p in n.paras) + 2 * pad, ins + 8, outs + 8)
        n.drop_h = drop_row if n.drop else 0.0

    # Columns of slots: cards, and room for bands that pass through a column.
    columns: list[list[_Slot]] = [[] for _ in range(n_layers)]
    slot_of: dict[int, _Slot] = {}
    for n in nodes:
        slot = _Slot(n.layer, n.card_h + n.drop_h, node=n)
        columns[n.layer].append(slot)
        slot_of[n.index] = slot
    for e in edges:
        if e.backward:
            continue
        chain = [slot_of[e.source]]
        for layer in range(nodes[e.source].layer + 1, nodes[e.target].layer):
            dummy = _Slot(layer, e.thickness, edge=e)
            columns[layer].append(dummy)
            e.dummies.append(dummy)
            chain.append(dummy)
        chain.append(slot_of[e.target])
        weight = float(e.flow.count) if e.flow.count is not None else 1.0
        for a, b in itertools.pairwise(chain):
            a.next.append((b, weight))
            b.prev.append((a, weight))
    if edges:
        _order(columns)

    # The header and the stage bands.
    # Columns of one stage sit closer together than the stages do.
    # A flow back to an earlier column bulges out of the columns it joins:
    # the first and the last column keep room for it on the canvas.
    bulges = [
        (e, 24.5 + (e.thickness if e.flow.count is not None else 1.5) / 2)
        for e in edges
        if e.backward
    ]
    lead = max([b - margin for e, b in bulges if nodes[e.target].layer == 0] + [0.0])
    trail = max([b - margin for e, b in bulges if nodes[e.source].layer == n_layers - 1] + [0.0])
    col_x = []
    x = margin + lead
    starts = set(first_layer)
    for k in range(n_layers):
        if k:
            x += card_w + (gutter if k in starts else gutter * 0.7)
        col_x.append(x)
    width = max(x + card_w + margin + trail if n_layers else 0.0, 520.0)
    inner = width - 2 * margin
    parts: list[Primitive] = []
    header, header_h = heading(
        f"Customer flows — {journey.title}",
        _subtitle(journey, shown, measured) + _marked_words(marks),
        margin,
        margin,
        inner,
        t,
        subtitle_lines=3,
    )
    parts.append(header)
    y = margin + header_h + pad

    bands, band_h = _stage_bands(journey, t, stage_layers, first_layer, col_x, card_w, y)
    parts += bands
    top = y + band_h + 2 * pad

    if not nodes:
        message = "No touchpoints, so there are no flows to draw."
        texts, h = stack([para(message, inner, t.body_size, t.text)], margin, top, inner)
        parts.append(Group(id="empty", cls="empty", children=tuple(texts)))
        bottom = top + h
    else:
        gap = 26.0 if not edges else 16.0
        _place(columns, top, gap, centre=bool(edges))
        for n in nodes:
            n.y = slot_of[n.index].y
        bottom = max((s.y + s.height for col in columns for s in col), default=top)
        _attach(nodes, edges, slot_of)
        # Flows back to an earlier column loop under the diagram, one lane each.
        lane = bottom + pad
        flows: list[Primitive] = []
        for e in edges:
            width_here = e.thickness if e.flow.count is not None else 1.5
            if e.backward:
                lane += 6 + width_here / 2
            e.lane_y = lane
            flows.append(_draw_edge(e, nodes, col_x, card_w, t, lane, dim=bool(marks)))
            if e.backward:
                lane += width_here / 2
                bottom = lane
        if not measured:
            flows += _sequence(journey, nodes, col_x, card_w, t)
        parts.append(Group(id="flows", cls="flows", children=tuple(flows)))
        for n in nodes:
            parts.append(_card(n, col_x[n.layer], card_w, scale, t))
        if marks:
            cards = [
                (col_x[n.layer], n.y, col_x[n.layer] + card_w, n.y + n.card_h + n.drop_h)
                for n in nodes
            ]
            parts += _draw_marks(marks, edges, nodes, col_x, card_w, t, cards, top)

    notes = _notes(measured, hidden, min_count, self_loops, edges)
    notes += _legend(journey, marks, unmarked)
    texts, notes_h = stack(
        [para(n, inner, t.small_size, t.muted, max_lines=3, gap=2) for n in notes],
        margin,
        bottom + 2 * pad,
        inner,
    )
    parts.append(Group(id="footnote", cls="footnote", children=tuple(texts)))
    height = bottom + 2 * pad + notes_h + margin
    return view_scene(
        "flow",
        t,
        width,
        height,
        f"Customer flows: {journey.title}",
        (
            _describe(journey, nodes, shown, measured)
            + _marked_words(marks, {n.tp.id: n.tp.name for n in nodes})
        )[:2000],
        parts,
    )


# -- columns --------------------------------------------------------------------


def _layers(
    journey: Journey, nodes: list[_Node], by_id: dict[str, _Node], flows: Sequence[Flow]
) -> list[int]:
    """Give every node its column within its stage; return the columns of each stage.

    A touchpoint goes one column right of every touchpoint of its own stage,
    listed before it, that sends customers to it.
    """
    feeds: dict[int, list[int]] = {}
    for f in flows:
        a, b = by_id[f.source], by_id[f.target]
        if a.stage == b.stage and a.index < b.index:
            feeds.setdefault(b.index, []).append(a.index)
    for n in nodes:  # journey order: every feeder is placed first
        n.layer = max((nodes[k].layer + 1 for k in feeds.get(n.index, ())), default=0)
    counts = [1] * len(journey.stages)
    for n in nodes:
        counts[n.stage] = max(counts[n.stage], n.layer + 1)
    return counts


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


# -- placing --------------------------------------------------------------------


def _order(columns: list[list[_Slot]]) -> None:
    """Order each column by where its neighbours are, to uncross the bands (barycentres)."""

    def rank(column: list[_Slot]) -> None:
        for i, slot in enumerate(column):
            slot.rank = (i + 0.5) / len(column)

    def sweep(layers: range, side: str) -> None:
        for layer in layers:
            column = columns[layer]
            keys = []
            for slot in column:
                around = slot.prev if side == "prev" else slot.next
                total = sum(w for _, w in around)
                keys.append(sum(s.rank * w for s, w in around) / total if total else slot.rank)
            order = sorted(range(len(column)), key=lambda i: (keys[i], i))
            columns[layer] = [column[i] for i in order]
            rank(columns[layer])

    for column in columns:
        rank(column)
    n = len(columns)
    for _ in range(3):
        sweep(range(1, n), "prev")
        sweep(range(n - 2, -1, -1), "next")


def _place(columns: list[list[_Slot]], top: float, gap: float, centre: bool = True) -> None:
    """Centre each column in the height of the tallest, then pull slots towards their neighbours.

    Every column stays within that height, so the diagram cannot drift.
    Without ``centre`` every column starts at ``top``.
    """
    needs = [sum(s.height for s in column) + gap * max(len(column) - 1, 0) for column in columns]
    extent = max(needs, default=0.0)
    extent += min(extent * 0.15, 60.0)  # room to line bands up
    bottom = top + extent
    for column, need in zip(columns, needs, strict=True):
        y = top + (extent - need) / 2 if centre else top
        for slot in column:
            slot.y = y
            y += slot.height + gap
    n = len(columns)
    for _ in range(6):
        for layers, side in ((range(1, n), "prev"), (range(n - 2, -1, -1), "next")):
            for layer in layers:
                column = columns[layer]
                for slot in column:
                    around = slot.prev if side == "prev" else slot.next
                    total = sum(w for _, w in around)
                    if total:
                        want = sum(s.centre * w for s, w in around) / total
                        slot.y = want - (slot.centre - slot.y)
                _settle(column, top, bottom, gap)


def _settle(column: list[_Slot], top: float, bottom: float, gap: float) -> None:
    """Keep a column's slots in order, ``gap`` apart, between ``top`` and ``bottom``."""
    floor = top
    for slot in column:
        slot.y = max(slot.y, floor)
        floor = slot.y + slot.height + gap
    ceiling = bottom
    for slot in reversed(column):
        slot.y = min(slot.y, ceiling - slot.height)
        ceiling = slot.y - gap


def _attach(nodes: list[_Node], edges: list[_Edge], slot_of: dict[int, _Slot]) -> None:
    """Where each band meets its cards: stacked on the card's edge, ordered by where it goes."""
    edges_in: dict[int, list[_Edge]] = {}
    edges_out: dict[int, list[_Edge]] = {}
    for e in edges:
        edges_out.setdefault(e.source, []).append(e)
        edges_in.setdefault(e.target, []).append(e)

    def next_y(e: _Edge) -> float:
        if e.backward:
            return float("inf")
        return e.dummies[0].y if e.dummies else slot_of[e.target].centre

    def prev_y(e: _Edge) -> float:
        if e.backward:
            return float("inf")
        return e.dummies[-1].y if e.dummies else slot_of[e.source].centre

    for n in nodes:
        outs = sorted(edges_out.get(n.index, ()), key=lambda e: (next_y(e), e.index))
        ins = sorted(edges_in.get(n.index, ()), key=lambda e: (prev_y(e), e.index))
        total_out = sum(e.thickness for e in outs)
        y = n.y + (n.card_h - total_out) / 2
        for e in outs:
            e.out_y = y
            y += e.thickness
        total_in = sum(e.thickness for e in ins)
        y = n.y + (n.card_h - total_in) / 2
        for e in ins:
            e.in_y = y
            y += e.thickness


# -- drawing --------------------------------------------------------------------


def _stage_bands(
    journey: Journey,
    t: Theme,
    stage_layers: list[int],
    first_layer: list[int],
    col_x: list[float],
    card_w: float,
    y: float,
) -> tuple[list[Primitive], float]:
    pad = t.padding
    blocks = []
    for s, stage in enumerate(journey.stages):
        x0 = col_x[first_layer[s]]
        x1 = col_x[first_layer[s] + stage_layers[s] - 1] + card_w
        w = x1 - x0 - 2 * pad
        paras = [para(stage.name, w, t.body_size, t.header_text, bold=True, max_lines=2)]
        if not stage.touchpoints:
            paras.append(para("no touchpoints", w, t.small_size, t.header_text, italic=True))
        blocks.append((stage, x0, x1, paras))
    height = max((sum(p.height for p in paras) for *_, paras in blocks), default=0.0) + pad
    prims: list[Primitive] = []
    for s, (stage, x0, x1, paras) in enumerate(blocks):
        texts, _ = stack(paras, x0 + pad, y + pad / 2, x1 - x0 - 2 * pad)
        prims.append(
            Group(
                id=f"stage-{s}",
                cls="stage",
                title=clean(stage.name),
                children=(
                    Rect(x=x0, y=y, width=x1 - x0, height=height, fill=t.header, rx=3),
                    *texts,
                ),
            )
        )
    return prims, height if blocks else 0.0


def _card(n: _Node, x: float, w: float, scale: float, t: Theme) -> Group:
    pad = t.padding
    texts, _ = stack(n.paras, x + pad, n.y + (n.card_h - _height(n.paras)) / 2, w - 2 * pad)
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


def _height(paras: list[Para]) -> float:
    return sum(p.height for p in paras)


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


def _draw_edge(
    e: _Edge,
    nodes: list[_Node],
    col_x: list[float],
    card_w: float,
    t: Theme,
    loop_y: float,
    dim: bool = False,
) -> Group:
    source, target = nodes[e.source], nodes[e.target]
    x0 = col_x[source.layer] + card_w
    x1 = col_x[target.layer]
    count = e.flow.count
    title = clean(
        f"{source.tp.name} → {target.tp.name}: "
        + (f"{fmt_number(count)} customers" if count is not None else "not counted")
    )
    if e.backward:
        y0 = e.out_y + e.thickness / 2
        y1 = e.in_y + e.thickness / 2
        ops: list[tuple[str | float, ...]] = [
            ("M", x0, y0),
            ("C", x0 + 30, y0, x0 + 30, loop_y, x0, loop_y),
            ("L", x1, loop_y),
            ("C", x1 - 30, loop_y, x1 - 30, y1, x1, y1),
        ]
        stroke = Path(
            ops=tuple(ops),
            stroke=t.muted,
            stroke_width=e.thickness if count is not None else 1.5,
            opacity=0.45 if count is not None else 1.0,
            dash=() if count is not None else (4, 3),
        )
        return Group(
            id=f"flow-{e.index}",
            cls="flow backward",
            title=title,
            children=(stroke, _arrowhead(x1, y1, t.muted)),
        )
    # The band's top edge through every column it crosses, then back along its bottom edge.
    points = [(x0, e.out_y)]
    for d in e.dummies:
        points += [(col_x[d.layer], d.y), (col_x[d.layer] + card_w, d.y)]
    points.append((x1, e.in_y))
    if count is None:
        mid = [(x, y + e.thickness / 2) for x, y in points]
        ops = _curve(mid)
        x_end, y_end = mid[-1]
        return Group(
            id=f"flow-{e.index}",
            cls="flow uncounted",
            title=title,
            children=(
                Path(ops=tuple(ops), stroke=t.muted, stroke_width=1.5, dash=(4, 3)),
                _arrowhead(x_end, y_end, t.muted),
            ),
        )
    w = e.thickness
    top_ops = _curve(points)
    bottom = [(x, y + w) for x, y in reversed(points)]
    back = _curve(bottom)
    ops = [*top_ops, ("L", *bottom[0]), *back[1:], ("Z",)]
    return Group(
        id=f"flow-{e.index}",
        cls="flow",
        title=title,
        # Under marked loops or paths the other bands step back.
        children=(Path(ops=tuple(ops), fill=t.accent, opacity=0.22 if dim else 0.35),),
    )


def _curve(points: list[tuple[float, float]]) -> list[tuple[str | float, ...]]:
    """A path through ``points``: S-curves across gutters, straight lines through columns."""
    ops: list[tuple[str | float, ...]] = [("M", *points[0])]
    for (xa, ya), (xb, yb) in itertools.pairwise(points):
        if abs(ya - yb) < 0.01 or xb < xa:
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


def _sequence(
    journey: Journey, nodes: list[_Node], col_x: list[float], card_w: float, t: Theme
) -> list[Primitive]:
    """Thin arrows from each touchpoint to the next, in journey order (no flows given)."""
    prims: list[Primitive] = []
    for a, b in itertools.pairwise(nodes):
        if a.layer == b.layer:
            x = col_x[a.layer] + card_w / 2
            y0, y1 = a.y + a.card_h + 2, b.y - 2
            prims.append(Line(x1=x, y1=y0, x2=x, y2=y1 - 5, stroke=t.muted, stroke_width=1.25))
            prims.append(
                Path(
                    ops=(("M", x, y1), ("L", x - 3.5, y1 - 6), ("L", x + 3.5, y1 - 6), ("Z",)),
                    fill=t.muted,
                )
            )
        else:
            x0, y0 = col_x[a.layer] + card_w + 2, a.y + a.card_h / 2
            x1, y1 = col_x[b.layer] - 2, b.y + b.card_h / 2
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


def _notes(
    measured: bool,
    hidden: int,
    min_count: int,
    loops: int,
    edges: list[_Edge],
) -> list[str]:
    notes = []
    if measured:
        notes.append(
            "−N drop off: customers who reached a touchpoint but did not go on "
            "(counted inflow minus outflow, when every flow out has a count; "
            "not shown at the journey's end)."
        )
    if any(e.backward for e in edges):
        notes.append("Flows back to an earlier column loop under the diagram.")
    if hidden:
        notes.append(
            f"{hidden} flow{'s' if hidden != 1 else ''} under {fmt_number(min_count)} "
            "customers not drawn (min_count); totals still count them."
        )
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
            f"{_short(n.tp.name)} (−{fmt_number(n.drop)})" for n in drops
        )
        text += "."
    return text[:2000]


def _short(text: str, limit: int = 80) -> str:
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- marked loops and paths -----------------------------------------------------------

_SPOTS = (0.5, 0.35, 0.65, 0.2, 0.8)  # where along a stretch of flow a badge may sit


def _subject(
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


def _marks(
    journey: Journey, loops: Sequence[Loop] | None, paths: Sequence[JourneyPath] | None
) -> tuple[list[_Mark], dict[str, int]]:
    """The loops and paths to mark, numbered from 1, and how many of each are left unmarked."""
    known = {tp.id for tp in journey.touchpoints}
    marks: list[_Mark] = []
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
        for number, item in enumerate(items[:_MARKED], start=1):
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
            marks.append(_Mark(kind, number, tps, steps, _summary(item)))
        unmarked[kind] = max(0, len(items) - _MARKED)
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


def _mark_label(tp_id: str, marks: list[_Mark], width: float, t: Theme) -> list[Para]:
    """The line on a card naming the marked loops and paths through it."""
    out = []
    for kind, colour in (("loop", t.negative), ("path", t.text)):
        numbers = [str(m.number) for m in marks if m.kind == kind and tp_id in m.touchpoints]
        if numbers:
            word = kind if len(numbers) == 1 else f"{kind}s"
            text = f"{word} {', '.join(numbers)}"
            out.append(para(text, width, t.small_size, colour, bold=True, max_lines=2))
    return out


def _route(m: _Mark, names: dict[str, str]) -> str:
    stops = [_short(names[tp], 32) for tp in m.touchpoints]
    if m.kind == "loop":
        stops.append(stops[0])
    if len(stops) > 6:
        stops = [*stops[:3], "…", *stops[-2:]]
    return " → ".join(stops)


def _centreline(
    e: _Edge, nodes: list[_Node], col_x: list[float], card_w: float
) -> tuple[list[tuple[str | float, ...]], list[tuple[float, float]]]:
    """The middle of a drawn flow, as path ops, and places along it for a badge."""
    source, target = nodes[e.source], nodes[e.target]
    x0 = col_x[source.layer] + card_w
    x1 = col_x[target.layer]
    half = e.thickness / 2
    if e.backward:
        y0, y1, lane = e.out_y + half, e.in_y + half, e.lane_y
        ops: list[tuple[str | float, ...]] = [
            ("M", x0, y0),
            ("C", x0 + 30, y0, x0 + 30, lane, x0, lane),
            ("L", x1, lane),
            ("C", x1 - 30, lane, x1 - 30, y1, x1, y1),
        ]
        return ops, [(x1 + (x0 - x1) * f, lane) for f in _SPOTS]
    points = [(x0, e.out_y)]
    for d in e.dummies:
        points += [(col_x[d.layer], d.y), (col_x[d.layer] + card_w, d.y)]
    points.append((x1, e.in_y))
    mid = [(x, y + half) for x, y in points]
    spots = []
    for f in _SPOTS:
        for (xa, ya), (xb, yb) in itertools.pairwise(mid):
            # On the S-curve of _curve, whose control points are (m, ya) and (m, yb).
            m = (xa + xb) / 2
            g = 1 - f
            x = g**3 * xa + 3 * g * g * f * m + 3 * g * f * f * m + f**3 * xb
            y = (g**3 + 3 * g * g * f) * ya + (3 * g * f * f + f**3) * yb
            spots.append((x, y))
    return _curve(mid), spots


def _clear(box: tuple[float, float, float, float], taken: list[tuple[float, ...]]) -> bool:
    x0, y0, x1, y1 = box
    return not any(
        x0 < b[2] + 1 and b[0] < x1 + 1 and y0 < b[3] + 1 and b[1] < y1 + 1 for b in taken
    )


def _draw_marks(
    marks: list[_Mark],
    edges: list[_Edge],
    nodes: list[_Node],
    col_x: list[float],
    card_w: float,
    t: Theme,
    cards: list[tuple[float, float, float, float]],
    top: float,
) -> list[Primitive]:
    """A line along every marked flow, and a numbered badge on it where there is room."""
    names = {n.tp.id: n.tp.name for n in nodes}
    on_step: dict[tuple[str, str], list[_Mark]] = {}
    for m in marks:
        for step in m.steps:
            on_step.setdefault(step, []).append(m)
    # Badges keep clear of the cards (their text and drop-offs) and of the header.
    taken: list[tuple[float, ...]] = [*cards, (-1e9, -1e9, 1e9, top)]
    lines: list[Primitive] = []
    badges: list[Primitive] = []
    for e in edges:
        on = on_step.get((e.flow.source, e.flow.target))
        if not on:
            continue
        ops, spots = _centreline(e, nodes, col_x, card_w)
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
                    cls=f"mark {kind}",
                    title=clean("; ".join(f"{kind} {m.number}: {_route(m, names)}" for m in these)),
                    children=(
                        Path(
                            ops=tuple(ops),
                            stroke=colour,
                            stroke_width=2.5,
                            dash=(7, 4) if kind == "loop" else (),
                        ),
                    ),
                    translate=(0.0, shift),
                )
            )
            b = badge(label, t.small_size, colour, t.background)
            for x, y in spots:
                box = (x - b.width / 2, y - b.height / 2, x + b.width / 2, y + b.height / 2)
                if _clear(box, taken):
                    taken.append(box)
                    badges.append(place_badge(b, box[0], box[1], t.small_size, cls="mark-label"))
                    break
    return [Group(id="marks", cls="marks", children=(*lines, *badges))] if lines else []


def _legend(journey: Journey, marks: list[_Mark], unmarked: dict[str, int]) -> list[str]:
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


def _marked_words(marks: list[_Mark], names: dict[str, str] | None = None) -> str:
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
