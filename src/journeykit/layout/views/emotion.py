"""The emotion view: the emotion curve across stages, one line per persona.

The overall emotion is the bold line; each persona's is a dashed line with
its own marker shape. Under every touchpoint its name and its moments of
truth (lowest point, sharpest drop, peak, end) are written out, so the
reading never depends on colour.
"""

from __future__ import annotations

import itertools
from typing import Any

import attrs

from journeykit._checks import show
from journeykit.analysis.emotion import EmotionCurve, emotion_curve
from journeykit.layout import LayoutError
from journeykit.layout.blocks import emotion_mark, heading, para, stack, view_scene
from journeykit.layout.chart import Chart, Series, stage_spans
from journeykit.layout.curve import Point, area_fills, signed, value_labels
from journeykit.layout.journeymap.paging import emotion_page
from journeykit.layout.pages import Pages, page_of, page_theme
from journeykit.layout.scene import Group, Line, Marker, MarkerShape, Path, Primitive, Rect, Scene
from journeykit.layout.text import LINE_HEIGHT, clean, text_width
from journeykit.layout.theme import Theme, get_theme
from journeykit.layout.views.registry import Option, View, journey_of
from journeykit.layout.words import Words
from journeykit.model import Journey

__all__ = ["VIEW", "emotion_view"]

_MOMENT_LABELS = {
    "lowest": "▼ lowest point",
    "drop": "↘ sharpest drop",
    "peak": "▲ peak",
    "end": "■ end",
}
_PERSONA_SHAPES: tuple[MarkerShape, ...] = ("square", "diamond", "circle")
_CHART_HEIGHT = 240.0


