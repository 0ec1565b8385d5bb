"""Building blocks the views share: paragraphs of wrapped text, badges, cells.

A view measures everything before it places anything: a :class:`Para` is
text already wrapped to a width, so its height is known, and
:func:`stack` places a column of them at a point.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from journeykit._checks import plural
from journeykit.layout.scene import Anchor, Group, MarkerShape, Primitive, Rect, Scene, Text
from journeykit.layout.text import LINE_HEIGHT, ascent, clean, text_width, wrap
from journeykit.layout.theme import Theme

__all__ = ["Badge", "Para", "badge", "fmt_number", "para", "paras_height", "plural", "stack"]


@attrs.frozen
class Para:
    """Wrapped text with its style; ``full`` holds the whole text when it was cut."""

    lines: tuple[str, ...]
    size: float
    color: str
    bold: bool = False
    italic: bool = False
    full: str | None = None
    gap: float = 0.0  # space after it

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * LINE_HEIGHT + self.gap if self.lines else self.gap


def para(
    text: str,
    width: float,
    size: float,
    color: str,
    *,
    max_lines: int = 1,
    bold: bool = False,
    italic: bool = False,
    gap: float = 0.0,
) -> Para:
    """``text`` wrapped to ``width``: at most ``max_lines`` lines, cut with an ellipsis."""
    wrapped = wrap(text, width, size, max_lines=max_lines, bold=bold)
    return Para(
        wrapped.lines,
        size,
        color,
        bold=bold,
        italic=italic,
        full=_tooltip(text) if wrapped.truncated else None,
        gap=gap,
    )


_TOOLTIP_LIMIT = 2000


def _tooltip(text: str) -> str:
    """The whole text for a tooltip, within reason: a tooltip is no place for a novel."""
    full = clean(text)
    return full if len(full) <= _TOOLTIP_LIMIT else full[:_TOOLTIP_LIMIT].rstrip() + "…"


def paras_height(paras: Sequence[Para]) -> float:
    """How tall ``paras`` are, stacked one under the other as :func:`stack` puts them."""
    return sum(p.height for p in paras)


def stack(
    paras: list[Para],
    x: float,
    y: float,
    width: float,
    anchor: Anchor = "start",
) -> tuple[list[Primitive], float]:
    """Place ``paras`` one under another from ``(x, y)``; return them and their height."""
    out: list[Primitive] = []
    top = y
    ax = {"start": x, "middle": x + width / 2, "end": x + width}[anchor]
    for p in paras:
        if p.lines:
            block_height = len(p.lines) * p.size * LINE_HEIGHT
            out.append(
                Text(
                    x=ax,
                    y=top + _baseline_offset(p.size, p.bold),
                    lines=p.lines,
                    size=p.size,
                    color=p.color,
                    line_height=p.size * LINE_HEIGHT,
                    anchor=anchor,
                    bold=p.bold,
                    italic=p.italic,
                    box=(x, top, width, block_height),
                    full=p.full,
                )
            )
        top += p.height
    return out, top - y


def _baseline_offset(size: float, bold: bool) -> float:
    # Centre the font's ascent-to-descent span in the line box.
    leading = size * LINE_HEIGHT - size * 1.164
    return leading / 2 + ascent(size, bold)


@attrs.frozen
class Badge:
    """A small filled label (a severity, a status) and its size."""

    text: str
    width: float
    height: float
    fill: str
    color: str


def badge(text: str, size: float, fill: str, color: str, pad: float = 3.0) -> Badge:
    label = clean(text)
    return Badge(
        label, text_width(label, size, bold=True) + 2 * pad, size * LINE_HEIGHT, fill, color
    )


def place_badge(b: Badge, x: float, y: float, size: float, cls: str | None = None) -> Group:
    return Group(
        cls=cls,
        children=(
            Rect(x=x, y=y, width=b.width, height=b.height, fill=b.fill, rx=3),
            Text(
                x=x + b.width / 2,
                y=y + _baseline_offset(size, True),
                lines=(b.text,),
                size=size,
                color=b.color,
                line_height=size * LINE_HEIGHT,
                anchor="middle",
                bold=True,
                box=(x, y, b.width, b.height),
            ),
        ),
    )


def emotion_mark(value: float, theme: Theme) -> tuple[MarkerShape, str]:
    """How an emotion shows, by shape as well as colour: ▲ above 0, ▼ below, ● at 0."""
    if value > 0:
        return "triangle-up", theme.positive
    if value < 0:
        return "triangle-down", theme.negative
    return "circle", theme.neutral


def view_scene(
    view: str,
    theme: Theme,
    width: float,
    height: float,
    title: str,
    desc: str,
    parts: list[Primitive],
) -> Scene:
    """The finished Scene of a view; renderers paint its background."""
    return Scene(
        width=width,
        height=height,
        title=clean(title),
        desc=desc[:2000],
        background=theme.background,
        font_family=theme.font_family,
        view=view,
        children=tuple(parts),
    )


def heading(
    title: str,
    subtitle: str,
    x: float,
    y: float,
    width: float,
    theme: Theme,
    subtitle_lines: int = 3,
) -> tuple[Group, float]:
    """A view's title and the line of context under it, as a group, and their height."""
    paras = [
        para(title, width, theme.title_size * 0.8, theme.text, bold=True, max_lines=2, gap=4),
        para(subtitle, width, theme.small_size, theme.muted, max_lines=subtitle_lines),
    ]
    texts, height = stack(paras, x, y, width)
    return Group(id="header", cls="header", children=tuple(texts)), height


def fmt_number(value: float, unit: str = "") -> str:
    """A metric value for people: ratios as percentages, big numbers grouped.

    >>> fmt_number(0.183, "ratio"), fmt_number(4.2, "days"), fmt_number(12500, "EUR")
    ('18.3%', '4.2 days', '12,500 EUR')
    """
    if unit == "ratio":
        return f"{value * 100:.1f}%".replace(".0%", "%")
    if unit == "%":
        text = f"{value:,.1f}".removesuffix(".0")
        return f"{text}%"
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text} {clean(unit)}".strip()


def fits(text: str, width: float, size: float, bold: bool = False) -> bool:
    return text_width(clean(text), size, bold) <= width
