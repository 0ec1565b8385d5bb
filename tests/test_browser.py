"""Every view, measured in a real browser: no text leaves its cell, the canvas, or another's way.

The layout measures text with DejaVu Sans metrics; this test asks headless
Chromium where the text really ends up. For each journey, every view is
rendered to SVG and inlined into one XHTML page (each with its own
``id_prefix``); a script in that page — ours, not part of the SVG we ship —
reads the bounding box of every ``<text>`` and writes them as JSON into the
page, which ``chromium --dump-dom`` prints. The boxes are compared with the
Scene: its ``texts()`` come in the same order as the ``<text>`` elements,
and each has the ``box`` (the cell) it was fitted to.

Without Chromium the module is skipped, except in CI (``CI=true``), where a
missing browser is a failure: there the test must run. Set
``JOURNEYKIT_SCREENSHOTS`` to a directory to get a PNG of each view of the
coffee-maker example.
"""

from __future__ import annotations

import html
import itertools
import json
import math
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest

import journeykit as jk
from journeykit import render
from journeykit.layout.scene import Scene, Text
from journeykit.layout.text import text_width
from journeykit.layout.views import VIEWS
from journeykit.rendering import scene as layout
from journeykit.rendering.registry import get_renderer

# Slow (a real browser, a notebook kernel): .ci/run runs these; the README's command does not.
pytestmark = pytest.mark.soak

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)
IN_CI = os.environ.get("CI") == "true"

if CHROMIUM is None and not IN_CI:
    pytest.skip(
        "no Chromium on PATH (looked for chromium, chromium-browser, google-chrome); "
        "install Debian's `chromium` package to check text placement in a real browser",
        allow_module_level=True,
    )

# The SVG writes coordinates to 0.01 and Chromium rounds a glyph's ink outwards to whole
# pixels (a "T" starts about 1 unit left of its pen position), hence the 0.01 on top.
TOLERANCE = 1.0 + 0.01  # scene units a text may pass its cell's sides or the canvas by
V_TOLERANCE = 2.0 + 0.01  # the same above and below the cell: browsers round font metrics
OVERLAP = 0.5  # two texts may share this much in both directions before they overlap
TIMEOUT = 120  # seconds for one Chromium run
REFERENCE = "Hamburgefonstiv 0123456789"  # measured to check the font is DejaVu Sans


@pytest.fixture(autouse=True)
def _chromium_is_required_in_ci() -> None:
    if CHROMIUM is None:
        pytest.fail(
            "CI=true but no Chromium on PATH (chromium, chromium-browser, google-chrome): "
            ".ci/run must install Debian's `chromium` package so the browser test runs",
            pytrace=False,
        )


# -- the journeys -----------------------------------------------------------------


