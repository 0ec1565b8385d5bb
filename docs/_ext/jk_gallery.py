"""A sphinx-gallery image scraper for journeykit's own SVG output.

A gallery script keeps what ``jk.render`` returns in a variable; after each
code block this scraper writes every SVG document that appeared in the
script's variables since the last block to the gallery's image folder, so the
page shows the SVG journeykit really makes, not a raster copy of it. A list
of pages is not shown whole: the script picks the pages to show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx_gallery.scrapers import figure_rst

_SEEN = "_journeykit_svgs_seen"


def _is_svg(value: Any) -> bool:
    from journeykit.rendering.svg import SVGDocument

    return isinstance(value, SVGDocument)


def svg_scraper(block: Any, block_vars: dict[str, Any], gallery_conf: dict[str, Any]) -> str:
    """Write the SVG documents a block made and return the reST that shows them."""
    seen: list[Any] = block_vars.setdefault(_SEEN, [])
    paths = []
    for name, value in block_vars["example_globals"].items():
        if name.startswith("_"):
            continue
        if not _is_svg(value) or any(value is old for old in seen):
            continue
        seen.append(value)
        path = Path(block_vars["image_path_iterator"].next()).with_suffix(".svg")
        path.write_text(str(value), encoding="utf-8")
        paths.append(str(path))
    return figure_rst(paths, gallery_conf["src_dir"]) if paths else ""
