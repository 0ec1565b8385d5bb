"""The README's first Quickstart command: clean for the checkout, the same any day.

Its journeykit parts run as the README writes them (the venv and pip parts
aside: the journeykit under test stands in for ``.venv/bin/journeykit``), in a
copy of the checkout under git, once on the real day and once with a later
day faked: the files it writes must be ignored by git, and its output must
not change with the day.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LATER = (date.today() + timedelta(days=3 * 365)).isoformat()  # both maps stale by then

# `journeykit ARGS…`, with date.today() returning the day in argv[1] (or the real one).
JOURNEYKIT = """
import datetime, sys
day = sys.argv.pop(1)
if day:
    fixed = datetime.date.fromisoformat(day)

    class LaterDate(datetime.date):
        @classmethod
        def today(cls):
            return cls(fixed.year, fixed.month, fixed.day)

    import journeykit.analysis.checking, journeykit.cli.check
    journeykit.analysis.checking.date = LaterDate
    journeykit.cli.check.date = LaterDate
sys.argv[0] = "journeykit"
from journeykit.cli import run
run()
"""

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def quickstart_commands() -> list[str]:
    """The lines of the Quickstart's shell block, as ``.ci/run`` reads them."""
    after = ROOT.joinpath("README.md").read_text("utf-8").split("\n## Quickstart\n", 1)[1]
    block = after.split("```sh\n", 1)[1].split("\n```", 1)[0]
    return block.splitlines()


def journeykit_steps() -> list[list[str]]:
    """The first command's steps after the install, each as its arguments."""
    steps = [shlex.split(step) for step in quickstart_commands()[0].split(" && ")]
    installs = [s for s in steps if s[:3] == ["python3", "-m", "venv"] or s[0] == ".venv/bin/pip"]
    rest = steps[len(installs) :]
    assert installs == steps[: len(installs)], "the installs come first"
    assert rest, "the first command runs journeykit"
    assert all(s[0] in (".venv/bin/journeykit", "mkdir") for s in rest), rest
    return rest


def run_steps(checkout: Path, day: str) -> str:
    """Runs the steps in ``checkout``; what they print and the files they write."""
    printed = []
    for step in journeykit_steps():
        if step[0] == ".venv/bin/journeykit":
            step = [sys.executable, "-c", JOURNEYKIT, day, *step[1:]]
        result = subprocess.run(
            step, cwd=checkout, capture_output=True, text=True, timeout=120, check=False
        )
        assert result.returncode == 0, f"{step}: {result.stderr}"
        printed.append(result.stdout + result.stderr)
    written = sorted(
        f"{path.relative_to(checkout)}\n{path.read_text('utf-8')}"
        for path in (checkout / "out").rglob("*")
        if path.is_file()
    )
    return "\n".join(printed + written)


def git(checkout: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=checkout, capture_output=True, text=True, timeout=60, check=True
    ).stdout


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of what the Quickstart reads, committed to a new git repository."""
    copy = tmp_path / "journeykit"
    copy.mkdir()
    for name in ["README.md", "pyproject.toml", ".gitignore"]:
        shutil.copy2(ROOT / name, copy / name)
    shutil.copytree(ROOT / "examples", copy / "examples")
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(copy, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "copy")
    return copy


def test_the_first_command_leaves_the_checkout_clean_and_prints_the_same_any_day(
    checkout: Path,
) -> None:
    today = run_steps(checkout, "")
    assert git(checkout, "status", "--porcelain", "--untracked-files=all") == ""
    assert (checkout / "out" / "coffee-maker.svg").stat().st_size > 0
    assert run_steps(checkout, LATER) == today
    assert git(checkout, "status", "--porcelain", "--untracked-files=all") == ""


def test_a_later_day_would_change_the_check_without_its_today(checkout: Path) -> None:
    """The faked day reaches the rules: without ``--today`` the findings change."""
    steps = journeykit_steps()
    check = next(s for s in steps if s[:2] == [".venv/bin/journeykit", "check"])
    assert "--today" in check, "the Quickstart's check fixes the day it measures ages from"
    at = check.index("--today")
    unpinned = [*check[1:at], *check[at + 2 :]]

    def findings(day: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", JOURNEYKIT, day, *unpinned],
            cwd=checkout,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        ).stdout

    later = findings(LATER)
    assert "JK501" in later
    assert later != findings("")
