"""Charts drawn in a user's Axes fit their words to the room the Axes has, at draw time.

Whatever the figure's size: no two of the chart's words overlap (stage
names, notes, value labels, the legend, the category names under the
ticks), and the words inside the Axes stay inside it. What does not fit is
cut ("…") or left out, and comes back when the figure is drawn bigger.
"""

from __future__ import annotations

import io
import itertools
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

matplotlib = pytest.importorskip("matplotlib")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import journeykit as jk  # noqa: E402
from conftest import a_share  # noqa: E402
from journeykit.testing import journeys  # noqa: E402

if TYPE_CHECKING:
    from matplotlib.transforms import Bbox

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CHARTS = ("emotion", "hotspots", "funnel")


def drawn(journey: jk.Journey, view: str, size: tuple[float, float]) -> tuple[Figure, Any]:
    """The chart of ``view`` drawn into a constrained figure of ``size`` inches."""
    fig = Figure(figsize=size, dpi=80, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    jk.render(journey, view=view, renderer="matplotlib", ax=ax)
    fig.canvas.draw()
    return fig, ax


def boxes(ax: Any) -> tuple[list[tuple[str, Bbox]], list[tuple[str, Bbox]]]:
    """The visible words in the Axes (and the legend), and the category names, as drawn."""
    renderer = ax.get_figure(root=True).canvas.get_renderer()
    inside = [
        (t.get_text(), t.get_window_extent(renderer))
        for t in ax.texts
        if isinstance(t, Text) and t.get_visible() and t.get_text()
    ]
    legend = ax.get_legend()
    if legend is not None and legend.get_visible():
        inside.append(("<legend>", legend.get_window_extent(renderer)))
    ticks = [
        (t.get_text(), t.get_window_extent(renderer))
        for t in ax.get_xticklabels()
        if t.get_visible() and t.get_text()
    ]
    return inside, ticks


def overlapping(named: list[tuple[str, Bbox]]) -> list[tuple[str, str]]:
    return [
        (a, b)
        for i, (a, box) in enumerate(named)
        for b, other in named[i + 1 :]
        if box.overlaps(other) and box.intersection(box, other).width > 0.5
    ]


def slanted_apart(ax: Any) -> bool:
    """Whether slanted category names, parallel strips a line high, keep clear of each other."""
    labels = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
    if not labels:
        return True
    angle = math.radians(labels[0].get_rotation())
    line = labels[0].get_fontsize() * ax.get_figure(root=True).dpi / 72
    xs = [ax.transData.transform((t.get_position()[0], 0))[0] for t in labels]
    return all((b - a) * math.sin(angle) >= line for a, b in itertools.pairwise(xs))


def assert_fits(ax: Any) -> None:
    inside, ticks = boxes(ax)
    frame = ax.get_window_extent()
    assert overlapping(inside) == []
    rotation = {round(t.get_rotation()) % 180 for t in ax.get_xticklabels()}
    if rotation <= {0, 90}:  # level or upright: their boxes are their shapes
        assert overlapping(ticks) == []
    else:
        assert slanted_apart(ax)
    for name, box in inside:
        assert frame.x0 - 1 <= box.x0, name
        assert box.x1 <= frame.x1 + 1, name
        assert frame.y0 - 1 <= box.y0, name
        assert box.y1 <= frame.y1 + 1, name


@pytest.mark.parametrize("view", CHARTS)
@pytest.mark.parametrize("name", ["coffee-maker.json", "hospital-visit.yaml"])
@pytest.mark.parametrize("size", [(3.5, 2.5), (12, 3)])  # the hypothesis test tries others
def test_the_examples_words_fit_at_any_size(
    view: str, name: str, size: tuple[float, float]
) -> None:
    _, ax = drawn(jk.load(EXAMPLES / name), view, size)
    assert_fits(ax)


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # drawn as a box; not fitting
@a_share(0.5)
@given(
    journeys(),
    st.sampled_from(CHARTS),
    st.floats(2.5, 14),
    st.floats(2.0, 8),
)
def test_any_journeys_words_fit_at_any_size(
    journey: jk.Journey, view: str, width: float, height: float
) -> None:
    try:
        _, ax = drawn(journey, view, (width, height))
    except jk.JourneyError:
        event("refused: nothing for the view to show")
        return  # tested where the view is
    event("drawn")
    assert_fits(ax)


def test_words_left_out_come_back_when_the_figure_grows() -> None:
    journey = jk.load(EXAMPLES / "hospital-visit.yaml")
    fig, ax = drawn(journey, "hotspots", (4, 3))
    small = {t.get_text() for t in ax.texts if t.get_visible()}
    fig.set_size_inches(14, 6)
    fig.canvas.draw()
    big = {t.get_text() for t in ax.texts if t.get_visible()}
    stages = {stage.name for stage in journey.stages}
    assert stages <= big  # every stage named in full
    assert not stages <= small  # some cut or left out when small
    assert len(big) > len(small)
    assert_fits(ax)


def test_drawing_again_at_the_same_size_changes_nothing() -> None:
    journey = jk.load(EXAMPLES / "coffee-maker.json")
    fig, ax = drawn(journey, "hotspots", (5, 3))
    fig.canvas.draw()  # the layout engine has now seen the cut title and the raised axis
    first = (ax.get_ylim(), [(t.get_text(), t.get_visible()) for t in ax.texts])
    fig.savefig(io.BytesIO(), format="png")  # a draw by another canvas, as savefig makes
    assert (ax.get_ylim(), [(t.get_text(), t.get_visible()) for t in ax.texts]) == first


def test_the_hotspots_notes_get_room_above_their_bars() -> None:
    """The top hotspots are named even in a short figure: the value axis is raised for them."""
    journey = jk.load(EXAMPLES / "hospital-visit.yaml")
    _, ax = drawn(journey, "hotspots", (10, 3.2))
    shown = {t.get_text() for t in ax.texts if t.get_visible()}
    assert any("(#1)" in text for text in shown)
    assert any("(#2)" in text for text in shown)


def test_a_title_the_user_sets_after_drawing_is_kept() -> None:
    journey = jk.load(EXAMPLES / "coffee-maker.json")
    fig, ax = drawn(journey, "emotion", (12, 4))
    ax.set_title("Mine")
    fig.canvas.draw()
    assert ax.get_title() == "Mine"


def test_dollars_are_drawn_as_typed() -> None:
    """Names are never read as mathtext: "$$" or "$^$" would not even draw."""
    journey = jk.load(EXAMPLES / "coffee-maker.json")
    journey = journey.replace_stage(journey.stages[1].id, name="Save $$ now")
    first = journey.touchpoints[0]
    journey = journey.replace_touchpoint(first.id, name="A $^$ b")
    journey = journey.evolve(title="Costs $^$")
    _, ax = drawn(journey, "emotion", (14, 5))  # drawn, with no mathtext error
    assert "Save $$ now" in {t.get_text() for t in ax.texts}
    assert ax.get_xticklabels()[0].get_text() == "A $^$ b"
