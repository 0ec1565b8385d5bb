"""Checks in CI: every output format, invalid files as findings, directories and globs, settings."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import journeykit as jk
from journeykit.analysis import Finding, Location
from journeykit.cli import _report as report
from journeykit.cli import main
from journeykit.cli.check import CONFIGURATION
from journeys import UNOWNED  # JK202 and JK203

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-10-01"
SARIF_SCHEMA = json.loads(
    (ROOT / "tests" / "sarif" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8")
)
SARIF = jsonschema.Draft4Validator(SARIF_SCHEMA)

CLEAN = {"journeykit": 1, "title": "T", "stages": [{"name": "S", "touchpoints": [{"name": "A"}]}]}
INVALID_JSON = '{"journeykit": 1,\n "title": "T",\n "stages": [}'  # line 3, column 13
INVALID_DATA = {"journeykit": 1, "title": "T", "stages": [{"name": "S", "emotion": 2}]}


def run(*args: str | os.PathLike[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def sarif_errors(log: Any) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in SARIF.iter_errors(log)]


def entry_at(line: int | None, column: int | None, **fields: Any) -> report.Entry:
    finding = Finding(
        fields.pop("code", "JK201"),
        fields.pop("severity", "warning"),
        "no opportunity addresses pain point 'slow'",
        Location(("stages", 0, "touchpoints", 1), ("slow",), line=line, column=column),
        "add an opportunity",
    )
    return report.Entry.of_finding(fields.pop("file", "maps/a b.json"), finding)


# -- the formats, with lines and columns -------------------------------------------


def test_text_line_shows_line_and_column_when_known() -> None:
    assert report.text_line(entry_at(12, 5)).startswith("maps/a b.json:12:5: JK201 [warning] ")
    assert report.text_line(entry_at(12, None)).startswith("maps/a b.json:12: JK201 ")
    assert report.text_line(entry_at(None, None)).startswith(
        "maps/a b.json:stages[0].touchpoints[1]: JK201 [warning] "
    )


def test_github_annotation_carries_line_and_column_when_known() -> None:
    out = io.StringIO()
    report.write_github([entry_at(12, 5), entry_at(None, None)], report.Streams(out, out, None))
    first, second = out.getvalue().splitlines()
    assert first.startswith("::warning file=maps/a b.json,line=12,col=5,title=JK201::")
    assert second.startswith("::warning file=maps/a b.json,title=JK201::stages[0].touchpoints[1]")


def test_json_record_carries_line_and_column_when_known() -> None:
    assert entry_at(12, 5).to_dict()["location"] == {
        "path": "stages[0].touchpoints[1]",
        "ids": ["slow"],
        "line": 12,
        "column": 5,
    }
    assert "line" not in entry_at(None, None).to_dict()["location"]


def test_sarif_is_valid_and_has_regions_when_lines_are_known(tmp_path: Path) -> None:
    entries = [
        entry_at(12, 5),
        entry_at(3, None, code="JK102", severity="error", file="other.yaml"),
        entry_at(None, None, code="JK602", severity="info"),
        *report.invalid_file(
            "bad.json", jk.FormatError("invalid JSON", source="bad.json", line=3, column=13)
        ),
    ]
    log = report.sarif(
        entries, report.check_rules(), root=tmp_path, docs="https://example.org/docs/"
    )
    assert sarif_errors(log) == []
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["JK000", "JK102", "JK201", "JK602"]
    jk201 = rules[2]
    assert jk201["name"] == "unaddressed-pain-point"
    assert jk201["shortDescription"]["text"] == "No opportunity addresses a pain point."
    assert jk201["defaultConfiguration"] == {"level": "warning"}
    assert jk201["helpUri"] == "https://example.org/docs/rules.md#jk201--unaddressed-pain-point"
    assert rules[3]["defaultConfiguration"] == {"level": "note"}
    results = run_["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("JK201", "warning"),
        ("JK102", "error"),
        ("JK602", "note"),
        ("JK000", "error"),
    ]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    physical = [r["locations"][0]["physicalLocation"] for r in results]
    assert physical[0] == {
        "artifactLocation": {"uri": "maps/a%20b.json", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 12, "startColumn": 5},
    }
    assert physical[1]["region"] == {"startLine": 3}
    assert "region" not in physical[2]
    assert physical[3]["region"] == {"startLine": 3, "startColumn": 13}
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    logical = results[0]["locations"][0]["logicalLocations"][0]
    assert logical["fullyQualifiedName"] == "stages[0].touchpoints[1]"


def test_sarif_names_a_file_outside_the_root_by_its_absolute_uri(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "map.json"
    log = report.sarif(
        [entry_at(1, 1, file=str(outside))], report.check_rules(), root=tmp_path / "repo"
    )
    assert sarif_errors(log) == []
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert artifact["artifactLocation"] == {"uri": outside.as_uri()}


def test_sarif_fingerprints_follow_the_finding_not_its_line() -> None:
    def fingerprint(entry: report.Entry) -> Any:
        log = report.sarif([entry], report.check_rules())
        return log["runs"][0]["results"][0]["partialFingerprints"]

    assert fingerprint(entry_at(12, 5)) == fingerprint(entry_at(40, 1))
    assert fingerprint(entry_at(12, 5)) != fingerprint(entry_at(12, 5, code="JK102"))


def github_heading_ids(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings: lower case, punctuation dropped, spaces to -."""
    ids = set()
    for heading in re.findall(r"^#{1,6} (.+)$", markdown, re.MULTILINE):
        ids.add(re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-"))
    return ids


def test_every_code_has_its_anchor_in_the_rules_page() -> None:
    from journeykit.cli.conform import _rules as conformance_rules

    anchors = github_heading_ids((ROOT / "docs" / "rules.md").read_text(encoding="utf-8"))
    codes = {**report.check_rules(), **conformance_rules()}
    missing = [code for code, rule in codes.items() if report.anchor(rule) not in anchors]
    assert missing == []


# -- check and validate, end to end ------------------------------------------------


@pytest.fixture
def maps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository of journeys: one with a finding, one clean, one broken, one invalid."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "maps" / "a-unowned.json", UNOWNED)
    write(tmp_path / "maps" / "b-clean.json", CLEAN)
    write(tmp_path / "maps" / "c-broken.json", INVALID_JSON)
    write(tmp_path / "maps" / "d-invalid.json", INVALID_DATA)
    return tmp_path


CHECK = ("check", "maps", "--no-config", "--select", "JK202", "--today", TODAY)


def test_check_sarif_of_a_directory_is_valid(maps: Path) -> None:
    code, out, err = run(*CHECK, "--format", "sarif")
    assert code == 2  # an invalid file outweighs the findings
    assert err == ""
    log = json.loads(out)
    assert sarif_errors(log) == []
    results = log["runs"][0]["results"]
    where = [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in results
    ]
    assert where == [
        ("JK202", "maps/a-unowned.json"),
        ("JK000", "maps/c-broken.json"),
        ("JK000", "maps/d-invalid.json"),
    ]
    broken = results[1]["locations"][0]["physicalLocation"]["region"]
    assert broken == {"startLine": 3, "startColumn": 13}
    assert "stages[0].emotion" in results[2]["message"]["text"]


def test_check_reports_invalid_files_in_every_format(maps: Path) -> None:
    code, out, err = run(*CHECK, "--format", "json")
    assert code == 2
    records = json.loads(out)
    assert [(r["file"], r["code"]) for r in records] == [
        (os.path.join("maps", "a-unowned.json"), "JK202"),
        (os.path.join("maps", "c-broken.json"), "JK000"),
        (os.path.join("maps", "d-invalid.json"), "JK000"),
    ]
    assert records[1]["location"] == {"path": "", "ids": [], "line": 3, "column": 13}
    assert records[2]["location"]["path"] == "stages[0].emotion"
    code, out, _ = run(*CHECK, "--format", "github")
    assert code == 2
    lines = out.splitlines()
    assert lines[1].startswith(
        f"::error file={os.path.join('maps', 'c-broken.json')},line=3,col=13,title=JK000::"
    )
    assert lines[2].startswith("::error ")
    assert "title=JK000::stages[0].emotion: " in lines[2]
    code, out, err = run(*CHECK)
    assert code == 2
    assert err.splitlines()[0].startswith(f"{os.path.join('maps', 'c-broken.json')}:3:13: ")
    assert out.splitlines()[-1] == "Found 1 finding (1 warning); 2 files could not be checked."


def test_validate_reports_invalid_files_as_findings(maps: Path) -> None:
    code, out, err = run("validate", "maps", "--format", "sarif")
    assert (code, err) == (2, "")
    log = json.loads(out)
    assert sarif_errors(log) == []
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["JK000", "JK000"]
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["name"] == "invalid-file"
    code, out, _ = run("validate", "maps/a-unowned.json", "maps/b-clean.json", "--format", "json")
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = run("validate", "maps/a-unowned.json", "--format", "github")
    assert (code, out) == (0, "")
    code, out, err = run("validate", "maps")
    assert code == 2
    assert out.splitlines() == [
        f"{os.path.join('maps', 'a-unowned.json')}: valid (1 stages, 1 touchpoints)",
        f"{os.path.join('maps', 'b-clean.json')}: valid (1 stages, 1 touchpoints)",
    ]
    assert len(err.splitlines()) == 2


def test_conform_prints_sarif(tmp_path: Path) -> None:
    plain = write(tmp_path / "plain.json", CLEAN)
    design = write(tmp_path / "design.json", CLEAN | {"ignore": ["JK905"]})
    events = write(
        tmp_path / "events.csv", "case,timestamp,touchpoint\n1,2026-01-01,A\n1,2026-01-02,B\n"
    )
    code, out, err = run("conform", design, events, "--format", "sarif")
    assert err == ""
    log = json.loads(out)
    assert sarif_errors(log) == []
    ids = {r["ruleId"] for r in log["runs"][0]["results"]}
    assert "JK902" in ids  # B is not in the design
    assert "JK905" not in ids  # suppressed by the design's ignore
    assert code == 1
    out = run("conform", plain, events, "--format", "sarif")[1]
    assert "JK905" in {r["ruleId"] for r in json.loads(out)["runs"][0]["results"]}


# -- directories and globs -----------------------------------------------------------


def test_directories_recurse_by_suffix_skipping_hidden_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in (
        "j/b.yaml",
        "j/a.json",
        "j/sub/c.yml",
        "j/sub/d.mmd",
        "j/z.mermaid",
        "j/.hidden/e.json",
        "j/.f.json",
        "j/notes.txt",
        "j/README.md",
    ):
        write(tmp_path / name, "")
    found = [item.path for item in report_inputs(["j"])]
    assert found == [
        os.path.join("j", "a.json"),
        os.path.join("j", "b.yaml"),
        os.path.join("j", "sub", "c.yml"),
        os.path.join("j", "sub", "d.mmd"),
        os.path.join("j", "z.mermaid"),
    ]


def report_inputs(arguments: list[str]) -> list[Any]:
    from journeykit.cli._inputs import expand

    return expand(arguments)


def test_globs_are_expanded_and_files_come_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("j/a.json", "j/b.yaml", "j/deep/c.yaml", "j/notes.txt"):
        write(tmp_path / name, "")
    assert [i.path for i in report_inputs(["j/**/*.yaml"])] == [
        os.path.join("j", "b.yaml"),
        os.path.join("j", "deep", "c.yaml"),
    ]
    # A file named twice, or inside a directory also named, is read once.
    twice = report_inputs(["j/a.json", "j", "j/a.json"])
    assert [i.path for i in twice] == [
        "j/a.json",
        os.path.join("j", "b.yaml"),
        os.path.join("j", "deep", "c.yaml"),
    ]
    # A file named explicitly is read whatever its suffix; the reader judges it.
    assert [i.path for i in report_inputs(["j/notes.txt"])] == ["j/notes.txt"]


def test_an_empty_directory_or_a_pattern_matching_nothing_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "empty" / "notes.txt", "")
    write(tmp_path / "ok.json", CLEAN)
    code, out, err = run("validate", "empty", "nothing/*.json", "ok.json")
    assert code == 2
    assert out == "ok.json: valid (1 stages, 1 touchpoints)\n"
    assert err.splitlines() == [
        "empty: no journey files in this directory (looked for .json, .mermaid, .mmd, .yaml, .yml)",
        "nothing/*.json: no file matches this pattern",
    ]
    code, out, _ = run("check", "empty", "--format", "json", "--no-config")
    assert code == 2
    assert json.loads(out)[0]["code"] == "JK000"


