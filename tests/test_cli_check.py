"""``journeykit check``, run in-process."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest

from journeykit.cli import main

ROOT = Path(__file__).resolve().parents[1]
COFFEE = ROOT / "examples" / "coffee-maker.json"
TODAY = "2026-10-01"

# Breaks JK102 (error: "later" cannot be reached), JK202 (warning) and JK203 (info).
MIXED = {
    "journeykit": 1,
    "title": "Mixed",
    "objective": "Test the exit codes.",
    "updated": "2026-09-01",
    "personas": [{"id": "p", "name": "P"}],
    "channels": [
        {"id": "web", "name": "Web", "kind": "online"},
        {"id": "shop", "name": "Shop", "kind": "offline"},
    ],
    "stages": [
        {
            "id": "one",
            "name": "One",
            "metrics": [{"name": "m"}],
            "touchpoints": [
                {
                    "id": "start",
                    "name": "Start",
                    "channel": "web",
                    "emotion": -0.2,
                    "evidence": [{"source": "survey"}],
                    "opportunities": [{"id": "idea", "description": "An idea"}],
                }
            ],
        },
        {
            "id": "two",
            "name": "Two",
            "metrics": [{"name": "m"}],
            "touchpoints": [
                {
                    "id": "end",
                    "name": "End",
                    "channel": "shop",
                    "emotion": 0.1,
                    "evidence": [{"source": "survey"}],
                },
                {
                    "id": "later",
                    "name": "Later",
                    "channel": "shop",
                    "emotion": 0.1,
                    "evidence": [{"source": "survey"}],
                },
            ],
        },
    ],
    "flows": [{"from": "start", "to": "end", "count": 5}],
}


def run(*args: str | os.PathLike[str], stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["check", *map(str, args)],
        stdout=out,
        stderr=err,
        stdin=io.StringIO(stdin) if stdin is not None else None,
    )
    return code, out.getvalue(), err.getvalue()


def at(path: Path, line: int, column: int) -> str:
    """The text of ``path`` from a 1-based line and column on."""
    return path.read_text(encoding="utf-8").splitlines()[line - 1][column - 1 :]


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(MIXED), encoding="utf-8")
    return path


def test_clean_file_exits_0(mixed: Path) -> None:
    code, out, err = run(mixed, "--no-config", "--select", "JK7,JK8", "--today", TODAY)
    assert (code, out, err) == (0, "All checks passed!\n", "")


def test_text_format(mixed: Path) -> None:
    code, out, err = run(mixed, "--no-config", "--today", TODAY)
    assert code == 1
    assert err == ""
    lines = out.splitlines()
    found = re.fullmatch(
        rf"{re.escape(str(mixed))}:(\d+):(\d+): JK202 \[warning\] opportunity 'idea' has no owner",
        lines[0],
    )
    assert found, lines[0]
    assert at(mixed, int(found[1]), int(found[2])).startswith('{"id": "idea"')
    assert lines[1] == "  hint: set `owner` to the team or person who will act on it"
    assert re.search(rf"^{re.escape(str(mixed))}:\d+:\d+: JK102 \[error\] ", out, re.MULTILINE)
    assert lines[-1] == "Found 3 findings (1 error, 1 warning, 1 info)."


def test_summary_counts_in_the_singular(mixed: Path) -> None:
    assert run(mixed, "--no-config", "--select", "JK202")[1].splitlines()[-1] == (
        "Found 1 finding (1 warning)."
    )


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], 1),  # the default fails on warnings
        (["--fail-on", "error"], 1),
        (["--fail-on", "error", "--ignore", "JK102"], 0),
        (["--select", "JK203"], 0),  # info only
        (["--select", "JK203", "--fail-on", "info"], 1),
        (["--select", "JK202", "--fail-on", "warning"], 1),
        (["--select", "JK202", "--fail-on", "error"], 0),
    ],
)
def test_fail_on(mixed: Path, options: list[str], expected: int) -> None:
    assert run(mixed, "--no-config", "--today", TODAY, *options)[0] == expected


def test_fail_on_from_the_configuration(mixed: Path) -> None:
    (mixed.parent / "journeykit.toml").write_text('[check]\nfail-on = "error"\nignore = ["JK1"]\n')
    code, out, _ = run(mixed, "--today", TODAY)
    assert code == 0
    assert "JK102" not in out
    assert "JK202" in out
    assert run(mixed, "--today", TODAY, "--fail-on", "warning")[0] == 1


def test_options_come_after_the_configuration(mixed: Path) -> None:
    (mixed.parent / "journeykit.toml").write_text('[check]\nignore = ["JK202"]\n')
    assert "JK202" not in run(mixed, "--today", TODAY)[1]
    assert "JK202" in run(mixed, "--today", TODAY, "--select", "JK2")[1]
    out = run(mixed, "--today", TODAY, "--ignore", "JK203", "--ignore", "JK102")[1]
    assert out == "All checks passed!\n"


def test_explicit_config_and_no_config(mixed: Path, tmp_path: Path) -> None:
    (mixed.parent / "journeykit.toml").write_text('[check]\nselect = ["JK7"]\n')
    other = tmp_path / "elsewhere.toml"
    other.write_text('[check]\nselect = ["JK202"]\n')
    assert run(mixed, "--today", TODAY)[1] == "All checks passed!\n"
    assert "JK202" in run(mixed, "--config", other)[1]
    assert "JK102" in run(mixed, "--no-config")[1]
    assert run(mixed, "--config", other, "--no-config")[0] == 2


def test_json_format(mixed: Path) -> None:
    code, out, _ = run(mixed, "--no-config", "--format", "json", "--select", "JK102")
    assert code == 1
    assert json.loads(out) == [
        {
            "file": str(mixed),
            "code": "JK102",
            "severity": "error",
            "message": "no flow leads from the first stage ('one') to touchpoint 'later'",
            # The touchpoint's "{": the file is one line of json.dumps.
            "location": {
                "path": "stages[1].touchpoints[1]",
                "ids": ["later"],
                "line": 1,
                "column": json.dumps(MIXED).index('{"id": "later"') + 1,
            },
            "hint": "add the flow that brings customers here, or remove the touchpoint "
            "if no customer of this journey gets here",
        }
    ]
    assert json.loads(run(mixed, "--no-config", "--format", "json", "--select", "JK7")[1]) == []


def test_github_format(tmp_path: Path) -> None:
    path = tmp_path / "a,b:c.json"
    path.write_text(json.dumps(MIXED), encoding="utf-8")
    code, out, _ = run(path, "--no-config", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 3
    escaped = str(path).replace(":", "%3A").replace(",", "%2C")
    assert re.match(
        rf"::warning file={re.escape(escaped)},line=\d+,col=\d+,title=JK202::"
        r"stages\[0\]\.touchpoints\[0\]",
        lines[0],
    )
    assert "%0Ahint: set `owner`" in lines[0]
    assert lines[1].startswith("::notice ")
    assert lines[2].startswith("::error ")
    assert all(
        re.fullmatch(
            r"::(error|warning|notice) file=[^:]+,line=\d+,col=\d+,title=JK\d{3}::.+", line
        )
        for line in lines
    )


def test_standard_input(mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "journeykit.toml").write_text('[check]\nselect = ["JK202"]\n')
    code, out, _ = run("-", stdin=mixed.read_text(encoding="utf-8"))
    assert code == 1
    assert re.match(r"<stdin>:\d+:\d+: JK202 ", out)


def test_today_makes_freshness_reproducible(mixed: Path) -> None:
    assert run(mixed, "--no-config", "--select", "JK501", "--today", "2027-02-28")[0] == 0
    code, out, _ = run(mixed, "--no-config", "--select", "JK501", "--today", "2027-03-01")
    assert code == 1
    assert "181 days ago" in out


def test_the_coffee_maker_example() -> None:
    code, out, _ = run(COFFEE, "--select", "JK2", "--today", TODAY)
    assert code == 1
    for id in ("all-day-delivery-window", "crushed-boxes", "mixed-model-reviews", "filter-finder"):
        assert f"'{id}'" in out
    assert run(COFFEE, "--select", "JK2", "--fail-on", "error")[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.json"], "missing.json"),
        (["--select", "JK9"], "journeykit: --select: 'JK9' is not a rule code or prefix"),
        (["--ignore", "JK201,E501"], "journeykit: --ignore: 'E501' is not a rule code or prefix"),
        (["--config", "missing.toml"], "cannot read the file"),
    ],
)
def test_bad_input_exits_2(mixed: Path, args: list[str], message: str) -> None:
    code, out, err = run(*(args if args[0] == "missing.json" else [mixed, *args]))
    assert code == 2
    assert message in err
    assert out in ("", "No findings; 1 file could not be checked.\n")


def test_bad_option_values_exit_2(mixed: Path) -> None:
    assert run(mixed, "--today", "2026-02-30")[0] == 2
    assert run(mixed, "--fail-on", "fatal")[0] == 2
    assert run(mixed, "--format", "xml")[0] == 2


def test_a_bad_config_file_exits_2(mixed: Path) -> None:
    (mixed.parent / "pyproject.toml").write_text("[tool.journeykit.check]\nselct = []\n")
    code, out, err = run(mixed)
    assert (code, out) == (2, "")
    assert err.strip() == (
        f"journeykit: {mixed.parent / 'pyproject.toml'}: [tool.journeykit.check] "
        "unknown key 'selct'; did you mean 'select'?"
    )


def test_an_invalid_journey_among_good_ones(mixed: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"journeykit": 1, "title": "T", "stages": [{"name": "S", "emotion": 2}]}')
    code, out, err = run(bad, mixed, "--no-config", "--select", "JK202")
    assert code == 2
    assert "stages[0]" in err
    assert "JK202" in out  # the good file is still checked
    assert out.splitlines()[-1] == "Found 1 finding (1 warning); 1 file could not be checked."


def test_help_lists_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--select", "--ignore", "--format", "--fail-on", "--config", "--today"):
        assert option in out
