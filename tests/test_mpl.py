"""The matplotlib renderer paints every view as the SVG renderer does.

What is checked:

- the same texts at the same places, sizes, anchors and colours as in the
  SVG of every view of both examples, read back from what each backend made
  (the SVG's ``<text>``/``<tspan>`` elements; the Figure's Text artists,
  converted from display coordinates back to scene units), and each line as
  wide as the layout measured it, which holds only in DejaVu Sans;
- image comparison against committed baseline PNGs for every view × theme
  of the coffee-maker example (``tests/baseline/mpl``, made by
  ``tools/make_mpl_baselines.py``), and that the comparison fails when one
  card or one line of text moves by 3 units;
- drawing into a user's Axes in a subplot grid; saving PNG, PDF and other
  formats by suffix, atomically, with ``dpi``; user text never read as
  mathtext or TeX; no findfont warnings; headless; styles and rcParams that
  do not reach the picture; 200 renders that leave no figures and no memory
  behind.
"""

from __future__ import annotations

import gc
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.testing.compare import compare_images  # noqa: E402
from PIL import Image  # noqa: E402

import journeykit as jk  # noqa: E402
from journeykit.layout.chart import Chart, Series, Span  # noqa: E402
from journeykit.layout.scene import Circle, Group, Line, Marker, Rect, Scene, Text  # noqa: E402
from journeykit.layout.scene import Path as ScenePath  # noqa: E402
from journeykit.layout.text import text_width  # noqa: E402
from journeykit.layout.theme import THEMES  # noqa: E402
from journeykit.layout.views import VIEWS  # noqa: E402
from journeykit.rendering import scene as layout  # noqa: E402
from journeykit.rendering.mpl import ZORDER, MatplotlibRenderer  # noqa: E402
from journeykit.rendering.registry import get_renderer, renderer_for_suffix  # noqa: E402
from journeykit.rendering.svg import SVGRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_NAMES = ("coffee-maker.json", "hospital-visit.yaml")
TODAY = date(2026, 10, 1)

BASELINES = Path(__file__).resolve().parent / "baseline" / "mpl"
BASELINE_DPI = 36
BASELINE_TOL = 0.5
"""RMS difference (of 0–255 channel values) two images may have.

With the stack the baselines were made with (the matplotlib version and its
bundled FreeType recorded in ``versions.json``), the images come out
identical, so the tolerance only has to absorb floating-point noise. It has
to stay this small: moving one card of the map by 3 units changes the whole
image by an RMS of about 1.2, while rasterising all of its text slightly
differently (0.3 units to the side, or another FreeType hinting) changes it
by 5 to 28. No single tolerance both survives another FreeType and catches a
moved box, so instead the baselines are compared only with the stack they
were made with, and skipped (saying so) with any other.
"""

PLACE_TOL = 0.5  # scene units a text may sit away from where the SVG put it


# -- journeys and scenes ----------------------------------------------------------


@cache
def example(name: str) -> jk.Journey:
    return jk.load(EXAMPLES / name)


def earlier(journey: jk.Journey) -> jk.Journey:
    """A deterministic earlier version: the first touchpoint renamed and its emotion
    flipped, the last touchpoint not there yet."""
    tps = journey.touchpoints
    first, last = tps[0], tps[-1]
    old = journey.replace_touchpoint(
        first.id, emotion=-(first.emotion or 0.0) or 0.5, name=first.name + " (old)"
    )
    return old.remove_touchpoint(last.id)


def view_options(view: str, journey: jk.Journey) -> dict[str, Any]:
    return {"base": earlier(journey), "today": TODAY} if view == "diff" else {}


def scene_of(view: str, name: str = "coffee-maker.json", theme: str = "light") -> Scene:
    journey = example(name)
    return layout(journey, view, theme=theme, **view_options(view, journey))


def cases() -> list[tuple[str, str]]:
    """Every view × theme of the coffee-maker example: the baseline images."""
    return [(view, theme) for view in VIEWS for theme in THEMES]


# The baselines test the renderer, not the layout: each image is stored with
# the Scene it was painted from (``<view>-<theme>.scene.json.gz``), and the
# test paints that stored scene again. A change to a view's layout (which
# its own tests check) does not invalidate the images; regenerating them
# takes the current layout.

_PRIMITIVES: dict[str, type] = {
    kind.__name__: kind for kind in (Rect, Line, ScenePath, Circle, Marker, Text, Group)
}


def _plain(item: Any) -> dict[str, Any]:
    fields = attrs.asdict(item, recurse=False)
    if "children" in fields:
        fields["children"] = [_plain(child) for child in item.children]
    if isinstance(item, Scene):
        fields["chart"] = None if item.chart is None else attrs.asdict(item.chart)
    else:
        fields["type"] = type(item).__name__
    return fields


def _chart(fields: dict[str, Any] | None) -> Chart | None:
    if fields is None:
        return None
    fields = dict(fields)
    fields["series"] = tuple(Series(**series) for series in fields["series"])
    fields["spans"] = tuple(Span(**span) for span in fields["spans"])
    return Chart(**fields)


def _primitive(fields: dict[str, Any]) -> Any:
    fields = dict(fields)
    kind = _PRIMITIVES[fields.pop("type")]
    if "children" in fields:
        fields["children"] = tuple(_primitive(child) for child in fields["children"])
    if "ops" in fields:
        fields["ops"] = tuple(tuple(op) for op in fields["ops"])
    if fields.get("box") is not None:
        fields["box"] = tuple(fields["box"])
    return kind(**fields)


def save_scene(scene: Scene, path: Path) -> None:
    text = json.dumps(_plain(scene), ensure_ascii=False, separators=(",", ":"))
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def load_scene(path: Path) -> Scene:
    fields = json.loads(gzip.decompress(path.read_bytes()))
    fields["children"] = tuple(_primitive(child) for child in fields["children"])
    fields["chart"] = _chart(fields.get("chart"))
    return Scene(**fields)


def baseline_scene(view: str, theme: str) -> Scene:
    return load_scene(BASELINES / f"{view}-{theme}.scene.json.gz")


def baseline_png(view: str, theme: str, path: Path) -> None:
    """Paint the stored scene of ``<view>-<theme>`` as the baseline image is painted."""
    renderer = MatplotlibRenderer()
    renderer.save(renderer.render(baseline_scene(view, theme)), path, dpi=BASELINE_DPI)


def stack() -> dict[str, str]:
    """What decides the pixels: matplotlib's version (major.minor) and its FreeType."""
    from matplotlib import ft2font

    major_minor = ".".join(matplotlib.__version__.split(".")[:2])
    return {"matplotlib": major_minor, "freetype": ft2font.__freetype_version__}


# -- what each backend painted ----------------------------------------------------


@attrs.frozen
class Painted:
    text: str
    x: float
    y: float
    size: float
    anchor: str
    bold: bool
    italic: bool
    color: str


