"""``journeykit hotspots``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import journeykit as jk
from journeykit.analysis.hotspot_scores import hotspots
from journeykit.cli import main

ROOT = Path(__file__).resolve().parents[1]
COFFEE = ROOT / "examples" / "coffee-maker.json"
HOSPITAL = ROOT / "examples" / "hospital-visit.yaml"


def run(*args: str | os.PathLike[str], stdin: io.TextIOBase | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], stdout=out, stderr=err, stdin=stdin)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def test_text_table() -> None:
    code, out, err = run("hotspots", COFFEE, "--top", "5")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == [
        "rank",
        "score",
        "touchpoint",
        "stage",
        "pain",
        "unaddressed",
        "neg-emotion",
        "drop-off",
        "reach",
        "customers",
    ]
    rows = [line.split() for line in lines[1:6]]
    assert [row[2] for row in rows] == [
        "compare",
        "read-reviews",
        "delivery",
        "checkout",
        "unboxing",
    ]
    assert rows[0] == [
        "1",
        "0.1334",
        "compare",
        "consideration",
        "1.40",
        "0.60",
        "0.60",
        "0.22",
        "5.3%",
        "530",
    ]
    assert lines[6] == ""
    assert lines[7].startswith("score = reach × (1·pain + 0.5·unaddressed")
    assert len(lines) == 8


def test_columns_line_up() -> None:
    _, out, _ = run("hotspots", HOSPITAL)
    table = out.splitlines()[: len(jk.load(HOSPITAL).touchpoints) + 1]
    # Right-aligned numbers end in the same column on every line.
    score_end = table[0].index("score") + len("score")
    assert all(line[score_end - 1] != " " for line in table)
    assert "1,200" in out
    assert "100.0%" in out


def test_every_touchpoint_by_default() -> None:
    _, out, _ = run("hotspots", COFFEE)
    assert len(out.splitlines()) == 1 + len(jk.load(COFFEE).touchpoints) + 2


def test_json() -> None:
    code, out, err = run("hotspots", COFFEE, "--format", "json", "--top", "3")
    assert (code, err) == (0, "")
    records = json.loads(out)
    assert records == hotspots(jk.load(COFFEE), top=3).to_dict()
    assert [r["touchpoint"] for r in records] == ["compare", "read-reviews", "delivery"]
    assert records[0]["contributions"].keys() == {
        "pain",
        "unaddressed",
        "negative_emotion",
        "dropoff",
    }


def test_json_for_an_empty_journey() -> None:
    stdin = io.StringIO('{"journeykit": 1, "title": "T"}')
    code, out, _ = run("hotspots", "-", "--format", "json", stdin=stdin)
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = run("hotspots", "-", stdin=io.StringIO('{"journeykit": 1, "title": "T"}'))
    assert (code, out) == (0, "no touchpoints\n")


def test_stdin() -> None:
    stdin = io.StringIO(COFFEE.read_text("utf-8"))
    code, out, _ = run("hotspots", "-", "--top", "1", stdin=stdin)
    assert code == 0
    assert out.splitlines()[1].split()[2] == "compare"


def test_top_zero() -> None:
    code, out, _ = run("hotspots", COFFEE, "--top", "0", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_unprintable_ids_are_escaped() -> None:
    doc = {
        "journeykit": 1,
        "title": "T",
        "stages": [{"id": "s\x1b[31m", "name": "S", "touchpoints": [{"id": "a\nb", "name": "A"}]}],
    }
    code, out, _ = run("hotspots", "-", stdin=io.StringIO(json.dumps(doc)))
    assert code == 0
    assert "\x1b" not in out
    assert "a\\nb" in out
    assert "s\\x1b[31m" in out
    code, out, _ = run("hotspots", "-", "--format", "json", stdin=io.StringIO(json.dumps(doc)))
    assert json.loads(out)[0]["touchpoint"] == "a\nb"


@pytest.mark.parametrize(
    "args",
    [
        ("--top", "-1"),
        ("--top", "x"),
        ("--top", "1.5"),
        ("--format", "csv"),
    ],
)
def test_usage_errors(args: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run("hotspots", COFFEE, *args)
    captured = capsys.readouterr()
    assert code == 2
    assert out == captured.out == ""
    assert "usage: journeykit hotspots" in err + captured.err


def test_bad_files(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    code, out, err = run("hotspots", missing)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert "missing.json" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "journeykit: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints:\n"
        "      - {name: A, emotion: 1.7, reach: -3}\n",
        "utf-8",
    )
    code, out, err = run("hotspots", bad)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert "stages[0].touchpoints[0].emotion" in err
    assert "stages[0].touchpoints[0].reach" in err


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("hotspots", "--help")
    printed = out + capsys.readouterr().out
    assert code == 0
    assert "usage: journeykit hotspots" in printed
    assert "--top N" in printed
    assert "--format {text,json}" in printed


def test_as_a_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "journeykit", "hotspots", str(COFFEE), "--top", "2"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].split()[2] == "compare"
