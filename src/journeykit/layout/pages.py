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
from collections.abc import Callable
from typing import Any, Literal

import attrs

from journeykit._checks import show, suggest
from journeykit.layout import LayoutError
from journeykit.layout.scene import Circle, Group, Line, Marker, Path, Primitive, Rect, Scene, Text
from journeykit.layout.text import text_width
from journeykit.layout.theme import Theme, contrast

__all__ = ["PAGES", "Page", "Pages", "on_pages", "page_of", "page_theme", "paged"]

_MM = 72 / 25.4  # points in a millimetre


@attrs.frozen
class Page:
    """A page a view is laid out for: its size in scene units and its least type sizes.

    ``unit`` says what a scene unit is: ``"px"`` (a CSS pixel, for screens
    and slides) or ``"pt"`` (a point, 1/72 inch, for paper).

    Parameters
    ----------
    name : str
        What the page is called (``"a4"``; ``"custom"`` for a size given as
        ``(width, height)``).
    width, height : float
        The page's size, in ``unit``.
    body : float
        The least size of body text on it.
    smallest : float
        The least size of any text on it.
    unit : {"px", "pt"}, optional
        What a scene unit is on this page.
    margin : float, optional
        The blank border on each side, in ``unit``.

    Examples
    --------
    >>> card = Page("card", 800, 600, body=16, smallest=13)
    >>> card.inner, card.printed
    ((752.0, 552.0), False)
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

    Parameters
    ----------
    value : str, Page, (float, float) or None
        A name of :data:`PAGES`, ``"screen"``, a :class:`Page` (returned as
        it is), or ``(width, height)`` in CSS pixels.

    Returns
    -------
    Page or None
        The page; for a size, a page ``"custom"`` with 14 px body text and
        12 px smallest; ``None`` for the screen.

    Raises
    ------
    LayoutError
        An unknown name, or a size that is not two numbers between 320 and
        20,000 (CSS pixels).

    Examples
    --------
    >>> page_of("screen") is None, page_of("slide").unit
    (True, 'px')
    >>> page_of((1024, 768))
    Page(name='custom', width=1024.0, height=768.0, body=14.0, smallest=12.0,
         unit='px', margin=24.0)
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

    Parameters
    ----------
    theme : Theme
        The theme to fit.
    page : Page or None
        The page, or ``None`` for the screen.

    Returns
    -------
    Theme
        The theme with its text sizes, padding and column widths multiplied
        by the factor; ``theme`` itself on screen.
    """
    if page is None:
        return theme
    return _grown(theme, max(page.body / theme.body_size, page.smallest / theme.small_size))


def paged(lay_out: Callable[[Theme], Scene | Pages], theme: Theme, page: object) -> Scene | Pages:
    """A view laid out by ``lay_out(theme)``: on screen as it is; on a page, with the
    page's type scale and placed on pages of that size.

    A view that fits the page is one page, laid out again as large as the
    page allows (never smaller). A taller one is cut between its parts (each
    row or block) and goes on as many pages as it needs, filled evenly, its
    title, key and column heads repeated on each. A view wider than the page, or a
    part taller than one, cannot be placed without shrinking its text below
    the page's minimum: a :class:`LayoutError` says so.

    Parameters
    ----------
    lay_out : callable
        ``lay_out(theme) -> Scene or Pages``: the view's layout for a theme.
        It may be called more than once. A view that cuts itself into pages
        returns :class:`Pages`, which is returned as it is.
    theme : Theme
        The theme on screen; on a page it is fitted with :func:`page_theme`.
    page : object
        What :func:`page_of` takes: ``"screen"``, a page's name, a
        :class:`Page` or ``(width, height)``.

    Returns
    -------
    Scene or Pages
        The scene on screen; the pages on a page.

    Raises
    ------
    LayoutError
        ``page`` is not a page, or the view cannot be placed on it.
    """
    sheet = page_of(page)
    if sheet is None:
        return lay_out(theme)
    fitted = page_theme(theme, sheet)
    laid = lay_out(fitted)
    if isinstance(laid, Pages):  # the view paginated itself
        return laid
    width, height = sheet.inner
    k = min(width / laid.width, height / laid.height, 2.0)
    # A view smaller than the page is laid out again larger (never smaller), the
    # sizes written into the scene rather than scaled by a transform: text set at
    # its own size measures as laid out. Text wraps anew, so it is tried in steps.
    for step in (k, k * 0.9, k * 0.8):
        if step <= 1.02:
            break
        larger = lay_out(_grown(fitted, step))
        if isinstance(larger, Scene) and larger.width <= width and larger.height <= height:
            return on_pages(larger, sheet)
    return on_pages(laid, sheet)


def _grown(theme: Theme, k: float) -> Theme:
    return theme.evolve(
        title_size=theme.title_size * k,
        heading_size=theme.heading_size * k,
        body_size=theme.body_size * k,
        small_size=theme.small_size * k,
        padding=theme.padding * k,
        label_width=theme.label_width * k,
        column_width=theme.column_width * k,
    )


