"""The hotspots view: touchpoints ranked by pain score, as stacked horizontal bars.

One row per touchpoint that scores above 0, highest first: its rank, its
name (with its stage and reach share under it), a bar made of the four
weighted parts of the score (pain, unaddressed pain, negative emotion,
drop-off) with the score written at its end, and under the bar the same
parts written out in numbers, so the reading never rests on colour.
Touchpoints scoring 0 are counted in a footnote instead of drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from journeykit.analysis.hotspot_scores import Hotspot, Weights, hotspots
from journeykit.layout import LayoutError
from journeykit.layout.blocks import fmt_number, heading, para, plural, stack, view_scene
from journeykit.layout.chart import Chart, Series, stage_spans
from journeykit.layout.pages import Pages, paged
from journeykit.layout.scene import Group, Primitive, Rect, Scene, Text
from journeykit.layout.text import LINE_HEIGHT, clean, text_width
from journeykit.layout.theme import Theme, get_theme
from journeykit.layout.views.registry import Option, View, journey_of
from journeykit.model import Journey

__all__ = ["VIEW", "hotspots_view"]

# (field of Contributions, word in the per-row breakdown, legend entry, colour: an index
# of the theme's pain_parts, or -1 for drop-off, drawn hollow in the muted colour)
_PARTS: tuple[tuple[str, str, str, int], ...] = (
    ("pain", "pain", "pain (severity)", 0),
    ("unaddressed", "unaddressed", "unaddressed pain", 1),
    ("negative_emotion", "emotion", "negative emotion", 2),
    ("dropoff", "drop-off", "drop-off", -1),
)


def _colour(t: Theme, index: int) -> str:
    return t.muted if index < 0 else t.pain_parts[index]


def hotspots_view(
    subject: Journey | Sequence[Hotspot],
    theme: str | Theme | None = None,
    *,
    top: int | None = 10,
    weights: Weights | Mapping[str, float] | None = None,
    journey: Journey | None = None,
    page: str | tuple[float, float] = "screen",
) -> Scene | Pages:
    """Lay out the pain hotspots of a journey as ranked, stacked bars.

    Parameters
    ----------
    subject : Journey or Results[Hotspot]
        A journey, or hotspots from :func:`journeykit.hotspots`.
    theme : str or Theme, optional
    top : int or None, default 10
        Draw at most this many touchpoints; ``None`` draws every one that
        scores above 0, ``0`` none.
    weights : Weights or mapping, optional
        The weights of the score, as for :func:`journeykit.hotspots`; only
        when ``subject`` is a journey.
    journey : Journey, optional
        The journey hotspots built by hand came from (the result of
        :func:`journeykit.hotspots` carries its own).
    """
    if page != "screen":  # laid out with the page's type, then on its pages
        return paged(
            lambda th: hotspots_view(subject, th, top=top, weights=weights, journey=journey),
            get_theme(theme),
            page,
        )
    t = get_theme(theme)
    _check_top(top)
    if isinstance(subject, Journey):
        journey = subject
        ranked = list(hotspots(journey, weights=weights))
        weight = Weights.of(weights)
    elif isinstance(subject, tuple | list) and all(isinstance(h, Hotspot) for h in subject):
        journey = journey_of(subject, journey)
        if weights is not None:
            raise LayoutError(
                "weights= applies when drawing a journey; these hotspots are already scored"
            )
        ranked = list(subject)
        weight = None
    else:
        raise LayoutError(
            f"the hotspots view draws a Journey or the result of jk.hotspots, "
            f"not {type(subject).__name__}"
        )

    scoring = [h for h in ranked if h.score > 0]
    zero = len(ranked) - len(scoring)
    shown = scoring if top is None else scoring[:top]
    cut = len(scoring) - len(shown)
    unlisted = max(len(journey.touchpoints) - len(ranked), 0)
    stage_names = {s.id: s.name for s in journey.stages}

    pad = t.padding
    margin = 2 * pad
    rank_labels = [f"{i}." for i in range(1, len(shown) + 1)]
    rank_w = max((text_width(r, t.heading_size, bold=True) for r in rank_labels), default=0) + pad
    label_w = t.label_width * 1.5
    bar_max = max(t.column_width * 1.8, 240.0)
    scores = [_fmt(h.score) for h in shown]
    score_w = max((text_width(s, t.body_size, bold=True) for s in scores), default=0.0) + pad
    bar_x = margin + rank_w + label_w + 2 * pad
    width = bar_x + bar_max + score_w + margin
    inner = width - 2 * margin

    parts: list[Primitive] = []
    header, height = heading(
        f"Pain hotspots — {journey.title}",
        _subtitle(len(shown), top, len(scoring)),
        margin,
        margin,
        inner,
        t,
        subtitle_lines=2,
    )
    parts.append(header)
    y = margin + height + pad

    legend, legend_h = _legend(t, margin, y, inner)
    parts.append(Group(id="legend", cls="legend", children=tuple(legend)))
    y += legend_h + pad

    colours = [_colour(t, c) for *_, c in _PARTS]
    best = max((h.score for h in shown), default=0.0)
    bar_h = t.body_size * 1.6
    for i, (h, score) in enumerate(zip(shown, scores, strict=True)):
        name = [para(h.name, label_w, t.body_size, t.text, bold=True, max_lines=3, gap=2)]
        name.append(
            para(
                f"{stage_names.get(h.stage, h.stage)} · {_reach(h)}",
                label_w,
                t.small_size,
                t.muted,
                max_lines=2,
            )
        )
        breakdown = para(_breakdown(h), bar_max + score_w, t.small_size, t.text, max_lines=2)
        label_h = sum(p.height for p in name)
        row_h = max(label_h, bar_h + 4 + breakdown.height) + 2 * pad
        top_y = y + pad
        row_fill = t.surface_alt if i % 2 else t.surface
        prims: list[Primitive] = [Rect(x=0, y=y, width=width, height=row_h, fill=row_fill)]
        rank, _ = stack(
            [para(rank_labels[i], rank_w, t.heading_size, t.text, bold=True)],
            margin,
            top_y,
            rank_w - pad / 2,
        )
        prims += rank
        label, _ = stack(name, margin + rank_w, top_y, label_w)
        prims += label
        x = bar_x
        for (field, *_), colour in zip(_PARTS, colours, strict=True):
            value = getattr(h.contributions, field)
            if value <= 0:
                continue
            w = value / best * bar_max if best else 0.0
            prims.append(_segment(field, x, top_y, w, bar_h, colour, row_fill, t))
            x += w
        score_x = x + 4
        prims.append(
            Text(
                x=score_x,
                y=top_y + bar_h / 2 + t.body_size * 0.35,
                lines=(score,),
                size=t.body_size,
                color=t.text,
                line_height=t.body_size * LINE_HEIGHT,
                bold=True,
                box=(
                    score_x,
                    top_y + (bar_h - t.body_size * LINE_HEIGHT) / 2,
                    score_w,
                    t.body_size * LINE_HEIGHT,
                ),
            )
        )
        lines, _ = stack([breakdown], bar_x, top_y + bar_h + 4, bar_max + score_w)
        prims += lines
        parts.append(
            Group(
                id=f"bar-{i + 1}",
                cls="hotspot",
                title=clean(f"{h.rank}. {h.name}: score {score}"),
                children=tuple(prims),
            )
        )
        y += row_h

    if not shown:
        message = (
            "top=0: no hotspots asked for."
            if top == 0 and scoring
            else "No touchpoint scores above 0: no pain points, negative emotions "
            "or measured drop-offs."
        )
        texts, h_ = stack(
            [para(message, inner, t.body_size, t.text, max_lines=3)], margin, y + pad, inner
        )
        parts.append(Group(id="empty", cls="empty", children=tuple(texts)))
        y += h_ + 2 * pad

    notes = [para(_formula(weight), inner, t.small_size, t.muted, max_lines=3, gap=2)]
    if zero:
        notes.append(
            para(
                f"{zero} touchpoint{'s' if zero != 1 else ''} without pain not shown (score 0).",
                inner,
                t.small_size,
                t.muted,
                max_lines=2,
                gap=2,
            )
        )
    if cut:
        notes.append(
            para(
                f"{cut} lower-scoring touchpoint{'s' if cut != 1 else ''} not shown (top={top}).",
                inner,
                t.small_size,
                t.muted,
                max_lines=2,
                gap=2,
            )
        )
    if unlisted:
        notes.append(
            para(
                f"{unlisted} touchpoint{'s' if unlisted != 1 else ''} of the journey "
                "not in the hotspots given.",
                inner,
                t.small_size,
                t.muted,
                max_lines=2,
                gap=2,
            )
        )
    texts, notes_h = stack(notes, margin, y + pad, inner)
    parts.append(Group(id="footnote", cls="footnote", children=tuple(texts)))
    height = y + pad + notes_h + margin

    laid_out = view_scene(
        "hotspots",
        t,
        width,
        height,
        f"Pain hotspots: {journey.title}",
        _describe(journey, shown, zero),
        parts,
    )
    return attrs.evolve(laid_out, chart=_chart(journey, shown, t))


def _chart(journey: Journey, shown: list[Hotspot], t: Theme) -> Chart:
    """The bars as chart data: every touchpoint in journey order, the shown ones stacked.

    Touchpoints in journey order (not ranked) keep the chart's categories the
    emotion curve's, so the two can share an x axis.
    """
    touchpoints = journey.touchpoints
    index = {tp.id: i for i, tp in enumerate(touchpoints)}
    placed = [(index[h.touchpoint], h) for h in shown if h.touchpoint in index]
    series = []
    for field, _, label, c in _PARTS:
        values: list[float | None] = [None] * len(touchpoints)
        for i, h in placed:
            value = getattr(h.contributions, field)
            values[i] = value if value > 0 else None
        series.append(
            Series(
                name=label,
                values=tuple(values),
                hollow=field == "dropoff",
                color=_colour(t, c),
            )
        )
    notes = [""] * len(touchpoints)
    for i, h in placed:
        notes[i] = f"{_fmt(h.score)} (#{h.rank})"
    return Chart(
        kind="bar",
        title=clean(f"Pain hotspots — {journey.title}"),
        categories=tuple(clean(tp.name) for tp in touchpoints),
        series=tuple(series),
        value_label="pain score",
        stacked=True,
        spans=stage_spans(journey),
        notes=tuple(notes) if any(notes) else (),
    )


def _segment(
    field: str, x: float, y: float, w: float, h: float, colour: str, behind: str, t: Theme
) -> Rect:
    """One part of a bar; drop-off is drawn hollow, so it differs by more than colour."""
    if field == "dropoff":
        inset = min(0.75, w / 2)
        return Rect(
            x=x + inset,
            y=y + 0.75,
            width=max(w - 2 * inset, 0.0),
            height=h - 1.5,
            fill=behind,
            stroke=colour,
            stroke_width=1.5,
        )
    return Rect(x=x, y=y, width=w, height=h, fill=colour, stroke=t.background, stroke_width=0.75)


def _check_top(top: Any) -> None:
    if top is None:
        return
    if isinstance(top, bool) or not isinstance(top, int):
        raise LayoutError(f"top must be a whole number or None, not {type(top).__name__}")
    if top < 0:
        raise LayoutError(f"top must be 0 or more, not {top}")


def _fmt(value: float) -> str:
    """A score for people: two decimals, or two significant digits below 0.1."""
    if value <= 0:
        return "0"
    if value < 0.001:
        return "<0.001"
    if value < 0.1:
        return f"{value:.2g}"
    return f"{value:.2f}"


def _reach(h: Hotspot) -> str:
    if h.volume is None:
        return "reach unknown (counted in full)"
    share = fmt_number(h.reach_share, "ratio")
    return f"reach {fmt_number(h.volume)} (share {share})"


def _breakdown(h: Hotspot) -> str:
    items = [
        f"{word} {_fmt(getattr(h.contributions, field))}"
        for field, word, _, _ in _PARTS
        if getattr(h.contributions, field) > 0
    ]
    return " · ".join(items)


def _subtitle(shown: int, top: int | None, scoring: int) -> str:
    if not scoring:
        return "No touchpoint scores above 0."
    limit = "" if top is None or scoring <= top else f" (top {top})"
    return (
        f"{shown} of {plural(scoring, 'touchpoint')} with pain{limit}, highest score first; "
        "each bar shows what its score is made of."
    )


def _legend(t: Theme, x0: float, y: float, width: float) -> tuple[list[Primitive], float]:
    """Swatches with the names of the four parts, flowing onto further lines when needed."""
    size = t.small_size
    line_h = size * LINE_HEIGHT
    swatch = size
    prims: list[Primitive] = []
    x, top = x0, y
    for field, _, label, c in _PARTS:
        text = clean(label)
        w = text_width(text, size)
        item_w = swatch + 4 + w
        if x > x0 and x + item_w > x0 + width:
            x, top = x0, top + line_h + 2
        p = para(text, min(w + 0.5, width - swatch - 4), size, t.text)
        prims.append(
            _segment(
                field,
                x,
                top + (line_h - swatch) / 2,
                swatch,
                swatch,
                _colour(t, c),
                t.background,
                t,
            )
        )
        texts, _ = stack([p], x + swatch + 4, top, min(w + 0.5, width - swatch - 4))
        prims += texts
        x += item_w + 3 * t.padding
    return [Group(cls="legend-items", children=tuple(prims))], top + line_h - y


def _formula(w: Weights | None) -> str:
    if w is None:
        return (
            "Score = reach share × the weighted sum of pain, unaddressed pain, negative emotion "
            "and drop-off (the hollow part); bar length relative to the highest score shown."
        )
    return (
        f"Score = reach share × ({_w(w.pain)}pain + {_w(w.unaddressed)}unaddressed pain + "
        f"{_w(w.negative_emotion)}negative emotion + {_w(w.dropoff)}drop-off); "
        "reach share = customers here ÷ customers at the busiest touchpoint; "
        "bar length relative to the highest score shown; drop-off is the hollow part."
    )


def _w(value: float) -> str:
    return "" if value == 1 else f"{value:g} × "


def _describe(journey: Journey, shown: list[Hotspot], zero: int) -> str:
    if not shown:
        text = f"Pain hotspots of {clean(journey.title)}: no touchpoint is shown."
        return text[:2000]
    items = []
    for h in shown[:5]:
        name = clean(h.name)
        if len(name) > 80:
            name = name[:79] + "…"
        items.append(f"{h.rank}. {name} (score {_fmt(h.score)}: {_breakdown(h)})")
    title = clean(journey.title)
    if len(title) > 200:
        title = title[:199] + "…"
    text = f"Pain hotspots of {title}, highest first: " + "; ".join(items) + "."
    if len(shown) > 5:
        text += f" {len(shown) - 5} more shown."
    if zero:
        text += f" {plural(zero, 'touchpoint')} without pain not shown."
    return text[:2000]


VIEW = View(
    name="hotspots",
    summary="Touchpoints ranked by pain score, each bar split into what its score is made of.",
    subjects=("journey", "hotspots"),
    options=(
        Option("top", int | None, 10, "Draw at most this many touchpoints; None: all scoring."),
        Option(
            "weights",
            Weights | Mapping | None,
            None,
            "The score's weights, as for jk.hotspots (journeys only).",
        ),
        Option("journey", Journey | None, None, "The journey hand-built hotspots came from."),
        Option(
            "page",
            str | tuple | list,
            "screen",
            "'screen' (free size), 'slide', 'a4', 'a3', 'letter' or (width, height): pages.",
        ),
    ),
    layout=hotspots_view,
)