_SVG = "{http://www.w3.org/2000/svg}"
_HA = {"left": "start", "center": "middle", "right": "end"}


_MOVE = re.compile(r"(translate|scale)\(([^)]*)\)")


def _placement(el: ET.Element, tx: float, ty: float, k: float) -> tuple[float, float, float]:
    """The placement inside ``el``: its ``translate(tx ty) scale(s)`` after the outer one."""
    for kind, values in _MOVE.findall(el.get("transform", "")):  # outermost first
        numbers = [float(v) for v in values.replace(",", " ").split()]
        if kind == "scale":
            k *= numbers[0]
        else:
            tx, ty = tx + k * numbers[0], ty + k * (numbers[1] if len(numbers) > 1 else 0.0)
    return tx, ty, k


def svg_texts(svg: str) -> list[Painted]:
    """Each line of text in an SVG, where the SVG puts its baseline (group moves applied)."""
    painted: list[Painted] = []

    def visit(el: ET.Element, tx: float, ty: float, k: float) -> None:
        tx, ty, k = _placement(el, tx, ty, k)
        if el.tag != f"{_SVG}text":
            for child in el:
                visit(child, tx, ty, k)
            return
        x, y = float(el.get("x", "0")), float(el.get("y", "0"))
        for span in el.iter(f"{_SVG}tspan"):
            y += float(span.get("dy", "0"))
            line = span.text or ""
            if not line.strip():
                continue
            painted.append(
                Painted(
                    text=line,
                    x=tx + k * float(span.get("x", x)),
                    y=ty + k * y,
                    size=k * float(el.get("font-size", "0")),
                    anchor=el.get("text-anchor", "start"),
                    bold=el.get("font-weight") == "bold",
                    italic=el.get("font-style") == "italic",
                    color=el.get("fill", "").lower(),
                )
            )

    visit(ET.fromstring(svg), 0.0, 0.0, 1.0)
    return painted


def figure_texts(fig: Figure) -> list[Painted]:
    """Each line of each Text artist of the figure, with its display position in scene units.

    An artist holds a block of lines (``get_text()`` joins them with newlines),
    each ``line_height`` scene units below the one before.
    """
    to_units = 72 / fig.dpi
    height = fig.bbox.height
    painted = []
    for ax in fig.axes:
        for t in ax.texts:
            x, y = t.get_unitless_position()
            for i, line in enumerate(t.get_text().split("\n")):
                if not line.strip():
                    continue
                px, py = t.get_transform().transform((x, y + i * t.line_height))
                painted.append(
                    Painted(
                        text=line,
                        x=px * to_units,
                        y=(height - py) * to_units,
                        size=t.get_fontsize(),
                        anchor=_HA[t.get_horizontalalignment()],
                        bold=t.get_fontweight() == "bold",
                        italic=t.get_fontstyle() == "italic",
                        color=matplotlib.colors.to_hex(t.get_color()),
                    )
                )
    return painted


def rendered(scene: Scene, **options: Any) -> Figure:
    fig: Figure = MatplotlibRenderer().render(scene, **options)
    return fig