def _cut(text: str, length: int) -> str:
    """``text`` repeated or cut to exactly ``length`` characters, ending on a non-space."""
    out = (text * (length // max(len(text), 1) + 1))[:length]
    return out[:-1] + "x" if out.endswith(" ") else out


_WORDS = "lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
_UNBROKEN = "Supercalifragilisticexpialidocious" * 20
_CJK = "顧客体験の旅程図を作るための長い説明文です。咖啡机的购买旅程。고객 여정 지도입니다. "


def _long(seed: int, low: int = 300, high: int = 3000) -> str:
    """A text of ``low``–``high`` characters mixing prose, an unbroken word and CJK."""
    length = low + (seed * 733) % (high - low + 1)
    parts = [f"Item {seed}: ", _WORDS * 3, _UNBROKEN, " ", _CJK * 3, _WORDS * 20]
    start = seed % 4
    return _cut("".join(parts[start:] + parts[:start]), length)


def long_journey() -> jk.Journey:
    """5 stages × 4 touchpoints, every name 300–3,000 characters, 20 actions each."""
    n = iter(range(1, 100_000))
    personas = [
        jk.Persona(
            id=f"persona-{i}",
            name=_long(next(n)),
            segment=_long(next(n)),
            goals=[_long(next(n)) for _ in range(3)],
            quote=_long(next(n)),
        )
        for i in range(3)
    ]
    channels = [
        jk.Channel(id=f"channel-{i}", name=_long(next(n)), kind="online" if i % 2 else "offline")
        for i in range(3)
    ]
    stages = []
    for s in range(5):
        touchpoints = []
        for t in range(4):
            k = s * 4 + t
            emotion = round(math.sin(k) * 0.9, 2)
            pains = [
                jk.PainPoint(
                    id=f"pain-{k}-{p}", description=_long(next(n), 20, 900), severity=p % 5 + 1
                )
                for p in range(8)
            ]
            touchpoints.append(
                jk.Touchpoint(
                    id=f"tp-{k}",
                    name=_long(next(n)),
                    channel=f"channel-{k % 3}",
                    actions=[_long(next(n), 20, 600) for _ in range(20)],
                    questions=[_long(next(n), 20, 600) for _ in range(5)],
                    thoughts=[_long(next(n), 20, 600) for _ in range(5)],
                    emotion=emotion,
                    emotions={f"persona-{i}": round(math.cos(k + i), 2) for i in range(3)},
                    pain_points=pains,
                    opportunities=[
                        jk.Opportunity(
                            id=f"opp-{k}-{o}",
                            description=_long(next(n), 20, 900),
                            addresses=[f"pain-{k}-{o}"],
                            owner=_long(next(n), 10, 300),
                            impact=o % 5 + 1,
                            effort=(o + 2) % 5 + 1,
                            status="planned",
                        )
                        for o in range(8)
                    ],
                    metrics=[
                        jk.Metric(
                            name=_long(next(n), 20, 400),
                            value=1234567.891 * (m + 1),
                            target=1000000.0 * (m + 1),
                            unit=_long(next(n), 5, 60),
                        )
                        for m in range(8)
                    ],
                    reach=10_000 * (k + 1),
                )
            )
        stages.append(
            jk.Stage(
                id=f"stage-{s}",
                name=_long(next(n)),
                goal=_long(next(n)),
                touchpoints=touchpoints,
                metrics=[
                    jk.Metric(name=_long(next(n), 20, 400), value=0.123 * (s + 1), unit="ratio")
                ],
            )
        )
    ids = [f"tp-{k}" for k in range(20)]
    return jk.Journey(
        title=_long(next(n), 1000, 1000),
        objective=_long(next(n), 3000, 3000),
        scope=_long(next(n), 3000, 3000),
        personas=personas,
        channels=channels,
        stages=stages,
        flows=[
            jk.Flow(source=a, target=b, count=10_000 - 400 * i)
            for i, (a, b) in enumerate(itertools.pairwise(ids))
        ],
    )


def with_changes(journey: jk.Journey) -> jk.Journey:
    """``journey`` with a couple of changes: the older version a diff compares with."""
    first, last = journey.touchpoints[0], journey.touchpoints[-1]
    old = journey.replace_touchpoint(
        first.id, emotion=0.5 if first.emotion != 0.5 else -0.5, name=first.name + " (before)"
    )
    return old.remove_touchpoint(last.id)


@cache
def journey_named(name: str) -> jk.Journey:
    if name == "long-names":
        return long_journey()
    return jk.load(EXAMPLES / name)


JOURNEYS = ("coffee-maker.json", "hospital-visit.yaml", "long-names")


def options_for(view: str, journey: jk.Journey) -> dict[str, Any]:
    return {"base": with_changes(journey)} if view == "diff" else {}


# -- measuring in Chromium ----------------------------------------------------------

_SCRIPT = """
window.addEventListener('load', function () {
  var SVG = 'http://www.w3.org/2000/svg';
  var out = {views: {}, reference: null};
  var views = document.querySelectorAll('div.view');
  for (var i = 0; i < views.length; i++) {
    var root = views[i].getElementsByTagNameNS(SVG, 'svg')[0];
    var texts = views[i].getElementsByTagNameNS(SVG, 'text');
    var boxes = [];
    for (var k = 0; k < texts.length; k++) {
      try {
        var b = texts[k].getBBox();
        // In the map's own units: through the moves of the groups around the text.
        var m = root.getScreenCTM().inverse().multiply(texts[k].getScreenCTM());
        boxes.push([m.a * b.x + m.e, m.d * b.y + m.f, m.a * b.width, m.d * b.height]);
      } catch (e) {
        boxes.push(null);
      }
    }
    out.views[views[i].getAttribute('data-view')] = boxes;
  }
  var ref = document.getElementById('reference').getBBox();
  out.reference = [ref.x, ref.y, ref.width, ref.height];
  document.getElementById('out').textContent = JSON.stringify(out);
});
"""


def page_of(svgs: dict[str, str]) -> str:
    """An XHTML page holding ``svgs`` (view → SVG text) and the measuring script.

    XHTML, so the browser parses each SVG with its XML parser, as it would the file.
    """
    views = "\n".join(
        f'<div class="view" data-view="{html.escape(view)}">{svg}</div>'
        for view, svg in svgs.items()
    )
    reference = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40">'
        '<text id="reference" x="0" y="20" font-size="20" '
        f'font-family="DejaVu Sans, Verdana, Geneva, sans-serif">{REFERENCE}</text></svg>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="utf-8"/>'
        "<title>journeykit layout check</title></head><body>\n"
        f"{reference}\n{views}\n"
        '<pre id="out">pending</pre>\n'
        f"<script>//<![CDATA[\n{_SCRIPT}\n//]]></script>\n"
        "</body></html>\n"
    )


def chromium(*args: str, user_data: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={user_data}",
        "--virtual-time-budget=5000",
        *args,
    ]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=TIMEOUT, check=False, errors="replace"
    )


