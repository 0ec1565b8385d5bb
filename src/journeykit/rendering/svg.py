"""The SVG renderer: paints a Scene with svgwrite.

The output is deterministic (explicit ids only, numbers written with fixed
precision), scalable (a ``viewBox``), accessible (``role="img"``, named by
its ``<title>`` and described by its ``<desc>``) and safe to embed: all text
goes through the XML serializer, characters XML cannot hold are dropped, and
nothing executable or external is ever written — no scripts, event
attributes, ``foreignObject`` or links.

Every id starts with one prefix: the caller's ``id_prefix``, or by default
``jk-`` and a hash of the SVG itself, so the same map always has the same
ids and two different maps on one HTML page never share one.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Any

from journeykit.errors import MissingDependencyError
from journeykit.layout.markers import marker_corners
from journeykit.layout.scene import Circle, Group, Line, Marker, Path, Primitive, Rect, Scene, Text
from journeykit.rendering.registry import RendererError

__all__ = ["SVGDocument", "SVGRenderer"]

# Characters XML 1.0 cannot hold, and the noncharacters U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SAFE_ID = re.compile(r"[^A-Za-z0-9_.-]")
# Written where the id prefix goes, then replaced once the SVG is serialised. XML
# cannot hold U+0001, so no text in the document (user text goes through xml_safe)
# can contain it.
_PREFIX_MARK = "\x01"
_HASH_DIGITS = 10  # 40 bits: two different maps on a page share a prefix with odds ~1e-12


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML document cannot contain."""
    return _NOT_XML.sub("", text)


def safe_id_prefix(prefix: str | None) -> str:
    """An id prefix reduced to characters valid in XML ids, starting with a letter.

    ``None`` or ``""`` gives ``"jk-"``, the start of every default prefix.
    """
    if not prefix:
        return "jk-"
    cleaned = _SAFE_ID.sub("-", prefix)
    return cleaned if cleaned[0].isalpha() or cleaned[0] == "_" else f"jk-{cleaned}"


def _n(value: float) -> str:
    """A number as SVG text: two decimals at most, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _default_prefix(marked: str) -> str:
    """``jk-`` and a hash of the SVG written with the prefix marks in place of ids' prefix."""
    digest = hashlib.sha256(marked.encode("utf-8")).hexdigest()
    return f"jk-{digest[:_HASH_DIGITS]}-"


class SVGDocument:
    """A rendered SVG: ``str()`` gives the text; it displays itself in Jupyter.

    ``id_prefix`` is what every id in it starts with.
    """

    media_type = "image/svg+xml"

    def __init__(self, text: str, id_prefix: str | None = None) -> None:
        self.text = text
        self.id_prefix = id_prefix

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"<SVGDocument {len(self.text):,} characters>"

    def _repr_svg_(self) -> str:
        return self.text

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {self.media_type: self.text}

    def save(self, file: str | os.PathLike[str] | Any) -> None:
        """Write the SVG (UTF-8) to a path, atomically, or to an open file, text or binary.

        Parameters
        ----------
        file : str, os.PathLike or file object
            A path (written through a temporary file, so an existing file is
            replaced whole or not at all) or a file object opened for
            writing, in text or binary mode.

        Raises
        ------
        FormatError
            ``file`` is neither, no file can have that name, or writing failed.
        """
        from journeykit._atomic import write_file

        write_file(file, self.text)


