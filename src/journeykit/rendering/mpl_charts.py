"""Charts drawn natively into a user's matplotlib Axes, from a Scene's Chart.

``jk.render(journey, view="emotion", renderer="matplotlib", ax=ax)`` draws the
emotion curve with :meth:`~matplotlib.axes.Axes.plot`, the hotspots with
:meth:`~matplotlib.axes.Axes.bar`, a funnel with bars too: artists in data
coordinates, in the user's fonts, colours (the style's property cycle) and
sizes, with nothing of journeykit's theme. One category (a touchpoint, or a
stage of a funnel) sits at each x = 0, 1, 2…, labelled with its name, so
charts of one journey line up on a shared x axis (``plt.subplots(2,
sharex=True)``). Values missing from a series leave gaps. Colour is never the
only signal: series differ by marker and dash too, and a hollow part is
hatched.

How much room the words have is known only when the figure is drawn, after
the user's layout engine has placed the Axes; so then, at every draw, the
stage names are cut to the width of their stages, the legend is kept below
them, and the notes and the value labels that would overlap other words or
leave the Axes are left out, in that order (see :class:`_Fitter`).
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Any

from matplotlib.artist import Artist

from journeykit.layout.chart import Chart, Series, Span

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Annotation, Text
    from matplotlib.transforms import Bbox

__all__ = ["draw_chart"]

_MARKERS = {
    "circle": "o",
    "square": "s",
    "diamond": "D",
    "triangle-up": "^",
    "triangle-down": "v",
}
_NAME_LENGTH = 28  # characters of a category name under its tick
_WORDED = 20  # at most this many categories get a word at each point or bar
_ZORDER = 2.0
_GAP = 4.0  # pixels kept free between a stage name and the next
_POINTS = 72.0  # points per inch
_CHAR = 0.6  # a character's mean width, in font sizes (an estimate: names are not yet drawn)
_LINE = 1.25  # a line's height, in font sizes
_SLANT = 30.0  # degrees
_SHORTEST = 3  # letters of a stage name worth showing before its "…"


def draw_chart(ax: Axes, chart: Chart) -> None:
    """Draw ``chart`` into ``ax`` with matplotlib's own artists."""
    count = len(chart.categories)
    x = list(range(count))
    fitter = _Fitter(ax)
    if chart.kind == "line":
        _lines(ax, chart, x, fitter)
    elif chart.kind == "bar":
        _bars(ax, chart, x, fitter)
    else:
        _funnel(ax, chart, x, fitter)
    if chart.reference is not None:
        ax.axhline(chart.reference, linewidth=0.8, color="0.5", zorder=_ZORDER - 0.5)
    _categories(ax, chart.categories)
    top_room = 0.25 if chart.spans else 0.08
    if chart.value_range is not None:
        low, high = chart.value_range
        room = high - low
        ax.set_ylim(low - 0.08 * room, high + top_room * room)
        ax.set_yticks([low + room * step / 4 for step in range(5)])
    elif chart.spans:
        low, high = ax.get_ylim()
        ax.set_ylim(low, high + top_room * (high - low))
    if chart.kind != "line" and fitter.notes:  # words above the bars
        fitter.limits = ax.get_ylim()
    if chart.spans:
        _spans(ax, chart.spans, fitter)
    if chart.value_label:
        ax.set_ylabel(chart.value_label, parse_math=False)
    if not ax.get_title():
        fitter.title = ax.set_title(chart.title, parse_math=False)
    named = [s for s in chart.series if s.role != "conversion"]
    if len(named) > 1:
        for text in ax.legend(fontsize="small").get_texts():
            text.set_parse_math(False)
    # The words fit inside the Axes or are left out: a layout engine need not make room.
    for text in (*fitter.notes, *fitter.labels, *(name for name, _ in fitter.stages)):
        text.set_in_layout(False)
    ax.add_artist(fitter)


def _values(series: Series) -> list[float]:
    return [float("nan") if v is None else v for v in series.values]


