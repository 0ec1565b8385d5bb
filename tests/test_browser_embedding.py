"""Three maps on one web page, checked in a real browser (headless Chromium).

Three different maps (different journeys and views), rendered with their
default ids and ``responsive=True``, are inlined in one XHTML page whose
content column is narrower than any of them. A script in the page (ours,
not part of the SVG we ship) reports every id, what each SVG's
``aria-labelledby`` resolves to, the accessible name and role Chromium's
accessibility engine computes (``computedName``, switched on with
``--enable-blink-features=ComputedAccessibilityInfo``) and where each SVG
is placed; ``chromium --dump-dom`` prints it. The page must have unique ids,
each map must be named by its own title, and the maps must sit one under
another inside the column without overlapping.

A second page, built to be wrong (fixed-size maps, and one map twice with
the same ``id_prefix``), shows that the checks find each kind of failure.
Skipped without Chromium, except in CI, as tests/test_browser.py is.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk
from test_browser import _chromium_is_required_in_ci, chromium  # noqa: F401 (an autouse fixture)

pytestmark = pytest.mark.soak

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SVG_NS = "http://www.w3.org/2000/svg"
COLUMN = 640  # CSS pixels: narrower than every map, as a page's text column is
SLACK = 0.5  # CSS pixels of rounding allowed in positions and sizes

_SCRIPT = """
window.addEventListener('load', function () {
  var SVG = 'http://www.w3.org/2000/svg';
  var out = {ids: [], maps: [], column: null};
  var all = document.getElementsByTagName('*');
  for (var i = 0; i < all.length; i++) {
    if (all[i].hasAttribute('id')) out.ids.push(all[i].getAttribute('id'));
  }
  var column = document.getElementById('column').getBoundingClientRect();
  out.column = [column.left, column.top, column.width, column.height];
  var figures = document.querySelectorAll('div.map');
  for (var k = 0; k < figures.length; k++) {
    var svg = figures[k].getElementsByTagNameNS(SVG, 'svg')[0];
    var own = svg.getElementsByTagNameNS(SVG, 'title')[0];
    var label = svg.getAttribute('aria-labelledby') || '';
    var named = label.split(/\\s+/).filter(Boolean).map(function (id) {
      var el = document.getElementById(id);
      return el === null ? null : {own_title: el === own, inside: svg.contains(el),
                                   text: el.textContent};
    });
    var box = svg.getBoundingClientRect();
    var vb = svg.viewBox.baseVal;
    out.maps.push({
      labelledby: named,
      name: svg.computedName === undefined ? null : svg.computedName,
      role: svg.computedRole === undefined ? null : svg.computedRole,
      title: own === undefined ? null : own.textContent,
      box: [box.left, box.top, box.width, box.height],
      viewbox: [vb.width, vb.height]
    });
  }
  document.getElementById('out').textContent = JSON.stringify(out);
});
"""


def page_of(svgs: list[str]) -> str:
    """An XHTML page: a column ``COLUMN`` pixels wide holding each SVG in a ``div``."""
    maps = "\n".join(f'<div class="map">{svg}</div>' for svg in svgs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="utf-8"/>'
        "<title>journeykit embedding check</title>"
        f"<style>body {{ margin: 0 }} #column {{ width: {COLUMN}px; margin: 0 24px }}"
        " div.map { margin: 0 0 16px }</style></head><body>\n"
        f'<main id="column">\n{maps}\n</main>\n'
        '<pre id="out">pending</pre>\n'
        f"<script>//<![CDATA[\n{_SCRIPT}\n//]]></script>\n"
        "</body></html>\n"
    )


def measure(svgs: list[str], work: Path) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    page = work / "page.xhtml"
    page.write_text(page_of(svgs), encoding="utf-8")
    done = chromium(
        "--enable-blink-features=ComputedAccessibilityInfo",
        "--window-size=1024,768",
        "--dump-dom",
        page.as_uri(),
        user_data=work / "profile",
    )
    found = re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.DOTALL)
    if found is None or found.group(1) == "pending":
        raise AssertionError(
            f"Chromium did not report (exit {done.returncode}); stderr ends: {done.stderr[-1500:]}"
        )
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return result


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def titles_of(svgs: list[str]) -> list[str]:
    """Each SVG's own ``<title>``, as Python's XML parser reads it."""
    out = []
    for svg in svgs:
        title = ET.fromstring(svg).find(f"{{{SVG_NS}}}title")
        assert title is not None
        out.append(title.text or "")
    return out


def _intersect(a: list[float], b: list[float]) -> tuple[float, float]:
    dx = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    dy = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return dx, dy


def problems(data: dict[str, Any], titles: list[str]) -> list[str]:
    """Every way the measured page breaks the embedding contract, described."""
    found: list[str] = []
    counts: dict[str, int] = {}
    for id_ in data["ids"]:
        counts[id_] = counts.get(id_, 0) + 1
    repeated = sorted(i for i, n in counts.items() if n > 1)
    if repeated:
        found.append(f"{len(repeated)} ids appear more than once: {repeated[:8]}")
    maps = data["maps"]
    if len(maps) != len(titles):
        return [*found, f"{len(maps)} maps measured, {len(titles)} inlined"]
    left, _, width, _ = data["column"]
    for k, (m, title) in enumerate(zip(maps, titles, strict=True)):
        where = f"map {k} ({_squeeze(title)[:50]!r})"
        if not m["labelledby"] or any(
            ref is None or not ref["own_title"] for ref in m["labelledby"]
        ):
            found.append(f"{where}: aria-labelledby does not name its own title: {m['labelledby']}")
        if m["name"] is None:
            found.append(f"{where}: the browser computed no accessible name (flag missing?)")
        elif _squeeze(m["name"]) != _squeeze(title):
            found.append(f"{where}: its accessible name is {_squeeze(m['name'])[:80]!r}")
        if m["role"] not in ("img", "image"):
            found.append(f"{where}: its role is {m['role']!r}, not an image")
        x, _, w, h = m["box"]
        if x < left - SLACK or x + w > left + width + SLACK:
            found.append(
                f"{where}: spans x {x:.1f}..{x + w:.1f}, outside the column "
                f"{left:.1f}..{left + width:.1f}"
            )
        vw, vh = m["viewbox"]
        if w <= 0 or abs(h - w * vh / vw) > 1:
            found.append(f"{where}: {w:.1f} × {h:.1f} does not keep the viewBox's {vw:g} × {vh:g}")
    for i in range(len(maps)):
        for j in range(i + 1, len(maps)):
            dx, dy = _intersect(maps[i]["box"], maps[j]["box"])
            if dx > SLACK and dy > SLACK:
                found.append(f"maps {i} and {j} overlap by {dx:.1f} × {dy:.1f}")
    return found


def three_maps() -> list[Any]:
    coffee = jk.load(EXAMPLES / "coffee-maker.json")
    hospital = jk.load(EXAMPLES / "hospital-visit.yaml")
    returns = jk.Journey(
        title='Returns & refunds <b>"fast"</b> — 返品',
        stages=[
            jk.Stage(
                name="Ask",
                touchpoints=[
                    jk.Touchpoint(name="Opens the returns page", emotion=-0.2),
                    jk.Touchpoint(name="Calls support", emotion=-0.6),
                ],
            ),
            jk.Stage(name="Get", touchpoints=[jk.Touchpoint(name="Refund arrives", emotion=0.7)]),
        ],
    )
    return [
        jk.render(coffee, responsive=True),
        jk.render(hospital, view="emotion", responsive=True),
        jk.render(returns, view="flow", responsive=True),
    ]


def test_three_maps_share_a_page(tmp_path: Path) -> None:
    svgs = [str(svg) for svg in three_maps()]
    titles = titles_of(svgs)
    assert len(set(titles)) == 3
    data = measure(svgs, tmp_path)
    assert len(data["ids"]) > 3 * 2
    found = problems(data, titles)
    assert not found, "\n".join(found)
    # The names are the titles, escaped markup and all, read as text.
    assert _squeeze(data["maps"][2]["name"]).endswith(': Returns & refunds <b>"fast"</b> — 返品')
    # Each fills the column.
    for m in data["maps"]:
        assert abs(m["box"][2] - COLUMN) <= SLACK


def test_the_checks_find_a_bad_page(tmp_path: Path) -> None:
    """Fixed-size maps overflow the column; one map twice under one prefix repeats ids."""
    coffee = jk.load(EXAMPLES / "coffee-maker.json")
    hospital = jk.load(EXAMPLES / "hospital-visit.yaml")
    svgs = [
        str(jk.render(coffee, id_prefix="same-")),
        str(jk.render(hospital, view="emotion", id_prefix="same-")),
    ]
    found = problems(measure(svgs, tmp_path), titles_of(svgs))
    report = "\n".join(found)
    assert "ids appear more than once" in report, report
    assert "map 1" in report
    assert "does not name its own title" in report, report  # the second names the first's
    assert "outside the column" in report, report


def test_the_overlap_check() -> None:
    maps = [
        {
            "labelledby": [{"own_title": True}],
            "name": "t",
            "role": "image",
            "box": [0, y, 100, 50],
            "viewbox": [200, 100],
        }
        for y in (0, 40)
    ]
    data = {"ids": ["a", "b"], "maps": maps, "column": [0, 0, 100, 100]}
    assert problems(data, ["t", "t"]) == ["maps 0 and 1 overlap by 100.0 × 10.0"]