def emotion_view(
    subject: Journey | EmotionCurve,
    theme: str | Theme | None = None,
    *,
    persona: str | None = None,
    journey: Journey | None = None,
    page: str | tuple[float, float] = "screen",
) -> Scene | Pages:
    """Lay out the emotion curve of a journey.

    Parameters
    ----------
    subject : Journey or EmotionCurve
        A journey, or a curve from :func:`journeykit.emotion_curve`.
    theme : str or Theme, optional
    persona : str, optional
        Draw only this persona's curve; by default the overall emotion and
        every persona that has emotions of its own. Only for a journey.
    journey : Journey, optional
        The journey a curve built by hand came from (a curve from
        :func:`journeykit.emotion_curve` carries its own).
    page : str or (float, float), default "screen"
        On a page (``"slide"``, ``"a3"``…): one page, the curve of the whole
        journey across it at the page's type sizes, its moments named, and
        each persona's small curve under it as room allows.
    """
    t = get_theme(theme)
    if isinstance(subject, EmotionCurve):
        journey = journey_of(subject, journey)
        if persona is not None:
            raise LayoutError(
                "persona= is for drawing a journey; this curve is already of one persona "
                "(jk.emotion_curve(journey, persona) makes another)"
            )
        curves = [(subject.persona, _label(journey, subject.persona), subject)]
    elif isinstance(subject, Journey):
        journey = subject
        curves = _curves(journey, persona)
    else:
        raise LayoutError(
            f"the emotion view draws a Journey or an EmotionCurve, not {show(subject)}"
        )
    sheet = page_of(page)
    if sheet is not None:
        who = curves[0][0] if curves else None
        return emotion_page(journey, page_theme(t, sheet), sheet, who, _describe(journey, curves))
    touchpoints = journey.touchpoints
    column = max(t.column_width * 0.7, 96.0)
    left = t.label_width * 0.6
    # A stage without touchpoints keeps a column of its own, as on the map.
    slots = sum(max(len(stage.touchpoints), 1) for stage in journey.stages)
    width = left + max(slots, 1) * column + t.padding * 2
    x_of: dict[str, float] = {}
    empty_at: dict[str, float] = {}
    slot = 0
    for stage in journey.stages:
        if not stage.touchpoints:
            empty_at[stage.id] = left + (slot + 0.5) * column
            slot += 1
        for tp in stage.touchpoints:
            x_of[tp.id] = left + (slot + 0.5) * column
            slot += 1

    parts: list[Primitive] = []
    inner = width - 4 * t.padding
    header, header_height = heading(
        f"Emotion along the journey — {journey.title}",
        "How the customer feels at each touchpoint, from −1 to +1; the fill is warm below 0, "
        "cool above.",
        2 * t.padding,
        2 * t.padding,
        inner,
        t,
        subtitle_lines=2,
    )
    parts.append(header)
    y = header_height + 2 * t.padding
    key, key_height = _key(curves, t, 2 * t.padding, y, inner)
    parts.append(key)
    y += key_height + t.padding

    # Stage bands with their names.
    bands, band_height = _stage_bands(journey, t, x_of, empty_at, column, y)
    parts += bands
    chart_top = y + band_height + t.padding * 2

    def y_of(value: float) -> float:
        return chart_top + (1 - value) / 2 * _CHART_HEIGHT

    axis: list[Primitive] = []
    for level, text in ((1, "+1"), (0.5, "+0.5"), (0, "0"), (-0.5, "−0.5"), (-1, "−1")):
        axis.append(
            Line(
                x1=left,
                y1=y_of(level),
                x2=width - t.padding,
                y2=y_of(level),
                stroke=t.grid,
                stroke_width=1 if level == 0 else 0.5,
                dash=() if level == 0 else (3, 3),
            )
        )
        label, _ = stack(
            [para(text, left - 2 * t.padding, t.small_size, t.muted)],
            t.padding,
            y_of(level) - t.small_size * LINE_HEIGHT / 2,
            left - 2 * t.padding,
            anchor="end",
        )
        axis += label
    parts.append(Group(id="axis", cls="axis", children=tuple(axis)))

    labelled: list[Point] = []
    segments: list[tuple[float, float, float, float]] = []
    markers: list[tuple[float, float, float]] = []
    for c, (persona_id, _, curve) in enumerate(curves):
        main = c == 0
        colour = (
            t.text
            if persona_id is None
            else t.series[(c - (0 if curves[0][0] is not None else 1)) % len(t.series)]
        )
        points = [(x_of[p.touchpoint], y_of(p.emotion), p.emotion) for p in curve.points]
        if main:  # under every line: warm below zero, cool above
            fills = area_fills(
                [(x, y) for x, y, _ in points], y_of(0), t.positive, t.negative, 0.16
            )
            parts.append(Group(id="fill", cls="curve-fill", children=tuple(fills)))
        prims: list[Primitive] = []
        if len(points) > 1:
            line = [(x, y) for x, y, _ in points]
            prims.append(
                Path.polyline(
                    line,
                    stroke=colour,
                    stroke_width=2.5 if main else 1.5,
                    dash=() if main else (5, 3),
                )
            )
            segments += [(*a, *b) for a, b in itertools.pairwise(line)]
        for x, py, value in points:
            shape: MarkerShape
            if main:
                shape, fill = emotion_mark(value, t)
            else:
                shape, fill = _PERSONA_SHAPES[(c - 1) % len(_PERSONA_SHAPES)], colour
            size = 10 if main else 7
            prims.append(
                Marker(
                    x=x,
                    y=py,
                    size=size,
                    shape=shape,
                    fill=fill,
                    stroke=t.background,
                    stroke_width=1,
                )
            )
            markers.append((x, py, size / 2))
            if main:
                labelled.append(Point(x, py, value, x - column / 2 + 2, x + column / 2 - 2))
        parts.append(
            Group(
                id=f"curve-{c}",
                cls="curve",
                title=clean(_label(journey, persona_id)),
                children=tuple(prims),
            )
        )
    labels = value_labels(
        labelled, segments, markers, chart_top - t.padding, chart_top + _CHART_HEIGHT + t.padding, t
    )
    parts.append(Group(id="values", cls="values", children=tuple(labels)))

    # Touchpoint names and moments of truth under the chart.
    bottom = chart_top + _CHART_HEIGHT + t.padding * 2
    main_curve = curves[0][2] if curves else None
    moments: dict[str, list[str]] = {}
    if main_curve is not None:
        for p in main_curve.points:
            moments[p.touchpoint] = [_MOMENT_LABELS[k] for k in p.moments]
    names: list[Primitive] = []
    tallest = 0.0
    for tp in touchpoints:
        x = x_of[tp.id] - column / 2 + 4
        block = [para(tp.name, column - 8, t.small_size, t.text, max_lines=3, gap=2)]
        block += [
            para(
                m,
                column - 8,
                t.small_size,
                t.negative if "drop" in m or "lowest" in m else t.text,
                bold=True,
            )
            for m in moments.get(tp.id, [])
        ]
        texts, h = stack(block, x, bottom, column - 8)
        names += texts
        tallest = max(tallest, h)
    for x in empty_at.values():
        block = [para("no touchpoints", column - 8, t.small_size, t.muted, italic=True)]
        texts, h = stack(block, x - column / 2 + 4, bottom, column - 8)
        names += texts
        tallest = max(tallest, h)
    parts.append(Group(id="touchpoints", cls="touchpoint-names", children=tuple(names)))
    height = bottom + tallest + 2 * t.padding

    desc = _describe(journey, curves)
    laid_out = view_scene(
        "emotion", t, width, height, f"Emotion curve: {journey.title}", desc, parts
    )
    return attrs.evolve(laid_out, chart=_chart(journey, curves, t))


