"""Is the analysis linear in the size of the journey?

Builds journeys of 100, 1,000, 10,000 and 100,000 touchpoints with a
deterministic generator (stages of 20 touchpoints, each with emotions,
evidence, a channel and a reach; every third with a pain point, every sixth
with an opportunity for it, every fifth with a metric; a counted flow from
each touchpoint to the next and, every tenth, one that skips a touchpoint),
then times each analysis function on them.

For every function and size it prints the time per touchpoint (the best of N
runs, N smaller for larger journeys), the ratio of that time at the largest
size to the time at the smallest (about 1 when the cost is linear; more than
1.5 is flagged), and the time as a multiple of the floor measured in the same
run: one plain Python pass over every touchpoint that sums the emotions.
Building the journey (making every object, which validates it) and the
journey's own cross-item validation are reported the same way.

Times are the best of N with the garbage collector paused, as ``timeit``
does. A journey caches its lookup tables on first use, so the best run of a
function that uses them is a warm one.

Usage: python benchmarks/analysis.py [--quick] [--sizes 100,1000,...]

This is a measurement, not a test: machines are noisy, so nothing here fails.
Only the standard library and journeykit are used.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import inspect
import platform
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import journeykit as jk

SIZES = (100, 1_000, 10_000, 100_000)
QUICK_SIZES = (100, 1_000)
PER_STAGE = 20
TODAY = date(2026, 10, 1)
LINEAR_ENOUGH = 1.5


# -- the journeys ------------------------------------------------------------------


def make_touchpoints(n: int, renamed: str = "") -> list[list[jk.Touchpoint]]:
    """``n`` touchpoints in stages of ``PER_STAGE``; the same ``n`` gives the same ones.

    ``renamed`` is appended to every touchpoint's name.
    """
    rng = random.Random(n)
    stages: list[list[jk.Touchpoint]] = []
    start = date(2026, 1, 1)
    for i in range(n):
        if i % PER_STAGE == 0:
            stages.append([])
        evidence = [
            jk.Evidence(
                source=("survey", "analytics", "interview")[i % 3],
                reference=f"Study {i % 17}",
                sample_size=50 + i % 400,
                collected=start + timedelta(days=i % 250),
            )
        ]
        pains = []
        opportunities = []
        if i % 3 == 0:
            pains.append(
                jk.PainPoint(
                    id=f"pain-{i}",
                    description=f"Something hurts at step {i}",
                    severity=1 + i % 5,
                    evidence=evidence,
                )
            )
        if i % 6 == 0:
            opportunities.append(
                jk.Opportunity(
                    id=f"fix-{i}",
                    description=f"Fix step {i}",
                    addresses=[f"pain-{i}"],
                    owner=f"Team {i % 7}",
                    impact=1 + i % 5,
                    effort=1 + (i // 5) % 5,
                    status=("idea", "planned", "in-progress", "done")[i % 4],
                )
            )
        metrics = []
        if i % 5 == 0:
            metrics.append(
                jk.Metric(name="CSAT", value=round(rng.uniform(3, 5), 2), target=4.5, unit="score")
            )
        emotion = round(rng.uniform(-1, 1), 2)
        emotions = {"p0": round(rng.uniform(-1, 1), 2), "p1": emotion} if i % 4 == 0 else {}
        stages[-1].append(
            jk.Touchpoint(
                id=f"tp-{i}",
                name=f"Touchpoint {i}{renamed}",
                channel=f"ch-{i % 8}",
                lane="frontstage" if i % 2 else "customer",
                actions=[f"Does step {i}"],
                thoughts=[f"Thinks about step {i}"],
                emotion=emotion,
                emotions=emotions,
                pain_points=pains,
                opportunities=opportunities,
                evidence=evidence,
                metrics=metrics,
                reach=10 * (n - i) + 10,
            )
        )
    return stages


def make_parts(n: int, renamed: str = "") -> dict[str, Any]:
    """Everything a journey of ``n`` touchpoints is made of (the parts validate themselves)."""
    groups = make_touchpoints(n, renamed)
    stages = [
        jk.Stage(
            id=f"stage-{s}",
            name=f"Stage {s}",
            goal=f"Get through stage {s}",
            touchpoints=tps,
            metrics=[jk.Metric(name="conversion", value=0.5 + s % 5 / 10, target=0.8)],
        )
        for s, tps in enumerate(groups)
    ]
    flows = []
    for i in range(n - 1):
        flows.append(jk.Flow(source=f"tp-{i}", target=f"tp-{i + 1}", count=9 * (n - i)))
        if i % 10 == 0 and i + 2 < n:
            flows.append(jk.Flow(source=f"tp-{i}", target=f"tp-{i + 2}", count=n - i))
    return {
        "title": f"Benchmark journey of {n} touchpoints",
        "objective": "Measure the analysis",
        "updated": date(2026, 9, 1),
        "personas": [jk.Persona(id=f"p{k}", name=f"Persona {k}") for k in range(3)],
        "channels": [
            jk.Channel(id=f"ch-{k}", name=f"Channel {k}", kind=("online", "offline")[k % 2])
            for k in range(8)
        ],
        "stages": stages,
        "flows": flows,
    }


def revised(journey: jk.Journey) -> jk.Journey:
    """A copy with a few changes: emotions, a swap, an added and a removed touchpoint."""
    first, *middle, last = journey.stages
    tps = list(first.touchpoints)
    tps[1] = jk.Touchpoint(**{**_fields(tps[1]), "emotion": 0.9})
    tps[2], tps[3] = tps[3], tps[2]
    tps.append(jk.Touchpoint(id="tp-new", name="A new touchpoint", channel="ch-0", emotion=0.1))
    gone = last.touchpoints[-1].id
    stages = [
        jk.Stage(**{**_fields(first), "touchpoints": tps}),
        *middle,
        jk.Stage(**{**_fields(last), "touchpoints": last.touchpoints[:-1]}),
    ]
    flows = [f for f in journey.flows if gone not in (f.source, f.target)]
    return journey.evolve(stages=stages, flows=flows, title=journey.title + " (revised)")


def _fields(item: Any) -> dict[str, Any]:
    return {a.name: getattr(item, a.name) for a in type(item).__attrs_attrs__}


# -- timing ------------------------------------------------------------------------


def best_of(function: Callable[[], object], repeat: int) -> float:
    """The shortest of ``repeat`` runs, in seconds, with the garbage collector paused."""
    times = []
    for _ in range(repeat):
        enabled = gc.isenabled()
        gc.disable()
        try:
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        finally:
            if enabled:
                gc.enable()
    return min(times)


def repeats(n: int, quick: bool) -> int:
    if quick:
        return 2
    return {100: 20, 1_000: 10, 10_000: 5}.get(n, 3)


def plain_pass(journey: jk.Journey) -> float:
    """The floor: one pass over every touchpoint, summing the emotions."""
    total = 0.0
    for stage in journey.stages:
        for tp in stage.touchpoints:
            if tp.emotion is not None:
                total += tp.emotion
    return total


Versions = dict[str, jk.Journey]
Timed = Callable[[jk.Journey, Versions], object]


def analysis_functions() -> dict[str, Timed]:
    """The analysis functions that can be imported now; a note for each that cannot."""
    found: dict[str, Callable[..., object]] = {}
    names = ("check", "hotspots", "coverage", "funnel", "emotion_curve", "loops", "paths", "diff")
    for name in names:
        try:
            value = getattr(importlib.import_module("journeykit.analysis"), name)
            if inspect.ismodule(value):  # a submodule of the same name hides the function
                value = getattr(value, name)
        except (ImportError, AttributeError) as exc:
            print(f"note: skipping {name}: not importable yet ({exc})", file=sys.stderr)
            continue
        found[name] = value
    out: dict[str, Timed] = {}
    if "check" in found:
        out["check"] = lambda j, _: found["check"](j, today=TODAY)
    for name in ("hotspots", "coverage", "funnel", "emotion_curve", "loops", "paths"):
        if name in found:
            out[name] = lambda j, _, f=found[name]: f(j)
    if "diff" in found:
        diff = found["diff"]
        out["diff, a few changes"] = lambda j, v: diff(j, v["revised"], findings=False)
        out["diff, every touchpoint"] = lambda j, v: diff(j, v["renamed"], findings=False)
        if "check" in found:
            out["diff + rules, a few"] = lambda j, v: diff(j, v["revised"], today=TODAY)
    return out


# -- the report ----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes 100 and 1,000, best of 2")
    parser.add_argument("--sizes", help="comma-separated touchpoint counts")
    args = parser.parse_args(argv)
    if args.sizes:
        sizes = tuple(int(s.replace("_", "")) for s in args.sizes.split(","))
    else:
        sizes = QUICK_SIZES if args.quick else SIZES
    functions = analysis_functions()
    rows = ["build (all objects)", "Journey() validation", "baseline pass", *functions]
    seconds: dict[str, dict[int, float]] = {row: {} for row in rows}
    for n in sizes:
        r = repeats(n, args.quick)
        build_runs = 1 if n >= 10_000 else min(r, 3)
        build = seconds["build (all objects)"]
        build[n] = best_of(lambda n=n: jk.Journey(**make_parts(n)), build_runs)
        parts = make_parts(n)
        seconds["Journey() validation"][n] = best_of(lambda p=parts: jk.Journey(**p), build_runs)
        journey = jk.Journey(**parts)
        # Other versions are built apart, sharing no objects, as two files read from disk.
        versions = {
            "revised": revised(jk.Journey(**make_parts(n))),
            "renamed": jk.Journey(**make_parts(n, renamed=" (renamed)")),
        }
        seconds["baseline pass"][n] = best_of(lambda j=journey: plain_pass(j), max(r, 5))
        for name, function in functions.items():
            seconds[name][n] = best_of(lambda f=function, j=journey, v=versions: f(j, v), r)
        print(f"measured {n:,} touchpoints (best of {r})", file=sys.stderr)
        del journey, versions, parts
    sys.stderr.flush()

    print(
        f"journeykit {jk.__version__} analysis benchmark; Python {platform.python_version()} "
        f"on {platform.machine()}; best of N, garbage collector paused while timing"
    )
    print()
    width = max(len(row) for row in rows) + 2
    head = "".join(f"{n:>11,}" for n in sizes)
    base = [seconds["baseline pass"][n] / n for n in sizes]
    print(f"{'µs per touchpoint'.ljust(width)}{head}   large/small   ÷ baseline's")
    for row in rows:
        per = [seconds[row][n] / n * 1e6 for n in sizes]
        ratio = per[-1] / per[0]
        relative = ratio / (base[-1] / base[0])
        flag = "" if ratio <= LINEAR_ENOUGH else "  > 1.5"
        cells = "".join(f"{v:>11.3f}" for v in per)
        print(f"{row.ljust(width)}{cells}   {ratio:>11.2f}   {relative:>12.2f}{flag}")
    print()
    print(f"{'× the baseline pass'.ljust(width)}{head}")
    for row in rows:
        if row != "baseline pass":
            cells = "".join(
                f"{seconds[row][n] / seconds['baseline pass'][n]:>11,.0f}" for n in sizes
            )
            print(f"{row.ljust(width)}{cells}")
    print()
    print(
        "large/small: time per touchpoint at the largest size over the smallest (1 = linear).\n"
        "÷ baseline's: the same ratio divided by the baseline pass's own, which grows only\n"
        "because a larger journey fits less well in the processor's caches."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
