"""Channel × stage coverage and its gaps."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

import journeykit as jk
from journeykit.analysis.channel_coverage import GAP_KINDS, Coverage, Gap, coverage
from journeykit.testing import journeys

ROOT = Path(__file__).resolve().parents[1]
COFFEE = jk.load(ROOT / "examples" / "coffee-maker.json")
HOSPITAL = jk.load(ROOT / "examples" / "hospital-visit.yaml")


def build(channels: list[str], stages: dict[str, list[str | None]]) -> jk.Journey:
    """A journey whose stages hold one touchpoint per channel listed (None: no channel)."""
    n = iter(range(1000))
    return jk.Journey(
        title="T",
        channels=[jk.Channel(id=ch, name=ch, kind="online") for ch in channels],
        stages=[
            jk.Stage(
                id=stage,
                name=stage,
                touchpoints=[jk.Touchpoint(id=f"t{next(n)}", name="T", channel=ch) for ch in chs],
            )
            for stage, chs in stages.items()
        ],
    )


def gaps(cov: Coverage) -> list[tuple[str, str, str]]:
    return [(g.kind, g.stage, g.channel) for g in cov.gaps]


def test_coffee_maker_matrix() -> None:
    cov = coverage(COFFEE)
    assert cov.channels == tuple(ch.id for ch in COFFEE.channels)
    assert cov.stages == tuple(s.id for s in COFFEE.stages)
    assert cov.count("website", "consideration") == 2
    assert cov.count("website", "purchase") == 1
    assert cov.count("in-home", "delivery-setup") == 2
    assert cov.count("courier", "awareness") == 0
    assert sum(map(sum, cov.counts)) == len(COFFEE.touchpoints)
    assert ("single-channel", "awareness", "social-ads") in gaps(cov)
    interrupted = [(s, ch) for kind, s, ch in gaps(cov) if kind == "interrupted"]
    assert interrupted == [
        ("purchase", "review-sites"),
        ("delivery-setup", "website"),
        ("delivery-setup", "review-sites"),
        ("delivery-setup", "email"),
    ]


def test_touchpoints_without_a_channel_get_a_row_of_their_own() -> None:
    cov = coverage(HOSPITAL)
    assert cov.channels[-1] is None
    assert cov.count(None, "referral") == 1  # referral-wait has no channel
    assert all(g.channel is not None for g in cov.gaps)
    no_none = coverage(COFFEE)
    assert None not in no_none.channels
    assert no_none.count(None, "awareness") == 0


def test_gap_kinds() -> None:
    j = build(
        ["web", "store", "phone", "email"],
        {
            "a": ["web", "web", "store"],
            "b": ["store", None],
            "c": ["web", "store"],
            "d": ["web"],
        },
    )
    cov = coverage(j)
    assert cov.counts == ((2, 0, 1, 1), (1, 1, 1, 0), (0, 0, 0, 0), (0, 0, 0, 0), (0, 1, 0, 0))
    assert cov.channels == ("web", "store", "phone", "email", None)
    assert gaps(cov) == [
        ("single-channel", "b", "store"),
        ("interrupted", "b", "web"),
        ("single-channel", "d", "web"),
        ("missing", "d", "store"),
    ]


def test_declared_but_unused_channels_have_no_gaps() -> None:
    cov = coverage(build(["web", "phone"], {"a": ["web"], "b": ["web"]}))
    assert cov.counts[1] == (0, 0)
    assert {g.channel for g in cov.gaps} == {"web"}
    assert {g.kind for g in cov.gaps} == {"single-channel"}


def test_empty_stage_and_empty_journey() -> None:
    cov = coverage(build(["web"], {"a": ["web"], "b": [], "c": ["web"]}))
    assert gaps(cov) == [
        ("single-channel", "a", "web"),
        ("interrupted", "b", "web"),
        ("single-channel", "c", "web"),
    ]
    empty = coverage(jk.Journey(title="T"))
    assert (empty.channels, empty.stages, empty.counts, empty.gaps) == ((), (), (), ())


def test_count_rejects_unknown_ids() -> None:
    cov = coverage(COFFEE)
    with pytest.raises(jk.UnknownIdError, match="did you mean 'website'"):
        cov.count("websites", "purchase")
    with pytest.raises(jk.UnknownIdError, match="did you mean 'purchase'"):
        cov.count("website", "purchases")
    with pytest.raises(jk.UnknownIdError, match="stage"):
        cov.count("website", "compare")


def test_gap_text() -> None:
    texts: dict[str, str] = {}
    for g in coverage(COFFEE).gaps:
        texts.setdefault(g.kind, str(g))
    assert texts["single-channel"] == "stage 'awareness' is served by channel 'social-ads' alone"
    assert texts["interrupted"] == (
        "channel 'review-sites' has no touchpoint in stage 'purchase', "
        "though it has some before and after"
    )
    assert texts["missing"] == "channel 'website' has no touchpoint in stage 'awareness'"
    assert set(texts) == set(GAP_KINDS)


def test_records() -> None:
    data = coverage(HOSPITAL).to_dict()
    assert set(data) == {"channels", "stages", "counts", "gaps"}
    assert data["channels"][-1] is None
    assert data["counts"][0] == [1, 0, 0, 0, 0]
    assert data["gaps"][0] == {"kind": "missing", "stage": "referral", "channel": "post"}


def test_frame_is_the_matrix() -> None:
    cov = coverage(HOSPITAL)
    frame = cov.to_frame()
    assert frame.shape == (len(cov.channels), len(cov.stages))
    assert list(frame.index) == list(cov.channels)
    assert list(frame.columns) == list(cov.stages)
    assert frame.index.name == "channel"
    assert frame.columns.name == "stage"
    assert frame.loc["on-site", "arrival"] == 4
    assert int(frame.to_numpy().sum()) == len(HOSPITAL.touchpoints)
    assert cov.gaps.to_frame().columns.tolist() == ["kind", "stage", "channel"]


@given(journeys(max_stages=4, max_channels=4, max_flows=0))
def test_coverage_properties(journey: jk.Journey) -> None:
    cov = coverage(journey)
    assert sum(map(sum, cov.counts)) == len(journey.touchpoints)
    for stage in journey.stages:
        for ch in cov.channels:
            expected = sum(1 for tp in stage.touchpoints if tp.channel == ch)
            assert cov.count(ch, stage.id) == expected
    used = {tp.channel for tp in journey.touchpoints} - {None}
    empty_cells = {
        (stage.id, ch)
        for stage in journey.stages
        for ch in used
        if not any(tp.channel == ch for tp in stage.touchpoints)
    }
    cells = {(g.stage, g.channel) for g in cov.gaps if g.kind != "single-channel"}
    assert cells == empty_cells
    singles = {g.stage for g in cov.gaps if g.kind == "single-channel"}
    assert singles == {
        stage.id
        for stage in journey.stages
        if len({tp.channel for tp in stage.touchpoints} - {None}) == 1
    }
    assert all(isinstance(g, Gap) for g in cov.gaps)
