"""A third-party renderer, installed through an entry point, paints every view.

The test builds a tiny installed distribution in a temporary directory: a
module and a ``*.dist-info`` folder whose ``entry_points.txt`` registers the
renderer under ``journeykit.renderers``. Putting that directory on
``sys.path`` is all an installer would do.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

import journeykit as jk
from conftest import install_distribution
from journeykit import render
from journeykit.layout.views import VIEWS
from journeykit.rendering import scene as layout
from journeykit.rendering.registry import ENTRY_POINT_GROUP, _plugins

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_NAMES = ("coffee-maker.json", "hospital-visit.yaml")

TINY_SOURCE = '''
"""A renderer that lists the primitives of a scene and how many of each it holds."""

from collections import Counter

from journeykit.layout.scene import Scene


class TinyRenderer:
    name = "tiny"
    media_type = "text/plain"
    suffixes = (".tiny",)
    options = frozenset()

    def render(self, scene: Scene) -> str:
        counts = Counter(type(item).__name__ for item in scene.walk())
        lines = [f"{kind} {counts[kind]}" for kind in sorted(counts)]
        return f"view {scene.view}\\n" + "\\n".join(lines) + "\\n"
'''


def install(site: Path, dist: str, modules: dict[str, str], entry_points: dict[str, str]) -> None:
    """Lay out an installed distribution of ``ENTRY_POINT_GROUP`` plugins under ``site``."""
    install_distribution(site, dist, modules, ENTRY_POINT_GROUP, entry_points)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory on ``sys.path`` where test distributions are installed."""
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    _plugins.cache_clear()
    yield root
    _plugins.cache_clear()
    for module in ("tinyrender", "brokenrender"):
        sys.modules.pop(module, None)


@pytest.fixture
def tiny(site: Path) -> Path:
    install(site, "tinyrender", {"tinyrender": TINY_SOURCE}, {"tiny": "tinyrender:TinyRenderer"})
    return site


def example(name: str) -> jk.Journey:
    return jk.load(EXAMPLES / name)


def base_of(journey: jk.Journey) -> jk.Journey:
    """The journey with a couple of changes, as the old version for ``diff``."""
    first, last = journey.touchpoints[0], journey.touchpoints[-1]
    old = journey.replace_touchpoint(first.id, emotion=-0.5 if first.emotion != -0.5 else 0.5)
    return old.remove_touchpoint(last.id)


def parse_counts(text: str) -> tuple[str, Counter[str]]:
    head, *rows = text.strip().splitlines()
    counts: Counter[str] = Counter()
    for row in rows:
        kind, number = row.split()
        counts[kind] = int(number)
    return head.removeprefix("view "), counts


def test_the_plugin_is_listed(tiny: Path) -> None:
    found = jk.renderers()
    assert found["tiny"] == "text/plain"
    assert found["svg"] == "image/svg+xml"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_the_plugin_paints_every_view(tiny: Path, view: str, name: str) -> None:
    journey = example(name)
    options = {"base": base_of(journey)} if view == "diff" else {}
    out = render(journey, view=view, renderer="tiny", **options)
    assert isinstance(out, str)
    painted_view, painted = parse_counts(out)
    scene = layout(journey, view, **options)
    assert painted_view == scene.view == view
    assert painted == Counter(type(item).__name__ for item in scene.walk())
    assert painted["Text"] > 0


def test_save_picks_the_plugin_by_suffix(tiny: Path, tmp_path: Path) -> None:
    """A plugin's result without a save() method is still written: text as UTF-8."""
    target = tmp_path / "x.tiny"
    journey = example("coffee-maker.json")
    jk.save(journey, target)
    written = target.read_text(encoding="utf-8")
    assert written == render(journey, renderer="tiny")
    assert parse_counts(written)[0] == "map"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("x")] == ["x.tiny"]


