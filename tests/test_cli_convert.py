"""``journeykit convert``: between json, yaml, mermaid and plugin formats, files and streams."""

from __future__ import annotations

import io
import itertools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import journeykit as jk
from conftest import install_distribution
from journeykit.cli import main
from journeykit.formats.registry import ENTRY_POINT_GROUP, _plugins

ROOT = Path(__file__).resolve().parents[1]
COFFEE = ROOT / "examples" / "coffee-maker.json"
HOSPITAL = ROOT / "examples" / "hospital-visit.yaml"

DIAGRAM = """\
journey
    title Making tea
    section Kitchen
      Boil water: 4: Me
      Brew: 5: Me, Cat
"""
OFF_SCALE = """\
journey
    title Making tea
    section Kitchen
      Boil water: 7: Me
      Brew: lots: Me
"""


def run(*args: str | os.PathLike[str], stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    given = io.StringIO(stdin) if stdin is not None else None
    code = main([str(a) for a in args], stdout=out, stderr=err, stdin=given)
    return code, out.getvalue(), err.getvalue()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("example", [COFFEE, HOSPITAL], ids=lambda p: p.name)
def test_a_journey_goes_round_json_yaml_mermaid_and_back(example: Path, tmp_path: Path) -> None:
    original = jk.load(example)
    steps = [example, tmp_path / "a.yaml", tmp_path / "b.mmd", tmp_path / "c.mermaid"]
    steps += [tmp_path / "d.yml", tmp_path / "e.json"]
    for source, target in itertools.pairwise(steps):
        assert run("convert", source, target) == (0, "", "")
        assert jk.load(target) == original, target.name
    assert (tmp_path / "b.mmd").read_text("utf-8").startswith("journey\n")
    assert (tmp_path / "e.json").read_text("utf-8") == jk.dumps(original, "json")
    assert leftovers(tmp_path) == []


def test_standard_input_is_told_by_its_text_and_standard_output_is_json() -> None:
    code, out, err = run("convert", "-", "-", stdin=DIAGRAM)
    assert (code, err) == (0, "")
    assert json.loads(out)["title"] == "Making tea"
    assert jk.loads(out, "json") == jk.from_mermaid(DIAGRAM)


@pytest.mark.parametrize("name", ["json", "yaml", "mermaid"])
def test_to_names_the_format_of_standard_output(name: str) -> None:
    code, out, err = run("convert", "-", "-", "--to", name, stdin=jk.dumps(jk.load(COFFEE)))
    assert (code, err) == (0, "")
    assert out == jk.dumps(jk.load(COFFEE), name)


def test_from_overrides_the_suffix(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(DIAGRAM, "utf-8")
    code, out, err = run("convert", notes, "-", "--from", "mermaid", "-t", "yaml")
    assert (code, err) == (0, "")
    assert jk.loads(out, "yaml") == jk.from_mermaid(DIAGRAM)
    assert run("convert", "-f", "mermaid", "-", "-", stdin=DIAGRAM)[0] == 0


def test_a_file_converted_onto_itself_is_rewritten_in_place(tmp_path: Path) -> None:
    path = tmp_path / "tea.mmd"
    path.write_text(DIAGRAM, "utf-8")
    assert run("convert", path, path) == (0, "", "")
    assert jk.load(path) == jk.from_mermaid(DIAGRAM)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["{coffee}", "{tmp}/out.txt"],
            "out.txt: cannot tell the format from the suffix '.txt'; known suffixes: .json (json); "
            ".yaml, .yml (yaml); .mmd, .mermaid (mermaid); or name the format with --to "
            "(json, yaml, mermaid)",
        ),
        (["{coffee}", "{tmp}/out"], "cannot tell the format from a name without a suffix"),
        (["{tmp}/in.txt", "{tmp}/out.json"], "in.txt: cannot tell the format from the suffix"),
        (
            ["{coffee}", "{tmp}/out.json", "--to", "yml"],
            "--to: unknown format 'yml'; did you mean 'yaml'?; choose one of json, yaml, mermaid",
        ),
        (["-", "-", "--from", "toml"], "--from: unknown format 'toml'"),
        (["{tmp}/missing.json", "{tmp}/out.json"], "missing.json: cannot read the file"),
        (["{coffee}", "{tmp}/no/such/folder/out.json"], "cannot write the file"),
    ],
)
def test_what_cannot_be_converted_is_one_line_and_exit_2(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    (tmp_path / "in.txt").write_text(DIAGRAM, "utf-8")
    filled = [a.format(coffee=COFFEE, tmp=tmp_path) for a in args]
    code, out, err = run("convert", *filled, stdin=DIAGRAM)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1, err
    assert err.startswith("journeykit: ")
    assert expected in err
    assert not (tmp_path / "out.json").exists()


def test_bad_input_leaves_the_target_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "kept.yaml"
    target.write_text("untouched\n", "utf-8")
    code, _, err = run("convert", "-", target, stdin="journey\n  title T\n  section S\n  Task\n")
    assert code == 2
    assert "line 4" in err
    assert target.read_text("utf-8") == "untouched\n"
    assert leftovers(tmp_path) == []


def test_warnings_are_one_line_each_on_standard_error(tmp_path: Path) -> None:
    target = tmp_path / "tea.json"
    code, out, err = run("convert", "-", target, stdin=OFF_SCALE)
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        "journeykit: warning: <stdin>, line 4, column 18: the score 7 is outside 1 to 5; "
        "it is read as 5",
        "journeykit: warning: <stdin>, line 5, column 12: the score 'lots' is not a number; "
        "the task and its actors keep no emotion",
    ]
    assert jk.load(target).touchpoint("boil-water").emotion == 1.0


