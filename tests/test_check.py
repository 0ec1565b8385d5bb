"""The journey rules (``journeykit.analysis.checking``): each rule, selection, configuration."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.analysis import Finding, Results
from journeykit.analysis.checking import (
    Config,
    ConfigError,
    Rule,
    check,
    enabled_codes,
    find_config,
    find_config_file,
    load_config,
    rules,
)
from journeykit.testing import journeys

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 6, 1)
RECENT = TODAY - timedelta(days=30)
CODES = [r.code for r in rules()]


def seen() -> list[jk.Evidence]:
    return [jk.Evidence(source="survey", reference="Study", sample_size=40, collected=RECENT)]


def tp(id: str, channel: str, emotion: float | None = 0.2, **fields: object) -> jk.Touchpoint:
    fields.setdefault("evidence", seen())
    return jk.Touchpoint(id=id, name=id, channel=channel, emotion=emotion, **fields)  # type: ignore[arg-type]


# A journey that breaks no rule: every test below changes one thing in it.
CLEAN = jk.Journey(
    title="Buying a bike",
    objective="Find where shoppers give up.",
    updated=TODAY - timedelta(days=10),
    personas=[jk.Persona(id="commuter", name="Commuter")],
    channels=[
        jk.Channel(id="web", name="Website", kind="online"),
        jk.Channel(id="store", name="Store", kind="offline"),
        jk.Channel(id="phone", name="Phone", kind="offline"),
    ],
    stages=[
        jk.Stage(
            id="choose",
            name="Choose",
            touchpoints=[
                tp("browse", "web"),
                tp(
                    "visit-store",
                    "store",
                    emotion=-0.3,
                    pain_points=[
                        jk.PainPoint(id="long-queue", description="Q", severity=3, evidence=seen())
                    ],
                    opportunities=[
                        jk.Opportunity(
                            id="more-tills", description="T", addresses=["long-queue"], owner="Ops"
                        )
                    ],
                ),
            ],
            metrics=[jk.Metric(name="conversion", value=0.3, target=0.25, evidence=seen())],
        ),
        jk.Stage(
            id="buy",
            name="Buy",
            touchpoints=[tp("pay-online", "web"), tp("call-to-order", "phone")],
            metrics=[jk.Metric(name="CSAT", value=4.6, target=4.5)],
        ),
    ],
    flows=[
        jk.Flow(source="browse", target="pay-online", count=40),
        jk.Flow(source="visit-store", target="call-to-order", count=12),
    ],
)


def run(journey: jk.Journey, code: str, **options: object) -> list[Finding]:
    options.setdefault("today", TODAY)
    return list(check(journey, select=[code], **options))  # type: ignore[arg-type]


def where(findings: list[Finding]) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.location.path, f.location.ids) for f in findings]


def with_touchpoint(id: str, **changes: object) -> jk.Journey:
    return CLEAN.replace_touchpoint(id, **changes)


def coming_back(count: int | None) -> jk.Journey:
    """The clean journey with shoppers going back from paying online to browsing."""
    return CLEAN.evolve(
        flows=[*CLEAN.flows, jk.Flow(source="pay-online", target="browse", count=count)]
    )


def with_opportunity(**changes: object) -> jk.Journey:
    [opp] = CLEAN.touchpoint("visit-store").opportunities
    return with_touchpoint("visit-store", opportunities=[attrs.evolve(opp, **changes)])


def test_the_clean_journey_breaks_no_rule() -> None:
    assert check(CLEAN, today=TODAY) == ()


# -- every rule: a journey where it fires ------------------------------------------

Case = tuple[Callable[[], jk.Journey], list[tuple[str, tuple[str, ...]]]]

FIRES: dict[str, Case] = {
    "JK101": (
        lambda: CLEAN.evolve(stages=[*CLEAN.stages[:1], jk.Stage(name="Wait"), *CLEAN.stages[1:]]),
        [("stages[1]", ("wait",))],
    ),
    "JK102": (
        lambda: CLEAN.evolve(flows=CLEAN.flows[:1]),
        [("stages[1].touchpoints[1]", ("call-to-order",))],
    ),
    "JK103": (
        lambda: CLEAN.evolve(
            flows=[*CLEAN.flows[:1], jk.Flow(source="pay-online", target="call-to-order")]
        ),
        [("stages[0].touchpoints[1]", ("visit-store",))],
    ),
    "JK104": (lambda: coming_back(10), [("flows[2]", ("browse", "pay-online"))]),
    "JK201": (
        lambda: with_opportunity(status="dropped"),
        [("stages[0].touchpoints[1].pain_points[0]", ("long-queue",))],
    ),
    "JK202": (
        lambda: with_opportunity(owner=None),
        [("stages[0].touchpoints[1].opportunities[0]", ("more-tills",))],
    ),
    "JK203": (
        lambda: with_touchpoint(
            "browse", opportunities=[jk.Opportunity(id="chat", description="Add a chat")]
        ),
        [("stages[0].touchpoints[0].opportunities[0]", ("chat",))],
    ),
    "JK301": (
        lambda: with_touchpoint(
            "visit-store",
            evidence=[],
            pain_points=[jk.PainPoint(id="long-queue", description="Q", severity=3)],
        ),
        [
            ("stages[0].touchpoints[1]", ("visit-store",)),
            ("stages[0].touchpoints[1].pain_points[0]", ("long-queue",)),
        ],
    ),
    "JK302": (
        lambda: with_touchpoint("browse", emotion=None),
        [("stages[0].touchpoints[0]", ("browse",))],
    ),
    "JK303": (
        lambda: with_touchpoint("visit-store", emotion=0.1, pain_points=[], opportunities=[]),
        [("", ())],
    ),
    "JK401": (
        lambda: with_touchpoint("visit-store", channel="web").replace_touchpoint(
            "call-to-order", channel="web"
        ),
        [("channels", ("web",))],
    ),
    "JK402": (
        lambda: with_touchpoint("call-to-order", channel="web"),
        [("stages[1]", ("buy", "web"))],
    ),
    "JK501": (
        lambda: CLEAN.evolve(updated=TODAY - timedelta(days=181)),
        [("updated", ())],
    ),
    "JK502": (
        lambda: with_touchpoint(
            "browse", evidence=[jk.Evidence(source="survey", collected=TODAY - timedelta(days=366))]
        ),
        [("stages[0].touchpoints[0].evidence[0]", ("browse",))],
    ),
    "JK503": (
        lambda: with_touchpoint("browse", ignore=["JK299"]),
        [("stages[0].touchpoints[0].ignore[0]", ("browse",))],
    ),
    "JK601": (
        lambda: CLEAN.replace_stage("buy", metrics=[]),
        [("stages[1]", ("buy",))],
    ),
    "JK602": (
        lambda: CLEAN.replace_stage("buy", metrics=[jk.Metric(name="CSAT", value=4.1, target=4.5)]),
        [("stages[1].metrics[0]", ("buy",))],
    ),
    "JK701": (lambda: CLEAN.evolve(personas=[]), [("personas", ())]),
    "JK702": (
        lambda: CLEAN.evolve(personas=[jk.Persona(name=n) for n in ("A", "B", "C")]),
        [("personas", ("a", "b", "c"))],
    ),
    "JK801": (lambda: CLEAN.evolve(objective=" "), [("objective", ())]),
}


def test_every_rule_has_a_case_where_it_fires() -> None:
    assert sorted(FIRES) == CODES


@pytest.mark.parametrize("code", sorted(FIRES))
def test_rule_fires(code: str) -> None:
    make, expected = FIRES[code]
    findings = run(make(), code)
    assert where(findings) == expected
    rule = {r.code: r for r in rules()}[code]
    for finding in findings:
        assert (finding.code, finding.severity) == (code, rule.severity)
        assert finding.message
        assert finding.hint


@pytest.mark.parametrize("code", CODES)
def test_rule_is_quiet_on_the_clean_journey(code: str) -> None:
    assert run(CLEAN, code) == []


# -- where rules stay quiet, and why ----------------------------------------------

BACKSTAGE = jk.Touchpoint(id="restock", name="Restocks", channel="store", lane="backstage")


@pytest.mark.parametrize(
    ("code", "journey"),
    [
        pytest.param("JK102", CLEAN.evolve(flows=[]), id="JK102-no-flows-means-stage-order"),
        pytest.param("JK103", CLEAN.evolve(flows=[]), id="JK103-no-flows-means-stage-order"),
        pytest.param(
            "JK102", CLEAN.add_touchpoint("choose", BACKSTAGE), id="JK102-backstage-skipped"
        ),
        pytest.param(
            "JK103", CLEAN.add_touchpoint("choose", BACKSTAGE), id="JK103-backstage-skipped"
        ),
        pytest.param(
            "JK103",
            CLEAN.evolve(stages=[*CLEAN.stages, jk.Stage(name="Later")]),
            id="JK103-last-non-empty-stage",
        ),
        pytest.param("JK104", CLEAN.evolve(flows=[]), id="JK104-no-flows-no-loops"),
        pytest.param("JK104", coming_back(4), id="JK104-under-the-limit"),
        pytest.param("JK104", coming_back(None), id="JK104-loop-without-a-count"),
        pytest.param("JK104", coming_back(0), id="JK104-a-way-nobody-took"),
        pytest.param("JK201", with_opportunity(status="done"), id="JK201-done-still-addresses"),
        pytest.param("JK202", with_opportunity(owner=None, status="done"), id="JK202-done"),
        pytest.param("JK202", with_opportunity(owner=None, status="dropped"), id="JK202-dropped"),
        pytest.param("JK203", with_opportunity(addresses=[], status="dropped"), id="JK203-dropped"),
        pytest.param(
            "JK301", with_touchpoint("browse", emotion=None), id="JK301-no-emotion-no-claim"
        ),
        pytest.param(
            "JK302", CLEAN.add_touchpoint("choose", BACKSTAGE), id="JK302-backstage-skipped"
        ),
        pytest.param(
            "JK302",
            CLEAN.evolve(personas=[jk.Persona(id="p", name="P")]).replace_touchpoint(
                "browse", emotion=None, emotions={"p": 0.4}
            ),
            id="JK302-per-persona-emotion",
        ),
        pytest.param(
            "JK303",
            CLEAN.evolve(personas=[jk.Persona(id="p", name="P")]).replace_touchpoint(
                "visit-store", emotion=0.1, emotions={"p": -0.2}, pain_points=[], opportunities=[]
            ),
            id="JK303-negative-per-persona-emotion",
        ),
        pytest.param(
            "JK401",
            CLEAN.evolve(stages=[jk.Stage(name="S")], flows=[]),
            id="JK401-declared-channels-are-mixed",
        ),
        pytest.param(
            "JK501",
            CLEAN.evolve(updated=TODAY - timedelta(days=180)),
            id="JK501-exactly-at-the-limit",
        ),
        pytest.param(
            "JK502",
            with_touchpoint("browse", evidence=[jk.Evidence(source="survey")]),
            id="JK502-undated-evidence",
        ),
        pytest.param(
            "JK601",
            CLEAN.replace_stage("buy", metrics=[]).replace_touchpoint(
                "pay-online", metrics=[jk.Metric(name="conversion")]
            ),
            id="JK601-a-touchpoint-metric-measures-the-stage",
        ),
        pytest.param(
            "JK602",
            CLEAN.replace_stage(
                "buy", metrics=[jk.Metric(name="wait", value=2, target=3, better="lower")]
            ),
            id="JK602-lower-is-better",
        ),
        pytest.param(
            "JK602",
            CLEAN.replace_stage("buy", metrics=[jk.Metric(name="CSAT", value=4.1)]),
            id="JK602-no-target",
        ),
        pytest.param(
            "JK702",
            CLEAN.evolve(personas=[jk.Persona(name=n) for n in ("A", "B")]),
            id="JK702-two-personas",
        ),
    ],
)
def test_rule_stays_quiet(code: str, journey: jk.Journey) -> None:
    assert run(journey, code) == []


def test_jk102_a_flow_counted_zero_is_a_way_nobody_took() -> None:
    journey = CLEAN.evolve(
        flows=[*CLEAN.flows[:1], jk.Flow(source="visit-store", target="call-to-order", count=0)]
    )
    assert where(run(journey, "JK102")) == [("stages[1].touchpoints[1]", ("call-to-order",))]
    assert where(run(journey, "JK103")) == [("stages[0].touchpoints[1]", ("visit-store",))]


def test_jk103_a_flow_to_itself_is_no_way_onward() -> None:
    # Customers repeating the store visit still do not go on: the flow view
    # draws them as its drop-off, hotspots score D = 1, and JK103 agrees.
    journey = CLEAN.evolve(
        flows=[
            *CLEAN.flows[:1],
            jk.Flow(source="browse", target="visit-store", count=30),
            jk.Flow(source="visit-store", target="visit-store", count=5),
        ]
    )
    assert where(run(journey, "JK103")) == [("stages[0].touchpoints[1]", ("visit-store",))]
    store = next(h for h in jk.hotspots(journey) if h.touchpoint == "visit-store")
    assert store.dropoff == 1.0


def test_jk102_starts_at_the_first_stage_with_touchpoints() -> None:
    journey = CLEAN.evolve(stages=[jk.Stage(name="Before"), *CLEAN.stages])
    assert run(journey, "JK102") == []


def test_jk104_reports_loops_sharing_flows_once_by_the_busiest() -> None:
    # browse ⇄ pay-online and browse → pay-online → call-to-order → browse share flows.
    journey = CLEAN.evolve(
        flows=[
            *CLEAN.flows,
            jk.Flow(source="pay-online", target="browse", count=10),
            jk.Flow(source="pay-online", target="call-to-order", count=30),
            jk.Flow(source="call-to-order", target="browse", count=20),
        ]
    )
    assert [len(loop.touchpoints) for loop in jk.loops(journey)] == [3, 2]
    [finding] = run(journey, "JK104")
    assert where([finding]) == [("flows[4]", ("browse", "pay-online", "call-to-order"))]
    assert finding.message == (
        "customers go round the loop 'browse' → 'pay-online' → 'call-to-order' → 'browse': "
        "up to 20 times, 90.9% of the journey's customers (the limit is 10%)"
    )


def test_jk104_a_touchpoint_repeated_is_a_loop() -> None:
    journey = CLEAN.evolve(flows=[*CLEAN.flows, jk.Flow(source="browse", target="browse", count=9)])
    [finding] = run(journey, "JK104")
    assert where([finding]) == [("flows[2]", ("browse",))]
    assert "'browse' → 'browse': up to 9 times, 17.3%" in finding.message


def test_jk301_a_per_persona_emotion_needs_evidence_too() -> None:
    journey = CLEAN.evolve(personas=[jk.Persona(id="p", name="P")]).replace_touchpoint(
        "browse", emotion=None, emotions={"p": 0.4}, evidence=[]
    )
    assert where(run(journey, "JK301")) == [("stages[0].touchpoints[0]", ("browse",))]


def test_jk301_evidence_on_a_pain_point_backs_the_touchpoints_emotion() -> None:
    seen = jk.Evidence(source="interview", reference="Store visits", sample_size=8)
    journey = with_touchpoint(
        "visit-store",
        evidence=[],
        pain_points=[jk.PainPoint(id="long-queue", description="Q", severity=3, evidence=[seen])],
    )
    assert run(journey, "JK301") == []


def test_jk401_looks_at_the_channels_in_use_then_the_declared_ones() -> None:
    used_online = with_touchpoint("visit-store", channel="web").replace_touchpoint(
        "call-to-order", channel="web"
    )
    assert "online" in run(used_online, "JK401")[0].message
    offline_only = jk.Journey(
        title="T", channels=[jk.Channel(id="store", name="Store", kind="offline")]
    )
    [finding] = run(offline_only, "JK401")
    assert finding.location.ids == ("store",)
    assert "declares" in finding.message
    assert "offline" in finding.message
    assert run(jk.Journey(title="T"), "JK401") == []


def test_jk402_needs_three_channels() -> None:
    journey = with_touchpoint("call-to-order", channel="web").evolve(channels=CLEAN.channels[:2])
    assert run(journey, "JK402") == []


def test_jk501_reports_a_missing_date() -> None:
    [finding] = run(CLEAN.evolve(updated=None), "JK501")
    assert finding.location.path == "updated"
    assert "no `updated` date" in finding.message


def test_jk502_finds_evidence_on_pain_points_and_metrics() -> None:
    old = [jk.Evidence(source="survey", collected=date(2020, 1, 1))]
    journey = with_touchpoint(
        "visit-store",
        pain_points=[jk.PainPoint(id="long-queue", description="Q", severity=3, evidence=old)],
    ).replace_stage("choose", metrics=[jk.Metric(name="conversion", evidence=old)])
    assert where(run(journey, "JK502")) == [
        ("stages[0].touchpoints[1].pain_points[0].evidence[0]", ("long-queue",)),
        ("stages[0].metrics[0].evidence[0]", ("choose",)),
    ]


def test_jk602_message_respects_better() -> None:
    journey = CLEAN.replace_stage(
        "buy", metrics=[jk.Metric(name="wait", value=4.5, target=3, unit="min", better="lower")]
    )
    [finding] = run(journey, "JK602")
    assert finding.message == "'wait' is 4.5 min, above its target of 3 min (lower is better)"


# -- selection ---------------------------------------------------------------------

BROKEN = CLEAN.evolve(objective="", personas=[]).replace_touchpoint(
    "visit-store",
    opportunities=[
        jk.Opportunity(
            id="more-tills", description="T", addresses=["long-queue"], status="dropped"
        ),
        jk.Opportunity(id="chat", description="Chat"),
    ],
)


def codes_of(findings: Results[Finding] | list[Finding]) -> list[str]:
    return sorted({f.code for f in findings})


def test_the_broken_journey() -> None:
    assert codes_of(check(BROKEN, today=TODAY)) == ["JK201", "JK202", "JK203", "JK701", "JK801"]


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (None, None, ["JK201", "JK202", "JK203", "JK701", "JK801"]),
        ("JK2", None, ["JK201", "JK202", "JK203"]),
        (["jk2", " JK7 "], None, ["JK201", "JK202", "JK203", "JK701"]),
        (None, ["JK2"], ["JK701", "JK801"]),
        (["JK2"], ["JK201"], ["JK202", "JK203"]),
        (["JK201"], ["JK2"], ["JK201"]),  # the more specific selector wins
        (["JK201"], ["JK201"], []),  # at equal specificity, ignore wins
        (["JK"], ["JK20", "JK7"], ["JK801"]),
        ([], None, []),
    ],
)
def test_select_and_ignore(
    select: str | list[str] | None, ignore: list[str] | None, expected: list[str]
) -> None:
    assert codes_of(check(BROKEN, select=select, ignore=ignore, today=TODAY)) == expected


def test_arguments_come_after_the_configuration() -> None:
    config = Config(select=["JK2"], ignore=["JK201"])
    assert codes_of(check(BROKEN, config=config, today=TODAY)) == ["JK202", "JK203"]
    # An ignore argument takes away from what the configuration selects...
    assert codes_of(check(BROKEN, ignore="JK202", config=config, today=TODAY)) == ["JK203"]
    # ...and a select argument replaces the configuration's selection, ignores included.
    assert codes_of(check(BROKEN, select="JK20", config=config, today=TODAY)) == [
        "JK201",
        "JK202",
        "JK203",
    ]


def test_unknown_codes_are_errors_with_a_suggestion() -> None:
    with pytest.raises(ConfigError, match=r"select: 'JK210' is not a rule code or prefix"):
        check(CLEAN, select=["JK210"])
    with pytest.raises(ConfigError, match=r"did you mean 'JK201'\?"):
        check(CLEAN, ignore=["JK2O1"])
    with pytest.raises(ConfigError, match="expected a rule code"):
        check(CLEAN, ignore=[201])  # type: ignore[list-item]
    for bad in ["", "J", "E501", "JK1000"]:
        with pytest.raises(ConfigError):
            Config(select=[bad])


def single_layer_model(code: str, select: list[str] | None, ignore: list[str]) -> bool:
    """Ruff's rule for one layer, written out: the longest matching selector decides."""
    on = [len(s) for s in select or [] if code.startswith(s)]
    off = [len(s) for s in ignore if code.startswith(s)]
    if off and max(off) >= max(on, default=-1):
        return False
    return bool(on) or select is None


