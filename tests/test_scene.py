"""The Scene's own geometry: group moves (translate, then scale) and marker shapes.

Both backends must draw a moved group where :meth:`Scene.placed` says it
stands: the SVG by writing the move as a ``transform`` (read back here with
SVG's own rules), matplotlib by painting the placed primitives.
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import journeykit as jk
from journeykit.layout.markers import marker_corners, marker_outline
from journeykit.layout.scene import (
    Circle,
    Group,
    Line,
    Marker,
    Path,
    Primitive,
    Rect,
    Scene,
    Text,
    placed,
)
from journeykit.rendering.svg import SVGRenderer

SVG = "{http://www.w3.org/2000/svg}"

coords = st.floats(-500, 500, allow_nan=False).map(lambda v: round(v, 2))
lengths = st.floats(0.5, 100, allow_nan=False).map(lambda v: round(v, 2))
scales = st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0])
moves = st.tuples(st.tuples(coords, coords), scales)


def scene_of(*children: Primitive, width: float = 400, height: float = 300) -> Scene:
    return Scene(
        width=width,
        height=height,
        title="T",
        desc="D",
        background="#ffffff",
        font_family="DejaVu Sans",
        view="test",
        children=children,
    )


def items() -> tuple[Primitive, ...]:
    return (
        Rect(x=1, y=2, width=30, height=40, fill="#336699", stroke="#000000", rx=3, dash=(4, 2)),
        Line(x1=0, y1=0, x2=50, y2=20, stroke="#aa0000", stroke_width=1.5, dash=(3,)),
        Path(ops=(("M", 0, 0), ("C", 10, 0, 10, 10, 20, 10), ("L", 30, 40), ("Z",)), fill="#0a0"),
        Circle(cx=10, cy=10, r=5, fill="#00f", stroke="#000", stroke_width=2),
        Marker(x=20, y=20, size=8, shape="triangle-down", fill="#f00"),
        Text(
            x=5,
            y=60,
            lines=("Hello", "there"),
            size=12,
            color="#111111",
            line_height=15,
            box=(5, 48, 80, 30),
        ),
    )


def numbers(value: object) -> list[float]:
    """Every number in a primitive's fields, in order."""
    if attrs.has(type(value)):
        return [n for f in attrs.fields(type(value)) for n in numbers(getattr(value, f.name))]
    if isinstance(value, tuple):
        return [n for v in value for n in numbers(v)]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [float(value)]
    return []


# -- what a move means -------------------------------------------------------------


def test_scale_first_then_translate() -> None:
    rect = Rect(x=1, y=2, width=3, height=4, stroke="#000", stroke_width=0.5, dash=(2, 1), rx=1)
    moved = placed(rect, (10, 20), 2)
    assert (moved.x, moved.y, moved.width, moved.height) == (12, 24, 6, 8)
    assert (moved.stroke_width, moved.dash, moved.rx) == (1.0, (4, 2), 2)
    text = placed(items()[-1], (10, 0), 2)
    assert isinstance(text, Text)
    assert (text.x, text.y, text.size, text.line_height) == (20, 120, 24, 30)
    assert text.box == (20, 96, 160, 60)
    path = placed(items()[2], (1, 1), 2)
    assert isinstance(path, Path)
    assert path.ops == (("M", 1, 1), ("C", 21, 1, 21, 21, 41, 21), ("L", 61, 81), ("Z",))


@given(moves, moves)
def test_nested_groups_compose(outer: tuple[tuple[float, float], float], inner: tuple) -> None:
    (ot, os_), (it, is_) = outer, inner
    scene = scene_of(
        Group(translate=ot, scale=os_, children=(Group(translate=it, scale=is_, children=items()),))
    )
    # The inner group's moves first, then the outer one's.
    expected = [placed(placed(item, it, is_), ot, os_) for item in items()]
    for got, want in zip(scene.placed(), expected, strict=True):
        assert type(got) is type(want)
        assert numbers(got) == pytest.approx(numbers(want), abs=1e-9)
    assert len(list(scene.placed())) == len(items())


def test_texts_are_where_they_are_drawn() -> None:
    scene = scene_of(Group(translate=(100, 0), children=items()))
    (text,) = scene.texts()
    assert text.x == 105
    assert next(t for t in scene.walk() if isinstance(t, Text)).x == 5  # the tree keeps its own


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"scale": 0}, "scale"),
        ({"scale": -1}, "scale"),
        ({"scale": math.nan}, "scale"),
        ({"scale": True}, "scale"),
        ({"translate": (1,)}, "translate"),
        ({"translate": (1, math.inf)}, "translate"),
        ({"translate": ("1", 2)}, "translate"),
    ],
)
def test_a_bad_move_is_a_layout_error(changes: dict[str, object], match: str) -> None:
    with pytest.raises(jk.LayoutError, match=match):
        Group(**changes)  # type: ignore[arg-type]


# -- the SVG backend writes the move; read back with SVG's rules -----------------------

_MOVE = re.compile(r"(translate|scale)\(([^)]*)\)")


def svg_rects(svg: str) -> list[tuple[float, float, float, float, float]]:
    """Each rect of an SVG in the root's units: x, y, width, height, stroke width."""
    out: list[tuple[float, float, float, float, float]] = []

    def visit(el: ET.Element, tx: float, ty: float, k: float) -> None:
        for kind, values in _MOVE.findall(el.get("transform", "")):  # outermost first
            numbers = [float(v) for v in values.split()]
            if kind == "translate":
                tx, ty = tx + k * numbers[0], ty + k * numbers[1]
            else:
                k *= numbers[0]
        if el.tag == f"{SVG}rect" and el.get("stroke"):
            x, y = float(el.get("x", 0)), float(el.get("y", 0))
            w, h = float(el.get("width", 0)), float(el.get("height", 0))
            out.append((tx + k * x, ty + k * y, k * w, k * h, k * float(el.get("stroke-width"))))
        for child in el:
            visit(child, tx, ty, k)

    visit(ET.fromstring(svg), 0.0, 0.0, 1.0)
    return out