# -- settings --------------------------------------------------------------------------


def test_check_help_names_the_tables_it_reads(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--help"]) == 0
    text = capsys.readouterr().out
    assert "[tool.journeykit.check]" in text
    assert "[check]" in text
    assert "per-file-ignores" in text
    assert "with a [tool.journeykit] table" not in text


def test_the_configuration_in_check_help_is_accepted(tmp_path: Path) -> None:
    """The example of ``check --help`` is a pyproject.toml journeykit reads as it says."""
    example = "\n".join(
        line.strip() for line in CONFIGURATION.splitlines() if line.startswith("    ")
    )
    path = write(tmp_path / "pyproject.toml", example)
    config = jk.analysis.checking.load_config(path)
    assert config.ignore == ("JK6", "JK203")
    assert config.per_file_ignores == (("legacy/*.json", ("JK3",)),)
    journeykit_toml = example.replace("[tool.journeykit.check", "[check")
    assert tomllib.loads(journeykit_toml)["check"]["stale-days"] == 180
    path = write(tmp_path / "journeykit.toml", journeykit_toml)
    assert jk.analysis.checking.load_config(path) == config


def test_per_file_ignores_in_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path / "pyproject.toml",
        '[tool.journeykit.check]\nselect = ["JK2"]\n'
        '[tool.journeykit.check.per-file-ignores]\n"legacy/**/*.json" = ["JK202", "JK203"]\n'
        '"draft-*" = ["jk2"]\n',
    )
    write(tmp_path / "maps" / "current.json", UNOWNED)
    write(tmp_path / "legacy" / "old.json", UNOWNED)
    write(tmp_path / "legacy" / "deeper" / "older.json", UNOWNED)
    write(tmp_path / "maps" / "draft-1.json", UNOWNED)
    code, out, _ = run("check", ".", "--today", TODAY, "--format", "json")
    assert code == 1
    assert [(r["file"], r["code"]) for r in json.loads(out)] == [
        (os.path.join(".", "maps", "current.json"), "JK202"),
        (os.path.join(".", "maps", "current.json"), "JK203"),
    ]
    # The files' own directory does not matter: patterns start at the configuration's.
    monkeypatch.chdir(tmp_path / "legacy")
    assert run("check", "old.json", "--today", TODAY)[0] == 0
    code, out, _ = run("check", "old.json", "--show-settings")
    assert code == 0
    assert f"configuration file: {tmp_path / 'pyproject.toml'}" in out
    assert 'per-file-ignores for this file: ["JK202", "JK203"]' in out
    assert "rules run: JK201" in out