def measure_page(page: Path, work: Path) -> dict[str, Any]:
    """Open ``page`` in headless Chromium and return what its script measured."""
    done = chromium("--dump-dom", page.as_uri(), user_data=work / "profile")
    found = re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.DOTALL)
    if found is None or found.group(1) == "pending":
        raise AssertionError(
            f"Chromium did not report measurements (exit {done.returncode}); "
            f"stderr ends: {done.stderr[-1500:]}"
        )
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return result


@attrs.frozen
class Measured:
    """One view of one journey: its scene and the text boxes Chromium measured, or an error."""

    scene: Scene | None
    boxes: list[list[float] | None] | None
    error: str | None = None


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, Measured]]:
    """Measure every view of a journey, one Chromium launch per journey, once per module."""
    results: dict[str, dict[str, Measured]] = {}

    def get(name: str) -> dict[str, Measured]:
        if name in results:
            return results[name]
        journey = journey_named(name)
        svg = get_renderer("svg")
        scenes: dict[str, Scene] = {}
        svgs: dict[str, str] = {}
        out: dict[str, Measured] = {}
        for i, view in enumerate(VIEWS):
            try:
                scene = layout(journey, view, **options_for(view, journey))
                svgs[view] = str(svg.render(scene, id_prefix=f"v{i}-"))
                scenes[view] = scene
            except Exception as exc:
                out[view] = Measured(None, None, f"{type(exc).__name__}: {exc}"[:2000])
        work = tmp_path_factory.mktemp(f"browser-{re.sub(r'[^a-z0-9]+', '-', name)}")
        page = work / "page.xhtml"
        page.write_text(page_of(svgs), encoding="utf-8")
        data = measure_page(page, work)
        font_check(data["reference"])
        for view, scene in scenes.items():
            out[view] = Measured(scene, data["views"].get(view))
        results[name] = out
        return out

    return get


def font_check(reference: list[float]) -> None:
    """Fail clearly when the browser does not have DejaVu Sans, which the layout measures with."""
    expected = text_width(REFERENCE, 20)
    width = reference[2]
    assert abs(width - expected) <= 0.02 * expected, (
        f"Chromium set {REFERENCE!r} {width:.1f} wide where DejaVu Sans is {expected:.1f}: "
        "is DejaVu Sans installed (Debian: fonts-dejavu-core)?"
    )


# -- the checks -----------------------------------------------------------------------


def _label(i: int, text: Text) -> str:
    shown = " / ".join(text.lines)
    shown = shown if len(shown) <= 70 else shown[:67] + "..."
    style = f"{text.size:g}px{' bold' if text.bold else ''}{' italic' if text.italic else ''}"
    return f"text #{i} {shown!r} ({style}, {text.anchor})"


def _span(a: float, b: float) -> str:
    return f"{a:.1f}..{b:.1f}"


