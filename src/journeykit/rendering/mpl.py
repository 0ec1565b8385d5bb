"""The matplotlib renderer: paints a Scene as a matplotlib Figure, or into a user's Axes.

It paints the same primitives as the SVG renderer, at the same places: one
scene unit is 1/72 inch, so a font size in scene units is a size in points
and a scene ``W`` × ``H`` units wide is a figure ``W/72`` × ``H/72`` inches
big. Text is set in DejaVu Sans, the font the layout measured it with (it
ships with matplotlib), never read as mathtext or TeX: a ``$`` or ``\\`` in a
name is drawn as typed, and control characters are dropped.

Figures this renderer makes are :class:`matplotlib.figure.Figure` objects with
an Agg canvas, never pyplot figures: nothing is registered with pyplot, so
nothing needs closing, and drawing works headless. Every property that
matters is set on each artist, and drawing and saving run inside
:func:`matplotlib.rc_context` with the few global settings that still matter
reset, so an active ``plt.style`` or changed ``rcParams`` (dark backgrounds,
``text.usetex``, big fonts, xkcd sketching) do not change the picture.
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import numbers
import re
import warnings
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any, Literal, cast

from journeykit._atomic import is_file_object, write_atomic, write_to
from journeykit.errors import MissingDependencyError
from journeykit.layout.markers import marker_corners
from journeykit.layout.scene import Circle, Group, Line, Marker, Path, Primitive, Rect, Scene, Text
from journeykit.rendering.registry import RendererError

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text as MplText
    from matplotlib.transforms import Bbox

__all__ = ["FONT", "ZORDER", "MatplotlibRenderer"]

FONT = "DejaVu Sans"
"""The family every text is set in: the one the layout measures with."""

ZORDER = 1.0
"""The z-order of every artist the renderer adds; they paint in scene order.

