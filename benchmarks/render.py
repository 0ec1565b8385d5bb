"""How the map view scales, and how far SVG writing is from the floor.

Run: python benchmarks/render.py [--quick]

For journeys of 5 × 4 up to 50 × 40 stages × touchpoints it prints the time
per touchpoint of laying out the map (``jk.scene``) and of painting it as SVG
(svgwrite), and, as the floor measured in the same run, the time of writing
the same primitives as raw SVG strings with no library at all. Ratios are
against that floor; the scaling line compares the largest size to the
smallest (linear is 100× the touchpoints in 100× the time).
"""

from __future__ import annotations

import argparse
import functools
import html
import statistics
import time
from collections.abc import Callable

import journeykit as jk
from journeykit.layout.scene import Circle, Group, Line, Marker, Path, Rect, Scene, Text
from journeykit.rendering.svg import SVGRenderer

WORDS = ["customer", "compares", "checks", "waits", "calls", "reads", "orders", "returns"]


def make_journey(stages: int, per_stage: int) -> jk.Journey:
    channels = [
        jk.Channel(id=f"ch{i}", name=f"Channel {i}", kind=("online", "offline")[i % 2])
        for i in range(4)
    ]
    built = []
    for s in range(stages):
        touchpoints = []
        for t in range(per_stage):
            n = s * per_stage + t
            words = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(6))
            touchpoints.append(
                jk.Touchpoint(
                    id=f"t{n}",
                    name=f"Touchpoint {n}: {words}",
                    channel=f"ch{n % 4}",
                    actions=[f"Action {k} {words}" for k in range(3)],
                    thoughts=[f"Thought about {words}"],
                    emotion=((n * 37) % 21 - 10) / 10,
                    pain_points=[
                        jk.PainPoint(
                            id=f"p{n}", description=f"It hurts when {words}", severity=1 + n % 5
                        )
                    ],
                    metrics=[jk.Metric(name="CSAT", value=3.5, target=4.0)],
                )
            )
        built.append(jk.Stage(id=f"s{s}", name=f"Stage {s}", touchpoints=touchpoints))
    return jk.Journey(title="Benchmark", channels=channels, stages=built)


def raw_svg(scene: Scene) -> str:
    """The floor: the same primitives as SVG text, written by hand, no library."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {scene.width} {scene.height}">']
    e = html.escape

    def emit(item: object) -> None:
        if isinstance(item, Group):
            out.append("<g>")
            for child in item.children:
                emit(child)
            out.append("</g>")
        elif isinstance(item, Rect):
            out.append(
                f'<rect x="{item.x:.2f}" y="{item.y:.2f}" width="{item.width:.2f}" '
                f'height="{item.height:.2f}" fill="{item.fill}"/>'
            )
        elif isinstance(item, Line):
            out.append(
                f'<line x1="{item.x1:.2f}" y1="{item.y1:.2f}" x2="{item.x2:.2f}" '
                f'y2="{item.y2:.2f}" stroke="{item.stroke}"/>'
            )
        elif isinstance(item, Path):
            d = " ".join(
                str(op[0]) + " ".join(f"{float(v):.2f}" for v in op[1:]) for op in item.ops
            )
            out.append(f'<path d="{d}" stroke="{item.stroke}" fill="none"/>')
        elif isinstance(item, Circle):
            out.append(f'<circle cx="{item.cx:.2f}" cy="{item.cy:.2f}" r="{item.r:.2f}"/>')
        elif isinstance(item, Marker):
            out.append(f'<circle cx="{item.x:.2f}" cy="{item.y:.2f}" r="{item.size / 2:.2f}"/>')
        elif isinstance(item, Text):
            spans = "".join(
                f'<tspan x="{item.x:.2f}" dy="{item.line_height:.2f}">{e(line)}</tspan>'
                for line in item.lines
            )
            out.append(
                f'<text x="{item.x:.2f}" y="{item.y:.2f}" font-size="{item.size}" '
                f'fill="{item.color}">{spans}</text>'
            )

    for child in scene.children:
        emit(child)
    out.append("</svg>")
    return "".join(out)


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat")
    args = parser.parse_args()
    sizes = [(5, 4), (10, 8), (20, 16)] if args.quick else [(5, 4), (10, 8), (20, 16), (50, 40)]
    renderer = SVGRenderer()
    rows = []
    for stages, per_stage in sizes:
        journey = make_journey(stages, per_stage)
        n = stages * per_stage
        repeat = 1 if args.quick else max(1, int(400 / n))
        scene = jk.scene(journey)
        t_layout = best(functools.partial(jk.scene, journey), repeat)
        t_svg = best(functools.partial(renderer.render, scene), repeat)
        t_raw = best(functools.partial(raw_svg, scene), repeat)
        rows.append((f"{stages}×{per_stage}", n, t_layout, t_svg, t_raw))

    print(
        f"{'size':>8} {'touchpoints':>11} {'layout µs/tp':>13} {'svg µs/tp':>10} "
        f"{'raw µs/tp':>10} {'svg/raw':>8}"
    )
    for size, n, t_layout, t_svg, t_raw in rows:
        print(
            f"{size:>8} {n:>11} {t_layout / n * 1e6:>13.0f} {t_svg / n * 1e6:>10.0f} "
            f"{t_raw / n * 1e6:>10.0f} {t_svg / t_raw:>7.1f}×"
        )
    (_, n0, l0, s0, _), (_, n1, l1, s1, _) = rows[0], rows[-1]
    print(
        f"scaling {n1 // n0}× the touchpoints: layout took {l1 / l0:.1f}× the time, "
        f"SVG painting {s1 / s0:.1f}× (linear would be {n1 / n0:.0f}×)"
    )
    print(f"median SVG/raw ratio: {statistics.median(r[3] / r[4] for r in rows):.1f}×")


if __name__ == "__main__":
    main()
