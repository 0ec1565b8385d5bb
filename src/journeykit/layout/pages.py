"""Pages: the sizes a view can be laid out for, and the least type each allows.

``page="screen"`` (the default) is the free size of a view on a screen: a
map grows as wide as its journey. Any other page is a fixed canvas, and a
view laid out for it is a sequence of :class:`~journeykit.layout.scene.Scene`
objects exactly that size (:class:`Pages`), one per page:

========== ====================== ===== ============ ========== ==========
page       size                   unit  body text    smallest   margin
========== ====================== ===== ============ ========== ==========
``slide``  1920 × 1080 (16:9)     px    18           14         40
``a4``     297 × 210 mm           pt    10           9          28
``a3``     420 × 297 mm           pt    10           9          28
``letter`` 11 × 8.5 in            pt    10           9          28
(w, h)     w × h                  px    14           12         24
========== ====================== ===== ============ ========== ==========

Print pages are landscape and measured in points (1/72 inch), so a PDF page
is the paper's size; the SVG of one says its size in millimetres. A page
never scales text below its minimums: :func:`page_theme` multiplies the
whole type scale of the theme, and its spacing, by the one factor that
brings its body and smallest text up to them.

>>> page = page_of("a3")
>>> round(page.width), round(page.height), page.smallest
(1191, 842, 9.0)
>>> from journeykit.layout.theme import get_theme
>>> page_theme(get_theme(), page).small_size
9.0
"""

from __future__ import annotations

import math
from typing import Any, Literal

import attrs

from journeykit._checks import show, suggest
from journeykit.layout import LayoutError
from journeykit.layout.scene import Scene
from journeykit.layout.theme import Theme

__all__ = ["PAGES", "Page", "Pages", "page_of", "page_theme"]

_MM = 72 / 25.4  # points in a millimetre


@attrs.frozen
class Page:
    """A page a view is laid out for: its size in scene units and its least type sizes.

    ``unit`` says what a scene unit is: ``"px"`` (a CSS pixel, for screens
    and slides) or ``"pt"`` (a point, 1/72 inch, for paper).
    """

    name: str
    width: float
    height: float
    body: float
    smallest: float
    unit: Literal["px", "pt"] = "px"
    margin: float = 24.0

    @property
    def printed(self) -> bool:
        """Whether it is paper (measured in points)."""
        return self.unit == "pt"

    @property
    def millimetres(self) -> tuple[float, float] | None:
        """The paper's size in millimetres; None for a screen page."""
        if not self.printed:
            return None
        return (self.width / _MM, self.height / _MM)

    @property
    def inner(self) -> tuple[float, float]:
        """The width and height inside the margins."""
        return (self.width - 2 * self.margin, self.height - 2 * self.margin)


PAGES: dict[str, Page] = {
    "slide": Page("slide", 1920.0, 1080.0, body=18.0, smallest=14.0, margin=40.0),
    "a4": Page("a4", 297 * _MM, 210 * _MM, body=10.0, smallest=9.0, unit="pt", margin=28.0),
    "a3": Page("a3", 420 * _MM, 297 * _MM, body=10.0, smallest=9.0, unit="pt", margin=28.0),
    "letter": Page(
        "letter", 11 * 72.0, 8.5 * 72.0, body=10.0, smallest=9.0, unit="pt", margin=28.0
    ),
}
"""The named pages (``"screen"`` is no page: the free size)."""

NAMES = ("screen", *PAGES)


class Pages(tuple[Scene, ...]):
    """The pages of a view laid out for a page: a tuple of Scenes, each the page's size.

    ``page`` is the :class:`Page` they were laid out for.
    """

    page: Page

    def __new__(cls, scenes: Any, page: Page) -> Pages:
        made = super().__new__(cls, scenes)
        made.page = page
        return made

    def __repr__(self) -> str:
        return f"<Pages: {len(self)} {self.page.name} page{'s' if len(self) != 1 else ''}>"


def page_of(value: object) -> Page | None:
    """The page ``value`` names: ``None`` for ``"screen"`` or ``None``.

    Raises
    ------
    LayoutError
        An unknown name, or a size that is not two numbers between 320 and
        20,000 (CSS pixels).
    """
    if value is None or value == "screen":
        return None
    if isinstance(value, Page):
        return value
    if isinstance(value, str):
        if value in PAGES:
            return PAGES[value]
        raise LayoutError(
            f"page: no page {show(value)}{suggest(value, NAMES)}; pages: {', '.join(NAMES)} "
            "or (width, height) in CSS pixels"
        )
    if isinstance(value, tuple | list) and len(value) == 2:
        w, h = value
        if all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            for v in (w, h)
        ) and all(320 <= v <= 20_000 for v in (w, h)):
            return Page("custom", float(w), float(h), body=14.0, smallest=12.0)
        raise LayoutError(
            f"page: a size is (width, height) in CSS pixels, each 320 to 20,000, not {show(value)}"
        )
    raise LayoutError(
        f"page: expected one of {', '.join(NAMES)} or (width, height), not {show(value)}"
    )


def page_theme(theme: Theme, page: Page | None) -> Theme:
    """``theme`` with its type scale and spacing made for ``page``.

    Every size is multiplied by the one factor that brings the body text to
    the page's body minimum and the smallest text to its smallest: none is
    below them, and the proportions of the scale are kept. On screen (no
    page) the theme is as it is.
    """
    if page is None:
        return theme
    k = max(page.body / theme.body_size, page.smallest / theme.small_size)
    return theme.evolve(
        title_size=theme.title_size * k,
        heading_size=theme.heading_size * k,
        body_size=theme.body_size * k,
        small_size=theme.small_size * k,
        padding=theme.padding * k,
        label_width=theme.label_width * k,
        column_width=theme.column_width * k,
    )