In a user's Axes, give your own artists a higher z-order to draw them on top.
"""

# Families tried, when installed, for characters DejaVu Sans lacks (CJK,
# symbols), as a browser falls back for the SVG. Only installed ones are
# named: naming a missing family makes matplotlib log a findfont warning.
_FALLBACK_FAMILIES = (
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans CJK KR",
    "Source Han Sans",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "Hiragino Sans",
    "Yu Gothic",
    "Microsoft YaHei",
    "Malgun Gothic",
    "Noto Sans Symbols 2",
    "Segoe UI Symbol",
    "Noto Emoji",
    "Symbola",
)

# Control characters, unpaired surrogates and the noncharacters U+FFFE/U+FFFF:
# the layout's clean() already removed most; nothing of them reaches a file.
_UNDRAWABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

_RASTER = frozenset({"png", "jpg", "jpeg", "tif", "tiff", "webp", "gif", "avif", "raw", "rgba"})
_MAX_PIXELS = 2**28  # a 1 GiB RGBA buffer; past it, ask for a lower dpi or a vector format

_ANCHORS: dict[str, Literal["left", "center", "right"]] = {
    "start": "left",
    "middle": "center",
    "end": "right",
}
# matplotlib.path.Path's codes (fixed values of its public API), known without importing it.
_MOVETO, _LINETO, _CURVE4, _CLOSEPOLY = 1, 2, 4, 79
_KAPPA = 0.5522847498307936  # control-point distance of a quarter circle as a cubic Bézier


def drawable(text: str) -> str:
    """``text`` without control characters, unpaired surrogates or noncharacters."""
    return _UNDRAWABLE.sub("", text)


@functools.cache
def _settings() -> dict[str, Any]:
    """The global settings drawing and saving depend on, reset to fixed values.

    Everything else is set on each artist. Taken from matplotlib's own
    defaults, so a style or ``rcParams`` change cannot reach the picture.
    The dict is shared: ``rc_context`` only reads it.
    """
    import matplotlib as mpl

    defaults = cast("Mapping[str, Any]", mpl.rcParamsDefault)
    keys = (
        "_internal.classic_mode",
        "agg.path.chunksize",
        "figure.autolayout",
        "figure.constrained_layout.use",
        "path.effects",
        "path.simplify",
        "path.simplify_threshold",
        "path.sketch",
        "path.snap",
        "pdf.compression",
        "pdf.inheritcolor",
        "pdf.use14corefonts",
        "ps.useafm",
        "ps.usedistiller",
        "savefig.bbox",
        "savefig.edgecolor",
        "savefig.facecolor",
        "savefig.orientation",
        "savefig.pad_inches",
        "savefig.transparent",
        "svg.fonttype",
        "svg.id",
        "svg.image_inline",
        "text.antialiased",
        "text.hinting",
        "text.kerning_factor",
        "text.language",
        "text.parse_math",
        "text.usetex",
    )
    rc = {key: defaults[key] for key in keys if key in defaults}
    rc.update(
        {
            "text.usetex": False,
            "text.parse_math": False,
            "text.hinting": "no_hinting",  # see _text_class
            "lines.scale_dashes": False,  # dash lengths are in points, as in the scene
            "pdf.fonttype": 42,  # TrueType: PDF and PostScript text stays text
            "ps.fonttype": 42,
            "svg.hashsalt": "journeykit",  # deterministic ids if a user saves SVG
        }
    )
    return rc


@functools.cache
def _families() -> tuple[str, ...]:
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return (FONT, *(family for family in _FALLBACK_FAMILIES if family in installed))


def _import_matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise MissingDependencyError("matplotlib", "mpl") from None
    return matplotlib


class MatplotlibRenderer:
    """Paints scenes with matplotlib: a new Figure, or into an Axes of yours.

    ``jk.render(journey, view="map", renderer="matplotlib")`` returns a
    :class:`~matplotlib.figure.Figure`; with ``ax=`` it draws into that Axes
    and returns its figure. ``jk.save(journey, "map.png")`` (or ``.pdf``,
    ``.jpg``, ``.eps``, ``.ps``, ``.tif``, ``.webp``) paints with this renderer
    and writes the file atomically.
    """

    name = "matplotlib"
    media_type = "image/png"
    suffixes = (".png", ".pdf", ".jpg", ".jpeg", ".eps", ".ps", ".webp", ".tif", ".tiff")
    options = frozenset({"ax", "figsize", "dpi"})

    def render(
        self,
        scene: Scene,
        *,
        ax: Axes | None = None,
        figsize: tuple[float, float] | None = None,
        dpi: float | None = None,
    ) -> Figure:
        """Paint ``scene``; return the Figure it is on.

        Parameters
        ----------
        scene : Scene
        ax : matplotlib.axes.Axes, optional
            Draw into this Axes (of a subplot grid, say) instead of a new
            figure. Its limits become the scene's, with equal aspect and no
            axis lines. Font sizes and line widths follow the ratio of the
            Axes' size to the scene's, so the texts still fit their boxes;
            that ratio is taken each time the figure is drawn, so the Axes'
            size *at draw time* counts (after ``layout="constrained"`` or
            ``tight_layout`` moved it).
        figsize : (float, float), optional
            The new figure's size in inches; the scene is scaled to fit it,
            centred. By default the figure is the scene's size at 72 units to
            the inch, so fonts are their size in points. Not with ``ax``.
        dpi : float, optional
            The new figure's resolution (default ``rcParams["figure.dpi"]``).
            With ``ax`` the figure is yours and keeps its resolution.
        """
        mpl = _import_matplotlib()
        _check_size("figsize", figsize)
        if dpi is not None:
            _check_positive("dpi", dpi)
        if ax is not None and figsize is not None:
            raise RendererError("figsize= sizes a new figure; with ax= the Axes' own size counts")
        with mpl.rc_context(_settings()):
            if ax is None:
                figure = _new_figure(scene, figsize, dpi)
                ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
            else:
                figure = _figure_of(ax)
            _paint(ax, scene)
        return figure

    def save(
        self,
        figure: Figure,
        path: str | FilePath | Any,
        *,
        format: str | None = None,
        dpi: float | None = None,
        ax: Axes | None = None,
        figsize: tuple[float, float] | None = None,
    ) -> None:
        """Write ``figure`` to ``path`` atomically, in the format its suffix names.

        ``dpi`` defaults to the figure's. A PNG of a scene ``W`` units wide is
        ``W × dpi / 72`` pixels wide. PDF and PostScript keep text as text
        (TrueType fonts embedded); the scene's title and description go into
        the file's metadata where the format has a place for them. ``ax`` and
        ``figsize`` are accepted (``jk.save`` passes the renderer's options on)
        and have already done their work in :meth:`render`.
        """
        mpl = _import_matplotlib()
        to_file = is_file_object(path)
        fmt = format or ("" if to_file else FilePath(path).suffix.lower().lstrip("."))
        supported = figure.canvas.get_supported_filetypes()
        if fmt not in supported or fmt == "pgf":  # PGF is LaTeX source: it needs TeX
            offered = ", ".join(f".{name}" for name in sorted(supported) if name != "pgf")
            raise RendererError(
                f"matplotlib cannot write {'.' + fmt if fmt else 'files without a suffix'}; "
                f"it writes {offered}"
            )
        resolution = float(figure.dpi) if dpi is None else _check_positive("dpi", dpi)
        if fmt in _RASTER:
            width, height = figure.get_size_inches() * resolution
            if width * height > _MAX_PIXELS:
                raise RendererError(
                    f"the image would be {width:,.0f} × {height:,.0f} pixels at "
                    f"dpi={resolution:g}; lower dpi= or write a vector format (.pdf, .svg)"
                )
        kwargs: dict[str, Any] = {
            "format": fmt,
            "dpi": resolution,
            "bbox_inches": None,
            "transparent": False,
        }
        about = _ABOUT.get(figure)
        if about is not None:
            kwargs["facecolor"] = about.background
            kwargs["edgecolor"] = "none"
        metadata = _metadata(fmt, about)
        if metadata is not None:
            kwargs["metadata"] = metadata
        buffer = io.BytesIO()
        with mpl.rc_context(_settings()):
            figure.savefig(buffer, **kwargs)
        if to_file:
            write_to(path, buffer.getvalue(), what=f"the {fmt.upper()}")
        else:
            write_atomic(FilePath(path), buffer.getvalue())


class _About:
    """What a figure this renderer made shows: for the file's metadata and background."""

    __slots__ = ("background", "desc", "title")

    def __init__(self, title: str, desc: str, background: str) -> None:
        self.title = title
        self.desc = desc
        self.background = background


_ABOUT: weakref.WeakKeyDictionary[Figure, _About] = weakref.WeakKeyDictionary()


def _metadata(fmt: str, about: _About | None) -> dict[str, Any] | None:
    if fmt == "pdf":  # no creation date, so the same scene gives the same bytes
        meta: dict[str, Any] = {"Creator": "journeykit", "CreationDate": None}
        if about is not None:
            meta["Title"] = about.title
            meta["Subject"] = about.desc
        return meta
    if fmt == "svg":
        meta = {"Date": None}
        if about is not None:
            meta["Title"] = about.title
            meta["Description"] = about.desc
        return meta
    if fmt == "png" and about is not None:
        return {"Title": about.title, "Description": about.desc}
    return None


def _check_positive(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise RendererError(f"{name}= must be a number, not {type(value).__name__}")
    number = float(value)
    if not (math.isfinite(number) and number > 0):
        raise RendererError(f"{name}= must be a positive number, not {value!r}")
    return number


def _check_size(name: str, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:
        raise RendererError(f"{name}= must be (width, height) in inches, not {value!r}")
    for item in value:
        _check_positive(name, item)


def _figure_of(ax: object) -> Figure:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if not isinstance(ax, Axes):
        raise RendererError(f"ax= must be a matplotlib Axes, not {type(ax).__name__}")
    figure: object
    try:
        figure = ax.get_figure(root=True)
    except TypeError:  # matplotlib < 3.10 has no subfigures to tell apart
        figure = ax.get_figure()
    if not isinstance(figure, Figure):  # pragma: no cover - an Axes is always on a figure
        raise RendererError("ax= is not on a figure")
    return figure


def _new_figure(scene: Scene, figsize: tuple[float, float] | None, dpi: float | None) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    width, height = _extent(scene)
    size = (float(figsize[0]), float(figsize[1])) if figsize else (width / 72, height / 72)
    background = _colour(scene.background)
    figure = Figure(
        figsize=size,
        dpi=dpi,
        facecolor=background,
        edgecolor=background,
        linewidth=0.0,
        frameon=True,
        layout=None,  # rc_context has turned tight and constrained layout off
    )
    FigureCanvasAgg(figure)
    figure.set_label(drawable(scene.title)[:200])
    _ABOUT[figure] = _About(drawable(scene.title), drawable(scene.desc), background)
    return figure


def _extent(scene: Scene) -> tuple[float, float]:
    width, height = float(scene.width), float(scene.height)
    if not (math.isfinite(width) and width > 0):
        width = 1.0
    if not (math.isfinite(height) and height > 0):
        height = 1.0
    return width, height


def _colour(value: str | None) -> str:
    return value or "none"


def _scale(ax: Axes) -> float:
    """Points per scene unit in ``ax`` as it is placed now."""
    figure = _figure_of(ax)
    (x0, y0), (x1, y1) = ax.transData.transform([(0.0, 0.0), (1.0, 1.0)])
    per_unit = min(abs(x1 - x0), abs(y1 - y0)) * 72.0 / float(figure.dpi)
    return float(per_unit) if math.isfinite(per_unit) and per_unit > 0 else 1.0


class _Scaled:
    """An artist's sizes in scene units, to set in points for a scale."""

    __slots__ = ("artist", "dash", "size")

    def __init__(self, artist: Artist, size: float, dash: tuple[float, ...] = ()) -> None:
        self.artist = artist
        self.size = size
        self.dash = dash

    def apply(self, k: float) -> None:
        from matplotlib.text import Text as MplText

        artist = self.artist
        if isinstance(artist, MplText):
            artist.set_fontsize(self.size * k)
            return
        target: Line2D | Patch = artist  # type: ignore[assignment]
        target.set_linewidth(self.size * k)
        target.set_linestyle(_linestyle(self.dash, k))


@functools.cache
def _scaler_class() -> Callable[[Axes, list[_Scaled], float], Artist]:
    from matplotlib.artist import Artist

    class Scaler(Artist):
        """Drawn first among the scene's artists: sets their sizes for the Axes' size now."""

        def __init__(self, ax: Axes, items: list[_Scaled], k: float) -> None:
            super().__init__()
            self.scene_ax = ax
            self.items = items
            self.k = k
            self.set_in_layout(False)
            self.set_zorder(ZORDER)

        def draw(self, renderer: Any) -> None:
            k = _scale(self.scene_ax)
            if k > 0 and not math.isclose(k, self.k, rel_tol=1e-6):
                import matplotlib as mpl

                with mpl.rc_context({"lines.scale_dashes": False}):
                    for item in self.items:
                        item.apply(k)
                self.k = k
            self.stale = False

    return Scaler


def _linestyle(dash: tuple[float, ...], k: float) -> Any:
    if not dash:
        return "solid"
    return (0.0, tuple(d * k for d in dash))


def _dash(dash: tuple[float, ...]) -> tuple[float, ...]:
    """A dash pattern as SVG reads it: an odd list repeats; a zero or negative one is solid."""
    values = tuple(float(d) for d in dash)
    if not values or any(not math.isfinite(d) or d < 0 for d in values) or sum(values) <= 0:
        return ()
    return values * 2 if len(values) % 2 else values


def _paint(ax: Axes, scene: Scene) -> None:
    from matplotlib.patches import Rectangle

    width, height = _extent(scene)
    ax.set_axis_off()
    ax.set_xlim(0.0, width)
    ax.set_ylim(height, 0.0)  # y grows downwards, as in the scene
    ax.set_aspect("equal", adjustable="box", anchor="C")
    k = _scale(ax)
    background = Rectangle(
        (0.0, 0.0),
        width,
        height,
        facecolor=_colour(scene.background),
        edgecolor="none",
        linewidth=0.0,
        fill=True,
        antialiased=True,
        clip_on=False,
        zorder=ZORDER,
    )
    items: list[_Scaled] = []
    missing: dict[str, None] = {}  # characters no font has, in order, once each
    artists: list[Artist] = [background]
    for item in scene.placed():  # groups' transforms applied
        artists.extend(_artists(item, k, items, missing))
    ax.add_artist(_scaler_class()(ax, items, k))
    for artist in artists:
        ax.add_artist(artist)
    if missing:
        _warn_missing(missing, scene.view)


def _artists(
    item: Primitive, k: float, items: list[_Scaled], missing: dict[str, None]
) -> Iterator[Artist]:
    if isinstance(item, Group):
        return iter(())
    if isinstance(item, Text):
        return _texts(item, k, items, missing)
    if isinstance(item, Line):
        return iter((_line(item, k, items),))
    shape = _shape(item, k, items)
    return iter(() if shape is None else (shape,))


@functools.lru_cache(maxsize=256)  # sizes scaled to a user's Axes vary without end
def _font(size: float, bold: bool, italic: bool) -> FontProperties:
    from matplotlib.font_manager import FontProperties

    return FontProperties(
        family=list(_families()),
        style="italic" if italic else "normal",
        variant="normal",
        weight="bold" if bold else "normal",
        stretch="normal",
        size=size,
    )


@contextlib.contextmanager
def _as_measured(quiet: bool) -> Iterator[None]:
    """Text unhinted; and with ``quiet``, without matplotlib's warning for each missing glyph."""
    import matplotlib as mpl

    params = mpl.rcParams
    hinting = params["text.hinting"]
    with contextlib.ExitStack() as stack:
        if hinting not in _UNHINTED:
            params["text.hinting"] = "no_hinting"
            stack.callback(params.__setitem__, "text.hinting", hinting)
        if quiet:
            stack.enter_context(warnings.catch_warnings())
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        yield


_UNHINTED = frozenset({"no_hinting", "none", False})


@functools.cache
def _text_class() -> type[MplText]:
    from matplotlib.text import Text as MplText

    class SceneText(MplText):
        """A line of scene text, measured and drawn without hinting.

        Hinting snaps each glyph's advance to whole pixels, which makes a
        line up to 6 % wider or narrower than the layout measured, and
        differently at each dpi. Unhinted, a line is as wide as the layout
        said at any resolution (and as in a PDF). ``quiet`` lines hold
        characters no font has: the renderer has warned about them once.
        """

        quiet = False

        def draw(self, renderer: Any) -> None:
            with _as_measured(self.quiet):
                super().draw(renderer)

        def get_window_extent(self, renderer: Any = None, dpi: float | None = None) -> Bbox:
            with _as_measured(self.quiet):
                return super().get_window_extent(renderer, dpi)

    return SceneText


@functools.cache
def _fonts() -> tuple[Any, ...]:
    """The fonts text is set in, to ask which characters they have."""
    from matplotlib import font_manager

    return tuple(
        font_manager.get_font(
            font_manager.findfont(
                font_manager.FontProperties(family=family), fallback_to_default=False
            )
        )
        for family in _families()
    )


@functools.lru_cache(maxsize=8192)
def _has_glyph(char: str) -> bool:
    code = ord(char)
    return any(font.get_char_index(code) for font in _fonts())


def _missing(line: str) -> list[str]:
    """The characters of ``line`` no font has (DejaVu Sans has all of printable ASCII)."""
    if line.isascii():
        return []
    return [ch for ch in line if not ch.isspace() and not _has_glyph(ch)]


def _warn_missing(missing: dict[str, None], view: str) -> None:
    shown = "".join(list(missing)[:12]) + ("…" if len(missing) > 12 else "")
    fonts = "DejaVu Sans" if len(_families()) == 1 else ", ".join(_families())
    warnings.warn(
        f"{len(missing)} characters of the {view} view are in no installed font "
        f"({fonts}) and are drawn as placeholder boxes: {shown}. Install a font that has them "
        "(such as Noto Sans CJK for Chinese, Japanese and Korean), or use the SVG "
        "renderer, where the viewer's fonts fill in.",
        UserWarning,
        stacklevel=5,  # the caller of jk.render
    )


def _texts(t: Text, k: float, items: list[_Scaled], missing: dict[str, None]) -> Iterator[Artist]:
    text_class = _text_class()
    font = _font(t.size * k, t.bold, t.italic)
    for i, raw in enumerate(t.lines):
        line = drawable(raw)
        if not line.strip():
            continue
        artist: Any = text_class(
            t.x,
            t.y + i * t.line_height,
            line,
            color=t.color,
            fontproperties=font,
            horizontalalignment=_ANCHORS.get(t.anchor, "left"),
            verticalalignment="baseline",
            multialignment="left",
            rotation=0.0,
            rotation_mode="default",
            linespacing=1.0,
            usetex=False,
            parse_math=False,
            wrap=False,
            antialiased=True,
            clip_on=False,
            zorder=ZORDER,
        )
        lacking = _missing(line)
        if lacking:
            artist.quiet = True
            missing.update(dict.fromkeys(lacking))
        items.append(_Scaled(artist, t.size))
        yield artist


def _line(item: Line, k: float, items: list[_Scaled]) -> Artist:
    from matplotlib.lines import Line2D

    dash = _dash(item.dash)
    artist = Line2D(
        [item.x1, item.x2],
        [item.y1, item.y2],
        color=item.stroke,
        linewidth=item.stroke_width * k,
        linestyle=_linestyle(dash, k),
        solid_capstyle="butt",
        dash_capstyle="butt",
        solid_joinstyle="miter",
        dash_joinstyle="miter",
        marker="None",
        drawstyle="default",
        antialiased=True,
        clip_on=False,
        zorder=ZORDER,
    )
    items.append(_Scaled(artist, item.stroke_width, dash))
    return artist


def _shape(item: Primitive, k: float, items: list[_Scaled]) -> Artist | None:
    from matplotlib.patches import Circle as MplCircle
    from matplotlib.patches import PathPatch, Polygon, Rectangle

    dash: tuple[float, ...] = ()
    opacity = 1.0
    patch: Patch
    if isinstance(item, Rect):
        if not (item.width > 0 and item.height > 0):
            return None  # SVG draws no rectangle without area
        fill, stroke, width = item.fill, item.stroke, item.stroke_width
        dash, opacity = _dash(item.dash), item.opacity
        if item.rx > 0:
            patch = PathPatch(_rounded(item))
        else:
            patch = Rectangle((item.x, item.y), item.width, item.height)
    elif isinstance(item, Path):
        path = _path(item.ops)
        if path is None:
            return None
        fill, stroke, width = item.fill, item.stroke, item.stroke_width
        dash, opacity = _dash(item.dash), item.opacity
        # Not snapped to pixels: a path's corners are computed one by one, and
        # two that differ in the last bit can round to different pixels,
        # tilting an edge meant to be straight.
        patch = PathPatch(path, snap=False)
    elif isinstance(item, Circle):
        fill, stroke, width = item.fill, item.stroke, item.stroke_width
        patch = MplCircle((item.cx, item.cy), item.r)
    elif isinstance(item, Marker):
        fill, stroke, width = item.fill, item.stroke, item.stroke_width
        r = item.size / 2
        if item.shape == "circle":
            patch = MplCircle((item.x, item.y), r)
        elif item.shape == "square":
            patch = Rectangle((item.x - r, item.y - r), item.size, item.size)
        else:
            patch = Polygon(marker_corners(item), closed=True)
    else:
        raise RendererError(f"the matplotlib renderer cannot paint {type(item).__name__}")
    stroked = bool(stroke) and width > 0
    patch.set(
        facecolor=_colour(fill),
        edgecolor=_colour(stroke) if stroked else "none",
        fill=bool(fill),
        linewidth=width * k if stroked else 0.0,
        linestyle=_linestyle(dash, k),
        alpha=None if opacity >= 1 else max(0.0, float(opacity)),
        capstyle="butt",
        joinstyle="miter",
        hatch=None,
        antialiased=True,
        clip_on=False,
        zorder=ZORDER,
    )
    if stroked:
        items.append(_Scaled(patch, width, dash))
    return patch


def _rounded(r: Rect) -> Any:
    """A rectangle with corners rounded by ``rx``, clamped to half a side as SVG does."""
    from matplotlib.path import Path as MplPath

    rx = min(r.rx, r.width / 2, r.height / 2)
    c = rx * (1 - _KAPPA)
    x0, y0, x1, y1 = r.x, r.y, r.x + r.width, r.y + r.height
    vertices = [
        (x0 + rx, y0),
        (x1 - rx, y0),
        (x1 - c, y0),
        (x1, y0 + c),
        (x1, y0 + rx),
        (x1, y1 - rx),
        (x1, y1 - c),
        (x1 - c, y1),
        (x1 - rx, y1),
        (x0 + rx, y1),
        (x0 + c, y1),
        (x0, y1 - c),
        (x0, y1 - rx),
        (x0, y0 + rx),
        (x0, y0 + c),
        (x0 + c, y0),
        (x0 + rx, y0),
        (x0 + rx, y0),
    ]
    corner = [_CURVE4] * 3
    codes = [_MOVETO, *([_LINETO, *corner] * 4), _CLOSEPOLY]
    return MplPath(vertices, codes)


def _path(ops: tuple[tuple[str | float, ...], ...]) -> Any:
    """The scene path's ops as a matplotlib Path, or None when it draws nothing."""
    from matplotlib.path import Path as MplPath

    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    start: tuple[float, float] | None = None
    for op in ops:
        command, *values = op
        numbers = [float(v) for v in values]
        if command == "M" and len(numbers) == 2:
            start = (numbers[0], numbers[1])
            vertices.append(start)
            codes.append(_MOVETO)
        elif start is None:
            raise RendererError("a scene path must start with M")
        elif command == "L" and len(numbers) == 2:
            vertices.append((numbers[0], numbers[1]))
            codes.append(_LINETO)
        elif command == "C" and len(numbers) == 6:
            vertices += [
                (numbers[0], numbers[1]),
                (numbers[2], numbers[3]),
                (numbers[4], numbers[5]),
            ]
            codes += [_CURVE4] * 3
        elif command == "Z" and not numbers:
            vertices.append(start)
            codes.append(_CLOSEPOLY)
        else:
            raise RendererError(f"the matplotlib renderer cannot paint the path op {op!r}")
    if len(vertices) < 2:
        return None
    return MplPath(vertices, codes)
