"""The map on pages: slides and paper, an overview and detail pages, nothing below the minimum.

Issue 11 item 1. Every page is exactly the page's size; no text is smaller
than the page allows; text stays on its page, in its cell, clear of other
text; nothing that matters is cut or lost (every touchpoint and every pain
point is on a page, whole); and jk.save writes the pages into one PDF, or one
SVG or PNG a page.
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pytest

import journeykit as jk
from journeykit.layout.pages import PAGES, Pages, page_of, page_theme
from journeykit.layout.scene import Group, Rect, Scene
from journeykit.layout.theme import THEMES
from journeys import generated_journey, scene_groups, texts_in
from test_views import layout_problems

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
JOURNEYS = ("coffee-maker.json", "hospital-visit.yaml", "generated")


@cache
def journey_named(name: str) -> jk.Journey:
    return generated_journey() if name == "generated" else jk.load(EXAMPLES / name)


@cache
def pages_of(name: str, page: str) -> Pages:
    laid_out = jk.scene(journey_named(name), page=page)
    assert isinstance(laid_out, Pages)
    return laid_out


# -- pages --------------------------------------------------------------------------


def test_the_named_pages() -> None:
    assert page_of("screen") is None
    assert page_of(None) is None
    slide = page_of("slide")
    assert slide is not None
    assert (slide.width, slide.height, slide.body, slide.smallest) == (1920, 1080, 18, 14)
    a3 = page_of("a3")
    assert a3 is not None
    assert a3.millimetres is not None
    assert [round(v) for v in a3.millimetres] == [420, 297]
    assert round(a3.width, 2) == 1190.55  # points: a PDF page is the paper's size
    custom = page_of((1280, 720))
    assert custom is not None
    assert (custom.width, custom.height) == (1280, 720)


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("slides", "did you mean 'slide'"),
        ((100, 100), "320 to 20,000"),
        ((1280, float("nan")), "320 to 20,000"),
        ((1280,), "expected one of screen"),
        (3, "option page: expected str, tuple or list"),
    ],
)
def test_a_bad_page_is_refused(page: object, message: str) -> None:
    with pytest.raises(jk.JourneyError, match=re.escape(message)):
        jk.scene(journey_named("coffee-maker.json"), page=page)


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("theme", list(THEMES))
def test_a_page_scales_the_type_to_its_minimums(name: str, theme: str) -> None:
    page = PAGES[name]
    base = THEMES[theme]
    t = page_theme(base, page)
    assert t.small_size >= page.smallest - 1e-9
    assert t.body_size >= page.body - 1e-9
    assert min(t.small_size - page.smallest, t.body_size - page.body) < 1e-9, (
        "no larger than needed"
    )
    assert t.title_size / t.body_size == pytest.approx(base.title_size / base.body_size)


# -- every page of every journey ---------------------------------------------------------


@pytest.mark.parametrize("page", ["slide", "a3"])
@pytest.mark.parametrize("name", JOURNEYS)
def test_every_page_is_the_page_and_legible(name: str, page: str) -> None:
    pages = pages_of(name, page)
    sheet = PAGES[page]
    for n, scene in enumerate(pages, start=1):
        assert (scene.width, scene.height) == (sheet.width, sheet.height)
        assert scene.page == sheet
        small = [(t.size, t.lines[0]) for t in scene.texts() if t.lines and t.size < sheet.smallest]
        assert not small, f"{name} page {n}: text below {sheet.smallest}: {small[:3]}"
        problems = layout_problems(scene)
        assert not problems, f"{name} on {page}, page {n}: " + "\n".join(problems[:10])
        bottom = max(t.box[1] + t.box[3] for t in scene.texts() if t.box and t.lines)
        assert bottom <= sheet.height - sheet.margin + 1, f"page {n} runs into its margin"


@pytest.mark.parametrize("page", ["slide", "a3"])
@pytest.mark.parametrize("name", JOURNEYS)
def test_nothing_that_matters_is_cut_or_lost_on_pages(name: str, page: str) -> None:
    journey = journey_named(name)
    pages = pages_of(name, page)
    cards = [g for scene in pages for g in scene_groups(scene, "touchpoint")]
    pains = [g for scene in pages for g in scene_groups(scene, "pain-point")]
    assert {g.title for g in cards} == {" ".join(tp.name.split()) for tp in journey.touchpoints}
    assert len(pains) == sum(len(tp.pain_points) for tp in journey.touchpoints), "every pain point"
    for group in cards + pains:
        cut = [t for t in texts_in(group) if t.full is not None]
        assert not cut, f"{name} on {page}: {group.cls} {group.title!r} is cut"


@pytest.mark.parametrize("page", ["slide", "a3", "a4"])
@pytest.mark.parametrize("name", ["coffee-maker.json", "hospital-visit.yaml"])
def test_the_examples_lose_no_word_on_pages(name: str, page: str) -> None:
    # Opportunities, their owners and stage goals run to their end on paper too,
    # not only pain points and names: the examples' texts all fit their rows.
    cut = [
        " ".join(t.lines)
        for scene in pages_of(name, page)
        for t in scene.texts()
        if t.full is not None
    ]
    assert not cut, f"{name} on {page}: {len(cut)} texts cut, the first: {cut[0]!r}"


@pytest.mark.parametrize("page", ["slide", "a3"])
@pytest.mark.parametrize("name", JOURNEYS)
def test_the_first_page_is_an_overview_with_the_story(name: str, page: str) -> None:
    journey = journey_named(name)
    pages = pages_of(name, page)
    assert len(pages) > 1
    first = pages[0]
    lines = [" ".join(t.lines) for t in first.texts()]
    assert journey.title in lines
    assert any(line.startswith("Objective:") for line in lines)
    assert len(scene_groups(first, "emotion-curve")) == 1
    hero = next(g for g in first.walk() if isinstance(g, Group) and g.id == "row-emotion")
    height = next(c for c in hero.children if isinstance(c, Rect)).height
    assert height >= first.height / 4, "the curve is the hero of the overview"
    stages = [g.title for g in scene_groups(first, "stage")]
    assert stages == [" ".join(s.name.split()) for s in journey.stages]
    hot = [g.title for g in scene_groups(first, "hotspot-card")]
    top = [h.name for h in jk.hotspots(journey) if h.score > 0][:3]
    assert hot == top
    assert "page 1 of" in " ".join(lines)


def test_a_small_journey_is_one_page_with_its_header() -> None:
    journey = jk.Journey(
        title="Two steps",
        objective="See both",
        stages=[
            jk.Stage(name="Look", touchpoints=[jk.Touchpoint(name="Ad", emotion=0.3)]),
            jk.Stage(
                name="Buy",
                touchpoints=[
                    jk.Touchpoint(
                        name="Pay",
                        emotion=-0.4,
                        pain_points=[jk.PainPoint(description="Slow", severity=3)],
                    )
                ],
            ),
        ],
    )
    (only,) = jk.scene(journey, page="slide")
    lines = [" ".join(t.lines) for t in only.texts()]
    assert "Two steps" in lines
    assert "Objective: See both" in lines
    assert "page 1 of 1" in lines
    assert scene_groups(only, "pain-point")


def test_a_stage_longer_than_a_page_is_split_and_says_so() -> None:
    long = jk.Journey(
        title="Long",
        stages=[
            jk.Stage(
                name="Everything",
                touchpoints=[jk.Touchpoint(name=f"Step {i}", emotion=0.1) for i in range(20)],
            )
        ],
    )
    pages = jk.scene(long, page="a4")
    headers = [g for scene in pages for g in scene_groups(scene, "stage")]
    names = {" ".join(t.lines) for g in headers for t in texts_in(g)}
    assert "Everything (continued)" in names
    cards = [g.title for scene in pages for g in scene_groups(scene, "touchpoint")]
    assert sorted(set(cards)) == sorted(f"Step {i}" for i in range(20))


def test_screen_is_one_scene_and_pages_are_pages() -> None:
    journey = journey_named("coffee-maker.json")
    assert isinstance(jk.scene(journey, page="screen"), Scene)
    assert isinstance(jk.scene(journey), Scene)
    assert isinstance(jk.scene(journey, page=(1600, 900)), Pages)


# -- writing pages -----------------------------------------------------------------------


def test_render_gives_a_document_a_page() -> None:
    journey = journey_named("coffee-maker.json")
    svgs = jk.render(journey, page="slide")
    assert isinstance(svgs, list)
    assert len(svgs) == len(pages_of("coffee-maker.json", "slide"))
    assert all(str(s).startswith("<svg") for s in svgs)
    prefixes = {s.id_prefix for s in svgs}
    assert len(prefixes) == len(svgs), "pages never share ids"
    named = jk.render(journey, page="slide", id_prefix="deck")
    assert [s.id_prefix for s in named[:2]] == ["deckp1-", "deckp2-"]


def test_a_printed_page_says_its_size_in_millimetres() -> None:
    svg = str(jk.render(journey_named("coffee-maker.json"), page="a3")[0])
    assert 'width="420mm"' in svg
    assert 'height="297mm"' in svg
    assert 'viewBox="0 0 1190.55 841.89"' in svg


def test_save_writes_one_svg_a_page_numbered(tmp_path: Path) -> None:
    journey = journey_named("coffee-maker.json")
    count = len(pages_of("coffee-maker.json", "slide"))
    jk.save(journey, tmp_path / "map.svg", page="slide")
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(f"map-{n}.svg" for n in range(1, count + 1))
    assert not (tmp_path / "map.svg").exists()
    one = jk.Journey(
        title="One", stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="T")])]
    )
    jk.save(one, tmp_path / "one.svg", page="slide")
    assert (tmp_path / "one.svg").read_text(encoding="utf-8").startswith("<svg")


def test_several_pages_do_not_go_into_one_svg_file_object() -> None:
    with pytest.raises(jk.JourneyError, match=r"pages and a \.svg holds one"):
        jk.save(journey_named("coffee-maker.json"), io.BytesIO(), format="svg", page="slide")


def _pdf_pages(data: bytes) -> list[tuple[float, float]]:
    return [
        (float(w), float(h))
        for w, h in re.findall(rb"/MediaBox \[ *0 0 ([\d.]+) ([\d.]+) *\]", data)
    ]


@pytest.mark.soak  # another file format, through matplotlib
def test_save_writes_every_page_into_one_pdf(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    journey = journey_named("coffee-maker.json")
    target = tmp_path / "map.pdf"
    jk.save(journey, target, page="a3")
    data = target.read_bytes()
    boxes = _pdf_pages(data)
    assert len(boxes) == len(pages_of("coffee-maker.json", "a3"))
    assert all(box == pytest.approx((1190.55, 841.89), abs=0.01) for box in boxes), "A3"
    again = io.BytesIO()
    jk.save(journey, again, format="pdf", page="a3")
    assert again.getvalue() == data, "the same journey gives the same bytes"
    assert list(tmp_path.iterdir()) == [target]


# -- every other view on pages -----------------------------------------------------------

OTHER_VIEWS = ("emotion", "hotspots", "coverage", "funnel", "diff")


def _options(view: str, journey: jk.Journey) -> dict[str, object]:
    if view == "diff":
        return {"base": journey.remove_touchpoint(journey.touchpoints[-1].id)}
    return {}


@pytest.mark.parametrize("page", ["slide", "a3"])
@pytest.mark.parametrize("name", JOURNEYS)
@pytest.mark.parametrize("view", OTHER_VIEWS)
def test_every_view_lays_out_on_pages(view: str, name: str, page: str) -> None:
    journey = journey_named(name)
    pages = jk.scene(journey, view, page=page, **_options(view, journey))
    assert isinstance(pages, Pages)
    sheet = PAGES[page]
    for n, scene in enumerate(pages, start=1):
        assert (scene.width, scene.height) == (sheet.width, sheet.height)
        small = [t.size for t in scene.texts() if t.lines and t.size < sheet.smallest - 1e-9]
        assert not small, f"{view} of {name} on {page}, page {n}: text of {min(small):.1f}"
        problems = layout_problems(scene)
        assert not problems, f"{view} of {name} on {page}, page {n}: " + "\n".join(problems[:5])


def test_the_emotion_view_on_a_page_is_the_whole_curve_with_its_moments() -> None:
    journey = journey_named("generated")
    (only,) = jk.scene(journey, "emotion", page="slide")
    assert len(scene_groups(only, "emotion-curve")) == 1
    assert scene_groups(only, "emotion-moment"), "its moments are named"
    assert len(scene_groups(only, "stage")) == len(journey.stages)


def test_a_view_taller_than_a_page_goes_on_pages_with_its_heads_on_each() -> None:
    pages = jk.scene(journey_named("hospital-visit.yaml"), "hotspots", page="slide")
    assert len(pages) > 1
    for scene in pages:
        ids = {g.id for g in scene.walk() if isinstance(g, Group)}
        assert {"header", "legend"} <= ids, "title and key on every page"
    bars = [g.title for scene in pages for g in scene_groups(scene, "hotspot")]
    assert len(bars) == len(set(bars)) == 10, "every bar once"


def test_a_flow_wraps_onto_pages_as_wide_as_the_slide() -> None:
    pages = jk.scene(journey_named("coffee-maker.json"), "flow", page="slide")
    assert len(pages) >= 2  # its rows go on over pages; tests/test_flow_rows.py checks each
    assert all((p.width, p.height) == (1920, 1080) for p in pages)


def test_a_small_view_grows_to_its_page_without_a_transform() -> None:
    (page,) = jk.scene(journey_named("coffee-maker.json"), "funnel", page="slide")
    sizes = {t.size for t in page.texts() if t.lines}
    assert min(sizes) > PAGES["slide"].smallest, "laid out larger than the minimum"
    assert all(g.scale == 1 for g in page.walk() if isinstance(g, Group))


# -- the command line ----------------------------------------------------------------------


def _cli(*argv: str) -> tuple[int, str, str]:
    from journeykit.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(["render", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_the_command_line_draws_pages(tmp_path: Path) -> None:
    coffee = str(EXAMPLES / "coffee-maker.json")
    code, _, err = _cli(coffee, "--page", "1600x900", "-o", str(tmp_path / "m.svg"))
    assert code == 0, err
    count = len(jk.scene(journey_named("coffee-maker.json"), page=(1600, 900)))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"m-{n}.svg" for n in range(1, count + 1)
    )
    code, _, err = _cli(coffee, "--page", "slide")
    assert code == 2
    assert "pages; write them with -o FILE.pdf" in err
    code, _, err = _cli(coffee, "--page", "slides")
    assert code == 2
    assert "did you mean 'slide'" in err
