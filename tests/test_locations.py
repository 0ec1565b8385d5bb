"""Locations are structured: steps into the journey, written as a path only for people."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import journeykit as jk
from journeykit.analysis.findings import Finding, Location
from journeykit.layout.views.map import _findings_by_touchpoint

ROOT = Path(__file__).resolve().parents[1]
COFFEE = jk.load(ROOT / "examples" / "coffee-maker.json")
TODAY = date(2026, 10, 1)

keys = st.text(st.characters(exclude_characters=".[]", exclude_categories=["Cs"]), min_size=1)
steps = st.tuples(keys, st.lists(st.one_of(keys, st.integers(0, 10**6)))).map(
    lambda first_rest: (first_rest[0], *first_rest[1])
)


@given(steps)
def test_path_round_trips_to_the_same_steps(where: tuple[str | int, ...]) -> None:
    location = Location(where, ("x",))
    assert Location(location.path, ("x",)) == location
    assert str(location) == location.path


def test_path_is_written_as_before() -> None:
    where = Location(("stages", 2, "touchpoints", 0, "pain_points", 1), ("queue",))
    assert where.path == "stages[2].touchpoints[0].pain_points[1]"
    assert str(Location(())) == "journey"
    assert Location(()).path == ""
    assert Location("flows[3]").steps == ("flows", 3)


@pytest.mark.parametrize(
    "bad",
    [
        "stages[x]",
        "stages..touchpoints",
        ".stages",
        "stages[1",
        ("stages", -1),
        ("stages", True),
        (0, "stages"),
        ("a.b",),
        ("",),
        None,
        ("stages", 1.5),
    ],
)
def test_bad_steps_are_journey_errors(bad: object) -> None:
    with pytest.raises(jk.JourneyError, match="location"):
        Location(bad)  # type: ignore[arg-type]


def test_plain_data_is_path_and_ids_as_before() -> None:
    finding = Finding("JK201", "warning", "m", Location(("stages", 0), ("a",)), "h")
    assert finding.to_dict()["location"] == {"path": "stages[0]", "ids": ["a"]}
    built = jk.from_dict(jk.to_dict(COFFEE))
    assert json.loads(json.dumps(jk.check(built, today=TODAY).to_dict()))[0]["location"].keys() == {
        "path",
        "ids",
    }
    # Read from a file, the line and column join them.
    assert json.loads(json.dumps(jk.check(COFFEE, today=TODAY).to_dict()))[0][
        "location"
    ].keys() == {"path", "ids", "line", "column"}


def test_rules_build_locations_from_steps() -> None:
    """Every step a rule reports is a key or a real index, and leads somewhere in the file."""
    findings = jk.check(COFFEE, today=TODAY)
    assert findings
    document = jk.to_dict(COFFEE)
    for finding in findings:
        node: object = document
        for step in finding.location.steps:
            assert isinstance(step, str | int)
            assert not isinstance(step, bool)
            if isinstance(step, int):
                assert isinstance(node, list)
                node = node[step]
            else:
                assert isinstance(node, dict)
                node = node.get(step)  # a missing field (no `updated`) is a place too


def test_the_map_files_a_finding_under_the_touchpoint_its_steps_lead_to() -> None:
    pain = COFFEE.stages[1].touchpoints[2].pain_points[0]
    finding = Finding(
        "JK301",
        "warning",
        "no evidence",
        Location(("stages", 1, "touchpoints", 2, "pain_points", 0), (pain.id,)),
    )
    elsewhere = Finding("JK999", "info", "far away", Location(("stages", 99, "touchpoints", 0)))
    found = _findings_by_touchpoint(COFFEE, [finding, elsewhere], TODAY)
    assert found == {COFFEE.stages[1].touchpoints[2].id: [finding]}
