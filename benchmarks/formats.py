"""Do reading and writing stay linear in the size of the journey, in every format?

Builds journeys of 100, 1,000 and 10,000 touchpoints with the generator of
``benchmarks/analysis.py`` (emotions, evidence, pain points, opportunities,
metrics, channels and flows: much that a Mermaid diagram keeps in notes),
then times ``jk.dumps`` and ``jk.loads`` in each built-in format, and reading
a plain Mermaid diagram (the same journey written with ``notes=False``, as
people write them).

For every operation and size it prints the time per touchpoint (the best of
N runs), the ratio of that time at the largest size to the time at the
smallest (about 1 when the cost is linear; more than 1.5 is flagged), and the
time as a multiple of reading the same journey from JSON in the same run.

Usage: python benchmarks/formats.py [--quick] [--sizes 100,1000,...]

This is a measurement, not a test: nothing here fails.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import journeykit as jk

sys.path.insert(0, str(Path(__file__).parent))
from analysis import LINEAR_ENOUGH, make_parts

SIZES = (100, 1_000, 10_000)
QUICK_SIZES = (100, 1_000)


def best(function: Callable[[], Any], runs: int) -> float:
    """The best of ``runs`` timings of ``function``, with the garbage collector paused."""
    times = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def operations(journey: jk.Journey) -> dict[str, Callable[[], Any]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jk.FormatWarning)
        texts = {name: jk.dumps(journey, name) for name in ("json", "yaml", "mermaid")}
        plain = jk.to_mermaid(journey, notes=False)

    def quiet(function: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", jk.FormatWarning)
                return function()

        return run

    ops: dict[str, Callable[[], Any]] = {}
    for name, text in texts.items():
        ops[f"loads {name}"] = quiet(lambda n=name, t=text: jk.loads(t, n))
        ops[f"dumps {name}"] = quiet(lambda n=name: jk.dumps(journey, n))
    ops["loads mermaid, no notes"] = quiet(lambda: jk.from_mermaid(plain))
    return ops


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the two smallest sizes")
    parser.add_argument("--sizes", help="comma-separated touchpoint counts")
    args = parser.parse_args()
    sizes = (
        tuple(int(s) for s in args.sizes.split(","))
        if args.sizes
        else QUICK_SIZES
        if args.quick
        else SIZES
    )
    per_touchpoint: dict[str, dict[int, float]] = {}
    floor: dict[int, float] = {}
    for n in sizes:
        journey = jk.Journey(**make_parts(n))
        runs = max(1, min(5, 20_000 // n))
        for name, op in operations(journey).items():
            per_touchpoint.setdefault(name, {})[n] = best(op, runs) / n
        floor[n] = per_touchpoint["loads json"][n]
        print(f"{n:>7,} touchpoints done", file=sys.stderr)
    small, large = sizes[0], sizes[-1]
    print(f"µs per touchpoint, at {', '.join(f'{n:,}' for n in sizes)} touchpoints")
    header = f"{'operation':<24}" + "".join(f"{n:>10,}" for n in sizes)
    print(f"{header}{'ratio':>8}{'× json read':>13}")
    for name, times in per_touchpoint.items():
        ratio = times[large] / times[small]
        flag = "  <- not linear" if ratio > LINEAR_ENOUGH else ""
        cells = "".join(f"{times[n] * 1e6:>10.1f}" for n in sizes)
        print(f"{name:<24}{cells}{ratio:>8.2f}{times[large] / floor[large]:>13.1f}{flag}")


if __name__ == "__main__":
    main()