def png_array(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def png_bytes(fig: Figure, dpi: float) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


# -- the renderer -----------------------------------------------------------------


def test_registered_by_name_and_suffix() -> None:
    renderer = get_renderer("matplotlib")
    assert isinstance(renderer, MatplotlibRenderer)
    assert jk.renderers()["matplotlib"] == renderer.media_type == "image/png"
    assert renderer.options == frozenset({"ax", "figsize", "dpi"})
    assert {"dpi", "transparent", "bbox_inches", "metadata", "pad_inches"} <= (
        renderer.save_options
    )
    for suffix in (".png", ".PDF", ".jpg", ".jpeg", ".eps", ".ps", ".tif", ".tiff", ".webp"):
        assert renderer_for_suffix(suffix) == "matplotlib"
        assert suffix.lower() in renderer.suffixes
    assert renderer_for_suffix(".svg") == "svg"


def test_render_returns_a_figure_outside_pyplot() -> None:
    before = plt.get_fignums()
    fig = jk.render(example("coffee-maker.json"), view="map", renderer="matplotlib")
    assert isinstance(fig, Figure)
    assert plt.get_fignums() == before  # nothing registered with pyplot
    assert isinstance(fig.canvas, FigureCanvasAgg)
    s = scene_of("map")
    assert tuple(fig.get_size_inches()) == pytest.approx((s.width / 72, s.height / 72))
    (ax,) = fig.axes
    assert not ax.axison
    assert ax.get_xlim() == pytest.approx((0, s.width))
    assert ax.get_ylim() == pytest.approx((s.height, 0))  # y grows downwards
    assert fig.get_label() == s.title


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_same_texts_as_svg(view: str, name: str) -> None:
    """Same strings, same baselines (±0.5 unit), same sizes, anchors, weights and colours."""
    s = scene_of(view, name)
    expected = svg_texts(SVGRenderer().render(s).text)
    fig = rendered(s, dpi=72)
    painted = figure_texts(fig)
    assert [p.text for p in painted] == [e.text for e in expected]
    for p, e in zip(painted, expected, strict=True):
        where = f"{view} of {name}: {e.text!r}"
        assert abs(p.x - e.x) <= PLACE_TOL, where
        assert abs(p.y - e.y) <= PLACE_TOL, where
        assert p.size == pytest.approx(e.size), where
        assert (p.anchor, p.bold, p.italic, p.color) == (e.anchor, e.bold, e.italic, e.color), where


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_lines_are_as_wide_as_the_layout_measured(view: str, name: str) -> None:
    """Each drawn line is as wide as DejaVu Sans makes it: the font the layout measured with.

    matplotlib kerns, the layout does not (erring wide), and the drawn extent
    is the ink, without the side bearings of the first and last glyph, so a
    line may come out up to 3 % and 0.15 em narrower, never wider. Another
    font would miss by far more.
    """
    s = scene_of(view, name)
    fig = rendered(s, dpi=72)
    renderer = fig.canvas.get_renderer()
    lines = [(line, t) for t in s.texts() for line in t.lines if line.strip()]
    extents = []
    for artist in fig.axes[0].texts:
        assert artist.get_fontfamily()[0] == "DejaVu Sans"
        extents += artist.line_extents(renderer)
    assert len(extents) == len(lines)
    for (line, t), extent in zip(lines, extents, strict=True):
        drawn = extent.width * 72 / fig.dpi
        measured = text_width(line, t.size, t.bold)
        assert measured * 0.97 - 0.15 * t.size <= drawn <= measured + 0.5, (line, drawn, measured)


@pytest.mark.parametrize("dpi", [30, 72, 100, 200])
def test_line_widths_do_not_depend_on_the_dpi(dpi: int) -> None:
    """Glyphs are placed unhinted, even when the user's rcParams ask for hinting."""
    s = scene_of("map")
    line = next(t for t in s.texts() if t.lines and len(t.lines[0]) > 60)
    with matplotlib.rc_context({"text.hinting": "no_autohint"}):
        fig = rendered(s, dpi=dpi)
        artist = next(a for a in fig.axes[0].texts if a.get_text().startswith(line.lines[0]))
        extent = artist.line_extents(fig.canvas.get_renderer())[0]
        drawn = extent.width * 72 / dpi
    measured = text_width(line.lines[0], line.size, line.bold)
    assert measured * 0.97 <= drawn <= measured + 0.5


def _artist_kinds(item: Any) -> list[str]:
    """The artists a scene primitive becomes."""
    if isinstance(item, Text):  # one artist for the block of lines
        return ["SceneText"] if any(line.strip() for line in item.lines) else []
    if isinstance(item, Rect):
        return ["PathPatch" if item.rx else "Rectangle"]
    if isinstance(item, Marker):
        return [{"circle": "Circle", "square": "Rectangle"}.get(item.shape, "Polygon")]
    return {"Line": ["Line2D"], "Path": ["PathPatch"], "Circle": ["Circle"]}.get(
        type(item).__name__, []
    )


@pytest.mark.parametrize("view", list(VIEWS))
def test_one_artist_per_primitive_in_painting_order(view: str) -> None:
    s = scene_of(view, "hospital-visit.yaml")
    (ax,) = rendered(s).axes
    ours = [
        type(a).__name__
        for a in ax.get_children()
        if a.get_zorder() == ZORDER and a is not ax.patch and type(a).__name__ != "Scaler"
    ]
    expected = ["Rectangle"]  # the background
    for item in s.walk():
        expected += _artist_kinds(item)
    # Consecutive lines of one style are one LineCollection.
    merged: list[str] = []
    styles = [
        (item.stroke, item.stroke_width, item.dash) if isinstance(item, Line) else None
        for item in s.walk()
        if _artist_kinds(item)
    ]
    for kind, style, before in zip(expected[1:], styles, [None, *styles[:-1]], strict=True):
        if kind == "Line2D" and style == before:
            merged[-1] = "LineCollection"
        else:
            merged.append(kind)
    assert ours == ["Rectangle", *merged]


# -- a user's Axes ----------------------------------------------------------------


def test_the_map_fits_a_users_axes_beside_their_chart() -> None:
    journey = example("coffee-maker.json")
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
    try:
        (line,) = ax2.plot([1, 2, 3], [0.2, 0.5, 0.3], color="C1")
        ax2.set_title("Conversion")
        ax2_children = list(ax2.get_children())
        ax2_limits = (ax2.get_xlim(), ax2.get_ylim())
        with pytest.warns(jk.SmallTextWarning, match=r"text of \d\.\d pt.*6 pt") as record:
            returned = jk.render(journey, view="map", renderer="matplotlib", ax=ax1)
        assert returned is ax1
        assert record[0].filename == __file__  # points at the caller
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=80)  # constrained layout moves the Axes here
        renderer = fig.canvas.get_renderer()

        # The user's chart is untouched.
        assert list(ax2.get_children()) == ax2_children
        assert (ax2.get_xlim(), ax2.get_ylim()) == ax2_limits
        assert ax2.axison
        assert list(line.get_xdata()) == [1, 2, 3]
        assert ax2.get_title() == "Conversion"

        # The journey's texts are inside its Axes, scaled to fit their boxes.
        s = scene_of("map")
        box = ax1.get_window_extent(renderer)
        per_unit = ax1.transData.transform((1, 1)) - ax1.transData.transform((0, 0))
        k = abs(per_unit[0]) * 72 / fig.dpi  # points per scene unit, as drawn
        assert k < 1
        lines = [(ln, t) for t in s.texts() for ln in t.lines if ln.strip()]
        extents = [e for artist in ax1.texts for e in artist.line_extents(renderer)]
        assert len(extents) == len(lines)
        for extent, (ln, t) in zip(extents, lines, strict=True):
            assert box.x0 - 1 <= extent.x0 <= extent.x1 <= box.x1 + 1, ln
            assert box.y0 - 1 <= extent.y0 <= extent.y1 <= box.y1 + 1, ln
            drawn = extent.width * 72 / fig.dpi / k
            assert drawn <= text_width(ln, t.size, t.bold) * 1.03 + 0.5, ln
        for artist, t in zip(ax1.texts, [t for t in s.texts() if t.lines], strict=False):
            assert artist.get_fontsize() == pytest.approx(t.size * k, rel=1e-3)
    finally:
        plt.close(fig)


def test_readable_text_in_a_users_axes_gives_no_warning() -> None:
    s = scene_of("coverage")
    fig = Figure(figsize=(s.width / 72 * 1.05, s.height / 72 * 1.05), dpi=40)
    ax = fig.add_axes((0, 0, 1, 1))
    assert MatplotlibRenderer().render(s, ax=ax) is ax  # warnings are errors here


@pytest.mark.filterwarnings("ignore::journeykit.SmallTextWarning")
def test_sizes_follow_the_axes_at_draw_time() -> None:
    fig = Figure(figsize=(8, 3), dpi=72)
    ax = fig.add_subplot()
    MatplotlibRenderer().render(scene_of("map"), ax=ax)
    first = ax.texts[0].get_fontsize()
    fig.set_size_inches(16, 6)  # twice as big: the Axes grows, so must the text
    png_bytes(fig, 72)
    assert ax.texts[0].get_fontsize() == pytest.approx(2 * first, rel=1e-3)


def _scene_texts(ax: Any) -> list[Any]:
    return [t for t in ax.texts if type(t).__name__ == "SceneText"]


def test_the_emotion_curve_is_drawn_natively_in_a_users_axes() -> None:
    """Lines in data coordinates, one point a touchpoint, in the user's colours and fonts."""
    journey = example("coffee-maker.json")
    names = [tp.name for tp in journey.touchpoints]
    with plt.style.context("ggplot"), matplotlib.rc_context({"font.family": "serif"}):
        cycle = [c["color"] for c in matplotlib.rcParams["axes.prop_cycle"]]
        fig = Figure(figsize=(8, 4))
        ax = fig.add_subplot()
        returned = jk.render(journey, view="emotion", renderer="matplotlib", ax=ax)
        png_bytes(fig, 40)
    assert returned is ax
    assert _scene_texts(ax) == []  # not the picture shrunk: a chart
    curve = jk.emotion_curve(journey)
    overall, *personas = ax.lines[: 1 + len(journey.personas)]
    assert list(overall.get_xdata()) == list(range(len(names)))
    by_id = {p.touchpoint: p.emotion for p in curve.points}
    expected = [by_id.get(tp.id, np.nan) for tp in journey.touchpoints]
    np.testing.assert_allclose(overall.get_ydata(), expected)
    assert overall.get_label() == "Overall"
    assert [p.get_label() for p in personas] == [p.name for p in journey.personas]
    assert [matplotlib.colors.to_hex(line.get_color()) for line in ax.lines[:3]] == [
        matplotlib.colors.to_hex(c) for c in cycle[:3]
    ]
    assert {line.get_marker() for line in ax.lines[:3]} == {"o", "s", "D"}  # not colour alone
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert len(ticks) == len(names)
    assert all(name.startswith(tick.rstrip("…")) for tick, name in zip(ticks, names, strict=True))
    assert ax.get_xticklabels()[0].get_fontfamily() == ["serif"]
    low, high = ax.get_ylim()
    assert low < -1
    assert high > 1
    assert ax.get_legend() is not None