SELECTORS = sorted({code[:n] for code in CODES for n in range(2, 6)})


@settings(max_examples=200)
@given(
    select=st.none() | st.lists(st.sampled_from(SELECTORS), max_size=4),
    ignore=st.lists(st.sampled_from(SELECTORS), max_size=4),
)
def test_selection_matches_the_written_out_rule(
    select: list[str] | None, ignore: list[str]
) -> None:
    layer = (None if select is None else tuple(select), tuple(ignore))
    enabled = enabled_codes(layer)
    assert {c for c in CODES if single_layer_model(c, select, ignore)} == enabled


# JK503 (unused-suppression) depends on which other rules ran, so it is left
# out here; tests/test_suppressions.py tests it.
@given(journey=journeys(), code=st.sampled_from([c for c in CODES if c != "JK503"]))
def test_selecting_a_rule_keeps_exactly_its_findings(journey: jk.Journey, code: str) -> None:
    everything = check(journey, ignore=["JK503"], today=TODAY)
    assert list(check(journey, select=[code], today=TODAY)) == [
        f for f in everything if f.code == code
    ]
    assert list(check(journey, ignore=[code, "JK503"], today=TODAY)) == [
        f for f in everything if f.code != code
    ]
    assert check(journey, ignore=["JK503"], today=TODAY) == everything


