"""The emotion curve: the journey map's hero row, and the personas' small curves.

The hero row is the tallest of the map (at least a quarter of its height):
the curve is a bold line over a fill, cool above zero and warm below; its
peak, lowest point and sharpest drop are called out in words; every other
point has its value written beside it. Where the customer feels bad at a
touchpoint with pain points, a dotted line drops from the point to the pain
point cards in the row under the curve.

Each persona with emotions of its own gets a small curve in a row of its own
above the hero (``personas="separate"``, the default), drawn over the
overall curve in grey; or its curve is laid over the hero's, dashed
(``"overlay"``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import attrs

from journeykit.analysis.emotion import emotion_curve
from journeykit.layout.blocks import emotion_mark, para, stack
from journeykit.layout.curve import Label, area_fills, place_labels, signed
from journeykit.layout.journeymap.grid import Build, Ctx, Legend, Row
from journeykit.layout.scene import Group, Line, Marker, MarkerShape, Path, Primitive
from journeykit.layout.text import LINE_HEIGHT, clean, wrap
from journeykit.layout.theme import Theme
from journeykit.layout.words import Words
from journeykit.model import Journey

__all__ = ["HERO_MIN", "STRIP_HEIGHT", "emotion_rows", "hero_height", "shown_personas"]

HERO_MIN = 220.0
"""The least height of the hero's chart, in ems of body text × 14 (scene units on screen)."""

STRIP_HEIGHT = 96.0
"""The height of a persona's small curve (on screen)."""

_SHAPES: tuple[MarkerShape, ...] = ("square", "diamond", "circle", "triangle-up")
_CALLED = ("peak", "lowest", "drop")  # the moments called out in words, in this order
_FILL = 0.16  # opacity of the area between the curve and zero


def has_emotions(journey: Journey) -> bool:
    return any(tp.emotion is not None or tp.emotions for tp in journey.touchpoints)


def shown_personas(
    journey: Journey, personas: str | Sequence[str], persona: str | None
) -> list[str]:
    """The ids of the personas whose curves are drawn beside the hero's."""
    if persona is not None or personas == "none":
        return []
    having = [
        p.id for p in journey.personas if any(p.id in tp.emotions for tp in journey.touchpoints)
    ]
    if isinstance(personas, str):
        return having
    for pid in personas:
        journey.persona(pid)  # an unknown id says so
    return [pid for pid in personas if pid in having]


def hero_height(theme: Theme, overview: bool = False) -> float:
    """The least height of the hero's chart for ``theme``: a plot and its call-outs."""
    plot = (HERO_MIN - 4 * 14 * LINE_HEIGHT) * theme.body_size / 14
    return plot + 2 * _room(theme, overview)


def _room(theme: Theme, overview: bool) -> float:
    """Room above and below the plot for call-outs: two lines, four with names."""
    return (4 if overview else 2) * theme.body_size * LINE_HEIGHT + 6


# -- the hero ---------------------------------------------------------------------------


@attrs.frozen
class _Series:
    persona: str | None
    name: str
    colour: str
    shape: MarkerShape | None  # None: the emotion's own ▲ ● ▼


def _series(ctx: Ctx, overlay: Sequence[str]) -> list[_Series]:
    t = ctx.theme
    if ctx.persona is not None:
        main = _Series(ctx.persona, ctx.journey.persona(ctx.persona).name, t.text, None)
    else:
        main = _Series(None, ctx.words["overall"], t.text, None)
    out = [main]
    for i, pid in enumerate(overlay):
        colour = t.series[i % len(t.series)]
        out.append(_Series(pid, ctx.journey.persona(pid).name, colour, _SHAPES[i % len(_SHAPES)]))
    return out


def _values(ctx: Ctx, persona: str | None) -> list[tuple[float, float, float, float]]:
    """(x, value, column left, column right) of each point of a curve, in column order."""
    out = []
    for col in ctx.columns:
        tp = col.touchpoint
        if tp is None:
            continue
        value = tp.emotion if persona is None else tp.emotions.get(persona)
        if value is not None:
            out.append((col.x + col.width / 2, value, col.x, col.x + col.width))
    return out