def _chart(journey: Journey, curves: list[tuple[str | None, str, EmotionCurve]], t: Theme) -> Chart:
    """The curves as chart data, one category a touchpoint in journey order."""
    touchpoints = journey.touchpoints
    index = {tp.id: i for i, tp in enumerate(touchpoints)}
    series = []
    for c, (persona_id, name, curve) in enumerate(curves):
        values: list[float | None] = [None] * len(touchpoints)
        for p in curve.points:
            values[index[p.touchpoint]] = p.emotion
        main = c == 0
        colour = (
            t.text
            if persona_id is None
            else t.series[(c - (0 if curves[0][0] is not None else 1)) % len(t.series)]
        )
        labels = tuple("" if v is None else signed(v) for v in values) if main else ()
        series.append(
            Series(
                name=clean(name),
                values=tuple(values),
                labels=labels,
                emphasis=main,
                dashed=not main,
                marker="circle" if main else _PERSONA_SHAPES[(c - 1) % len(_PERSONA_SHAPES)],
                color=colour,
            )
        )
    notes = [""] * len(touchpoints)
    if curves:
        for p in curves[0][2].points:
            notes[index[p.touchpoint]] = ", ".join(_MOMENT_WORDS[k] for k in p.moments)
    return Chart(
        kind="line",
        title=clean(f"Emotion along the journey — {journey.title}"),
        categories=tuple(clean(tp.name) for tp in touchpoints),
        series=tuple(series),
        value_label="emotion (−1 to +1)",
        value_range=(-1.0, 1.0),
        reference=0.0,
        spans=stage_spans(journey),
        notes=tuple(notes) if any(notes) else (),
    )


_MOMENT_WORDS = {kind: label.split(" ", 1)[1] for kind, label in _MOMENT_LABELS.items()}


def _label(journey: Journey, persona: str | None) -> str:
    return "Overall" if persona is None else journey.persona(persona).name


def _curves(journey: Journey, persona: str | None) -> list[tuple[str | None, str, EmotionCurve]]:
    if persona is not None:
        return [(persona, _label(journey, persona), emotion_curve(journey, persona))]
    curves: list[tuple[str | None, str, EmotionCurve]] = [(None, "Overall", emotion_curve(journey))]
    for p in journey.personas:
        if any(p.id in tp.emotions for tp in journey.touchpoints):
            curves.append((p.id, p.name, emotion_curve(journey, p.id)))
    return curves