# -- results -----------------------------------------------------------------------


def load_example(name: str) -> jk.Journey:
    return jk.load(ROOT / "examples" / name)


def ids_of(findings: Results[Finding], code: str) -> set[str]:
    return {i for f in findings if f.code == code for i in f.location.ids}


def test_coffee_maker_example() -> None:
    findings = check(load_example("coffee-maker.json"), today=date(2026, 10, 1))
    assert ids_of(findings, "JK201") == {
        "all-day-delivery-window",
        "crushed-boxes",
        "mixed-model-reviews",
    }
    assert ids_of(findings, "JK202") == {"filter-finder"}
    assert ids_of(findings, "JK203") == {"later-review-request"}
    assert ids_of(findings, "JK402") == {"awareness", "social-ads"}
    # Its flows reach every touchpoint and every dead end is in the last stage.
    assert not [f for f in findings if f.code.startswith("JK1")]
    assert not [f for f in findings if f.code in {"JK303", "JK401", "JK501", "JK701", "JK801"}]


def test_hospital_example() -> None:
    findings = check(load_example("hospital-visit.yaml"), today=date(2026, 8, 1))
    assert ids_of(findings, "JK201") == {"car-park-full", "kiosk-fails", "second-queue"}
    assert ids_of(findings, "JK202") == {"hearing-loop-calling"}
    # Backstage and support touchpoints need no emotion.
    assert ids_of(findings, "JK302") == set()


