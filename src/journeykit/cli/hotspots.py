"""``journeykit hotspots``: rank a journey's touchpoints by pain."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from journeykit.analysis.hotspot_scores import Hotspot, Weights, hotspots
from journeykit.cli._common import EXIT_OK, Streams, read_journey

_COLUMNS = (
    # header, right-aligned
    ("rank", True),
    ("score", True),
    ("touchpoint", False),
    ("stage", False),
    ("pain", True),
    ("unaddressed", True),
    ("neg-emotion", True),
    ("drop-off", True),
    ("reach", True),
    ("customers", True),
)


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "hotspots",
        help="rank touchpoints by pain",
        description="Rank the touchpoints of a journey file (JSON, YAML or Mermaid; - for standard "
        "input) by pain: score = reach × (pain + 0.5·unaddressed + negative emotion + "
        "drop-off). Exit 0, or 2 on bad input.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--top", type=_count, metavar="N", help="show only the N highest scores (default: all)"
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="a table (text, the default) or a JSON list of records",
    )
    parser.set_defaults(run=run)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {value}")
    return value


def run(args: argparse.Namespace, io: Streams) -> int:
    journey = read_journey(args.file, io)
    results = hotspots(journey, top=args.top)
    if args.format == "json":
        print(
            json.dumps(results.to_dict(), indent=2, ensure_ascii=False, allow_nan=False),
            file=io.out,
        )
    else:
        io.out.write(table(results))
    return EXIT_OK


def _safe(text: str) -> str:
    """Text for a terminal: control and other unprintable characters escaped."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _row(h: Hotspot) -> list[str]:
    return [
        str(h.rank),
        f"{h.score:.4f}",
        _safe(h.touchpoint),
        _safe(h.stage),
        f"{h.pain:.2f}",
        f"{h.unaddressed:.2f}",
        f"{h.negative_emotion:.2f}",
        f"{h.dropoff:.2f}",
        f"{h.reach_share:.1%}",
        "?" if h.volume is None else f"{h.volume:,}",
    ]


def table(results: Sequence[Hotspot], weights: Weights | None = None) -> str:
    """The hotspots as an aligned text table, with the formula underneath."""
    w = weights or Weights()
    formula = (
        f"score = reach × ({w.pain:g}·pain + {w.unaddressed:g}·unaddressed + "
        f"{w.negative_emotion:g}·neg-emotion + {w.dropoff:g}·drop-off)\n"
    )
    if not results:
        return "no touchpoints\n"
    rows = [[header for header, _ in _COLUMNS], *(_row(h) for h in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_COLUMNS))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, (_, right) in zip(row, widths, _COLUMNS, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n\n" + formula