def on_pages(scene: Scene, sheet: Page) -> Pages:
    """``scene`` placed on pages of ``sheet``, cut between its top-level parts.

    A scene that fits is one page, centred across it; a taller one is cut
    between its top-level groups, its header, legend and column heads
    repeated on each page, numbered at the foot.

    Parameters
    ----------
    scene : Scene
        The view laid out for the page's type scale (see :func:`page_theme`).
    sheet : Page
        The page.

    Returns
    -------
    Pages
        One scene the size of ``sheet`` per page.

    Raises
    ------
    LayoutError
        The scene is wider than the page inside its margins, or a part of it
        is taller than a page holds under its header.
    """
    width, height = sheet.inner
    if scene.width > width + 0.5:
        raise LayoutError(
            f"the {scene.view} view is {scene.width:,.0f} units wide and the {sheet.name} page "
            f"{width:,.0f} inside its margins: it cannot be drawn on this page without text "
            "below the page's minimum size; draw it on screen (page='screen') or on a wider page"
        )
    if scene.height <= height + 0.5:  # one page, centred across it
        whole = Group(
            cls="view", translate=((width - scene.width) / 2, 0.0), children=scene.children
        )
        return Pages([_page_scene(scene, sheet, [whole], 1, 1)], sheet)
    parts = [(part, *_vertical(part)) for part in scene.children]
    header = [p for p in parts if _repeated(p[0])]
    head_h = max((bottom for _, _, bottom in header), default=0.0)
    body = [p for p in parts if not _repeated(p[0])]
    footer = 2 * sheet.smallest  # room for "page n of N"
    gap = (body[0][1] - head_h) if body else 0.0  # between the header and the first part
    room = height - footer - head_h - gap  # for parts, under the header
    for _, first, last in body:
        if last - first > room + 0.5:
            raise LayoutError(
                f"a part of the {scene.view} view is {last - first:,.0f} units tall and the "
                f"{sheet.name} page holds {room:,.0f} under its header: it cannot be cut; "
                "draw it on screen (page='screen')"
            )
    # As many pages as it takes, filled evenly: no page left with one row.
    total = body[-1][2] - body[0][1] if body else 0.0
    count = max(1, math.ceil(total / room))
    pages: list[list[tuple[Primitive, float]]] = []
    for target in (total / count * 1.15, room):
        pages = _fill(body, min(target, room), head_h + gap)
        if len(pages) <= count:
            break
    out = []
    left = (width - scene.width) / 2  # centred across the page
    for n, content in enumerate(pages, start=1):
        moved: list[Primitive] = [h for h, _, _ in header]
        moved += [
            part if shift == 0 else Group(translate=(0.0, shift), children=(part,))
            for part, shift in content
        ]
        whole = Group(cls="view", translate=(left, 0.0), children=tuple(moved))
        out.append(_page_scene(scene, sheet, [whole], n, len(pages)))
    return Pages(out, sheet)


_REPEATED = frozenset({"header", "legend", "columns"})


def _repeated(part: Primitive) -> bool:
    """Whether ``part`` is on every page of a view cut into pages: its title, key, heads."""
    return isinstance(part, Group) and part.id in _REPEATED


def _fill(
    body: list[tuple[Primitive, float, float]], room: float, top: float
) -> list[list[tuple[Primitive, float]]]:
    """``body`` (parts with their top and bottom) onto pages of ``room`` under ``top``:
    each part with the shift that puts it there."""
    pages: list[list[tuple[Primitive, float]]] = []
    current: list[tuple[Primitive, float]] = []
    start = body[0][1] if body else 0.0
    for part, first, last in body:
        if current and last - start > room + 0.5:
            pages.append(current)
            current, start = [], first
        current.append((part, top - start if pages else 0.0))
    pages.append(current)
    return pages


def _page_scene(scene: Scene, sheet: Page, parts: list[Primitive], n: int, total: int) -> Scene:
    """``parts`` inside the margins of a page, with its number at the foot when there are more."""
    children: list[Primitive] = [
        Group(cls="page", translate=(sheet.margin, sheet.margin), children=tuple(parts))
    ]
    if total > 1:
        size = sheet.smallest
        label = f"page {n} of {total}"
        right = sheet.width - sheet.margin
        bottom = sheet.height - sheet.margin
        children.append(
            Group(
                id="footer",
                cls="footer",
                children=(
                    Text(
                        x=right,
                        y=bottom - size * 0.3,
                        lines=(label,),
                        size=size,
                        color="#555f6b"
                        if contrast("#555f6b", scene.background) >= 4.5
                        else "#aab3bf",
                        line_height=size * 1.25,
                        anchor="end",
                        box=(
                            right - text_width(label, size) - 1,
                            bottom - size * 1.25,
                            text_width(label, size) + 1,
                            size * 1.25,
                        ),
                    ),
                ),
            )
        )
    desc = scene.desc if total == 1 else f"{scene.desc} Page {n} of {total}."[:2000]
    return attrs.evolve(
        scene,
        width=sheet.width,
        height=sheet.height,
        children=tuple(children),
        page=sheet,
        desc=desc,
    )


def _vertical(item: Primitive) -> tuple[float, float]:
    """The top and bottom of what ``item`` draws (group moves applied)."""
    probe = Scene(
        width=1,
        height=1,
        title="",
        desc="",
        background="#ffffff",
        font_family="",
        view="",
        children=(item,),
    )
    tops: list[float] = []
    bottoms: list[float] = []
    for p in probe.placed():
        if isinstance(p, Text):
            if p.box is not None and p.lines:
                tops.append(p.box[1])
                bottoms.append(p.box[1] + p.box[3])
        elif isinstance(p, Rect):
            tops.append(p.y)
            bottoms.append(p.y + p.height)
        elif isinstance(p, Line):
            tops.append(min(p.y1, p.y2))
            bottoms.append(max(p.y1, p.y2))
        elif isinstance(p, Marker):
            tops.append(p.y - p.size / 2)
            bottoms.append(p.y + p.size / 2)
        elif isinstance(p, Circle):
            tops.append(p.cy - p.r)
            bottoms.append(p.cy + p.r)
        elif isinstance(p, Path):
            ys = [float(v) for op in p.ops for i, v in enumerate(op[1:]) if i % 2 == 1]
            if ys:
                tops.append(min(ys))
                bottoms.append(max(ys))
    if not tops:
        return (0.0, 0.0)
    return (min(tops), max(bottoms))