class SVGRenderer:
    """Paints scenes as SVG 1.1 documents."""

    name = "svg"
    media_type = "image/svg+xml"
    suffixes = (".svg",)
    options = frozenset({"id_prefix", "responsive"})

    def render(
        self, scene: Scene, *, id_prefix: str | None = None, responsive: bool = False
    ) -> SVGDocument:
        """Paint ``scene`` as an SVG document.

        Parameters
        ----------
        scene : Scene
        id_prefix : str, optional
            What every id starts with (made safe: characters other than
            letters, digits, ``_.-`` become ``-``). By default ``jk-`` and a
            hash of the SVG, so a map always gets the same ids and different
            maps different ones.
        responsive : bool
            Width 100 % of the element the SVG is placed in, height following
            from the ``viewBox`` (its aspect kept), instead of a fixed size
            in pixels.

        Returns
        -------
        SVGDocument
            The SVG text and the id prefix it uses. A scene on a printed page
            is sized in millimetres, any other in pixels (unless responsive).

        Raises
        ------
        RendererError
            ``responsive`` is not a bool, or ``id_prefix`` not a str.
        MissingDependencyError
            svgwrite is not installed.

        Examples
        --------
        >>> from journeykit.layout.scene import Rect, Scene
        >>> scene = Scene(width=40, height=20, title="Box", desc="One box.",
        ...               background="#ffffff", font_family="sans-serif", view="demo",
        ...               children=(Rect(x=5, y=5, width=30, height=10, fill="#0072b2"),))
        >>> svg = SVGRenderer().render(scene, id_prefix="box-")
        >>> svg.id_prefix, 'id="box-title"' in str(svg)
        ('box-', True)
        """
        try:
            import svgwrite
        except ImportError:
            raise MissingDependencyError("svgwrite", None) from None
        if not isinstance(responsive, bool):
            raise RendererError(f"responsive= takes True or False, not {type(responsive).__name__}")
        if id_prefix is not None and not isinstance(id_prefix, str):
            raise RendererError(f"id_prefix= takes a str, not {type(id_prefix).__name__}")
        prefix = _PREFIX_MARK
        size = None if responsive else (_n(scene.width), _n(scene.height))
        paper = scene.page.millimetres if scene.page is not None else None
        if paper is not None and not responsive:  # printed at the paper's size
            size = (f"{_n(paper[0])}mm", f"{_n(paper[1])}mm")
        drawing = svgwrite.Drawing(size=size, profile="full", debug=False)
        root = drawing.attribs
        if responsive:
            root["width"] = "100%"
        root["viewBox"] = f"0 0 {_n(scene.width)} {_n(scene.height)}"
        root["role"] = "img"
        # The name is the title alone; the description is a description, not part of the name.
        root["aria-labelledby"] = f"{prefix}title"
        root["aria-describedby"] = f"{prefix}desc"
        root["font-family"] = xml_safe(scene.font_family)
        root["class"] = f"journeykit journeykit-{_SAFE_ID.sub('-', scene.view)}"
        painter = _Painter(drawing, prefix)
        drawing.add(painter.element("title", xml_safe(scene.title), id=f"{prefix}title"))
        drawing.add(painter.element("desc", xml_safe(scene.desc), id=f"{prefix}desc"))
        drawing.add(
            drawing.rect(
                insert=(0, 0), size=(_n(scene.width), _n(scene.height)), fill=scene.background
            )
        )
        for item in scene.children:
            drawing.add(painter.paint(item))
        marked = drawing.tostring()
        chosen = safe_id_prefix(id_prefix) if id_prefix else _default_prefix(marked)
        return SVGDocument(marked.replace(_PREFIX_MARK, chosen), chosen)

    def save(
        self, document: SVGDocument, file: Any, *, format: str = "svg", **options: Any
    ) -> None:
        """Write ``document`` to a path (atomically) or a file object; SVG is the only format.

        ``options`` are the ones :meth:`render` took; they have done their work.

        Parameters
        ----------
        document : SVGDocument
            What :meth:`render` returned.
        file : str, os.PathLike or file object
            Where to write it, as :meth:`SVGDocument.save` takes it.
        format : str, optional
            Must be ``"svg"``.
        **options
            Ignored: :meth:`render` has applied them.

        Raises
        ------
        RendererError
            ``format`` is not ``"svg"``; the message says which renderer
            writes PNG and PDF.
        FormatError
            Writing the file failed.
        """
        if format != "svg":
            raise RendererError(
                f"the svg renderer writes SVG, not {format!r}; for PNG or PDF "
                "use renderer='matplotlib', or leave renderer out"
            )
        document.save(file)


