"""Lines of text on matplotlib's Agg canvas: unhinted, and fast.

matplotlib reads hinting from ``rcParams`` each time it draws text, and
hinting snaps each glyph's advance to whole pixels, which makes a line up
to 6 % wider or narrower than the layout measured it, differently at each
dpi. Here a line is set unhinted, always, without touching any global
setting, so drawing is thread-safe and the text as wide as measured.

And fast: matplotlib ≥ 3.11 asks FreeType to load and render every glyph of
every line anew, which makes text most of the time of a PNG (a 48-touchpoint
map has 18,000 glyphs). A line of simple text (Latin, Greek, Cyrillic,
punctuation and symbols that the first font has, nothing to shape) is set
here from glyphs rendered once per size and quarter-pixel offset, placed by
their unhinted advances and kerning as FreeType places them, and handed to
Agg as one bitmap. Any other line (another script, combining marks, a
character from a fallback font), and any matplotlib without the glyph
rendering this needs, is laid out by FreeType as a whole line
(``FT2Font.set_text``), as matplotlib did before 3.11.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.font_manager import FontProperties

__all__ = ["draw_line", "is_agg", "measure"]

_PHASES = 4  # glyph images a pixel apart are rendered at this many subpixel offsets
_SMALLEST_PPEM = 1.0  # pixels per em FreeType accepts
_FACES_PER_THREAD = 64
_local = threading.local()


@functools.cache
def _no_hinting() -> Any:
    from matplotlib import ft2font

    flags = getattr(ft2font, "LoadFlags", None)  # matplotlib >= 3.10
    if flags is not None:
        return flags.NO_HINTING
    return getattr(ft2font, "LOAD_NO_HINTING")  # noqa: B009 - gone from matplotlib's stubs


def _look(prop: FontProperties) -> tuple[Any, ...]:
    """What decides which font files ``prop`` gets (its size does not)."""
    return (
        tuple(prop.get_family()),
        prop.get_style(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
    )


def _font_files(prop: FontProperties) -> Any:
    """The font files (with fallbacks) ``prop`` asks for, looked up once per look."""
    return _files_of(_look(prop))


@functools.lru_cache(maxsize=64)
def _files_of(look: tuple[Any, ...]) -> Any:
    from matplotlib.font_manager import FontProperties, fontManager

    family, style, variant, weight, stretch = look
    prop = FontProperties(
        family=list(family), style=style, variant=variant, weight=weight, stretch=stretch
    )
    return fontManager._find_fonts_by_props(prop)


def _font(prop: FontProperties, dpi: float) -> Any:
    """The FreeType font for ``prop`` at ``dpi`` (matplotlib keeps one per thread)."""
    from matplotlib.font_manager import get_font

    font = get_font(_font_files(prop))
    font.clear()
    font.set_size(prop.get_size_in_points(), dpi)
    return font


def is_agg(renderer: Any) -> bool:
    """Whether ``renderer`` is matplotlib's Agg renderer (PNG, JPEG…, most screens)."""
    from matplotlib.backends.backend_agg import RendererAgg

    return isinstance(renderer, RendererAgg) and hasattr(renderer, "_renderer")


def _simple(char: str) -> bool:
    """Set one glyph after another, unshaped: no combining marks, joining or reordering."""
    code = ord(char)
    return code < 0x0300 or 0x0370 <= code < 0x0483 or 0x1E00 <= code < 0x2C00


