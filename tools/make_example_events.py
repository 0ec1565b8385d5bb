"""Make examples/coffee-maker-events.csv.gz: simulated events of the coffee-maker journey.

Customers walk the designed journey's flows at random, in proportion to
their counts, and leave where the counts run out; some go back from the
comparison to the product page, some skip straight from the product page to
checkout, and some ask a chatbot the design does not have: what real data
shows and a design misses. A third answer a CSAT question (1–5) near the
touchpoint's designed emotion. The output is deterministic.

    python tools/make_example_events.py
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import random
from datetime import datetime, timedelta
from pathlib import Path

import journeykit as jk

ROOT = Path(__file__).resolve().parent.parent
DESIGN = ROOT / "examples" / "coffee-maker.json"
OUT = ROOT / "examples" / "coffee-maker-events.csv.gz"
CUSTOMERS = 10_000
START = datetime(2026, 10, 1)

# Steps that the design lacks, with the chance of taking them from a touchpoint.
DETOURS = {
    "compare": [("product-page", 0.12)],
    "product-page": [("checkout", 0.06), ("chatbot", 0.08)],
    "chatbot": [("product-page", 0.7), ("checkout", 0.2)],
}
# Typical minutes between one step and the next (the median of a log-normal).
MINUTES = {"delivery": 3 * 24 * 60, "order-confirmation": 2, "unboxing": 30, "care-email": 7 * 1440}


def main() -> None:
    design = jk.load(DESIGN)
    names = {tp.id: tp.name for tp in design.touchpoints}
    names["chatbot"] = "Asks the chatbot"
    channel_names = {ch.id: ch.name for ch in design.channels}
    channels = {tp.id: channel_names.get(tp.channel or "", "") for tp in design.touchpoints}
    channels["chatbot"] = "Website"
    emotion = {tp.id: tp.emotion for tp in design.touchpoints}
    onward: dict[str, list[tuple[str, float]]] = {}
    for flow in design.flows:
        onward.setdefault(flow.source, []).append((flow.target, float(flow.count or 0)))
    reach = {tp.id: float(tp.reach or 1) for tp in design.touchpoints}
    rng = random.Random(2026)
    rows = []
    for n in range(CUSTOMERS):
        customer = f"c{n:05d}"
        at = START + timedelta(minutes=rng.uniform(0, 29 * 24 * 60))
        point = "see-ad"
        for _ in range(30):
            score = ""
            if point in emotion and emotion[point] is not None and rng.random() < 0.35:
                valence = max(-1.0, min(1.0, rng.gauss(emotion[point] or 0.0, 0.35)))
                score = str(round(3 + 2 * valence))
            rows.append(
                (
                    customer,
                    at.isoformat(sep=" ", timespec="seconds"),
                    names[point],
                    channels[point],
                    score,
                )
            )
            point = _next(rng, point, onward, reach)
            if point is None:
                break
            median = MINUTES.get(point, 4)
            at += timedelta(minutes=median * math.exp(rng.gauss(0, 0.6)))
    rows.sort(key=lambda r: (r[1], r[0]))
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["customer_id", "timestamp", "touchpoint", "channel", "csat"])
    writer.writerows(rows)
    OUT.write_bytes(gzip.compress(text.getvalue().encode(), mtime=0))
    print(f"{OUT.relative_to(ROOT)}: {len(rows):,} events of {CUSTOMERS:,} customers")


def _next(
    rng: random.Random,
    point: str,
    onward: dict[str, list[tuple[str, float]]],
    reach: dict[str, float],
) -> str | None:
    for target, chance in DETOURS.get(point, []):
        if rng.random() < chance:
            return target
    ways = onward.get(point, [])
    if not ways:
        return None
    # The counts leaving a touchpoint over its reach: the rest of its customers leave.
    total = reach.get(point, sum(w for _, w in ways))
    pick = rng.uniform(0, max(total, sum(w for _, w in ways)))
    for target, weight in ways:
        if pick < weight:
            return target
        pick -= weight
    return None


if __name__ == "__main__":
    main()