def test_svg_writes_the_move_as_a_transform() -> None:
    scene = scene_of(Group(id="g", translate=(10, 20.5), scale=2, children=items()))
    svg = SVGRenderer().render(scene).text
    assert 'transform="translate(10 20.5) scale(2)"' in svg
    assert (
        'transform="translate(0 5)"'
        in SVGRenderer().render(scene_of(Group(translate=(0, 5), children=items()))).text
    )
    assert "transform" not in SVGRenderer().render(scene_of(Group(children=items()))).text


@given(moves, moves)
def test_svg_draws_a_moved_group_where_the_scene_places_it(
    outer: tuple[tuple[float, float], float], inner: tuple
) -> None:
    (ot, os_), (it, is_) = outer, inner
    scene = scene_of(
        Group(translate=ot, scale=os_, children=(Group(translate=it, scale=is_, children=items()),))
    )
    want = next(item for item in scene.placed() if isinstance(item, Rect))
    (got,) = svg_rects(SVGRenderer().render(scene).text)
    # Two decimals in the SVG, for each of up to three numbers composed.
    tolerance = 0.01 * (1 + os_ + os_ * is_)
    assert got == pytest.approx(
        (want.x, want.y, want.width, want.height, want.stroke_width), abs=tolerance
    )


# -- matplotlib paints the placed primitives ---------------------------------------------


def test_matplotlib_draws_a_moved_group_as_its_placed_primitives() -> None:
    pytest.importorskip("matplotlib")
    from journeykit.rendering.mpl import MatplotlibRenderer

    def png(scene: Scene) -> bytes:
        out = io.BytesIO()
        figure = MatplotlibRenderer().render(scene)
        figure.savefig(out, format="png", dpi=50)
        return out.getvalue()

    moved = scene_of(Group(translate=(40, 30), scale=1.5, children=items()))
    by_hand = scene_of(
        Rect(x=41.5, y=33, width=45, height=60, fill="#336699", stroke="#000000", stroke_width=1.5,
             rx=4.5, dash=(6, 3)),
        Line(x1=40, y1=30, x2=115, y2=60, stroke="#aa0000", stroke_width=2.25, dash=(4.5,)),
        Path(ops=(("M", 40, 30), ("C", 55, 30, 55, 45, 70, 45), ("L", 85, 90), ("Z",)),
             fill="#0a0", stroke_width=1.5),
        Circle(cx=55, cy=45, r=7.5, fill="#00f", stroke="#000", stroke_width=3),
        Marker(x=70, y=60, size=12, shape="triangle-down", fill="#f00", stroke_width=1.5),
        Text(x=47.5, y=120, lines=("Hello", "there"), size=18, color="#111111",
             line_height=22.5, box=(47.5, 102, 120, 45)),
    )  # fmt: skip
    assert list(moved.placed()) == list(by_hand.placed())
    assert png(moved) == png(by_hand)
    assert png(moved) != png(scene_of(*items()))


# -- markers -----------------------------------------------------------------------------

SHAPES = ("circle", "square", "diamond", "triangle-up", "triangle-down")


@pytest.mark.parametrize("shape", SHAPES)
@given(x=coords, y=coords, size=lengths)
def test_marker_outline_fits_its_square(shape: str, x: float, y: float, size: float) -> None:
    marker = Marker(x=x, y=y, size=size, shape=shape)  # type: ignore[arg-type]
    ops = marker_outline(marker)
    assert ops[0][0] == "M"
    assert ops[-1] == ("Z",)
    points = [(float(op[i]), float(op[i + 1])) for op in ops for i in range(1, len(op) - 1, 2)]
    r = size / 2
    for px, py in points:
        assert abs(px - x) <= r * (1 + 1e-9) + 1e-9
        assert abs(py - y) <= r * (1 + 1e-9) + 1e-9
    corners = marker_corners(marker)
    if shape == "circle":
        assert corners == ()
        ends = [(float(op[-2]), float(op[-1])) for op in ops if op[0] in "MC"]
        for px, py in ends:
            assert math.hypot(px - x, py - y) == pytest.approx(r)
    else:
        assert [(float(op[1]), float(op[2])) for op in ops[:-1]] == list(corners)


def test_marker_corners_point_the_way_the_shape_says() -> None:
    up = marker_corners(Marker(x=0, y=0, size=2, shape="triangle-up"))
    down = marker_corners(Marker(x=0, y=0, size=2, shape="triangle-down"))
    assert up[0] == (0, -1.0)  # the apex on top: y grows downwards
    assert down[0] == (0, 1.0)
    assert marker_corners(Marker(x=0, y=0, size=2, shape="square"))[0] == (-1.0, -1.0)


# -- scene() is the layout's --------------------------------------------------------------


def test_scene_lives_with_the_layout() -> None:
    import journeykit.rendering
    from journeykit.layout.scenes import scene

    assert jk.scene is scene
    assert journeykit.rendering.scene is scene
    journey = jk.Journey(
        title="T", stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="A")])]
    )
    assert scene(journey, "flow").view == "flow"
    with pytest.raises(jk.LayoutError, match="no option 'colour'"):
        scene(journey, "map", colour="red")