def _scale(ctx: Ctx, plot_top: float, plot_bottom: float, with_ticks: bool) -> list[Primitive]:
    """The lines at +1, 0 and −1 (and faint ones at ±0.5), their values at the left."""
    t = ctx.theme
    prims: list[Primitive] = []

    def y_of(v: float) -> float:
        return plot_top + (1 - v) / 2 * (plot_bottom - plot_top)

    for level in (1, 0.5, 0, -0.5, -1):
        prims.append(
            Line(
                x1=ctx.left,
                y1=y_of(level),
                x2=ctx.right,
                y2=y_of(level),
                stroke=t.grid,
                stroke_width=1.25 if level == 0 else 0.75,
                dash=() if level == 0 else (3, 3) if abs(level) == 1 else (1, 4),
            )
        )
        if with_ticks and level in (1, 0, -1):
            # Just above its line at the chart's left edge, where no point sits.
            tick = {1: "+1", 0: "0", -1: "−1"}[int(level)]
            tick_h = t.small_size * LINE_HEIGHT
            texts, _ = stack(
                [para(tick, 28, t.small_size, t.muted)], ctx.left + 3, y_of(level) - tick_h - 1, 28
            )
            prims += texts
    return prims


def _moment_words(ctx: Ctx) -> dict[str, tuple[tuple[str, ...], float | None]]:
    """The moments of the main curve to call out: touchpoint → (kinds, fall into it)."""
    curve = emotion_curve(ctx.journey, ctx.persona)
    out: dict[str, tuple[tuple[str, ...], float | None]] = {}
    said: set[str] = set()  # a kind is called out once, at its first point: ties stay quiet
    for p in curve.points:
        kinds = tuple(k for k in _CALLED if k in p.moments and k not in said)
        said.update(kinds)
        if kinds:
            out[p.touchpoint] = (kinds, p.change if "drop" in kinds else None)
    return out


