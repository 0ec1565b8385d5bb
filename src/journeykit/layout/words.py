"""The words a map writes that are not the journey's own, in one mapping.

Row labels ("Stages", "Actions"…), counts ("3 stages"), the words around
metrics and the emotion curve: every one of them is looked up in
:data:`WORDS` by a key, so a map can be drawn in another language by
passing the keys to change as ``labels=``::

    jk.render(journey, labels={"actions": "Aktionen", "pain_points": "Schmerzpunkte"})

Counts have two forms, ``<thing>_one`` and ``<thing>_other`` (``{n}``
stands for the number); languages with more plural forms use the
``_other`` form for all but one. A text keeps the placeholders of the
English one (``{n}``, ``{date}``…); any other is refused.

>>> words = Words.of({"actions": "Aktionen"})
>>> words["actions"], words["stages"]
('Aktionen', 'Stages')
>>> words.count("stage", 1), words.count("touchpoint", 15)
('1 stage', '15 touchpoints')
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

import attrs

from journeykit._checks import show, suggest
from journeykit.layout import LayoutError

__all__ = ["WORDS", "Words"]

WORDS: Mapping[str, str] = {
    # rows of the map, by the names hide= takes (and "stages")
    "personas": "Personas",
    "stages": "Stages",
    "touchpoints": "Touchpoints",
    "actions": "Actions",
    "thoughts": "Thoughts & questions",
    "emotion": "Emotion",
    "pain_points": "Pain points",
    "opportunities": "Opportunities",
    "metrics": "Metrics",
    "findings": "Findings",
    # service-blueprint lanes
    "lane_customer": "Customer actions",
    "lane_frontstage": "Frontstage",
    "lane_backstage": "Backstage",
    "lane_support": "Support processes",
    "lane_none": "No lane",
    # the header
    "objective": "Objective: {text}",
    "scope": "Scope: {text}",
    "updated": "updated {date}",
    "stage_one": "{n} stage",
    "stage_other": "{n} stages",
    "touchpoint_one": "{n} touchpoint",
    "touchpoint_other": "{n} touchpoints",
    "page": "page {n} of {total}",
    "continued": "{stages} (continued)",
    # personas
    "goals": "Goals",
    "motivations": "Motivations",
    "frustrations": "Frustrations",
    # channels
    "no_channel": "No channel",
    "online": "online",
    "offline": "offline",
    # cells
    "more": "+{n} more",
    "no_touchpoints": "no touchpoints",
    "severity": "Severity {n} of 5",
    "no_owner": "no owner",
    "owner": "owner: {owner}",
    "impact": "impact {n}",
    "effort": "effort {n}",
    "no_value": "no value yet",
    "on_target": "✓ target {target}",
    "off_target": "✗ target {target}",
    "stage_metrics": "{stage}",
    # the emotion curve
    "overall": "Overall",
    "peak": "Peak",
    "lowest": "Lowest",
    "drop": "Sharpest drop",
    "end": "End",
    "above_zero": "above 0",
    "below_zero": "below 0",
    "fell": "fell {n}",
    "pain_tie": "pain points below",
    "this_persona": "this persona",
    # top hotspots and findings on the touchpoint cards
    "hotspot_badge": "#{rank}",
    "hotspot_key": "top hotspots, by pain score",
    "findings_key": "findings of the rules",
    "top_hotspots": "Top hotspots",
    "score": "pain score {score}",
    "findings_badge": "⚠ {n}",
}
"""Every word of the map, by key, in English."""


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise LayoutError(f"labels: {show(text)} is not a valid text: {exc}") from None


@attrs.frozen
class Words:
    """The words of one map: :data:`WORDS` with a caller's changes."""

    table: Mapping[str, str]

    @classmethod
    def of(cls, labels: Mapping[str, str] | None = None) -> Words:
        """:data:`WORDS` with ``labels`` over it, each checked.

        Raises
        ------
        LayoutError
            An unknown key, a value that is not text, or a text whose
            placeholders differ from the English one's.
        """
        if labels is None:
            return cls(WORDS)
        if not isinstance(labels, Mapping):
            raise LayoutError(f"labels: expected a mapping of key to text, got {show(labels)}")
        table = dict(WORDS)
        for key, text in labels.items():
            if key not in WORDS:
                raise LayoutError(
                    f"labels: no word {show(key)}{suggest(str(key), WORDS)}; "
                    "the keys are those of journeykit.layout.words.WORDS"
                )
            if not isinstance(text, str):
                raise LayoutError(f"labels[{key!r}]: expected text, got {show(text)}")
            wanted, given = _fields(WORDS[key]), _fields(text)
            if wanted != given:
                need = ", ".join("{" + f + "}" for f in sorted(wanted)) or "no placeholder"
                raise LayoutError(f"labels[{key!r}]: {show(text)} must hold {need}, as in English")
            table[key] = text
        return cls(table)

    def __getitem__(self, key: str) -> str:
        return self.table[key]

    def fill(self, key: str, **values: Any) -> str:
        """The text of ``key`` with its placeholders filled."""
        return self.table[key].format(**values)

    def count(self, thing: str, n: int) -> str:
        """``n`` of ``thing`` in words, singular or plural: ``"1 stage"``, ``"3 stages"``."""
        return self.fill(f"{thing}_{'one' if n == 1 else 'other'}", n=n)