def test_findings_come_in_document_order_then_by_code() -> None:
    findings = check(BROKEN.evolve(updated=None), today=TODAY)
    assert [(f.location.path, f.code) for f in findings] == [
        ("objective", "JK801"),
        ("updated", "JK501"),
        ("personas", "JK701"),
        ("stages[0].touchpoints[1].pain_points[0]", "JK201"),
        ("stages[0].touchpoints[1].opportunities[1]", "JK202"),
        ("stages[0].touchpoints[1].opportunities[1]", "JK203"),
    ]
    stage_first = CLEAN.evolve(stages=[jk.Stage(name="Only")], flows=[])
    paths = [f.location.path for f in check(stage_first, select=["JK101", "JK303", "JK601"])]
    assert paths == ["", "stages[0]", "stages[0]"]


def test_findings_are_deterministic() -> None:
    journey = load_example("coffee-maker.json")
    first = check(journey, today=TODAY)
    assert check(journey, today=TODAY) == first
    assert [f.to_dict() for f in first] == check(journey, today=TODAY).to_dict()


def test_results_convert_to_plain_data() -> None:
    findings = check(BROKEN, select=["JK202"], today=TODAY)
    assert isinstance(findings, Results)
    assert findings.to_dict()[0] == {
        "code": "JK202",
        "severity": "warning",
        "message": "opportunity 'chat' has no owner",
        "location": {"path": "stages[0].touchpoints[1].opportunities[1]", "ids": ["chat"]},
        "hint": "set `owner` to the team or person who will act on it",
    }


