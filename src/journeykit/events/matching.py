"""Which touchpoint of a designed journey each touchpoint of the events is.

Events name touchpoints in their own words. A name in the events matches a
designed touchpoint, in this order:

1. through the ``touchpoints`` mapping given by the caller (name → id);
2. when it is the touchpoint's id;
3. when it is the touchpoint's name;
4. when it is the name with case and surrounding spaces ignored;
5. when its slug (:func:`journeykit.slugify`) is the touchpoint's id.

Names that match nothing stay as they are: the events met a touchpoint the
design does not have.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from journeykit import _checks as c
from journeykit.events._engine import PAIR, Design, EventsError, count, touchpoint_names
from journeykit.events.aggregation import (
    Aggregate,
    CaseSpan,
    CustomerCases,
    PointCounts,
    from_counts,
    settings_of,
)
from journeykit.model import Journey, Touchpoint, slugify

__all__ = ["Observed", "designed_steps", "match", "observe"]

OFFSTAGE = ("backstage", "support")
"""Service-blueprint lanes that customers do not pass through."""


def match(
    designed: Journey, names: Iterable[str], touchpoints: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Each name of ``names`` that matches a touchpoint of ``designed``, mapped to its id.

    A name matches a touchpoint's name exactly, else when both read the same
    ignoring case, spaces and punctuation; ``touchpoints`` names matches
    outright.

    Parameters
    ----------
    designed : Journey
        The journey whose touchpoints the names are matched to.
    names : iterable of str
        Touchpoint names, as written in event data.
    touchpoints : mapping of str to str, optional
        Name → touchpoint id, for names that match no touchpoint by name.

    Returns
    -------
    dict of str to str
        Name → touchpoint id, for the names that matched.

    Raises
    ------
    EventsError
        A name is not text, or ``touchpoints`` names an id the journey lacks.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=[
    ...     jk.Touchpoint(name="Visits the store")])])
    >>> match(j, ["visits the store ", "Visits-the-store", "Calls"])
    {'visits the store ': 'visits-the-store', 'Visits-the-store': 'visits-the-store'}
    """
    c.require(designed, Journey, "designed", "match")
    if isinstance(names, str) or not isinstance(names, Iterable):
        raise EventsError(f"names: expected touchpoint names, got {c.show(names)}")
    names = list(names)
    for i, name in enumerate(names):
        if not isinstance(name, str):
            raise EventsError(f"names[{i}]: expected a touchpoint name, got {c.show(name)}")
    ids = {tp.id: tp for tp in designed.touchpoints}
    explicit = dict(touchpoints or {})
    for name, target in explicit.items():
        if target not in ids:
            raise EventsError(
                f"touchpoints[{c.show(name)}]: {c.show(target)} is not a touchpoint id of the "
                f"designed journey{c.suggest(str(target), ids)}"
            )
    by_name: dict[str, str] = {}
    by_folded: dict[str, str] = {}
    for tp in designed.touchpoints:
        by_name.setdefault(tp.name, tp.id)
        by_folded.setdefault(_fold(tp.name), tp.id)
    out: dict[str, str] = {}
    for name in names:
        found = (
            explicit.get(name)
            or (name if name in ids else None)
            or by_name.get(name)
            or by_folded.get(_fold(name))
        )
        if found is None:
            slug = slugify(name)
            found = slug if slug in ids else None
        if found is not None:
            out[name] = found
    return out


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def designed_steps(designed: Journey) -> list[tuple[str, str]]:
    """The steps the design provides: its flows, or touchpoint to touchpoint in stage order.

    Flows counted 0 are still designed steps. Backstage and support
    touchpoints take no part in the stage-order path.
    """
    if designed.flows:
        return [(f.source, f.target) for f in designed.flows]
    path = [tp.id for tp in customer_facing(designed)]
    return list(itertools.pairwise(path))


def customer_facing(designed: Journey) -> list[Touchpoint]:
    """The touchpoints customers pass through: all but the backstage and support lanes."""
    return [tp for tp in designed.touchpoints if tp.lane not in OFFSTAGE]


