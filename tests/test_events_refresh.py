"""refresh and compare: a designed journey set against events.

The expected values are worked out here by hand from small logs, or by a
plain-Python reading of the events (``following_share``), never by the
code under test.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime, timedelta
from pathlib import Path
from unittest.mock import patch

import attrs
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import journeykit as jk
from journeykit.events import CONFORMANCE_RULES, EventsError, _engine

ROOT = Path(__file__).resolve().parent.parent
COLS = {"case": "customer", "timestamp": "time", "touchpoint": "page"}
T0 = datetime(2026, 3, 1, 9, 0)


def design(flows: bool = True) -> jk.Journey:
    j = jk.Journey(
        title="Shop",
        channels=[jk.Channel(name="Web", kind="online")],
        stages=[
            jk.Stage(
                name="Look",
                touchpoints=[
                    jk.Touchpoint(name="Home", channel="web", reach=100, emotion=0.5),
                    jk.Touchpoint(
                        name="Compare",
                        channel="web",
                        emotion=-0.2,
                        metrics=[jk.Metric(name="Exit rate", value=50, target=20, unit="%")],
                    ),
                ],
                metrics=[jk.Metric(name="Conversion", value=0.9, unit="ratio", target=0.5)],
            ),
            jk.Stage(
                name="Buy",
                touchpoints=[
                    jk.Touchpoint(
                        name="Pay",
                        channel="web",
                        pain_points=[jk.PainPoint(description="Slow", severity=3)],
                        metrics=[jk.Metric(name="CSAT", value=2.0, target=4)],
                    ),
                    jk.Touchpoint(name="Ledger", lane="backstage"),
                ],
            ),
        ],
    )
    if flows:
        j = j.evolve(
            flows=[
                jk.Flow(source="home", target="compare", count=70),
                jk.Flow(source="compare", target="pay", count=40),
                jk.Flow(source="home", target="pay", count=5),
            ]
        )
    return j


def log(
    paths: dict[str, list[str]], scores: dict[tuple[str, int], int] | None = None
) -> pd.DataFrame:
    """One row per event; each customer's events a minute apart."""
    rows = []
    for customer, pages in paths.items():
        for i, page in enumerate(pages):
            score = (scores or {}).get((customer, i))
            rows.append((customer, T0 + timedelta(minutes=i), page, score))
    return pd.DataFrame(rows, columns=["customer", "time", "page", "csat"])


EVENTS = log(
    {
        "a": ["Home", "Compare", "Pay"],
        "b": ["Home", "Pay"],
        "c": ["Home", "Compare"],
        "d": ["Home", "Compare", "Home", "Compare", "Pay"],
        "e": ["Home", "Chatbot", "Pay"],
    },
    scores={("a", 2): 5, ("b", 1): 4, ("d", 4): 3, ("c", 1): 1},
)


# -- refresh -------------------------------------------------------------------


def test_refresh_replaces_what_the_events_measure() -> None:
    old = design()
    new = jk.events.refresh(old, EVENTS, **COLS, sentiment="csat", scale="csat")
    home, compare, pay = (new.touchpoint(i) for i in ("home", "compare", "pay"))
    assert (home.reach, home.entries, home.exits) == (5, 5, 0)
    assert (compare.reach, compare.entries, compare.exits) == (3, 0, 1)
    assert (pay.reach, pay.entries, pay.exits) == (4, 0, 4)
    # Answers: Pay 5, 4, 3 → mean 4 → emotion (4 - 3) / 2; Compare 1 → -1.
    assert pay.emotion == 0.5
    assert compare.emotion == -1.0
    assert home.emotion == 0.5  # no answers at Home: the design's emotion stays
    counts = {(f.source, f.target): f.count for f in new.flows}
    assert counts == {("home", "compare"): 4, ("compare", "pay"): 2, ("home", "pay"): 1}
    # d goes Compare → Home, e goes through a chatbot: neither is a designed flow.
    assert [(f.source, f.target) for f in new.flows] == [(f.source, f.target) for f in old.flows]