def test_today_is_injectable() -> None:
    journey = CLEAN.evolve(updated=date(2026, 1, 1))
    assert run(journey, "JK501", today=date(2026, 6, 30)) == []
    [finding] = run(journey, "JK501", today=date(2026, 7, 1))
    assert "181 days ago (the limit is 180)" in finding.message
    assert run(journey, "JK501", today=datetime(2026, 6, 30, 23, 59)) == []
    assert check(journey) == check(journey, today=date.today())


def test_the_limits_come_from_the_configuration() -> None:
    journey = CLEAN.evolve(updated=TODAY - timedelta(days=40))
    assert run(journey, "JK501", config=Config(stale_days=30))
    assert run(CLEAN, "JK502", config=Config(evidence_max_age_days=29))
    # 10 of 42 customers go round (23.8%), then 4 of 48 (8.3%).
    assert run(coming_back(10), "JK104", config=Config(loop_share=0.3)) == []
    assert run(coming_back(4), "JK104", config=Config(loop_share=0.05))


def test_check_needs_a_journey() -> None:
    with pytest.raises(TypeError, match="expected a Journey"):
        check({"title": "T"})  # type: ignore[arg-type]


# -- the registry ------------------------------------------------------------------


def test_rules_are_registered_with_code_name_severity_and_doc() -> None:
    registered = rules()
    assert [r.code for r in registered] == sorted({r.code for r in registered})
    assert len({r.name for r in registered}) == len(registered)
    for rule in registered:
        assert isinstance(rule, Rule)
        assert re.fullmatch(r"JK[1-9][0-9]{2}", rule.code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
        assert rule.severity in ("error", "warning", "info")
        assert rule.summary == rule.doc.splitlines()[0]
        assert len(rule.doc.splitlines()) > 2, f"{rule.code} needs the practice behind it"
    assert registered.to_dict()[0]["name"] == "stage-without-touchpoints"
    assert "function" not in registered.to_dict()[0]


def test_every_rule_is_documented() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (JK[0-9]+) · ([a-z-]+)\n\nSeverity: ([a-z]+)$", text, re.MULTILINE)
    assert sections == [(r.code, r.name, r.severity) for r in rules()]
    for rule in rules():
        assert f"| {rule.code} | {rule.name} | {rule.severity} |" in text


# -- configuration -----------------------------------------------------------------


def test_config_defaults_and_normalisation() -> None:
    config = Config()
    assert (config.select, config.ignore, config.stale_days) == (None, (), 180)
    assert (config.evidence_max_age_days, config.fail_on) == (365, "warning")
    assert config.loop_share == 0.1
    assert Config(select="jk1", ignore=["jk2 "]).select == ("JK1",)
    assert Config(select="jk1", ignore=["jk2 "]).ignore == ("JK2",)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"stale_days": -1}, "stale-days"),
        ({"stale_days": True}, "stale-days"),
        ({"evidence_max_age_days": 1.5}, "evidence-max-age-days"),
        ({"loop_share": -0.1}, "loop-share: expected a number ≥ 0"),
        ({"loop_share": float("nan")}, "loop-share"),
        ({"loop_share": "10%"}, "loop-share"),
        ({"loop_share": True}, "loop-share"),
        ({"fail_on": "fatal"}, "fail-on: 'fatal' is not one of"),
        ({"ignore": 5}, "ignore: expected a list of rule codes"),
    ],
)
def test_config_rejects_bad_values(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        Config(**changes)  # type: ignore[arg-type]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_find_config_walks_up_to_the_closest_file(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    write(tmp_path / "pyproject.toml", '[tool.journeykit.check]\nignore = ["JK1"]\n')
    assert find_config(deep).ignore == ("JK1",)
    assert find_config_file(deep) == tmp_path / "pyproject.toml"
    closer = write(tmp_path / "a" / "b" / "journeykit.toml", '[check]\nignore = ["JK2"]\n')
    assert find_config(deep).ignore == ("JK2",)
    assert find_config_file(deep / "journey.json") == closer


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / "journeykit.toml", "[check]\nstale-days = 90\n")
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "sub").stale_days == 90
    assert load_config(tmp_path / "sub" / "pyproject.toml") == Config()


