"""Write examples/gallery/: the map of each example on a slide, as the README shows it.

Usage: PYTHONPATH=src python tools/make_gallery.py

For each example journey it writes the first page of its map laid out for a
slide (page="slide": the overview — title, objective, stages, the emotion
curve with its moments named, the top hotspots) and the first detail page,
as SVG: deterministic text, so the files change only when the drawing does.
``tests/test_gallery.py`` checks that the committed files are what this
script writes now.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "examples" / "gallery"
EXAMPLES = ("coffee-maker.json", "hospital-visit.yaml")
PAGES = {1: "overview", 3: "detail"}  # page number → what the file is called


def pictures() -> dict[str, str]:
    """File name → SVG text, for every picture of the gallery."""
    import journeykit as jk

    out: dict[str, str] = {}
    for name in EXAMPLES:
        journey = jk.load(ROOT / "examples" / name)
        stem = name.split(".")[0]
        svgs = jk.render(journey, page="slide", id_prefix=f"{stem}-")
        for number, what in PAGES.items():
            out[f"{stem}-map-slide-{what}.svg"] = str(svgs[number - 1])
    return out


def main() -> None:
    GALLERY.mkdir(parents=True, exist_ok=True)
    for old in GALLERY.glob("*.svg"):
        old.unlink()
    for file, text in pictures().items():
        (GALLERY / file).write_text(text, encoding="utf-8")
        print(f"wrote {GALLERY.relative_to(ROOT) / file} ({len(text) / 1024:.0f} KiB)")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
