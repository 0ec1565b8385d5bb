"""Write the glyph advance widths journeykit measures text with.

The layout measures text with DejaVu Sans, the font matplotlib ships and the
first family in the SVG's font stack. This script reads the regular and bold
faces with fonttools and writes their advance widths, as runs of code points,
to ``src/journeykit/layout/fonts/dejavu-sans.json``, so that journeykit needs
neither fonttools nor the font files at run time.

Usage: python tools/make_font_metrics.py [FONT_DIR]
(FONT_DIR defaults to matplotlib's bundled fonts.)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent.parent / "src/journeykit/layout/fonts/dejavu-sans.json"
FACES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


def face_metrics(path: Path) -> dict[str, object]:
    font = TTFont(path)
    units = font["head"].unitsPerEm
    hmtx = font["hmtx"]
    cmap = font.getBestCmap()
    widths = {cp: hmtx[name][0] for cp, name in cmap.items() if cp <= 0xFFFF}
    # Runs of consecutive code points with the same width: [first, last, width].
    runs: list[list[int]] = []
    for cp in sorted(widths):
        w = widths[cp]
        if runs and runs[-1][1] == cp - 1 and runs[-1][2] == w:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp, w])
    hhea = font["hhea"]
    return {
        "units_per_em": units,
        "ascent": hhea.ascent,
        "descent": -hhea.descent,
        "fallback": hmtx[".notdef"][0],
        "runs": runs,
    }


def main() -> None:
    if len(sys.argv) > 1:
        font_dir = Path(sys.argv[1])
    else:
        import matplotlib

        font_dir = Path(matplotlib.get_data_path()) / "fonts/ttf"
    data = {
        "family": "DejaVu Sans",
        "source": "DejaVu Sans 2.37 (Bitstream Vera derived, free license)",
        "faces": {face: face_metrics(font_dir / name) for face, name in FACES.items()},
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
