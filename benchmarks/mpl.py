"""How far painting with matplotlib is from matplotlib itself, and from SVG.

Run: python benchmarks/mpl.py [--quick] [--dpi 50]

For the map view of the coffee-maker example and of a generated 20 × 16
journey, it times, from the same laid-out Scene:

- ``matplotlib``: our renderer painting the scene on a new Figure, then
  ``savefig`` to a PNG in memory;
- ``svg``: our SVG renderer painting the scene to SVG text;
- ``floor``: matplotlib drawing the same primitives directly, with no
  journeykit in the loop: a Figure, one Axes, the same number of Rectangle,
  Line2D, PathPatch, Circle/Polygon and Text artists (the same strings at the
  same places and sizes, so each glyph costs the same) added in a loop with
  matplotlib's defaults except unhinted text (as ours: hinting makes text
  drawing about 1.5× slower, so a floor with it would be no floor), then the
  same ``savefig``. With matplotlib's default hinting, the same loop is
  printed as ``defaults``, for reference.

It prints each time and its ratio to the floor. Rasterising text dominates
both matplotlib times (matplotlib ≥ 3.11 lays glyphs out in Python), so the
ratio shows what our renderer adds on top: the scene walk, explicit
properties on every artist, ``rc_context`` and unhinted text.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import journeykit as jk
from journeykit.layout.scene import Circle, Line, Marker, Rect, Scene, Text
from journeykit.layout.scene import Path as ScenePath
from journeykit.rendering.mpl import MatplotlibRenderer
from journeykit.rendering.svg import SVGRenderer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render import make_journey

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def flat(scene: Scene) -> list[tuple[str, Any]]:
    """The scene's primitives as plain tuples, taken apart before the timing starts."""
    out: list[tuple[str, Any]] = []
    for item in scene.walk():
        if isinstance(item, Rect):
            out.append(("rect", (item.x, item.y, item.width, item.height, item.fill or "none")))
        elif isinstance(item, Line):
            out.append(("line", (item.x1, item.x2, item.y1, item.y2, item.stroke)))
        elif isinstance(item, ScenePath):
            points = [(float(op[-2]), float(op[-1])) for op in item.ops if len(op) > 1]
            out.append(("path", points))
        elif isinstance(item, Circle):
            out.append(("circle", (item.cx, item.cy, item.r)))
        elif isinstance(item, Marker):
            out.append(("circle", (item.x, item.y, item.size / 2)))
        elif isinstance(item, Text):
            for i, line in enumerate(item.lines):
                out.append(("text", (item.x, item.y + i * item.line_height, line, item.size)))
    return out


def floor(
    scene: Scene, prims: list[tuple[str, Any]], dpi: float, hinting: str = "no_hinting"
) -> bytes:
    """matplotlib alone: the same artists in a loop, defaults elsewhere, then savefig."""
    import matplotlib

    with matplotlib.rc_context({"text.hinting": hinting}):
        return _floor(scene, prims, dpi)


def _floor(scene: Scene, prims: list[tuple[str, Any]], dpi: float) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle as MplCircle
    from matplotlib.patches import Polygon, Rectangle

    fig = Figure(figsize=(scene.width / 72, scene.height / 72))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, scene.width)
    ax.set_ylim(scene.height, 0)
    for kind, p in prims:
        if kind == "rect":
            ax.add_artist(Rectangle((p[0], p[1]), p[2], p[3], facecolor=p[4]))
        elif kind == "line":
            ax.add_artist(Line2D([p[0], p[1]], [p[2], p[3]], color=p[4]))
        elif kind == "path":
            ax.add_artist(Polygon(p, closed=False))
        elif kind == "circle":
            ax.add_artist(MplCircle((p[0], p[1]), p[2]))
        else:
            ax.text(p[0], p[1], p[2], fontsize=p[3], family="DejaVu Sans")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def ours(renderer: MatplotlibRenderer, scene: Scene, dpi: float) -> bytes:
    figure = renderer.render(scene, dpi=dpi)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one repeat")
    parser.add_argument("--dpi", type=float, default=50.0, help="PNG resolution (default 50)")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    mpl_renderer, svg_renderer = MatplotlibRenderer(), SVGRenderer()
    cases = [
        ("coffee-maker map", jk.load(EXAMPLES / "coffee-maker.json")),
        ("20×16 map", make_journey(20, 16)),
    ]
    print(f"map view, PNG at dpi {args.dpi:g}, best of {repeat}; ratios to the floor")
    print(
        f"{'journey':>17} {'primitives':>10} {'pixels':>12} {'floor s':>8} "
        f"{'matplotlib s':>12} {'ratio':>6} {'svg s':>7} {'ratio':>6} "
        f"{'defaults s':>10} {'ratio':>6}"
    )
    for label, journey in cases:
        scene = jk.scene(journey, "map")
        prims = flat(scene)
        floor(scene, prims, args.dpi)  # warm the font and glyph caches for all three
        ours(mpl_renderer, scene, args.dpi)
        t_floor = best(lambda s=scene, p=prims: floor(s, p, args.dpi), repeat)
        t_defaults = best(lambda s=scene, p=prims: floor(s, p, args.dpi, "default"), repeat)
        t_mpl = best(lambda s=scene: ours(mpl_renderer, s, args.dpi), repeat)
        t_svg = best(lambda s=scene: svg_renderer.render(s), repeat)
        pixels = f"{scene.width * args.dpi / 72:.0f}×{scene.height * args.dpi / 72:.0f}"
        print(
            f"{label:>17} {len(prims):>10} {pixels:>12} {t_floor:>8.2f} "
            f"{t_mpl:>12.2f} {t_mpl / t_floor:>5.2f}× {t_svg:>7.2f} {t_svg / t_floor:>5.2f}× "
            f"{t_defaults:>10.2f} {t_defaults / t_floor:>5.2f}×"
        )


if __name__ == "__main__":
    main()
