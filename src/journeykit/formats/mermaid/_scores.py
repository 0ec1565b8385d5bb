"""Mermaid's task score (1 to 5) and journeykit's emotion (-1 to 1)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from journeykit.scales import scale

SCALE = scale("likert")
"""Mermaid's score is read on the ``likert`` scale: emotion = (score - 3) / 2."""


def score_to_emotion(score: float) -> float | None:
    """The emotion of a Mermaid task score: ``(score - 3) / 2``.

    A score outside 1–5 counts as the nearer end (Mermaid draws it off its
    chart); a score that is not a number (``Number("2rem")`` is NaN in
    Mermaid) gives no emotion.

    Parameters
    ----------
    score : float
        A task's score.

    Returns
    -------
    float or None
        The emotion, in [-1, 1]; ``None`` for a score that is not a number.

    Examples
    --------
    >>> from journeykit.formats.mermaid import score_to_emotion
    >>> score_to_emotion(4), score_to_emotion(1), score_to_emotion(7)
    (0.5, -1.0, 1.0)
    """
    if math.isnan(score):
        return None
    low, high = SCALE.low, SCALE.high
    return SCALE.to_emotion(min(max(score, low), high))


def emotion_to_score(emotion: float | None) -> int:
    """The Mermaid score written for an emotion: ``3 + 2 × emotion``, rounded.

    Rounding goes to the nearer whole score, and halfway to the even one, so
    -0.25 and 0.25 (2.5 and 3.5) become 2 and 4, one either side of neutral.
    No emotion is written as the neutral 3.

    Parameters
    ----------
    emotion : float or None
        An emotion in [-1, 1].

    Returns
    -------
    int
        A score from 1 to 5.

    Examples
    --------
    >>> from journeykit.formats.mermaid import emotion_to_score
    >>> emotion_to_score(0.5), emotion_to_score(-0.4), emotion_to_score(None)
    (4, 2, 3)
    """
    if emotion is None:
        return 3
    return round(SCALE.from_emotion(emotion))


def task_emotion(emotion: float | None, emotions: Iterable[float]) -> float | None:
    """The emotion a task's score stands for: the touchpoint's, else its personas' mean."""
    if emotion is not None:
        return emotion
    values = list(emotions)
    return sum(values) / len(values) if values else None