def _hero(overlay: Sequence[str], moments: bool, ties: bool) -> Build:
    def build(ctx: Ctx, top: float) -> tuple[list[Primitive], float]:
        t = ctx.theme
        if not has_emotions(ctx.journey):
            return [], 0.0
        height = max(ctx.hero_height, hero_height(t, ctx.overview))
        room = _room(t, ctx.overview)
        plot_top, plot_bottom = top + room, top + height - room

        def y_of(v: float) -> float:
            return plot_top + (1 - v) / 2 * (plot_bottom - plot_top)

        zero = y_of(0)
        prims = _scale(ctx, plot_top, plot_bottom, with_ticks=True)
        series = _series(ctx, overlay)
        main_points = _values(ctx, series[0].persona)
        placed = [(x, y_of(v)) for x, v, _, _ in main_points]
        prims += area_fills(placed, zero, t.positive, t.negative, _FILL)
        segments: list[tuple[float, float, float, float]] = []
        markers: list[tuple[float, float, float]] = []
        lines: list[Primitive] = []
        dots: list[Primitive] = []
        for s, item in enumerate(series):
            points = main_points if s == 0 else _values(ctx, item.persona)
            xy = [(x, y_of(v)) for x, v, _, _ in points]
            if len(xy) > 1:
                lines.append(
                    Path.polyline(
                        xy,
                        stroke=item.colour,
                        stroke_width=3.0 if s == 0 else 1.75,
                        dash=() if s == 0 else (6, 3),
                    )
                )
                segments += [(*a, *b) for a, b in itertools.pairwise(xy)]
            for (x, v, _, _), (_, y) in zip(points, xy, strict=True):
                shape, fill = (
                    emotion_mark(v, t) if item.shape is None else (item.shape, item.colour)
                )
                size = 13.0 if s == 0 else 8.0
                dots.append(
                    Marker(
                        x=x,
                        y=y,
                        size=size,
                        shape=shape,
                        fill=fill,
                        stroke=t.background,
                        stroke_width=1.25,
                    )
                )
                markers.append((x, y, size / 2))
        # Dips with pain points: a dotted line down to the pain cards under the curve.
        tie_lines: list[Primitive] = []
        if ties:
            by_x = {col.x + col.width / 2: col.touchpoint for col in ctx.columns}
            for (x, v, _, _), (_, y) in zip(main_points, placed, strict=True):
                tp = by_x.get(x)
                if v < 0 and tp is not None and tp.pain_points:
                    tie = (x, y + 9, x, top + height + t.padding)
                    segments.append(tie)
                    tie_lines.append(
                        Line(
                            x1=tie[0],
                            y1=tie[1],
                            x2=tie[2],
                            y2=tie[3],
                            stroke=t.negative,
                            stroke_width=1.25,
                            dash=(2, 3),
                        )
                    )
        called = _moment_words(ctx) if moments else {}
        labels: list[Label] = []
        rest: list[Label] = []
        tp_at = {col.x + col.width / 2: col.touchpoint for col in ctx.columns}
        for (x, v, left, right), (_, y) in zip(main_points, placed, strict=True):
            tp = tp_at[x]
            assert tp is not None
            if tp.id in called:
                kinds, change = called[tp.id]
                words = " · ".join(ctx.words[k] for k in kinds)
                value = signed(v)
                if change is not None:
                    value += f", {ctx.words.fill('fell', n=signed(-change).lstrip('+'))}"
                colour = t.negative if v < 0 or change is not None else t.text
                said: tuple[str, ...] = (words, value)
                if ctx.overview:  # no card under the point: say which touchpoint it is
                    name = wrap(tp.name, 14 * t.body_size, t.body_size, max_lines=2, bold=True)
                    said = (f"{words} {value}", *name.lines)
                labels.append(
                    Label(
                        x,
                        y,
                        said,
                        t.body_size,
                        colour,
                        ctx.left,
                        ctx.right,
                        prefer="up" if "peak" in kinds else "down",
                        cls="emotion-moment",
                        radius=8,
                    )
                )
                markers.append((x, y, 9))
            else:
                rest.append(Label(x, y, (signed(v),), t.small_size, t.text, left + 2, right - 2))
            rank = ctx.ranks.get(tp.id)
            if rank is not None and ctx.overview:  # no card to carry the rank: the point does
                text = ctx.words.fill("hotspot_badge", rank=rank)
                labels.append(
                    Label(
                        x,
                        y,
                        (text,),
                        t.small_size,
                        t.background,
                        ctx.left,
                        ctx.right,
                        cls="rank",
                        fill=t.negative,
                    )
                )
        # The most extreme point first: the lowest takes the room under the curve, the
        # peak the room above it, so call-outs sit by their points, leaders uncrossed.
        labels.sort(key=lambda a: -a.y if a.prefer == "down" else a.y - 1e6 if a.prefer else 0)
        words_drawn = place_labels([*labels, *rest], segments, markers, top, top + height, t)
        rings = [
            Marker(x=x, y=y, size=19, shape="circle", fill=None, stroke=t.text, stroke_width=1.5)
            for (x, v, _, _), (_, y) in zip(main_points, placed, strict=True)
            if (tp := tp_at[x]) is not None and tp.id in called
        ]
        children = (*prims, *tie_lines, *lines[1:], *lines[:1], *rings, *dots, *words_drawn)
        return [Group(cls="emotion-curve", children=children)], height

    return build


def _hero_legend(overlay: Sequence[str], ties: bool) -> Legend:
    def legend(ctx: Ctx, top: float) -> tuple[list[Primitive], float]:
        t = ctx.theme
        width = t.label_width - 2 * t.padding - 18
        x = t.padding + 7
        entries: list[tuple[list[Primitive], str]] = []

        def mark(shape: MarkerShape, fill: str) -> list[Primitive]:
            return [Marker(x=x, y=0, size=10, shape=shape, fill=fill, stroke=t.background)]

        entries.append((mark("triangle-up", t.positive), ctx.words["above_zero"]))
        entries.append((mark("triangle-down", t.negative), ctx.words["below_zero"]))
        for item in _series(ctx, overlay)[1:]:
            sample: list[Primitive] = [
                Line(
                    x1=x - 7,
                    y1=0,
                    x2=x + 7,
                    y2=0,
                    stroke=item.colour,
                    stroke_width=1.75,
                    dash=(4, 2),
                ),
                Marker(x=x, y=0, size=7, shape=item.shape or "circle", fill=item.colour),
            ]
            entries.append((sample, clean(item.name)))
        if ties:
            entries.append(
                (
                    [
                        Line(
                            x1=x,
                            y1=-6,
                            x2=x,
                            y2=6,
                            stroke=t.negative,
                            stroke_width=1.25,
                            dash=(2, 3),
                        )
                    ],
                    ctx.words["pain_tie"],
                )
            )
        return _legend_rows(entries, x + 11, top, width, t, max_lines=3, gap=3)

    return legend