def _lines(ax: Axes, chart: Chart, x: list[int], fitter: _Fitter) -> None:
    import matplotlib as mpl

    width = float(mpl.rcParams["lines.linewidth"])
    for series in chart.series:
        ys = _values(series)
        (line,) = ax.plot(
            x,
            ys,
            label=series.name,
            linestyle="--" if series.dashed else "-",
            marker=_MARKERS.get(series.marker or "", "o"),
            linewidth=width * (1.6 if series.emphasis else 1.0),
            zorder=_ZORDER + (1 if series.emphasis else 0),
        )
        labels = series.labels if len(x) <= _WORDED else ()
        for xi, yi, label in zip(x, series.values, labels, strict=False):
            if label and yi is not None:
                fitter.labels.append(_word(ax, label, (xi, yi), 6, color=line.get_color()))
    main = next((s for s in chart.series if s.emphasis), chart.series[0] if chart.series else None)
    if main is None or len(x) > _WORDED:
        return
    for xi, yi, note in zip(x, main.values, chart.notes, strict=False):
        if note and yi is not None:
            fitter.notes.append(_word(ax, note, (xi, yi), -8, fontstyle="italic"))


def _word(ax: Axes, text: str, at: tuple[float, float], rise: float, **style: Any) -> Annotation:
    """Small words ``rise`` points above a point in data coordinates (below when negative)."""
    return ax.annotate(
        text,
        at,
        xytext=(0, rise),
        textcoords="offset points",
        ha="center",
        va="bottom" if rise >= 0 else "top",
        fontsize="x-small",
        parse_math=False,
        **style,
    )


def _hollow(bars: Any) -> None:
    """Bars as hatched outlines in the colour they were given: different by more than colour."""
    for patch in bars.patches:
        colour = patch.get_facecolor()
        patch.set_facecolor("none")
        patch.set_edgecolor(colour)
        patch.set_hatch("///")
        patch.set_linewidth(1.2)


def _bars(ax: Axes, chart: Chart, x: list[int], fitter: _Fitter) -> None:
    bottom = [0.0] * len(x)
    for series in chart.series:
        heights = [0.0 if v is None else v for v in series.values]
        bars = ax.bar(
            x,
            heights,
            width=0.7,
            bottom=bottom if chart.stacked else 0.0,
            label=series.name,
            zorder=_ZORDER,
        )
        if series.hollow:
            _hollow(bars)
        if chart.stacked:
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    tops = bottom if chart.stacked else _highest(chart)
    _notes(ax, x, tops, chart.notes, fitter)


def _highest(chart: Chart) -> list[float]:
    columns = zip(*(s.values for s in chart.series), strict=True) if chart.series else ()
    return [max((v for v in column if v is not None), default=0.0) for column in columns]


def _notes(
    ax: Axes, x: list[int], tops: list[float], notes: tuple[str, ...], fitter: _Fitter
) -> None:
    if len(x) > 2 * _WORDED:
        return
    turned = len(x) > 8
    for xi, top, note in zip(x, tops, notes, strict=False):
        if note:
            fitter.notes.append(_word(ax, note, (xi, top), 3, rotation=90 if turned else 0))


def _funnel(ax: Axes, chart: Chart, x: list[int], fitter: _Fitter) -> None:
    entering = chart.of_role("value")
    assert entering is not None  # a funnel Chart has one; its constructor checks
    heights = [0.0 if v is None else v for v in entering.values]
    ax.bar(x, heights, width=0.7, label=entering.name, zorder=_ZORDER)
    behind = ax.get_facecolor()
    for xi, value, label in zip(x, entering.values, entering.labels, strict=False):
        if label and value is not None:  # at the foot of the bar: its top holds the drop-off
            box = {"boxstyle": "round,pad=0.15", "facecolor": behind, "edgecolor": "none"}
            fitter.labels.append(_word(ax, label, (xi, 0.0), 2, bbox=box, zorder=_ZORDER + 1))
    lost = chart.of_role("dropoff")
    conversion = chart.of_role("conversion")
    pairs = _pairs(entering, x)
    dropping = [(i, count, after) for i, count, after in pairs if count > after]
    if lost is not None and dropping:
        bars = ax.bar(
            [i + 1 for i, *_ in dropping],
            [count - after for _, count, after in dropping],
            width=0.7,
            bottom=[after for *_, after in dropping],
            label=lost.name,
            zorder=_ZORDER,
        )
        _hollow(bars)
    for i, count, _ in pairs:
        words = [
            series.labels[i] + suffix
            for series, suffix in ((lost, ""), (conversion, " go on"))
            if series is not None and series.labels and series.labels[i]
        ]
        if words:
            fitter.notes.append(_word(ax, "\n".join(words), (i + 1, count), 2, fontstyle="italic"))
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + 0.12 * (high - low))  # room for the words above the first bars