def test_a_pyproject_with_only_the_table_counts(tmp_path: Path) -> None:
    write(tmp_path / "journeykit.toml", "[check]\nstale-days = 90\n")
    write(tmp_path / "sub" / "pyproject.toml", "[tool.journeykit]\n")
    assert find_config(tmp_path / "sub") == Config()


def test_preference_within_one_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.journeykit.check]\nstale-days = 1\n")
    assert find_config(tmp_path).stale_days == 1
    write(tmp_path / "journeykit.toml", "[check]\nstale-days = 2\n")
    assert find_config(tmp_path).stale_days == 2
    write(tmp_path / ".journeykit.toml", "[check]\nstale-days = 3\n")
    assert find_config(tmp_path).stale_days == 3


def test_every_key_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "journeykit.toml",
        '[check]\nselect = ["JK2", "JK5"]\nignore = ["JK203"]\nstale-days = 30\n'
        'evidence-max-age-days = 90\nloop-share = 0.25\nfail-on = "error"\n',
    )
    assert load_config(path) == Config(
        select=["JK2", "JK5"],
        ignore=["JK203"],
        stale_days=30,
        evidence_max_age_days=90,
        loop_share=0.25,
        fail_on="error",
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "pyproject.toml",
            '[tool.journeykit.check]\nselct = ["JK1"]\n',
            "[tool.journeykit.check] unknown key 'selct'; did you mean 'select'?",
        ),
        (
            "pyproject.toml",
            '[tool.journeykit]\nignore = ["JK1"]\n',
            "[tool.journeykit] 'ignore' belongs in the [tool.journeykit.check] table",
        ),
        (
            "pyproject.toml",
            "[tool.journeykit.chek]\n",
            "[tool.journeykit] unknown key 'chek'; did you mean 'check'?",
        ),
        ("journeykit.toml", "stale-days = 3\n", "'stale-days' belongs in the [check] table"),
        (
            "journeykit.toml",
            '[check]\nignore = ["JK2O1"]\n',
            "[check] ignore: 'JK2O1' is not a rule code or prefix; did you mean 'JK201'?",
        ),
        ("journeykit.toml", '[check]\nignore = "JK201"\n', "[check] ignore: expected a list"),
        ("journeykit.toml", "[check]\nstale-days = -5\n", "[check] stale-days: expected"),
        ("journeykit.toml", "check = 3\n", "'check' must be a table"),
        ("journeykit.toml", "[check\n", "not valid TOML"),
    ],
)
def test_config_file_errors_name_the_file_and_key(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = write(tmp_path / name, text)
    for read in (load_config, find_config):
        with pytest.raises(ConfigError) as info:
            read(path)
        assert str(info.value).startswith(f"{path}: {message}")
        assert isinstance(info.value, jk.JourneyError)


def test_an_unreadable_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the file"):
        load_config(tmp_path / "missing.toml")
