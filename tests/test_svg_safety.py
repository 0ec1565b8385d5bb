"""The SVG is safe to embed, deterministic, accessible and readable.

Every view is rendered from a journey whose every text field is hostile:
markup, quotes, CDATA terminators, entities, ``javascript:`` URLs, control
characters, a right-to-left override, 100,000-character names, emoji and
CJK. The output must parse as XML, hold nothing executable or external, keep
every id under the caller's prefix, summarise the journey in ``<title>`` and
``<desc>``, come out byte-identical every time (in a fresh process too), and
keep every text at WCAG AA contrast against what is painted behind it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import journeykit as jk
from journeykit import render
from journeykit.layout.scene import Rect, Scene, Text
from journeykit.layout.text import clean
from journeykit.layout.theme import THEMES, contrast
from journeykit.layout.views import VIEWS
from journeykit.rendering import scene as layout
from journeykit.rendering.svg import safe_id_prefix, xml_safe

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SVG_NS = "{http://www.w3.org/2000/svg}"

# -- hostile text ---------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = "\"'><img src=x onerror=alert(1)>"
CDATA_END = "]]>"
CDATA = "<![CDATA[ <b>bold</b> ]]>"
ENTITIES = "&amp; literal &lt;b&gt; &#x3C;script&#x3E; &unknown; &"
JS_URL = "javascript:alert(1)"
CONTROLS = "nul\x00soh\x01bel\x07bs\x08tab\tvt\x0bff\x0cso\x0eesc\x1bus\x1fdel\x7fc1\x85\x9bend"
RLO = "invoice \u202egpj.exe\u202c and \u2066isolate\u2069"
WIDE = "☕ 咖啡机を買う 커피 😀 👩\u200d👩\u200d👧 e\u0301"
NONCHARACTERS = "non\ufffechar\uffffacter"
CSS = "url(http://evil.example/x.png) @import 'http://evil.example/x.css'; fill:url(#x)"
XML_DECL = '<?xml-stylesheet href="http://evil.example/x.css"?><!DOCTYPE x [<!ENTITY e "boom">]>&e;'
HOSTILE = (SCRIPT, IMG, CDATA_END, CDATA, ENTITIES, JS_URL, CONTROLS, RLO, WIDE, NONCHARACTERS)
HOSTILE_TITLE = " | ".join(HOSTILE)
# 100,000 characters, the longest text the model accepts: markup words, and one unbroken word.
LONG_MARKUP = ("<b onclick=alert(1)>x</b> " * 4000)[:100_000]
LONG_WORD = ("Supercalifragilistic<script>" * 4000)[:100_000]

# Ids are user text too; the renderer must never copy them into markup raw.
ID_PERSONA = 'p" onload="alert(1)'
ID_STAGE = "s'><script>alert(1)</script>"
ID_TP = ["tp 1 <x>", 'tp"2', "tp&3", "javascript:alert(4)"]
ID_PAIN = "pain]]><x>"
ID_CHANNEL = "web<script>"

# The only elements our SVG may hold (the primitives need no more), and some that it
# must never hold, named for a clearer failure.
ALLOWED_ELEMENTS = {
    "svg",
    "g",
    "defs",
    "title",
    "desc",
    "rect",
    "line",
    "path",
    "circle",
    "ellipse",
    "polygon",
    "polyline",
    "text",
    "tspan",
    "clipPath",
    "linearGradient",
    "radialGradient",
    "stop",
    "marker",
    "pattern",
    "mask",
    "symbol",
}
FORBIDDEN_ELEMENTS = {
    "script",
    "foreignobject",
    "iframe",
    "object",
    "embed",
    "a",
    "image",
    "use",
    "feimage",
    "set",
    "animate",
    "animatemotion",
    "animatetransform",
    "handler",
    "listener",
    "style",
}
# Attributes that exist to carry human-readable text; user text may appear in them, escaped.
TEXT_ATTRIBUTES = {"aria-label", "aria-description", "aria-roledescription"}
ID_SYNTAX = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def hostile_journey(long: bool = True) -> jk.Journey:
    """Every text field hostile; hostile ids that still resolve.

    ``long`` puts 100,000-character texts (the model's limit) in several
    fields; without it those fields get a short hostile text instead, for
    tests that render many times.
    """
    markup, word = (LONG_MARKUP, LONG_WORD) if long else (SCRIPT + " " + IMG, "Super<x>" * 40)
    persona = jk.Persona(
        id=ID_PERSONA,
        name=SCRIPT,
        segment=IMG,
        description=markup,
        goals=[JS_URL, CDATA, word],
        frustrations=[CONTROLS],
        quote=CDATA_END + RLO,
    )
    channels = [
        jk.Channel(id=ID_CHANNEL, name=IMG, kind="online"),
        jk.Channel(id="store", name=RLO + WIDE, kind="offline"),
    ]
    pain = jk.PainPoint(id=ID_PAIN, description=IMG + CONTROLS, severity=5)

    def touchpoint(i: int, name: str, channel: str, emotion: float, **more: Any) -> jk.Touchpoint:
        return jk.Touchpoint(
            id=ID_TP[i],
            name=name,
            channel=channel,
            emotion=emotion,
            emotions={ID_PERSONA: -emotion},
            actions=[SCRIPT, JS_URL, ENTITIES, WIDE],
            questions=[CDATA, XML_DECL],
            thoughts=[IMG, RLO, NONCHARACTERS],
            metrics=[jk.Metric(name=CSS, value=3.5, target=4, unit=ENTITIES)],
            reach=1000 * (i + 1),
            **more,
        )

    stages = [
        jk.Stage(
            id=ID_STAGE,
            name=SCRIPT + CONTROLS,
            goal=CDATA_END + JS_URL,
            metrics=[jk.Metric(name=IMG, value=0.18, target=0.25, unit="ratio")],
            touchpoints=[
                touchpoint(0, SCRIPT, ID_CHANNEL, -0.8, pain_points=[pain]),
                touchpoint(
                    1,
                    markup,
                    ID_CHANNEL,
                    0.4,
                    opportunities=[
                        jk.Opportunity(
                            description=(SCRIPT + " " + word)[:100_000],
                            addresses=[ID_PAIN],
                            owner=JS_URL,
                            impact=4,
                            effort=2,
                            status="planned",
                        )
                    ],
                ),
            ],
        ),
        jk.Stage(
            name=WIDE + " " + RLO,
            goal=XML_DECL,
            touchpoints=[
                touchpoint(2, word, "store", 0.0),
                touchpoint(
                    3,
                    CONTROLS + NONCHARACTERS,
                    "store",
                    0.9,
                    pain_points=[jk.PainPoint(description=word, severity=2)],
                ),
            ],
        ),
    ]
    return jk.Journey(
        title=HOSTILE_TITLE,
        objective=markup,
        scope=CSS + XML_DECL,
        personas=[persona],
        channels=channels,
        stages=stages,
        flows=[
            jk.Flow(source=ID_TP[0], target=ID_TP[1], count=500),
            jk.Flow(source=ID_TP[1], target=ID_TP[2], count=300),
            jk.Flow(source=ID_TP[2], target=ID_TP[3], count=200),
        ],
    )


def changed(journey: jk.Journey) -> jk.Journey:
    """``journey`` with a few changes, to serve as the ``base`` of a diff."""
    tps = journey.touchpoints
    first, last = tps[0], tps[-1]
    out = journey.replace_touchpoint(
        first.id, emotion=-(first.emotion or 0.0) or 0.5, name=first.name + " (old)"
    )
    return out.remove_touchpoint(last.id)


@cache
def hostile(long: bool = True) -> jk.Journey:
    return hostile_journey(long)


@cache
def example(name: str) -> jk.Journey:
    return jk.load(EXAMPLES / name)


EXAMPLE_NAMES = ("coffee-maker.json", "hospital-visit.yaml")


def view_options(view: str, journey: jk.Journey) -> dict[str, Any]:
    return {"base": changed(journey)} if view == "diff" else {}


def svg_of(journey: jk.Journey, view: str, **kwargs: Any) -> str:
    return str(render(journey, view=view, **view_options(view, journey), **kwargs))


@cache
def hostile_svg(view: str, prefix: str, long: bool = True) -> str:
    """The SVG of ``view`` of the hostile journey, rendered once per test run."""
    return svg_of(hostile(long), view, id_prefix=prefix)


# -- what every SVG must satisfy ---------------------------------------------------


def local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def check_svg(text: str, prefix: str) -> ET.Element:
    """Parse ``text`` and assert everything the safety contract promises; return the root."""
    lowered = text.lower()
    for raw in ("<script", "<img", "<foreignobject", "]]>", "<![cdata[", "<!doctype", "<!entity"):
        assert raw not in lowered, f"the SVG source contains {raw!r}"
    assert "<?xml-stylesheet" not in lowered
    root = ET.fromstring(text)  # must parse
    assert root.tag == f"{SVG_NS}svg"
    view_box = root.get("viewBox")
    assert view_box is not None, "the root has no viewBox"
    numbers = [float(v) for v in view_box.split()]
    assert len(numbers) == 4
    assert numbers[2] > 0
    assert numbers[3] > 0
    assert root.get("role") == "img"
    children = [local(child.tag) for child in root]
    assert "title" in children, "the root has no <title>"
    assert "desc" in children, "the root has no <desc>"

    ids: list[str] = []
    for el in root.iter():
        assert isinstance(el.tag, str)
        assert el.tag.startswith(SVG_NS), f"element outside the SVG namespace: {el.tag}"
        name = local(el.tag)
        assert name.lower() not in FORBIDDEN_ELEMENTS, f"forbidden element <{name}>"
        assert name in ALLOWED_ELEMENTS, f"unexpected element <{name}>"
        for key, value in el.attrib.items():
            attr = local(key).lower()
            assert not attr.startswith("on"), f"event attribute {key}={value[:80]!r}"
            assert attr != "href", f"link attribute {key}={value[:80]!r}"
            assert attr not in ("src", "style"), f"attribute {key}={value[:80]!r}"
            squeezed = re.sub(r"[\s\x00-\x1f]+", "", value).lower()
            assert "javascript:" not in squeezed, f"javascript: URL in {key}={value[:80]!r}"
            assert not EXTERNAL_URL.search(value), f"external url() in {key}={value[:80]!r}"
            if attr not in TEXT_ATTRIBUTES:
                assert "alert(" not in value, f"user text in attribute {key}={value[:120]!r}"
            if attr == "id":
                ids.append(value)
    assert ids, "the SVG has no ids at all"
    assert len(ids) == len(set(ids)), "duplicate ids"
    for id_ in ids:
        assert id_.startswith(prefix), f"id {id_!r} lacks the prefix {prefix!r}"
        assert ID_SYNTAX.fullmatch(id_), f"id {id_!r} is not a plain XML name"
    # aria-labelledby and aria-describedby point at ids in the document
    known = set(ids)
    for el in root.iter():
        for attr in ("aria-labelledby", "aria-describedby"):
            for ref in (el.get(attr) or "").split():
                assert ref in known, f"{attr} names a missing id {ref!r}"
    # The map is named by its own title alone
    title = root.find(f"{SVG_NS}title")
    assert title is not None
    assert root.get("aria-labelledby") == title.get("id"), "the name is not the title"
    return root


def ids_of(root: ET.Element) -> set[str]:
    return {el.get("id") for el in root.iter() if el.get("id")}  # type: ignore[misc]


def title_text(root: ET.Element) -> str:
    el = root.find(f"{SVG_NS}title")
    assert el is not None
    return el.text or ""


def desc_text(root: ET.Element) -> str:
    el = root.find(f"{SVG_NS}desc")
    assert el is not None
    return el.text or ""


_OK = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img" '
    'aria-labelledby="p-title" aria-describedby="p-desc">'
    '<title id="p-title">t</title><desc id="p-desc">d</desc>{}</svg>'
)


@pytest.mark.parametrize(
    "bad",
    [
        "<script>alert(1)</script>",
        '<g onload="alert(1)"/>',
        '<g ONCLICK="alert(1)"/>',
        '<a xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="javascript:alert(1)"/>',
        '<image href="http://evil.example/x.png"/>',
        '<rect fill="url(http://evil.example/x)"/>',
        "<rect fill=\"url( 'https://evil.example/x')\"/>",
        '<rect class="java&#10;script:alert(1)"/>',
        "<foreignObject><div/></foreignObject>",
        '<g id="other-id"/>',
        '<g id="p-a b"/>',
        '<g id="p-title"/>',
        '<text class="alert(1)">x</text>',
        '<html:img xmlns:html="http://www.w3.org/1999/xhtml"/>',
        "<style>@import url(http://evil.example/x.css);</style>",
        '<set attributeName="fill" to="red"/>',
        "<text>]]&gt; is fine</text></svg><!-- ]]> -->",
        "<text>unclosed",
    ],
)
def test_the_checker_catches_unsafe_svg(bad: str) -> None:
    with pytest.raises((AssertionError, ET.ParseError)):
        check_svg(_OK.format(bad), "p-")


@pytest.mark.parametrize(
    ("right", "wrong"),
    [
        ('aria-labelledby="p-title"', 'aria-labelledby="p-title p-desc"'),
        ('aria-labelledby="p-title"', 'aria-labelledby="q-title"'),
        ('aria-describedby="p-desc"', 'aria-describedby="q-desc"'),
    ],
)
def test_the_checker_catches_a_wrong_name(right: str, wrong: str) -> None:
    with pytest.raises(AssertionError):
        check_svg(_OK.replace(right, wrong).format(""), "p-")


def test_the_checker_passes_a_safe_svg() -> None:
    check_svg(_OK.format('<rect fill="url(#p-grad)"/><text>&lt;script&gt;alert(1)</text>'), "p-")


# -- hostile journeys through every view ------------------------------------------


def test_hostile_journey_is_really_hostile() -> None:
    j = hostile()
    assert "\x00" in j.title
    assert "\u202e" in j.title
    assert len(j.objective) == 100_000
    assert len(j.touchpoints[1].name) == 100_000
    assert j.touchpoint(ID_TP[1]).name == LONG_MARKUP


@pytest.mark.parametrize("view", list(VIEWS))
def test_hostile_journey_renders_safely(view: str) -> None:
    j = hostile()
    prefix = "hostile-"
    text = hostile_svg(view, prefix)
    root = check_svg(text, prefix)
    scene = layout(j, view, **view_options(view, j))
    # The accessible title is the scene's, with nothing lost but what XML cannot hold.
    assert title_text(root) == xml_safe(scene.title)
    assert desc_text(root) == xml_safe(scene.desc)
    assert desc_text(root).strip(), "empty <desc>"
    # It names the journey: the cleaned title is in it.
    assert xml_safe(clean(j.title)) in title_text(root)
    if view == "map":
        assert title_text(root) == xml_safe(clean(j.title))
    # Hostile text survives as text: what a reader sees still says "alert(1)".
    shown = "".join(root.itertext())
    assert "alert(1)" in shown
    # No bidirectional override reaches the output, in text or anywhere else.
    for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert char not in text, f"U+{ord(char):04X} in the SVG"


@pytest.mark.parametrize("view", list(VIEWS))
def test_hostile_id_prefix_is_made_safe(view: str) -> None:
    j = example("coffee-maker.json")
    prefix = '"><script>alert(1)</script> x'
    text = svg_of(j, view, id_prefix=prefix)
    check_svg(text, safe_id_prefix(prefix))


@pytest.mark.parametrize("view", list(VIEWS))
def test_default_prefix(view: str) -> None:
    j = example("coffee-maker.json")
    check_svg(svg_of(j, view), safe_id_prefix(None))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_examples_render_safely(view: str, name: str) -> None:
    j = example(name)
    root = check_svg(svg_of(j, view, id_prefix="ex-"), "ex-")
    assert xml_safe(clean(j.title)) in title_text(root)


@pytest.mark.parametrize("view", list(VIEWS))
def test_two_prefixes_share_no_ids(view: str) -> None:
    a = check_svg(hostile_svg(view, "first-", long=False), "first-")
    b = check_svg(hostile_svg(view, "second-", long=False), "second-")
    assert not ids_of(a) & ids_of(b)


def test_every_view_on_one_page_shares_no_ids() -> None:
    j = example("coffee-maker.json")
    seen: dict[str, str] = {}
    for i, view in enumerate(VIEWS):
        for id_ in ids_of(check_svg(svg_of(j, view, id_prefix=f"v{i}-"), f"v{i}-")):
            assert id_ not in seen, f"{id_!r} is in both {seen.get(id_)} and {view}"
            seen[id_] = view


# -- determinism -------------------------------------------------------------------


@pytest.mark.parametrize("view", list(VIEWS))
def test_same_journey_same_bytes(view: str) -> None:
    first = hostile_svg(view, "hostile-")
    # A journey built again from scratch, not the same object.
    again = svg_of(hostile_journey(), view, id_prefix="hostile-")
    assert first.encode("utf-8") == again.encode("utf-8")


_HASHER = """
import hashlib, json, sys
import journeykit as jk
from journeykit.layout.views import VIEWS
journey, base = jk.load(sys.argv[1]), jk.load(sys.argv[2])
out = {}
for view in VIEWS:
    options = {"base": base} if view == "diff" else {}
    try:
        svg = str(jk.render(journey, view=view, id_prefix="p-", **options))
        out[view] = hashlib.sha256(svg.encode("utf-8")).hexdigest()
    except Exception as exc:
        out[view] = "error: " + repr(exc)[:300]
print(json.dumps(out))
"""


def _digests(journey: jk.Journey) -> dict[str, str]:
    out = {}
    for view in VIEWS:
        try:
            svg = svg_of(journey, view, id_prefix="p-")
            out[view] = hashlib.sha256(svg.encode("utf-8")).hexdigest()
        except Exception as exc:
            out[view] = "error: " + repr(exc)[:300]
    return out


@pytest.mark.parametrize("which", ["hostile", "coffee-maker.json"])
def test_fresh_process_same_bytes(which: str, tmp_path: Path) -> None:
    j = hostile(long=False) if which == "hostile" else example(which)
    jk.dump(j, tmp_path / "journey.json")
    jk.dump(changed(j), tmp_path / "base.json")
    assert jk.load(tmp_path / "journey.json") == j
    # Two fresh interpreters with different hash seeds, run side by side.
    args = [
        sys.executable,
        "-c",
        _HASHER,
        str(tmp_path / "journey.json"),
        str(tmp_path / "base.json"),
    ]
    procs = {
        seed: subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        for seed in ("0", "4242")
    }
    here = _digests(j)
    errors = {v: d for v, d in here.items() if d.startswith("error")}
    results = {seed: proc.communicate(timeout=300) for seed, proc in procs.items()}
    assert not errors, errors
    for seed, (out, err) in results.items():
        assert procs[seed].returncode == 0, err[-2000:]
        there = json.loads(out)
        differ = {v: (here[v], there[v]) for v in VIEWS if here[v] != there[v]}
        assert not differ, f"PYTHONHASHSEED={seed}: {differ}"


# -- contrast ---------------------------------------------------------------------


def _blend(top: str, bottom: str, alpha: float) -> str:
    """``top`` painted with ``alpha`` over ``bottom`` (both ``#rrggbb``)."""
    if alpha >= 1:
        return top
    a = [int(top[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(bottom[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(
        f"{round(x * alpha + y * (1 - alpha)):02x}" for x, y in zip(a, b, strict=True)
    )


def _centre(t: Text) -> tuple[float, float]:
    if t.box is not None:
        x, y, w, h = t.box
        return x + w / 2, y + h / 2
    return t.x, t.y - t.size / 3


def backdrop(scene: Scene, text: Text) -> str:
    """The colour painted under the centre of ``text``'s box: the last rects before it."""
    px, py = _centre(text)
    colour = scene.background
    for item in scene.placed():  # where each is drawn, as texts() gives them
        if item == text:
            break
        if (
            isinstance(item, Rect)
            and item.fill
            and item.fill.startswith("#")
            and item.x <= px <= item.x + item.width
            and item.y <= py <= item.y + item.height
        ):
            colour = _blend(item.fill, colour, item.opacity)
    return colour


@pytest.mark.parametrize("theme", list(THEMES))
@pytest.mark.parametrize("view", list(VIEWS))
def test_text_contrast_meets_wcag_aa(view: str, theme: str) -> None:
    failures = []
    for name in EXAMPLE_NAMES:
        j = example(name)
        scene = layout(j, view, theme=theme, **view_options(view, j))
        for text in scene.texts():
            behind = backdrop(scene, text)
            ratio = contrast(text.color, behind)
            if ratio < 4.5:
                failures.append(
                    f"{name}: {' / '.join(text.lines)[:60]!r} {text.color} on {behind} "
                    f"= {ratio:.2f} (size {text.size}, bold {text.bold})"
                )
    assert not failures, f"{view}/{theme}: {len(failures)} texts below 4.5:1\n" + "\n".join(
        failures[:40]
    )


# -- any text at all --------------------------------------------------------------

_ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=80).filter(
    lambda s: bool(s.strip())
)


@given(title=_ANY_TEXT, name=_ANY_TEXT, prefix=st.one_of(st.none(), st.text(max_size=12)))
def test_any_text_gives_a_safe_svg(title: str, name: str, prefix: str | None) -> None:
    j = jk.Journey(
        title=title, stages=[jk.Stage(name="Stage", touchpoints=[jk.Touchpoint(name=name)])]
    )
    text = str(render(j, id_prefix=prefix))
    root = ET.fromstring(text)
    for el in root.iter():
        for key in el.attrib:
            assert not local(key).lower().startswith("on")
        for key, value in el.attrib.items():
            if local(key) == "id":
                assert value.startswith(safe_id_prefix(prefix))
    assert title_text(root) == xml_safe(clean(title))