def test_quiet_silences_the_warnings(tmp_path: Path) -> None:
    for args in (["-q", "convert"], ["convert", "--quiet"]):
        code, out, err = run(*args, "-", tmp_path / "tea.json", stdin=OFF_SCALE)
        assert (code, out, err) == (0, "", "")


def test_strict_makes_warnings_errors_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "tea.json"
    for quiet in ([], ["--quiet"]):  # --quiet never hides an error
        code, out, err = run("convert", "--strict", *quiet, "-", target, stdin=OFF_SCALE)
        assert (code, out) == (2, "")
        got = err.splitlines()
        assert [line.split(",")[0] for line in got[:2]] == ["journeykit: warning: <stdin>"] * 2
        assert got[2:] == [
            f"journeykit: --strict: 2 warnings converting <stdin> to json; {target} not written"
        ]
        assert not target.exists()
    assert run("convert", "--strict", "-", target, stdin=DIAGRAM) == (0, "", "")


def test_writing_warnings_are_reported_too(tmp_path: Path) -> None:
    # A diagram longer than Mermaid draws by default: the writer warns.
    stages = [
        jk.Stage(name=f"Stage {i}", touchpoints=[jk.Touchpoint(name=f"Step {i} " + "x" * 200)])
        for i in range(300)
    ]
    source = tmp_path / "long.json"
    jk.dump(jk.Journey(title="Long", stages=stages), source)
    code, _, err = run("convert", source, tmp_path / "long.mmd")
    assert code == 0
    assert err.startswith("journeykit: warning: ")
    assert "50,000" in err
    assert len(err.splitlines()) == 1


@pytest.fixture
def lines_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The format of docs/format.md ("Writing a format"), installed as a plugin."""
    text = (ROOT / "docs" / "format.md").read_text("utf-8")
    example = text.split("### Writing a format", 1)[1].split("```python\n", 1)[1]
    site = tmp_path / "site"
    site.mkdir()
    install_distribution(
        site,
        "linesformat",
        {"linesformat": example.split("```", 1)[0]},
        ENTRY_POINT_GROUP,
        {"lines": "linesformat:LinesFormat"},
    )
    monkeypatch.syspath_prepend(str(site))
    _plugins.cache_clear()
    yield
    _plugins.cache_clear()
    sys.modules.pop("linesformat", None)


@pytest.mark.usefixtures("lines_format")
def test_a_plugin_format_converts_by_suffix_and_by_name(tmp_path: Path) -> None:
    target = tmp_path / "tea.lst"
    assert run("convert", "-", target, stdin=DIAGRAM) == (0, "", "")
    assert target.read_text("utf-8") == "Kitchen: Boil water\nKitchen: Brew\n"
    code, out, err = run("convert", target, "-", "--to", "mermaid")
    assert (code, err) == (0, "")
    assert "Boil water: 3" in out
    code, _, err = run("convert", target, "-", "--to", "line")
    assert "did you mean 'lines'?; choose one of json, yaml, mermaid, lines" in err


def python_m_journeykit(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    paths = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    return subprocess.run(
        [sys.executable, "-m", "journeykit", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_a_real_pipe_from_mermaid_to_yaml() -> None:
    done = python_m_journeykit("convert", "-", "-", "--to", "yaml", stdin=OFF_SCALE)
    assert done.returncode == 0, done.stderr
    assert jk.loads(done.stdout, "yaml").title == "Making tea"
    assert [line.split(":")[1] for line in done.stderr.splitlines()] == [" warning"] * 2