def layout_problems(
    scene: Scene, boxes: list[list[float] | None], em_slack: float = 0.0
) -> list[str]:
    """Every way the measured ``boxes`` break the layout of ``scene``, described.

    ``em_slack`` widens the sideways tolerance to that share of a text's size, for
    text a page scales up: the ink a glyph puts outside its pen box grows with it.
    """
    texts = scene.texts()
    if len(texts) != len(boxes):
        return [f"the scene has {len(texts)} texts but the SVG {len(boxes)} <text> elements"]
    problems: list[str] = []
    placed: list[tuple[int, float, float, float, float]] = []
    for i, (text, box) in enumerate(zip(texts, boxes, strict=True)):
        if box is None:
            problems.append(f"{_label(i, text)}: the browser could not measure it")
            continue
        x, y, w, h = box
        if w <= 0 or h <= 0:
            continue  # nothing drawn
        x1, y1 = x + w, y + h
        where = f"bbox x {_span(x, x1)} y {_span(y, y1)}"
        if text.box is not None:
            bx, by, bw, bh = text.box
            cell = f"cell x {_span(bx, bx + bw)} y {_span(by, by + bh)}"
            sideways = max(TOLERANCE, em_slack * text.size)
            sides = [
                ("left", bx - x, sideways),
                ("right", x1 - (bx + bw), sideways),
                ("top", by - y, V_TOLERANCE),
                ("bottom", y1 - (by + bh), V_TOLERANCE),
            ]
            for side, by_how_much, allowed in sides:
                if by_how_much > allowed:
                    problems.append(
                        f"{_label(i, text)}: leaves its cell at the {side} by {by_how_much:.1f}"
                        f" ({where}; {cell})"
                    )
        if x < -TOLERANCE or y < -TOLERANCE or x1 > scene.width + TOLERANCE:
            problems.append(
                f"{_label(i, text)}: leaves the canvas "
                f"0..{scene.width:g} × 0..{scene.height:g} ({where})"
            )
        elif y1 > scene.height + TOLERANCE:
            problems.append(
                f"{_label(i, text)}: leaves the canvas at the bottom "
                f"0..{scene.width:g} × 0..{scene.height:g} ({where})"
            )
        placed.append((i, x, y, x1, y1))
    problems += _overlaps(texts, placed)
    return problems


def _overlaps(texts: list[Text], placed: list[tuple[int, float, float, float, float]]) -> list[str]:
    """Pairs of texts whose boxes share more than OVERLAP in both directions (a sweep on x)."""
    out: list[str] = []
    ordered = sorted(placed, key=lambda p: p[1])
    active: list[tuple[int, float, float, float, float]] = []
    for item in ordered:
        i, x0, y0, x1, y1 = item
        active = [a for a in active if a[3] - x0 > OVERLAP]
        for j, ax0, ay0, ax1, ay1 in active:
            dx = min(x1, ax1) - max(x0, ax0)
            dy = min(y1, ay1) - max(y0, ay0)
            if dx > OVERLAP and dy > OVERLAP:
                a, b = sorted((i, j))
                out.append(
                    f"{_label(a, texts[a])} and {_label(b, texts[b])} overlap by "
                    f"{dx:.1f} × {dy:.1f} (x {_span(max(x0, ax0), min(x1, ax1))}, "
                    f"y {_span(max(y0, ay0), min(y1, ay1))})"
                )
        active.append(item)
    return out


def _report(title: str, problems: list[str], limit: int = 60) -> str:
    shown = "\n".join(f"  {p}" for p in problems[:limit])
    more = f"\n  … and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{title}: {len(problems)} layout problems\n{shown}{more}"


@pytest.mark.parametrize("journey", JOURNEYS)
@pytest.mark.parametrize("view", list(VIEWS))
def test_texts_stay_in_their_cells(
    measured: Callable[[str], dict[str, Measured]], view: str, journey: str
) -> None:
    result = measured(journey)[view]
    if result.error is not None:
        pytest.fail(f"{journey}/{view} did not render: {result.error}", pytrace=False)
    assert result.scene is not None
    assert result.boxes is not None, f"{journey}/{view}: the browser measured nothing"
    assert result.scene.texts(), f"{journey}/{view} has no text"
    problems = layout_problems(result.scene, result.boxes)
    assert not problems, _report(f"{journey}/{view}", problems)


# -- the checks themselves ------------------------------------------------------------


def _text(box: tuple[float, float, float, float]) -> Text:
    return Text(
        x=box[0], y=box[1] + 10, lines=("x",), size=10, color="#000000", line_height=12.5, box=box
    )


