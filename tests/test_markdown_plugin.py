"""The example renderer plugin, ``examples/plugins/journeykit-markdown``.

The quick tests load its module from its source and check what it writes
with a reader of our own (:func:`read_text`), which follows CommonMark's
rules for backslash escapes and entities and fails on any markup: a text
must come back exactly, and nothing a journey's author typed may be read
as Markdown or HTML. The soak test installs the package with pip, as a
user would, and in a fresh interpreter finds the renderer through its entry
point and paints every registered view of both examples, and of a journey
full of markup, with it.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import journeykit as jk

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "examples" / "plugins" / "journeykit-markdown"
EXAMPLES = (ROOT / "examples" / "coffee-maker.json", ROOT / "examples" / "hospital-visit.yaml")


def _load_plugin() -> ModuleType:
    """The plugin's module, from its source, without installing it."""
    path = PLUGIN / "src" / "journeykit_markdown" / "__init__.py"
    spec = importlib.util.spec_from_file_location("journeykit_markdown_source", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


plugin = _load_plugin()

# CommonMark: a backslash before ASCII punctuation is that character; the
# entities the plugin writes; then what would be markup if left bare.
_TOKEN = re.compile(r"\\([!-/:-@\[-`{-~])|&(amp|lt|gt);|([\\`*_\[\]|~<>&#])|(.)", re.DOTALL)
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
# What opens a list item or a thematic break at the start of a block.
_BLOCK_MARKER = re.compile(r"[-+](\s|$|-)|\d{1,9}[.)](\s|$)")


def read_text(markdown: str) -> str:
    """The text a CommonMark reader shows for one line of inline ``markdown``.

    Fails on a line break, an unescaped character that could be markup, or
    a list or thematic-break marker at the start.
    """
    assert "\n" not in markdown, f"a line break in {markdown!r}"
    assert not _BLOCK_MARKER.match(markdown), f"a block marker starts {markdown!r}"
    shown = []
    for match in _TOKEN.finditer(markdown):
        escaped, entity, markup, plain = match.groups()
        assert markup is None, f"an unescaped {markup!r} in {markdown!r}"
        shown.append(escaped or (_ENTITIES[entity] if entity else plain))
    return "".join(shown)


def read_document(markdown: str) -> tuple[str, list[str], list[tuple[int, str]]]:
    """The title, the paragraphs and the bullets (depth, text) of the plugin's Markdown."""
    assert markdown.endswith("\n")
    assert not markdown.endswith("\n\n")
    heading, blank, *rest = markdown[:-1].split("\n")
    title = re.fullmatch(r"#{1,6} (.*)", heading)
    assert title is not None, markdown[:200]
    assert blank == "", markdown[:200]
    paragraphs: list[str] = []
    while rest and not rest[0].startswith("- "):
        paragraph, *rest = rest
        if paragraph:
            paragraphs.append(read_text(paragraph))
    bullets = []
    for line in rest:
        bullet = re.fullmatch(r"((?:  )*)- (.*)", line)
        assert bullet is not None, f"not a bullet: {line!r}"
        depth = len(bullet[1]) // 2
        deepest = bullets[-1][0] + 1 if bullets else 0
        assert depth <= deepest, f"a bullet nested too deep: {line!r}"
        bullets.append((depth, read_text(bullet[2])))
    return read_text(title[1]), paragraphs, bullets


def shown(markdown: str) -> str:
    """Every text the Markdown shows, a line each."""
    title, paragraphs, bullets = read_document(markdown)
    return "\n".join([title, *paragraphs, *(text for _, text in bullets)])


def collapsed(text: str) -> str:
    return " ".join(text.split())


# Every word short enough for a card's line: a word the layout has to break
# between characters comes back from the Scene with a space in it.
HOSTILE = (
    "Pay | now <script> alert(1) </script> `rm -rf` *bold* _it_ [click](js:x)"
    " ~~gone~~ # tag \\ slash &amp; <!-- c -->\nnext line"
)


def hostile_journey() -> jk.Journey:
    """Markup, HTML and line breaks wherever a journey's author types text."""
    return jk.from_dict(
        {
            "journeykit": 1,
            "title": f"Title {HOSTILE}",
            "objective": HOSTILE,
            "personas": [{"id": "p", "name": "<img src=x onerror=alert(1)>"}],
            "stages": [
                {
                    "id": "s1",
                    "name": f"- Stage {HOSTILE}",
                    "touchpoints": [
                        {
                            "id": "t1",
                            "name": f"1. Opens {HOSTILE}",
                            "emotion": -0.6,
                            "emotions": {"p": -0.5},
                            "reach": 100,
                            "pain_points": [{"description": HOSTILE, "severity": 4}],
                        },
                        {"id": "t2", "name": "+ Pays | twice", "emotion": 0.4, "reach": 80},
                    ],
                },
                {
                    "id": "s2",
                    "name": "---",
                    "touchpoints": [{"id": "t3", "name": "`Leaves`", "emotion": 0.1}],
                },
            ],
        }
    )


# Any character, Markdown's own often: markup, block markers, line breaks.
MARKUP = st.sampled_from(list("\\`*_[]|~#<>&!-+=.)1 \n\t"))


@given(st.text(st.characters() | MARKUP))
def test_escaped_text_reads_back_as_typed(text: str) -> None:
    assert read_text(plugin.escape(text)) == collapsed(text)


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a | b", "a \\| b"),
        ("`code`", "\\`code\\`"),
        ("line\nbreak\r\n\tand\u2028more", "line break and more"),
        ("- item", "\\- item"),
        ("---", "\\---"),
        ("+1", "+1"),
        ("2) two", "2\\) two"),
        ("1.57", "1.57"),
        ("&lt;", "&amp;lt;"),
    ],
)
def test_escape(text: str, markdown: str) -> None:
    assert plugin.escape(text) == markdown


