"""The matplotlib renderer: paints a Scene as a matplotlib Figure, or into a user's Axes.

It paints the same primitives as the SVG renderer, at the same places: one
scene unit is 1/72 inch, so a font size in scene units is a size in points
and a scene ``W`` × ``H`` units wide is a figure ``W/72`` × ``H/72`` inches
big. Text is set in DejaVu Sans, the font the layout measured it with (it
ships with matplotlib), never read as mathtext or TeX: a ``$`` or ``\\`` in a
name is drawn as typed, and control characters are dropped.

Figures this renderer makes are :class:`matplotlib.figure.Figure` objects with
an Agg canvas of its own, never pyplot figures: nothing is registered with
pyplot, so nothing needs closing, and drawing works headless.

Given a user's Axes, a view that is a chart (the emotion curve, hotspots, a
funnel: a Scene with a :class:`~journeykit.layout.chart.Chart`) is drawn as
matplotlib's own lines and bars in data coordinates, in the user's style
(see :mod:`journeykit.rendering.mpl_charts`); any other view is painted as
its picture, fitted into the Axes.

Global settings
---------------
Drawing never writes ``matplotlib.rcParams``, so it is thread-safe and leaves
a user's settings as it found them. Everything that matters is set on each
artist (colours, widths, fonts, no sketching or path effects, no math), on
each text as it is drawn (unhinted, as the layout measured it) and in the
arguments to ``savefig`` (background, bounding box, metadata). Only the
PDF, PostScript and SVG writers of matplotlib read a few settings from
``rcParams`` alone (``pdf.fonttype``, ``ps.fonttype``, ``pdf.use14corefonts``,
``svg.hashsalt``…), and its JPEG writer sets one itself (within
``rc_context``, which writes all of them back on its way out). Such files
are written under a lock, with those settings set and then restored, so
journeykit's own threads never see each other's values or undo each
other's restores (another thread of yours that reads them at that moment
could see them).
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import numbers
import re
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path as FilePath
from typing import IO, TYPE_CHECKING, Any, Literal, cast

from journeykit._atomic import is_file_object, write_file
from journeykit.errors import FormatError, MissingDependencyError, SmallTextWarning
from journeykit.layout.markers import marker_corners
from journeykit.layout.scene import Circle, Group, Line, Marker, Path, Primitive, Rect, Scene, Text
from journeykit.rendering import _agg_text
from journeykit.rendering.registry import RendererError

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.patches import Patch

__all__ = [
    "FONT",
    "MAX_AREA",
    "MAX_PIXELS",
    "READABLE_SIZE",
    "SAVEFIG_OPTIONS",
    "ZORDER",
    "MatplotlibRenderer",
]

FONT = "DejaVu Sans"
"""The family every text is set in: the one the layout measures with."""

ZORDER = 1.0
"""The z-order of every artist the renderer adds; they paint in scene order.

In a user's Axes, give your own artists a higher z-order to draw them on top.
"""

MAX_PIXELS = 2**28
"""The most pixels a raster file may have (a 1 GiB RGBA buffer): 268 megapixels."""

MAX_AREA = 2**27
"""The largest scene matplotlib paints, in square scene units (134 million).

A map of about 800 touchpoints. Past it matplotlib takes minutes and
gigabytes for any format (a PDF of 5,000 touchpoints: 4 minutes, 2.2 GB),
so the scene is refused before anything is drawn; the SVG renderer draws it.
"""

READABLE_SIZE = 6.0
"""Text smaller than this many points, in a user's Axes, gives a :class:`SmallTextWarning`."""

SAVEFIG_OPTIONS = frozenset(
    {
        "dpi",
        "transparent",
        "bbox_inches",
        "pad_inches",
        "metadata",
        "facecolor",
        "edgecolor",
        "pil_kwargs",
        "orientation",
        "bbox_extra_artists",
    }
)
"""The keywords of :meth:`matplotlib.figure.Figure.savefig` that ``jk.save`` passes on."""

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
_PLACEHOLDER = "\u25a1"  # □, drawn for a character no font has, as a browser draws a box

_RASTER = frozenset({"png", "jpg", "jpeg", "tif", "tiff", "webp", "gif", "avif", "raw", "rgba"})
# Sides the encoders cannot exceed; Agg itself draws less than 2**23 pixels a side.
_MAX_SIDE = {"jpg": 65_500, "jpeg": 65_500, "webp": 16_383}
_AGG_MAX_SIDE = 2**23 - 1

# What matplotlib's PDF, PostScript and SVG writers read from rcParams only.
_WRITER_SETTINGS: dict[str, dict[str, Any]] = {
    "pdf": {"pdf.fonttype": 42, "pdf.use14corefonts": False, "pdf.inheritcolor": False},
    "ps": {"ps.fonttype": 42, "ps.useafm": False, "ps.usedistiller": None, "text.usetex": False},
    "svg": {
        "svg.fonttype": "path",
        "svg.hashsalt": "journeykit",  # deterministic ids
        "svg.id": None,
        "svg.image_inline": True,
    },
}
_WRITER_SETTINGS["eps"] = _WRITER_SETTINGS["ps"]
_WRITER_SETTINGS["svgz"] = _WRITER_SETTINGS["svg"]
# matplotlib's JPEG writer wraps itself in rc_context, which writes every
# setting back as it found them on the way out: run alone, it could undo
# another writer's restore.
_WRITER_SETTINGS["jpg"] = _WRITER_SETTINGS["jpeg"] = {}
_WRITER_LOCK = threading.Lock()