def _pairs(entering: Series, x: list[int]) -> list[tuple[int, float, float]]:
    """Each stage with a next one, both with known counts: (index, count, next count)."""
    values = entering.values
    return [
        (i, values[i] or 0.0, values[i + 1] or 0.0)
        for i in x[:-1]
        if values[i] is not None and values[i + 1] is not None
    ]


def _categories(ax: Axes, categories: tuple[str, ...]) -> None:
    """Each category's name under its tick: level, slanted or upright, as the room allows.

    The room is the Axes' size when the chart is drawn into it (a layout
    engine may change it a little later): level when every name fits
    between its neighbours on two lines, slanted when slanted lines do not
    touch, else upright; every second (third…) name is left out when even
    upright ones would touch. Upright names are cut to a third of the figure's height.
    """
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    count = max(len(categories), 1)
    figure = ax.get_figure(root=True)
    assert figure is not None  # the renderer checked it
    across = ax.get_position().width * figure.get_figwidth() * _POINTS / count
    size = FontProperties(size=mpl.rcParams["xtick.labelsize"]).get_size_in_points()
    line = size * _LINE
    level = [_tick_name(name, 0) for name in categories]
    if all(_widest_line(name) * size * _CHAR <= across for name in level):
        names, angle, every = level, 0.0, 1
    elif across * math.sin(math.radians(_SLANT)) >= line * 1.15:  # a little air between
        names, angle, every = [_tick_name(n, _NAME_LENGTH) for n in categories], _SLANT, 1
    else:
        tall = figure.get_figheight() * _POINTS / 3
        length = max(_SHORTEST + 1, min(_NAME_LENGTH, int(tall / (size * _CHAR))))
        names = [_tick_name(n, length) for n in categories]
        angle, every = 90.0, max(1, math.ceil(line / across))
    shown = [name if i % every == 0 else "" for i, name in enumerate(names)]
    ax.set_xticks(range(len(shown)), labels=shown, parse_math=False)
    if angle:
        ax.tick_params(axis="x", labelrotation=angle)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("center" if angle == 90 else "right")
            label.set_rotation_mode("default" if angle == 90 else "anchor")
    ax.set_xlim(-0.5, count - 0.5)


def _widest_line(name: str) -> int:
    return max((len(part) for part in name.split("\n")), default=0)