def test_refresh_leaves_the_rest_alone() -> None:
    old = design()
    new = jk.events.refresh(old, EVENTS, **COLS)
    assert new.touchpoint("pay").pain_points == old.touchpoint("pay").pain_points
    assert [tp.name for tp in new.touchpoints] == [tp.name for tp in old.touchpoints]
    ledger = new.touchpoint("ledger")
    assert ledger == old.touchpoint("ledger")  # backstage: no customer passes there
    assert new.title == old.title
    assert new.channels == old.channels
    assert new.updated == T0.date()


def test_refresh_updates_measured_metrics_keeping_targets() -> None:
    new = jk.events.refresh(design(), EVENTS, **COLS, sentiment="csat", scale="csat")
    exit_rate = new.touchpoint("compare").metrics[0]
    assert exit_rate.value == pytest.approx(100 / 3, abs=1e-3)  # 1 of 3 ended at Compare, in %
    assert exit_rate.target == 20
    csat = new.touchpoint("pay").metrics[0]
    assert csat.value == 4.0
    assert csat.target == 4
    assert csat.evidence[-1].sample_size == 3
    conversion = new.stage("look").metrics[0]
    funnel = jk.funnel(new).steps[0]
    assert conversion.value == pytest.approx(funnel.conversion, abs=1e-4)
    assert conversion.target == 0.5


def test_refresh_without_designed_flows_counts_the_stage_order_steps() -> None:
    new = jk.events.refresh(design(flows=False), EVENTS, **COLS)
    assert {(f.source, f.target): f.count for f in new.flows} == {
        ("home", "compare"): 4,
        ("compare", "pay"): 2,
    }


def test_refresh_twice_does_not_pile_up_evidence() -> None:
    once = jk.events.refresh(design(), EVENTS, **COLS)
    twice = jk.events.refresh(once, EVENTS, **COLS)
    assert twice == once


def test_refresh_from_merged_counts_equals_refresh_from_events() -> None:
    day1 = EVENTS[EVENTS["customer"].isin(["a", "b"])]
    day2 = EVENTS[~EVENTS["customer"].isin(["a", "b"])]
    counts = jk.events.merge(
        jk.events.aggregate(day1, **COLS, sentiment="csat", scale="csat"),
        jk.events.aggregate(day2, **COLS, sentiment="csat", scale="csat"),
    )
    from_counts = jk.events.refresh(design(), counts)
    from_events = jk.events.refresh(design(), EVENTS, **COLS, sentiment="csat", scale="csat")
    assert from_counts == from_events


def test_refresh_shows_in_a_diff() -> None:
    old = design()
    new = jk.events.refresh(old, EVENTS, **COLS)
    changed = {(c.id, c.field) for c in jk.diff(old, new, findings=False).changes}
    assert ("home", "reach") in changed
    assert ("home", "entries") in changed
    assert any(field == "count" for _, field in changed)


def test_touchpoint_names_are_matched_by_name_case_and_mapping() -> None:
    events = log({"a": ["HOME ", "Checkout page"]})
    new = jk.events.refresh(design(), events, **COLS, touchpoints={"Checkout page": "pay"})
    assert new.touchpoint("home").reach == 1
    assert new.touchpoint("pay").reach == 1
    with pytest.raises(EventsError, match="'nowhere' is not a touchpoint id"):
        jk.events.refresh(design(), events, **COLS, touchpoints={"Checkout page": "nowhere"})


def test_an_aggregate_with_two_names_for_one_touchpoint_is_refused() -> None:
    counts = jk.events.aggregate(log({"a": ["Home", "home"]}), **COLS)
    with pytest.raises(EventsError, match="rename="):
        jk.events.refresh(design(), counts)
    renamed = jk.events.aggregate(log({"a": ["Home", "home"]}), **COLS, rename={"home": "Home"})
    assert jk.events.refresh(design(), renamed).touchpoint("home").reach == 1


