"""The journey map: stages as columns, one sub-column per touchpoint, rows of what happens.

Rows, top to bottom: personas; stage headers; touchpoints (in
service-blueprint lanes when touchpoints carry a ``lane``, else in one row
per channel); actions; thoughts and questions; the emotion curve; pain
points; opportunities; metrics; and, when asked for, the findings of
:func:`journeykit.check`. Every row is as tall as its fullest cell, so text
never overlaps; text too long for its cell is cut with an ellipsis and kept
whole in a tooltip.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from journeykit._checks import show
from journeykit.analysis.findings import Finding
from journeykit.layout import LayoutError
from journeykit.layout.blocks import (
    Para,
    badge,
    emotion_mark,
    fmt_number,
    para,
    place_badge,
    stack,
    view_scene,
)
from journeykit.layout.curve import Point, value_labels
from journeykit.layout.scene import (
    Group,
    Line,
    Marker,
    MarkerShape,
    Path,
    Primitive,
    Rect,
    Scene,
)
from journeykit.layout.text import LINE_HEIGHT, clean
from journeykit.layout.theme import Theme, get_theme
from journeykit.layout.views.registry import Option, View, journey_of
from journeykit.layout.words import Words
from journeykit.model import LANES, Journey, Metric, Stage, Touchpoint

__all__ = ["ROWS", "VIEW", "map_view"]

ROWS = (
    "personas",
    "touchpoints",
    "actions",
    "thoughts",
    "emotion",
    "pain_points",
    "opportunities",
    "metrics",
    "findings",
)
"""The rows of the map, by the names ``hide=`` takes."""

_MAX_ITEMS = 6  # items listed per cell before "+N more"


_Build = Callable[["_Ctx", float], tuple[list[Primitive], float]]
_Row = tuple[str, str, _Build]


@attrs.frozen
class _Column:
    index: int
    x: float
    width: float
    stage: Stage
    touchpoint: Touchpoint | None


@attrs.frozen
class _Ctx:
    journey: Journey
    theme: Theme
    columns: tuple[_Column, ...]
    persona: str | None
    findings: dict[str, list[Any]]
    words: Words

    @property
    def inner(self) -> float:
        return self.theme.column_width - 2 * self.theme.padding


def map_view(
    subject: Journey | Sequence[Finding],
    theme: str | Theme | None = None,
    *,
    persona: str | None = None,
    hide: str | Iterable[str] = (),
    findings: bool | Sequence[Finding] = False,
    today: date | None = None,
    labels: Mapping[str, str] | None = None,
) -> Scene:
    """Lay out the journey map of a journey.

    Parameters
    ----------
    subject : Journey or Results[Finding]
        A journey, or the findings of :func:`journeykit.check`: then the
        map of the journey they were found in, with those findings.
    theme : str or Theme, optional
        ``"light"`` (default), ``"dark"``, ``"print"`` or a :class:`Theme`.
    persona : str, optional
        Draw the emotion curve of this persona (an id); by default the
        journey's overall emotion, with each persona's curve beside it.
    hide : str or iterable of str
        Rows to leave out, by name (see :data:`ROWS`).
    findings : bool or sequence of Finding
        ``True`` runs :func:`journeykit.check` and lists its findings in a
        row of their own; a sequence lists those findings.
    today : datetime.date, optional
        The day the rules take as today when ``findings`` is ``True``.
    labels : mapping of str to str, optional
        Words to use instead of the English ones: row labels (``"actions"``,
        ``"pain_points"``…), counts, the words of metrics and of the curve;
        the keys are those of :data:`journeykit.layout.words.WORDS`.
    """
    if isinstance(subject, Journey):
        journey = subject
    else:
        if findings is not False:
            raise LayoutError(
                "findings= is for drawing a journey; these findings are the ones drawn"
            )
        journey = journey_of(
            subject, hint="draw the journey with them: jk.render(journey, findings=found)"
        )
        findings = tuple(subject)
    if not isinstance(findings, bool) and not all(isinstance(f, Finding) for f in findings):
        raise LayoutError(
            f"findings: expected True, False or a list of Finding, got {show(findings)}"
        )
    t = get_theme(theme)
    words = Words.of(labels)
    hidden = _check_rows(hide)
    if persona is not None:
        journey.persona(persona)
    columns = _columns(journey, t)
    found = _findings_by_touchpoint(journey, findings, today) if "findings" not in hidden else {}
    ctx = _Ctx(journey, t, columns, persona, found, words)
    width = max(t.label_width + sum(c.width for c in columns), 2 * t.column_width + t.label_width)

    parts: list[Primitive] = []
    y = _header(parts, journey, t, width, words)
    rows: list[tuple[str, str, Callable[[_Ctx, float], tuple[list[Primitive], float]]]] = []
    if journey.personas and "personas" not in hidden:
        rows.append(("personas", words["personas"], _persona_row))
    rows.append(("stages", words["stages"], _stage_row))
    if "touchpoints" not in hidden:
        rows += _touchpoint_rows(journey, words)
    for name, builder in _CONTENT_ROWS:
        if name not in hidden and (name != "findings" or findings is not False):
            rows.append((name, words[name], builder))

    for r, (name, label, builder) in enumerate(rows):
        cells, height = builder(ctx, y + t.padding)
        if not cells and name in _OPTIONAL_ROWS:
            continue  # nothing to show in any column
        label_paras = [
            para(
                label, t.label_width - 2 * t.padding, t.heading_size, t.text, bold=True, max_lines=3
            )
        ]
        label_prims, label_height = stack(
            label_paras, t.padding, y + t.padding, t.label_width - 2 * t.padding
        )
        extra, legend_height = _row_legend(ctx, name, y + t.padding + label_height + 4)
        height = max(height, label_height + 4 + legend_height) + 2 * t.padding
        fill = t.surface_alt if r % 2 and name != "stages" else t.surface
        parts.append(
            Group(
                id=f"row-{name}",
                cls=f"row row-{name.replace('_', '-')}",
                children=(
                    Rect(x=0, y=y, width=width, height=height, fill=fill),
                    *(
                        _grid_lines(ctx, y, y + height)
                        if name not in ("stages", "personas")
                        else ()
                    ),
                    *label_prims,
                    *extra,
                    *cells,
                    Line(
                        x1=0, y1=y + height, x2=width, y2=y + height, stroke=t.grid, stroke_width=1
                    ),
                ),
            )
        )
        y += height
    n_tp = len(journey.touchpoints)
    desc = (
        f"Journey map with {words.count('stage', len(journey.stages))} and "
        f"{words.count('touchpoint', n_tp)}"
        + (f" for {', '.join(clean(p.name) for p in journey.personas)}" if journey.personas else "")
        + (f". Objective: {clean(journey.objective).rstrip('.')}" if journey.objective else "")
        + "."
    )
    return view_scene("map", t, width, y, journey.title, desc, parts)


def _check_rows(hide: Iterable[str]) -> set[str]:
    from journeykit._checks import suggest

    hidden = set(hide) if not isinstance(hide, str) else {hide}
    for name in hidden:
        if name not in ROWS:
            raise LayoutError(
                f"the map has no row {name!r}{suggest(str(name), ROWS)}; rows: {', '.join(ROWS)}"
            )
    return hidden


def _columns(journey: Journey, t: Theme) -> tuple[_Column, ...]:
    columns: list[_Column] = []
    x = t.label_width
    for stage in journey.stages:
        for tp in stage.touchpoints or (None,):
            columns.append(_Column(len(columns), x, t.column_width, stage, tp))
            x += t.column_width
    return tuple(columns)


def _header(
    parts: list[Primitive], journey: Journey, t: Theme, width: float, words: Words
) -> float:
    pad = t.padding * 2
    inner = max(width - 2 * pad, 200)
    paras = [para(journey.title, inner, t.title_size, t.text, bold=True, max_lines=2, gap=4)]
    if journey.objective:
        text = words.fill("objective", text=journey.objective)
        paras.append(para(text, inner, t.body_size, t.muted, max_lines=2, gap=2))
    if journey.scope:
        text = words.fill("scope", text=journey.scope)
        paras.append(para(text, inner, t.body_size, t.muted, max_lines=2, gap=2))
    meta = [
        words.count("stage", len(journey.stages)),
        words.count("touchpoint", len(journey.touchpoints)),
    ]
    if journey.updated:
        meta.append(words.fill("updated", date=journey.updated.isoformat()))
    paras.append(para(" · ".join(meta), inner, t.small_size, t.muted, max_lines=1))
    prims, height = stack(paras, pad, pad, inner)
    parts.append(Group(id="header", cls="header", children=tuple(prims)))
    return height + 2 * pad


# -- rows ---------------------------------------------------------------------


def _persona_row(ctx: _Ctx, y: float) -> tuple[list[Primitive], float]:
    t = ctx.theme
    personas = ctx.journey.personas
    total = sum(c.width for c in ctx.columns)
    card_width = max(min(total / max(len(personas), 1), 420.0), t.column_width)
    per_line = max(int(total // card_width), 1)
    cards: list[Group] = []
    height = 0.0
    for i, persona in enumerate(personas):
        col = i % per_line
        x = t.label_width + col * card_width + t.padding
        inner = card_width - 2 * t.padding
        paras = [para(persona.name, inner, t.heading_size, t.text, bold=True, max_lines=2)]
        if persona.segment:
            paras.append(para(persona.segment, inner, t.small_size, t.muted, max_lines=2))
        for label, items in (
            (ctx.words["goals"], persona.goals),
            (ctx.words["motivations"], persona.motivations),
            (ctx.words["frustrations"], persona.frustrations),
        ):
            if items:
                text = f"{label}: " + "; ".join(items)
                paras.append(para(text, inner, t.small_size, t.text, max_lines=2))
        if persona.quote:
            paras.append(
                para(f"“{persona.quote}”", inner, t.body_size, t.text, italic=True, max_lines=3)
            )
        block, h = stack(paras, x, 0, inner)
        cards.append(
            Group(
                id=f"persona-{i}", cls="persona", title=clean(persona.name), children=tuple(block)
            )
        )
        height = max(height, h)
    # Personas wrap onto further lines of cards; move each line under the last.
    placed: list[Primitive] = [
        attrs.evolve(group, translate=(0.0, y + (i // per_line) * (height + t.padding)))
        for i, group in enumerate(cards)
    ]
    lines = (len(personas) - 1) // per_line + 1
    return placed, lines * height + (lines - 1) * t.padding


def _stage_row(ctx: _Ctx, y: float) -> tuple[list[Primitive], float]:
    t = ctx.theme
    spans: list[tuple[Stage, float, float]] = []
    for col in ctx.columns:
        if spans and spans[-1][0] is col.stage:
            stage, x, w = spans[-1]
            spans[-1] = (stage, x, w + col.width)
        else:
            spans.append((col.stage, col.x, col.width))
    blocks = []
    for stage, x, w in spans:
        inner = w - 2 * t.padding
        paras = [para(stage.name, inner, t.heading_size, t.header_text, bold=True, max_lines=2)]
        if stage.goal:
            paras.append(para(stage.goal, inner, t.small_size, t.header_text, max_lines=2))
        blocks.append((stage, x, w, paras))
    height = max((sum(p.height for p in paras) for *_, paras in blocks), default=0.0)
    prims: list[Primitive] = []
    for s, (stage, x, w, paras) in enumerate(blocks):
        texts, _ = stack(paras, x + t.padding, y, w - 2 * t.padding)
        prims.append(
            Group(
                id=f"stage-{s}",
                cls="stage",
                title=clean(stage.name),
                children=(
                    Rect(
                        x=x + 2,
                        y=y - t.padding + 2,
                        width=w - 4,
                        height=height + 2 * t.padding - 4,
                        fill=t.header,
                        rx=4,
                    ),
                    *texts,
                ),
            )
        )
    return prims, height


def _touchpoint_rows(journey: Journey, words: Words) -> list[_Row]:
    """One row per service-blueprint lane when touchpoints have lanes, else per channel."""
    touchpoints = journey.touchpoints
    if any(tp.lane for tp in touchpoints):
        lanes: list[str | None] = [
            lane for lane in LANES if any(tp.lane == lane for tp in touchpoints)
        ]
        if any(tp.lane is None for tp in touchpoints):
            lanes.append(None)
        return [
            (
                f"lane-{lane or 'none'}",
                words[f"lane_{lane or 'none'}"],
                _touchpoint_row("lane", lane),
            )
            for lane in lanes
        ]
    used = [ch.id for ch in journey.channels if any(tp.channel == ch.id for tp in touchpoints)]
    if not used:
        return [("touchpoints", words["touchpoints"], _touchpoint_row(None, None))]
    rows: list[_Row] = [
        (f"channel-{i}", journey.channel(ch).name, _touchpoint_row("channel", ch))
        for i, ch in enumerate(used)
    ]
    if any(tp.channel is None for tp in touchpoints):
        rows.append(("channel-none", words["no_channel"], _touchpoint_row("channel", None)))
    return rows


def _touchpoint_row(field: str | None, value: str | None) -> _Build:
    """The builder of a row of the touchpoints whose ``field`` equals ``value`` (all if None)."""

    def belongs(tp: Touchpoint) -> bool:
        return field is None or getattr(tp, field) == value

    def build(ctx: _Ctx, y: float) -> tuple[list[Primitive], float]:
        t = ctx.theme
        cards = []
        for col in ctx.columns:
            tp = col.touchpoint
            if tp is None or not belongs(tp):
                continue
            paras = [
                para(
                    tp.name, ctx.inner - 2 * t.padding, t.body_size, t.text, bold=True, max_lines=3
                )
            ]
            if tp.channel is not None:
                channel = ctx.journey.channel(tp.channel)
                paras.append(
                    para(
                        f"{channel.name} · {ctx.words[channel.kind]}",
                        ctx.inner - 2 * t.padding,
                        t.small_size,
                        t.muted,
                    )
                )
            cards.append((col, tp, paras))
        height = (
            max((sum(p.height for p in paras) for *_, paras in cards), default=0.0) + 2 * t.padding
        )
        prims: list[Primitive] = []
        for col, tp, paras in cards:
            texts, _ = stack(paras, col.x + 2 * t.padding, y + t.padding, ctx.inner - 2 * t.padding)
            prims.append(
                Group(
                    id=f"touchpoint-{col.index}",
                    cls="touchpoint",
                    title=clean(tp.name),
                    children=(
                        Rect(
                            x=col.x + t.padding,
                            y=y,
                            width=ctx.inner,
                            height=height,
                            fill=t.surface,
                            stroke=t.accent,
                            stroke_width=1.5,
                            rx=6,
                        ),
                        *texts,
                    ),
                )
            )
        return prims, height

    return build


def _list_row(
    items_of: Callable[[_Ctx, Touchpoint], list[Para]], cls: str
) -> Callable[[_Ctx, float], tuple[list[Primitive], float]]:
    def build(ctx: _Ctx, y: float) -> tuple[list[Primitive], float]:
        prims: list[Primitive] = []
        height = 0.0
        for col in ctx.columns:
            if col.touchpoint is None:
                continue
            paras = items_of(ctx, col.touchpoint)
            if not paras:
                continue
            texts, h = stack(paras, col.x + ctx.theme.padding, y, ctx.inner)
            prims.append(Group(cls=cls, children=tuple(texts)))
            height = max(height, h)
        return prims, height

    return build


def _limited(texts: Sequence[str], make: Callable[[str], Para], ctx: _Ctx) -> list[Para]:
    paras = [make(text) for text in texts[:_MAX_ITEMS]]
    if len(texts) > _MAX_ITEMS:
        more = ctx.words.fill("more", n=len(texts) - _MAX_ITEMS)
        paras.append(para(more, ctx.inner, ctx.theme.small_size, ctx.theme.muted))
    return paras


def _actions(ctx: _Ctx, tp: Touchpoint) -> list[Para]:
    t = ctx.theme
    return _limited(
        tp.actions,
        lambda a: para(f"•\u00a0{a}", ctx.inner, t.body_size, t.text, max_lines=t.max_lines, gap=3),
        ctx,
    )


def _thoughts(ctx: _Ctx, tp: Touchpoint) -> list[Para]:
    t = ctx.theme
    texts = [f"?\u00a0{q}" for q in tp.questions] + [f"“{th}”" for th in tp.thoughts]
    return _limited(
        texts,
        lambda s: para(
            s,
            ctx.inner,
            t.body_size,
            t.text,
            italic=s.startswith("“"),
            max_lines=t.max_lines,
            gap=3,
        ),
        ctx,
    )


def _severity_items(ctx: _Ctx, y: float) -> tuple[list[Primitive], float]:
    t = ctx.theme
    prims: list[Primitive] = []
    height = 0.0
    for col in ctx.columns:
        tp = col.touchpoint
        if tp is None or not tp.pain_points:
            continue
        top = y
        for pain in tp.pain_points[:_MAX_ITEMS]:
            b = badge(
                f"S{pain.severity}",
                t.small_size,
                t.severity[pain.severity - 1],
                t.severity_text[pain.severity - 1],
            )
            text_x = col.x + t.padding + b.width + 4
            p = para(
                pain.description,
                ctx.inner - b.width - 4,
                t.body_size,
                t.text,
                max_lines=t.max_lines,
            )
            texts, h = stack([p], text_x, top, ctx.inner - b.width - 4)
            severity = ctx.words.fill("severity", n=pain.severity)
            prims.append(
                Group(
                    cls="pain-point",
                    title=f"{severity}: {clean(pain.description)}",
                    children=(place_badge(b, col.x + t.padding, top + 1, t.small_size), *texts),
                )
            )
            top += max(h, b.height) + 4
        if len(tp.pain_points) > _MAX_ITEMS:
            more = ctx.words.fill("more", n=len(tp.pain_points) - _MAX_ITEMS)
            texts, h = stack(
                [para(more, ctx.inner, t.small_size, t.muted)], col.x + t.padding, top, ctx.inner
            )
            prims += texts
            top += h
        height = max(height, top - y)
    return prims, height


def _opportunities(ctx: _Ctx, tp: Touchpoint) -> list[Para]:
    t = ctx.theme
    w = ctx.words
    paras: list[Para] = []
    for opp in tp.opportunities[:_MAX_ITEMS]:
        paras.append(
            para(f"→\u00a0{opp.description}", ctx.inner, t.body_size, t.text, max_lines=t.max_lines)
        )
        detail: list[str] = [opp.status]
        detail.append(w.fill("owner", owner=opp.owner) if opp.owner else w["no_owner"])
        if opp.impact is not None:
            detail.append(w.fill("impact", n=opp.impact))
        if opp.effort is not None:
            detail.append(w.fill("effort", n=opp.effort))
        paras.append(para(" · ".join(detail), ctx.inner, t.small_size, t.muted, max_lines=2, gap=4))
    if len(tp.opportunities) > _MAX_ITEMS:
        more = w.fill("more", n=len(tp.opportunities) - _MAX_ITEMS)
        paras.append(para(more, ctx.inner, t.small_size, t.muted))
    return paras


def metric_text(m: Metric, words: Words) -> tuple[str, bool | None]:
    """A metric's value in few words, and whether it is on target (None: no target).

    >>> from journeykit.model import Metric
    >>> metric_text(Metric(name="Conversion", value=0.183, target=0.25, unit="ratio"), Words.of())
    ('18.3% ✗ target 25%', False)
    >>> metric_text(Metric(name="CSAT", value=4.4, target=4.5, unit="score"), Words.of())
    ('4.4 score ✗ target 4.5', False)
    """
    if m.value is None:
        return words["no_value"], None
    line = fmt_number(m.value, m.unit)
    if m.target is None:
        return line, None
    # The unit once: after the value, and on the target only when it is a sign (%).
    unit = m.unit if m.unit in ("ratio", "%") else ""
    target = fmt_number(m.target, unit)
    on = bool(m.on_target)
    return f"{line} {words.fill('on_target' if on else 'off_target', target=target)}", on


def _metric_paras(metrics: Sequence[Metric], width: float, ctx: _Ctx) -> list[Para]:
    t = ctx.theme
    paras: list[Para] = []
    for m in metrics[:_MAX_ITEMS]:
        paras.append(para(m.name, width, t.small_size, t.text, bold=True, max_lines=2))
        line, on = metric_text(m, ctx.words)
        colour = t.negative if on is False else t.muted if m.value is None else t.text
        paras.append(para(line, width, t.small_size, colour, max_lines=2, gap=4))
    if len(metrics) > _MAX_ITEMS:
        more = ctx.words.fill("more", n=len(metrics) - _MAX_ITEMS)
        paras.append(para(more, width, t.small_size, t.muted))
    return paras


def _stage_spans(ctx: _Ctx) -> list[tuple[Stage, float, float]]:
    """Each stage with the left edge and width of its columns."""
    spans: list[tuple[Stage, float, float]] = []
    for col in ctx.columns:
        if spans and spans[-1][0] is col.stage:
            stage, x, w = spans[-1]
            spans[-1] = (stage, x, w + col.width)
        else:
            spans.append((col.stage, col.x, col.width))
    return spans


def _stage_metrics(ctx: _Ctx, y: float) -> tuple[list[Primitive], float]:
    """Each stage's own metrics in a box across its columns, side by side in the box."""
    t = ctx.theme
    prims: list[Primitive] = []
    height = 0.0
    for stage, x, w in _stage_spans(ctx):
        if not stage.metrics:
            continue
        per_line = max(int((w - t.padding) // t.column_width), 1)
        cell = (w - t.padding) / per_line
        inner = cell - 2 * t.padding
        items = stage.metrics[:_MAX_ITEMS]
        blocks = [_metric_paras([m], inner, ctx) for m in items]
        tallest = max(sum(p.height for p in b) for b in blocks)
        lines = (len(blocks) - 1) // per_line + 1
        box_h = lines * tallest + t.padding
        children: list[Primitive] = [
            Rect(
                x=x + t.padding / 2,
                y=y,
                width=w - t.padding,
                height=box_h,
                fill=t.surface_alt,
                stroke=t.grid,
                rx=4,
            )
        ]
        for i, block in enumerate(blocks):
            bx = x + t.padding / 2 + (i % per_line) * cell + t.padding
            texts, _ = stack(block, bx, y + t.padding / 2 + (i // per_line) * tallest, inner)
            children += texts
        if len(stage.metrics) > _MAX_ITEMS:
            more = ctx.words.fill("more", n=len(stage.metrics) - _MAX_ITEMS)
            texts, h = stack(
                [para(more, w - 2 * t.padding, t.small_size, t.muted)],
                x + t.padding,
                y + box_h,
                w - 2 * t.padding,
            )
            children += texts
            box_h += h
        prims.append(Group(cls="stage-metrics", title=clean(stage.name), children=tuple(children)))
        height = max(height, box_h)
    return prims, height


def _metrics_row(ctx: _Ctx, y: float) -> tuple[list[Primitive], float]:
    t = ctx.theme
    prims, height = _stage_metrics(ctx, y)
    top = y + height + (t.padding if height else 0.0)
    below = 0.0
    for col in ctx.columns:
        if col.touchpoint is None or not col.touchpoint.metrics:
            continue
        paras = _metric_paras(col.touchpoint.metrics, ctx.inner, ctx)
        texts, h = stack(paras, col.x + t.padding, top, ctx.inner)
        prims.append(Group(cls="metrics", children=tuple(texts)))
        below = max(below, h)
    return prims, (top - y + below) if below else height


def _findings_row(ctx: _Ctx, y: float) -> tuple[list[Primitive], float]:
    t = ctx.theme
    prims: list[Primitive] = []
    height = 0.0
    for col in ctx.columns:
        key = col.touchpoint.id if col.touchpoint is not None else ""
        found = ctx.findings.get(key, []) if col.touchpoint is not None else []
        paras = _limited(
            [f"{f.code} {f.message}" for f in found],
            lambda s: para(f"⚠\u00a0{s}", ctx.inner, t.small_size, t.text, max_lines=3, gap=3),
            ctx,
        )
        if paras:
            texts, h = stack(paras, col.x + t.padding, y, ctx.inner)
            prims.append(Group(cls="findings", children=tuple(texts)))
            height = max(height, h)
    return prims, height


# -- emotion --------------------------------------------------------------------

_CHART_HEIGHT = 160.0


def _emotion_series(ctx: _Ctx) -> list[tuple[str | None, str, str]]:
    """(persona id or None, label, colour) of each curve to draw."""
    t = ctx.theme
    if ctx.persona is not None:
        return [(ctx.persona, ctx.journey.persona(ctx.persona).name, t.accent)]
    series: list[tuple[str | None, str, str]] = [(None, ctx.words["overall"], t.text)]
    with_emotions = [
        p
        for p in ctx.journey.personas
        if any(p.id in tp.emotions for tp in ctx.journey.touchpoints)
    ]
    if len(with_emotions) <= 3:
        series += [(p.id, p.name, t.series[i % len(t.series)]) for i, p in enumerate(with_emotions)]
    return series


_SHAPES: tuple[MarkerShape, ...] = ("circle", "square", "diamond")


def _emotion_row(ctx: _Ctx, y: float) -> tuple[list[Primitive], float]:
    t = ctx.theme
    if not any(tp.emotion is not None or tp.emotions for tp in ctx.journey.touchpoints):
        return [], 0.0
    top = y + t.small_size
    height = _CHART_HEIGHT

    def y_of(value: float) -> float:
        return top + (1 - value) / 2 * height

    prims: list[Primitive] = []
    first, last = (
        ctx.columns[0].x if ctx.columns else 0,
        ctx.columns[-1].x + ctx.columns[-1].width if ctx.columns else 0,
    )
    for level in (1, 0, -1):
        prims.append(
            Line(
                x1=first,
                y1=y_of(level),
                x2=last,
                y2=y_of(level),
                stroke=t.grid,
                stroke_width=1,
                dash=(3, 3) if level else (),
            )
        )
        # The scale, written just above its line at the chart's left edge,
        # where no point sits (points are centred in their columns).
        tick = {1: "+1", 0: "0", -1: "−1"}[level]
        tick_h = t.small_size * LINE_HEIGHT
        ticks, _ = stack(
            [para(tick, 24, t.small_size, t.muted)], first + 3, y_of(level) - tick_h - 1, 24
        )
        prims += ticks
    series = _emotion_series(ctx)
    segments: list[tuple[float, float, float, float]] = []
    markers: list[tuple[float, float, float]] = []
    labelled: list[Point] = []
    for s, (persona, _label, colour) in enumerate(series):
        points = []
        for col in ctx.columns:
            if col.touchpoint is None:
                continue
            value = (
                col.touchpoint.emotion if persona is None else col.touchpoint.emotions.get(persona)
            )
            if value is not None:
                points.append((col, value))
        main = s == 0
        placed = [(c.x + c.width / 2, y_of(v)) for c, v in points]
        if len(points) > 1:
            prims.append(
                Path.polyline(
                    placed,
                    stroke=colour,
                    stroke_width=2.5 if main else 1.5,
                    dash=() if main else (5, 3),
                )
            )
            segments += [(*a, *b) for a, b in itertools.pairwise(placed)]
        for (col, value), (cx, cy) in zip(points, placed, strict=True):
            shape, fill = emotion_mark(value, t) if main else (_SHAPES[s % 3], colour)
            size = 10 if main else 7
            prims.append(
                Marker(
                    x=cx,
                    y=cy,
                    size=size,
                    shape=shape,
                    fill=fill,
                    stroke=t.background,
                    stroke_width=1,
                )
            )
            markers.append((cx, cy, size / 2))
            if main:
                labelled.append(Point(cx, cy, value, col.x + 2, col.x + col.width - 2))
    prims += value_labels(labelled, segments, markers, y, top + height + t.small_size, t)
    return [Group(cls="emotion-curve", children=tuple(prims))], height + 2 * t.small_size


def _row_legend(ctx: _Ctx, name: str, top: float) -> tuple[list[Primitive], float]:
    """The key to the emotion row's curves, under its label; empty for other rows."""
    if name != "emotion":
        return [], 0.0
    t = ctx.theme
    series = _emotion_series(ctx)
    prims: list[Primitive] = []
    y = top
    width = t.label_width - 2 * t.padding - 16
    for s, (persona, label, colour) in enumerate(series):
        main = persona is None and s == 0
        text = f"{label}: {ctx.words['emotion_key']}" if main else label
        p = para(text, width, t.small_size, t.text, max_lines=3)
        middle = y + t.small_size * LINE_HEIGHT / 2
        if main:
            prims.append(
                Marker(x=t.padding + 5, y=middle, size=9, shape="triangle-up", fill=t.positive)
            )
        else:
            shape: MarkerShape = _SHAPES[s % 3] if persona is not None else "circle"
            prims.append(Marker(x=t.padding + 5, y=middle, size=8, shape=shape, fill=colour))
        texts, h = stack([p], t.padding + 16, y, width)
        prims += texts
        y += h + 2
    return prims, y - top


def _grid_lines(ctx: _Ctx, top: float, bottom: float) -> list[Primitive]:
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


def _findings_by_touchpoint(
    journey: Journey, findings: bool | Sequence[Any], today: Any
) -> dict[str, list[Any]]:
    if findings is False:
        return {}
    if findings is True:
        from journeykit.analysis.checking import check

        findings = check(journey, today=today)
    touchpoint_ids = {tp.id for tp in journey.touchpoints}
    by_tp: dict[str, list[Any]] = {}
    for f in findings:
        owner = next((i for i in f.location.ids if i in touchpoint_ids), None)
        # A finding about a pain point or opportunity belongs to its touchpoint.
        match f.location.steps:
            case ("stages", int(s), "touchpoints", int(t), *_) if owner is None:
                stages = journey.stages
                if s < len(stages) and t < len(stages[s].touchpoints):
                    owner = stages[s].touchpoints[t].id
        if owner is not None:
            by_tp.setdefault(owner, []).append(f)
    return by_tp


_OPTIONAL_ROWS = frozenset(
    {"actions", "thoughts", "emotion", "pain_points", "opportunities", "metrics", "findings"}
)
_CONTENT_ROWS: list[tuple[str, Callable[[_Ctx, float], tuple[list[Primitive], float]]]] = [
    ("actions", _list_row(_actions, "actions")),
    ("thoughts", _list_row(_thoughts, "thoughts")),
    ("emotion", _emotion_row),
    ("pain_points", _severity_items),
    ("opportunities", _list_row(_opportunities, "opportunities")),
    ("metrics", _metrics_row),
    ("findings", _findings_row),
]


VIEW = View(
    name="map",
    summary="The journey map: stages and touchpoints in columns, one row per aspect.",
    subjects=("journey", "check"),
    options=(
        Option("persona", str | None, None, "Draw this persona's emotion curve (an id)."),
        Option("hide", str | Iterable, (), f"Rows to leave out: {', '.join(ROWS)}."),
        Option(
            "findings",
            bool | tuple | list,
            False,
            "True runs jk.check and lists its findings in a row; or the findings to list.",
        ),
        Option("today", date | None, None, "The day the rules take as today (findings=True)."),
        Option(
            "labels",
            Mapping | None,
            None,
            "Words to use instead of the English ones, by key (journeykit.layout.words.WORDS).",
        ),
    ),
    layout=map_view,
)
