"""Suppressions: ``ignore`` lists on a journey's items, and JK503 for the stale ones."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import journeykit as jk
from journeykit.analysis.checking import check, rules
from journeykit.testing import journeys

TODAY = date(2026, 6, 1)
CODES = [r.code for r in rules()]

# JK201 on the pain point "slow", JK202 and JK203 on the opportunity "idea".
BASE = jk.Journey(
    title="T",
    stages=[
        jk.Stage(
            name="S",
            touchpoints=[
                jk.Touchpoint(
                    name="A",
                    pain_points=[jk.PainPoint(id="slow", description="Slow", severity=3)],
                ),
                jk.Touchpoint(
                    name="B", opportunities=[jk.Opportunity(id="idea", description="An idea")]
                ),
            ],
        )
    ],
)


def found(journey: jk.Journey, *select: str) -> list[tuple[str, str]]:
    return [
        (f.code, f.location.path)
        for f in check(journey, select=list(select) or ["JK2", "JK503"], today=TODAY)
    ]


def with_ignore(journey: jk.Journey, where: str, *codes: str) -> jk.Journey:
    """``journey`` with ``ignore`` set on the item at ``where`` (an id, or "" for the journey)."""
    if not where:
        return journey.evolve(ignore=codes)
    if where == "slow":
        tp = journey.touchpoint("a")
        pains = [attrs.evolve(p, ignore=codes) for p in tp.pain_points]
        return journey.replace_touchpoint("a", pain_points=pains)
    if where in ("a", "b"):
        return journey.replace_touchpoint(where, ignore=codes)
    return journey.replace_stage(where, ignore=codes)


def test_the_base_journey_has_three_findings() -> None:
    assert found(BASE) == [
        ("JK201", "stages[0].touchpoints[0].pain_points[0]"),
        ("JK202", "stages[0].touchpoints[1].opportunities[0]"),
        ("JK203", "stages[0].touchpoints[1].opportunities[0]"),
    ]


@pytest.mark.parametrize(
    ("where", "codes", "left"),
    [
        pytest.param("slow", ["JK201"], ["JK202", "JK203"], id="the-item-itself"),
        pytest.param("a", ["JK201"], ["JK202", "JK203"], id="the-item-holding-it"),
        pytest.param("s", ["JK201"], ["JK202", "JK203"], id="the-stage"),
        pytest.param("", ["JK201"], ["JK202", "JK203"], id="the-journey"),
        pytest.param("b", ["JK20"], ["JK201"], id="a-prefix"),
        pytest.param("b", [" jk202 "], ["JK201", "JK203"], id="any-case-and-spaces"),
        pytest.param("", ["JK"], [], id="everything"),
    ],
)
def test_an_ignore_suppresses_findings_at_and_under_its_item(
    where: str, codes: list[str], left: list[str]
) -> None:
    assert [code for code, _ in found(with_ignore(BASE, where, *codes))] == left


def test_an_ignore_does_not_reach_a_sibling() -> None:
    # JK201 is on touchpoint a; an ignore on touchpoint b does not cover it, and goes unused.
    assert found(with_ignore(BASE, "b", "JK201", "JK202")) == [
        ("JK201", "stages[0].touchpoints[0].pain_points[0]"),
        ("JK203", "stages[0].touchpoints[1].opportunities[0]"),
        ("JK503", "stages[0].touchpoints[1].ignore[0]"),
    ]


def test_jk503_reports_what_suppresses_nothing() -> None:
    journey = with_ignore(BASE, "a", "JK202", "JK201", "jk299")
    findings = check(journey, select=["JK2", "JK503"], today=TODAY)
    stale = [f for f in findings if f.code == "JK503"]
    assert [(f.location.path, f.location.ids) for f in stale] == [
        ("stages[0].touchpoints[0].ignore[0]", ("a",)),
        ("stages[0].touchpoints[0].ignore[2]", ("a",)),
    ]
    assert stale[0].severity == "warning"
    assert (
        stale[0].message == "'JK202' in `ignore` suppresses nothing: the rule reports nothing here"
    )
    assert stale[1].message == "'jk299' in `ignore` is not a rule code or prefix"


def test_jk503_leaves_alone_what_it_cannot_judge() -> None:
    # JK3 did not run: nothing tells whether the suppression is needed.
    assert found(with_ignore(BASE, "a", "JK301")) == found(BASE)
    # Conformance codes are for journeykit conform to use.
    assert found(with_ignore(BASE, "a", "JK904", "JK9")) == found(BASE)
    # A suppression of JK503 itself (or a prefix of it) is never reported.
    assert found(with_ignore(BASE, "a", "JK503", "JK5"), "JK2", "JK5") == found(BASE, "JK2", "JK5")


def test_jk503_findings_can_be_suppressed_and_deselected() -> None:
    stale = with_ignore(BASE, "s", "JK602")  # no metric is off target: nothing to suppress
    assert ("JK503", "stages[0].ignore[0]") in found(stale, "JK2", "JK5", "JK6")
    quiet = stale.evolve(ignore=["JK503"])
    assert ("JK503", "stages[0].ignore[0]") not in found(quiet, "JK2", "JK5", "JK6")
    assert found(stale, "JK2") == found(BASE, "JK2")


def test_ignore_entries_are_checked_when_the_journey_is_built() -> None:
    with pytest.raises(jk.ValidationError) as caught:
        jk.from_dict(
            {
                "journeykit": 1,
                "title": "T",
                "ignore": "JK2",
                "stages": [{"name": "S", "ignore": ["JK201", "E 501", 7]}],
            }
        )
    assert sorted(str(p) for p in caught.value.problems) == [
        "ignore: expected a list, got 'JK2'",
        "stages[0].ignore[1]: 'E 501' is not a rule code or prefix (such as JK201 or JK2)",
        "stages[0].ignore[2]: 7 is not a rule code or prefix (such as JK201 or JK2)",
    ]


def test_ignore_survives_every_format() -> None:
    journey = with_ignore(with_ignore(with_ignore(BASE, "", "JK6"), "slow", "JK201"), "s", "JK1")
    journey = journey.evolve(flows=[jk.Flow(source="a", target="b", ignore=["JK104"])])
    for fmt in ("json", "yaml", "mermaid"):
        assert jk.loads(jk.dumps(journey, format=fmt), format=fmt) == journey, fmt
    assert '%% journeykit: {"id": "s", "ignore": ["JK1"]}' in jk.to_mermaid(journey)
    assert jk.from_networkx(jk.to_networkx(journey)) == journey


def test_conformance_findings_are_suppressed_in_the_design() -> None:
    pd = pytest.importorskip("pandas")
    design = jk.Journey(
        title="Shop",
        stages=[jk.Stage(name="Buy", touchpoints=[jk.Touchpoint(name="Home")])],
    )
    log = pd.DataFrame(
        {
            "case": ["a", "a"],
            "timestamp": pd.to_datetime(["2026-03-01 10:00", "2026-03-01 10:05"]),
            "touchpoint": ["Home", "Chat"],
        }
    )

    def codes(journey: jk.Journey) -> list[str]:
        columns = {"case": "case", "timestamp": "timestamp", "touchpoint": "touchpoint"}
        return [f.code for f in jk.events.compare(journey, log, **columns)]

    assert "JK902" in codes(design)
    assert "JK902" not in codes(design.evolve(ignore=["jk90"]))


# -- properties --------------------------------------------------------------------


@given(journey=journeys(), code=st.sampled_from(sorted({c[:n] for c in CODES for n in (4, 5)})))
def test_ignoring_on_the_journey_removes_exactly_those_findings(
    journey: jk.Journey, code: str
) -> None:
    before = check(journey, ignore=["JK503"], today=TODAY)
    after = check(journey.evolve(ignore=[*journey.ignore, code]), ignore=["JK503"], today=TODAY)
    assert list(after) == [f for f in before if not f.code.startswith(code)]


@given(journey=journeys())
def test_suppressions_only_take_findings_away(journey: jk.Journey) -> None:
    everything = list(check(_without_ignores(journey), today=TODAY))
    kept = [f for f in check(journey, today=TODAY) if f.code != "JK503"]
    assert set(kept) <= set(everything)
    assert len(kept) <= len(everything)


def _without_ignores(journey: jk.Journey) -> jk.Journey:
    return jk.from_dict(_strip(jk.to_dict(journey)))


def _strip(node: object) -> object:
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k != "ignore"}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node
