"""jk.diff: what was added, removed, changed and moved between two versions."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.analysis import Finding, Location, Results
from journeykit.analysis.differences import (
    Change,
    Changes,
    EmotionDelta,
    JourneyDiff,
    MetricDelta,
    diff,
)
from journeykit.testing import journeys, texts

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 10, 1)


def kettle() -> jk.Journey:
    """Two stages, five touchpoints, pain points, an opportunity, metrics and flows."""
    return jk.Journey(
        title="Buying a kettle",
        updated="2026-01-10",
        personas=[jk.Persona(id="student", name="Student"), jk.Persona(id="parent", name="Parent")],
        channels=[
            jk.Channel(id="web", name="Website", kind="online"),
            jk.Channel(id="shop", name="Shop", kind="offline"),
        ],
        stages=[
            jk.Stage(
                id="look",
                name="Look",
                metrics=[jk.Metric(name="reach", value=1000, target=1200)],
                touchpoints=[
                    jk.Touchpoint(id="ad", name="Sees an ad", channel="web", emotion=0.2),
                    jk.Touchpoint(
                        id="compare",
                        name="Compares kettles",
                        channel="web",
                        emotion=-0.4,
                        emotions={"student": -0.6, "parent": 0.1},
                        pain_points=[jk.PainPoint(id="jargon", description="Jargon", severity=4)],
                        opportunities=[
                            jk.Opportunity(
                                id="plain-table", description="Plain table", addresses=["jargon"]
                            )
                        ],
                        metrics=[
                            jk.Metric(name="exit rate", value=21.7, target=15, better="lower")
                        ],
                        reach=500,
                    ),
                    jk.Touchpoint(id="reviews", name="Reads reviews", channel="web"),
                ],
            ),
            jk.Stage(
                id="buy",
                name="Buy",
                touchpoints=[
                    jk.Touchpoint(
                        id="checkout",
                        name="Checks out",
                        channel="web",
                        emotion=-0.1,
                        pain_points=[jk.PainPoint(id="fees", description="Fees", severity=3)],
                    ),
                    jk.Touchpoint(id="store", name="Buys in a shop", channel="shop", emotion=0.4),
                ],
            ),
        ],
        flows=[
            jk.Flow(source="ad", target="compare", count=500),
            jk.Flow(source="compare", target="checkout", count=90),
        ],
    )


def changes(old: jk.Journey, new: jk.Journey) -> list[Change]:
    return list(diff(old, new, findings=False).changes)


def reorder(journey: jk.Journey, stage: str, order: list[str]) -> jk.Journey:
    by_id = {tp.id: tp for tp in journey.stage(stage).touchpoints}
    return journey.replace_stage(stage, touchpoints=[by_id[i] for i in order])


def move_touchpoint(journey: jk.Journey, id: str, to: str, index: int | None = None) -> jk.Journey:
    """The touchpoint ``id`` moved to stage ``to``, keeping its flows."""
    tp = journey.touchpoint(id)
    source = journey.stage_of(id)
    stages = []
    for stage in journey.stages:
        tps = [t for t in stage.touchpoints if t.id != id]
        if stage.id == to:
            tps.insert(len(tps) if index is None else index, tp)
        stages.append(
            attrs.evolve(stage, touchpoints=tps) if stage.id in (to, source.id) else stage
        )
    return journey.evolve(stages=stages)


def test_the_package_attribute_is_the_function_after_importing_the_module() -> None:
    # A lazy lookup would hand out the module journeykit.analysis.differences here.
    code = (
        "import journeykit.analysis.differences\n"
        "from journeykit.analysis import diff\n"
        "assert callable(diff), type(diff)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_public_names() -> None:
    assert jk.diff is diff
    assert jk.analysis.diff is diff
    assert jk.analysis.JourneyDiff is JourneyDiff


# -- nothing changed --------------------------------------------------------------


def test_a_journey_against_itself_has_no_changes() -> None:
    j = kettle()
    d = diff(j, j, findings=False)
    assert d == JourneyDiff()
    assert not d
    assert d.summary() == "no differences"
    assert d.report() == "no differences"
    assert d.to_dict() == {
        "changes": [],
        "emotion_deltas": [],
        "metric_deltas": [],
        "findings_fixed": [],
        "findings_new": [],
    }


def test_an_equal_copy_has_no_changes() -> None:
    j = kettle()
    assert not diff(j, jk.from_dict(jk.to_dict(j)), findings=False)
    assert not diff(j, kettle(), findings=False)


def test_a_journey_against_itself_with_the_rules() -> None:
    j = jk.load(ROOT / "examples" / "coffee-maker.json")
    d = diff(j, j, today=TODAY)
    assert not d
    assert (d.findings_fixed, d.findings_new) == ((), ())


# -- changed fields -----------------------------------------------------------------


def test_emotion_change_is_one_record_and_a_delta() -> None:
    old = kettle()
    new = old.replace_touchpoint("compare", emotion=0.1)
    d = diff(old, new, findings=False)
    assert list(d.changes) == [Change("changed", "touchpoint", "compare", "emotion", -0.4, 0.1)]
    assert list(d.emotion_deltas) == [EmotionDelta("compare", None, -0.4, 0.1, 0.5)]
    assert d.changes[0].delta == 0.5
    assert str(d.changes[0]) == "~ touchpoint compare: emotion -0.4 → 0.1 (+0.5)"
    assert d.summary() == "1 changed"


def test_emotion_deltas_drop_floating_point_noise() -> None:
    old = kettle().replace_touchpoint("ad", emotion=0.1)
    new = old.replace_touchpoint("ad", emotion=0.3)
    (delta,) = diff(old, new, findings=False).emotion_deltas
    assert delta.delta == 0.2  # not 0.19999999999999998


def test_per_persona_emotions_are_one_record_per_persona() -> None:
    old = kettle()
    new = old.replace_touchpoint("compare", emotions={"parent": 0.3, "student": -0.6})
    assert changes(old, new) == [
        Change("changed", "touchpoint", "compare", "emotions.parent", 0.1, 0.3)
    ]
    newer = new.replace_touchpoint("compare", emotions={"parent": 0.3})
    assert changes(new, newer) == [
        Change("changed", "touchpoint", "compare", "emotions.student", -0.6, None)
    ]
    d = diff(old, new, findings=False)
    assert list(d.emotion_deltas) == [EmotionDelta("compare", "parent", 0.1, 0.3, 0.2)]


def test_emotion_set_on_one_side_only_is_a_change_without_delta() -> None:
    old = kettle()
    new = old.replace_touchpoint("reviews", emotion=0.3)
    d = diff(old, new, findings=False)
    assert list(d.changes) == [Change("changed", "touchpoint", "reviews", "emotion", None, 0.3)]
    assert d.changes[0].delta is None
    assert d.emotion_deltas == ()


def test_several_fields_of_one_touchpoint() -> None:
    old = kettle()
    new = old.replace_touchpoint(
        "ad", name="Sees a video ad", channel="shop", lane="customer", actions=["Taps"], reach=9
    )
    assert changes(old, new) == [
        Change("changed", "touchpoint", "ad", "name", "Sees an ad", "Sees a video ad"),
        Change("changed", "touchpoint", "ad", "channel", "web", "shop"),
        Change("changed", "touchpoint", "ad", "lane", None, "customer"),
        Change("changed", "touchpoint", "ad", "actions", (), ("Taps",)),
        Change("changed", "touchpoint", "ad", "reach", None, 9),
    ]


def test_evidence_is_a_field_of_what_it_backs() -> None:
    old = kettle()
    evidence = (jk.Evidence(source="survey", sample_size=40, collected="2026-03-01"),)
    new = old.replace_touchpoint("ad", evidence=evidence)
    assert changes(old, new) == [Change("changed", "touchpoint", "ad", "evidence", (), evidence)]
    record = diff(old, new, findings=False).changes[0].to_dict()
    assert record["new"] == [
        {
            "source": "survey",
            "reference": "",
            "sample_size": 40,
            "collected": "2026-03-01",
            "period": None,
            "ignore": [],
        }
    ]


def test_journey_fields() -> None:
    old = kettle()
    new = old.evolve(title="Buying a kettle, v2", updated="2026-02-01", scope="Online")
    assert changes(old, new) == [
        Change("changed", "journey", "", "title", "Buying a kettle", "Buying a kettle, v2"),
        Change("changed", "journey", "", "scope", "", "Online"),
        Change("changed", "journey", "", "updated", date(2026, 1, 10), date(2026, 2, 1)),
    ]
    assert diff(old, new, findings=False).changes.to_dict()[2]["new"] == "2026-02-01"


def test_persona_channel_and_stage_fields() -> None:
    old = kettle()
    new = old.evolve(
        personas=[jk.Persona(id="student", name="Student", quote="Cheap!"), old.personas[1]],
        channels=[old.channels[0], jk.Channel(id="shop", name="Shop", kind="online")],
    ).replace_stage("buy", goal="Pay a fair price")
    assert changes(old, new) == [
        Change("changed", "persona", "student", "quote", "", "Cheap!"),
        Change("changed", "channel", "shop", "kind", "offline", "online"),
        Change("changed", "stage", "buy", "goal", "", "Pay a fair price"),
    ]


def test_pain_point_and_opportunity_fields() -> None:
    old = kettle()
    tp = old.touchpoint("compare")
    new = old.replace_touchpoint(
        "compare",
        pain_points=[attrs.evolve(tp.pain_points[0], severity=2)],
        opportunities=[attrs.evolve(tp.opportunities[0], status="done", owner="Web team")],
    )
    assert changes(old, new) == [
        Change("changed", "pain point", "jargon", "severity", 4, 2),
        Change("changed", "opportunity", "plain-table", "owner", None, "Web team"),
        Change("changed", "opportunity", "plain-table", "status", "idea", "done"),
    ]


def test_flow_count() -> None:
    old = kettle()
    new = old.evolve(flows=[old.flows[0], jk.Flow(source="compare", target="checkout", count=120)])
    (change,) = changes(old, new)
    assert change == Change("changed", "flow", "compare → checkout", "count", 90, 120)
    assert str(change) == "~ flow compare → checkout: count 90 → 120 (+30)"


def test_flows_changed_among_many() -> None:
    old = kettle()
    flows = [
        jk.Flow(source=a.id, target=b.id, count=i)
        for i, (a, b) in enumerate(zip(old.touchpoints, old.touchpoints[1:], strict=False))
    ]
    old = old.evolve(flows=flows)
    middle = [*flows[:1], jk.Flow(source="compare", target="store"), *flows[2:3], flows[3]]
    new = old.evolve(flows=[*middle[:3], attrs.evolve(flows[3], count=30)])
    assert changes(old, new) == [
        Change(
            "removed",
            "flow",
            "compare → reviews",
            None,
            {"from": "compare", "to": "reviews", "count": 1},
            None,
        ),
        Change("added", "flow", "compare → store", None, None, {"from": "compare", "to": "store"}),
        Change("changed", "flow", "checkout → store", "count", 3, 30),
    ]


# -- metrics ----------------------------------------------------------------------------


def test_metric_value_change_and_delta_toward_a_lower_target() -> None:
    old = kettle()
    metric = old.touchpoint("compare").metrics[0]
    new = old.replace_touchpoint("compare", metrics=[attrs.evolve(metric, value=18.2)])
    d = diff(old, new, findings=False)
    assert list(d.changes) == [
        Change("changed", "metric", "compare/exit rate", "value", 21.7, 18.2)
    ]
    assert list(d.metric_deltas) == [
        MetricDelta(
            "compare/exit rate", "compare", "exit rate", 21.7, 18.2, -3.5, 15, "lower", True, False
        )
    ]
    assert d.report().splitlines()[0] == (
        "~ metric compare/exit rate: value 21.7 → 18.2 (-3.5, better, target 15 not met)"
    )


def test_metric_moving_away_from_a_higher_target() -> None:
    old = kettle()
    stage = old.stage("look")
    new = old.replace_stage("look", metrics=[attrs.evolve(stage.metrics[0], value=900)])
    (delta,) = diff(old, new, findings=False).metric_deltas
    assert (delta.owner, delta.metric, delta.delta) == ("look", "reach", -100)
    assert (delta.improved, delta.on_target, delta.target) == (False, False, 1200)
    past = old.replace_stage("look", metrics=[attrs.evolve(stage.metrics[0], value=1300)])
    (delta,) = diff(old, past, findings=False).metric_deltas
    assert (delta.improved, delta.on_target) == (True, True)


def test_metric_target_change_is_a_change_without_delta() -> None:
    old = kettle()
    stage = old.stage("look")
    new = old.replace_stage("look", metrics=[attrs.evolve(stage.metrics[0], target=1500)])
    d = diff(old, new, findings=False)
    assert list(d.changes) == [Change("changed", "metric", "look/reach", "target", 1200, 1500)]
    assert d.metric_deltas == ()


def test_metrics_are_matched_by_owner_and_name() -> None:
    old = kettle()
    new = old.replace_stage(
        "look", metrics=[jk.Metric(name="reach", value=1000, target=1200), jk.Metric(name="NPS")]
    )
    assert changes(old, new) == [
        Change("added", "metric", "look/NPS", None, None, {"owner": "look", "name": "NPS"})
    ]
    renamed = old.replace_stage("look", metrics=[jk.Metric(name="Reach", value=1000, target=1200)])
    assert [(c.kind, c.id) for c in changes(old, renamed)] == [
        ("removed", "look/reach"),
        ("added", "look/Reach"),
    ]


def test_repeated_metric_names_are_numbered() -> None:
    old = kettle().replace_stage(
        "look", metrics=[jk.Metric(name="CSAT", value=4.1), jk.Metric(name="CSAT", value=3.0)]
    )
    new = old.replace_stage(
        "look", metrics=[jk.Metric(name="CSAT", value=4.1), jk.Metric(name="CSAT", value=3.5)]
    )
    assert changes(old, new) == [Change("changed", "metric", "look/CSAT#2", "value", 3.0, 3.5)]


# -- added, removed, renamed ---------------------------------------------------------


def test_added_touchpoint_shows_its_stage_and_own_fields() -> None:
    old = kettle()
    chat = jk.Touchpoint(id="chat", name="Chats with support", channel="web", emotion=0.3)
    new = old.add_touchpoint("buy", chat)
    (change,) = changes(old, new)
    assert change == Change(
        "added",
        "touchpoint",
        "chat",
        None,
        None,
        {"stage": "buy", "name": "Chats with support", "channel": "web", "emotion": 0.3},
    )
    assert str(change) == '+ touchpoint chat "Chats with support"'
    assert diff(old, new, findings=False).summary() == "1 added"


def test_added_touchpoint_in_the_middle_moves_nothing() -> None:
    old = kettle()
    new = old.add_touchpoint("look", jk.Touchpoint(id="faq", name="Reads the FAQ"), index=0)
    assert [(c.kind, c.id) for c in changes(old, new)] == [("added", "faq")]


def test_removed_touchpoint_takes_its_children_and_flows() -> None:
    old = kettle()
    new = old.remove_touchpoint("checkout")
    assert changes(old, new) == [
        Change(
            "removed",
            "touchpoint",
            "checkout",
            None,
            {"stage": "buy", "name": "Checks out", "channel": "web", "emotion": -0.1},
            None,
        ),
        Change(
            "removed",
            "pain point",
            "fees",
            None,
            {"touchpoint": "checkout", "description": "Fees", "severity": 3},
            None,
        ),
        Change(
            "removed",
            "flow",
            "compare → checkout",
            None,
            {"from": "compare", "to": "checkout", "count": 90},
            None,
        ),
    ]
    assert str(changes(old, new)[1]) == '- pain point fees "Fees"'
    assert diff(old, new, findings=False).summary() == "3 removed"


def test_a_renamed_id_is_a_removal_and_an_addition() -> None:
    old = kettle()
    # replace_touchpoint cannot change an id (its own first argument is called id).
    store = attrs.evolve(old.touchpoint("store"), id="shop-visit")
    new = old.replace_stage("buy", touchpoints=[old.touchpoint("checkout"), store])
    assert [(c.kind, c.item, c.id) for c in changes(old, new)] == [
        ("removed", "touchpoint", "store"),
        ("added", "touchpoint", "shop-visit"),
    ]


def test_removed_persona_and_its_emotions() -> None:
    old = kettle()
    new = old.replace_touchpoint("compare", emotions={"student": -0.6}).evolve(
        personas=old.personas[:1]
    )
    assert changes(old, new) == [
        Change("removed", "persona", "parent", None, {"name": "Parent"}, None),
        Change("changed", "touchpoint", "compare", "emotions.parent", 0.1, None),
    ]


# -- moves ------------------------------------------------------------------------------


def test_touchpoint_moved_to_another_stage() -> None:
    old = kettle()
    new = move_touchpoint(old, "reviews", "buy", index=0)
    (change,) = changes(old, new)
    assert change == Change("moved", "touchpoint", "reviews", "stage", "look", "buy")
    assert str(change) == "> touchpoint reviews: stage look → buy"
    assert diff(old, new, findings=False).summary() == "1 moved"


def test_moved_and_changed_touchpoint_gives_both_records() -> None:
    old = kettle()
    new = move_touchpoint(old, "ad", "buy").replace_touchpoint("ad", emotion=0.5)
    assert changes(old, new) == [
        Change("moved", "touchpoint", "ad", "stage", "look", "buy"),
        Change("changed", "touchpoint", "ad", "emotion", 0.2, 0.5),
    ]


def test_a_swap_of_neighbours_is_one_move() -> None:
    old = kettle()
    new = reorder(old, "look", ["compare", "ad", "reviews"])
    moved = changes(old, new)
    assert len(moved) == 1  # either one explains the swap
    assert moved[0].kind == "moved"
    assert moved[0].field == "position"


def test_one_touchpoint_moved_to_the_front_is_one_move() -> None:
    old = kettle()
    new = reorder(old, "look", ["reviews", "ad", "compare"])
    assert changes(old, new) == [Change("moved", "touchpoint", "reviews", "position", 2, 0)]


def test_reversal_reports_the_ends_not_the_middle() -> None:
    old = kettle()
    new = reorder(old, "look", ["reviews", "compare", "ad"])
    assert changes(old, new) == [
        Change("moved", "touchpoint", "reviews", "position", 2, 0),
        Change("moved", "touchpoint", "ad", "position", 0, 2),
    ]


def test_stage_order() -> None:
    old = kettle()
    new = old.evolve(stages=old.stages[::-1])
    (change,) = changes(old, new)
    assert change.kind == "moved"
    assert change.item == "stage"
    assert change.field == "position"


def test_pain_point_moved_to_another_touchpoint() -> None:
    old = kettle()
    pain = old.pain_point("fees")
    new = old.replace_touchpoint("checkout", pain_points=[]).replace_touchpoint(
        "store", pain_points=[pain]
    )
    assert changes(old, new) == [
        Change("moved", "pain point", "fees", "touchpoint", "checkout", "store")
    ]


def test_order_of_personas_channels_and_flows_is_not_compared() -> None:
    old = kettle()
    new = old.evolve(
        personas=old.personas[::-1], channels=old.channels[::-1], flows=old.flows[::-1]
    )
    assert changes(old, new) == []


# -- results as records, frames and text --------------------------------------------------


def test_records_and_frames() -> None:
    old = kettle()
    new = (
        old.replace_touchpoint("compare", emotion=0.1)
        .remove_touchpoint("reviews")
        .add_touchpoint("buy", jk.Touchpoint(id="chat", name="Chat"))
    )
    d = diff(old, new, findings=False)
    data = d.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {
        "changes",
        "emotion_deltas",
        "metric_deltas",
        "findings_fixed",
        "findings_new",
    }
    assert isinstance(d.changes, Changes)
    assert isinstance(d.emotion_deltas, Results)
    frame = d.to_frame()
    assert list(frame.columns) == ["kind", "item", "id", "field", "old", "new"]
    assert list(frame["kind"]) == ["removed", "changed", "added"]
    assert frame["new"][2] == {"stage": "buy", "name": "Chat"}  # not flattened into columns
    emotions = d.emotion_deltas.to_frame()
    assert list(emotions.columns) == ["touchpoint", "persona", "old", "new", "delta"]
    assert list(emotions["delta"]) == [0.5]
    assert JourneyDiff().to_frame().empty


def test_report_of_several_changes() -> None:
    old = kettle()
    new = (
        old.replace_touchpoint("compare", emotion=0.1)
        .add_touchpoint("buy", jk.Touchpoint(id="chat", name="Chat"))
        .remove_touchpoint("store")
    )
    assert diff(old, new, findings=False).report().splitlines() == [
        '- touchpoint store "Buys in a shop"',
        "~ touchpoint compare: emotion -0.4 → 0.1 (+0.5)",
        '+ touchpoint chat "Chat"',
        "",
        "1 added, 1 removed, 1 changed",
    ]


def test_report_escapes_control_characters_and_shortens_long_text() -> None:
    old = kettle()
    new = old.add_touchpoint(
        "buy", jk.Touchpoint(id="evil\x1b[31m", name="Red\u202e" + "x" * 200)
    ).evolve(title="New\ntitle")
    report = diff(old, new, findings=False).report()
    assert "\x1b" not in report
    assert "\u202e" not in report
    assert "\\x1b[31m" in report
    assert '"New\\ntitle"' in report
    assert "x" * 100 not in report
    assert all(line.isprintable() for line in report.splitlines())


# -- findings ------------------------------------------------------------------------------


def finding(code: str, *ids: str) -> Finding:
    return Finding(code, "warning", f"{code} about {ids}", Location("stages[0]", ids))


@pytest.fixture
def fake_rules(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Replace the rules with canned findings per journey title; record the options."""
    # The module, not the function check that the package exports under the same name.
    check_module = importlib.import_module("journeykit.analysis.checking")
    state: dict[str, Any] = {"findings": {}, "calls": []}

    def fake_check(journey: jk.Journey, **options: Any) -> Results[Finding]:
        state["calls"].append(options)
        return Results(state["findings"].get(journey.title, ()))

    monkeypatch.setattr(check_module, "check", fake_check, raising=False)
    return state