def _scene(*texts: Text) -> Scene:
    return Scene(
        width=100,
        height=100,
        title="t",
        desc="d",
        background="#ffffff",
        font_family="x",
        view="map",
        children=texts,
    )


def test_the_checks_pass_a_good_layout() -> None:
    scene = _scene(_text((0, 0, 50, 12.5)), _text((0, 20, 50, 12.5)))
    assert layout_problems(scene, [[0.5, 0, 49, 12], [0, 20, 50.8, 14]]) == []


@pytest.mark.parametrize(
    ("boxes", "found"),
    [
        ([[0, 0, 53, 12], [0, 20, 10, 12]], "leaves its cell at the right by 3.0"),
        ([[-3, 0, 20, 12], [0, 20, 10, 12]], "leaves its cell at the left by 3.0"),
        ([[0, 0, 20, 16], [0, 20, 10, 12]], "leaves its cell at the bottom"),
        ([[0, 0, 20, 12], [0, 8, 10, 13]], "overlap by"),
        ([[0, 0, 20, 12]], "2 texts but the SVG 1"),
        ([[0, 0, 20, 12], None], "could not measure"),
    ],
)
def test_the_checks_find_a_bad_layout(boxes: list[list[float] | None], found: str) -> None:
    scene = _scene(_text((0, 0, 50, 12.5)), _text((0, 20, 50, 12.5)))
    assert any(found in p for p in layout_problems(scene, boxes)), layout_problems(scene, boxes)


def test_the_checks_find_text_off_the_canvas() -> None:
    scene = _scene(_text((90, 0, 50, 12.5)))
    problems = layout_problems(scene, [[90, 0, 30, 12]])
    assert any("leaves the canvas" in p for p in problems), problems


def test_the_browser_catches_text_too_wide_for_its_cell(tmp_path: Path) -> None:
    """End to end: a text laid out wider than its cell is reported, one that fits is not."""
    wide = "A line much too long for the cell it was given"
    narrow = "Fits"
    size = 10.5
    texts = [
        Text(
            x=10,
            y=20,
            lines=(line,),
            size=size,
            color="#000000",
            line_height=size * 1.25,
            box=(10, 20 - size, text_width(narrow, size) + 2, size * 1.25),
        )
        for line in (narrow, wide)
    ]
    texts[1] = attrs.evolve(texts[1], y=60, box=(10, 60 - size, 100, size * 1.25))
    scene = attrs.evolve(_scene(*texts), width=400)
    svg = str(get_renderer("svg").render(scene, id_prefix="t-"))
    page = tmp_path / "page.xhtml"
    page.write_text(page_of({"map": svg}), encoding="utf-8")
    data = measure_page(page, tmp_path)
    font_check(data["reference"])
    problems = layout_problems(scene, data["views"]["map"])
    assert len(problems) == 1, problems
    assert "text #1" in problems[0]
    assert "at the right by" in problems[0]


def test_the_long_journey_is_long() -> None:
    j = journey_named("long-names")
    names = [tp.name for tp in j.touchpoints]
    assert len(j.stages) == 5
    assert len(names) == 20
    assert min(map(len, names)) >= 300
    assert max(map(len, names)) <= 3000
    assert max(map(len, names)) > 2000
    assert all(len(tp.actions) == 20 for tp in j.touchpoints)
    assert any(_UNBROKEN in tp.name for tp in j.touchpoints)
    assert any("顧客" in tp.name for tp in j.touchpoints)


# -- screenshots ------------------------------------------------------------------------