class _Face:
    """Glyphs of one font at one size and resolution, rendered once each."""

    def __init__(self, prop: FontProperties, dpi: float) -> None:
        self.prop = prop
        self.dpi = dpi
        font = _font(prop, dpi)
        self.charmap: dict[int, int] = font.get_charmap()
        self.advances: dict[int, float] = {}
        self.kerns: dict[tuple[int, int], float] = {}
        self.images: dict[tuple[int, int], tuple[Any, int, int]] = {}
        self.known: dict[str, int] = {}  # character → glyph, 0 when not set here

    def layout(self, line: str) -> tuple[list[tuple[int, float]], float] | None:
        """Each glyph of ``line`` with its pen position, and the line's advance; or None
        when the line needs FreeType's layout of a whole line."""
        from matplotlib.ft2font import Kerning

        known, advances, kerns = self.known, self.advances, self.kerns
        placed = []
        pen = 0.0
        previous = 0
        for char in line:
            glyph = known.get(char)
            if glyph is None:
                glyph = known[char] = self.charmap.get(ord(char), 0) if _simple(char) else 0
            if not glyph:
                return None
            if previous:
                kern = kerns.get((previous, glyph))
                if kern is None:
                    font = _font(self.prop, self.dpi)
                    kern = kerns[previous, glyph] = (
                        font.get_kerning(previous, glyph, Kerning.UNFITTED) / 64
                    )
                pen += kern
            placed.append((glyph, pen))
            advance = advances.get(glyph)
            if advance is None:
                font = _font(self.prop, self.dpi)
                advance = advances[glyph] = (
                    font.load_glyph(glyph, _no_hinting()).linearHoriAdvance / 65536
                )
            pen += advance
            previous = glyph
        return placed, pen

    def image(self, key: tuple[int, int]) -> tuple[Any, int, int]:
        """Glyph ``key[0]``'s coverage, rendered ``key[1]``/4 pixel to the right (a negative
        phase: without antialiasing), with its left and top; kept in :attr:`images`."""
        import numpy as np
        from matplotlib.ft2font import RenderMode

        glyph, phase = key
        antialiased = phase >= 0
        phase = phase if antialiased else -1 - phase
        found = self.images.get(key)
        if found is None:
            font = _font(self.prop, self.dpi)
            font._set_transform([[0x10000, 0], [0, 0x10000]], [64 * phase // _PHASES, 0])
            bitmap = font._render_glyph(
                glyph, _no_hinting(), RenderMode.NORMAL if antialiased else RenderMode.MONO
            )
            font._set_transform([[0x10000, 0], [0, 0x10000]], [0, 0])
            pixels = np.asarray(bitmap.buffer, dtype=np.uint8)
            if not antialiased:
                pixels = pixels * np.uint8(0xFF)
            found = self.images[key] = (pixels, bitmap.left, bitmap.top)
        return found


@functools.cache
def _glyph_cache_works() -> bool:
    """Whether this matplotlib renders single glyphs at an offset (3.11 does)."""
    from matplotlib import ft2font

    return hasattr(ft2font.FT2Font, "_render_glyph") and hasattr(ft2font.FT2Font, "_set_transform")


def _face(prop: FontProperties, dpi: float) -> _Face | None:
    if not _glyph_cache_works():
        return None
    faces: OrderedDict[tuple[Any, ...], _Face] | None = getattr(_local, "faces", None)
    if faces is None:
        faces = _local.faces = OrderedDict()
    key = (_look(prop), prop.get_size_in_points(), dpi)
    face = faces.get(key)
    if face is None:
        face = faces[key] = _Face(prop.copy(), dpi)
        if len(faces) > _FACES_PER_THREAD:
            faces.popitem(last=False)
    else:
        faces.move_to_end(key)
    return face


def _too_small(prop: FontProperties, dpi: float) -> bool:
    return bool(prop.get_size_in_points() * dpi < _SMALLEST_PPEM * 72)


def draw_line(
    renderer: Any, gc: Any, x: float, y: float, line: str, prop: FontProperties, align: str
) -> None:
    """Draw ``line`` with its baseline at ``y`` (pixels, downwards), aligned on ``x``."""
    dpi = renderer.dpi
    if _too_small(prop, dpi):
        return  # less than a pixel high: FreeType cannot set it, and nothing would show
    face = _face(prop, dpi)
    laid_out = face.layout(line) if face is not None else None
    if face is None or laid_out is None:
        _draw_whole(renderer, gc, x, y, line, prop, align)
        return
    import numpy as np

    glyphs, advance = laid_out
    if align != "left":
        x -= advance if align == "right" else advance / 2
    antialiased = bool(gc.get_antialiased())
    images, image_of = face.images, face.image
    placed = []
    x0 = top = 1 << 30
    x1 = bottom = -(1 << 30)
    for glyph, pen in glyphs:
        at = round((x + pen) * _PHASES)
        whole = at // _PHASES
        key = (glyph, at - whole * _PHASES if antialiased else -1 - (at - whole * _PHASES))
        pixels, left, glyph_top = images.get(key) or image_of(key)
        height, width = pixels.shape
        if height and width:
            left += whole
            placed.append((pixels, left, glyph_top))
            if left < x0:
                x0 = left
            if left + width > x1:
                x1 = left + width
            if -glyph_top < top:
                top = -glyph_top
            if height - glyph_top > bottom:
                bottom = height - glyph_top
    if not placed:
        return
    image = np.zeros((bottom - top, x1 - x0), dtype=np.uint8)
    for pixels, left, glyph_top in placed:
        height, width = pixels.shape
        row, column = -glyph_top - top, left - x0
        cell = image[row : row + height, column : column + width]
        np.maximum(cell, pixels, out=cell)
    # draw_text_image's y is downwards, at the image's bottom side.
    renderer._renderer.draw_text_image(image, x0, round(y) + bottom, 0, gc)


def _draw_whole(
    renderer: Any, gc: Any, x: float, y: float, line: str, prop: FontProperties, align: str
) -> None:
    """FreeType lays out and rasterises the whole line, shaping it and falling back."""
    import numpy as np

    font = _font(prop, renderer.dpi)
    font.set_text(line, 0.0, flags=_no_hinting())
    if align != "left":
        advance = font.get_width_height()[0] / 64
        x -= advance if align == "right" else advance / 2
    font.draw_glyphs_to_bitmap(antialiased=gc.get_antialiased())
    xo, _ = font.get_bitmap_offset()
    image = np.asarray(font.get_image())
    # FreeType puts the baseline one row below the top of the ink's box
    # (whole pixels), as the glyph images above are placed: at round(y).
    ascent = font.get_width_height()[1] - font.get_descent()
    baseline = ascent // 64 + 1
    # draw_text_image's y is downwards, at the image's bottom side.
    renderer._renderer.draw_text_image(
        image, round(x + xo / 64), round(y) - baseline + image.shape[0], 0, gc
    )


def measure(renderer: Any, line: str, prop: FontProperties) -> tuple[float, float, float]:
    """Width, height and descent of ``line`` in pixels, unhinted, as FreeType sets it."""
    points = prop.get_size_in_points()
    dpi = renderer.dpi
    if _too_small(prop, dpi):  # measured where FreeType can, then scaled down
        scale = _SMALLEST_PPEM * 72 / dpi / points
        bigger = prop.copy()
        bigger.set_size(points * scale)
        width, height, descent = measure(renderer, line, bigger)
        return width / scale, height / scale, descent / scale
    font = _font(prop, dpi)
    font.set_text(line, 0.0, flags=_no_hinting())
    width, height = font.get_width_height()
    return width / 64, height / 64, font.get_descent() / 64