def test_findings_fixed_and_new_are_matched_by_key(fake_rules: dict[str, Any]) -> None:
    old = kettle()
    new = old.evolve(title="v2")
    kept_old = Finding("JK201", "warning", "old words", Location("stages[0]", ("jargon",)))
    kept_new = Finding("JK201", "warning", "new words", Location("stages[1]", ("jargon",)))
    gone, came = finding("JK301", "compare"), finding("JK301", "checkout")
    fake_rules["findings"] = {old.title: [kept_old, gone], new.title: [came, kept_new]}
    d = diff(old, new, today=TODAY)
    assert list(d.findings_fixed) == [gone]
    assert list(d.findings_new) == [came]
    assert d.summary() == "1 changed; 1 finding fixed, 1 new"
    report = d.report().splitlines()
    assert report[2:7] == [
        "Findings fixed (1):",
        f"  {gone}",
        "",
        "Findings new (1):",
        f"  {came}",
    ]


def test_repeated_findings_are_counted(fake_rules: dict[str, Any]) -> None:
    old, new = kettle(), kettle().evolve(title="v2")
    twice = finding("JK101")
    fake_rules["findings"] = {old.title: [twice, twice], new.title: [twice]}
    d = diff(old, new)
    assert list(d.findings_fixed) == [twice]
    assert d.findings_new == ()


