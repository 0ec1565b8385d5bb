"""The registry of file formats: by name, by suffix, through entry points.

The plugin tests install the example of docs/format.md ("Writing a format")
as a tiny distribution in a temporary directory (a module and a
``*.dist-info`` folder whose ``entry_points.txt`` registers the format under
``journeykit.formats``) and put it on ``sys.path``, which is all an
installer would do.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import journeykit as jk
from conftest import install_distribution
from journeykit.formats.registry import ENTRY_POINT_GROUP, _plugins, get_format

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

COFFEE = EXAMPLES / "coffee-maker.json"

DIAGRAM = """\
journey
    title Making tea
    section Kitchen
      Boil water: 4: Me
      Brew: 5: Me, Cat
"""

ROOT = Path(__file__).resolve().parent.parent


def docs_example() -> str:
    """The Python example under "### Writing a format" in docs/format.md."""
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    section = text.split("### Writing a format", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def install(site: Path, dist: str, modules: dict[str, str], entry_points: dict[str, str]) -> None:
    install_distribution(site, dist, modules, ENTRY_POINT_GROUP, entry_points)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    _plugins.cache_clear()
    yield root
    _plugins.cache_clear()
    for module in ("linesformat", "brokenformat", "notaformat"):
        sys.modules.pop(module, None)


@pytest.fixture
def lines(site: Path) -> Path:
    modules = {"linesformat": docs_example()}
    install(site, "linesformat", modules, {"lines": "linesformat:LinesFormat"})
    return site


# -- built-in formats ----------------------------------------------------------


def test_the_built_in_formats_and_their_suffixes() -> None:
    assert jk.file_formats() == {
        "json": (".json",),
        "yaml": (".yaml", ".yml"),
        "mermaid": (".mmd", ".mermaid"),
    }


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml", ".mmd", ".mermaid", ".MMD", ".Json"])
def test_every_suffix_writes_and_reads_back(tmp_path: Path, suffix: str) -> None:
    journey = jk.load(COFFEE)
    path = tmp_path / f"coffee{suffix}"
    jk.dump(journey, path)
    assert jk.load(path) == journey


def test_a_mermaid_file_loads_by_its_suffix(tmp_path: Path) -> None:
    path = tmp_path / "tea.mmd"
    path.write_text(DIAGRAM, encoding="utf-8")
    journey = jk.load(path)
    assert [tp.name for tp in journey.touchpoints] == ["Boil water", "Brew"]
    assert journey.touchpoint("brew").emotions == {"me": 1.0, "cat": 1.0}


def test_dumps_and_loads_take_the_format_by_name() -> None:
    journey = jk.load(COFFEE)
    for name in ("json", "yaml", "mermaid"):
        assert jk.loads(jk.dumps(journey, name), name) == journey


def test_a_format_object_is_taken_as_it_is() -> None:
    mermaid = get_format("mermaid")
    journey = jk.loads(DIAGRAM, mermaid)
    assert jk.dumps(journey, mermaid) == jk.to_mermaid(journey)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ('{"journeykit": 1, "title": "J"}', "J"),
        ("journeykit: 1\ntitle: Y\n", "Y"),
        (DIAGRAM, "Making tea"),
        ("%% a comment\n\n  journey\n  title M\n", "M"),
        ("---\ntitle: Front\n---\njourney\n", "Front"),
        ("\ufeffjourney\n  title BOM\n", "BOM"),
    ],
)
def test_loads_guesses_json_yaml_and_mermaid(text: str, title: str) -> None:
    assert jk.loads(text).title == title


def test_an_open_file_without_a_name_is_guessed_from() -> None:
    assert jk.load(io.StringIO(DIAGRAM)).title == "Making tea"
    assert jk.load(io.BytesIO(DIAGRAM.encode())).title == "Making tea"


def test_a_file_object_is_written_in_the_format_asked_for() -> None:
    journey = jk.loads(DIAGRAM)
    out = io.StringIO()
    jk.dump(journey, out, format="mermaid")
    assert out.getvalue() == jk.to_mermaid(journey)


# -- unknown formats -----------------------------------------------------------


def test_an_unknown_suffix_lists_the_known_ones_and_suggests(tmp_path: Path) -> None:
    with pytest.raises(jk.FormatError) as caught:
        jk.dump(jk.load(COFFEE), tmp_path / "coffee.jsn")
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'coffee.jsn'}: cannot tell the format")
    assert "did you mean '.json'?" in message
    for listed in (".json (json)", ".yaml, .yml (yaml)", ".mmd, .mermaid (mermaid)", "format="):
        assert listed in message


def test_a_file_without_a_suffix_says_so(tmp_path: Path) -> None:
    (tmp_path / "journey").write_text(DIAGRAM, encoding="utf-8")
    with pytest.raises(jk.FormatError, match="a file name without a suffix; known suffixes"):
        jk.load(tmp_path / "journey")
    assert jk.load(tmp_path / "journey", format="mermaid").title == "Making tea"


def test_an_unknown_format_name_lists_the_known_ones_and_suggests() -> None:
    with pytest.raises(jk.FormatError) as caught:
        jk.dumps(jk.load(COFFEE), "mermiad")
    assert str(caught.value) == (
        "unknown format 'mermiad'; did you mean 'mermaid'?; choose one of json, yaml, mermaid"
    )


def test_a_format_of_the_wrong_kind_is_an_argument_error() -> None:
    with pytest.raises(jk.ArgumentError, match="expected a format name"):
        jk.loads(DIAGRAM, 3)  # type: ignore[arg-type]


# -- convert -------------------------------------------------------------------


@pytest.mark.parametrize("source", ["json", "yaml", "mmd"])
@pytest.mark.parametrize("target", ["json", "yaml", "mmd"])
def test_convert_goes_between_every_pair_of_formats(
    tmp_path: Path, source: str, target: str
) -> None:
    journey = jk.load(COFFEE)
    first = tmp_path / f"in.{source}"
    jk.dump(journey, first)
    second = tmp_path / f"out.{target}"
    assert jk.convert(first, second) == journey
    assert jk.load(second) == journey


def test_convert_takes_the_formats_by_name_for_files_without_suffixes() -> None:
    out = io.StringIO()
    jk.convert(io.StringIO(DIAGRAM), out, from_="mermaid", to="json")
    assert jk.loads(out.getvalue(), "json") == jk.from_mermaid(DIAGRAM)


# -- plugins -------------------------------------------------------------------


def test_a_plugin_format_is_listed_and_chosen_by_name_and_suffix(
    lines: Path, tmp_path: Path
) -> None:
    assert jk.file_formats()["lines"] == (".lines", ".lst")
    path = tmp_path / "tea.LST"
    path.write_text("Kitchen: Boil water\nKitchen: Brew\n", encoding="utf-8")
    journey = jk.load(path)
    assert [tp.name for tp in journey.touchpoints] == ["Boil water", "Brew"]
    out = tmp_path / "tea.lines"
    jk.dump(journey, out)
    assert out.read_text(encoding="utf-8") == "Kitchen: Boil water\nKitchen: Brew\n"
    assert jk.dumps(journey, "lines") == out.read_text(encoding="utf-8")
    converted = tmp_path / "tea.mmd"
    jk.convert(out, converted)
    assert jk.load(converted) == journey


def test_an_unknown_format_lists_the_plugins_too(lines: Path) -> None:
    with pytest.raises(
        jk.FormatError, match=r"did you mean .lines.\?; choose one of json, yaml, mermaid, lines"
    ):
        jk.dumps(jk.loads(DIAGRAM), "line")


def test_a_plugin_cannot_take_a_built_in_name(site: Path) -> None:
    install(
        site, "linesformat", {"linesformat": docs_example()}, {"json": "linesformat:LinesFormat"}
    )
    assert jk.file_formats()["json"] == (".json",)
    assert jk.dumps(jk.loads(DIAGRAM), "json").startswith("{")


def test_a_broken_plugin_is_a_format_error_naming_it(site: Path) -> None:
    install(
        site,
        "brokenformat",
        {"brokenformat": "raise RuntimeError('no luck')"},
        {"broken": "brokenformat:X"},
    )
    with pytest.raises(jk.FormatError, match="the format 'broken' failed to load: no luck"):
        jk.dumps(jk.loads(DIAGRAM), "broken")
    assert "broken" not in jk.file_formats()


def test_a_plugin_that_is_not_a_format_is_refused(site: Path) -> None:
    install(
        site,
        "notaformat",
        {"notaformat": "class Thing:\n    name = 'thing'\n"},
        {"thing": "notaformat:Thing"},
    )
    with pytest.raises(
        jk.FormatError, match=r"is not a file format \(it needs name, suffixes, read and write\)"
    ):
        jk.dumps(jk.loads(DIAGRAM), "thing")
