"""The journey rules, one small function each.

A rule takes the journey and a :class:`~._registry.Context` and yields
findings. Its docstring says what it reports and the practice behind it;
``docs/rules.md`` says how to fix it. Families: JK1 structure and flow,
JK2 acting on insights, JK3 evidence and emotion, JK4 channels, JK5
freshness, JK6 measurement, JK7 personas, JK8 purpose.
"""

from __future__ import annotations

from collections.abc import Iterator

from journeykit._checks import show
from journeykit.analysis.checking._registry import Context, rule
from journeykit.analysis.findings import Finding, Step
from journeykit.analysis.pathways import loops
from journeykit.analysis.traffic import Counts
from journeykit.model import (
    CLOSED_STATUSES,
    Evidence,
    Journey,
    Metric,
    Opportunity,
    PainPoint,
    Touchpoint,
)

# Service-blueprint lanes of the business's own work: the customer does not
# pass through them, so they have no place on the customer's path or feelings.
OFFSTAGE_LANES = ("backstage", "support")

Steps = tuple[Step, ...]  # where a finding sits: keys and indices into the journey


def _q(value: str) -> str:
    return show(value, limit=60)


def _number(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:.6g}"


def _percent(share: float) -> str:
    return f"{share:.1%}".replace(".0%", "%")


def _touchpoints(journey: Journey) -> Iterator[tuple[Steps, int, Touchpoint]]:
    for s, stage in enumerate(journey.stages):
        for t, tp in enumerate(stage.touchpoints):
            yield ("stages", s, "touchpoints", t), s, tp


def _pain_points(journey: Journey) -> Iterator[tuple[Steps, PainPoint]]:
    for path, _, tp in _touchpoints(journey):
        for p, pain in enumerate(tp.pain_points):
            yield (*path, "pain_points", p), pain


def _opportunities(journey: Journey) -> Iterator[tuple[Steps, Opportunity]]:
    for path, _, tp in _touchpoints(journey):
        for o, opp in enumerate(tp.opportunities):
            yield (*path, "opportunities", o), opp


def _metrics(journey: Journey) -> Iterator[tuple[Steps, str, Metric]]:
    """Every metric with its steps and the id of the stage or touchpoint it measures."""
    for path, _, tp in _touchpoints(journey):
        for m, metric in enumerate(tp.metrics):
            yield (*path, "metrics", m), tp.id, metric
    for s, stage in enumerate(journey.stages):
        for m, metric in enumerate(stage.metrics):
            yield ("stages", s, "metrics", m), stage.id, metric


def _evidence(journey: Journey) -> Iterator[tuple[Steps, str, Evidence]]:
    """Every piece of evidence with its steps and the id of the item it backs."""
    for path, _, tp in _touchpoints(journey):
        for e, item in enumerate(tp.evidence):
            yield (*path, "evidence", e), tp.id, item
        for p, pain in enumerate(tp.pain_points):
            for e, item in enumerate(pain.evidence):
                yield (*path, "pain_points", p, "evidence", e), pain.id, item
    for path, owner, metric in _metrics(journey):
        for e, item in enumerate(metric.evidence):
            yield (*path, "evidence", e), owner, item
    for f, flow in enumerate(journey.flows):
        for e, item in enumerate(flow.evidence):
            yield ("flows", f, "evidence", e), flow.source, item


def _ways_onward(journey: Journey) -> dict[str, list[str]]:
    """Where customers go from each touchpoint; a flow counted 0 is a way nobody took."""
    onward: dict[str, list[str]] = {}
    for flow in journey.flows:
        if flow.count != 0:
            onward.setdefault(flow.source, []).append(flow.target)
    return onward


# -- JK1: structure and flow ---------------------------------------------------