def test_findings_alone_make_a_difference(fake_rules: dict[str, Any]) -> None:
    j = kettle()
    fake_rules["findings"] = {j.title: [finding("JK101")]}
    d = JourneyDiff(findings_new=Results([finding("JK101")]))
    assert d
    assert d.summary() == "no changes; 0 findings fixed, 1 new"
    assert not diff(j, j)


def test_rule_options_are_passed_through(fake_rules: dict[str, Any]) -> None:
    j = kettle()
    diff(j, j, select=["JK2"], ignore=iter(["JK203"]), today=TODAY)
    expected = {"select": ("JK2",), "ignore": ("JK203",), "config": None, "today": TODAY}
    assert fake_rules["calls"] == [expected, expected]


def test_without_findings_the_rules_do_not_run(fake_rules: dict[str, Any]) -> None:
    j = kettle()
    diff(j, j.evolve(title="v2"), findings=False)
    assert fake_rules["calls"] == []


def test_findings_agree_with_check() -> None:
    from journeykit.analysis.checking import check

    old = jk.load(ROOT / "examples" / "coffee-maker.json")
    stages = [
        attrs.evolve(
            stage,
            touchpoints=[
                attrs.evolve(tp, opportunities=(), evidence=(), metrics=())
                for tp in stage.touchpoints
            ],
        )
        for stage in old.stages
    ]
    new = old.evolve(stages=stages)
    d = diff(old, new, today=TODAY)
    old_keys = {f.key for f in check(old, today=TODAY)}
    new_keys = {f.key for f in check(new, today=TODAY)}
    assert {f.key for f in d.findings_new} == new_keys - old_keys
    assert {f.key for f in d.findings_fixed} == old_keys - new_keys
    assert d.findings_new, "dropping every opportunity and all evidence should be flagged"
    back = diff(new, old, today=TODAY)
    assert (back.findings_fixed, back.findings_new) == (d.findings_new, d.findings_fixed)