@pytest.mark.parametrize("view", list(VIEWS))
def test_the_browser_draws_every_view(view: str, tmp_path: Path) -> None:
    """A screenshot of each view of the coffee-maker example shows a picture, not a blank.

    With ``JOURNEYKIT_SCREENSHOTS`` set to a directory, the PNGs are kept there
    for people to look at.
    """
    from PIL import Image

    journey = journey_named("coffee-maker.json")
    svg = str(render(journey, view=view, **options_for(view, journey)))
    scene = layout(journey, view, **options_for(view, journey))
    source = tmp_path / f"{view}.svg"
    source.write_text(svg, encoding="utf-8")
    folder = os.environ.get("JOURNEYKIT_SCREENSHOTS")
    target = Path(folder).resolve() if folder else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    png = target / f"coffee-maker-{view}.png"
    done = chromium(
        f"--screenshot={png}",
        f"--window-size={math.ceil(scene.width)},{math.ceil(scene.height)}",
        "--default-background-color=ffffffff",
        source.as_uri(),
        user_data=tmp_path / "profile",
    )
    assert png.is_file(), f"no screenshot (exit {done.returncode}): {done.stderr[-1500:]}"
    with Image.open(png) as image:
        assert image.size == (math.ceil(scene.width), math.ceil(scene.height))
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 20, f"the {view} screenshot is nearly blank ({len(colours)} colours)"


# -- every view on a slide and on A3 paper ------------------------------------------------

PAGE_JOURNEYS = ("coffee-maker.json", "hospital-visit.yaml", "generated")
PAGED_VIEWS = tuple(VIEWS)
ASPECTS = {"slide": 16 / 9, "a3": 420 / 297}


@pytest.fixture(scope="module")
def measured_pages(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str, str], dict[str, list[Measured]]]:
    """Every page of every view of a journey on ``page``, measured in one Chromium launch."""
    results: dict[tuple[str, str], dict[str, list[Measured]]] = {}

    def get(name: str, page: str) -> dict[str, list[Measured]]:
        if (name, page) in results:
            return results[name, page]
        from journeys import generated_journey

        journey = generated_journey() if name == "generated" else journey_named(name)
        svg = get_renderer("svg")
        scenes: dict[str, Scene] = {}
        svgs: dict[str, str] = {}
        out: dict[str, list[Measured]] = {}
        for i, view in enumerate(PAGED_VIEWS):
            try:
                pages = layout(journey, view, page=page, **options_for(view, journey))
            except Exception as exc:
                out[view] = [Measured(None, None, f"{type(exc).__name__}: {exc}"[:2000])]
                continue
            for n, scene in enumerate(pages, start=1):
                key = f"{view}#{n}"
                svgs[key] = str(svg.render(scene, id_prefix=f"v{i}p{n}-"))
                scenes[key] = scene
        work = tmp_path_factory.mktemp(f"pages-{re.sub(r'[^a-z0-9]+', '-', name + page)}")
        target = work / "page.xhtml"
        target.write_text(page_of(svgs), encoding="utf-8")
        data = measure_page(target, work)
        font_check(data["reference"])
        for key, scene in scenes.items():
            view = key.split("#")[0]
            out.setdefault(view, []).append(Measured(scene, data["views"].get(key)))
        results[name, page] = out
        return out

    return get


@pytest.mark.parametrize("page", ["slide", "a3"])
@pytest.mark.parametrize("journey", PAGE_JOURNEYS)
@pytest.mark.parametrize("view", PAGED_VIEWS)
def test_every_view_fits_its_pages(
    measured_pages: Callable[[str, str], dict[str, list[Measured]]],
    view: str,
    journey: str,
    page: str,
) -> None:
    """0 overlaps, 0 text below the page's minimum, 0 cut pain points, the page's aspect."""
    from journeykit.layout.pages import PAGES

    sheet = PAGES[page]
    pages = measured_pages(journey, page)[view]
    for n, result in enumerate(pages, start=1):
        label = f"{journey}/{view} on {page}, page {n}"
        if result.error is not None:
            pytest.fail(f"{label} did not lay out: {result.error}", pytrace=False)
        assert result.scene is not None
        assert result.boxes is not None, f"{label}: the browser measured nothing"
        scene = result.scene
        assert scene.width / scene.height == pytest.approx(ASPECTS[page], rel=1e-3), label
        small = [t for t in scene.texts() if t.lines and t.size < sheet.smallest - 1e-9]
        assert not small, (
            f"{label}: {len(small)} texts below {sheet.smallest}: {_label(0, small[0])}"
        )
        cut = [
            t
            for g in scene.walk()
            if getattr(g, "cls", None) == "pain-point"
            for t in getattr(g, "children", ())
            if isinstance(t, Text) and t.full is not None
        ]
        assert not cut, f"{label}: {len(cut)} pain points cut"
        problems = layout_problems(scene, result.boxes, em_slack=0.14)
        assert not problems, _report(label, problems)
