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
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from journeykit.layout.chart import Chart, Series, Span

if TYPE_CHECKING:
    from matplotlib.axes import Axes

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


def draw_chart(ax: Axes, chart: Chart) -> None:
    """Draw ``chart`` into ``ax`` with matplotlib's own artists."""
    count = len(chart.categories)
    x = list(range(count))
    if chart.kind == "line":
        _lines(ax, chart, x)
    elif chart.kind == "bar":
        _bars(ax, chart, x)
    else:
        _funnel(ax, chart, x)
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
    if chart.spans:
        _spans(ax, chart.spans)
    if chart.value_label:
        ax.set_ylabel(chart.value_label)
    if not ax.get_title():
        ax.set_title(chart.title)
    named = [s for s in chart.series if s.role != "conversion"]
    if len(named) > 1:
        ax.legend(fontsize="small")


def _values(series: Series) -> list[float]:
    return [float("nan") if v is None else v for v in series.values]


def _lines(ax: Axes, chart: Chart, x: list[int]) -> None:
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
                ax.annotate(
                    label,
                    (xi, yi),
                    xytext=(0, 6),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize="x-small",
                    color=line.get_color(),
                )
    main = next((s for s in chart.series if s.emphasis), chart.series[0] if chart.series else None)
    if main is None or len(x) > _WORDED:
        return
    for xi, yi, note in zip(x, main.values, chart.notes, strict=False):
        if note and yi is not None:
            ax.annotate(
                note,
                (xi, yi),
                xytext=(0, -8),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize="x-small",
                fontstyle="italic",
            )


def _hollow(bars: Any) -> None:
    """Bars as hatched outlines in the colour they were given: different by more than colour."""
    for patch in bars.patches:
        colour = patch.get_facecolor()
        patch.set_facecolor("none")
        patch.set_edgecolor(colour)
        patch.set_hatch("///")
        patch.set_linewidth(1.2)


def _bars(ax: Axes, chart: Chart, x: list[int]) -> None:
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
    _notes(ax, x, tops, chart.notes)


def _highest(chart: Chart) -> list[float]:
    columns = zip(*(s.values for s in chart.series), strict=True) if chart.series else ()
    return [max((v for v in column if v is not None), default=0.0) for column in columns]


def _notes(ax: Axes, x: list[int], tops: list[float], notes: tuple[str, ...]) -> None:
    if len(x) > 2 * _WORDED:
        return
    turned = len(x) > 8
    for xi, top, note in zip(x, tops, notes, strict=False):
        if note:
            ax.annotate(
                note,
                (xi, top),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                rotation=90 if turned else 0,
                fontsize="x-small",
            )


def _funnel(ax: Axes, chart: Chart, x: list[int]) -> None:
    entering = chart.of_role("value")
    assert entering is not None  # a funnel Chart has one; its constructor checks
    heights = [0.0 if v is None else v for v in entering.values]
    ax.bar(x, heights, width=0.7, label=entering.name, zorder=_ZORDER)
    behind = ax.get_facecolor()
    for xi, value, label in zip(x, entering.values, entering.labels, strict=False):
        if label and value is not None:  # at the foot of the bar: its top holds the drop-off
            ax.annotate(
                label,
                (xi, 0.0),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize="x-small",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": behind, "edgecolor": "none"},
                zorder=_ZORDER + 1,
            )
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
            ax.annotate(
                "\n".join(words),
                (i + 1, count),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize="x-small",
                fontstyle="italic",
            )
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
    turned = len(categories) > 5
    names = [_tick_name(name, turned) for name in categories]
    ax.set_xticks(range(len(names)), labels=names)
    if turned:
        upright = len(names) > 15
        ax.tick_params(axis="x", labelrotation=90 if upright else 30)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("center" if upright else "right")
            label.set_rotation_mode("default" if upright else "anchor")
    ax.set_xlim(-0.5, max(len(names), 1) - 0.5)


def _tick_name(name: str, turned: bool) -> str:
    """A category name for its tick: cut on one line when turned, else on two."""
    if turned:
        return name if len(name) <= _NAME_LENGTH else name[: _NAME_LENGTH - 1] + "…"
    lines = textwrap.wrap(name, _NAME_LENGTH // 2, max_lines=2, placeholder="…")
    return "\n".join(lines) or name


def _spans(ax: Axes, spans: tuple[Span, ...]) -> None:
    """The stages: every other one shaded, each named at the top of the Axes."""
    band = ax.get_xaxis_transform()
    for i, span in enumerate(spans):
        if i % 2:
            ax.axvspan(
                span.first - 0.5, span.last + 0.5, color="0.5", alpha=0.1, linewidth=0, zorder=0
            )
        width = span.last - span.first + 1
        name = span.name
        room = max(6, int(width * 14))
        if len(name) > room:
            name = name[: room - 1] + "…"
        ax.text(
            (span.first + span.last) / 2,
            0.98,
            name,
            transform=band,
            ha="center",
            va="top",
            fontsize="x-small",
            fontweight="bold",
            zorder=_ZORDER + 2,
        )