# -- properties -------------------------------------------------------------------------------

# The number of examples comes from the hypothesis profile (tests/conftest.py).
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(journeys())
def test_property_a_journey_against_itself(journey: jk.Journey) -> None:
    assert not diff(journey, journey, findings=False)
    assert not diff(journey, jk.from_dict(jk.to_dict(journey)), findings=False)


@SETTINGS
@given(journeys())
def test_property_a_journey_against_itself_with_the_rules(journey: jk.Journey) -> None:
    assert not diff(journey, journey, today=TODAY)


def _edit(journey: jk.Journey, item: str, id: Any, field: str, value: Any) -> jk.Journey:
    """``journey`` with one field of one item (a flow's id: from and to) set to ``value``."""
    if item == "journey":
        return journey.evolve(**{field: value})
    if item == "touchpoint":
        if field.startswith("emotions."):
            emotions = dict(journey.touchpoint(id).emotions)
            emotions[field.removeprefix("emotions.")] = value
            return journey.replace_touchpoint(id, emotions=emotions)
        return journey.replace_touchpoint(id, **{field: value})
    if item == "stage":
        return journey.replace_stage(id, **{field: value})
    if item in ("persona", "channel"):
        attr = f"{item}s"
        items = [
            attrs.evolve(x, **{field: value}) if x.id == id else x for x in getattr(journey, attr)
        ]
        return journey.evolve(**{attr: items})
    if item == "pain point":
        tp = next(tp for tp in journey.touchpoints if any(p.id == id for p in tp.pain_points))
        pains = [attrs.evolve(p, **{field: value}) if p.id == id else p for p in tp.pain_points]
        return journey.replace_touchpoint(tp.id, pain_points=pains)
    if item == "opportunity":
        tp = next(tp for tp in journey.touchpoints if any(o.id == id for o in tp.opportunities))
        opps = [attrs.evolve(o, **{field: value}) if o.id == id else o for o in tp.opportunities]
        return journey.replace_touchpoint(tp.id, opportunities=opps)
    assert item == "flow"
    flows = [
        attrs.evolve(f, count=value) if (f.source, f.target) == id else f for f in journey.flows
    ]
    return journey.evolve(flows=flows)