def test_hotspots_share_an_x_axis_with_the_emotion_curve() -> None:
    journey = example("coffee-maker.json")
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(8, 6))
    try:
        jk.render(journey, view="emotion", renderer="matplotlib", ax=top)
        assert jk.render(journey, view="hotspots", renderer="matplotlib", ax=bottom) is bottom
        png_bytes(fig, 40)
        assert top.get_xlim() == bottom.get_xlim() == (-0.5, len(journey.touchpoints) - 0.5)
        index = {tp.id: i for i, tp in enumerate(journey.touchpoints)}
        totals: dict[float, float] = {}
        for bar in bottom.patches:
            if bar.get_height() > 0 and bar.get_width() < 1:
                centre = bar.get_x() + bar.get_width() / 2
                totals[round(centre, 6)] = totals.get(round(centre, 6), 0.0) + bar.get_height()
        for h in jk.hotspots(journey)[:10]:
            if h.score > 0:
                assert totals[index[h.touchpoint]] == pytest.approx(h.score, rel=1e-6)
        hollow = [p for p in bottom.patches if p.get_hatch()]
        assert hollow
        assert all(p.get_facecolor()[3] == 0 for p in hollow)  # drop-off: outlines
    finally:
        plt.close(fig)


def _funnel_scene(chart: Chart) -> Scene:
    return Scene(
        width=100,
        height=100,
        title="Funnel",
        desc="A funnel",
        background="#ffffff",
        font_family="DejaVu Sans",
        view="funnel",
        chart=chart,
    )


def test_a_funnel_chart_is_drawn_natively() -> None:
    """Stages as bars; each drop-off hollow on the next bar up to the one before; words."""
    chart = Chart(
        kind="funnel",
        title="Shop funnel",
        categories=("Look", "Compare", "Unknown", "Buy", "Return"),
        series=(
            Series(
                name="entering",
                values=(1000.0, 400.0, None, 100.0, 80.0),
                labels=("1,000", "400", "", "100", "80"),
            ),
            Series(
                name="conversion",
                values=(0.4, None, None, 0.8, None),
                labels=("40 %", "", "", "80 %", ""),
                role="conversion",
            ),
            Series(
                name="drop-off",
                values=(600.0, None, None, 20.0, None),
                labels=("−600", "", "", "−20", ""),
                role="dropoff",
                hollow=True,
            ),
        ),
        value_label="customers",
    )
    fig = Figure(figsize=(6, 4))
    ax = fig.add_subplot()
    assert MatplotlibRenderer().render(_funnel_scene(chart), ax=ax) is ax
    png_bytes(fig, 40)
    solid = [p for p in ax.patches if not p.get_hatch()]
    assert [p.get_height() for p in solid] == [1000, 400, 0, 100, 80]
    hollow = [
        (p.get_x() + p.get_width() / 2, p.get_y(), p.get_height())
        for p in ax.patches
        if p.get_hatch()
    ]
    assert hollow == [(pytest.approx(1), 400, 600), (pytest.approx(4), 80, 20)]
    words = {t.get_text() for t in ax.texts}
    assert {"1,000", "400", "100", "80", "−600\n40 % go on", "−20\n80 % go on"} <= words
    assert ax.get_ylabel() == "customers"
    assert ax.get_title() == "Shop funnel"


def test_a_funnel_result_becomes_a_funnel_chart() -> None:
    from journeykit.layout.chart import funnel_chart

    journey = example("coffee-maker.json")
    result = jk.funnel(journey)
    chart = funnel_chart(result, "Coffee funnel")
    entering = chart.of_role("value")
    assert entering is not None
    assert entering.values == tuple(float(s.entering) for s in result.steps)
    fig = Figure()
    ax = fig.add_subplot()
    MatplotlibRenderer().render(_funnel_scene(chart), ax=ax)
    png_bytes(fig, 40)
    assert len([p for p in ax.patches if p.get_hatch()]) == len(result.steps) - 1


def test_a_chart_checks_its_own_shape() -> None:
    with pytest.raises(jk.JourneyError, match="2 values for 3 categories"):
        Chart(
            kind="line",
            title="t",
            categories=("a", "b", "c"),
            series=(Series(name="s", values=(1, 2)),),
        )
    with pytest.raises(jk.JourneyError, match="exactly one series of role 'value'"):
        Chart(kind="funnel", title="t", categories=("a",), series=())
    with pytest.raises(jk.JourneyError, match="span"):
        Chart(
            kind="bar",
            title="t",
            categories=("a",),
            series=(),
            spans=(Span(name="x", first=0, last=3),),
        )


def test_bad_options_are_named() -> None:
    journey = example("coffee-maker.json")
    fig = Figure()
    ax = fig.add_subplot()
    with pytest.raises(jk.JourneyError, match="figsize"):
        jk.render(journey, renderer="matplotlib", ax=ax, figsize=(4, 3))
    with pytest.raises(jk.JourneyError, match="dpi"):
        jk.render(journey, renderer="matplotlib", dpi=-3)
    with pytest.raises(jk.JourneyError, match="dpi"):
        jk.render(journey, renderer="matplotlib", dpi="high")
    with pytest.raises(jk.JourneyError, match="figsize"):
        jk.render(journey, renderer="matplotlib", figsize=(4,))
    with pytest.raises(jk.JourneyError, match="Axes"):
        jk.render(journey, renderer="matplotlib", ax="left")


# -- files ------------------------------------------------------------------------


@pytest.mark.parametrize("dpi", [36, 72, 150])
def test_png_has_the_scene_size_times_dpi(tmp_path: Path, dpi: int) -> None:
    journey = example("coffee-maker.json")
    target = tmp_path / "map.png"
    jk.save(journey, target, view="emotion", dpi=dpi)
    s = scene_of("emotion")
    with Image.open(target) as image:
        width, height = image.size
        assert image.format == "PNG"
        assert image.info.get("Title") == s.title
    assert abs(width - s.width * dpi / 72) <= 1
    assert abs(height - s.height * dpi / 72) <= 1
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]  # no temporary left


