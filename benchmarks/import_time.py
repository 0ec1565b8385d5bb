"""How much ``import journeykit`` costs on top of ``import attrs``.

Each import runs in a fresh interpreter (so nothing is cached in
``sys.modules``) and is timed inside it, without the interpreter's own start-up.
Prints the median of each, the difference in milliseconds and the ratio.

Usage: python benchmarks/import_time.py [--runs 20]

This is a measurement, not a test: machines are noisy, so nothing here fails.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

TIMER = """
import time
start = time.perf_counter()
import {module}
print(time.perf_counter() - start)
"""


def time_import(module: str, runs: int) -> list[float]:
    """Seconds taken by ``import module`` in each of ``runs`` fresh interpreters."""
    times = []
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", TIMER.format(module=module)],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(result.stdout))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="fresh interpreters per module")
    args = parser.parse_args()

    # One warm-up run each, so the first measurement does not pay for a cold disk cache.
    time_import("attrs", 1)
    time_import("journeykit", 1)
    attrs_ms = statistics.median(time_import("attrs", args.runs)) * 1000
    journeykit_ms = statistics.median(time_import("journeykit", args.runs)) * 1000

    print(f"python {sys.version.split()[0]}, median of {args.runs} fresh interpreters each")
    print(f"import attrs       {attrs_ms:8.1f} ms")
    print(f"import journeykit  {journeykit_ms:8.1f} ms")
    print(f"difference         {journeykit_ms - attrs_ms:8.1f} ms")
    print(f"ratio              {journeykit_ms / attrs_ms:8.2f} x")


if __name__ == "__main__":
    main()