NAMES = texts(allow_blank=False)
EMOTIONS = st.floats(-1, 1)


def _reach_at_least(tp: jk.Touchpoint) -> st.SearchStrategy[int | None]:
    floor = max(tp.entries or 0, tp.exits or 0)
    held = st.integers(floor, max(floor, 10**9))
    return held if tp.entries is not None or tp.exits is not None else st.none() | held


@st.composite
def single_edits(draw: st.DrawFn) -> tuple[jk.Journey, jk.Journey, Change]:
    """A journey, the journey with one field edited, and the change a diff should report."""
    journey = draw(journeys())
    choices: list[tuple[str, Any, str, Any, st.SearchStrategy[Any]]] = [
        ("journey", "", "title", journey.title, NAMES),
        ("journey", "", "objective", journey.objective, texts()),
        ("journey", "", "updated", journey.updated, st.none() | st.dates()),
    ]
    for tp in journey.touchpoints:
        choices += [
            ("touchpoint", tp.id, "name", tp.name, NAMES),
            ("touchpoint", tp.id, "emotion", tp.emotion, st.none() | EMOTIONS),
            # Reach is at least the customers who begin or end at the touchpoint.
            ("touchpoint", tp.id, "reach", tp.reach, _reach_at_least(tp)),
            ("touchpoint", tp.id, "exits", tp.exits, st.none() | st.integers(0, tp.reach or 10**9)),
            ("touchpoint", tp.id, "lane", tp.lane, st.none() | st.sampled_from(jk.model.LANES)),
            ("touchpoint", tp.id, "thoughts", tp.thoughts, st.lists(texts()).map(tuple)),
        ]
        for persona in journey.personas:
            old = tp.emotions.get(persona.id)
            choices.append(("touchpoint", tp.id, f"emotions.{persona.id}", old, EMOTIONS))
    for stage in journey.stages:
        choices.append(("stage", stage.id, "goal", stage.goal, texts()))
    for persona in journey.personas:
        choices.append(("persona", persona.id, "quote", persona.quote, texts()))
    for channel in journey.channels:
        choices.append(("channel", channel.id, "name", channel.name, NAMES))
    for pain in journey.pain_points:
        choices.append(("pain point", pain.id, "severity", pain.severity, st.integers(1, 5)))
    for opp in journey.opportunities:
        status = st.sampled_from(jk.model.STATUSES)
        choices.append(("opportunity", opp.id, "status", opp.status, status))
    for flow in journey.flows:
        ends = (flow.source, flow.target)
        choices.append(("flow", ends, "count", flow.count, st.none() | st.integers(0, 10**6)))
    item, ref, field, old, values = draw(st.sampled_from(choices))
    value = draw(values.filter(lambda v: v != old))
    edited = _edit(journey, item, ref, field, value)
    id = " → ".join(ref) if item == "flow" else ref
    return journey, edited, Change("changed", item, id, field, old, value)  # type: ignore[arg-type]