def test_refresh_needs_columns_or_counts() -> None:
    with pytest.raises(EventsError, match="case, timestamp, touchpoint"):
        jk.events.refresh(design(), EVENTS)
    with pytest.raises(EventsError, match="expected a Journey"):
        jk.events.refresh("design.json", EVENTS, **COLS)  # type: ignore[arg-type]


# -- compare ---------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 4])
def test_compare_counts_a_table_in_parts_as_one(rows: int) -> None:
    # Long eager polars tables are counted in parts of PART_ROWS rows; here every few rows.
    shuffled = pl.from_pandas(EVENTS).sample(fraction=1.0, shuffle=True, seed=3)
    whole = jk.events.compare(design(), shuffled, **COLS, sentiment="csat", scale="csat")
    with patch.object(_engine, "PART_ROWS", rows):
        parted = jk.events.compare(design(), shuffled, **COLS, sentiment="csat", scale="csat")
    assert list(parted) == list(whole)
    assert (parted.following, parted.share) == (whole.following, whole.share)
    assert whole.following is not None


def test_compare_reports_each_kind_of_difference() -> None:
    result = jk.events.compare(design(), EVENTS, **COLS, sentiment="csat", scale="csat")
    by_code: dict[str, list[jk.Finding]] = {}
    for f in result:
        by_code.setdefault(f.code, []).append(f)
    assert [f.location.ids for f in by_code["JK901"]] == [("compare", "home")]
    assert [f.location.ids for f in by_code["JK902"]] == [("Chatbot",)]
    assert "JK903" not in by_code  # every designed flow was taken
    assert "JK904" not in by_code  # Ledger is backstage
    # a and c follow the design; b does too (Home → Pay is designed); d goes back, e chats.
    assert (result.cases, result.following, result.share) == (5, 3, 0.6)
    assert [f.code for f in by_code["JK905"]] == ["JK905"]
    assert [f.location.ids for f in by_code["JK906"]] == [("home",)]  # 100 designed, 5 seen
    # Compare: designed -0.2, one answer of 1 → -1. Pay has no designed emotion.
    assert [f.location.ids for f in by_code["JK907"]] == [("compare",)]
    assert result.matched == {"Home": "home", "Compare": "compare", "Pay": "pay"}


def test_compare_thresholds_and_selection() -> None:
    loose = jk.events.compare(design(), EVENTS, **COLS, min_share=0.5, reach_tolerance=100)
    assert {f.code for f in loose} == {"JK901", "JK902"}
    only = jk.events.compare(design(), EVENTS, **COLS, select="JK90", ignore=["JK902"])
    assert {f.code for f in only} <= {"JK901", "JK903", "JK904", "JK905", "JK906", "JK907"}
    assert "JK902" not in {f.code for f in only}
    with pytest.raises(EventsError, match="matches no conformance code"):
        jk.events.compare(design(), EVENTS, **COLS, select="JK1")


def test_compare_a_designed_path_never_taken_and_a_touchpoint_never_met() -> None:
    events = log({"a": ["Home", "Pay"]})
    codes = [(f.code, f.location.ids) for f in jk.events.compare(design(), events, **COLS)]
    assert ("JK903", ("home", "compare")) in codes
    assert ("JK904", ("compare",)) in codes


def test_compare_accepts_counts_and_observed_journeys() -> None:
    from_events = jk.events.compare(design(), EVENTS, **COLS)
    counts = jk.events.aggregate(EVENTS, **COLS)
    from_counts = jk.events.compare(design(), counts)
    observed = jk.events.discover(EVENTS, **COLS)
    from_journey = jk.events.compare(design(), observed)
    without_share = [f for f in from_events if f.code != "JK905"]
    assert list(from_counts) == without_share
    assert [(f.code, f.location.ids) for f in from_journey] == [
        (f.code, f.location.ids) for f in without_share
    ]
    assert from_counts.following is None
    assert from_counts.share is None
    assert from_counts.steps_on_design == from_events.steps_on_design


