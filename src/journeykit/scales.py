"""Sentiment scales and their conversion to emotion.

A journey holds emotion as valence in [-1, 1]: -1 very negative, 0 neutral,
+1 very positive. Survey answers come on other scales. Each :class:`Scale`
maps its range onto [-1, 1] linearly, so that its midpoint is neutral:

========== ========== =========================================
scale      range      emotion of a score ``s``
========== ========== =========================================
``csat``   1 to 5     ``(s - 3) / 2`` (CSAT, a 1–5 Likert item)
``likert`` 1 to 5     ``(s - 3) / 2`` (the same, under its name)
``nps``    0 to 10    ``(s - 5) / 5`` (the 0–10 recommend item)
``valence`` -1 to 1   ``s``
========== ========== =========================================

A linear map commutes with the mean, so the emotion of a mean score is the
mean emotion of the scores. NPS itself (the share of promoters, 9–10, minus
the share of detractors, 0–6, times 100) is not a mean and is computed from
counts; see :func:`net_promoter_score`.

Examples
--------
>>> from journeykit.scales import scale
>>> scale("csat").to_emotion(4)
0.5
>>> scale("nps").to_emotion(0)
-1.0
>>> scale("nps").from_emotion(0.2)
6.0
"""

from __future__ import annotations

import attrs

from journeykit import _checks as c
from journeykit.errors import Problem, ValidationError

__all__ = ["SCALES", "Scale", "net_promoter_score", "scale"]


@attrs.frozen
class Scale:
    """A sentiment scale from ``low`` to ``high``, mapped linearly onto [-1, 1].

    Parameters
    ----------
    name : str
        What the scale is called (``"csat"``, ``"nps"``…): the key in :data:`SCALES`.
    low, high : float
        The lowest and the highest score; ``low`` maps to emotion -1, ``high``
        to +1 and their midpoint (:attr:`middle`) to 0.
    description : str
        What the scores mean, for people.

    Examples
    --------
    >>> stars = Scale("stars", 1, 5, "a five-star rating")
    >>> stars.middle, stars.to_emotion(5)
    (3.0, 1.0)
    """

    name: str
    low: float
    high: float
    description: str

    @property
    def middle(self) -> float:
        """The neutral score."""
        return (self.low + self.high) / 2

    def to_emotion(self, score: float) -> float:
        """The emotion in [-1, 1] of a score on this scale.

        Parameters
        ----------
        score : float
            A score on this scale. One outside it is not refused: it maps
            beyond [-1, 1] (see :meth:`contains`).

        Returns
        -------
        float
            ``(score - middle) / ((high - low) / 2)``.

        Examples
        --------
        >>> scale("nps").to_emotion(10)
        1.0
        """
        half = (self.high - self.low) / 2
        return (score - self.middle) / half

    def from_emotion(self, emotion: float) -> float:
        """The score on this scale of an emotion in [-1, 1].

        The inverse of :meth:`to_emotion`.

        Parameters
        ----------
        emotion : float
            An emotion, from -1 (very negative) to 1 (very positive).

        Returns
        -------
        float
            The score, not rounded: ``middle + emotion * (high - low) / 2``.

        Examples
        --------
        >>> scale("csat").from_emotion(-0.25)
        2.5
        """
        half = (self.high - self.low) / 2
        return self.middle + emotion * half

    def contains(self, score: float) -> bool:
        """Whether ``score`` lies on the scale.

        Parameters
        ----------
        score : float
            The score to check.

        Returns
        -------
        bool
            True when ``low <= score <= high``.

        Examples
        --------
        >>> scale("csat").contains(0)
        False
        """
        return self.low <= score <= self.high


SCALES: dict[str, Scale] = {
    s.name: s
    for s in (
        Scale("csat", 1, 5, "customer satisfaction, 1 (very unsatisfied) to 5 (very satisfied)"),
        Scale("likert", 1, 5, "a five-point agreement or rating item, 1 to 5"),
        Scale("nps", 0, 10, "likelihood to recommend, 0 (not at all) to 10 (extremely)"),
        Scale("valence", -1, 1, "emotion itself, -1 (very negative) to 1 (very positive)"),
    )
}
"""The known scales by name."""


def scale(name: str | Scale) -> Scale:
    """The scale called ``name`` (a :class:`Scale` is returned as it is).

    Parameters
    ----------
    name : str or Scale
        One of the names in :data:`SCALES`, or a scale of one's own.

    Returns
    -------
    Scale
        The scale of that name, or ``name`` itself when it is a :class:`Scale`.

    Raises
    ------
    ValidationError
        No scale has that name; the message lists the known ones.
    """
    if isinstance(name, Scale):
        return name
    if isinstance(name, str) and name in SCALES:
        return SCALES[name]
    known = ", ".join(repr(n) for n in SCALES)
    hint = c.suggest(name, SCALES) if isinstance(name, str) else ""
    raise ValidationError([Problem("scale", f"{c.show(name)} is not one of {known}{hint}")])


def net_promoter_score(promoters: int, detractors: int, answers: int) -> float | None:
    """NPS from counts: percent promoters (9–10) minus percent detractors (0–6).

    Parameters
    ----------
    promoters : int
        How many answers were 9 or 10.
    detractors : int
        How many answers were 0 to 6.
    answers : int
        How many answers there were in all, passives (7–8) included; at least
        ``promoters + detractors``.

    Returns
    -------
    float or None
        The score, from -100 to 100; ``None`` when there are no answers.

    Raises
    ------
    ValidationError
        A count is not a whole number from 0 up, or ``answers`` is fewer than
        promoters and detractors together.

    Examples
    --------
    >>> net_promoter_score(promoters=50, detractors=20, answers=100)
    30.0
    """
    problems = c.Problems()
    for name, value in (("promoters", promoters), ("detractors", detractors), ("answers", answers)):
        c.check_integer(value, name, problems, low=0)
    if not problems and promoters + detractors > answers:
        problems.append(
            Problem("answers", f"{answers} is fewer than promoters and detractors together")
        )
    if problems:
        raise ValidationError(problems)
    if answers == 0:
        return None
    return 100 * (promoters - detractors) / answers
