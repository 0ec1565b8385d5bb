"""The funnel view: customers entering each stage, the conversion to the next and the drop-off.

Every number comes from :func:`journeykit.funnel`, drawn once: each stage
is a bar as long (or, drawn vertically, as tall) as the customers entering
it, with the count written beside it and how it was counted (by reach or by
flows) under the stage's name. From the second stage on, the customers lost
since the stage before continue the bar as a dashed, hollow outline, and
each stage but the last says in words what share goes on to the next and
how many drop off, so the reading never rests on colour. A stage whose
count is unknown has no bar and says so.
"""

from __future__ import annotations

from typing import Literal

import attrs

from journeykit._checks import show
from journeykit.analysis.conversion import Funnel, FunnelStep, funnel
from journeykit.layout import LayoutError
from journeykit.layout.blocks import Para, fmt_number, heading, para, stack, view_scene
from journeykit.layout.chart import funnel_chart
from journeykit.layout.pages import Pages, paged
from journeykit.layout.scene import Group, Primitive, Rect, Scene
from journeykit.layout.text import LINE_HEIGHT, clean, text_width
from journeykit.layout.theme import Theme, get_theme
from journeykit.layout.views.registry import Option, View
from journeykit.model import Journey

__all__ = ["VIEW", "funnel_view"]

Orientation = Literal["horizontal", "vertical"]
_ORIENTATIONS = ("horizontal", "vertical")
_DASH = (4.0, 3.0)


def funnel_view(
    subject: Journey | Funnel,
    theme: str | Theme | None = None,
    *,
    orientation: Orientation = "horizontal",
    page: str | tuple[float, float] = "screen",
) -> Scene | Pages:
    """Lay out the stage funnel of a journey as bars with conversion and drop-off.

    Parameters
    ----------
    subject : Journey or Funnel
        A journey, or the result of :func:`journeykit.funnel`.
    theme : str or Theme, optional
    orientation : {"horizontal", "vertical"}, default "horizontal"
        One row per stage with bars growing to the right, or one column per
        stage with bars growing up.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Shop", stages=[
    ...     jk.Stage(name="Visit", touchpoints=[jk.Touchpoint(name="Home", reach=1000)]),
    ...     jk.Stage(name="Buy", touchpoints=[jk.Touchpoint(name="Pay", reach=250)])])
    >>> scene = funnel_view(jk.funnel(j))
    >>> print(scene.texts()[5].lines[0])
    ↓ 25% go on to Buy · 750 drop off (75%)
    """
    if page != "screen":  # laid out with the page's type, then on its pages
        return paged(
            lambda th: funnel_view(subject, th, orientation=orientation), get_theme(theme), page
        )
    t = get_theme(theme)
    if orientation not in _ORIENTATIONS:
        raise LayoutError(
            f"orientation: expected 'horizontal' or 'vertical', got {show(orientation)}"
        )
    if isinstance(subject, Journey):
        result, title = funnel(subject), subject.title
    elif isinstance(subject, Funnel):
        origin = subject.origin
        result, title = subject, (origin.journey.title if origin is not None else "")
    else:
        raise LayoutError(f"the funnel view draws a Journey or a Funnel, not {show(subject)}")
    steps = list(result.steps)
    largest = max((s.entering for s in steps if s.entering), default=0)
    draw = _horizontal if orientation == "horizontal" else _vertical
    parts, width, height = draw(steps, result, title, largest, t)
    heading_title = f"Funnel — {title}" if title else "Funnel"
    laid_out = view_scene(
        "funnel",
        t,
        width,
        height,
        f"Funnel: {title}" if title else "Funnel",
        _describe(heading_title, steps, result),
        parts,
    )
    return attrs.evolve(laid_out, chart=funnel_chart(result, heading_title))


# -- the two layouts -----------------------------------------------------------------


def _horizontal(
    steps: list[FunnelStep], result: Funnel, title: str, largest: int, t: Theme
) -> tuple[list[Primitive], float, float]:
    pad = t.padding
    margin = 2 * pad
    name_w = t.label_width * 1.3
    bar_max = max(t.column_width * 2.0, 320.0)
    counts = [_count(s) for s in steps]
    value_w = max((text_width(c, t.body_size, bold=True) for c in counts), default=0.0) + pad
    bar_x = margin + name_w + 2 * pad
    width = bar_x + bar_max + 4 + value_w + margin
    inner = width - 2 * margin
    text_w = bar_max + 4 + value_w
    bar_h = t.body_size * 1.8

    parts, y = _top(result, title, margin, inner, t)
    for i, (step, count) in enumerate(zip(steps, counts, strict=True)):
        before = steps[i - 1] if i else None
        names = _names(step, name_w, t)
        note = _transition(step, steps[i + 1].name if i + 1 < len(steps) else None, text_w, t)
        name_h = sum(p.height for p in names)
        row_h = max(name_h, bar_h + (4 + note.height if note.lines else 0)) + 2 * pad
        top = y + pad
        fill = t.surface_alt if i % 2 else t.surface
        prims: list[Primitive] = [Rect(x=0, y=y, width=width, height=row_h, fill=fill)]
        texts, _ = stack(names, margin, top, name_w)
        prims += texts
        if step.entering is None:
            texts, _ = stack(
                [_unknown(text_w, t)], bar_x, top + (bar_h - t.body_size * LINE_HEIGHT) / 2, text_w
            )
            prims += texts
        else:
            length = _scale(step.entering, largest, bar_max)
            lost = _lost(before, largest, bar_max)
            prims += _bar(bar_x, top, length, lost, bar_h, fill, t)
            value_x = bar_x + length + lost + 4
            texts, _ = stack(
                [para(count, value_w, t.body_size, t.text, bold=True)],
                value_x,
                top + (bar_h - t.body_size * LINE_HEIGHT) / 2,
                value_w,
            )
            prims += texts
        if note.lines:
            texts, _ = stack([note], bar_x, top + bar_h + 4, text_w)
            prims += texts
        parts.append(_row(i, step, prims))
        y += row_h
    return _finish(parts, steps, margin, y, inner, width, t)


