"""A third-party view, installed through an entry point, is listed, checked and drawn.

The plugin is the example of docs/rendering.md ("Writing a view"), installed
as a real distribution: a module and a ``*.dist-info`` folder whose
``entry_points.txt`` registers it under ``journeykit.views``, in a
directory put on ``sys.path``, as an installer would.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import journeykit as jk
from conftest import install_distribution
from journeykit.cli import main
from journeykit.layout.views import get_view
from journeykit.layout.views.registry import ENTRY_POINT_GROUP, _plugins

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("stagesview", "brokenview", "notaview", "painlist")


def documented_plugin() -> str:
    """The Python example under "## Writing a view" in docs/rendering.md."""
    text = (ROOT / "docs" / "rendering.md").read_text(encoding="utf-8")
    section = text.split("\n## Writing a view\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1
    return blocks[0]


def install(site: Path, dist: str, modules: dict[str, str], entry_points: dict[str, str]) -> None:
    """Lay out an installed distribution of ``ENTRY_POINT_GROUP`` plugins under ``site``."""
    install_distribution(site, dist, modules, ENTRY_POINT_GROUP, entry_points)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    _plugins.cache_clear()
    yield root
    _plugins.cache_clear()
    for module in MODULES:
        sys.modules.pop(module, None)


@pytest.fixture
def stages(site: Path) -> Path:
    install(
        site, "stagesview", {"stagesview": documented_plugin()}, {"stages": "stagesview:STAGES"}
    )
    return site


def coffee() -> jk.Journey:
    return jk.load(ROOT / "examples" / "coffee-maker.json")


def test_the_plugin_view_is_listed_after_the_built_in_ones(stages: Path) -> None:
    found = jk.views()
    assert list(found)[-1] == "stages"
    assert found["stages"].summary == "The stages in one line."
    assert next(iter(found)) == "map"


def test_the_plugin_view_draws_with_every_renderer_option_checked(stages: Path) -> None:
    j = coffee()
    scene = jk.scene(j, view="stages", upper=True)
    assert scene.view == "stages"
    shown = " ".join(line for text in scene.texts() for line in text.lines)
    assert "AWARENESS" in shown
    svg = str(jk.render(j, view="stages"))
    assert "journeykit-stages" in svg
    assert "Awareness" in svg
    with pytest.raises(jk.JourneyError, match="option upper: expected bool, got 'yes'"):
        jk.render(j, view="stages", upper="yes")
    with pytest.raises(jk.JourneyError, match="did you mean 'upper'"):
        jk.render(j, view="stages", uper=True)
    with pytest.raises(jk.JourneyError, match="the stages view draws a Journey, not hotspots"):
        jk.render(jk.hotspots(j), view="stages")


def test_the_command_line_lists_and_draws_the_plugin_view(stages: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["render", "--help"], stdout=out) == 0
    assert "stages: The stages in one line." in out.getvalue()
    assert "upper (bool, default False): Write the stage names in capitals." in out.getvalue()
    out = io.StringIO()
    code = main(
        [
            "render",
            str(ROOT / "examples" / "coffee-maker.json"),
            "--view",
            "stages",
            "-O",
            "upper=yes",
        ],
        stdout=out,
    )
    assert code == 0
    assert "AWARENESS" in out.getvalue()


def test_a_view_that_fails_to_load_is_named(site: Path) -> None:
    install(
        site,
        "brokenview",
        {"brokenview": "raise ImportError('no numpy here')\n"},
        {"broken": "brokenview:VIEW"},
    )
    assert "broken" not in jk.views()
    with pytest.raises(jk.JourneyError, match="the view 'broken' failed to load: no numpy here"):
        jk.render(coffee(), view="broken")


def test_an_entry_point_that_is_not_a_view_is_named(site: Path) -> None:
    install(
        site,
        "notaview",
        {"notaview": documented_plugin() + "\nNOT_A_VIEW = stages_layout\n"},
        {"odd": "notaview:NOT_A_VIEW", "other": "notaview:STAGES"},
    )
    with pytest.raises(jk.JourneyError, match="'notaview:NOT_A_VIEW' is not a journeykit View"):
        get_view("odd")
    with pytest.raises(jk.JourneyError, match="names a view called 'stages'; the names must match"):
        get_view("other")
    assert "odd" not in jk.views()


def test_a_built_in_name_cannot_be_taken(site: Path) -> None:
    install(site, "stagesview", {"stagesview": documented_plugin()}, {"map": "stagesview:STAGES"})
    assert get_view("map").summary.startswith("The journey map")


def test_the_plugin_is_gone_after_the_tests() -> None:
    assert "stages" not in jk.views()


def howto_plugin() -> str:
    """The view module of docs/howto-view-plugin.md: its block that makes ``PAINS``."""
    text = (ROOT / "docs" / "howto-view-plugin.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    found = [block for block in blocks if "PAINS = View(" in block]
    assert len(found) == 1
    return found[0]


def test_the_plugin_of_the_how_to_installs_and_draws(site: Path, tmp_path: Path) -> None:
    install(site, "painlist", {"painlist": howto_plugin()}, {"pains": "painlist:PAINS"})
    j = coffee()
    assert jk.views()["pains"].summary == "The journey's pain points, the worst first."
    shown = [line for text in jk.scene(j, view="pains").texts() for line in text.lines]
    assert shown[0] == "Pain points: Buying a coffee maker"
    assert "S5" in shown
    severe = jk.scene(j, view="pains", min_severity=5)
    assert [t.lines for t in severe.texts()].count(("S5",)) == 1
    assert "S4" not in [line for text in severe.texts() for line in text.lines]
    jk.save(j, tmp_path / "pains.svg", view="pains", min_severity=3)
    assert 'class="pain"' in (tmp_path / "pains.svg").read_text("utf-8")
    out = io.StringIO()
    code = main(
        [
            "render",
            str(ROOT / "examples" / "coffee-maker.json"),
            "--view",
            "pains",
            "-O",
            "min_severity=5",
        ],
        stdout=out,
    )
    assert code == 0
    assert "S5" in out.getvalue()
    assert ">S4<" not in out.getvalue()
