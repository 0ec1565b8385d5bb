"""``journeykit diff``, in-process and as a real program."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import journeykit as jk
from journeykit.analysis.differences import diff
from journeykit.cli import main

ROOT = Path(__file__).resolve().parents[1]
COFFEE = ROOT / "examples" / "coffee-maker.json"
TODAY = "2026-10-01"


def run(*args: str | os.PathLike[str], stdin: io.TextIOBase | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], stdout=out, stderr=err, stdin=stdin)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def edited(journey: jk.Journey) -> jk.Journey:
    """The coffee journey after a small revision."""
    return (
        journey.replace_touchpoint("compare", emotion=0.1)
        .add_touchpoint(
            "purchase", jk.Touchpoint(id="chat-support", name="Chats with support", emotion=0.3)
        )
        .evolve(title="Buying a coffee maker, revised")
    )


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path, jk.Journey, jk.Journey]:
    old = jk.load(COFFEE)
    new = edited(old)
    old_path, new_path = tmp_path / "old.json", tmp_path / "new.yaml"
    jk.dump(old, old_path)
    jk.dump(new, new_path)
    return old_path, new_path, old, new


def test_help() -> None:
    code, out, _ = run("diff", "--help")
    assert code == 0
    assert "usage: journeykit diff" in out
    assert "--exit-code" in out


def test_text_report(versions: tuple[Path, Path, jk.Journey, jk.Journey]) -> None:
    old_path, new_path, old, new = versions
    code, out, err = run("diff", old_path, new_path, "--today", TODAY)
    assert (code, err) == (0, "")
    expected = diff(old, new, today=date(2026, 10, 1))
    assert expected.findings_new  # the new touchpoint has no evidence and no flows
    assert out.splitlines() == [
        '~ journey: title "Buying a coffee maker" → "Buying a coffee maker, revised"',
        "~ touchpoint compare: emotion -0.4 → 0.1 (+0.5)",
        '+ touchpoint chat-support "Chats with support"',
        "",
        f"Findings new ({len(expected.findings_new)}):",
        *(f"  {finding}" for finding in expected.findings_new),
        "",
        f"1 added, 2 changed; 0 findings fixed, {len(expected.findings_new)} new",
    ]


def test_text_report_without_findings(versions: tuple[Path, Path, jk.Journey, jk.Journey]) -> None:
    old_path, new_path, _, _ = versions
    code, out, err = run("diff", "--no-findings", old_path, new_path)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "1 added, 2 changed"
    assert "Findings" not in out


def test_json_is_the_diff_as_plain_data(
    versions: tuple[Path, Path, jk.Journey, jk.Journey],
) -> None:
    old_path, new_path, _, _ = versions
    code, out, err = run("diff", old_path, new_path, "--format", "json", "--today", TODAY)
    assert (code, err) == (0, "")
    data = json.loads(out)
    # Read from files, the findings also name their line and column.
    assert data == diff(jk.load(old_path), jk.load(new_path), today=date(2026, 10, 1)).to_dict()
    assert data["changes"][1] == {
        "kind": "changed",
        "item": "touchpoint",
        "id": "compare",
        "field": "emotion",
        "old": -0.4,
        "new": 0.1,
    }
    assert data["emotion_deltas"] == [
        {"touchpoint": "compare", "persona": None, "old": -0.4, "new": 0.1, "delta": 0.5}
    ]
    assert "JK301" in [f["code"] for f in data["findings_new"]]  # chat-support has no evidence


def test_same_file_is_no_difference() -> None:
    assert run("diff", COFFEE, COFFEE, "--today", TODAY) == (0, "no differences\n", "")
    assert run("diff", "--exit-code", COFFEE, COFFEE, "--today", TODAY)[0] == 0


def test_exit_code_option(versions: tuple[Path, Path, jk.Journey, jk.Journey]) -> None:
    old_path, new_path, _, _ = versions
    assert run("diff", old_path, new_path, "--no-findings")[0] == 0
    assert run("diff", "--exit-code", old_path, new_path, "--no-findings")[0] == 1
    assert run("diff", "--exit-code", new_path, new_path, "--no-findings")[0] == 0


def test_reads_one_side_from_standard_input(
    versions: tuple[Path, Path, jk.Journey, jk.Journey],
) -> None:
    old_path, new_path, _, _ = versions
    stdin = io.StringIO(new_path.read_text("utf-8"))
    code, out, err = run("diff", "--no-findings", old_path, "-", stdin=stdin)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "1 added, 2 changed"


def test_rule_options_are_used(versions: tuple[Path, Path, jk.Journey, jk.Journey]) -> None:
    old_path, new_path, old, new = versions
    today = date(2026, 10, 1)
    everything = diff(old, new, today=today)
    only_evidence = diff(old, new, select=["JK3"], today=today)
    assert only_evidence.findings_new
    assert only_evidence.findings_new != everything.findings_new
    cases = [
        (["--select", "JK3"], only_evidence),
        (
            ["--ignore", "jk3,JK5", "--ignore", "JK1"],
            diff(old, new, ignore=["JK1", "JK3", "JK5"], today=today),
        ),
        (["--ignore", "JK"], diff(old, new, findings=False)),
        (["--no-config"], everything),
    ]
    for option, expected in cases:
        code, out, err = run("diff", old_path, new_path, "--today", TODAY, *option)
        assert (code, err) == (0, ""), option
        assert out.splitlines()[-1] == expected.summary(), option


def test_configuration_next_to_new_is_read(
    versions: tuple[Path, Path, jk.Journey, jk.Journey],
) -> None:
    old_path, new_path, _, _ = versions
    (new_path.parent / "journeykit.toml").write_text('[check]\nignore = ["JK"]\n', "utf-8")
    code, out, _ = run("diff", old_path, new_path, "--today", TODAY)
    assert code == 0
    assert out.splitlines()[-1] == "1 added, 2 changed"


# -- bad input ----------------------------------------------------------------------


def test_both_sides_on_standard_input_is_an_error() -> None:
    code, out, err = run("diff", "-", "-", stdin=io.StringIO("{}"))
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    code, out, err = run("diff", COFFEE, missing)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert str(missing) in err
    assert "Traceback" not in err


def test_invalid_file_is_one_line_per_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "journeykit: 1\ntitle: T\nstages: [{name: S, touchpoints: [{name: A, emotion: 1.7}]}]\n"
        "personas: [{name: P, goals: [1]}]\n",
        "utf-8",
    )
    code, out, err = run("diff", COFFEE, bad)
    assert (code, out) == (2, "")
    got = err.splitlines()
    assert len(got) == 2
    assert all(re.match(rf"{re.escape(str(bad))}:\d+:\d+: ", line) for line in got)
    assert any("stages[0].touchpoints[0].emotion: 1.7" in line for line in got)


def test_unknown_rule_code_is_one_line() -> None:
    code, out, err = run("diff", COFFEE, COFFEE, "--select", "JK999x")
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert "--select" in err


@pytest.mark.parametrize("day", ["2026-02-30", "yesterday", "20260101"])
def test_bad_date_is_a_usage_error(day: str) -> None:
    code, out, err = run("diff", COFFEE, COFFEE, "--today", day)
    assert (code, out) == (2, "")
    assert "is not a date" in err


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    old = jk.load(COFFEE)
    new = old.replace_touchpoint("compare", name="Compares\x1b]0;pwned\x07 models")
    path = tmp_path / "new.json"
    jk.dump(new, path)
    code, out, _ = run("diff", "--no-findings", COFFEE, path)
    assert code == 0
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\\x1b]0;pwned\\x07" in out or "\\u001b]0;pwned\\u0007" in out


# -- as a real program -----------------------------------------------------------------


def test_real_program(versions: tuple[Path, Path, jk.Journey, jk.Journey]) -> None:
    old_path, new_path, _, _ = versions
    done = subprocess.run(
        [sys.executable, "-m", "journeykit", "diff", "--exit-code", str(old_path), str(new_path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == ""
    assert "~ touchpoint compare: emotion -0.4 → 0.1 (+0.5)" in done.stdout.splitlines()
