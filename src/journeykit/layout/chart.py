"""The data of a chart, for backends that draw charts of their own.

A view such as the emotion curve lays out a picture (the Scene's primitives)
and, beside it, what that picture plots: a :class:`Chart`. A renderer that
can draw charts natively (matplotlib into a user's Axes) paints the Chart
with its own lines, bars, fonts and colours; every other renderer ignores it
and paints the primitives. The Chart is backend-neutral: categories along
one axis, series of values over them, and the words to label them with.

Kinds
-----
``line``
    One point a category, joined: the emotion curve. Every series is a line;
    ``emphasis`` marks the main one, ``marker`` gives each a shape.
``bar``
    One bar a category; with ``stacked``, each series is a segment stacked on
    the previous ones (a hotspot's score made of its parts). A ``hollow``
    series is drawn as an outline, so it differs by more than colour.
``funnel``
    Stages as bars: the series with role ``value`` holds the customers
    entering each stage; the series with role ``conversion`` holds, for
    each stage but the last, the share of them that reach the next stage;
    the one with role ``dropoff`` holds how many of them do not. A native
    drawing shows each drop-off on top of the next stage's bar, up to the
    height of the stage before, with the drop-off and the conversion
    written above it.

Categories are placed at 0, 1, 2…, in order, so charts of the same journey
drawn over its touchpoints line up on a shared x axis.

Examples
--------
>>> chart = Chart(
...     kind="line",
...     title="Emotion",
...     categories=("Ad", "Shop", "Pay"),
...     series=(Series(name="Overall", values=(0.2, None, -0.5)),),
...     value_range=(-1.0, 1.0),
... )
>>> chart.series[0].values[1] is None
True
"""

from __future__ import annotations

import math
from typing import Literal

import attrs

from journeykit.analysis.conversion import Funnel
from journeykit.layout import LayoutError
from journeykit.layout.scene import MarkerShape
from journeykit.layout.text import clean
from journeykit.model import Journey

__all__ = ["Chart", "ChartKind", "Series", "SeriesRole", "Span", "funnel_chart", "stage_spans"]

ChartKind = Literal["line", "bar", "funnel"]
SeriesRole = Literal["value", "conversion", "dropoff"]


def _tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


@attrs.frozen(kw_only=True)
class Series:
    """Values over a chart's categories, one each; ``None`` where there is none.

    Attributes
    ----------
    name : str
        What the series is, for a legend.
    values : tuple of float or None
        One per category.
    labels : tuple of str
        The value written at each point or bar (``""`` for none); empty when
        no value is written.
    role : {"value", "conversion", "dropoff"}
        What the values mean in a ``funnel`` chart; ``value`` elsewhere.
    emphasis : bool
        The main series, drawn heavier.
    dashed : bool
        Drawn as a dashed line.
    hollow : bool
        Drawn as outlines only.
    marker : str or None
        The shape of each point (a Scene marker shape).
    color : str or None
        The colour the theme gave it in the laid-out picture. Native drawings
        use the colours of the user's style instead.
    """

    name: str
    values: tuple[float | None, ...] = attrs.field(converter=_tuple)
    labels: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    role: SeriesRole = "value"
    emphasis: bool = False
    dashed: bool = False
    hollow: bool = False
    marker: MarkerShape | None = None
    color: str | None = None


@attrs.frozen(kw_only=True)
class Span:
    """Categories ``first`` to ``last`` (inclusive) that belong together: a stage."""

    name: str
    first: int
    last: int