class _Painter:
    def __init__(self, drawing: Any, prefix: str) -> None:
        self.drawing = drawing
        self.prefix = prefix

    def element(self, tag: str, text: str, **attribs: str) -> Any:
        """A ``<title>`` or ``<desc>`` holding ``text``."""
        from svgwrite.base import Desc, Title

        el = (Title if tag == "title" else Desc)(text)
        for key, value in attribs.items():
            el.xml.set(key, value)
        return el

    def paint(self, item: Primitive) -> Any:
        d = self.drawing
        if isinstance(item, Group):
            g = d.g()
            if item.id:
                g.attribs["id"] = self.prefix + _SAFE_ID.sub("-", item.id)
            if item.cls:
                g.attribs["class"] = _SAFE_ID.sub("-", item.cls.replace(" ", "\0")).replace(
                    "\0", " "
                )
            if item.moves:
                g.attribs["transform"] = _transform(item)
            if item.title:
                g.add(self.element("title", xml_safe(item.title)))
            for child in item.children:
                g.add(self.paint(child))
            return g
        if isinstance(item, Rect):
            el = d.rect(insert=(_n(item.x), _n(item.y)), size=(_n(item.width), _n(item.height)))
            if item.rx:
                el.attribs["rx"] = _n(item.rx)
            self._paint_style(el, item.fill, item.stroke, item.stroke_width, item.dash)
            if item.opacity != 1:
                el.attribs["opacity"] = _n(item.opacity)
            return el
        if isinstance(item, Line):
            el = d.line(start=(_n(item.x1), _n(item.y1)), end=(_n(item.x2), _n(item.y2)))
            self._paint_style(el, None, item.stroke, item.stroke_width, item.dash)
            return el
        if isinstance(item, Path):
            el = d.path(d=_path_data(item.ops))
            self._paint_style(el, item.fill, item.stroke, item.stroke_width, item.dash)
            if item.opacity != 1:
                el.attribs["opacity"] = _n(item.opacity)
            return el
        if isinstance(item, Circle):
            el = d.circle(center=(_n(item.cx), _n(item.cy)), r=_n(item.r))
            self._paint_style(el, item.fill, item.stroke, item.stroke_width, ())
            return el
        if isinstance(item, Marker):
            return self._marker(item)
        if isinstance(item, Text):
            return self._text(item)
        raise TypeError(f"the SVG renderer cannot paint {type(item).__name__}")

    def _paint_style(
        self, el: Any, fill: str | None, stroke: str | None, width: float, dash: tuple[float, ...]
    ) -> None:
        el.attribs["fill"] = fill or "none"
        if stroke:
            el.attribs["stroke"] = stroke
            el.attribs["stroke-width"] = _n(width)
            if dash:
                el.attribs["stroke-dasharray"] = " ".join(_n(v) for v in dash)

    def _marker(self, m: Marker) -> Any:
        d = self.drawing
        r = m.size / 2
        if m.shape == "circle":
            el = d.circle(center=(_n(m.x), _n(m.y)), r=_n(r))
        elif m.shape == "square":
            el = d.rect(insert=(_n(m.x - r), _n(m.y - r)), size=(_n(m.size), _n(m.size)))
        else:
            el = d.polygon(points=[(_n(x), _n(y)) for x, y in marker_corners(m)])
        self._paint_style(el, m.fill, m.stroke, m.stroke_width, ())
        return el

    def _text(self, t: Text) -> Any:
        d = self.drawing
        el = d.text("", insert=(_n(t.x), _n(t.y)))
        a = el.attribs
        a["font-size"] = _n(t.size)
        a["fill"] = t.color
        if t.anchor != "start":
            a["text-anchor"] = t.anchor
        if t.bold:
            a["font-weight"] = "bold"
        if t.italic:
            a["font-style"] = "italic"
        if t.full:
            el.add(self.element("title", xml_safe(t.full)))
        for i, line in enumerate(t.lines):
            span = d.tspan(xml_safe(line), x=[_n(t.x)])
            if i:
                span.attribs["dy"] = _n(t.line_height)
            el.add(span)
        return el


def _transform(group: Group) -> str:
    """The group's move as SVG reads it: ``translate(tx ty) scale(s)``, scaling first."""
    parts = []
    if group.translate != (0.0, 0.0):
        parts.append(f"translate({_n(group.translate[0])} {_n(group.translate[1])})")
    if group.scale != 1:
        parts.append(f"scale({_n(group.scale)})")
    return " ".join(parts)


def _path_data(ops: tuple[tuple[str | float, ...], ...]) -> str:
    parts = []
    for op in ops:
        command, *values = op
        parts.append(str(command) + " ".join(_n(float(v)) for v in values))
    return " ".join(parts)