@rule("JK101", "stage-without-touchpoints", "warning")
def stage_without_touchpoints(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """A stage has no touchpoints.

    A journey map lists, stage by stage, the moments where the customer meets
    the business. A stage with no touchpoint is a heading with nothing under
    it: the map cannot say what customers do, feel or suffer there.
    """
    for s, stage in enumerate(journey.stages):
        if not stage.touchpoints:
            yield ctx.finding(
                ("stages", s),
                f"stage {_q(stage.id)} has no touchpoints",
                "add the touchpoints where customers meet you in this stage, or remove the stage",
                [stage.id],
            )


@rule("JK102", "unreachable-touchpoint", "error")
def unreachable_touchpoint(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """A touchpoint cannot be reached from the first stage along the flows.

    Flows say how customers move; measured flows say how many. When the flows
    of a journey lead nowhere near a touchpoint, the map and its own data
    disagree: either a flow is missing or the touchpoint is not part of this
    journey. Only journeys with flows are checked (without flows the journey
    runs touchpoint to touchpoint in stage order, so everything is reached).
    The walk starts at every touchpoint of the first stage that has any; a
    flow counted 0 is a way nobody took. Backstage and support touchpoints
    are skipped: customers do not pass through them.
    """
    first = next((stage for stage in journey.stages if stage.touchpoints), None)
    if not journey.flows or first is None:
        return
    onward = _ways_onward(journey)
    reached = {tp.id for tp in first.touchpoints}
    to_visit = list(reached)
    while to_visit:
        for target in onward.get(to_visit.pop(), ()):
            if target not in reached:
                reached.add(target)
                to_visit.append(target)
    for path, _, tp in _touchpoints(journey):
        if tp.id not in reached and tp.lane not in OFFSTAGE_LANES:
            yield ctx.finding(
                path,
                f"no flow leads from the first stage ({_q(first.id)}) to touchpoint {_q(tp.id)}",
                "add the flow that brings customers here, or remove the touchpoint "
                "if no customer of this journey gets here",
                [tp.id],
            )


@rule("JK103", "dead-end-touchpoint", "warning")
def dead_end_touchpoint(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """A touchpoint before the last stage has no way onward.

    The journey goes on after every stage but the last. A touchpoint outside
    the last non-empty stage with no flow leaving it is a dead end: either a
    flow is missing, or customers really leave here, which is a drop-off the
    map should name as a pain point. Only journeys with flows are checked;
    flows counted 0 do not count as a way onward, nor does a flow from a
    touchpoint to itself, and backstage and support touchpoints are skipped.
    """
    filled = [s for s, stage in enumerate(journey.stages) if stage.touchpoints]
    if not journey.flows or not filled:
        return
    counts = Counts(journey)  # the traffic's counts (journeykit.analysis.traffic)
    for path, s, tp in _touchpoints(journey):
        # A way onward someone took: a counted flow onward, or one without a count.
        goes_on = counts.outflow.get(tp.id, 0) > 0 or tp.id in counts.unknown_out
        if s < filled[-1] and not goes_on and tp.lane not in OFFSTAGE_LANES:
            yield ctx.finding(
                path,
                f"no flow leads on from touchpoint {_q(tp.id)}, which is not in the last stage",
                "add the flows customers take from here; if they leave here, "
                "record that drop-off as a pain point",
                [tp.id],
            )


@rule("JK104", "loop-carries-traffic", "warning")
def loop_carries_traffic(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """Many customers go round a loop of flows.

    A loop (customers going back to a touchpoint they have been at, or
    repeating one) is rework: a form sent back, a bug that sends customers
    round, an answer that needs a second call. Its trips round are the
    smallest count along the loop (the most the counts allow), and the rule
    reports a loop whose trips are more than ``loop-share`` (0.1 by default)
    of the journey's customers, as :func:`journeykit.loops` measures them.
    Loops that share flows (one strongly connected component) are reported
    once, by their busiest loop, at its thinnest flow. Flows counted 0 are
    ways nobody took, and loops through a flow without a count are not
    reported.
    """
    reported: set[tuple[str, ...]] = set()
    where = {(flow.source, flow.target): f for f, flow in enumerate(journey.flows)}
    for loop in loops(journey):
        share, customers, bottleneck = loop.share, loop.customers, loop.bottleneck
        if share is None or customers is None or bottleneck is None:
            continue
        if share <= ctx.loop_share or loop.component in reported:
            continue
        reported.add(loop.component)
        shown = [_q(tp) for tp in loop.touchpoints[:6]]
        if len(loop.touchpoints) > 6:
            shown.append("…")
        round_trip = " → ".join([*shown, _q(loop.touchpoints[0])])
        yield ctx.finding(
            ("flows", where[bottleneck]),
            f"customers go round the loop {round_trip}: up to {_number(customers)} "
            f"times, {_percent(share)} of the journey's customers "
            f"(the limit is {_percent(ctx.loop_share)})",
            "find out why customers come back here and remove the cause; "
            "if the loop is by design, raise `loop-share` or ignore JK104",
            loop.touchpoints,
        )


# -- JK2: acting on insights ---------------------------------------------------


@rule("JK201", "unaddressed-pain-point", "warning")
def unaddressed_pain_point(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """No opportunity addresses a pain point.

    A map is worth what the business does with it: "failing to act on
    insights" is one of the mistakes every guide warns about. Each pain point
    should have at least one opportunity that lists it in ``addresses``. A
    dropped opportunity addresses nothing.
    """
    addressed = {
        pain_id
        for opp in journey.opportunities
        if opp.status != "dropped"
        for pain_id in opp.addresses
    }
    for path, pain in _pain_points(journey):
        if pain.id not in addressed:
            yield ctx.finding(
                path,
                f"no opportunity addresses pain point {_q(pain.id)} (severity {pain.severity})",
                "add an opportunity whose `addresses` names this pain point, and give it an owner",
                [pain.id],
            )


@rule("JK202", "opportunity-without-owner", "warning")
def opportunity_without_owner(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """An open opportunity has no owner.

    An improvement nobody owns is an improvement nobody makes: a plan to act
    on a map names who acts. Opportunities that are done or dropped need no
    owner any more and are skipped.
    """
    for path, opp in _opportunities(journey):
        if opp.owner is None and opp.status not in CLOSED_STATUSES:
            yield ctx.finding(
                path,
                f"opportunity {_q(opp.id)} has no owner",
                "set `owner` to the team or person who will act on it",
                [opp.id],
            )


@rule("JK203", "opportunity-addresses-nothing", "info")
def opportunity_addresses_nothing(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """An open opportunity addresses no pain point.

    Opportunities should come from what the map found: the pain points. One
    that addresses none may still be a good idea, but the map does not show
    why it matters. Opportunities that are done or dropped are skipped.
    """
    for path, opp in _opportunities(journey):
        if not opp.addresses and opp.status not in CLOSED_STATUSES:
            yield ctx.finding(
                path,
                f"opportunity {_q(opp.id)} addresses no pain point",
                "list the pain points it relieves in `addresses`, "
                "or record the pain point it answers",
                [opp.id],
            )


# -- JK3: evidence and emotion -------------------------------------------------


@rule("JK301", "claim-without-evidence", "warning")
def claim_without_evidence(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """A pain point, or the emotion at a touchpoint, has no evidence behind it.

    "Making assumptions" is the first mistake the guides list: a map must rest
    on research and data (surveys, interviews, analytics, CRM, user testing),
    not on what the team believes customers feel. A pain point needs its own
    evidence; a touchpoint that states an emotion (overall or per persona)
    needs evidence on the touchpoint or on one of its pain points — the study
    that found the pain saw the feeling too.
    """
    for path, _, tp in _touchpoints(journey):
        backed = tp.evidence or any(pain.evidence for pain in tp.pain_points)
        if (tp.emotion is not None or tp.emotions) and not backed:
            yield ctx.finding(
                path,
                f"the emotion at touchpoint {_q(tp.id)} has no evidence behind it",
                "add the survey, interview, test or data that shows how customers feel here",
                [tp.id],
            )
        for p, pain in enumerate(tp.pain_points):
            if not pain.evidence:
                yield ctx.finding(
                    (*path, "pain_points", p),
                    f"pain point {_q(pain.id)} has no evidence behind it",
                    "add the research or data that shows customers suffer this",
                    [pain.id],
                )


@rule("JK302", "touchpoint-without-emotion", "warning")
def touchpoint_without_emotion(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """A touchpoint says nothing about how the customer feels.

    Emotions are the heart of a journey map: they show where the experience
    lifts and where it hurts. A touchpoint needs an ``emotion`` or
    ``emotions`` per persona. Backstage and support touchpoints are skipped:
    customers do not see them.
    """
    for path, _, tp in _touchpoints(journey):
        if tp.emotion is None and not tp.emotions and tp.lane not in OFFSTAGE_LANES:
            yield ctx.finding(
                path,
                f"touchpoint {_q(tp.id)} has no emotion",
                "set `emotion` (-1 to 1) or `emotions` per persona, from what customers report",
                [tp.id],
            )


@rule("JK303", "no-negative-moment", "warning")
def no_negative_moment(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """The journey has no negative moment at all.

    Every real journey has friction. A map with no pain point and no negative
    emotion has most likely left out the bad moments, which are the ones that
    matter most: "ignoring negative experiences" is a classic mistake.
    """
    feelings = (
        value
        for tp in journey.touchpoints
        for value in (tp.emotion, *tp.emotions.values())
        if value is not None
    )
    if not journey.pain_points and not any(value < 0 for value in feelings):
        yield ctx.finding(
            (),
            "the journey has no negative moment: no pain point and no negative emotion",
            "look for where customers struggle (support tickets, low scores, drop-offs) "
            "and record it",
        )


# -- JK4: channels ---------------------------------------------------------------


@rule("JK401", "single-kind-channels", "warning")
def single_kind_channels(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """Every channel is online, or every channel is offline.

    Customers cross between screens, shops, phones and parcels; a map that
    stays on one side (most often online only) misses half of the experience.
    The channels the touchpoints use are considered; when no touchpoint names
    a channel, the declared channels are.
    """
    kinds = {channel.id: channel.kind for channel in journey.channels}
    used = list(dict.fromkeys(tp.channel for tp in journey.touchpoints if tp.channel))
    considered = used or list(kinds)
    found = {kinds[channel] for channel in considered}
    if len(found) != 1:
        return
    kind = found.pop()
    other = "offline" if kind == "online" else "online"
    which = "the touchpoints use" if used else "the map declares"
    yield ctx.finding(
        ("channels",),
        f"every channel {which} is {kind}",
        f"map the {other} moments of the journey too, or state in the scope why there are none",
        considered,
    )


@rule("JK402", "single-channel-stage", "info")
def single_channel_stage(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """A stage is served by one channel while the journey has three or more.

    Customers use several channels with one business and expect them to work
    together. When the journey has three or more channels but a stage is met
    on one only, the map may show an omnichannel gap: customers who would
    rather call, visit or write have no way through that stage.
    """
    if len(journey.channels) < 3:
        return
    for s, stage in enumerate(journey.stages):
        used = {tp.channel for tp in stage.touchpoints if tp.channel}
        if len(used) == 1:
            channel = used.pop()
            yield ctx.finding(
                ("stages", s),
                f"stage {_q(stage.id)} is served by one channel ({_q(channel)}) of the "
                f"journey's {len(journey.channels)}",
                "check how customers go through this stage on the other channels, and map it",
                [stage.id, channel],
            )


# -- JK5: freshness --------------------------------------------------------------


@rule("JK501", "stale-map", "warning")
def stale_map(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """The map has not been updated for too long, or says nothing of when it was.

    Customers change, and so does the business: a journey map is a living
    document, reviewed against fresh data. The limit is ``stale-days`` (180
    days by default). A map without an ``updated`` date is reported too.
    """
    if journey.updated is None:
        yield ctx.finding(
            ("updated",),
            "the map has no `updated` date, so nobody can tell how current it is",
            "set `updated` to the date the map was last checked against customer data",
        )
        return
    age = (ctx.today - journey.updated).days
    if age > ctx.stale_days:
        yield ctx.finding(
            ("updated",),
            f"the map was last updated on {journey.updated.isoformat()}, {age} days ago "
            f"(the limit is {ctx.stale_days})",
            "review the map against fresh customer data, then set `updated`",
        )


@rule("JK502", "stale-evidence", "info")
def stale_evidence(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """A piece of evidence is older than the limit.

    Old research may no longer describe today's customers. Evidence collected
    more than ``evidence-max-age-days`` ago (365 by default) is reported;
    evidence gathered over a ``period`` counts from the period's last day,
    and evidence with neither a ``collected`` date nor a period is not reported.
    """
    for path, owner, item in _evidence(journey):
        last_day = item.last_day
        if last_day is None:
            continue
        age = (ctx.today - last_day).days
        if age > ctx.evidence_max_age_days:
            verb = "was collected on" if item.period is None else "covers days up to"
            yield ctx.finding(
                path,
                f"evidence {_q(item.reference or item.source)} {verb} "
                f"{last_day.isoformat()}, {age} days ago "
                f"(the limit is {ctx.evidence_max_age_days})",
                "collect fresh evidence, or check that this still holds",
                [owner],
            )


# -- JK6: measurement ----------------------------------------------------------


@rule("JK601", "stage-without-metric", "info")
def stage_without_metric(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """Nothing in a stage is measured.

    Improvements are judged by numbers: conversion, CSAT, NPS, reach,
    revenue. A stage with no metric, on itself or on any of its touchpoints,
    cannot show whether a change made it better.
    """
    for s, stage in enumerate(journey.stages):
        if not stage.metrics and not any(tp.metrics for tp in stage.touchpoints):
            yield ctx.finding(
                ("stages", s),
                f"nothing in stage {_q(stage.id)} is measured",
                "add a metric that tells whether this stage works for customers",
                [stage.id],
            )


@rule("JK602", "metric-off-target", "info")
def metric_off_target(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """A metric misses its target.

    Metrics with targets point at where the journey underperforms. A value
    below its target is reported, or above it for metrics where lower is
    better (``better: lower``).
    """
    for path, owner, metric in _metrics(journey):
        if metric.on_target is not False or metric.value is None or metric.target is None:
            continue
        unit = f" {metric.unit}" if metric.unit else ""
        side = "below" if metric.better == "higher" else "above"
        yield ctx.finding(
            path,
            f"{_q(metric.name)} is {_number(metric.value)}{unit}, {side} its target of "
            f"{_number(metric.target)}{unit} ({metric.better} is better)",
            "look at the pain points here and the opportunities that address them",
            [owner],
        )


# -- JK7: personas; JK8: purpose -------------------------------------------------


@rule("JK701", "no-persona", "warning")
def no_persona(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """The map names no persona.

    A journey is always somebody's journey. Without a persona, built from
    research on a real customer segment, nobody can tell whose experience
    the map shows or check it against them.
    """
    if not journey.personas:
        yield ctx.finding(
            ("personas",),
            "the map names no persona",
            "add the persona whose journey this is, with goals and frustrations from research",
        )


@rule("JK702", "too-many-personas", "warning")
def too_many_personas(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """The map has more than two personas.

    A map that tries to show every customer group at once shows none of them
    accurately; guides advise one or two target groups per map.
    """
    if len(journey.personas) > 2:
        yield ctx.finding(
            ("personas",),
            f"the map has {len(journey.personas)} personas; one or two keep it accurate",
            "keep the one or two personas that matter most here, or split the map per persona",
            [persona.id for persona in journey.personas],
        )


@rule("JK801", "no-objective", "warning")
def no_objective(journey: Journey, ctx: Context) -> Iterator[Finding]:
    """The map has no objective.

    Every guide starts with the goal: what the map is for and what decision
    it should inform. Without an objective the map cannot be scoped,
    prioritised or judged.
    """
    if not journey.objective.strip():
        yield ctx.finding(
            ("objective",),
            "the map has no objective",
            "set `objective`: what the map should help decide or improve",
        )
