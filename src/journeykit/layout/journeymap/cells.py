"""What the rows of the journey map hold in each column.

Every builder is ``build(ctx, top) -> (primitives, height)``: the cells of
one row, laid out from ``top``. Touchpoint names and pain points wrap onto as
many lines as they need (up to ``ctx.name_lines`` and ``ctx.pain_lines``);
what is still cut keeps its whole text as a tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from journeykit.layout.blocks import Para, badge, fmt_number, para, place_badge, stack
from journeykit.layout.journeymap.grid import Channels, Ctx, Row, stage_spans
from journeykit.layout.scene import Group, Marker, MarkerShape, Primitive, Rect
from journeykit.layout.text import LINE_HEIGHT, clean
from journeykit.layout.theme import mix
from journeykit.layout.words import Words
from journeykit.model import LANES, Channel, Journey, Metric, Touchpoint

__all__ = ["content_rows", "metric_text", "persona_row", "stage_row", "touchpoint_rows"]

_KIND_SHAPES: dict[str, MarkerShape] = {"online": "circle", "offline": "square"}


# -- personas and stages --------------------------------------------------------------


def _persona_cells(ctx: Ctx, y: float) -> tuple[list[Primitive], float]:
    t = ctx.theme
    personas = ctx.journey.personas
    total = ctx.right - ctx.left
    card_width = max(min(total / max(len(personas), 1), 480.0), t.column_width)
    per_line = max(int(total // card_width), 1)
    cards: list[Group] = []
    height = 0.0
    for i, persona in enumerate(personas):
        x = ctx.left + (i % per_line) * card_width + t.padding
        inner = card_width - 2 * t.padding
        paras = [para(persona.name, inner, t.heading_size, t.text, bold=True, max_lines=2)]
        if persona.segment:
            paras.append(para(persona.segment, inner, t.small_size, t.muted, max_lines=2))
        for key, items in (
            ("goals", persona.goals),
            ("motivations", persona.motivations),
            ("frustrations", persona.frustrations),
        ):
            if items:
                text = f"{ctx.words[key]}: " + "; ".join(items)
                paras.append(para(text, inner, t.small_size, t.text, max_lines=3))
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
    lines = (len(personas) - 1) // per_line + 1 if personas else 0
    return placed, lines * height + max(lines - 1, 0) * t.padding


def persona_row(words: Words) -> Row:
    return Row("personas", "personas", words["personas"], _persona_cells, grid=False)


def _stage_cells(ctx: Ctx, y: float) -> tuple[list[Primitive], float]:
    t = ctx.theme
    blocks = []
    for stage, x, w in stage_spans(ctx.columns):
        inner = w - 2 * t.padding
        first = next(c for c in ctx.columns if c.stage is stage).touchpoint
        name = stage.name
        if stage.touchpoints and first is not stage.touchpoints[0]:
            name = ctx.words.fill("continued", stages=stage.name)  # the rest of a long stage
        paras = [para(name, inner, t.heading_size, t.header_text, bold=True, max_lines=2)]
        if stage.goal and not ctx.overview:  # the overview's stages are narrow: names only
            goal_lines = max(3, ctx.text_lines // 2)  # a page lets text run longer
            paras.append(para(stage.goal, inner, t.small_size, t.header_text, max_lines=goal_lines))
        blocks.append((stage, x, w, paras))
    height = max((sum(p.height for p in paras) for *_, paras in blocks), default=0.0)
    prims: list[Primitive] = []
    for stage, x, w, paras in blocks:
        texts, _ = stack(paras, x + t.padding, y, w - 2 * t.padding)
        index = next(c.index for c in ctx.columns if c.stage is stage)
        prims.append(
            Group(
                id=f"stage-{index}",
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


def stage_row(words: Words) -> Row:
    return Row("stages", "stages", words["stages"], _stage_cells, optional=False, grid=False)


# -- touchpoints -----------------------------------------------------------------------


def channel_mode(journey: Journey, asked: str) -> Channels:
    """``asked`` (``"rows"``, ``"tags"`` or ``"auto"``) made definite for ``journey``.

    ``"auto"`` draws tags when one row per channel would leave most of its
    cells empty: with one touchpoint to a column, that is more than two
    channels in use.
    """
    if asked == "rows":
        return "rows"
    if asked == "tags":
        return "tags"
    used = {tp.channel for tp in journey.touchpoints}
    return "tags" if len(used) > 2 else "rows"


def touchpoint_rows(
    journey: Journey, words: Words, mode: Channels, lanes: bool = True
) -> list[Row]:
    """The touchpoint cards: one row per service-blueprint lane when touchpoints have
    lanes (and ``lanes``; else the lane is named on each card's tag); else one row
    per channel (``rows``) or one row with a channel tag on each card (``tags``)."""
    touchpoints = journey.touchpoints
    legend = _card_legend
    if lanes and any(tp.lane for tp in touchpoints):
        used_lanes: list[str | None] = [
            lane for lane in LANES if any(tp.lane == lane for tp in touchpoints)
        ]
        if any(tp.lane is None for tp in touchpoints):
            used_lanes.append(None)
        return [
            Row(
                f"lane-{lane or 'none'}",
                "touchpoints",
                words[f"lane_{lane or 'none'}"],
                _cards("lane", lane),
                legend=legend if i == 0 else None,
                optional=False,
            )
            for i, lane in enumerate(used_lanes)
        ]
    used = [ch.id for ch in journey.channels if any(tp.channel == ch.id for tp in touchpoints)]
    if mode == "tags" or not used:
        return [
            Row(
                "touchpoints",
                "touchpoints",
                words["touchpoints"],
                _cards(None, None),
                legend=legend,
                optional=False,
            )
        ]
    rows = [
        Row(f"channel-{i}", "touchpoints", journey.channel(ch).name, _cards("channel", ch))
        for i, ch in enumerate(used)
    ]
    if any(tp.channel is None for tp in touchpoints):
        rows.append(
            Row("channel-none", "touchpoints", words["no_channel"], _cards("channel", None))
        )
    return rows


def _card_legend(ctx: Ctx, top: float) -> tuple[list[Primitive], float]:
    """The key to the marks on the cards: ● online, ■ offline (the kinds in use, when
    tagged), the hotspot badge and the findings badge (when any card has one)."""
    t = ctx.theme
    kinds = {ctx.journey.channel(tp.channel).kind for tp in ctx.journey.touchpoints if tp.channel}
    prims: list[Primitive] = []
    y = top
    width = t.label_width - 2 * t.padding
    for key, text, fill, colour in (
        ("hotspot_key", ctx.words.fill("hotspot_badge", rank=1), t.negative, t.background),
        ("findings_key", ctx.words.fill("findings_badge", n=1), t.text, t.background),
    ):
        if (key == "hotspot_key" and not ctx.ranks) or (key == "findings_key" and not ctx.findings):
            continue
        b = badge(text, t.small_size, fill, colour)
        prims.append(place_badge(b, t.padding, y, t.small_size))
        texts, h = stack(
            [para(ctx.words[key], width - b.width - 6, t.small_size, t.text, max_lines=3)],
            t.padding + b.width + 6,
            y,
            width - b.width - 6,
        )
        prims += texts
        y += max(h, b.height) + 3
    if ctx.channels != "tags":
        return prims, y - top
    for kind in ("online", "offline"):
        if kind not in kinds:
            continue
        line_h = t.small_size * LINE_HEIGHT
        prims.append(_kind_mark(kind, t.padding + 6, y + line_h / 2, ctx))
        texts, h = stack(
            [para(ctx.words[kind], t.label_width - 3 * t.padding - 12, t.small_size, t.text)],
            t.padding + 16,
            y,
            t.label_width - 3 * t.padding - 12,
        )
        prims += texts
        y += h + 2
    return prims, y - top


def _kind_mark(kind: str, x: float, y: float, ctx: Ctx) -> Marker:
    t = ctx.theme
    online = kind == "online"
    return Marker(
        x=x,
        y=y,
        size=8,
        shape=_KIND_SHAPES.get(kind, "diamond"),
        fill=t.accent if online else t.surface,
        stroke=t.accent if online else t.muted,
        stroke_width=1.5,
    )


def _card_paras(ctx: Ctx, tp: Touchpoint, width: float) -> tuple[list[Para], Channel | None]:
    t = ctx.theme
    paras = [para(tp.name, width, t.body_size, t.text, bold=True, max_lines=ctx.name_lines)]
    channel = ctx.journey.channel(tp.channel) if tp.channel is not None else None
    if channel is not None:
        if ctx.channels == "rows":
            text = f"{channel.name} · {ctx.words[channel.kind]}"
            paras.append(para(text, width, t.small_size, t.muted, max_lines=2))
        else:  # the tag: a mark for the kind, then the channel's name
            name = channel.name
            if ctx.lane_tags and tp.lane:
                name = f"{ctx.words[f'lane_{tp.lane}']} · {name}"
            paras.append(para(name, width - 14, t.small_size, t.muted, max_lines=4))
    return paras, channel


def _cards(
    field: str | None, value: str | None
) -> Callable[[Ctx, float], tuple[list[Primitive], float]]:
    """The cards of the touchpoints whose ``field`` equals ``value`` (all if None)."""

    def belongs(tp: Touchpoint) -> bool:
        return field is None or getattr(tp, field) == value

    def build(ctx: Ctx, y: float) -> tuple[list[Primitive], float]:
        t = ctx.theme
        text_w = ctx.inner - 2 * t.padding
        cards = []
        for col in ctx.columns:
            tp = col.touchpoint
            if tp is None or not belongs(tp):
                continue
            paras, channel = _card_paras(ctx, tp, text_w)
            cards.append((col, tp, paras, channel))
        height = (
            max((sum(p.height for p in paras) for *_, paras, _ in cards), default=0.0)
            + 2 * t.padding
        )
        prims: list[Primitive] = []
        for col, tp, paras, channel in cards:
            x = col.x + 2 * t.padding
            hot = tp.id in ctx.ranks  # a top hotspot's card has a warm, heavier edge
            children: list[Primitive] = [
                Rect(
                    x=col.x + t.padding,
                    y=y,
                    width=ctx.inner,
                    height=height,
                    fill=t.surface,
                    stroke=t.negative if hot else t.accent,
                    stroke_width=2.5 if hot else 1.5,
                    rx=6,
                )
            ]
            if channel is not None and ctx.channels == "tags":
                name_h = paras[0].height
                texts, _ = stack(paras[:1], x, y + t.padding, text_w)
                tag, _ = stack(paras[1:], x + 14, y + t.padding + name_h + 2, text_w - 14)
                mark_y = y + t.padding + name_h + 2 + t.small_size * LINE_HEIGHT / 2
                children += [*texts, _kind_mark(channel.kind, x + 5, mark_y, ctx), *tag]
            else:
                texts, _ = stack(paras, x, y + t.padding, text_w)
                children += texts
            children += _card_badges(ctx, tp, col.x + t.padding, y, ctx.inner)
            prims.append(
                Group(
                    id=f"touchpoint-{col.index}",
                    cls="touchpoint hotspot" if hot else "touchpoint",
                    title=clean(tp.name),
                    children=tuple(children),
                )
            )
        return prims, height

    return build


def _card_badges(ctx: Ctx, tp: Touchpoint, x: float, y: float, width: float) -> list[Primitive]:
    """Badges on the card's top edge: its hotspot rank at the right, its findings at the left."""
    t = ctx.theme
    out: list[Primitive] = []
    rank = ctx.ranks.get(tp.id)
    if rank is not None:
        b = badge(
            ctx.words.fill("hotspot_badge", rank=rank), t.small_size, t.negative, t.background
        )
        out.append(place_badge(b, x + width - b.width - 8, y - b.height / 2, t.small_size, "rank"))
    found = ctx.findings.get(tp.id)
    if found:
        b = badge(
            ctx.words.fill("findings_badge", n=len(found)), t.small_size, t.text, t.background
        )
        out.append(place_badge(b, x + 8, y - b.height / 2, t.small_size, "finding-count"))
    return out


# -- lists ----------------------------------------------------------------------------


def _list_cells(
    items_of: Callable[[Ctx, Touchpoint], list[Para]], cls: str
) -> Callable[[Ctx, float], tuple[list[Primitive], float]]:
    def build(ctx: Ctx, y: float) -> tuple[list[Primitive], float]:
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


def _limited(texts: Sequence[str], make: Callable[[str], Para], ctx: Ctx) -> list[Para]:
    paras = [make(text) for text in texts[: ctx.items]]
    if len(texts) > ctx.items:
        more = ctx.words.fill("more", n=len(texts) - ctx.items)
        paras.append(para(more, ctx.inner, ctx.theme.small_size, ctx.theme.muted))
    return paras


def _actions(ctx: Ctx, tp: Touchpoint) -> list[Para]:
    t = ctx.theme
    return _limited(
        tp.actions,
        lambda a: para(
            f"•\u00a0{a}", ctx.inner, t.body_size, t.text, max_lines=ctx.text_lines, gap=3
        ),
        ctx,
    )


def _thoughts(ctx: Ctx, tp: Touchpoint) -> list[Para]:
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
            max_lines=ctx.text_lines,
            gap=3,
        ),
        ctx,
    )