def _vertical(
    steps: list[FunnelStep], result: Funnel, title: str, largest: int, t: Theme
) -> tuple[list[Primitive], float, float]:
    pad = t.padding
    margin = 2 * pad
    counts = [_count(s) for s in steps]
    widest = max((text_width(c, t.body_size, bold=True) for c in counts), default=0.0)
    col_w = max(t.column_width * 0.75, 120.0, widest + 2 * pad)
    bar_w = col_w * 0.55
    chart_h = 220.0
    width = max(2 * margin + max(len(steps), 1) * col_w, 420.0)
    inner = width - 2 * margin
    value_h = t.body_size * LINE_HEIGHT

    parts, y = _top(result, title, margin, inner, t)
    base = y + pad + value_h + 4 + chart_h
    labels: list[tuple[list[Para], Para]] = []
    for i, step in enumerate(steps):
        following = steps[i + 1].name if i + 1 < len(steps) else None
        labels.append((_names(step, col_w - pad, t), _transition(step, following, col_w - pad, t)))
    label_h = max((sum(p.height for p in n) + 4 + d.height for n, d in labels), default=0.0)
    for i, (step, count) in enumerate(zip(steps, counts, strict=True)):
        before = steps[i - 1] if i else None
        x = margin + i * col_w
        fill = t.surface_alt if i % 2 else t.surface
        prims: list[Primitive] = [
            Rect(x=x, y=y, width=col_w, height=base - y + pad + label_h + pad, fill=fill)
        ]
        bar_x = x + (col_w - bar_w) / 2
        if step.entering is None:
            texts, _ = stack(
                [_unknown(col_w - pad, t, lines=4)],
                x + pad / 2,
                base - 4 * t.small_size * LINE_HEIGHT,
                col_w - pad,
            )
            prims += texts
        else:
            length = _scale(step.entering, largest, chart_h)
            lost = _lost(before, largest, chart_h)
            prims += _bar(bar_x, base - length, length, lost, bar_w, fill, t, vertical=True)
            value_y = base - length - lost - 4 - value_h
            texts, _ = stack(
                [para(count, col_w - pad, t.body_size, t.text, bold=True)],
                x + pad / 2,
                value_y,
                col_w - pad,
                anchor="middle",
            )
            prims += texts
        names, note = labels[i]
        texts, used = stack(names, x + pad / 2, base + pad, col_w - pad)
        prims += texts
        if note.lines:
            texts, _ = stack([note], x + pad / 2, base + pad + used + 4, col_w - pad)
            prims += texts
        parts.append(_row(i, step, prims))
    y = base + pad + label_h + pad
    return _finish(parts, steps, margin, y, inner, width, t)


# -- pieces --------------------------------------------------------------------------


def _top(
    result: Funnel, title: str, margin: float, inner: float, t: Theme
) -> tuple[list[Primitive], float]:
    header, height = heading(
        f"Funnel — {title}" if title else "Funnel",
        _subtitle(result),
        margin,
        margin,
        inner,
        t,
        subtitle_lines=2,
    )
    return [header], margin + height + t.padding


def _finish(
    parts: list[Primitive],
    steps: list[FunnelStep],
    margin: float,
    y: float,
    inner: float,
    width: float,
    t: Theme,
) -> tuple[list[Primitive], float, float]:
    notes: list[Para] = []
    if not steps:
        notes.append(
            para(
                "No stages: there is nothing to count.",
                inner,
                t.body_size,
                t.text,
                max_lines=2,
                gap=4,
            )
        )
    notes.append(
        para(
            "A stage's customers are those who reach it or a later stage: from counted flows "
            "across the boundary before it, else its touchpoints' largest reach. Solid bars: "
            "customers entering; dashed outline: customers lost since the stage before. "
            "Bars are relative to the largest stage.",
            inner,
            t.small_size,
            t.muted,
            max_lines=4,
        )
    )
    texts, height = stack(notes, margin, y + t.padding, inner)
    parts.append(Group(id="footnote", cls="footnote", children=tuple(texts)))
    return parts, width, y + t.padding + height + margin


