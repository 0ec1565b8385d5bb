"""Where customers depart from the designed journey: conformance findings JK9xx.

:func:`compare` sets what the events show against the design and reports
each difference as a :class:`~journeykit.Finding`, in the style of
:func:`journeykit.check`, so that ``journeykit conform`` can fail a build
with ``--fail-on``. The codes, described in ``docs/rules.md``:

===== =========================== ======== ==============================================
code  name                        severity what
===== =========================== ======== ==============================================
JK901 undesigned-flow             warning  customers step between touchpoints where the
                                           design has no flow
JK902 undesigned-touchpoint       warning  customers meet a touchpoint the design lacks
JK903 flow-never-taken            warning  no customer takes a designed flow
JK904 touchpoint-never-reached    warning  no customer meets a designed touchpoint
JK905 low-conformance             warning  too few customers follow a designed path
JK906 reach-differs               info     designed reach is off from the observed one
JK907 emotion-differs             info     designed emotion is off from the observed one
===== =========================== ======== ==============================================
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import timedelta
from typing import Any, Literal

import attrs

from journeykit import _checks as c
from journeykit.analysis._records import Record, Results
from journeykit.analysis.findings import Finding, Location, Severity, Step
from journeykit.events._engine import MICRO, EventsError
from journeykit.events.aggregation import Aggregate
from journeykit.events.discovery import emotion_of
from journeykit.events.matching import Observed, customer_facing, designed_steps, observe
from journeykit.model import Journey
from journeykit.scales import Scale, scale

__all__ = ["CONFORMANCE_RULES", "Conformance", "compare"]

CONFORMANCE_RULES: dict[str, tuple[str, Severity, str]] = {
    "JK901": ("undesigned-flow", "warning", "customers step where the design has no flow"),
    "JK902": ("undesigned-touchpoint", "warning", "customers meet a touchpoint the design lacks"),
    "JK903": ("flow-never-taken", "warning", "no customer takes a designed flow"),
    "JK904": ("touchpoint-never-reached", "warning", "no customer meets a designed touchpoint"),
    "JK905": ("low-conformance", "warning", "too few customers follow a designed path"),
    "JK906": ("reach-differs", "info", "the designed reach is far from the observed reach"),
    "JK907": ("emotion-differs", "info", "the designed emotion is far from the observed one"),
}
"""Code → (name, severity, summary) of every conformance finding."""


@attrs.frozen(kw_only=True)
class Conformance(Record):
    """How the events compare with the design.

    Attributes
    ----------
    findings : Results[Finding]
        The differences, JK901–JK907, by code.
    cases : int
        Cases in the events (customers, or sessions with ``session_gap``).
    following : int or None
        Cases whose every touchpoint and step is in the design; ``None`` when
        only counts were compared (an Aggregate or a Journey), which cannot
        tell one customer's path from another's.
    share : float or None
        ``following`` over ``cases``.
    steps_on_design : float or None
        The share of all observed steps (moves from one touchpoint to
        another, repeats left out) that follow a designed flow.
    matched : dict
        Each touchpoint name of the events that matched the design → its id.
    """

    findings: Results[Finding]
    cases: int
    following: int | None
    share: float | None
    steps_on_design: float | None
    matched: dict[str, str]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)


def compare(
    designed: Journey,
    observed: Any,
    *,
    case: str | None = None,
    timestamp: str | None = None,
    touchpoint: str | None = None,
    sentiment: str | None = None,
    scale: str | Scale = "valence",
    session_gap: str | timedelta | None = None,
    order: str | None = None,
    timestamp_format: str | None = None,
    on_invalid: Literal["error", "drop"] = "error",
    touchpoints: Mapping[str, str] | None = None,
    min_share: float = 0.8,
    reach_tolerance: float = 0.2,
    emotion_tolerance: float = 0.3,
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
) -> Conformance:
    """Compare what customers did with the designed journey.

    Parameters
    ----------
    designed : Journey
    observed : data frame, Aggregate or Journey
        The events (name their columns, as for
        :func:`~journeykit.events.discover`), their counts, or an observed
        journey (from :func:`~journeykit.events.discover`). Only events tell
        how many customers follow a designed path (JK905).
    case, timestamp, touchpoint, sentiment, scale, session_gap, order, timestamp_format, on_invalid
        As for :func:`~journeykit.events.discover`, when ``observed`` is events.
    touchpoints : mapping of str to str, optional
        Touchpoint names in the events → designed ids (see
        :mod:`journeykit.events.matching`).
    min_share : float
        JK905 fires when fewer than this share of cases follow the design.
    reach_tolerance : float
        JK906 fires when the designed reach is off by more than this fraction
        of the observed reach.
    emotion_tolerance : float
        JK907 fires when the designed emotion differs from the observed one by
        more than this (on the -1…1 scale).
    select, ignore : str or iterable of str, optional
        Report only these codes, or not these (codes or prefixes: ``JK90``).
        Like :func:`journeykit.check`, a finding is not reported when an
        ``ignore`` list of the designed journey's item, or of an item that
        holds it, names its code (``"ignore": ["JK904"]`` on a touchpoint).

    Returns
    -------
    Conformance

    Examples
    --------
    >>> import pandas as pd
    >>> import journeykit as jk
    >>> design = jk.Journey(title="Shop", stages=[jk.Stage(name="Buy", touchpoints=[
    ...     jk.Touchpoint(name="Home"), jk.Touchpoint(name="Cart"), jk.Touchpoint(name="Pay")])])
    >>> log = pd.DataFrame({
    ...     "customer": ["a", "a", "a", "b", "b"],
    ...     "time": pd.to_datetime(["2026-03-01 10:00", "2026-03-01 10:05", "2026-03-01 10:07",
    ...                             "2026-03-02 09:00", "2026-03-02 09:30"]),
    ...     "page": ["Home", "Cart", "Pay", "Home", "Pay"],
    ... })
    >>> result = jk.events.compare(design, log, case="customer", timestamp="time",
    ...                            touchpoint="page")
    >>> result.share
    0.5
    >>> [f.code for f in result]
    ['JK901', 'JK905']
    """
    chosen = _codes(select, ignore)
    if not 0 <= min_share <= 1 or reach_tolerance < 0 or emotion_tolerance < 0:
        raise EventsError(
            "min_share must be from 0 to 1, and the tolerances 0 or more; got "
            f"{c.show(min_share)}, {c.show(reach_tolerance)}, {c.show(emotion_tolerance)}"
        )
    if isinstance(observed, Journey):
        seen = _from_journey(designed, observed, touchpoints)
    else:
        seen = observe(
            designed,
            observed,
            touchpoints=touchpoints,
            columns={
                "case": case,
                "timestamp": timestamp,
                "touchpoint": touchpoint,
                "sentiment": sentiment,
                "scale": scale,
                "session_gap": session_gap,
                "order": order,
                "timestamp_format": timestamp_format,
                "on_invalid": on_invalid,
            },
            check_paths=True,
        )
    from journeykit.analysis.checking.suppressions import apply, suppressions

    found = _findings(designed, seen, min_share, reach_tolerance, emotion_tolerance)
    findings = sorted(apply(found, suppressions(designed))[0], key=lambda f: f.code)
    counts = seen.counts
    moves = [s for s in counts.steps if s.source != s.target]
    designed_pairs = set(designed_steps(designed))
    total_moves = sum(s.count for s in moves)
    on_design = sum(s.count for s in moves if (s.source, s.target) in designed_pairs)
    cases, following = seen.following if seen.following else (counts.cases, None)
    return Conformance(
        findings=Results(f for f in findings if f.code in chosen),
        cases=cases,
        following=following,
        share=None if following is None or not cases else round(following / cases, 6),
        steps_on_design=round(on_design / total_moves, 6) if total_moves else None,
        matched=dict(seen.matched),
    )


def _codes(
    select: str | Iterable[str] | None, ignore: str | Iterable[str] | None
) -> frozenset[str]:
    def selectors(value: str | Iterable[str] | None, what: str) -> list[str]:
        if value is None:
            return []
        items = [value] if isinstance(value, str) else list(value)
        out = []
        for item in items:
            code = str(item).strip().upper()
            if not any(known.startswith(code) for known in CONFORMANCE_RULES) or not code:
                raise EventsError(
                    f"{what}: {c.show(item)} matches no conformance code "
                    f"({', '.join(CONFORMANCE_RULES)})"
                )
            out.append(code)
        return out

    chosen = selectors(select, "select")
    left_out = selectors(ignore, "ignore")
    codes = [k for k in CONFORMANCE_RULES if not chosen or any(k.startswith(s) for s in chosen)]
    return frozenset(k for k in codes if not any(k.startswith(s) for s in left_out))


def _from_journey(
    designed: Journey, observed: Journey, touchpoints: Mapping[str, str] | None
) -> Observed:
    """Counts of an observed journey, enough for every finding but JK905."""
    from journeykit.events.aggregation import PointCounts, StepCounts
    from journeykit.events.matching import match

    if not isinstance(designed, Journey):
        raise EventsError(f"designed: expected a Journey, got {c.show(designed)}")
    names = {tp.id: tp.name for tp in observed.touchpoints}
    by_id = match(designed, list(names), touchpoints)
    by_name = match(designed, list(names.values()), touchpoints)
    matched = {tp_id: by_id.get(tp_id) or by_name.get(name) for tp_id, name in names.items()}
    # Unmatched touchpoints keep the name they have in the events, as with counts.
    new = {k: v or names[k] for k, v in matched.items()}
    ends = {tp.id: tp.exits or 0 for tp in observed.touchpoints}
    points = tuple(
        PointCounts(
            name=new[tp.id],
            events=0,
            reach=tp.reach or 0,
            ends=ends[tp.id],
            first=0,
            answers=1 if tp.emotion is not None else 0,
            sentiment=round((tp.emotion or 0) * MICRO),
        )
        for tp in observed.touchpoints
    )
    steps = tuple(
        StepCounts(
            source=new[f.source],
            target=new[f.target],
            count=f.count or 0,
            millis=0,
            shortest=0,
            longest=0,
        )
        for f in observed.flows
    )
    counts = Aggregate(
        points=points,
        steps=steps,
        rows=0,
        cases=sum(ends.values()),
        start=None,
        end=None,
    )
    return Observed(counts, {k: v for k, v in matched.items() if v}, None)


def _findings(
    designed: Journey,
    seen: Observed,
    min_share: float,
    reach_tolerance: float,
    emotion_tolerance: float,
) -> Iterator[Finding]:
    counts = seen.counts
    points = {p.name: p for p in counts.points}
    steps = {(s.source, s.target): s for s in counts.steps}
    designed_pairs = designed_steps(designed)
    pair_index = {pair: i for i, pair in enumerate(designed_pairs)}
    ids = {tp.id for tp in designed.touchpoints}
    path = _paths(designed)
    on = scale(counts.scale)

    def finding(
        code: str, where: tuple[Step, ...], message: str, hint: str, item_ids: Iterable[str]
    ) -> Finding:
        _, severity, _ = CONFORMANCE_RULES[code]
        return Finding(code, severity, message, Location(where, tuple(item_ids)), hint)

    for tp in designed.touchpoints:
        p = points.get(tp.id)
        if tp.id in {t.id for t in customer_facing(designed)} and (p is None or p.reach == 0):
            yield finding(
                "JK904",
                path[tp.id],
                f"no customer met touchpoint {_q(tp.id)} in the events",
                "check that the events record this touchpoint under a name that matches it, "
                "or remove it from the design if customers no longer meet it",
                [tp.id],
            )
            continue
        if p is None:
            continue
        if tp.reach is not None and p.reach and abs(tp.reach - p.reach) > reach_tolerance * p.reach:
            yield finding(
                "JK906",
                (*path[tp.id], "reach"),
                f"touchpoint {_q(tp.id)} has a designed reach of {tp.reach:,} but "
                f"{p.reach:,} met it in the events",
                "refresh the journey from the events (journeykit refresh)",
                [tp.id],
            )
        observed_emotion = emotion_of(p.answers, p.sentiment, on)
        if (
            tp.emotion is not None
            and observed_emotion is not None
            and abs(tp.emotion - observed_emotion) > emotion_tolerance
        ):
            yield finding(
                "JK907",
                (*path[tp.id], "emotion"),
                f"touchpoint {_q(tp.id)} has a designed emotion of {tp.emotion:+.2f} but the "
                f"events' sentiment gives {observed_emotion:+.2f}",
                "refresh the journey from the events, or check the sentiment data",
                [tp.id],
            )
    for i, (a, b) in enumerate(designed_pairs):
        taken = steps.get((a, b))
        if taken is None or taken.count == 0:
            where = ("flows", i) if designed.flows else path.get(a, ())
            yield finding(
                "JK903",
                where,
                f"no customer went from {_q(a)} to {_q(b)} in the events",
                "remove the flow from the design, or find out why customers do not take it",
                [a, b],
            )
    unknown = sorted((p for p in counts.points if p.name not in ids), key=lambda p: -p.reach)
    for p in unknown:
        yield finding(
            "JK902",
            (),
            f"{c.plural(p.reach, 'customer')} met touchpoint {_q(p.name)}, "
            "which the design does not have",
            "add it to the design, or map its name to a designed touchpoint "
            "(touchpoints= / --touchpoint-map NAME=ID)",
            [p.name],
        )
    total = sum(s.count for s in counts.steps if s.source != s.target) or 1
    extra = sorted(
        (
            s
            for s in counts.steps
            if s.source != s.target
            and s.source in ids
            and s.target in ids
            and (s.source, s.target) not in pair_index
        ),
        key=lambda s: (-s.count, s.source, s.target),
    )
    for s in extra:
        yield finding(
            "JK901",
            path[s.source],
            f"{c.plural(s.count, 'step')} ({s.count / total:.1%} of all) went from "
            f"{_q(s.source)} to {_q(s.target)}, where the design has no flow",
            "add the flow to the design if it is a path customers should take, "
            "or find out what sends them there",
            [s.source, s.target],
        )
    if seen.following is not None:
        cases, following = seen.following
        if cases and following / cases < min_share:
            yield finding(
                "JK905",
                ("flows",) if designed.flows else ("stages",),
                f"{following:,} of {cases:,} cases ({following / cases:.1%}) follow a designed "
                f"path; the minimum is {min_share:.0%}",
                "look at the undesigned flows and touchpoints (JK901, JK902) to see where "
                "customers leave the design",
                [],
            )


def _paths(designed: Journey) -> dict[str, tuple[Step, ...]]:
    return {
        tp.id: ("stages", s, "touchpoints", t)
        for s, stage in enumerate(designed.stages)
        for t, tp in enumerate(stage.touchpoints)
    }


def _q(value: str) -> str:
    return c.show(value, limit=60)