@pytest.mark.soak
def test_pdf_keeps_text_as_text(tmp_path: Path) -> None:
    journey = example("coffee-maker.json")
    target = tmp_path / "map.pdf"
    jk.save(journey, target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"DejaVuSans" in data  # the font is embedded, not the text drawn as paths
    assert b"/FontType 3" not in data  # not Type 3 glyph procedures: TrueType (CIDFontType2)
    assert b"/Subtype /TrueType" in data or b"/Subtype /CIDFontType2" in data
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Buying a coffee maker" in text
        assert "Compares models on" in text
    # The same journey saves to the same bytes: no creation date.
    again = tmp_path / "again.pdf"
    jk.save(journey, again)
    assert again.read_bytes() == data


@pytest.mark.soak
@pytest.mark.parametrize("suffix", [".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".eps", ".ps"])
def test_other_formats_by_suffix(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"hotspots{suffix}"
    jk.save(example("coffee-maker.json"), target, view="hotspots", dpi=30)
    data = target.read_bytes()
    if suffix in (".eps", ".ps"):
        assert data.startswith(b"%!PS")
    else:
        with Image.open(target) as image:
            assert image.size[0] == pytest.approx(scene_of("hotspots").width * 30 / 72, abs=1)


def test_save_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "map.png"
    target.write_bytes(b"the old map")

    def broken(self: Any, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(FigureCanvasAgg, "draw", broken)
    with pytest.raises(RuntimeError, match="fire"):
        jk.save(
            example("coffee-maker.json"), target, view="diff", base=example("coffee-maker.json")
        )
    assert target.read_bytes() == b"the old map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]


def test_save_refuses_what_it_cannot_write(tmp_path: Path) -> None:
    journey = example("coffee-maker.json")
    with pytest.raises(jk.JourneyError, match=r"\.xyz"):
        jk.save(journey, tmp_path / "map.xyz", renderer="matplotlib")
    with pytest.raises(jk.JourneyError, match="dpi"):
        jk.save(journey, tmp_path / "map.png", dpi=100_000)  # gigapixels: say so, don't try
    assert list(tmp_path.iterdir()) == []


def test_same_journey_same_png() -> None:
    s = scene_of("coverage")
    assert png_bytes(rendered(s), 50) == png_bytes(rendered(s), 50)


# -- text as typed ----------------------------------------------------------------


def tricky_journey() -> jk.Journey:
    names = ["Pays $x^2$ for $5 & $10", r"Opens C:\new\table\x00", "Tab\there\x07bell\x1b[31m"]
    tps = [jk.Touchpoint(id=f"tp-{i}", name=name) for i, name in enumerate(names)]
    return jk.Journey(
        title=r"Costs in $ and \LaTeX", stages=[jk.Stage(name="Pay", touchpoints=tps)]
    )


def test_dollar_and_backslash_are_drawn_as_typed(tmp_path: Path) -> None:
    journey = tricky_journey()
    with matplotlib.rc_context({"text.usetex": True, "text.parse_math": True}):
        fig = jk.render(journey, renderer="matplotlib")
        jk.save(journey, tmp_path / "map.png", dpi=40)  # no LaTeX needed, none installed
        jk.save(journey, tmp_path / "map.pdf")
        png_bytes(fig, 40)
    drawn = [t.get_text() for t in fig.axes[0].texts]
    assert r"Costs in $ and \LaTeX" in drawn
    assert any("$x^2$" in t for t in drawn)
    assert any(r"C:\new\table" in t for t in drawn)
    for artist in fig.axes[0].texts:
        assert artist.get_usetex() is False
        assert artist.get_parse_math() is False
    # A line drawn as mathtext would be narrower than the literal text measured.
    renderer = fig.canvas.get_renderer()
    title = next(t for t in fig.axes[0].texts if t.get_text().startswith("Costs"))
    width = title.get_window_extent(renderer).width * 72 / fig.dpi
    assert width == pytest.approx(
        text_width(title.get_text(), title.get_fontsize(), True), rel=0.03
    )


def test_control_characters_never_reach_the_output(tmp_path: Path) -> None:
    journey = tricky_journey()
    fig = jk.render(journey, renderer="matplotlib")
    for artist in fig.axes[0].texts:  # lines of a block are joined by newlines
        for line in artist.get_text().split("\n"):
            assert not re.search("[\x00-\x1f\x7f-\x9f]", line)
    # Even a scene that skipped the layout's cleaning paints none of them.
    raw = Scene(
        width=200,
        height=50,
        title="t\x00itle",
        desc="d",
        background="#ffffff",
        font_family="DejaVu Sans",
        view="test",
        children=[
            Text(
                x=5, y=20, lines=["a\x00b\x1bc\x85d\ud800e"], size=10, color="#000", line_height=12
            )
        ],
    )
    fig = rendered(raw)
    assert [t.get_text() for t in fig.axes[0].texts] == ["abcde"]
    target = tmp_path / "raw.pdf"
    MatplotlibRenderer().save(fig, target)
    assert b"t\x00itle" not in target.read_bytes()


def test_characters_no_font_has_are_one_warning_not_one_per_glyph(tmp_path: Path) -> None:
    """Say once which characters will be boxes; matplotlib's per-glyph warnings stay quiet."""
    from journeykit.rendering.mpl import _has_glyph

    cjk = "顧客体験の旅程図"
    if all(_has_glyph(ch) for ch in cjk):
        pytest.skip("a font with these characters is installed")
    tp = jk.Touchpoint(id="tp", name=f"{cjk} and a coffee ☕")
    journey = jk.Journey(title="咖啡机", stages=[jk.Stage(name="Look", touchpoints=[tp])])
    with pytest.warns(UserWarning, match="in no installed font") as record:
        fig = jk.render(journey, renderer="matplotlib")
    assert len(record) == 1
    assert "咖啡机顧客" in str(record[0].message)
    assert record[0].filename == __file__  # points at the caller
    png_bytes(fig, 40)  # drawing warns no more (warnings are errors in this suite)
    with pytest.warns(UserWarning, match="in no installed font"):
        jk.save(journey, tmp_path / "map.pdf")
    assert any(cjk in t.get_text() for t in fig.axes[0].texts)


# -- fonts, headless, styles ------------------------------------------------------

HEADLESS = """
import logging, sys, warnings
logging.basicConfig(level=logging.WARNING, format="LOG %(name)s: %(message)s")
warnings.simplefilter("error")
import journeykit as jk
from journeykit.layout.theme import THEMES
from journeykit.layout.views import VIEWS
journey = jk.load(sys.argv[1])
out = sys.argv[2]
for view in VIEWS:
    for theme in THEMES:
        options = {"base": journey} if view == "diff" else {}
        jk.save(journey, f"{out}/{view}-{theme}.png", view=view, theme=theme, dpi=20, **options)
jk.save(journey, f"{out}/map.pdf")
assert "matplotlib.pyplot" not in sys.modules, "the renderer must not need pyplot"
import matplotlib
print("backend", matplotlib.get_backend())
"""


@pytest.mark.soak
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_headless_without_findfont_warnings(tmp_path: Path, name: str) -> None:
    """A fresh process with no display draws every view; nothing is logged or warned."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("MPLBACKEND", None)
    result = subprocess.run(
        [sys.executable, "-c", HEADLESS, str(EXAMPLES / name), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no findfont (or any other) warning
    assert len(list(tmp_path.glob("*.png"))) == len(VIEWS) * len(THEMES)


def test_no_font_warnings_in_process(caplog: pytest.LogCaptureFixture) -> None:
    from journeykit.rendering import mpl

    mpl._families.cache_clear()
    with caplog.at_level("DEBUG", logger="matplotlib.font_manager"):
        fig = rendered(scene_of("map"))
        png_bytes(fig, 20)
    assert not [r for r in caplog.records if r.levelno >= 30], caplog.text


EVIL_RC: dict[str, Any] = {
    "text.usetex": True,
    "text.parse_math": True,
    "text.hinting": "force_autohint",
    "text.antialiased": False,
    "text.language": "tr",
    "font.size": 30,
    "font.family": "serif",
    "font.weight": "bold",
    "figure.dpi": 50,
    "figure.autolayout": True,
    "figure.facecolor": "red",
    "lines.linewidth": 6,
    "lines.scale_dashes": True,
    "lines.antialiased": False,
    "lines.solid_capstyle": "round",
    "patch.linewidth": 4,
    "patch.force_edgecolor": True,
    "patch.antialiased": False,
    "path.sketch": (2, 50, 3),
    "path.simplify_threshold": 1.0,
    "axes.unicode_minus": False,
    "savefig.transparent": True,
    "savefig.bbox": "tight",
    "savefig.facecolor": "blue",
    "savefig.pad_inches": 1,
    "pdf.use14corefonts": True,
    "pdf.fonttype": 3,
}


@pytest.mark.soak
@pytest.mark.parametrize(
    "style", ["dark_background", "ggplot", "classic", "fivethirtyeight", "xkcd", "evil"]
)
def test_styles_and_rcparams_do_not_reach_the_picture(tmp_path: Path, style: str) -> None:
    journey = example("coffee-maker.json")
    plain, styled = tmp_path / "plain.png", tmp_path / "styled.png"
    jk.save(journey, plain, view="map", dpi=30)
    with plt.style.context("default"):
        if style == "xkcd":
            context: Any = plt.xkcd()
        elif style == "evil":
            context = matplotlib.rc_context(EVIL_RC)
        else:
            context = plt.style.context(style)
        with context:
            jk.save(journey, styled, view="map", dpi=30)
            fig = jk.render(journey, view="map", renderer="matplotlib")
            jk.save(journey, tmp_path / "styled.pdf", view="map")
    assert np.array_equal(png_array(plain.read_bytes()), png_array(styled.read_bytes()))
    # A figure made under the style and saved after it is the same picture too.
    assert np.array_equal(png_array(plain.read_bytes()), png_array(png_bytes(fig, 30)))
    assert b"DejaVuSans" in (tmp_path / "styled.pdf").read_bytes()


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(jk.MissingDependencyError, match=r"journeykit\[mpl\]"):
        jk.render(example("coffee-maker.json"), renderer="matplotlib")


# -- loops ------------------------------------------------------------------------


def _rss_mib() -> float | None:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, AttributeError):
        return None


@pytest.mark.soak
def test_200_maps_leave_no_figures_and_no_memory_behind(tmp_path: Path) -> None:
    """Render 200 maps, saving every 20th; open figures and memory stay flat.

    Memory is the resident size of the process (it holds Agg's pixel
    buffers, which tracemalloc does not see), read after each render without
    forcing a garbage collection: what a user's loop would see. It may grow
    while the first maps warm the caches (fonts, glyphs); after that it must
    stay within 20 MiB.
    """
    journey = example("coffee-maker.json")
    figures = plt.get_fignums()
    objects: list[int] = []
    sizes: list[float] = []
    for i in range(200):
        fig = jk.render(journey, view="map", renderer="matplotlib")
        del fig
        if i % 20 == 0:
            jk.save(journey, tmp_path / "map.png", dpi=30)
        rss = _rss_mib()
        if rss is not None:
            sizes.append(rss)
        if i in (20, 199):
            gc.collect()
            objects.append(len(gc.get_objects()))
    assert plt.get_fignums() == figures
    assert objects[1] - objects[0] < 2_000, objects  # nothing piles up, collected or not
    if sizes:
        warm = sizes[20]
        assert max(sizes[20:]) - warm < 20, (warm, max(sizes[20:]))


# -- image baselines --------------------------------------------------------------


def _baseline_stack() -> dict[str, str]:
    path = BASELINES / "versions.json"
    if not path.exists():
        return {}
    recorded: dict[str, str] = json.loads(path.read_text("utf-8"))
    return recorded


def _needs_baseline_stack() -> None:
    recorded = _baseline_stack()
    if not recorded:
        pytest.fail("no baselines: run python tools/make_mpl_baselines.py")
    if {k: recorded.get(k) for k in stack()} != stack():
        pytest.skip(
            f"baselines made with {recorded}, this is {stack()}: text rasterises differently; "
            "regenerate with python tools/make_mpl_baselines.py"
        )


@pytest.mark.soak
@pytest.mark.parametrize(("view", "theme"), cases())
def test_baseline_image(tmp_path: Path, view: str, theme: str) -> None:
    _needs_baseline_stack()
    expected = BASELINES / f"{view}-{theme}.png"
    actual = tmp_path / f"{view}-{theme}.png"
    baseline_png(view, theme, actual)
    failure = compare_images(str(expected), str(actual), tol=BASELINE_TOL)
    assert failure is None, f"{failure}\n(the diff image is in {tmp_path})"


def _moved(scene: Scene, kind: type, predicate: Any, dx: float) -> Scene:
    """``scene`` with the first primitive of ``kind`` matching ``predicate`` moved by ``dx``."""
    done = False

    def fix(items: tuple[Any, ...]) -> Iterator[Any]:
        nonlocal done
        for item in items:
            if isinstance(item, Group):
                item = attrs.evolve(item, children=tuple(fix(item.children)))
            elif isinstance(item, kind) and not done and predicate(item):
                done = True
                item = attrs.evolve(item, x=item.x + dx)
            yield item

    moved = attrs.evolve(scene, children=tuple(fix(scene.children)))
    assert done
    return moved


@pytest.mark.parametrize(
    ("kind", "predicate"),
    [
        (Rect, lambda r: r.rx > 0 and r.stroke is not None),  # a touchpoint card
        (Text, lambda t: bool(t.lines) and len(t.lines[0]) > 10),  # one line of text
    ],
    ids=["card", "text"],
)
@pytest.mark.soak
def test_baseline_comparison_sees_a_moved_primitive(
    tmp_path: Path, kind: type, predicate: Any
) -> None:
    _needs_baseline_stack()
    actual = tmp_path / "map-light.png"
    renderer = MatplotlibRenderer()
    moved = _moved(baseline_scene("map", "light"), kind, predicate, 3)
    renderer.save(renderer.render(moved), actual, dpi=BASELINE_DPI)
    failure = compare_images(str(BASELINES / "map-light.png"), str(actual), tol=BASELINE_TOL)
    assert failure is not None
    assert "RMS" in failure


def test_baselines_are_small() -> None:
    images = list(BASELINES.glob("*.png"))
    scenes = list(BASELINES.glob("*.scene.json.gz"))
    assert len(images) == len(scenes) == len(cases())
    assert sum(f.stat().st_size for f in images + scenes) < 2 * 2**20


@pytest.mark.parametrize("view", list(VIEWS))
def test_stored_scenes_round_trip(tmp_path: Path, view: str) -> None:
    scene = scene_of(view, "hospital-visit.yaml", theme="dark")
    save_scene(scene, tmp_path / "scene.json.gz")
    assert load_scene(tmp_path / "scene.json.gz") == scene


# -- savefig's own keywords, file objects, other renderers' options -----------------


def test_save_passes_savefigs_own_keywords(tmp_path: Path) -> None:
    journey = example("coffee-maker.json")
    clear, tight, red = tmp_path / "clear.png", tmp_path / "tight.png", tmp_path / "red.png"
    jk.save(journey, clear, view="emotion", dpi=30, transparent=True)
    jk.save(journey, tight, view="emotion", dpi=30, bbox_inches="tight", pad_inches=0.5)
    jk.save(journey, red, view="emotion", dpi=30, facecolor="#ff0000", metadata={"Author": "CX"})
    s = scene_of("emotion")
    with Image.open(clear) as image:
        assert image.mode == "RGBA"
        assert image.getpixel((1, 1))[3] == 0  # the background is see-through
        assert np.asarray(image)[..., 3].max() == 255  # the ink is not
    with Image.open(tight) as image:  # the scene's own size, plus the padding
        assert image.size[0] == pytest.approx(s.width * 30 / 72 + 30, abs=3)
    with Image.open(red) as image:
        assert image.getpixel((1, 1))[:3] == (255, 0, 0)
        assert image.info["Author"] == "CX"
        assert image.info["Title"] == s.title  # merged with ours


@pytest.mark.parametrize("view", ["map", "emotion"])
def test_our_png_has_the_pixels_savefig_writes(view: str) -> None:
    """Our figure as it is is written without savefig and Pillow: the same pixels, our metadata."""
    renderer = MatplotlibRenderer()
    fig = renderer.render(scene_of(view, "hospital-visit.yaml"))
    ours, theirs = io.BytesIO(), io.BytesIO()
    renderer.save(fig, ours, format="png", dpi=30, metadata={"Author": "CX ✓"})
    renderer.save(fig, theirs, format="png", dpi=30, pil_kwargs={})  # through savefig
    assert np.array_equal(png_array(ours.getvalue()), png_array(theirs.getvalue()))
    with Image.open(ours) as image:
        assert image.mode == "RGB"
        assert image.info["Title"] == fig.get_label()
        assert image.info["Author"] == "CX ✓"
        assert image.info["dpi"] == pytest.approx((30, 30), abs=0.01)
    assert fig.dpi == 72 or fig.dpi == matplotlib.rcParams["figure.dpi"]  # as it was


def test_save_writes_binary_file_objects() -> None:
    renderer = MatplotlibRenderer()
    fig = renderer.render(scene_of("hotspots"))
    buffer = io.BytesIO()
    renderer.save(fig, buffer, format="png", dpi=20)
    assert buffer.getvalue().startswith(b"\x89PNG")
    pdf = io.BytesIO()
    renderer.save(fig, pdf, format="PDF")
    assert pdf.getvalue().startswith(b"%PDF")
    with pytest.raises(jk.JourneyError, match="format="):
        renderer.save(fig, io.BytesIO())
    with pytest.raises(jk.JourneyError, match="binary mode"):
        renderer.save(fig, io.StringIO(), format="png")
    with pytest.raises(jk.JourneyError, match="path or a binary file object"):
        renderer.save(fig, 42, format="png")  # type: ignore[arg-type]


def test_save_of_a_users_axes_writes_their_figure(tmp_path: Path) -> None:
    fig = Figure(figsize=(4, 3), dpi=50)
    ax = fig.add_subplot()
    renderer = MatplotlibRenderer()
    result = renderer.render(scene_of("emotion"), ax=ax)
    renderer.save(result, tmp_path / "mine.png")
    with Image.open(tmp_path / "mine.png") as image:
        assert image.size == (200, 150)


def test_keywords_of_the_wrong_backend_are_named(tmp_path: Path) -> None:
    journey = example("coffee-maker.json")
    with pytest.raises(
        jk.JourneyError,
        match=r"the svg renderer takes no dpi; dpi applies to \.png/\.pdf \(matplotlib\)",
    ):
        jk.save(journey, tmp_path / "map.svg", dpi=50)
    with pytest.raises(jk.JourneyError, match=r"matplotlib renderer takes no id_prefix.*\.svg"):
        jk.save(journey, tmp_path / "map.png", id_prefix="a")
    with pytest.raises(jk.JourneyError, match=r"transparent= applies when writing a file"):
        jk.render(journey, renderer="matplotlib", transparent=True)
    with pytest.raises(jk.JourneyError, match="the map view has no option 'colour'"):
        jk.save(journey, tmp_path / "map.png", colour="red")
    for bad in (
        {"transparent": "yes"},
        {"bbox_inches": 3},
        {"facecolor": "nocolour"},
        {"metadata": ["Author"]},
        {"pad_inches": -1},
        {"pil_kwargs": 3},
    ):
        with pytest.raises(jk.JourneyError, match=next(iter(bad))):
            jk.save(journey, tmp_path / "map.png", dpi=10, **bad)
    assert list(tmp_path.iterdir()) == []


# -- sizes, checked before anything is drawn --------------------------------------


def _huge(width: float, height: float) -> Scene:
    return Scene(
        width=width,
        height=height,
        title="Huge",
        desc="d",
        background="#ffffff",
        font_family="DejaVu Sans",
        view="map",
        children=[Text(x=5, y=20, lines=["a"], size=10, color="#000", line_height=12)],
    )


def test_sizes_are_checked_from_the_scene_before_anything_is_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeykit.rendering import mpl

    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("painted before the size was checked")

    journey = example("coffee-maker.json")
    monkeypatch.setattr(mpl, "_paint", never)
    monkeypatch.setattr(mpl, "_new_figure", never)
    laid_out = jk.scene(journey)
    width, height = (side / 72 * 100_000 for side in (laid_out.width, laid_out.height))
    with pytest.raises(
        jk.JourneyError, match=rf"{width:,.0f} × {height:,.0f} pixels.*lower dpi= \(to \d"
    ):
        jk.save(journey, tmp_path / "map.png", dpi=100_000)
    with pytest.raises(jk.JourneyError, match=r"16,383 pixels a \.webp side"):
        # a side past WebP's limit, the whole well under the pixel limit
        jk.save(journey, tmp_path / "map.webp", dpi=17_000 / (laid_out.width / 72))
    renderer = MatplotlibRenderer()
    wide = _huge(880_000, 740)  # 1,222,222 × 1,028 pixels at 100 dpi: a 5,000-touchpoint map
    with pytest.raises(jk.JourneyError, match=r"880,000 × 740 units.*\.svg"):
        renderer.check(wide, format="pdf")
    with pytest.raises(jk.JourneyError, match=r"880,000 × 740 units"):
        renderer.render(wide)
    renderer.check(_huge(50_000, 1_000), format="pdf")  # a vector file of a big map is fine
    renderer.check(_huge(50_000, 1_000), format="png", dpi=100)
    with pytest.raises(jk.JourneyError, match=r"138,889 × 2,778 pixels"):
        renderer.check(_huge(50_000, 1_000), format="png", dpi=200)
    renderer.check(_huge(50_000, 1_000), format="png", dpi=200, figsize=(50, 1))
    assert list(tmp_path.iterdir()) == []


# -- threads, and matplotlib's global settings --------------------------------------


def _emotion_png(journey: jk.Journey) -> bytes:
    renderer = MatplotlibRenderer()
    buffer = io.BytesIO()
    renderer.save(renderer.render(scene_of("emotion")), buffer, format="png", dpi=40)
    return buffer.getvalue()


def _render_in_threads(threads: int, each: int) -> list[bytes]:
    from concurrent.futures import ThreadPoolExecutor

    journey = example("coffee-maker.json")
    scene_of("emotion")  # laid out once, before the threads start
    with ThreadPoolExecutor(threads) as pool:
        jobs = [pool.submit(_emotion_png, journey) for _ in range(threads * each)]
        return [job.result() for job in jobs]


def test_rendering_from_threads_gives_the_same_bytes() -> None:
    single = _emotion_png(example("coffee-maker.json"))
    assert set(_render_in_threads(4, 2)) == {single}


@pytest.mark.soak
def test_400_renders_from_8_threads_give_the_same_bytes() -> None:
    single = _emotion_png(example("coffee-maker.json"))
    before = dict(matplotlib.rcParams)
    pngs = _render_in_threads(8, 50)
    assert len(pngs) == 400
    assert sum(png != single for png in pngs) == 0
    assert dict(matplotlib.rcParams) == before


@pytest.mark.soak
def test_postscript_from_threads_leaves_rcparams_as_found(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    journey = example("coffee-maker.json")
    before = dict(matplotlib.rcParams)
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda i: jk.save(journey, tmp_path / f"h{i}.eps", view="hotspots"), [0, 1]))
    assert dict(matplotlib.rcParams) == before
    assert (tmp_path / "h0.eps").read_bytes().startswith(b"%!PS")


def _everything(tmp_path: Path, journey: jk.Journey) -> None:
    """Render and save every way there is, from two threads at once."""
    from concurrent.futures import ThreadPoolExecutor

    def work(i: int) -> None:
        for suffix in (".png", ".pdf", ".jpg"):  # .eps takes seconds; the soak test has it
            jk.save(journey, tmp_path / f"hotspots-{i}{suffix}", view="hotspots", dpi=20)
        fig = jk.render(journey, view="emotion", renderer="matplotlib")
        MatplotlibRenderer().save(fig, tmp_path / f"emotion-{i}.svg")  # matplotlib's SVG
        png_bytes(fig, 20)

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(work, range(2)))
    user = Figure()
    with pytest.warns(jk.SmallTextWarning):
        jk.render(journey, view="coverage", renderer="matplotlib", ax=user.add_subplot())
    jk.render(journey, view="hotspots", renderer="matplotlib", ax=user.add_subplot())
    png_bytes(user, 20)


@pytest.mark.parametrize(
    "style",
    [None] + [pytest.param(s, marks=pytest.mark.soak) for s in ("ggplot", "dark_background")],
)
def test_rcparams_are_left_exactly_as_found(tmp_path: Path, style: str | None) -> None:
    journey = example("coffee-maker.json")
    context: Any = plt.style.context(style) if style else matplotlib.rc_context()
    with context:
        before = dict(matplotlib.rcParams)
        _everything(tmp_path, journey)
        assert dict(matplotlib.rcParams) == before


def test_text_looks_the_same_set_glyph_by_glyph_or_line_by_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Simple text comes from glyphs rendered once; other text (and older matplotlib)
    is laid out a line at a time by FreeType. Both put the same text in the same place."""
    from journeykit.rendering import _agg_text

    s = scene_of("emotion")
    cached = png_array(png_bytes(rendered(s), 72))
    monkeypatch.setattr(_agg_text, "_glyph_cache_works", lambda: False)
    whole = png_array(png_bytes(rendered(s), 72))
    assert cached.shape == whole.shape
    rms = float(np.sqrt(((cached.astype(float) - whole.astype(float)) ** 2).mean()))
    assert 0 < rms < 8  # a line's start rounded to a pixel, ligatures; 1 px lower: 10


def test_lines_that_need_shaping_are_laid_out_whole() -> None:
    from journeykit.rendering import _agg_text

    face = _agg_text._face(_font_for_test(), 72)
    assert face is not None
    assert face.layout("Café ÆØÅ Ωμέγα Жук → ★") is not None  # set glyph by glyph
    assert face.layout("e\u0301") is None  # a combining accent
    assert face.layout("שלום") is None  # right to left
    assert face.layout("顧客") is None  # not in DejaVu Sans


def _font_for_test() -> Any:
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=["DejaVu Sans"], size=10)


def test_the_funnel_view_is_drawn_natively_in_a_users_axes() -> None:
    journey = example("coffee-maker.json")
    fig = Figure(figsize=(6, 4))
    ax = fig.add_subplot()
    assert jk.render(journey, view="funnel", renderer="matplotlib", ax=ax) is ax
    png_bytes(fig, 40)
    assert _scene_texts(ax) == []
    entering = [s.entering for s in jk.funnel(journey).steps]
    assert [p.get_height() for p in ax.patches if not p.get_hatch()] == entering