def _key(
    curves: list[tuple[str | None, str, Any]], t: Theme, x0: float, y: float, width: float
) -> tuple[Group, float]:
    """The key, drawn with samples of its marks: each curve's line and marker and its name,
    and the ▲ ▼ of the main curve; flowing onto further lines when needed."""
    size = t.small_size
    line_h = size * LINE_HEIGHT
    items: list[tuple[list[Primitive], str]] = []
    for c, (_, name, _) in enumerate(curves):
        if c == 0:
            items.append(
                (
                    [
                        Line(x1=0, y1=0, x2=22, y2=0, stroke=t.text, stroke_width=2.5),
                        Marker(x=11, y=0, size=9, shape="triangle-up", fill=t.positive),
                    ],
                    f"{clean(name)}: ▲ above 0",
                )
            )
            items.append(
                ([Marker(x=11, y=0, size=9, shape="triangle-down", fill=t.negative)], "▼ below 0")
            )
        else:
            colour = _colour(curves, c, t)
            shape = _PERSONA_SHAPES[(c - 1) % len(_PERSONA_SHAPES)]
            items.append(
                (
                    [
                        Line(x1=0, y1=0, x2=22, y2=0, stroke=colour, stroke_width=1.5, dash=(5, 3)),
                        Marker(x=11, y=0, size=7, shape=shape, fill=colour),
                    ],
                    clean(name),
                )
            )
    prims: list[Primitive] = []
    x, top = x0, y
    for sample, text in items:
        w = min(text_width(text, size) + 1, width - 28)
        if x > x0 and x + 28 + w > x0 + width:
            x, top = x0, top + line_h + 4
        prims.append(
            Group(cls="key-sample", translate=(x, top + line_h / 2), children=tuple(sample))
        )
        texts, _ = stack([para(text, w, size, t.text)], x + 28, top, w)
        prims += texts
        x += 28 + w + 3 * t.padding
    return Group(id="key", cls="legend", children=tuple(prims)), top + line_h - y


def _colour(curves: list[tuple[str | None, str, Any]], c: int, t: Theme) -> str:
    first_persona = 0 if curves[0][0] is not None else 1
    return t.text if curves[c][0] is None else t.series[(c - first_persona) % len(t.series)]


def _stage_bands(
    journey: Journey,
    t: Theme,
    x_of: dict[str, float],
    empty_at: dict[str, float],
    column: float,
    y: float,
) -> tuple[list[Primitive], float]:
    bands: list[tuple[str, float, float]] = []
    for stage in journey.stages:
        xs = [x_of[tp.id] for tp in stage.touchpoints] or [empty_at[stage.id]]
        bands.append((stage.name, min(xs) - column / 2, max(xs) + column / 2))
    paras = [
        (
            name,
            x0,
            x1,
            para(
                name, x1 - x0 - 2 * t.padding, t.small_size, t.header_text, bold=True, max_lines=2
            ),
        )
        for name, x0, x1 in bands
    ]
    height = max((p.height for *_, p in paras), default=0.0) + t.padding
    prims: list[Primitive] = []
    for i, (name, x0, x1, p) in enumerate(paras):
        texts, _ = stack([p], x0 + t.padding, y + t.padding / 2, x1 - x0 - 2 * t.padding)
        prims.append(
            Group(
                id=f"stage-{i}",
                cls="stage",
                title=clean(name),
                children=(
                    Rect(x=x0 + 1, y=y, width=x1 - x0 - 2, height=height, fill=t.header, rx=3),
                    *texts,
                ),
            )
        )
    return prims, height


def _describe(journey: Journey, curves: list[tuple[str | None, str, EmotionCurve]]) -> str:
    if not curves or not curves[0][2].points:
        return "Emotion curve with no emotions recorded."
    curve = curves[0][2]
    lowest = min(curve.points, key=lambda p: p.emotion)
    highest = max(curve.points, key=lambda p: p.emotion)
    who = ", ".join(clean(name) for _, name, _ in curves)
    return (
        f"Emotion across {Words.of().count('stage', len(journey.stages))} for {who}. "
        f"Lowest at {clean(lowest.name)} ({signed(lowest.emotion)}), "
        f"highest at {clean(highest.name)} ({signed(highest.emotion)})."
    )[:2000]


VIEW = View(
    name="emotion",
    summary="The emotion curve along the journey, one line per persona, moments of truth named.",
    subjects=("journey", "emotion_curve"),
    options=(
        Option("persona", str | None, None, "Draw only this persona's curve (an id; journeys)."),
        Option("journey", Journey | None, None, "The journey a hand-built curve came from."),
        Option(
            "page",
            str | tuple | list,
            "screen",
            "'screen' (free size), 'slide', 'a4', 'a3', 'letter' or (width, height): pages.",
        ),
    ),
    layout=emotion_view,
)
