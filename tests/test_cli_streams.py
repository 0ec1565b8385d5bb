"""The command line when its streams fail: a full disk, closed streams, a reader gone.

Each case runs the command as a real process (``python -m journeykit`` on
this checkout's ``src``), since only a process has a real standard output to
lose. Output that cannot be written ends the command with one line and exit
code 2, never a traceback; a reader that went away (``… | head``) ends it
quietly with 141, as a shell reports SIGPIPE, never with 1 ("findings").
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk

ROOT = Path(__file__).resolve().parents[1]
COFFEE = str(ROOT / "examples" / "coffee-maker.json")
HOSPITAL = str(ROOT / "examples" / "hospital-visit.yaml")
EVENTS = str(ROOT / "examples" / "coffee-maker-events.csv.gz")
FULL = "/dev/full"

pytestmark = pytest.mark.skipif(not os.path.exists(FULL), reason="needs /dev/full (Linux)")


def journeykit(
    *args: str, shell_redirect: str = "", **popen: Any
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m journeykit ARGS`` on this checkout, optionally under ``sh`` redirects."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "journeykit", *args]
    if shell_redirect:
        command = ["sh", "-c", f'exec "$@" {shell_redirect}', "sh", *command]
    popen.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(command, env=env, timeout=120, check=False, **popen)


COMMANDS = [
    pytest.param(["validate", COFFEE, HOSPITAL], id="validate"),
    pytest.param(["check", COFFEE], id="check"),
    pytest.param(["check", "--format", "json", COFFEE], id="check-json"),
    pytest.param(["hotspots", COFFEE], id="hotspots"),
    pytest.param(["diff", COFFEE, HOSPITAL], id="diff"),
    pytest.param(["render", COFFEE, "-o", "-"], id="render"),
    pytest.param(["convert", COFFEE, "-", "--to", "mermaid"], id="convert"),
    pytest.param(["discover", EVENTS, "--case", "customer_id", "-o", "-"], id="discover"),
    pytest.param(["--help"], id="help"),
    pytest.param(["check", "--help"], id="check-help"),
    pytest.param(["--version"], id="version"),
]


@pytest.mark.parametrize("args", COMMANDS)
def test_a_full_disk_gives_one_line_and_exit_2(args: list[str]) -> None:
    if args[0] == "discover":
        pytest.importorskip("polars")
    with open(FULL, "w") as full:
        done = journeykit(*args, stdout=full)
    assert done.returncode == 2, done.stderr
    assert done.stderr.decode() == (
        "journeykit: cannot write to standard output: No space left on device\n"
    )


@pytest.mark.parametrize("args", [["check", COFFEE], ["validate", COFFEE], ["--help"]])
def test_a_closed_standard_output_gives_one_line_and_exit_2(args: list[str]) -> None:
    done = journeykit(*args, shell_redirect=">&-")
    assert done.returncode == 2, done.stderr
    assert done.stderr.decode() == "journeykit: cannot write to standard output: it is closed\n"


def test_nothing_to_print_needs_no_standard_output() -> None:
    done = journeykit("validate", "--quiet", COFFEE, shell_redirect=">&-")
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["validate", "-"], "<stdin>: standard input is closed\n"),
        (["check", "-"], "standard input is closed"),
        (["render", "-", "-o", "-"], "journeykit: <stdin>: standard input is closed\n"),
        (["discover", "-", "--case", "customer_id"], "standard input is closed"),
    ],
)
def test_a_closed_standard_input_gives_one_line_and_exit_2(args: list[str], says: str) -> None:
    if args[0] == "discover":
        pytest.importorskip("polars")
    done = journeykit(*args, shell_redirect="<&-", stdout=subprocess.PIPE)
    assert done.returncode == 2, done.stderr
    err = done.stderr.decode()
    assert says in err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1 or args[0] == "check"


def test_errors_with_standard_error_closed_or_full_still_exit_2() -> None:
    closed = journeykit("validate", "missing.json", shell_redirect="2>&-")
    assert closed.returncode == 2
    with open(FULL, "w") as full:
        filled = journeykit("validate", "missing.json", stderr=full, stdout=subprocess.PIPE)
    assert filled.returncode == 2
    assert filled.stdout == b""


def test_a_reader_gone_before_the_first_line_ends_quietly_with_141() -> None:
    # check finds things in the example (exit 1); a closed pipe must not read as that.
    read, write = os.pipe()
    os.close(read)
    try:
        done = journeykit("check", COFFEE, stdout=write)
    finally:
        os.close(write)
    assert done.returncode == 141
    assert done.stderr == b""


def test_a_reader_that_stops_early_like_head_ends_quietly_with_141(tmp_path: Path) -> None:
    # Far more findings than a pipe holds (64 KiB): the writer must meet the closed end.
    stages = [
        jk.Stage(
            name=f"Stage {s}", touchpoints=[jk.Touchpoint(name=f"Step {s}-{t}") for t in range(50)]
        )
        for s in range(40)
    ]
    big = tmp_path / "big.json"
    jk.dump(jk.Journey(title="Many findings", stages=stages), big)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with subprocess.Popen(
        [sys.executable, "-m", "journeykit", "check", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        err = process.stderr.read()
        code = process.wait(timeout=120)
    assert first.startswith(str(big).encode())
    assert code == 141, err
    assert err == b""
