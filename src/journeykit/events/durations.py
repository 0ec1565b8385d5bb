"""Time between steps, summarised in fixed log-scale buckets that merge exactly.

A duration of ``d`` microseconds falls in bucket
``floor(16 * log2(d) + 1e-9)``; a duration of 0 (two events at the same
time) has a bucket of its own, :data:`ZERO`. Bucket ``j`` holds the
durations from ``2**(j/16)`` up to ``2**((j+1)/16)`` microseconds, so
counting durations per bucket is a histogram whose buckets are the same
for every dataset: two histograms merge by adding their counts, exactly,
in any order and grouping.

A quantile is read off the histogram as the geometric middle of the bucket
that holds the nearest-rank quantile (the value at rank ``ceil(q * n)`` of
the ``n`` sorted durations). The bucket's ends differ by a factor of
``2**(1/16)``, so the estimate is within a factor of ``2**(1/32)`` of the
true value: a relative error of at most :data:`RELATIVE_ERROR` (2.2 %), and
exactly 0 for durations of 0. The ``1e-9`` keeps durations that are exact
powers of two in the same bucket whichever engine computes the logarithm.

The mean is not estimated: it is the exact sum over the exact count, with
the sum kept in whole milliseconds (so the mean is exact to 1 ms per step).

Examples
--------
>>> from journeykit.events.durations import RELATIVE_ERROR, bucket, quantile
>>> bucket(1_000_000)  # one second
318
>>> median = quantile({bucket(1_000_000): 3, bucket(60_000_000): 1}, 0.5)
>>> abs(median - 1_000_000) <= RELATIVE_ERROR * 1_000_000
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping

__all__ = ["BUCKETS_PER_DOUBLING", "RELATIVE_ERROR", "ZERO", "bucket", "quantile", "quantiles"]

BUCKETS_PER_DOUBLING = 16
"""How many buckets cover each doubling of a duration."""

ZERO = -(10**6)
"""The bucket of durations of 0."""

RELATIVE_ERROR = 2 ** (1 / (2 * BUCKETS_PER_DOUBLING)) - 1
"""The largest relative error of a quantile read off the buckets (about 0.022)."""

EPSILON = 1e-9


def bucket(microseconds: int) -> int:
    """The bucket of a duration in microseconds (0 or more)."""
    if microseconds <= 0:
        return ZERO
    return math.floor(BUCKETS_PER_DOUBLING * math.log2(microseconds) + EPSILON)


def middle(index: int) -> float:
    """The duration, in microseconds, that stands for bucket ``index``."""
    if index == ZERO:
        return 0.0
    return float(2 ** ((index + 0.5) / BUCKETS_PER_DOUBLING))


def quantile(counts: Mapping[int, int], q: float) -> float:
    """The ``q``-quantile, in microseconds, of the durations counted per bucket.

    Parameters
    ----------
    counts : mapping of int to int
        How many durations fall in each bucket.
    q : float
        From 0 to 1; 0.5 is the median.

    Returns
    -------
    float
        Within :data:`RELATIVE_ERROR` of the value at rank ``ceil(q * n)``
        (rank 1 for ``q = 0``); ``nan`` when nothing is counted.
    """
    return quantiles(counts, (q,))[0]


def quantiles(counts: Mapping[int, int], qs: tuple[float, ...]) -> tuple[float, ...]:
    """Several quantiles of the same histogram (see :func:`quantile`), in one pass."""
    total = sum(counts.values())
    if total <= 0:
        return tuple(math.nan for _ in qs)
    ranks = sorted((max(1, math.ceil(q * total)), i) for i, q in enumerate(qs))
    out = [math.nan] * len(qs)
    seen = 0
    pending = iter(ranks)
    rank, slot = next(pending)
    for index, n in sorted(counts.items()):
        seen += n
        while seen >= rank:
            out[slot] = middle(index)
            try:
                rank, slot = next(pending)
            except StopIteration:
                return tuple(out)
    return tuple(out)  # pragma: no cover - ranks never exceed the total
