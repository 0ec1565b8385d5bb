"""Journeys and analysis results show themselves in Jupyter as their natural view."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "coffee-maker.json"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def journey() -> jk.Journey:
    return jk.load(EXAMPLE)


def drawn_view(bundle: dict[str, str]) -> str:
    """The view an SVG bundle shows, read from the root element's class."""
    root = ET.fromstring(bundle["image/svg+xml"])
    assert root.tag == f"{SVG}svg"
    classes = root.attrib["class"].split()
    return next(c.removeprefix("journeykit-") for c in classes if c != "journeykit")


CASES: list[tuple[str, Callable[[jk.Journey], Any], str]] = [
    ("journey", lambda j: j, "map"),
    ("check", jk.check, "map"),
    ("hotspots", jk.hotspots, "hotspots"),
    ("emotion_curve", jk.emotion_curve, "emotion"),
    ("coverage", jk.coverage, "coverage"),
    ("funnel", jk.funnel, "funnel"),
    ("loops", jk.loops, "flow"),
    ("paths", jk.paths, "flow"),
    ("diff", lambda j: jk.diff(j, j.replace_touchpoint("compare", emotion=0.3)), "diff"),
]


@pytest.mark.parametrize(("name", "make", "view"), CASES, ids=[c[0] for c in CASES])
def test_results_display_as_their_view(
    journey: jk.Journey, name: str, make: Callable[[jk.Journey], Any], view: str
) -> None:
    result = make(journey)
    bundle = result._repr_mimebundle_()
    assert drawn_view(bundle) == view
    assert bundle["text/plain"] == repr(result)


def test_findings_are_marked_on_the_map(journey: jk.Journey) -> None:
    findings = jk.check(journey, select=["JK201"])
    svg = findings._repr_mimebundle_()["image/svg+xml"]
    texts = "".join(ET.fromstring(svg).itertext())
    assert "JK201" in texts
    assert "JK202" not in texts


def test_a_result_built_by_hand_falls_back_to_text() -> None:
    from journeykit.analysis import Results

    assert Results([])._repr_mimebundle_() == {"text/plain": "Results([])"}


def test_records_leave_display_state_out_of_their_data(journey: jk.Journey) -> None:
    curve = jk.emotion_curve(journey)
    assert set(curve.to_dict()) == {"persona", "points", "moments", "stages"}