_ANCHORS: dict[str, Literal["left", "center", "right"]] = {
    "start": "left",
    "middle": "center",
    "end": "right",
}
# matplotlib.path.Path's codes (fixed values of its public API), known without importing it.
_MOVETO, _LINETO, _CURVE4, _CLOSEPOLY = 1, 2, 4, 79
_KAPPA = 0.5522847498307936  # control-point distance of a quarter circle as a cubic Bézier
_SIMPLIFY_THRESHOLD = 1 / 9  # matplotlib's default, whatever a style says


def drawable(text: str) -> str:
    """``text`` without control characters, unpaired surrogates or noncharacters."""
    return _UNDRAWABLE.sub("", text)


@functools.cache
def _families() -> tuple[str, ...]:
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return (FONT, *(family for family in _FALLBACK_FAMILIES if family in installed))


@functools.cache
def _covered() -> frozenset[int]:
    """The characters some font of :func:`_families` has, read once from their charmaps."""
    from matplotlib import font_manager

    codes: set[int] = set()
    for family in _families():
        path = font_manager.findfont(
            font_manager.FontProperties(family=family), fallback_to_default=False
        )
        codes.update(font_manager.get_font(path).get_charmap())
    return frozenset(codes)


def _has_glyph(char: str) -> bool:
    return ord(char) in _covered()


