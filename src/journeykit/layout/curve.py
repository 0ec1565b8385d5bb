"""Drawing an emotion curve: fills above and below zero, and words beside the points.

The map's emotion row and the emotion view share this. A point's words (its
value, or a call-out such as "Peak +0.7") are written next to it on the
first side where their box crosses no line, no other point and no other
words, so no patch of background ever cuts a line; only when every side is
taken do they go where they cross least, without a patch.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Literal

import attrs

from journeykit.layout.blocks import para, stack
from journeykit.layout.scene import Group, Line, Path, Primitive, Rect
from journeykit.layout.text import LINE_HEIGHT, text_width
from journeykit.layout.theme import Theme

__all__ = ["Label", "Point", "area_fills", "place_labels", "signed", "value_labels"]

Box = tuple[float, float, float, float]  # left, top, right, bottom
Segment = tuple[float, float, float, float]  # x0, y0, x1, y1


def signed(value: float) -> str:
    """An emotion for people: one decimal, signed, a true minus; never ``−0.0``.

    A value that one decimal would round to 0 gets two; one that two would
    too is "≈0", so the text never contradicts the marker's ▲ or ▼.

    >>> signed(0.25), signed(-0.5), signed(0), signed(-0.04), signed(0.001)
    ('+0.2', '−0.5', '0', '−0.04', '≈0')
    """
    if value == 0:
        return "0"
    for digits in (1, 2):
        text = f"{value:+.{digits}f}"
        if float(text) != 0:
            return text.replace("-", "−")
    return "≈0"


@attrs.frozen
class Point:
    """A point of a curve whose value is written: where it is, and the cell it must stay in."""

    x: float
    y: float
    value: float
    left: float
    right: float


@attrs.frozen
class Label:
    """Words to write beside the point ``(x, y)``, within ``left``…``right``.

    ``prefer`` tries that side first: ``"up"`` for a peak, ``"down"`` for a
    low point. ``cls`` is the class of the group drawn.
    """

    x: float
    y: float
    lines: tuple[str, ...]
    size: float
    color: str
    left: float
    right: float
    bold: bool = True
    prefer: Literal["up", "down"] | None = None
    cls: str = "emotion-value"
    radius: float = 6.0  # of the point's marker
    fill: str | None = None  # a badge's colour: the words on it, in ``color``


def _crosses(box: Box, seg: Segment) -> bool:
    """Whether the segment passes through the box (Liang–Barsky clipping)."""
    x0, y0, x1, y1 = seg
    if max(x0, x1) < box[0] or min(x0, x1) > box[2] or max(y0, y1) < box[1] or min(y0, y1) > box[3]:
        return False  # their bounding boxes do not meet
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            low = max(low, r)
        else:
            high = min(high, r)
        if low > high:
            return False
    return True


def _meets(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _candidates(label: Label, width: float, height: float) -> list[tuple[float, float]]:
    x, y, r = label.x, label.y, label.radius
    up = [(x - width / 2, y - r - 3 - height), (x + r + 2, y - height - 1)]
    down = [(x - width / 2, y + r + 3), (x + r + 2, y + 1)]
    side = [(x - r - 2 - width, y - height - 1), (x - r - 2 - width, y + 1)]
    if label.prefer == "up":
        near = [*up, *down, *side]
    elif label.prefer == "down":
        near = [*down, *up, *side]
    else:
        near = [up[1], down[1], up[0], down[0], *side]
    # Then the same sides further out, for a point crowded by lines.
    out = list(near)
    for far in (height, 2.5 * height):
        out += [
            (
                bx + (far if bx > x else 0.0 if bx + width > x else -far),
                by + (-far if by < y else far),
            )
            for bx, by in near
        ]
    return out


def place_labels(
    labels: Sequence[Label],
    segments: Sequence[Segment],
    markers: Sequence[tuple[float, float, float]],
    top: float,
    bottom: float,
    theme: Theme,
) -> list[Primitive]:
    """``labels`` written beside their points, each clear of lines and of each other.

    ``segments`` are every line drawn in the chart, ``markers`` every point
    (x, y, radius); ``top`` and ``bottom`` bound the chart. Labels are placed
    in order: the first get the best places. Words never cover other words:
    a label with no free place is left out.
    """
    clearance = 4.0  # kept between words and any line
    points: list[Box] = [(x - r - 1, y - r - 1, x + r + 1, y + r + 1) for x, y, r in markers]
    words: list[Box] = []
    out: list[Primitive] = []
    for label in labels:
        # Only what lies within reach of the point can meet its words.
        reach = 6 * label.size * max(len(line) for line in label.lines) / 3 + 4 * label.size
        lo, hi = label.x - reach, label.x + reach
        near_segments = [s for s in segments if min(s[0], s[2]) < hi and max(s[0], s[2]) > lo]
        near_points = [p for p in points if p[2] > lo and p[0] < hi]
        near_words = [w for w in words if w[2] > lo and w[0] < hi]
        line_h = label.size * LINE_HEIGHT
        inset = 3.0 if label.fill else 0.0  # a badge's words keep off its edge
        text_w = max(text_width(line, label.size, bold=label.bold) for line in label.lines) + 1
        width = text_w + 2 * inset
        height = line_h * len(label.lines)
        best: tuple[int, Box] | None = None
        for bx, by in _candidates(label, width, height):
            box = (bx, by, bx + width, by + height)
            if box[0] < label.left or box[2] > label.right or box[1] < top or box[3] > bottom:
                continue
            if any(_meets(box, w) for w in near_words):
                continue  # words never cover words
            near = (box[0] - clearance, box[1] - clearance, box[2] + clearance, box[3] + clearance)
            hits = sum(1 for s in near_segments if _crosses(near, s))
            hits += sum(1 for p in near_points if _meets(box, p))
            if best is None or hits < best[0]:
                best = (hits, box)
            if hits == 0:
                break
        if best is None:
            continue  # no room: the point's place and shape still tell
        hits, box = best
        words.append(box)
        paras = [
            para(line, text_w, label.size, label.color, bold=label.bold) for line in label.lines
        ]
        texts, _ = stack(paras, box[0] + inset, box[1], text_w, anchor="middle")
        leader = _leader(label, box)
        if label.fill is not None:
            badge = Rect(x=box[0], y=box[1], width=width, height=height, fill=label.fill, rx=3)
            out.append(Group(cls=label.cls, children=(*leader, badge, *texts)))
            continue
        # A patch of background lifts the words off the grid lines. Where every side
        # crosses a curve there is none, so that it never hides a curve.
        halo = Rect(
            x=box[0] - 1,
            y=box[1],
            width=width + 2,
            height=height,
            fill=theme.background,
            opacity=0.85,
            rx=2,
        )
        out.append(
            Group(cls=label.cls, children=(*leader, *texts) if hits else (*leader, halo, *texts))
        )
    return out


def _leader(label: Label, box: Box) -> list[Primitive]:
    """A thin line from the point to words set away from it, so they say whose they are."""
    nx = min(max(label.x, box[0]), box[2])
    ny = min(max(label.y, box[1]), box[3])
    dx, dy = nx - label.x, ny - label.y
    gap = (dx * dx + dy * dy) ** 0.5
    if gap <= label.radius + 6:
        return []
    start = label.radius + 1
    return [
        Line(
            x1=label.x + dx * start / gap,
            y1=label.y + dy * start / gap,
            x2=nx,
            y2=ny,
            stroke=label.color if label.fill is None else label.fill,
            stroke_width=1.0,
        )
    ]


def value_labels(
    points: Sequence[Point],
    segments: Sequence[Segment],
    markers: Sequence[tuple[float, float, float]],
    top: float,
    bottom: float,
    theme: Theme,
) -> list[Primitive]:
    """The values of ``points`` written beside them (see :func:`place_labels`)."""
    labels = [
        Label(p.x, p.y, (signed(p.value),), theme.small_size, theme.text, p.left, p.right)
        for p in points
    ]
    return place_labels(labels, segments, markers, top, bottom, theme)


def area_fills(
    points: Sequence[tuple[float, float]], zero: float, above: str, below: str, opacity: float
) -> list[Primitive]:
    """The area between a curve and its zero line, ``above`` where it rises over it and
    ``below`` where it sinks under (y grows downwards); split where it crosses.

    >>> [p.fill for p in area_fills([(0, 10), (10, -10)], 0, "blue", "red", 0.2)]
    ['red', 'blue']
    """
    out: list[Primitive] = []
    if len(points) < 2:
        return out
    run: list[tuple[float, float]] = []

    def close() -> None:
        if len(run) >= 2 and any(abs(y - zero) > 1e-9 for _, y in run):
            side = above if sum(zero - y for _, y in run) > 0 else below
            shape = [(run[0][0], zero), *run, (run[-1][0], zero)]
            out.append(Path.polyline(shape, fill=side, opacity=opacity))

    for (xa, ya), (xb, yb) in itertools.pairwise(points):
        if not run:
            run.append((xa, ya))
        if (ya - zero) * (yb - zero) < 0:  # crosses: end this run at the crossing
            cross = xa + (xb - xa) * (ya - zero) / (ya - yb)
            run.append((cross, zero))
            close()
            run = [(cross, zero)]
        run.append((xb, yb))
    close()
    return out