def test_per_file_ignores_outweigh_select() -> None:
    config = jk.analysis.checking.Config(per_file_ignores={"*.json": ["JK202"]})
    journey = jk.from_dict(UNOWNED)
    check = jk.analysis.checking.check
    assert [f.code for f in check(journey, select=["JK202"], config=config)] == ["JK202"]
    assert list(check(journey, select=["JK202"], config=config, path="a.json")) == []


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('per-file-ignores = ["JK2"]', "per-file-ignores: expected a table of file patterns"),
        ('[check.per-file-ignores]\n"*.json" = "JK2"', "expected a list of rule codes"),
        ('[check.per-file-ignores]\n"*.json" = ["JK299"]', "'JK299' is not a rule code"),
    ],
)
def test_bad_per_file_ignores_are_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    body = table if table.startswith("[") else f"[check]\n{table}"
    write(tmp_path / "journeykit.toml", body)
    write(tmp_path / "a.json", CLEAN)
    code, out, err = run("check", "a.json")
    assert (code, out) == (2, "")
    assert message in err
    assert str(tmp_path / "journeykit.toml") in err


# -- the installed program ------------------------------------------------------------


def test_the_console_script_prints_sarif_for_a_glob(maps: Path) -> None:
    script = Path(sys.executable).with_name("journeykit")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [str(script), "check", "maps/*.json", "--select", "JK202", "--format", "sarif"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert done.returncode == 2, done.stderr
    log = json.loads(done.stdout)
    assert sarif_errors(log) == []
    assert len(log["runs"][0]["results"]) == 3