def _opportunities(ctx: Ctx, tp: Touchpoint) -> list[Para]:
    t = ctx.theme
    w = ctx.words
    paras: list[Para] = []
    for opp in tp.opportunities[: ctx.items]:
        paras.append(
            para(
                f"→\u00a0{opp.description}",
                ctx.inner,
                t.body_size,
                t.text,
                max_lines=ctx.text_lines,
            )
        )
        detail: list[str] = [opp.status]
        detail.append(w.fill("owner", owner=opp.owner) if opp.owner else w["no_owner"])
        if opp.impact is not None:
            detail.append(w.fill("impact", n=opp.impact))
        if opp.effort is not None:
            detail.append(w.fill("effort", n=opp.effort))
        lines = max(2, ctx.text_lines // 3)
        paras.append(
            para(" · ".join(detail), ctx.inner, t.small_size, t.muted, max_lines=lines, gap=4)
        )
    if len(tp.opportunities) > ctx.items:
        more = w.fill("more", n=len(tp.opportunities) - ctx.items)
        paras.append(para(more, ctx.inner, t.small_size, t.muted))
    return paras


# -- pain points -----------------------------------------------------------------------


def _pain_cells(ctx: Ctx, y: float) -> tuple[list[Primitive], float]:
    """Each pain point on a card with a warm edge, its severity in a badge ("S4")."""
    t = ctx.theme
    tint = mix(t.surface, t.negative, 0.08)
    pad = t.padding * 0.6
    edge = 4.0
    prims: list[Primitive] = []
    height = 0.0
    for col in ctx.columns:
        tp = col.touchpoint
        if tp is None or not tp.pain_points:
            continue
        top = y
        for pain in tp.pain_points[: ctx.items]:
            b = badge(
                f"S{pain.severity}",
                t.small_size,
                t.severity[pain.severity - 1],
                t.severity_text[pain.severity - 1],
            )
            left = col.x + t.padding
            text_x = left + edge + pad + b.width + 5
            text_w = left + ctx.inner - pad - text_x
            p = para(pain.description, text_w, t.body_size, t.text, max_lines=ctx.pain_lines)
            texts, h = stack([p], text_x, top + pad, text_w)
            card_h = max(h, b.height + 2) + 2 * pad
            severity = ctx.words.fill("severity", n=pain.severity)
            prims.append(
                Group(
                    cls="pain-point",
                    title=f"{severity}: {clean(pain.description)}",
                    children=(
                        Rect(x=left, y=top, width=ctx.inner, height=card_h, fill=tint, rx=4),
                        Rect(x=left, y=top, width=edge, height=card_h, fill=t.negative, rx=2),
                        place_badge(b, left + edge + pad, top + pad + 1, t.small_size),
                        *texts,
                    ),
                )
            )
            top += card_h + 6
        if len(tp.pain_points) > ctx.items:
            more = ctx.words.fill("more", n=len(tp.pain_points) - ctx.items)
            texts, h = stack(
                [para(more, ctx.inner, t.small_size, t.muted)], col.x + t.padding, top, ctx.inner
            )
            prims += texts
            top += h + 6
        height = max(height, top - 6 - y)
    return prims, height


# -- metrics ----------------------------------------------------------------------------


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


def _metric_paras(metrics: Sequence[Metric], width: float, ctx: Ctx) -> list[Para]:
    t = ctx.theme
    paras: list[Para] = []
    for m in metrics[: ctx.items]:
        paras.append(para(m.name, width, t.small_size, t.text, bold=True, max_lines=2))
        line, on = metric_text(m, ctx.words)
        colour = t.negative if on is False else t.muted if m.value is None else t.text
        paras.append(para(line, width, t.small_size, colour, max_lines=2, gap=4))
    if len(metrics) > ctx.items:
        more = ctx.words.fill("more", n=len(metrics) - ctx.items)
        paras.append(para(more, width, t.small_size, t.muted))
    return paras


def _stage_metrics(ctx: Ctx, y: float) -> tuple[list[Primitive], float]:
    """Each stage's own metrics in a box across its columns, side by side in the box."""
    t = ctx.theme
    prims: list[Primitive] = []
    height = 0.0
    for stage, x, w in stage_spans(ctx.columns):
        if not stage.metrics:
            continue
        per_line = max(int((w - t.padding) // t.column_width), 1)
        cell = (w - t.padding) / per_line
        inner = cell - 2 * t.padding
        blocks = [_metric_paras([m], inner, ctx) for m in stage.metrics[: ctx.items]]
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
        if len(stage.metrics) > ctx.items:
            more = ctx.words.fill("more", n=len(stage.metrics) - ctx.items)
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


def _metric_cells(ctx: Ctx, y: float) -> tuple[list[Primitive], float]:
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


# -- findings ----------------------------------------------------------------------------


def _finding_cells(ctx: Ctx, y: float) -> tuple[list[Primitive], float]:
    t = ctx.theme
    prims: list[Primitive] = []
    height = 0.0
    for col in ctx.columns:
        if col.touchpoint is None:
            continue
        found = ctx.findings.get(col.touchpoint.id, [])
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


def content_rows(words: Words) -> dict[str, Row]:
    """The rows under the touchpoints but the emotion curve, by aspect."""
    return {
        "actions": Row("actions", "actions", words["actions"], _list_cells(_actions, "actions")),
        "thoughts": Row(
            "thoughts", "thoughts", words["thoughts"], _list_cells(_thoughts, "thoughts")
        ),
        "pain_points": Row("pain_points", "pain_points", words["pain_points"], _pain_cells),
        "opportunities": Row(
            "opportunities",
            "opportunities",
            words["opportunities"],
            _list_cells(_opportunities, "opportunities"),
        ),
        "metrics": Row("metrics", "metrics", words["metrics"], _metric_cells),
        "findings": Row("findings", "findings", words["findings"], _finding_cells),
    }
