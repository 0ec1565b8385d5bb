"""The Python examples of docs/ run, as a reader would run them.

Every fenced block whose info string starts with ``python`` in
``docs/*.md`` is executed, in a fresh temporary directory that holds a copy
of ``examples/`` (so ``jk.load("examples/coffee-maker.json")`` works as it
does from the repository's root, and what a block writes lands in the
temporary directory, never in the checkout). A block and the
``continued`` blocks after it are one program, run as one test named by the
page and the line of its first fence; each block's code keeps its line of
the page, so a traceback points into the page.

Words after ``python`` in the fence (those of ``tests/test_docs_typing.py``,
and these) say how a block runs:

- ````` ```python continued ````` goes on from the block before it, with
  its names.
- ````` ```python norun ````` is not executed: it needs what only the
  reader has (their own files, a database, a cluster). Say beside it why.
  The blocks that continue it still run, with the names of the blocks
  before it: they must not use its own.
- ````` ```python engines ````` uses Dask or PySpark, slow to start: it
  runs only with the tests marked ``engines`` (``pytest -m engines``), in a
  fresh interpreter of its own, so that its Spark session or Dask client
  is not the one of another test.
- ````` ```python soak ````` takes more than about five seconds: it runs
  only with the tests marked ``soak`` (``pytest -m soak``, as ``.ci/run``
  does), so that the quick run stays quick.
- ````` ```python requires=pyspark,duckdb ````` needs these modules; the
  test is skipped, saying which is missing, when one cannot be imported.

``norun`` applies to its own block; the other words, on any block of a
chain, to the whole chain. Markdown renderers (GitHub, MyST) read only the
first word of the info string, so none of these words shows on the page.
Every chain runs with warnings as errors (the suite's ``filterwarnings``)
and matplotlib's headless backend.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from test_docs_typing import FENCE, as_program

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "docs").glob("*.md"))


@dataclass(frozen=True)
class Chain:
    """A block and the ``continued`` blocks after it: one program, run in order."""

    page: Path
    line: int  # of the first block's opening fence, 1-based
    parts: tuple[tuple[int, str], ...]  # (line of the fence, code) of each block to run
    marks: frozenset[str]

    @property
    def name(self) -> str:
        return f"{self.page.name}:{self.line}"

    @property
    def program(self) -> str:
        """The blocks' code, each on the lines it has on the page (blank lines between).

        So a traceback names the line of the page.
        """
        lines: list[str] = []
        for line, code in self.parts:
            lines += [""] * (line - len(lines))
            lines += code.splitlines()
        return "\n".join(lines) + "\n"

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(
            module
            for mark in sorted(self.marks)
            if mark.startswith("requires=")
            for module in mark.removeprefix("requires=").split(",")
            if module
        )


def chains(page: Path) -> list[Chain]:
    text = page.read_text("utf-8")
    found: list[Chain] = []
    for match in FENCE.finditer(text):
        marks = frozenset(match["words"].split())
        line = text.count("\n", 0, match.start()) + 1
        part = () if "norun" in marks else ((line, as_program(match["code"])),)
        marks -= {"continued", "norun"}
        if "continued" in match["words"].split() and found:
            last = found[-1]
            found[-1] = Chain(page, last.line, (*last.parts, *part), last.marks | marks)
        else:
            found.append(Chain(page, line, part, marks))
    return found


def _param(chain: Chain) -> Any:
    marks = [getattr(pytest.mark, word) for word in ("engines", "soak") if word in chain.marks]
    return pytest.param(chain, id=chain.name, marks=marks)


RUNNABLE = [chain for page in PAGES for chain in chains(page) if chain.parts]


def test_the_pages_have_examples_to_run() -> None:
    assert len(RUNNABLE) >= 20
    named = {chain.page.name for chain in RUNNABLE}
    assert {"getting-started.md", "hotspots.md", "howto-view-plugin.md"} <= named


def test_a_continued_block_runs_after_the_one_before(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# P\n\n```python\nx = 1\n```\n\n```python continued\ny = x + 1\n```\n\n"
        "```python norun\nopen('yours.csv')\n```\n",
        "utf-8",
    )
    first, last = chains(page)
    assert [line for line, _ in first.parts] == [3, 7]
    assert first.marks == frozenset()
    assert last.parts == ()
    assert first.program.splitlines()[3:] == ["x = 1", "", "", "", "y = x + 1"]
    namespace: dict[str, Any] = {}
    exec(compile(first.program, str(page), "exec"), namespace)
    assert namespace["y"] == 2


@pytest.fixture
def reader_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh directory with a copy of examples/, as the reader's current directory."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    return tmp_path


@pytest.mark.parametrize("chain", [_param(chain) for chain in RUNNABLE])
def test_the_example_runs(chain: Chain, reader_directory: Path) -> None:
    missing = [m for m in chain.required if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(f"{chain.name} needs {', '.join(missing)}, not installed")
    if "engines" in chain.marks:
        run_apart(chain, reader_directory)
        return
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", *PYSPARK_PANDAS)
            exec(compile(chain.program, str(chain.page), "exec"), namespace)
    finally:
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:
            pyplot.close("all")


# PySpark 4's own helpers, imported as a session starts, warn that they do not
# support pandas 3 yet; journeykit's calls do not use them.
PYSPARK_PANDAS = ("PySpark does not yet fully support pandas", FutureWarning)


def run_apart(chain: Chain, directory: Path) -> None:
    """Run ``chain`` in a fresh interpreter in ``directory``, warnings as errors."""
    script = directory / "example.py"
    script.write_text(chain.program, "utf-8")
    message, category = PYSPARK_PANDAS
    done = subprocess.run(
        [
            sys.executable,
            "-W",
            "error",
            "-W",
            f"ignore:{message}:{category.__name__}",
            str(script),
        ],
        cwd=directory,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"{chain.name}:\n{done.stdout}\n{done.stderr[-4000:]}"