def test_the_outline_of_a_hostile_journey_shows_what_was_typed() -> None:
    journey = hostile_journey()
    markdown = jk.render(journey, renderer=plugin.MarkdownRenderer())
    assert "<" not in markdown
    title, _, bullets = read_document(markdown)
    assert title == collapsed(journey.title)
    text = shown(markdown)
    for name in [journey.title, *(s.name for s in journey.stages), HOSTILE]:
        assert collapsed(name) in text
    for touchpoint in journey.touchpoints:
        assert collapsed(touchpoint.name) in text
    assert [depth for depth, _ in bullets].count(0) > 3


def test_the_outline_nests_as_the_groups_do() -> None:
    journey = jk.load(EXAMPLES[0])
    _, _, bullets = read_document(jk.render(journey, renderer=plugin.MarkdownRenderer()))
    stages = bullets.index((0, "Stages"))
    names = [text for depth, text in bullets[stages + 1 :][: len(journey.stages)]]
    assert all(depth == 1 for depth, _ in bullets[stages + 1 :][: len(journey.stages)])
    assert [name.split(" · ")[0] for name in names] == [s.name for s in journey.stages]


@pytest.mark.parametrize("level", [1, 2, 6])
def test_level_sets_the_heading(level: int) -> None:
    journey = jk.load(EXAMPLES[0])
    markdown = jk.render(journey, view="funnel", renderer=plugin.MarkdownRenderer(), level=level)
    assert markdown.startswith("#" * level + " Funnel")
    assert not markdown.startswith("#" * (level + 1))


@pytest.mark.parametrize("level", [0, 7, True, "2", 1.0])
def test_a_bad_level_is_a_renderer_error(level: object) -> None:
    journey = jk.load(EXAMPLES[0])
    with pytest.raises(jk.RendererError, match="level= takes a heading level 1 to 6"):
        jk.render(journey, renderer=plugin.MarkdownRenderer(), level=level)


# What each view must show, besides the journey's title: it is a bug of the
# view or the plugin if a name is missing from its outline.
SHOWS = {
    "map": ("stages", "touchpoints"),
    "emotion": ("stages",),
    "coverage": ("stages",),
    "flow": ("stages", "touchpoints"),
    "funnel": ("stages",),
}


def base_of(journey: jk.Journey) -> jk.Journey:
    """An older version of ``journey`` for the diff view: one emotion and one touchpoint differ."""
    first, last = journey.touchpoints[0], journey.touchpoints[-1]
    return journey.replace_touchpoint(first.id, emotion=0.9).remove_touchpoint(last.id)


# Run in a fresh interpreter that has the installed plugin on its path: a JSON report.
_PAINT_EVERY_VIEW = """
import contextlib, doctest, io, json, sys
import journeykit as jk
import journeykit_markdown

out, *files = sys.argv[1:]
report = io.StringIO()
with contextlib.redirect_stdout(report):
    failed, attempted = doctest.testmod(journeykit_markdown)
painted = {}
for file in files:
    journey = jk.load(file)
    options = {"diff": {"base": base_of(journey)}}
    painted[file] = {
        view: jk.render(journey, view=view, renderer="markdown", **options.get(view, {}))
        for view in jk.views()
    }
saved = out + ".md"
jk.save(jk.load(files[0]), saved)
with open(saved, encoding="utf-8") as f:
    saved_text = f.read()
print(json.dumps({
    "renderers": jk.renderers(),
    "module": journeykit_markdown.__file__,
    "doctest": [failed, attempted, report.getvalue()],
    "painted": painted,
    "saved": saved_text == painted[files[0]]["map"],
}))
"""
_PAINT_EVERY_VIEW = "import journeykit as jk\n" + inspect.getsource(base_of) + _PAINT_EVERY_VIEW


@pytest.mark.soak  # pip builds and installs the package
def test_the_installed_plugin_paints_every_view(tmp_path: Path) -> None:
    site = tmp_path / "site"
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-input"]
    command += ["--disable-pip-version-check", "--target", str(site), str(PLUGIN)]
    installed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    hostile = tmp_path / "hostile.json"
    jk.dump(hostile_journey(), hostile)
    files = [*EXAMPLES, hostile]
    path = os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    done = subprocess.run(
        [sys.executable, "-c", _PAINT_EVERY_VIEW, str(tmp_path / "out"), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": path},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout)

    assert result["renderers"]["markdown"] == "text/markdown"
    assert Path(result["module"]).is_relative_to(site), "the installed copy was not the one used"
    failed, attempted, report = result["doctest"]
    assert attempted > 0, report
    assert failed == 0, report
    assert result["saved"], "jk.save to a .md path did not write the markdown renderer's text"
    for file in files:
        journey = jk.load(file)
        painted = result["painted"][str(file)]
        assert list(painted) == list(jk.views())
        for view, markdown in painted.items():
            where = f"{file.name}, view {view}"
            assert "<" not in markdown, where
            text = shown(markdown)
            options = {"base": base_of(journey)} if view == "diff" else {}
            for item in jk.scene(journey, view, **options).texts():
                words = collapsed(item.full if item.full is not None else " ".join(item.lines))
                assert words in text, f"{where}: {words!r} is missing"
            assert collapsed(journey.title) in text, where
            for kind in SHOWS.get(view, ()):
                for name in [item.name for item in getattr(journey, kind)]:
                    assert collapsed(name) in text, f"{where}: {kind} {name!r} is missing"
