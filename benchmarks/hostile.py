"""What does a hostile file cost to load, next to a valid file of its size?

Each shape is a JSON document that fuzzing found expensive (issue 12): many
items with one name, a million empty stages, many channels with touchpoints
that reference them, flows to unknown touchpoints among many similar ids,
many unknown keys, deep nesting. For each shape and size it times
``jk.loads`` (best of N, the garbage collector paused) and prints:

- the time per item, and its ratio between the largest and the smallest size
  (about 1 when the cost is linear; more than 1.5 is flagged);
- the time per byte as a multiple of the baseline measured in the same run: a
  valid file of distinct stages, read the same way.

Usage: python benchmarks/hostile.py [--quick] [--sizes 1000,10000,...]

This is a measurement, not a test: machines are noisy, so nothing here fails.
Only the standard library and journeykit are used.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import sys
import time
from collections.abc import Callable

import journeykit as jk

SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
LINEAR_ENOUGH = 1.5


def document(**top: object) -> str:
    return json.dumps({"journeykit": 1, "title": "T", **top})


def baseline(n: int) -> str:
    return document(stages=[{"name": f"Stage {i}"} for i in range(n)])


def same_name(n: int) -> str:
    return document(stages=[{"name": "Same"} for _ in range(n)])


def empty_stages(n: int) -> str:
    return document(stages=[{} for _ in range(n)])


def channels_and_references(n: int) -> str:
    channels = [{"id": f"channel-{i}", "name": "C", "kind": "online"} for i in range(n)]
    touchpoints = [{"id": f"t{i}", "name": "T", "channel": f"channel-{i}"} for i in range(n)]
    return document(channels=channels, stages=[{"name": "S", "touchpoints": touchpoints}])


def unknown_flow_ends(n: int) -> str:
    touchpoints = [{"id": f"touchpoint-{i:06d}", "name": "T"} for i in range(n)]
    flows = [{"from": f"touchpoint-{i:06d}x", "to": "touchpoint-000000"} for i in range(n)]
    return document(stages=[{"name": "S", "touchpoints": touchpoints}], flows=flows)


def unknown_keys(n: int) -> str:
    return document(**{f"extra{i}": 1 for i in range(n)})


def deep_nesting(n: int) -> str:
    return '{"journeykit": 1, "title": "T", "x": ' + "[" * n + "]" * n + "}"


SHAPES: dict[str, Callable[[int], str]] = {
    "valid stages (baseline)": baseline,
    "stages of one name": same_name,
    "empty stages": empty_stages,
    "channels + references": channels_and_references,
    "unknown flow ends": unknown_flow_ends,
    "unknown keys": unknown_keys,
    "deep nesting": deep_nesting,
}


def load_time(text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        gc.disable()
        start = time.perf_counter()
        try:
            jk.loads(text)
        except jk.JourneyError:
            pass
        finally:
            elapsed = time.perf_counter() - start
            gc.enable()
        best = min(best, elapsed)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes 1,000 and 10,000 only")
    parser.add_argument("--sizes", help="comma-separated item counts")
    args = parser.parse_args()
    sizes = (
        tuple(int(s) for s in args.sizes.split(","))
        if args.sizes
        else (QUICK_SIZES if args.quick else SIZES)
    )
    print(
        f"Python {platform.python_version()} on {platform.machine()}, journeykit {jk.__version__}"
    )
    per_byte_baseline: dict[int, float] = {}
    print(
        f"{'shape':26} {'items':>8} {'bytes':>11} {'seconds':>9} {'µs/item':>9} {'× baseline':>10}"
    )
    for name, make in SHAPES.items():
        per_item: list[float] = []
        for n in sizes:
            text = make(n)
            runs = 5 if n <= 10_000 else 2
            seconds = load_time(text, runs)
            per_byte = seconds / len(text)
            if make is baseline:
                per_byte_baseline[n] = per_byte
            per_item.append(seconds / n)
            ratio = per_byte / per_byte_baseline[n]
            print(
                f"{name:26} {n:>8,} {len(text):>11,} {seconds:>9.3f} "
                f"{1e6 * seconds / n:>9.2f} {ratio:>10.2f}"
            )
        growth = per_item[-1] / per_item[0]
        flag = "  <- grows faster than the file" if growth > LINEAR_ENOUGH else ""
        print(f"{'':26} per item, largest / smallest: {growth:.2f}{flag}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
