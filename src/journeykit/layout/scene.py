"""The Scene: what a view lays out and a renderer paints.

A scene is a tree of a few primitives with their geometry already decided,
in scene units (1 unit = 1 CSS pixel at 100 %). Renderers only paint them.

A :class:`Group` may move and scale what it holds: a point ``(x, y)`` of a
child is drawn at ``(tx + s·x, ty + s·y)`` in the group's parent, where
``(tx, ty)`` is the group's ``translate`` and ``s`` its ``scale`` — scaled
first, then translated, as SVG reads ``transform="translate(tx ty)
scale(s)"``. Sizes scale with it: stroke widths, dashes, corner radii, marker
sizes and font sizes. Groups inside groups compose. A backend either paints
the transform itself (SVG) or paints :meth:`Scene.placed`, where every
primitive already stands where it is drawn (matplotlib).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal, TypeVar, Union

import attrs

from journeykit.layout import LayoutError

if TYPE_CHECKING:
    from journeykit.layout.chart import Chart
    from journeykit.layout.pages import Page

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
    "placed",
]

Anchor = Literal["start", "middle", "end"]
MarkerShape = Literal["circle", "square", "diamond", "triangle-up", "triangle-down"]
PathOp = tuple[str, ...] | tuple[str | float, ...]


def _tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


@attrs.frozen(kw_only=True)
class Rect:
    """A rectangle; ``rx`` rounds its corners.

    Parameters
    ----------
    x, y : float
        The top-left corner.
    width, height : float
        Its size.
    fill : str, optional
        The colour inside (``#rrggbb``); none by default.
    stroke : str, optional
        The outline's colour; none by default.
    stroke_width : float
        The outline's width, 1 by default.
    rx : float
        The radius of its rounded corners; 0 (square) by default.
    opacity : float
        From 0 (invisible) to 1 (default).
    dash : sequence of float
        Dash and gap lengths of the outline; solid when empty.
    """

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
    """A straight line.

    Parameters
    ----------
    x1, y1, x2, y2 : float
        Where it starts and ends.
    stroke : str
        Its colour.
    stroke_width : float
        Its width, 1 by default.
    dash : sequence of float
        Dash and gap lengths; solid when empty.
    """

    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    stroke_width: float = 1.0
    dash: tuple[float, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen(kw_only=True)
class Path:
    """A path: ``("M", x, y)``, ``("L", x, y)``, ``("C", x1, y1, x2, y2, x, y)``, ``("Z",)``.

    Parameters
    ----------
    ops : sequence of tuple
        The commands, in order: move to, line to, cubic Bézier curve to
        (two control points and the end), close.
    stroke : str, optional
        The outline's colour; none by default.
    stroke_width : float
        The outline's width, 1 by default.
    fill : str, optional
        The colour inside; none by default.
    opacity : float
        From 0 (invisible) to 1 (default).
    dash : sequence of float
        Dash and gap lengths of the outline; solid when empty.

    Examples
    --------
    >>> Path.polyline([(0, 0), (10, 5)], stroke="#333").ops
    (('M', 0, 0), ('L', 10, 5))
    """

    ops: tuple[tuple[str | float, ...], ...] = attrs.field(converter=_tuple)
    stroke: str | None = None
    stroke_width: float = 1.0
    fill: str | None = None
    opacity: float = 1.0
    dash: tuple[float, ...] = attrs.field(default=(), converter=_tuple)

    @classmethod
    def polyline(cls, points: list[tuple[float, float]], **style: object) -> Path:
        """A path through ``points`` in straight lines.

        Parameters
        ----------
        points : list of (float, float)
            At least one point.
        **style
            The path's other fields: ``stroke=``, ``fill=``, ``dash=``…

        Returns
        -------
        Path
        """
        ops: list[tuple[str | float, ...]] = [("M", *points[0])]
        ops += [("L", x, y) for x, y in points[1:]]
        return cls(ops=ops, **style)  # type: ignore[arg-type]


@attrs.frozen(kw_only=True)
class Circle:
    """A circle.

    Parameters
    ----------
    cx, cy : float
        Its centre.
    r : float
        Its radius.
    fill : str, optional
        The colour inside; none by default.
    stroke : str, optional
        The outline's colour; none by default.
    stroke_width : float
        The outline's width, 1 by default.
    """

    cx: float
    cy: float
    r: float
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 1.0


@attrs.frozen(kw_only=True)
class Marker:
    """A data point drawn as a shape, so that shape as well as colour carries meaning.

    Parameters
    ----------
    x, y : float
        Its centre.
    size : float
        The width of the shape.
    shape : {"circle", "square", "diamond", "triangle-up", "triangle-down"}
        What it looks like; a circle by default.
    fill : str, optional
        The colour inside; none by default.
    stroke : str, optional
        The outline's colour; none by default.
    stroke_width : float
        The outline's width, 1 by default.
    """

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

    Parameters
    ----------
    x, y : float
        The anchor point of the first line's baseline.
    lines : sequence of str
        The lines, already wrapped to fit.
    size : float
        The font size.
    color : str
        The text's colour.
    line_height : float
        The distance from one baseline to the next.
    anchor : {"start", "middle", "end"}
        Which part of each line ``x`` is: its left edge, centre or right edge.
    bold, italic : bool
        The font's weight and slant; neither by default.
    box : tuple of 4 floats, optional
        The cell (x, y, width, height) the text was fitted to.
    full : str, optional
        The whole text, when ``lines`` had to cut it.
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


def _check_translate(_: object, __: object, value: tuple[float, float]) -> None:
    if not isinstance(value, tuple) or len(value) != 2 or not all(_finite(v) for v in value):
        raise LayoutError(f"a group's translate must be two finite numbers, not {value!r}"[:200])


def _check_scale(_: object, __: object, value: float) -> None:
    if not (_finite(value) and value > 0):
        raise LayoutError(f"a group's scale must be a finite number above 0, not {value!r}"[:200])


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@attrs.frozen(kw_only=True)
class Group:
    """Primitives that belong together, with an id, a class and a tooltip.

    ``translate`` and ``scale`` move and size the children as a whole: a
    child's point ``(x, y)`` is drawn at ``(tx + scale·x, ty + scale·y)``
    (scaled first, then translated). A view lays out a block once and moves
    the group, rather than rebuilding the block's primitives.

    Parameters
    ----------
    id : str, optional
        An id for the group, unique in the scene (SVG prefixes it).
    cls : str, optional
        What the group is (``"touchpoint"``, ``"stage"``…): a CSS class in SVG.
    title : str, optional
        A tooltip for the group.
    children : sequence of primitives
        What it holds, painted in order.
    translate : (float, float)
        Where its origin goes in its parent; ``(0, 0)`` by default.
    scale : float
        How much its children are scaled, above 0; 1 by default.
    """

    id: str | None = None
    cls: str | None = None
    title: str | None = None
    children: tuple[Primitive, ...] = attrs.field(default=(), converter=_tuple)
    translate: tuple[float, float] = attrs.field(
        default=(0.0, 0.0), converter=_tuple, validator=_check_translate
    )
    scale: float = attrs.field(default=1.0, validator=_check_scale)

    @property
    def moves(self) -> bool:
        """Whether the group moves or sizes its children at all."""
        return self.scale != 1 or self.translate != (0.0, 0.0)


Primitive = Union[Rect, Line, Path, Circle, Marker, Text, Group]  # noqa: UP007


@attrs.frozen(kw_only=True)
class Scene:
    """A laid-out view: its size, its accessible title and description, its primitives.

    ``chart`` is what the view plots, when it is a chart, for backends that
    draw charts natively (see :mod:`journeykit.layout.chart`); others ignore it.
    ``page`` is the page it was laid out for (:mod:`journeykit.layout.pages`):
    its size is the page's, and a print page's scene units are points.

    Parameters
    ----------
    width, height : float
        Its size in scene units.
    title : str
        What the view shows, in a few words (an SVG's ``<title>``).
    desc : str
        A description of it for screen readers (an SVG's ``<desc>``).
    background : str
        The colour behind everything.
    font_family : str
        The CSS font family of every text, which the layout measured with.
    view : str
        The name of the view that made it.
    children : sequence of primitives
        What it holds, painted in order: :class:`Rect`, :class:`Line`,
        :class:`Path`, :class:`Circle`, :class:`Marker`, :class:`Text` and
        :class:`Group`.
    chart : Chart, optional
        What the view plots, for backends that draw charts natively.
    page : Page, optional
        The page it was laid out for.

    Examples
    --------
    >>> scene = Scene(width=100, height=40, title="Hello", desc="A greeting",
    ...               background="#fff", font_family="DejaVu Sans", view="demo",
    ...               children=[Group(translate=(10, 0), children=[
    ...                   Text(x=0, y=20, lines=["Hello"], size=12, color="#000",
    ...                        line_height=14)])])
    >>> [(text.x, text.lines) for text in scene.texts()]
    [(10.0, ('Hello',))]
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
    page: Page | None = None

    def walk(self) -> Iterator[Primitive]:
        """Every primitive, depth first, groups before their children.

        Yields
        ------
        Rect, Line, Path, Circle, Marker, Text or Group
            As laid out, inside its groups (their transforms not applied).
        """
        stack: list[Primitive] = list(reversed(self.children))
        while stack:
            item = stack.pop()
            yield item
            if isinstance(item, Group):
                stack.extend(reversed(item.children))

    def placed(self) -> Iterator[Primitive]:
        """Every primitive but groups, in painting order, where it is drawn.

        The transforms of the groups around a primitive are applied to it
        (see :func:`placed`), so its geometry is in scene units.

        Yields
        ------
        Rect, Line, Path, Circle, Marker or Text
        """
        stack: list[tuple[Primitive, tuple[float, float, float]]] = [
            (item, _IDENTITY) for item in reversed(self.children)
        ]
        while stack:
            item, (tx, ty, s) = stack.pop()
            if isinstance(item, Group):
                gx, gy = item.translate
                inner = (tx + s * gx, ty + s * gy, s * item.scale)
                stack.extend((child, inner) for child in reversed(item.children))
            else:
                yield placed(item, (tx, ty), s)

    def texts(self) -> list[Text]:
        """Every text primitive, in painting order, where it is drawn (see :meth:`placed`).

        Returns
        -------
        list of Text
        """
        return [item for item in self.placed() if isinstance(item, Text)]


_IDENTITY = (0.0, 0.0, 1.0)
P = TypeVar("P", bound=Primitive)


def placed(item: P, translate: tuple[float, float] = (0.0, 0.0), scale: float = 1.0) -> P:
    """``item`` as drawn inside a group with this ``translate`` and ``scale``.

    Positions become ``translate + scale × position``; lengths (sizes,
    widths, radii, stroke widths, dashes, font sizes) are multiplied by
    ``scale``.

    Parameters
    ----------
    item : Rect, Line, Path, Circle, Marker or Text
        A primitive (not a group).
    translate : (float, float)
        The group's translation.
    scale : float
        The group's scale.

    Returns
    -------
    Rect, Line, Path, Circle, Marker or Text
        A primitive of the same kind, ``item`` itself when nothing moves.

    Raises
    ------
    LayoutError
        ``item`` is a group or not a primitive.

    Examples
    --------
    >>> r = placed(Rect(x=1, y=2, width=3, height=4, stroke="#000"), (10, 20), 2)
    >>> r.x, r.y, r.width, r.height, r.stroke_width
    (12, 24, 6, 8, 2.0)
    """
    tx, ty = translate
    if scale == 1 and tx == 0 and ty == 0:
        return item
    k = scale

    def x(v: float) -> float:
        return tx + k * v

    def y(v: float) -> float:
        return ty + k * v

    change: dict[str, Any]
    if isinstance(item, Text):
        box = item.box
        change = {
            "x": x(item.x),
            "y": y(item.y),
            "size": k * item.size,
            "line_height": k * item.line_height,
            "box": None if box is None else (x(box[0]), y(box[1]), k * box[2], k * box[3]),
        }
    elif isinstance(item, Rect):
        change = {
            "x": x(item.x),
            "y": y(item.y),
            "width": k * item.width,
            "height": k * item.height,
            "rx": k * item.rx,
            "dash": tuple(k * d for d in item.dash),
        }
    elif isinstance(item, Line):
        change = {"x1": x(item.x1), "y1": y(item.y1), "x2": x(item.x2), "y2": y(item.y2)}
        change["dash"] = tuple(k * d for d in item.dash)
    elif isinstance(item, Path):
        change = {
            "ops": tuple(_placed_op(op, x, y) for op in item.ops),
            "dash": tuple(k * d for d in item.dash),
        }
    elif isinstance(item, Circle):
        change = {"cx": x(item.cx), "cy": y(item.cy), "r": k * item.r}
    elif isinstance(item, Marker):
        change = {"x": x(item.x), "y": y(item.y), "size": k * item.size}
    else:
        raise LayoutError(f"cannot place {type(item).__name__} in a scene")
    if isinstance(item, Rect | Line | Path | Circle | Marker):
        change["stroke_width"] = k * item.stroke_width
    return attrs.evolve(item, **change)


def _placed_op(op: tuple[str | float, ...], x: Any, y: Any) -> tuple[str | float, ...]:
    """A path op with every (x, y) pair placed: all of M, L, C take pairs."""
    command, *values = op
    return (
        command,
        *(x(float(v)) if i % 2 == 0 else y(float(v)) for i, v in enumerate(values)),
    )
