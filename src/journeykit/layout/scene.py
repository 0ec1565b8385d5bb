"""The Scene: what a view lays out and a renderer paints.

A scene is a tree of a few primitives with their geometry already decided,
in scene units (1 unit = 1 CSS pixel at 100 %). Renderers only paint them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal, Union

import attrs

if TYPE_CHECKING:
    from journeykit.layout.chart import Chart

__all__ = [
    "Circle",
    "Group",
    "Line",
    "Marker",
    "Path",
    "Primitive",
    "Rect",
    "Scene",
    "Text",
]

Anchor = Literal["start", "middle", "end"]
MarkerShape = Literal["circle", "square", "diamond", "triangle-up", "triangle-down"]
PathOp = tuple[str, ...] | tuple[str | float, ...]


def _tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


@attrs.frozen(kw_only=True)
class Rect:
    """A rectangle; ``rx`` rounds its corners."""

    x: float
    y: float
    width: float
    height: float
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 1.0
    rx: float = 0.0
    opacity: float = 1.0
    dash: tuple[float, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen(kw_only=True)
class Line:
    """A straight line."""

    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    stroke_width: float = 1.0
    dash: tuple[float, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen(kw_only=True)
class Path:
    """A path: ``("M", x, y)``, ``("L", x, y)``, ``("C", x1, y1, x2, y2, x, y)``, ``("Z",)``."""

    ops: tuple[tuple[str | float, ...], ...] = attrs.field(converter=_tuple)
    stroke: str | None = None
    stroke_width: float = 1.0
    fill: str | None = None
    opacity: float = 1.0
    dash: tuple[float, ...] = attrs.field(default=(), converter=_tuple)

    @classmethod
    def polyline(cls, points: list[tuple[float, float]], **style: object) -> Path:
        ops: list[tuple[str | float, ...]] = [("M", *points[0])]
        ops += [("L", x, y) for x, y in points[1:]]
        return cls(ops=ops, **style)  # type: ignore[arg-type]


@attrs.frozen(kw_only=True)
class Circle:
    """A circle."""

    cx: float
    cy: float
    r: float
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 1.0


@attrs.frozen(kw_only=True)
class Marker:
    """A data point drawn as a shape, so that shape as well as colour carries meaning."""

    x: float
    y: float
    size: float
    shape: MarkerShape = "circle"
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 1.0


@attrs.frozen(kw_only=True)
class Text:
    """Lines of text laid out in a box.

    ``x`` is the anchor point (left edge, centre or right edge by
    ``anchor``); ``y`` is the baseline of the first line; each further line
    sits ``line_height`` lower. ``box`` is the cell (x, y, width, height) the
    text was fitted to; ``full`` is the whole text when it had to be cut, shown
    as a tooltip.
    """

    x: float
    y: float
    lines: tuple[str, ...] = attrs.field(converter=_tuple)
    size: float
    color: str
    line_height: float
    anchor: Anchor = "start"
    bold: bool = False
    italic: bool = False
    box: tuple[float, float, float, float] | None = None
    full: str | None = None


@attrs.frozen(kw_only=True)
class Group:
    """Primitives that belong together, with an id, a class and a tooltip."""

    id: str | None = None
    cls: str | None = None
    title: str | None = None
    children: tuple[Primitive, ...] = attrs.field(default=(), converter=_tuple)


Primitive = Union[Rect, Line, Path, Circle, Marker, Text, Group]  # noqa: UP007


@attrs.frozen(kw_only=True)
class Scene:
    """A laid-out view: its size, its accessible title and description, its primitives.

    ``chart`` is what the view plots, when it is a chart, for backends that
    draw charts natively (see :mod:`journeykit.layout.chart`); others ignore it.
    """

    width: float
    height: float
    title: str
    desc: str
    background: str
    font_family: str
    view: str
    children: tuple[Primitive, ...] = attrs.field(default=(), converter=_tuple)
    chart: Chart | None = None

    def walk(self) -> Iterator[Primitive]:
        """Every primitive, depth first, groups before their children."""
        stack: list[Primitive] = list(reversed(self.children))
        while stack:
            item = stack.pop()
            yield item
            if isinstance(item, Group):
                stack.extend(reversed(item.children))

    def texts(self) -> list[Text]:
        """Every text primitive, in painting order."""
        return [item for item in self.walk() if isinstance(item, Text)]
