"""Drawing an emotion curve: its values written beside the points, clear of every line.

The map's emotion row and the emotion view share this. A value is written
next to its point on the first side (right, above, below, left) where its
box crosses no curve, no other point and no other value, so no patch of
background ever cuts a line; only when every side is taken does it go
where it crosses least.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from journeykit.layout.blocks import para, stack
from journeykit.layout.scene import Group, Primitive, Rect
from journeykit.layout.text import LINE_HEIGHT, text_width
from journeykit.layout.theme import Theme

__all__ = ["Point", "signed", "value_labels"]

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


def _crosses(box: Box, seg: Segment) -> bool:
    """Whether the segment passes through the box (Liang–Barsky clipping)."""
    x0, y0, x1, y1 = seg
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


def value_labels(
    points: Sequence[Point],
    segments: Sequence[Segment],
    markers: Sequence[tuple[float, float, float]],
    top: float,
    bottom: float,
    theme: Theme,
) -> list[Primitive]:
    """The values of ``points`` written beside them, each clear of lines and of each other.

    ``segments`` are every line drawn in the chart, ``markers`` every point
    (x, y, radius); ``top`` and ``bottom`` bound the chart.
    """
    size = theme.small_size
    height = size * LINE_HEIGHT
    clearance = 4.0  # kept between a value and any line
    taken: list[Box] = [(x - r - 1, y - r - 1, x + r + 1, y + r + 1) for x, y, r in markers]
    out: list[Primitive] = []
    for p in points:
        label = signed(p.value)
        width = text_width(label, size, bold=True) + 1
        r = 6.0
        beside = [
            (p.x + r + 2, p.y - height - 1),
            (p.x + r + 2, p.y + 1),
            (p.x - width / 2, p.y - r - 2 - height),
            (p.x - width / 2, p.y + r + 2),
            (p.x - r - 2 - width, p.y - height - 1),
            (p.x - r - 2 - width, p.y + 1),
        ]
        # Then the same sides further out, for a point crowded by other curves.
        far = height
        candidates = beside + [
            (
                x + (far if x > p.x else 0.0 if x + width > p.x else -far),
                y + (-far if y < p.y else far),
            )
            for x, y in beside
        ]
        best: tuple[int, Box] | None = None
        for bx, by in candidates:
            box = (bx, by, bx + width, by + height)
            if box[0] < p.left or box[2] > p.right or box[1] < top or box[3] > bottom:
                continue
            near = (box[0] - clearance, box[1] - clearance, box[2] + clearance, box[3] + clearance)
            hits = sum(1 for s in segments if _crosses(near, s))
            hits += sum(1 for t in taken if _meets(box, t))
            if best is None or hits < best[0]:
                best = (hits, box)
            if hits == 0:
                break
        if best is None:
            continue  # no room in its cell: the point's place and shape still tell
        hits, box = best
        taken.append(box)
        texts, _ = stack([para(label, width, size, theme.text, bold=True)], box[0], box[1], width)
        # A patch of background lifts the value off the grid lines. Where every side
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
        children = tuple(texts) if hits else (halo, *texts)
        out.append(Group(cls="emotion-value", children=children))
    return out