def test_an_option_the_plugin_does_not_take_is_no_type_error(tiny: Path) -> None:
    """``id_prefix`` means nothing to the tiny renderer: a JourneyError says so."""
    journey = example("coffee-maker.json")
    with pytest.raises(jk.JourneyError, match="tiny renderer takes no id_prefix"):
        render(journey, renderer="tiny", id_prefix="a-")


@pytest.mark.parametrize("renderer", ["svg", "tiny"])
def test_an_unknown_option_is_a_journey_error(tiny: Path, renderer: str) -> None:
    journey = example("coffee-maker.json")
    with pytest.raises(jk.JourneyError, match="bogus"):
        render(journey, renderer=renderer, bogus=1)


@pytest.mark.parametrize(("typo", "meant"), [("tinny", "tiny"), ("svgg", "svg")])
def test_an_unknown_renderer_suggests_a_name(tiny: Path, typo: str, meant: str) -> None:
    journey = example("coffee-maker.json")
    with pytest.raises(jk.JourneyError, match=f"did you mean '{meant}'") as info:
        render(journey, renderer=typo)
    assert typo in str(info.value)


def test_a_broken_plugin_is_named(site: Path) -> None:
    install(
        site,
        "tinyrender",
        {"tinyrender": TINY_SOURCE},
        {"tiny": "tinyrender:TinyRenderer"},
    )
    install(site, "brokenrender", {}, {"broken": "brokenrender_missing_module:Renderer"})
    journey = example("coffee-maker.json")
    with pytest.raises(jk.JourneyError, match="broken") as info:
        render(journey, renderer="broken")
    assert "brokenrender_missing_module" in str(info.value)
    # One broken plugin does not hide the others.
    assert "tiny" in jk.renderers()
    assert "broken" not in jk.renderers()
    assert render(journey, renderer="tiny").startswith("view map")


def test_a_plugin_that_is_not_a_renderer_is_named(site: Path) -> None:
    install(
        site,
        "brokenrender",
        {"brokenrender": "class NotARenderer:\n    name = 'half'\n"},
        {"half": "brokenrender:NotARenderer"},
    )
    with pytest.raises(jk.JourneyError, match="brokenrender:NotARenderer"):
        render(example("coffee-maker.json"), renderer="half")


def test_the_plugin_is_gone_after_the_test() -> None:
    """The fixtures leave nothing behind for the other tests."""
    assert "tiny" not in jk.renderers()


_PUBLIC_NAMES = """
import importlib, pkgutil, sys, types
{first}
import journeykit as jk
wrong = {{}}
for name in jk.__all__:
    value = getattr(jk, name)
    # jk.events is a subpackage on purpose (jk.events.discover); anything else
    # that is a module is a function or class hidden by its own module.
    if isinstance(value, types.ModuleType) and name != "events":
        wrong[name] = value.__name__
print(sorted(wrong.items()))
print(type(jk.events.discover).__name__)
print(type(jk.render).__name__, type(jk.scene).__name__, type(jk.save).__name__)
"""
_IMPORT_EVERYTHING = """
import journeykit
for info in pkgutil.walk_packages(journeykit.__path__, "journeykit."):
    if not info.name.endswith("__main__"):
        try:
            importlib.import_module(info.name)
        except ImportError:
            pass
"""


@pytest.mark.parametrize(
    "first",
    [
        "",
        "import journeykit.rendering.registry",
        "import journeykit.layout.scene",
        "import journeykit as jk; jk.render",
        "import journeykit as jk; jk.scene",
        _IMPORT_EVERYTHING,
    ],
    ids=["nothing", "registry", "layout", "render", "scene", "every-module"],
)
def test_public_names_are_never_shadowed_by_subpackages(first: str) -> None:
    """Importing a subpackage sets it as an attribute of ``journeykit``.

    No public name may be a subpackage's name too: whatever the user
    imported first, ``jk.render`` and friends are the functions.
    """
    code = _PUBLIC_NAMES.format(first=first)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["[]", "function", "function function function"], done.stdout