@SETTINGS
@given(single_edits())
def test_property_a_single_edit_is_exactly_one_change(case: tuple[Any, ...]) -> None:
    old, new, expected = case
    assert changes(old, new) == [expected]
    assert changes(new, old) == [attrs.evolve(expected, old=expected.new, new=expected.old)]


def _addressed_elsewhere(journey: jk.Journey, tp: jk.Touchpoint) -> bool:
    """Whether another touchpoint's opportunity addresses one of ``tp``'s pain points."""
    pains = {p.id for p in tp.pain_points}
    return any(
        pains & set(opp.addresses)
        for other in journey.touchpoints
        if other.id != tp.id
        for opp in other.opportunities
    )


@st.composite
def edited_pairs(draw: st.DrawFn) -> tuple[jk.Journey, jk.Journey]:
    """A journey and a version of it after a few random edits of its touchpoints."""
    journey = draw(journeys(min_stages=1))
    for _ in range(draw(st.integers(1, 4))):
        tps = journey.touchpoints
        action = draw(st.sampled_from(["remove", "add", "emotion", "shuffle", "move"]))
        removable = [tp for tp in tps if not _addressed_elsewhere(journey, tp)]
        if action == "remove" and removable:
            journey = journey.remove_touchpoint(draw(st.sampled_from(removable)).id)
        elif action == "add":
            taken = {tp.id for tp in tps} | {s.id for s in journey.stages}
            taken |= {x.id for x in (*journey.personas, *journey.channels)}
            taken |= {x.id for x in (*journey.pain_points, *journey.opportunities)}
            new_id = "added"
            while new_id in taken:
                new_id += "+"
            stage = draw(st.sampled_from(journey.stages))
            index = draw(st.integers(0, len(stage.touchpoints)))
            tp = jk.Touchpoint(id=new_id, name="New", emotion=draw(st.none() | EMOTIONS))
            journey = journey.add_touchpoint(stage.id, tp, index)
        elif action == "emotion" and tps:
            tp = draw(st.sampled_from(tps))
            journey = journey.replace_touchpoint(tp.id, emotion=draw(st.none() | EMOTIONS))
        elif action == "shuffle":
            stage = draw(st.sampled_from(journey.stages))
            order = draw(st.permutations([tp.id for tp in stage.touchpoints]))
            journey = reorder(journey, stage.id, order)
        elif action == "move" and tps and len(journey.stages) > 1:
            tp = draw(st.sampled_from(tps))
            to = draw(st.sampled_from([s.id for s in journey.stages]))
            journey = move_touchpoint(journey, tp.id, to)
    return draw(journeys(min_stages=1)) if draw(st.integers(0, 9)) == 0 else journey, journey