def _tick_name(name: str, length: int) -> str:
    """A category name for its tick: cut to ``length`` on one line, or on two when 0."""
    if length:
        return name if len(name) <= length else name[: length - 1].rstrip() + "…"
    lines = textwrap.wrap(name, _NAME_LENGTH // 2, max_lines=2, placeholder="…")
    return "\n".join(lines) or name


def _spans(ax: Axes, spans: tuple[Span, ...], fitter: _Fitter) -> None:
    """The stages: every other one shaded, each named at the top of the Axes."""
    band = ax.get_xaxis_transform()
    for i, span in enumerate(spans):
        if i % 2:
            ax.axvspan(
                span.first - 0.5, span.last + 0.5, color="0.5", alpha=0.1, linewidth=0, zorder=0
            )
        name = ax.text(
            (span.first + span.last) / 2,
            0.98,
            span.name,
            transform=band,
            ha="center",
            va="top",
            fontsize="x-small",
            parse_math=False,
            fontweight="bold",
            zorder=_ZORDER + 2,
        )
        fitter.stages.append((name, span))


class _Fitter(Artist):
    """Draws nothing: drawn first, it fits the chart's words to the room they have.

    At each draw, with the sizes the figure has then, before the words are
    drawn: each stage name is cut (with "…") to the width of its stage, or
    left out when not even a few letters fit; the legend is kept below the
    stage names (or left out when the Axes cannot hold it); then each note,
    then each value label, is left out when it would leave the Axes or
    overlap a word already kept or the legend.
    Nothing is moved, so what is kept stays where a reader expects it.
    """

    def __init__(self, ax: Axes) -> None:
        super().__init__()
        self._ax = ax
        self.stages: list[tuple[Text, Span]] = []
        self.notes: list[Annotation] = []
        self.labels: list[Annotation] = []
        self.title: Text | None = None
        self._title = ""  # the whole title
        self._shown: str | None = None  # the title as last cut
        self.limits: tuple[float, float] | None = None  # set: raise the top for the notes
        self.set_zorder(-1e6)  # before every artist of the Axes
        self.set_in_layout(False)

    def draw(self, renderer: Any) -> None:
        ax = self._ax
        frame = ax.get_window_extent(renderer)
        kept: list[Bbox] = []
        if self.title is not None:
            if self.title.get_text() != self._shown:  # a title set since: the user's
                self._title = self.title.get_text()
            _cut(self.title, self._title, frame.width, renderer)
            self._shown = self.title.get_text()
        for text, span in self.stages:
            left = ax.transData.transform((span.first - 0.5, 0))[0]
            right = ax.transData.transform((span.last + 0.5, 0))[0]
            _cut(text, span.name, right - left - _GAP, renderer)
        names = [t.get_window_extent(renderer) for t, _ in self.stages if t.get_visible()]
        legend = ax.get_legend()
        if legend is not None:
            # Below the stage names when it fits there, else anywhere in the
            # Axes, else nowhere (it comes back when the Axes grows).
            legend.set_visible(True)
            below = min((box.y0 for box in names), default=frame.y1) - _GAP
            box = None
            for top in ((below - frame.y0) / frame.height, 1.0) if frame.height > 0 else ():
                legend.set_bbox_to_anchor((0.0, 0.0, 1.0, max(top, 0.0)), transform=ax.transAxes)
                box = legend.get_window_extent(renderer)
                if _inside(box, frame) and (top == 1.0 or box.y1 <= below):
                    break
                box = None
            legend.set_visible(box is not None)
            if box is not None:
                kept.append(box)
        for text, _ in self.stages:
            if text.get_visible():
                box = text.get_window_extent(renderer)
                if any(box.overlaps(other) for other in kept):
                    text.set_visible(False)
                else:
                    kept.append(box)
        if self.limits is not None:
            self._make_room(frame, renderer)
        for text in (*self.notes, *self.labels):
            text.set_visible(True)  # measured as drawn; hidden again below if it must be
            box = text.get_window_extent(renderer)
            fits = _inside(box, frame) and not any(box.overlaps(other) for other in kept)
            text.set_visible(fits)
            if fits:
                kept.append(box)

    def _make_room(self, frame: Bbox, renderer: Any) -> None:
        """Raise the top of the value axis so that each note fits under the stage names.

        Worked out from the limits the chart was drawn with, not the
        current ones, so that every draw at one size gives the same limits.
        """
        assert self.limits is not None
        ax = self._ax
        low, high = self.limits
        names = [t.get_window_extent(renderer) for t, _ in self.stages if t.get_visible()]
        ceiling = min((box.y0 for box in names), default=frame.y1) - _GAP
        room = ceiling - frame.y0
        top = high
        for note in self.notes:
            note.set_visible(True)
            anchor = ax.transData.transform(note.xy)[1]
            above = note.get_window_extent(renderer).y1 - anchor  # the same at any limits
            value = float(note.xy[1])
            if room - above > _GAP and value > low:
                top = max(top, low + (value - low) * frame.height / (room - above))
        if ax.get_ylim() != (low, top):
            ax.set_ylim(low, top)


def _cut(text: Text, full: str, room: float, renderer: Any) -> bool:
    """Set ``text`` to ``full``, cut with "…" to ``room`` pixels; hide it when nothing fits."""
    props = text.get_fontproperties()

    def width(s: str) -> float:
        return float(renderer.get_text_width_height_descent(s, props, ismath=False)[0])

    shown: str | None = full
    if width(full) > room:
        shown = next(
            (
                cut
                for end in range(len(full) - 1, _SHORTEST - 1, -1)
                if width(cut := full[:end].rstrip() + "…") <= room
            ),
            None,
        )
    text.set_visible(shown is not None)
    if shown is not None:
        text.set_text(shown)
    return shown is not None


def _inside(box: Bbox, frame: Bbox) -> bool:
    """Whether ``box`` lies within ``frame`` (half a pixel of rounding allowed)."""
    return bool(
        box.x0 >= frame.x0 - 0.5
        and box.x1 <= frame.x1 + 0.5
        and box.y0 >= frame.y0 - 0.5
        and box.y1 <= frame.y1 + 0.5
    )