def _names(step: FunnelStep, width: float, t: Theme) -> list[Para]:
    basis = {"reach": "by reach", "flows": "by counted flows", None: "count unknown"}[step.basis]
    return [
        para(step.name, width, t.body_size, t.text, bold=True, max_lines=3, gap=2),
        para(basis, width, t.small_size, t.muted),
    ]


def _transition(step: FunnelStep, following: str | None, width: float, t: Theme) -> Para:
    """What happens between a stage and the next, in words; nothing after the last."""
    if following is None:
        return para("", width, t.small_size, t.text)
    name = clean(following)
    if step.conversion is None or step.dropoff is None:
        text = f"↓ how many go on to {name} is unknown"
    elif step.dropoff >= 0:
        rate = fmt_number(step.dropoff_rate or 0.0, "ratio")
        text = (
            f"↓ {fmt_number(step.conversion, 'ratio')} go on to {name} · "
            f"{fmt_number(step.dropoff)} drop off ({rate})"
        )
    else:
        text = (
            f"↓ {fmt_number(step.conversion, 'ratio')} go on to {name} · "
            f"{fmt_number(-step.dropoff)} more counted there"
        )
    return para(text, width, t.small_size, t.text, max_lines=4)


def _unknown(width: float, t: Theme, lines: int = 2) -> Para:
    return para(
        "not known: no reach or counted flows",
        width,
        t.small_size,
        t.muted,
        italic=True,
        max_lines=lines,
    )


def _lost(before: FunnelStep | None, largest: int, room: float) -> float:
    """The length of the customers lost since the stage ``before``, in the bar's units."""
    if before is None or before.dropoff is None or before.dropoff <= 0:
        return 0.0
    return _scale(before.dropoff, largest, room)


def _scale(value: int | None, largest: int, room: float) -> float:
    return value / largest * room if value and largest else 0.0


def _bar(
    x: float,
    y: float,
    length: float,
    lost: float,
    thickness: float,
    behind: str,
    t: Theme,
    vertical: bool = False,
) -> list[Primitive]:
    """A solid bar of ``length`` and, past its end, a dashed hollow one of ``lost``."""
    if vertical:
        solid = Rect(x=x, y=y, width=thickness, height=length, fill=t.accent)
        ghost = Rect(
            x=x + 0.75,
            y=y - lost + 0.75,
            width=thickness - 1.5,
            height=max(lost - 1.5, 0.0),
            fill=behind,
            stroke=t.muted,
            stroke_width=1.5,
            dash=_DASH,
        )
    else:
        solid = Rect(x=x, y=y, width=length, height=thickness, fill=t.accent)
        ghost = Rect(
            x=x + length + 0.75,
            y=y + 0.75,
            width=max(lost - 1.5, 0.0),
            height=thickness - 1.5,
            fill=behind,
            stroke=t.muted,
            stroke_width=1.5,
            dash=_DASH,
        )
    return [solid, ghost] if lost > 1.5 else [solid]


def _row(i: int, step: FunnelStep, prims: list[Primitive]) -> Group:
    return Group(
        id=f"stage-{i + 1}",
        cls="funnel-stage",
        title=clean(f"{step.name}: {_count(step)}"),
        children=tuple(prims),
    )


def _count(step: FunnelStep) -> str:
    return "unknown" if step.entering is None else fmt_number(step.entering)


def _subtitle(result: Funnel) -> str:
    steps = result.steps
    if not steps:
        return "The journey has no stages."
    text = "Customers entering each stage, the share going on to the next and the drop-off"
    first, last = steps[0].entering, steps[-1].entering
    if result.conversion is not None and first is not None and last is not None:
        text += (
            f"; overall conversion {fmt_number(result.conversion, 'ratio')} "
            f"({fmt_number(first)} → {fmt_number(last)})"
        )
    return text + "."


def _describe(title: str, steps: list[FunnelStep], result: Funnel) -> str:
    items = []
    for step in steps[:12]:
        name = clean(step.name)
        name = name if len(name) <= 60 else name[:59] + "…"
        item = f"{name} {_count(step)}"
        if step.conversion is not None and step.dropoff is not None:
            rate = fmt_number(step.conversion, "ratio")
            item += f" ({rate} go on, {fmt_number(step.dropoff)} drop off)"
        items.append(item)
    text = clean(title)[:200] + ": " + ("; ".join(items) if items else "no stages") + "."
    if len(steps) > 12:
        text += f" {len(steps) - 12} more stages."
    if result.conversion is not None:
        text += f" Overall conversion {fmt_number(result.conversion, 'ratio')}."
    return text[:2000]


VIEW = View(
    name="funnel",
    summary="The stage funnel: customers entering each stage, conversion and drop-off.",
    subjects=("journey", "funnel"),
    options=(
        Option(
            "orientation",
            str,
            "horizontal",
            "'horizontal' (a row per stage) or 'vertical' (a column per stage).",
        ),
        Option(
            "page",
            str | tuple | list,
            "screen",
            "'screen' (free size), 'slide', 'a4', 'a3', 'letter' or (width, height): pages.",
        ),
    ),
    layout=funnel_view,
)