def _legend_rows(
    entries: Iterable[tuple[Sequence[Primitive], str]],
    text_x: float,
    top: float,
    width: float,
    t: Theme,
    *,
    max_lines: int,
    gap: float,
) -> tuple[list[Primitive], float]:
    """A key's rows, each a sample of a mark (drawn about y = 0) and its words; and their height."""
    line_h = t.small_size * LINE_HEIGHT
    prims: list[Primitive] = []
    y = top
    for sample, text in entries:
        texts, h = stack(
            [para(text, width, t.small_size, t.text, max_lines=max_lines)], text_x, y, width
        )
        prims.append(
            Group(cls="legend-sample", translate=(0.0, y + line_h / 2), children=tuple(sample))
        )
        prims += texts
        y += h + gap
    return prims, y - top


# -- the personas' small curves ------------------------------------------------------------


def _strip(pid: str, index: int) -> Build:
    def build(ctx: Ctx, top: float) -> tuple[list[Primitive], float]:
        t = ctx.theme
        height = STRIP_HEIGHT * t.body_size / 14
        plot_top, plot_bottom = top + 4, top + height - 4

        def y_of(v: float) -> float:
            return plot_top + (1 - v) / 2 * (plot_bottom - plot_top)

        prims = _scale(ctx, plot_top, plot_bottom, with_ticks=False)
        overall = [(x, y_of(v)) for x, v, _, _ in _values(ctx, None)]
        own = _values(ctx, pid)
        xy = [(x, y_of(v)) for x, v, _, _ in own]
        colour = t.series[index % len(t.series)]
        prims += area_fills(xy, y_of(0), t.positive, t.negative, _FILL * 0.8)
        if len(overall) > 1:
            prims.append(Path.polyline(overall, stroke=t.muted, stroke_width=1.25, dash=(4, 3)))
        if len(xy) > 1:
            prims.append(Path.polyline(xy, stroke=colour, stroke_width=2.25))
        shape = _SHAPES[index % len(_SHAPES)]
        for x, y in xy:
            prims.append(Marker(x=x, y=y, size=8, shape=shape, fill=colour, stroke=t.background))
        name = clean(ctx.journey.persona(pid).name)
        return [Group(cls="persona-curve", title=name, children=tuple(prims))], height

    return build


def _strip_legend(index: int) -> Legend:
    def legend(ctx: Ctx, top: float) -> tuple[list[Primitive], float]:
        t = ctx.theme
        width = t.label_width - 2 * t.padding - 24
        x = t.padding + 10
        colour = t.series[index % len(t.series)]
        samples: tuple[tuple[list[Primitive], str], ...] = (
            (
                [
                    Line(x1=x - 10, y1=0, x2=x + 10, y2=0, stroke=colour, stroke_width=2.25),
                    Marker(x=x, y=0, size=8, shape=_SHAPES[index % len(_SHAPES)], fill=colour),
                ],
                ctx.words["this_persona"],
            ),
            (
                [
                    Line(
                        x1=x - 10,
                        y1=0,
                        x2=x + 10,
                        y2=0,
                        stroke=t.muted,
                        stroke_width=1.25,
                        dash=(4, 3),
                    )
                ],
                ctx.words["overall"],
            ),
        )
        return _legend_rows(samples, x + 14, top, width, t, max_lines=2, gap=2)

    return legend


def emotion_rows(
    ctx: Ctx,
    words: Words,
    personas: str | Sequence[str],
    moments: bool,
    ties: bool,
) -> tuple[list[Row], Row]:
    """The personas' small curves (rows above the hero) and the hero row itself."""
    shown = shown_personas(ctx.journey, personas, ctx.persona)
    overlay = shown if personas == "overlay" else []
    strips = [] if personas == "overlay" else shown
    index = {p.id: i for i, p in enumerate(ctx.journey.personas)}
    strip_rows = [
        Row(
            f"emotion-{index[pid]}",
            "emotion",
            ctx.journey.persona(pid).name,
            _strip(pid, index[pid]),
            legend=_strip_legend(index[pid]),
        )
        for pid in strips
    ]
    hero = Row(
        "emotion",
        "emotion",
        words["emotion"],
        _hero(overlay, moments, ties),
        legend=_hero_legend(overlay, ties),
    )
    return strip_rows, hero
