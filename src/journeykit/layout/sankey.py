"""Columns of slots for a Sankey-like diagram: ordered to uncross the bands, then placed.

A slot is a place in a column: a card, a band passing through the column,
or the end of a band that goes on elsewhere. Slots are linked to their
neighbours in the next and the previous column with a weight (the customers
between them); :func:`order` sorts each column by where its neighbours are
(barycentres) and :func:`place` gives each slot its height in the column,
pulled towards its neighbours.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs

__all__ = ["Slot", "link", "order", "place"]


@attrs.define(eq=False)
class Slot:
    """A place in a column, ``height`` tall; bands meet its top ``band`` units."""

    height: float
    band: float
    y: float = 0.0
    rank: float = 0.0  # where it stands in its column, 0 (top) to 1 (bottom)
    prev: list[tuple[Slot, float]] = attrs.field(factory=list)  # (neighbour, weight)
    next: list[tuple[Slot, float]] = attrs.field(factory=list)

    @property
    def centre(self) -> float:
        return self.y + self.band / 2


def link(chain: Sequence[Slot], weight: float) -> None:
    """Join each slot of ``chain`` to the next, one column to the right."""
    for a, b in itertools.pairwise(chain):
        a.next.append((b, weight))
        b.prev.append((a, weight))


def order(columns: list[list[Slot]]) -> None:
    """Order each column by where its neighbours are, to uncross the bands (barycentres)."""

    def rank(column: list[Slot]) -> None:
        for i, slot in enumerate(column):
            slot.rank = (i + 0.5) / len(column)

    def sweep(layers: range, side: str) -> None:
        for layer in layers:
            column = columns[layer]
            keys = []
            for slot in column:
                around = slot.prev if side == "prev" else slot.next
                total = sum(w for _, w in around)
                keys.append(sum(s.rank * w for s, w in around) / total if total else slot.rank)
            ordered = sorted(range(len(column)), key=lambda i: (keys[i], i))
            columns[layer] = [column[i] for i in ordered]
            rank(columns[layer])

    for column in columns:
        rank(column)
    n = len(columns)
    for _ in range(3):
        sweep(range(1, n), "prev")
        sweep(range(n - 2, -1, -1), "next")


def place(columns: list[list[Slot]], top: float, gap: float, centre: bool = True) -> None:
    """Centre each column in the height of the tallest, then pull slots towards their neighbours.

    Every column stays within that height, so the diagram cannot drift.
    Without ``centre`` every column starts at ``top``.
    """
    needs = [sum(s.height for s in column) + gap * max(len(column) - 1, 0) for column in columns]
    extent = max(needs, default=0.0)
    extent += min(extent * 0.15, 60.0)  # room to line bands up
    bottom = top + extent
    for column, need in zip(columns, needs, strict=True):
        y = top + (extent - need) / 2 if centre else top
        for slot in column:
            slot.y = y
            y += slot.height + gap
    n = len(columns)
    for _ in range(6):
        for layers, side in ((range(1, n), "prev"), (range(n - 2, -1, -1), "next")):
            for layer in layers:
                column = columns[layer]
                for slot in column:
                    around = slot.prev if side == "prev" else slot.next
                    total = sum(w for _, w in around)
                    if total:
                        want = sum(s.centre * w for s, w in around) / total
                        slot.y = want - (slot.centre - slot.y)
                _settle(column, top, bottom, gap)


def _settle(column: list[Slot], top: float, bottom: float, gap: float) -> None:
    """Keep a column's slots in order, ``gap`` apart, between ``top`` and ``bottom``."""
    floor = top
    for slot in column:
        slot.y = max(slot.y, floor)
        floor = slot.y + slot.height + gap
    ceiling = bottom
    for slot in reversed(column):
        slot.y = min(slot.y, ceiling - slot.height)
        ceiling = slot.y - gap
