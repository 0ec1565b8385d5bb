"""The ``journeykit`` command, in-process and as a real program."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import journeykit as jk
from journeykit.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(
    p for p in (ROOT / "examples").iterdir() if p.suffix in {".json", ".yaml", ".yml"}
)

VALID_JSON = (
    '{"journeykit": 1, "title": "T", "stages": [{"name": "S", "touchpoints": [{"name": "A"}]}]}'
)

INVALID_YAML = """\
journeykit: 1
title: T
stages:
  - name: S
    touchpoints:
      - name: A
        emotion: 1.7
        reach: -3
      - name: B
        pain_points:
          - description: Slow
            severity: 7
"""
INVALID_PATHS = [
    "stages[0].touchpoints[0].emotion",
    "stages[0].touchpoints[0].reach",
    "stages[0].touchpoints[1].pain_points[0].severity",
]

SYNTAX_ERROR = '{"journeykit": 1,\n "title": "T",\n "stages": [}'


def run(*args: str | os.PathLike[str], stdin: io.TextIOBase | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], stdout=out, stderr=err, stdin=stdin)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def lines(text: str) -> list[str]:
    return text.splitlines()


@pytest.fixture
def invalid_file(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(INVALID_YAML, "utf-8")
    return path


# -- in-process ------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("--version")
    printed = out + capsys.readouterr().out
    assert code == 0
    assert printed.strip() == f"journeykit {jk.__version__}"


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("--help")
    printed = out + capsys.readouterr().out
    assert code == 0
    assert printed.startswith("usage: journeykit")
    assert "validate" in printed


def test_validate_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("validate", "--help")
    printed = out + capsys.readouterr().out
    assert code == 0
    assert "usage: journeykit validate" in printed


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_validate_accepts_each_example(example: Path) -> None:
    journey = jk.load(example)
    code, out, err = run("validate", example)
    assert (code, err) == (0, "")
    assert lines(out) == [
        f"{example}: valid ({len(journey.stages)} stages, {len(journey.touchpoints)} touchpoints)"
    ]


def test_validate_accepts_both_examples_at_once() -> None:
    assert len(EXAMPLES) >= 2
    code, out, err = run("validate", *EXAMPLES)
    assert (code, err) == (0, "")
    assert [line.split(":")[0] for line in lines(out)] == [str(p) for p in EXAMPLES]


def test_validate_quiet_prints_nothing_for_valid_files() -> None:
    assert run("validate", "-q", *EXAMPLES) == (0, "", "")


def test_validate_reports_one_problem_per_line(invalid_file: Path) -> None:
    code, out, err = run("validate", invalid_file)
    assert code == 2
    assert out == ""
    got = lines(err)
    assert len(got) == len(INVALID_PATHS)
    for line, path in zip(got, INVALID_PATHS, strict=True):
        assert re.match(rf"{re.escape(str(invalid_file))}:\d+:\d+: {re.escape(path)}: ", line)
    assert "1.7" in got[0]
    assert "7" in got[2]


def test_validate_goes_on_after_a_bad_file(invalid_file: Path) -> None:
    code, out, err = run("validate", invalid_file, EXAMPLES[0])
    assert code == 2
    assert len(lines(out)) == 1
    assert out.startswith(f"{EXAMPLES[0]}: valid")
    assert len(lines(err)) == len(INVALID_PATHS)


def test_validate_reads_standard_input_text() -> None:
    code, out, err = run("validate", "-", stdin=io.StringIO(VALID_JSON))
    assert (code, err) == (0, "")
    assert lines(out) == ["<stdin>: valid (1 stages, 1 touchpoints)"]


def test_validate_reads_standard_input_bytes_with_bom() -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + VALID_JSON.encode()), encoding="utf-8")
    code, out, err = run("validate", "-", stdin=stdin)
    assert (code, err) == (0, "")
    assert lines(out) == ["<stdin>: valid (1 stages, 1 touchpoints)"]


def test_validate_reports_problems_on_standard_input() -> None:
    code, out, err = run("validate", "-", stdin=io.StringIO(INVALID_YAML))
    assert code == 2
    assert out == ""
    got = lines(err)
    assert len(got) == len(INVALID_PATHS)
    for line, path in zip(got, INVALID_PATHS, strict=True):
        assert re.match(rf"<stdin>:\d+:\d+: {re.escape(path)}: ", line), line


def test_missing_file_is_one_line_without_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    code, out, err = run("validate", missing)
    assert code == 2
    assert out == ""
    assert len(lines(err)) == 1
    assert str(missing) in err
    assert "Traceback" not in err


def test_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text(SYNTAX_ERROR, "utf-8")
    code, out, err = run("validate", path)
    assert code == 2
    assert out == ""
    assert len(lines(err)) == 1
    assert err.startswith(f"{path}:3:13: ")


def test_invalid_utf8_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("journeykit: 1\ntitle: Café\n".encode("latin-1"))
    code, _, err = run("validate", path)
    assert code == 2
    assert len(lines(err)) == 1
    assert err.startswith(f"{path}:2:11: ")


def test_no_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run()
    captured = capsys.readouterr()
    assert code == 2
    assert "usage: journeykit" in out + err + captured.out + captured.err


def test_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run("frobnicate")
    captured = capsys.readouterr()
    assert code == 2
    assert "invalid choice: 'frobnicate'" in out + err + captured.out + captured.err


def test_validate_without_files_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run("validate")
    captured = capsys.readouterr()
    assert code == 2
    assert "FILE" in err + captured.err


@pytest.mark.parametrize(
    ("args", "stream", "expected"),
    [
        pytest.param(["--version"], "out", "journeykit ", id="version"),
        pytest.param(["--help"], "out", "usage: journeykit", id="help"),
        pytest.param(["frobnicate"], "err", "invalid choice", id="unknown-command"),
    ],
)
def test_in_process_output_goes_to_the_given_streams(
    capsys: pytest.CaptureFixture[str], args: list[str], stream: str, expected: str
) -> None:
    # main(stdout=..., stderr=...) is how a program embeds the command line; nothing
    # may leak to the process's own sys.stdout / sys.stderr.
    _, out, err = run(*args)
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")
    assert expected in {"out": out, "err": err}[stream]


# -- real processes ------------------------------------------------------------------


def program(
    *args: str | os.PathLike[str], stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        input=stdin.decode("utf-8") if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


CONSOLE_SCRIPT = Path(sys.executable).with_name("journeykit")


def test_python_dash_m_version_and_validate(invalid_file: Path) -> None:
    version = program(sys.executable, "-m", "journeykit", "--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"journeykit {jk.__version__}"

    ok = program(sys.executable, "-m", "journeykit", "validate", *EXAMPLES)
    assert ok.returncode == 0, ok.stderr
    assert len(lines(ok.stdout)) == len(EXAMPLES)

    bad = program(sys.executable, "-m", "journeykit", "validate", invalid_file)
    assert bad.returncode == 2
    assert [line.split(": ")[1] for line in lines(bad.stderr)] == INVALID_PATHS
    assert "Traceback" not in bad.stderr


def test_console_script(tmp_path: Path) -> None:
    assert CONSOLE_SCRIPT.exists(), f"no console script at {CONSOLE_SCRIPT}"
    version = program(CONSOLE_SCRIPT, "--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"journeykit {jk.__version__}"

    piped = program(CONSOLE_SCRIPT, "validate", "-", stdin=VALID_JSON.encode())
    assert piped.returncode == 0, piped.stderr
    assert lines(piped.stdout) == ["<stdin>: valid (1 stages, 1 touchpoints)"]

    broken = tmp_path / "broken.json"
    broken.write_text(SYNTAX_ERROR, "utf-8")
    failed = program(CONSOLE_SCRIPT, "validate", broken)
    assert failed.returncode == 2
    assert len(lines(failed.stderr)) == 1
    assert failed.stderr.startswith(f"{broken}:3:13: ")

    nothing = program(CONSOLE_SCRIPT)
    assert nothing.returncode == 2
    unknown = program(CONSOLE_SCRIPT, "frobnicate")
    assert unknown.returncode == 2
    assert "invalid choice" in unknown.stderr
