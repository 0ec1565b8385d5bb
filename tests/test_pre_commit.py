"""The pre-commit hooks of .pre-commit-hooks.yaml, run by the real pre-commit.

A temporary git repository holds this checkout (the files a wheel is built
from, committed); a second one, a project, names it in its
``.pre-commit-config.yaml`` at that commit. pre-commit builds its own
environment for the hooks (a virtualenv with journeykit installed from the
first repository), so this is slow: marked soak.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journeys import UNOWNED

pre_commit_package = pytest.importorskip("pre_commit", reason="pre-commit is in the test group")
pytestmark = pytest.mark.soak

ROOT = Path(__file__).resolve().parents[1]
BUILD_FILES = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml")

GOOD = """\
journeykit: 1
title: Buying a bike
stages:
  - name: Choose
    touchpoints:
      - name: Compares bikes
"""
INVALID = '{"journeykit": 1, "title": "T", "stages": [{"name": "S", "emotion": 2}]}'


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Tester", "-c", "user.email=tester@example.org", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.strip()


def hook_repository(folder: Path) -> str:
    """This checkout's files, committed in a new repository; returns the commit."""
    folder.mkdir()
    for name in BUILD_FILES:
        shutil.copy2(ROOT / name, folder / name)
    shutil.copytree(
        ROOT / "src", folder / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "journeykit")
    return git(folder, "rev-parse", "HEAD")


def pre_commit(project: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(cache), PRE_COMMIT_COLOR="never")
    # The hooks must run journeykit as pre-commit installed it, not this checkout's:
    # PYTHONPATH names at most where pre-commit itself lives, when not installed.
    env.pop("PYTHONPATH", None)
    home = Path(pre_commit_package.__file__).resolve().parents[1]
    if not home.is_relative_to(Path(sys.prefix).resolve()):
        env["PYTHONPATH"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )


def test_the_hooks_pass_good_journeys_and_fail_bad_ones(tmp_path: Path) -> None:
    hooks = tmp_path / "journeykit"
    rev = hook_repository(hooks)
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n"
        f"  - repo: {hooks.as_uri()}\n"
        f"    rev: {rev}\n"
        f"    hooks:\n"
        f"      - id: journeykit-check\n"
        f"        args: [--no-config, --select, JK2]\n"
        f"      - id: journeykit-validate\n",
        encoding="utf-8",
    )
    maps = project / "maps"
    maps.mkdir()
    (maps / "bike.journey.yaml").write_text(GOOD, encoding="utf-8")
    # Not journeys: the hooks' `files` leave them alone.
    (project / "package.json").write_text('{"name": "web"}', encoding="utf-8")
    (maps / "notes.yaml").write_text("- not a journey\n", encoding="utf-8")
    git(project, "add", ".")

    passed = pre_commit(project, tmp_path / "cache")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "journeykit check" in passed.stdout
    assert "journeykit validate" in passed.stdout

    (maps / "shop.journey.json").write_text(json.dumps(UNOWNED), encoding="utf-8")
    (maps / "broken.journey.json").write_text(INVALID, encoding="utf-8")
    git(project, "add", ".")
    failed = pre_commit(project, tmp_path / "cache")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    printed = failed.stdout + failed.stderr
    assert "JK202" in printed  # the opportunity without an owner
    where = r"maps/broken\.journey\.json:\d+:\d+: "
    assert re.search(where + r"stages\[0\]\.emotion: unknown field", printed), printed
    assert "package.json" not in printed
    assert "notes.yaml" not in printed
