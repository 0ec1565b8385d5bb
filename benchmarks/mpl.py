"""How far painting with matplotlib is from SVG, and from matplotlib itself.

Run: python benchmarks/mpl.py [--quick | --target] [--dpi 100]

The first table is the speed target of issue 10: for a generated journey of
48 touchpoints in 6 stages with 3 personas (each with emotions of its own),
the map saved as a PNG at ``--dpi`` (default 100) against the same map saved
as SVG, timed in the same run, end to end (``jk.save`` from the journey:
layout, painting, encoding, writing) and painting alone (from the same
laid-out Scene to the file's bytes in memory), by the wall clock and by
this process's CPU time (which a busy machine disturbs less). The target is
a PNG within 10× the SVG.

The second table, for the map view of the coffee-maker example and of a
generated 20 × 16 journey, times from the same laid-out Scene:

- ``matplotlib``: our renderer painting the scene on a new Figure and
  writing a PNG in memory (``MatplotlibRenderer.save``);
- ``svg``: our SVG renderer painting the scene to SVG text;
- ``floor``: matplotlib drawing the same primitives directly, with no
  journeykit in the loop: a Figure, one Axes, one Rectangle, Line2D,
  Polygon, Circle or Text artist per primitive (one Text per line, the same
  strings at the same places and sizes, so each glyph costs the same) added
  in a loop with matplotlib's defaults, then ``savefig``. With matplotlib's
  default hinting it is printed as ``defaults``; as ``no_hinting`` with
  unhinted text, as ours.

It prints each time and its ratio to the floor.
"""

from __future__ import annotations

import argparse
import gc
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

import journeykit as jk
from journeykit.layout.scene import Circle, Line, Marker, Rect, Scene, Text
from journeykit.layout.scene import Path as ScenePath
from journeykit.rendering.mpl import MatplotlibRenderer
from journeykit.rendering.svg import SVGRenderer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render import make_journey

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def best(
    fn: Callable[[], object], repeat: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    """The fastest of ``repeat`` runs, each after a garbage collection.

    matplotlib leaves cycles of objects behind; without collecting first, a
    collection of the last PNG's garbage lands in whatever is timed next.
    """
    times = []
    for _ in range(repeat):
        gc.collect()
        start = clock()
        fn()
        times.append(clock() - start)
    return min(times)


def with_personas(journey: jk.Journey, count: int = 3) -> jk.Journey:
    """``journey`` with ``count`` personas, each feeling every touchpoint its own way."""
    personas = [jk.Persona(id=f"persona-{i}", name=f"Persona {i}") for i in range(count)]
    stages = []
    n = 0
    for stage in journey.stages:
        touchpoints = []
        for tp in stage.touchpoints:
            emotions = {p.id: ((n * (7 + 5 * i)) % 21 - 10) / 10 for i, p in enumerate(personas)}
            touchpoints.append(attrs.evolve(tp, emotions=emotions))
            n += 1
        stages.append(attrs.evolve(stage, touchpoints=touchpoints))
    return attrs.evolve(journey, personas=personas, stages=stages)


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
    try:
        renderer.save(figure, buffer, format="png", dpi=dpi)
    except TypeError:  # the renderer before issue 10 wrote to paths only
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "map.png"
            renderer.save(figure, target, dpi=dpi)
            return target.read_bytes()
    return buffer.getvalue()


def target(dpi: float, repeat: int) -> None:
    journey = with_personas(make_journey(6, 8))
    scene = jk.scene(journey, "map")
    mpl_renderer, svg_renderer = MatplotlibRenderer(), SVGRenderer()
    with tempfile.TemporaryDirectory() as folder:
        png, svg = Path(folder) / "map.png", Path(folder) / "map.svg"
        jk.save(journey, png, dpi=dpi)  # warm the font and glyph caches
        jk.save(journey, svg)
        save_png = lambda: jk.save(journey, png, dpi=dpi)  # noqa: E731
        save_svg = lambda: jk.save(journey, svg)  # noqa: E731
        rows = [
            ("jk.save, end to end", save_png, save_svg),
            (
                "painting a Scene",
                lambda: ours(mpl_renderer, scene, dpi),
                lambda: str(svg_renderer.render(scene)).encode("utf-8"),
            ),
        ]
        timed = [
            (label, clock_name, best(p, repeat, clock), best(s, repeat, clock))
            for label, p, s in rows
            for clock_name, clock in (("wall", time.perf_counter), ("cpu", time.process_time))
        ]
        size = png.stat().st_size
    pixels = f"{scene.width * dpi / 72:.0f}×{scene.height * dpi / 72:.0f}"
    print(
        f"48 touchpoints, 6 stages, 3 personas: the map as PNG at dpi {dpi:g} "
        f"({pixels} pixels, {size / 2**20:.1f} MiB) against SVG, best of {repeat}"
    )
    print(f"{'':>24} {'clock':>5} {'png s':>7} {'svg s':>7} {'png/svg':>8}")
    for label, clock_name, t_png, t_svg in timed:
        print(f"{label:>24} {clock_name:>5} {t_png:>7.3f} {t_svg:>7.3f} {t_png / t_svg:>7.1f}×")
    print("(target: the PNG within 10× the SVG; cpu: this process's time, less the machine's load)")
    print()


def against_floor(dpi: float, repeat: int) -> None:
    mpl_renderer, svg_renderer = MatplotlibRenderer(), SVGRenderer()
    cases = [
        ("coffee-maker map", jk.load(EXAMPLES / "coffee-maker.json")),
        ("20×16 map", make_journey(20, 16)),
    ]
    print(f"map view, PNG at dpi {dpi:g}, best of {repeat}; ratios to the floor")
    print(
        f"{'journey':>17} {'primitives':>10} {'pixels':>12} {'floor s':>8} "
        f"{'matplotlib s':>12} {'ratio':>6} {'svg s':>7} {'ratio':>6} "
        f"{'defaults s':>10} {'ratio':>6}"
    )
    for label, journey in cases:
        scene = jk.scene(journey, "map")
        prims = flat(scene)
        floor(scene, prims, dpi)  # warm the font and glyph caches for all three
        ours(mpl_renderer, scene, dpi)
        t_floor = best(lambda s=scene, p=prims: floor(s, p, dpi), repeat)
        t_defaults = best(lambda s=scene, p=prims: floor(s, p, dpi, "default"), repeat)
        t_mpl = best(lambda s=scene: ours(mpl_renderer, s, dpi), repeat)
        t_svg = best(lambda s=scene: svg_renderer.render(s), repeat)
        pixels = f"{scene.width * dpi / 72:.0f}×{scene.height * dpi / 72:.0f}"
        print(
            f"{label:>17} {len(prims):>10} {pixels:>12} {t_floor:>8.2f} "
            f"{t_mpl:>12.2f} {t_mpl / t_floor:>5.2f}× {t_svg:>7.2f} {t_svg / t_floor:>5.2f}× "
            f"{t_defaults:>10.2f} {t_defaults / t_floor:>5.2f}×"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one repeat, the target only")
    parser.add_argument("--dpi", type=float, default=100.0, help="PNG resolution (default 100)")
    parser.add_argument("--target", action="store_true", help="the PNG/SVG table only")
    args = parser.parse_args()
    repeat = 1 if args.quick else 5
    target(args.dpi, repeat)
    if not (args.quick or args.target):
        against_floor(args.dpi, 3)


if __name__ == "__main__":
    main()