def _missing(line: str) -> list[str]:
    """The characters of ``line`` no font has (DejaVu Sans has all of printable ASCII)."""
    if line.isascii():
        return []
    covered = _covered()
    return [ch for ch in line if not ch.isspace() and ord(ch) not in covered]


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
    and returns the Axes. ``jk.save(journey, "map.png")`` (or ``.pdf``,
    ``.jpg``, ``.eps``, ``.ps``, ``.tif``, ``.webp``) paints with this renderer
    and writes the file atomically, passing savefig's own keywords on
    (:data:`SAVEFIG_OPTIONS`).
    """

    name = "matplotlib"
    media_type = "image/png"
    suffixes = (".png", ".pdf", ".jpg", ".jpeg", ".eps", ".ps", ".webp", ".tif", ".tiff")
    options = frozenset({"ax", "figsize", "dpi"})
    save_options = SAVEFIG_OPTIONS

    def render(
        self,
        scene: Scene,
        *,
        ax: Axes | None = None,
        figsize: tuple[float, float] | None = None,
        dpi: float | None = None,
    ) -> Figure | Axes:
        """Paint ``scene``; return the new Figure, or ``ax`` when given one.

        Parameters
        ----------
        scene : Scene
        ax : matplotlib.axes.Axes, optional
            Draw into this Axes (of a subplot grid, say) instead of a new
            figure, and return it. A chart view (the emotion curve, hotspots,
            a funnel) is drawn with matplotlib's own lines and bars in data
            coordinates, in your style: one category a touchpoint (or a
            stage) at x = 0, 1, 2…, so charts of one journey can share an x
            axis. Any other view is painted as its picture, fitted into the
            Axes (equal aspect, no axis lines), its font sizes and line widths
            following the Axes' size at draw time; when its smallest text
            would come out below :data:`READABLE_SIZE` points, a
            :class:`~journeykit.SmallTextWarning` says so.
        figsize : (float, float), optional
            The new figure's size in inches; the scene is scaled to fit it,
            centred. By default the figure is the scene's size at 72 units to
            the inch, so fonts are their size in points. Not with ``ax``.
        dpi : float, optional
            The new figure's resolution (default ``rcParams["figure.dpi"]``).
            With ``ax`` the figure is yours and keeps its resolution.

        Returns
        -------
        matplotlib.figure.Figure or matplotlib.axes.Axes
            The new figure, one Axes filling it; or ``ax``, drawn into.

        Raises
        ------
        RendererError
            On a bad option, or a scene larger than :data:`MAX_AREA`.
        MissingDependencyError
            matplotlib is not installed.
        """
        _import_matplotlib()
        _check_size("figsize", figsize)
        if dpi is not None:
            _check_positive("dpi", dpi)
        if ax is not None and figsize is not None:
            raise RendererError("figsize= sizes a new figure; with ax= the Axes' own size counts")
        if ax is None:
            _check_area(scene)
            if dpi is None and scene.page is not None and not scene.page.printed:
                dpi = 72.0  # a slide's scene units are pixels: its PNG is 1920 × 1080
            figure = _new_figure(scene, figsize, dpi)
            axes = figure.add_axes((0.0, 0.0, 1.0, 1.0))
            _paint(axes, scene, _fixed_scale(scene, figure))
            return figure
        _figure_of(ax)
        if scene.chart is not None:
            from journeykit.rendering.mpl_charts import draw_chart

            draw_chart(ax, scene.chart)
            return ax
        _check_area(scene)
        _paint(ax, scene, None)
        _warn_small_text(ax, scene)
        return ax

    def check(
        self,
        scene: Scene,
        *,
        format: str | None = None,
        dpi: float | None = None,
        figsize: tuple[float, float] | None = None,
        ax: Axes | None = None,
        **savefig_options: Any,
    ) -> None:
        """Refuse, before anything is drawn, a file too large to make.

        ``jk.save`` calls it with the laid-out scene and the options it was
        given. Any format: the scene at most :data:`MAX_AREA` square units.
        Raster formats: at most :data:`MAX_PIXELS` pixels (the figure's
        size, from ``figsize`` or the scene, times ``dpi``), and no side
        longer than the format allows (16,383 for WebP, 65,500 for JPEG).

        Parameters
        ----------
        scene : Scene
            The laid-out view to be saved.
        format : str, optional
            The file's format (``"png"``, ``"pdf"``…); ``None`` checks only
            the scene's area.
        dpi : float, optional
            The resolution the file will be written at; by default
            ``rcParams["figure.dpi"]`` (72 for a slide).
        figsize : (float, float), optional
            The figure's size in inches, as :meth:`render` takes it.
        ax : matplotlib.axes.Axes, optional
            The Axes the scene will be drawn into: its figure's size counts,
            and the scene's area is not checked.
        **savefig_options
            The other options of :meth:`save`; they do not change the size
            and are not looked at.

        Raises
        ------
        RendererError
            Saying how large the file would be and how to make it smaller.
        """
        if ax is None:
            _check_area(scene)
        if format is None or format.lower() not in _RASTER:
            return
        mpl = _import_matplotlib()
        if ax is not None:
            width, height = _figure_of(ax).get_size_inches()
        elif figsize is not None:
            _check_size("figsize", figsize)
            width, height = figsize
        else:
            width, height = (side / 72 for side in _extent(scene))
        if dpi is None and scene.page is not None and not scene.page.printed:
            dpi = 72.0
        resolution = float(mpl.rcParams["figure.dpi"]) if dpi is None else dpi
        _check_pixels(format.lower(), float(width), float(height), resolution)

    def save(
        self,
        result: Figure | Axes,
        target: str | FilePath | IO[bytes],
        format: str | None = None,
        **savefig_options: Any,
    ) -> None:
        """Write the figure ``result`` is (or is on) to ``target``.

        Parameters
        ----------
        result : Figure or Axes
            What :meth:`render` returned.
        target : str, path or binary file object
            A path is written atomically (to a temporary sibling, then renamed).
        format : str, optional
            ``"png"``, ``"pdf"``…; by default the path's suffix. Needed for a
            file object.
        **savefig_options
            Passed to :meth:`matplotlib.figure.Figure.savefig`: ``dpi``
            (default the figure's; a PNG of a scene ``W`` units wide is
            ``W × dpi / 72`` pixels wide), ``transparent``, ``bbox_inches``
            (``"tight"`` or a Bbox in inches), ``pad_inches``, ``metadata``
            (merged over the scene's title and description), ``facecolor``
            (replaces the theme's background), ``edgecolor``, ``pil_kwargs``,
            ``orientation``, ``bbox_extra_artists``. ``ax`` and ``figsize``
            are accepted and ignored: they did their work in :meth:`render`.

        PDF and PostScript keep text as text (TrueType fonts embedded); the
        same scene gives the same bytes (no creation date).
        """
        mpl = _import_matplotlib()
        savefig_options.pop("ax", None)
        savefig_options.pop("figsize", None)
        figure = _figure_of(result) if not _is_figure(result) else cast("Figure", result)
        fmt = _format_of(figure, target, format)
        kwargs = _savefig_kwargs(mpl, figure, fmt, savefig_options)
        if fmt in _RASTER:
            width, height = figure.get_size_inches()
            _check_pixels(fmt, float(width), float(height), kwargs["dpi"])
        about = _about(figure)
        hide = about is not None and (kwargs.get("transparent") or "facecolor" in savefig_options)
        # Our own figure, as it is, as a PNG: drawn and written without savefig.
        plain = fmt == "png" and about is not None and set(savefig_options) <= {"dpi", "metadata"}
        buffer = io.BytesIO()
        _savefig(figure, buffer, fmt, kwargs, about if hide else None, plain)
        # A path atomically (a temporary sibling renamed); a file object left open.
        write_file(target, buffer.getvalue(), argument="target", what=f"the {fmt.upper()}")

    def save_pages(
        self,
        results: Sequence[Figure],
        target: str | FilePath | IO[bytes],
        format: str | None = None,
        **savefig_options: Any,
    ) -> None:
        """Write the figures of a view's pages as the pages of one PDF, in order.

        ``savefig_options`` are those of :meth:`save` and apply to every page;
        the metadata (the first page's title) is the document's. Written
        atomically to a path, or to a binary file object; the same pages give
        the same bytes.

        Parameters
        ----------
        results : sequence of Figure
            What :meth:`render` returned for each page (an Axes stands for
            its figure), in page order.
        target : str, path or binary file object
            Where to write the PDF, as :meth:`save` takes it.
        format : str, optional
            ``"pdf"`` (the only format with pages); by default the path's suffix.
            Needed for a file object.
        **savefig_options
            As for :meth:`save`, for every page.

        Raises
        ------
        RendererError
            There are no pages, the format is not PDF, or an option is bad.
        """
        mpl = _import_matplotlib()
        from matplotlib.backends.backend_pdf import PdfPages

        savefig_options.pop("ax", None)
        savefig_options.pop("figsize", None)
        figures = [r if _is_figure(r) else _figure_of(r) for r in results]
        if not figures:
            raise RendererError("there are no pages to write")
        fmt = _format_of(figures[0], target, format)
        if fmt != "pdf":
            raise RendererError(
                f"only a PDF holds several pages; write .{fmt} files one a page "
                "(jk.save numbers them: map-1.png, map-2.png…)"
            )
        first = _savefig_kwargs(mpl, figures[0], fmt, savefig_options)
        buffer = io.BytesIO()
        with _writer_settings(fmt), PdfPages(buffer, metadata=first.get("metadata")) as pdf:
            for figure in figures:
                kwargs = _savefig_kwargs(mpl, figure, fmt, savefig_options)
                kwargs.pop("metadata", None)
                kwargs.pop("format", None)
                about = _about(figure)
                hide = about is not None and (
                    kwargs.get("transparent") or "facecolor" in savefig_options
                )
                with _hidden(about.backdrop if hide and about is not None else None):
                    pdf.savefig(figure, **kwargs)
        write_file(target, buffer.getvalue(), argument="target", what="the PDF")


# -- sizes ------------------------------------------------------------------------


def _check_area(scene: Scene) -> None:
    width, height = _extent(scene)
    if width * height > MAX_AREA:
        raise RendererError(
            f"the {scene.view} view is {width:,.0f} × {height:,.0f} units "
            f"({width * height / 1e6:,.0f} million square units); matplotlib paints at most "
            f"{MAX_AREA / 1e6:,.0f} million (about 800 touchpoints of a map) before it takes "
            "minutes and gigabytes: draw a part of the journey, or save it as .svg"
        )


def _check_pixels(fmt: str, width_in: float, height_in: float, dpi: float) -> None:
    width, height = width_in * dpi, height_in * dpi
    side = min(_MAX_SIDE.get(fmt, _AGG_MAX_SIDE), _AGG_MAX_SIDE)
    too_many = width * height > MAX_PIXELS
    if not too_many and max(width, height) <= side:
        return
    fit = min(math.sqrt(MAX_PIXELS / (width * height)), side / max(width, height))
    best = math.floor(dpi * fit * 100) / 100
    limit = (
        f"more than the {MAX_PIXELS / 1e6:,.0f} megapixels this renderer draws"
        if too_many
        else f"longer than the {side:,} pixels a .{fmt} side can be"
    )
    raise RendererError(
        f"the .{fmt} would be {width:,.0f} × {height:,.0f} pixels at dpi={dpi:g}, {limit}; "
        f"lower dpi= (to {best:g} or less), pass a smaller figsize=, "
        "or write a vector format (.pdf, .svg)"
    )


def _extent(scene: Scene) -> tuple[float, float]:
    width, height = float(scene.width), float(scene.height)
    if not (math.isfinite(width) and width > 0):
        width = 1.0
    if not (math.isfinite(height) and height > 0):
        height = 1.0
    return width, height


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


# -- saving -----------------------------------------------------------------------


class _About:
    """What a figure this renderer made shows: for the file's metadata and background."""

    __slots__ = ("backdrop", "background", "desc", "title")

    def __init__(self, title: str, desc: str, background: str) -> None:
        self.title = title
        self.desc = desc
        self.background = background
        self.backdrop: Artist | None = None  # the scene's background rectangle


_ABOUT_ATTR = "_journeykit_about"


def _about(figure: Figure) -> _About | None:
    about = getattr(figure, _ABOUT_ATTR, None)
    return about if isinstance(about, _About) else None


def _is_figure(value: object) -> bool:
    from matplotlib.figure import Figure

    return isinstance(value, Figure)


def _format_of(figure: Figure, target: object, format: str | None) -> str:
    if isinstance(target, str | FilePath):
        fmt = format or FilePath(target).suffix.lstrip(".")
        if not fmt:
            raise RendererError(
                f"{str(target)[:80]!r} has no suffix to tell the format; pass format="
            )
    else:
        if not is_file_object(target):
            raise RendererError(
                f"the target must be a path or a binary file object, not {type(target).__name__}"
            )
        if isinstance(target, io.TextIOBase):  # found out before drawing, not after
            raise FormatError(
                "the file object is a text file; open it in binary mode ('wb') "
                "or pass an io.BytesIO"
            )
        if format is None:
            raise RendererError("writing to a file object needs format= ('png', 'pdf'…)")
        fmt = format
    if not isinstance(fmt, str):
        raise RendererError(f"format= must be a string such as 'png', not {type(fmt).__name__}")
    fmt = fmt.lower().lstrip(".")
    supported = figure.canvas.get_supported_filetypes()
    if fmt not in supported or fmt == "pgf":  # PGF is LaTeX source: it needs TeX
        offered = ", ".join(f".{name}" for name in sorted(supported) if name != "pgf")
        raise RendererError(f"matplotlib cannot write .{fmt[:20]}; it writes {offered}")
    return fmt


def _savefig_kwargs(mpl: Any, figure: Figure, fmt: str, options: dict[str, Any]) -> dict[str, Any]:
    """savefig's arguments: ours, then the user's, each checked; none left to rcParams."""
    unknown = sorted(set(options) - SAVEFIG_OPTIONS)
    if unknown:
        raise RendererError(
            f"the matplotlib renderer cannot save with {', '.join(unknown)}; "
            f"it takes {', '.join(sorted(SAVEFIG_OPTIONS))}"
        )
    about = _about(figure)
    dpi = options.get("dpi")
    transparent = options.get("transparent", False)
    if not isinstance(transparent, bool):
        raise RendererError(f"transparent= must be True or False, not {transparent!r}")
    kwargs: dict[str, Any] = {
        "format": fmt,
        "dpi": float(figure.dpi) if dpi is None else _check_positive("dpi", dpi),
        "transparent": transparent,
        "bbox_inches": _bbox_inches(figure, options.get("bbox_inches")),
        "pad_inches": _pad_inches(mpl, options.get("pad_inches")),
        "orientation": _orientation(options.get("orientation", "portrait")),
    }
    if not transparent or "facecolor" in options:
        background = about.background if about is not None else figure.get_facecolor()
        kwargs["facecolor"] = _colour_option(mpl, "facecolor", options.get("facecolor", background))
    if not transparent or "edgecolor" in options:
        kwargs["edgecolor"] = _colour_option(mpl, "edgecolor", options.get("edgecolor", "none"))
    metadata = _metadata(fmt, about, options.get("metadata"))
    if metadata is not None:
        kwargs["metadata"] = metadata
    pil = options.get("pil_kwargs")
    if pil is not None and not isinstance(pil, Mapping):
        raise RendererError(f"pil_kwargs= must be a dict, not {type(pil).__name__}")
    if pil is not None:
        kwargs["pil_kwargs"] = dict(pil)
    extra = options.get("bbox_extra_artists")
    if extra is not None:
        kwargs["bbox_extra_artists"] = _artists_option(extra)
    return kwargs


def _bbox_inches(figure: Figure, value: object) -> Any:
    from matplotlib.transforms import Bbox, BboxBase

    if value is None:  # the whole figure, whatever rcParams["savefig.bbox"] says
        width, height = figure.get_size_inches()
        return Bbox.from_bounds(0.0, 0.0, float(width), float(height))
    if value == "tight" or isinstance(value, BboxBase):
        return value
    raise RendererError(
        f"bbox_inches= must be 'tight' or a matplotlib Bbox in inches, not {value!r:.60}"
    )


def _pad_inches(mpl: Any, value: object) -> Any:
    if value is None:
        return mpl.rcParamsDefault["savefig.pad_inches"]
    if value == "layout":
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not float(value) >= 0:
        raise RendererError(f"pad_inches= must be 0 or more inches, not {value!r:.60}")
    return float(value)


def _orientation(value: object) -> str:
    if value not in ("portrait", "landscape"):
        raise RendererError(f"orientation= must be 'portrait' or 'landscape', not {value!r:.60}")
    return str(value)


def _colour_option(mpl: Any, name: str, value: object) -> Any:
    if value in ("auto", "none") or mpl.colors.is_color_like(value):
        return value
    raise RendererError(f"{name}= must be a matplotlib colour, not {value!r:.60}")


def _artists_option(value: object) -> list[Any]:
    from matplotlib.artist import Artist

    if isinstance(value, Sequence) and all(isinstance(a, Artist) for a in value):
        return list(value)
    raise RendererError("bbox_extra_artists= must be a list of matplotlib artists")


def _metadata(fmt: str, about: _About | None, given: object) -> dict[str, Any] | None:
    ours: dict[str, Any] | None = None
    if fmt == "pdf":  # no creation date, so the same scene gives the same bytes
        ours = {"Creator": "journeykit", "CreationDate": None}
        if about is not None:
            ours.update(Title=about.title, Subject=about.desc)
    elif fmt in ("svg", "svgz"):
        ours = {"Date": None}
        if about is not None:
            ours.update(Title=about.title, Description=about.desc)
    elif fmt == "png" and about is not None:
        ours = {"Title": about.title, "Description": about.desc}
    if given is None:
        return ours
    if not isinstance(given, Mapping) or not all(
        isinstance(k, str) and (v is None or isinstance(v, str | date | datetime))
        for k, v in given.items()
    ):
        raise RendererError(
            "metadata= must be a dict of str to str (or None, or a date for PDF dates)"
        )
    if fmt not in ("pdf", "svg", "svgz", "png", "ps", "eps"):
        raise RendererError(f"matplotlib writes no metadata into .{fmt} files")
    return {
        **(ours or {}),
        **{drawable(k): v if not isinstance(v, str) else drawable(v) for k, v in given.items()},
    }


def _savefig(
    figure: Figure,
    out: Any,
    fmt: str,
    kwargs: dict[str, Any],
    hidden: _About | None,
    plain: bool = False,
) -> None:
    backdrop = hidden.backdrop if hidden is not None else None
    with _writer_settings(fmt), _hidden(backdrop):
        if plain:
            out.write(_plain_png(figure, kwargs["dpi"], kwargs.get("metadata")))
        else:
            figure.savefig(out, **kwargs)


def _plain_png(figure: Figure, dpi: float, metadata: Mapping[str, Any] | None) -> bytes:
    """The PNG savefig would write of our figure (its size, its background), written faster.

    The canvas is drawn at ``dpi`` as savefig draws it, and the pixels are
    encoded by :mod:`journeykit.rendering._png` instead of Pillow.
    """
    import matplotlib as mpl
    import numpy as np

    from journeykit.rendering import _png

    own = figure.dpi
    figure.dpi = dpi
    try:
        canvas: Any = figure.canvas
        canvas.draw()
        pixels = np.asarray(canvas.buffer_rgba())
        about = {"Software": f"Matplotlib version{mpl.__version__}, https://matplotlib.org/"}
        # The figure's own background, opaque, lies under everything it draws.
        opaque = mpl.colors.to_rgba(figure.get_facecolor())[3] == 1 or None
        return _png.encode(pixels, dpi, {**about, **(metadata or {})}, opaque)
    finally:
        figure.dpi = own


@contextlib.contextmanager
def _hidden(artist: Artist | None) -> Iterator[None]:
    """``artist`` hidden (the scene's background, when the file is transparent)."""
    if artist is None:
        yield
        return
    visible = artist.get_visible()
    artist.set_visible(False)
    try:
        yield
    finally:
        artist.set_visible(visible)


@contextlib.contextmanager
def _writer_settings(fmt: str) -> Iterator[None]:
    """The settings matplotlib's vector writers read from rcParams only, while one writes.

    They have no per-figure or per-call form. They are set, under a lock,
    only for the keys that differ, and restored to the values found.
    """
    wanted = _WRITER_SETTINGS.get(fmt)
    if wanted is None:
        yield
        return
    import matplotlib as mpl

    params: Any = mpl.rcParams
    with _WRITER_LOCK:
        found = {key: params[key] for key in wanted if key in params}
        changed = {key: value for key, value in found.items() if value != wanted[key]}
        try:
            for key in changed:
                params[key] = wanted[key]
            yield
        finally:
            for key, value in changed.items():
                params[key] = value


# -- the figure and its canvas ----------------------------------------------------


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
        layout=cast("Any", "none"),  # whatever figure.autolayout and constrained_layout.use say
    )
    figure.patch.set(sketch_params=None, path_effects=[])
    FigureCanvasAgg(figure)
    figure.set_label(drawable(scene.title)[:200])
    setattr(figure, _ABOUT_ATTR, _About(drawable(scene.title), drawable(scene.desc), background))
    return figure


def _colour(value: str | None) -> str:
    return value or "none"


def _fixed_scale(scene: Scene, figure: Figure) -> float:
    """Points per scene unit on a new figure: 1, or less when ``figsize`` is smaller."""
    width, height = _extent(scene)
    fig_w, fig_h = figure.get_size_inches()
    return min(float(fig_w) * 72 / width, float(fig_h) * 72 / height)


def _scale(ax: Axes) -> float:
    """Points per scene unit in ``ax`` as it is placed now."""
    figure = _figure_of(ax)
    (x0, y0), (x1, y1) = ax.transData.transform([(0.0, 0.0), (1.0, 1.0)])
    per_unit = min(abs(x1 - x0), abs(y1 - y0)) * 72.0 / float(figure.dpi)
    return float(per_unit) if math.isfinite(per_unit) and per_unit > 0 else 1.0


# -- painting ---------------------------------------------------------------------


class _Scaled:
    """An artist's sizes in scene units, to set in points for a scale (in a user's Axes)."""

    __slots__ = ("artist", "dash", "size")

    def __init__(self, artist: Artist, size: float, dash: tuple[float, ...] = ()) -> None:
        self.artist = artist
        self.size = size
        self.dash = dash

    def apply(self, k: float) -> None:
        from matplotlib.text import Text as MplText

        artist: Any = self.artist
        if isinstance(artist, MplText):
            artist.set_fontsize(self.size * k)
            return
        artist.set_linewidth(self.size * k)
        artist.set_linestyle(_linestyle(self.dash, k, self.size * k))


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
                for item in self.items:
                    item.apply(k)
                self.k = k
            self.stale = False

    return Scaler


def _linestyle(dash: tuple[float, ...], k: float, width: float) -> Any:
    """A dash pattern in points; divided by the width where matplotlib will multiply by it."""
    if not dash:
        return "solid"
    import matplotlib as mpl

    scaled = tuple(d * k for d in dash)
    if width > 0 and mpl.rcParams["lines.scale_dashes"]:
        scaled = tuple(d / width for d in scaled)
    return (0.0, scaled)


def _dash(dash: tuple[float, ...]) -> tuple[float, ...]:
    """A dash pattern as SVG reads it: an odd list repeats; a zero or negative one is solid."""
    values = tuple(float(d) for d in dash)
    if not values or any(not math.isfinite(d) or d < 0 for d in values) or sum(values) <= 0:
        return ()
    return values * 2 if len(values) % 2 else values


_PLAIN: dict[str, Any] = {"sketch_params": None, "path_effects": [], "clip_on": False}


def _paint(ax: Axes, scene: Scene, fixed: float | None) -> None:
    """Add the scene's artists to ``ax`` at ``fixed`` points a unit, or following the Axes."""
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import TransformedPatchPath

    width, height = _extent(scene)
    ax.set_axis_off()
    ax.set_xlim(0.0, width)
    ax.set_ylim(height, 0.0)  # y grows downwards, as in the scene
    ax.set_aspect("equal", adjustable="box", anchor="C")
    scaled = fixed is None
    k = _scale(ax) if fixed is None else fixed
    background = Rectangle(
        (0.0, 0.0),
        width,
        height,
        facecolor=_colour(scene.background),
        edgecolor="none",
        linewidth=0.0,
        fill=True,
        antialiased=True,
        zorder=ZORDER,
        **_PLAIN,
    )
    about = _about(_figure_of(ax))
    if about is not None and not scaled:
        about.backdrop = background
    items: list[_Scaled] | None = [] if scaled else None
    missing: dict[str, None] = {}  # characters no font has, in order, once each
    artists: list[Artist] = [background]
    run: list[Line] = []  # consecutive lines of one style, painted as one artist
    for item in scene.placed():  # groups' moves applied; no groups
        if run and not (isinstance(item, Line) and _style(item) == _style(run[0])):
            artists.append(_lines(run, k, items))
            run = []
        if isinstance(item, Line):
            run.append(item)
            continue
        artist = _artist(item, k, items, missing)
        if artist is not None:
            artists.append(artist)
    if run:
        artists.append(_lines(run, k, items))
    if items is not None:
        ax.add_artist(_scaler_class()(ax, items, k))
    # Artists are not clipped, but add_artist gives each one a clip path of
    # its own unless it has one, and each of those makes every later one
    # slower (a quadratic cost: a second for a large map). One shared path.
    clip = TransformedPatchPath(ax.patch)
    for artist in artists:
        artist.set_clip_path(clip)
        ax.add_artist(artist)
    if missing:
        _warn_missing(missing, scene.view)


def _artist(
    item: Primitive, k: float, items: list[_Scaled] | None, missing: dict[str, None]
) -> Artist | None:
    if isinstance(item, Group):
        return None
    if isinstance(item, Text):
        return _text(item, k, items, missing)
    if isinstance(item, Line):
        return _line(item, k, items)
    return _shape(item, k, items)


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


@functools.cache
def _text_class() -> Any:
    from matplotlib.text import Text as MplText
    from matplotlib.transforms import Bbox

    base: Any = MplText  # its private parts (clipping) are used, as its own draw does

    class SceneText(base):  # type: ignore[misc]
        """The lines of a scene Text, one artist for the block, each line where the layout put it.

        ``get_text()`` is the block's lines joined by newlines. Each line is
        drawn by the renderer directly at its baseline (the first at
        ``y``, each next ``line_height`` scene units lower), never through
        matplotlib's own multi-line layout, mathtext or TeX; on an Agg
        canvas (PNG, JPEG…, and most screens) unhinted, as the layout
        measured it (:mod:`journeykit.rendering._agg_text`). Characters no font has are drawn as □.
        """

        def __init__(
            self,
            x: float,
            y: float,
            lines: list[str],
            drawn: list[str],
            line_height: float,
            **kwargs: Any,
        ) -> None:
            super().__init__(x, y, "\n".join(lines), **kwargs)
            self.scene_lines = drawn
            self.line_height = line_height

        def _baselines(self) -> Iterator[tuple[str, float, float]]:
            """Each drawn line with its baseline point in display coordinates."""
            transform = self.get_transform()
            x, y = self.get_unitless_position()
            points = transform.transform(
                [(x, y + i * self.line_height) for i in range(len(self.scene_lines))]
            )
            for line, (x, y) in zip(self.scene_lines, points, strict=True):
                if line and math.isfinite(x) and math.isfinite(y):
                    yield line, float(x), float(y)

        def draw(self, renderer: Any) -> None:
            if renderer is not None:
                self._renderer = renderer
            if not self.get_visible() or not self.scene_lines:
                return
            renderer.open_group("text", self.get_gid())
            gc = renderer.new_gc()
            gc.set_foreground(self.get_color())
            gc.set_alpha(self.get_alpha())
            gc.set_url(self.get_url())
            gc.set_antialiased(self._antialiased)
            self._set_gc_clip(gc)
            prop = self.get_fontproperties()
            align = self.get_horizontalalignment()
            height = renderer.get_canvas_width_height()[1] if renderer.flipy() else None
            agg = _agg_text.is_agg(renderer)
            for line, x, y in self._baselines():
                if height is not None:
                    y = height - y
                if agg:
                    _agg_text.draw_line(renderer, gc, x, y, line, prop, align)
                    continue
                if align != "left":
                    advance = renderer.get_text_width_height_descent(line, prop, False)[0]
                    x -= advance if align == "right" else advance / 2
                renderer.draw_text(gc, x, y, line, prop, 0.0, ismath=False)
            gc.restore()
            renderer.close_group("text")
            self.stale = False

        def line_extents(self, renderer: Any = None) -> list[Bbox]:
            """Each drawn line's box in display coordinates, as the renderer measures it."""
            if renderer is None:
                renderer = self._renderer or self.get_figure(root=True)._get_renderer()
            prop = self.get_fontproperties()
            align = self.get_horizontalalignment()
            measure = (
                functools.partial(_agg_text.measure, renderer)
                if _agg_text.is_agg(renderer)
                else lambda line, prop: renderer.get_text_width_height_descent(line, prop, False)
            )
            boxes = []
            for line, x, y in self._baselines():
                width, height, descent = measure(line, prop)
                left = x - (width if align == "right" else width / 2 if align == "center" else 0)
                boxes.append(Bbox.from_bounds(left, y - descent, width, height))
            return boxes

        def get_window_extent(self, renderer: Any = None, dpi: float | None = None) -> Bbox:
            if not self.get_visible():
                return Bbox.unit()
            boxes = self.line_extents(renderer)
            if not boxes:
                x, y = self.get_transform().transform(self.get_unitless_position())
                return Bbox.from_bounds(x, y, 0, 0)
            box = Bbox.union(boxes)
            figure_dpi = self.get_figure(root=True).dpi
            if dpi is not None and dpi != figure_dpi:
                box = Bbox(box.get_points() * (dpi / figure_dpi))
            return box

    return SceneText


def _warn_missing(missing: dict[str, None], view: str) -> None:
    shown = "".join(list(missing)[:12]) + ("…" if len(missing) > 12 else "")
    fonts = "DejaVu Sans" if len(_families()) == 1 else ", ".join(_families())
    warnings.warn(
        f"{len(missing)} characters of the {view} view are in no installed font "
        f"({fonts}) and are drawn as placeholder boxes: {shown}. Install a font that has them "
        "(such as Noto Sans CJK for Chinese, Japanese and Korean), or use the SVG "
        "renderer, where the viewer's fonts fill in.",
        UserWarning,
        stacklevel=_outside(),
    )


def _warn_small_text(ax: Axes, scene: Scene) -> None:
    sizes = [t.size for t in scene.texts() if any(line.strip() for line in t.lines)]
    if not sizes:
        return
    k = _scale(ax)
    smallest = min(sizes) * k
    if smallest >= READABLE_SIZE:
        return
    warnings.warn(
        f"the {scene.view} view fits this Axes only with text of {smallest:.1f} pt, below the "
        f"{READABLE_SIZE:g} pt that stays readable: give it an Axes about "
        f"{READABLE_SIZE / smallest:.1f}× as large, or save the view on a figure of its own "
        "(jk.save, or jk.render without ax=)",
        SmallTextWarning,
        stacklevel=_outside(),
    )


def _outside() -> int:
    """The ``stacklevel`` of the first caller outside journeykit, for a warning from our caller."""
    frame = sys._getframe(1)
    level = 1
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith(
        "journeykit."
    ):
        frame = frame.f_back
        level += 1
    return level


def _text(
    t: Text, k: float, items: list[_Scaled] | None, missing: dict[str, None]
) -> Artist | None:
    lines = [drawable(raw) for raw in t.lines]
    drawn = []
    for line in lines:
        if not line.strip():
            drawn.append("")
            continue
        lacking = _missing(line)
        if lacking:
            missing.update(dict.fromkeys(lacking))
            line = "".join(_PLACEHOLDER if ch in lacking else ch for ch in line)
        drawn.append(line)
    if not any(drawn):
        return None
    artist = _text_class()(
        t.x,
        t.y,
        lines,
        drawn,
        t.line_height,
        color=t.color,
        fontproperties=_font(t.size * k, t.bold, t.italic),
        horizontalalignment=_ANCHORS.get(t.anchor, "left"),
        usetex=False,
        parse_math=False,
        antialiased=True,
        zorder=ZORDER,
        **_PLAIN,
    )
    if items is not None:
        items.append(_Scaled(artist, t.size))
    return cast("Artist", artist)


def _style(item: Line) -> tuple[str, float, tuple[float, ...]]:
    return (item.stroke, item.stroke_width, item.dash)


def _lines(run: list[Line], k: float, items: list[_Scaled] | None) -> Artist:
    """Lines of one style: a Line2D, or a LineCollection for several (a grid, say)."""
    from matplotlib.collections import LineCollection

    first = run[0]
    if len(run) == 1:
        return _line(first, k, items)
    dash = _dash(first.dash)
    width = first.stroke_width * k
    artist = LineCollection(
        [((line.x1, line.y1), (line.x2, line.y2)) for line in run],
        colors=first.stroke,
        linewidths=width,
        linestyles=_linestyle(dash, k, width),
        capstyle="butt",
        joinstyle="miter",
        antialiaseds=True,
        zorder=ZORDER,
        **_PLAIN,
    )
    if items is not None:
        items.append(_Scaled(artist, first.stroke_width, dash))
    return artist


def _line(item: Line, k: float, items: list[_Scaled] | None) -> Artist:
    from matplotlib.lines import Line2D

    dash = _dash(item.dash)
    width = item.stroke_width * k
    artist = Line2D(
        [item.x1, item.x2],
        [item.y1, item.y2],
        color=item.stroke,
        linewidth=width,
        linestyle=_linestyle(dash, k, width),
        solid_capstyle="butt",
        dash_capstyle="butt",
        solid_joinstyle="miter",
        dash_joinstyle="miter",
        marker="None",
        drawstyle="default",
        antialiased=True,
        zorder=ZORDER,
        **_PLAIN,
    )
    if items is not None:
        items.append(_Scaled(artist, item.stroke_width, dash))
    return artist


def _shape(item: Primitive, k: float, items: list[_Scaled] | None) -> Artist | None:
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
    linewidth = width * k if stroked else 0.0
    # Cap and join (butt, miter), line style (solid), fill (on), alpha and
    # hatch (none) are matplotlib's fixed defaults; the rest follows rcParams
    # unless given.
    props: dict[str, Any] = {
        "facecolor": _colour(fill),
        "edgecolor": _colour(stroke) if stroked else "none",
        "linewidth": linewidth,
        "antialiased": True,
        "zorder": ZORDER,
        **_PLAIN,
    }
    if not fill:
        props["fill"] = False
    if dash:
        props["linestyle"] = _linestyle(dash, k, linewidth)
    if opacity < 1:
        props["alpha"] = max(0.0, float(opacity))
    patch.set(**props)
    if stroked and items is not None:
        items.append(_Scaled(patch, width, dash))
    return patch


def _fixed(path: Any) -> Any:
    """``path`` simplified as matplotlib does by default, whatever ``rcParams`` say."""
    path.simplify_threshold = _SIMPLIFY_THRESHOLD
    codes = path.codes
    path.should_simplify = len(path.vertices) >= 128 and (
        codes is None or all(code <= _LINETO for code in codes)
    )
    return path


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
    return _fixed(MplPath(vertices, codes))


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
    return _fixed(MplPath(vertices, codes))