def _keyed(found: list[Change], kind: str) -> set[tuple[Any, ...]]:
    return {(c.item, c.id, c.field, repr(c.old), repr(c.new)) for c in found if c.kind == kind}


@SETTINGS
@given(edited_pairs())
def test_property_diff_is_symmetric(pair: tuple[jk.Journey, jk.Journey]) -> None:
    a, b = pair
    forth, back = diff(a, b, findings=False), diff(b, a, findings=False)
    ab, ba = list(forth.changes), list(back.changes)
    assert _keyed(ab, "added") == {
        (i, id, f, new, old) for i, id, f, old, new in _keyed(ba, "removed")
    }
    assert _keyed(ab, "changed") == {
        (i, id, f, new, old) for i, id, f, old, new in _keyed(ba, "changed")
    }
    between = [c for c in ab if c.kind == "moved" and c.field != "position"]
    assert _keyed(between, "moved") == {
        (i, id, f, new, old)
        for i, id, f, old, new in _keyed([c for c in ba if c.field != "position"], "moved")
    }
    # Which items explain a reordering may differ each way; how many do may not.
    assert sum(c.field == "position" for c in ab) == sum(c.field == "position" for c in ba)
    assert sorted((e.touchpoint, str(e.persona), -e.delta) for e in forth.emotion_deltas) == sorted(
        (e.touchpoint, str(e.persona), e.delta) for e in back.emotion_deltas
    )
    assert bool(forth) == bool(back) == bool(ab)
    if a == b:
        assert not ab


@SETTINGS
@given(edited_pairs())
def test_property_kept_touchpoints_keep_their_relative_order(
    pair: tuple[jk.Journey, jk.Journey],
) -> None:
    a, b = pair
    moved = {c.id for c in changes(a, b) if c.item == "touchpoint" and c.kind == "moved"}
    for stage in b.stages:
        if stage.id not in {s.id for s in a.stages}:
            continue
        was = {tp.id: i for i, tp in enumerate(a.stage(stage.id).touchpoints)}
        kept = [was[tp.id] for tp in stage.touchpoints if tp.id in was and tp.id not in moved]
        assert kept == sorted(kept)