@attrs.frozen(kw_only=True)
class Chart:
    """What a view plots, to be drawn by a backend's own chart artists.

    Attributes
    ----------
    kind : {"line", "bar", "funnel"}
    title : str
        The chart's title.
    categories : tuple of str
        The names along the category axis, placed at 0, 1, 2…
    series : tuple of Series
        Each with one value per category.
    value_label : str
        What the values measure, for the value axis.
    value_range : (float, float) or None
        Fixed limits of the value axis; ``None`` lets the backend choose.
    reference : float or None
        A value to mark with a line across the chart (0 for emotions).
    stacked : bool
        Bars of the ``bar`` kind are stacked.
    spans : tuple of Span
        Groups of categories to mark (the stages).
    notes : tuple of str
        A word at the end of each category's bar or point (a rank, a total);
        empty, or one per category.
    """

    kind: ChartKind
    title: str
    categories: tuple[str, ...] = attrs.field(converter=_tuple)
    series: tuple[Series, ...] = attrs.field(converter=_tuple)
    value_label: str = ""
    value_range: tuple[float, float] | None = attrs.field(default=None, converter=_tuple)
    reference: float | None = None
    stacked: bool = False
    spans: tuple[Span, ...] = attrs.field(default=(), converter=_tuple)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_tuple)

    def __attrs_post_init__(self) -> None:
        n = len(self.categories)
        for s in self.series:
            if len(s.values) != n:
                raise LayoutError(
                    f"chart series {s.name!r} has {len(s.values)} values for {n} categories"
                )
            if s.labels and len(s.labels) != n:
                raise LayoutError(
                    f"chart series {s.name!r} has {len(s.labels)} labels for {n} categories"
                )
            for v in s.values:
                if v is not None and not math.isfinite(v):
                    raise LayoutError(f"chart series {s.name!r} has the value {v!r}")
        if self.notes and len(self.notes) != n:
            raise LayoutError(f"a chart has {len(self.notes)} notes for {n} categories")
        for span in self.spans:
            if not 0 <= span.first <= span.last < n:
                raise LayoutError(
                    f"chart span {span.name!r} covers {span.first}–{span.last} of {n} categories"
                )
        if self.value_range is not None:
            low, high = self.value_range
            if not (math.isfinite(low) and math.isfinite(high) and low < high):
                raise LayoutError(f"a chart's value range must rise, not {self.value_range}")
        if self.kind == "funnel":
            roles = [s.role for s in self.series]
            if roles.count("value") != 1:
                raise LayoutError("a funnel chart has exactly one series of role 'value'")

    def of_role(self, role: SeriesRole) -> Series | None:
        """The first series with ``role``, if any."""
        return next((s for s in self.series if s.role == role), None)


def stage_spans(journey: Journey) -> tuple[Span, ...]:
    """The stages of ``journey`` as spans over its touchpoints, in journey order."""
    spans = []
    first = 0
    for stage in journey.stages:
        if stage.touchpoints:
            last = first + len(stage.touchpoints) - 1
            spans.append(Span(name=clean(stage.name), first=first, last=last))
            first = last + 1
    return tuple(spans)


def funnel_chart(funnel: Funnel, title: str = "Funnel") -> Chart:
    """A funnel result as chart data: customers entering each stage, conversion, drop-off.

    Stages whose count is unknown have no bar; conversion and drop-off are
    given for each stage that has a next one with a known count.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Shop", stages=[
    ...     jk.Stage(name="Look", touchpoints=[jk.Touchpoint(name="Ad", reach=1000)]),
    ...     jk.Stage(name="Buy", touchpoints=[jk.Touchpoint(name="Pay", reach=250)]),
    ... ])
    >>> chart = funnel_chart(jk.funnel(j))
    >>> chart.of_role("value").values, chart.of_role("conversion").labels
    ((1000.0, 250.0), ('25 %', ''))
    """
    steps = list(funnel.steps)
    entering = tuple(None if s.entering is None else float(s.entering) for s in steps)
    conversion = tuple(s.conversion for s in steps)
    dropoff = tuple(None if s.dropoff is None else float(s.dropoff) for s in steps)
    return Chart(
        kind="funnel",
        title=clean(title),
        categories=tuple(clean(s.name) for s in steps),
        series=(
            Series(
                name="customers entering",
                values=entering,
                labels=tuple("" if v is None else f"{v:,.0f}" for v in entering),
            ),
            Series(
                name="conversion to the next stage",
                values=conversion,
                labels=tuple(
                    "" if v is None else f"{v:.0%}".replace("%", " %") for v in conversion
                ),
                role="conversion",
            ),
            Series(
                name="drop-off",
                values=dropoff,
                labels=tuple("" if v is None else f"−{v:,.0f}" for v in dropoff),
                role="dropoff",
                hollow=True,
            ),
        ),
        value_label="customers",
    )