def test_every_conformance_code_is_documented() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for code, (name, severity, _) in CONFORMANCE_RULES.items():
        assert f"### {code} · {name}\n\nSeverity: {severity}" in text
        assert f"| {code} | {name} | {severity} |" in text


# -- the share following the design, against a plain reading of the events -------

PAGES = ["Home", "Compare", "Pay", "Chatbot"]


def following_share(events: pd.DataFrame, journey: jk.Journey) -> tuple[int, int]:
    """Cases whose every touchpoint is designed and every move a designed flow."""
    allowed = {(f.source, f.target) for f in journey.flows}
    ids = {tp.name: tp.id for tp in journey.touchpoints}
    ordered = events.reset_index(drop=True).reset_index().sort_values(["customer", "time", "index"])
    cases = following = 0
    for _, group in ordered.groupby("customer", sort=False):
        path = [ids.get(name) for name in group["page"]]
        cases += 1
        ok = all(p is not None for p in path) and all(
            a == b or (a, b) in allowed for a, b in itertools.pairwise(path)
        )
        following += ok
    return cases, following


@given(
    st.dictionaries(
        st.sampled_from("abcdefgh"),
        st.lists(st.sampled_from(PAGES), min_size=1, max_size=6),
        min_size=1,
    )
)
def test_the_share_following_the_design_matches_a_plain_reading(
    paths: dict[str, list[str]],
) -> None:
    events = log(paths)
    journey = design()
    cases, following = following_share(events, journey)
    for table in (events, pl.from_pandas(events)):
        result = jk.events.compare(journey, table, **COLS)
        assert (result.cases, result.following) == (cases, following)


def test_compare_on_the_bundled_example_finds_the_simulated_detours() -> None:
    events = pl.scan_csv(ROOT / "examples" / "coffee-maker-events.csv.gz", try_parse_dates=True)
    designed = jk.load(ROOT / "examples" / "coffee-maker.json")
    result = jk.events.compare(
        designed, events, case="customer_id", timestamp="timestamp", touchpoint="touchpoint"
    )
    detours = {f.location.ids for f in result if f.code == "JK901"}
    # tools/make_example_events.py sends customers back from compare to the
    # product page and straight from the product page to checkout.
    assert detours == {("compare", "product-page"), ("product-page", "checkout")}
    assert [f.location.ids for f in result if f.code == "JK902"] == [("Asks the chatbot",)]
    assert result.share is not None
    assert 0.9 < result.share < 1
    assert re.search(r"\d+ customers met touchpoint 'Asks the chatbot'", str(result.findings))


def test_conformance_findings_are_records() -> None:
    result = jk.events.compare(design(), EVENTS, **COLS)
    record = result.to_dict()
    assert record["cases"] == 5
    assert {f["code"] for f in record["findings"]} >= {"JK901", "JK902"}
    assert attrs.has(type(result))


def test_metrics_of_other_names_are_refreshed_when_mapped() -> None:
    renamed = design().replace_touchpoint(
        "compare", metrics=[jk.Metric(name="Checkout abandonment", value=50, unit="%")]
    )
    plain = jk.events.refresh(renamed, EVENTS, **COLS)
    assert plain.touchpoint("compare").metrics[0].value == 50  # not a known name
    mapped = jk.events.refresh(
        renamed, EVENTS, **COLS, metrics={"checkout abandonment": "exit rate"}
    )
    assert mapped.touchpoint("compare").metrics[0].value == pytest.approx(100 / 3, abs=1e-3)
    with pytest.raises(EventsError, match="is not one of"):
        jk.events.refresh(renamed, EVENTS, **COLS, metrics={"x": "exits per hour"})