@attrs.frozen
class Observed:
    """What the events say, counted under the designed journey's touchpoint ids.

    ``following`` is (cases, cases that follow the design) when the events
    themselves were read; ``None`` when only counts were given.
    """

    counts: Aggregate
    matched: dict[str, str]
    following: tuple[int, int] | None


def observe(
    designed: Journey,
    observed: Any,
    *,
    touchpoints: Mapping[str, str] | None,
    columns: Mapping[str, Any],
    check_paths: bool,
) -> Observed:
    """Count ``observed`` (an event table or an :class:`Aggregate`) in the design's terms."""
    if not isinstance(designed, Journey):
        raise EventsError(f"designed: expected a Journey, got {c.show(designed)}")
    if isinstance(observed, str | os.PathLike):
        raise EventsError(
            f"observed: expected an event table or an Aggregate, got {c.show(observed)}; "
            "read a file with jk.events.read or jk.events.load_aggregate first"
        )
    if isinstance(observed, Aggregate):
        if columns.get("case") is not None or columns.get("timestamp") is not None:
            raise EventsError("the events are already counted: leave out the column arguments")
        matched = match(designed, [p.name for p in observed.points], touchpoints)
        return Observed(_renamed(observed, matched), matched, None)
    missing = [k for k in ("case", "timestamp", "touchpoint") if columns.get(k) is None]
    if missing:
        raise EventsError(
            f"observed: to count events, name their columns: {', '.join(missing)} "
            "(or pass an Aggregate)"
        )
    settings = settings_of(
        case=columns["case"],
        timestamp=columns["timestamp"],
        touchpoint=columns["touchpoint"],
        channel=columns.get("channel"),
        stage=None,
        sentiment=columns.get("sentiment"),
        scale_name=columns.get("scale", "valence"),
        session_gap=columns.get("session_gap"),
        stages=None,
        order=columns.get("order"),
        timestamp_format=columns.get("timestamp_format"),
        on_invalid=columns.get("on_invalid", "error"),
        keep_cases=False,
    )
    names = touchpoint_names(observed, settings)
    matched = match(designed, names, touchpoints)
    design = None
    if check_paths:
        points = tuple(sorted(tp.id for tp in designed.touchpoints))
        steps = tuple(sorted({f"{a}{PAIR}{b}" for a, b in designed_steps(designed)}))
        design = Design(points, steps)
    settings = attrs.evolve(settings, rename=matched, design=design)
    counted = count(observed, settings)
    return Observed(from_counts(counted, settings), matched, counted.following)


def _renamed(counts: Aggregate, matched: Mapping[str, str]) -> Aggregate:
    """The aggregate with touchpoint names replaced by designed ids."""
    targets: dict[str, list[str]] = {}
    for name, target in matched.items():
        targets.setdefault(target, []).append(name)
    clashes = {t: names for t, names in targets.items() if len(names) > 1}
    if clashes:
        target, names = next(iter(sorted(clashes.items())))
        shown = ", ".join(c.show(n) for n in sorted(names))
        raise EventsError(
            f"the touchpoints {shown} of the aggregate all match {c.show(target)}; customers "
            "who met several of them cannot be counted once from counts alone: aggregate "
            "the events again with rename= to give them one name"
        )

    def new(name: str) -> str:
        return matched.get(name, name)

    points = tuple(sorted((attrs.evolve(p, name=new(p.name)) for p in counts.points), key=_name))
    steps = tuple(
        sorted(
            (attrs.evolve(s, source=new(s.source), target=new(s.target)) for s in counts.steps),
            key=lambda s: (s.source, s.target),
        )
    )
    customers = None
    if counts.customers is not None:
        customers = tuple(
            CustomerCases(
                customer=cc.customer,
                head=_span(cc.head, new),
                tail=None if cc.tail is None else _span(cc.tail, new),
            )
            for cc in counts.customers
        )
    return attrs.evolve(counts, points=points, steps=steps, customers=customers)


def _name(p: PointCounts) -> str:
    return p.name


def _span(span: CaseSpan, new: Any) -> CaseSpan:
    return CaseSpan(
        first=new(span.first),
        first_at=span.first_at,
        last=new(span.last),
        last_at=span.last_at,
        reached=[new(r) for r in span.reached],
    )
