"""The Python examples of the README and of docs/ pass ``mypy --strict``.

Code that users copy must type-check as it reads. Every fenced block whose
info string starts with ``python`` in ``README.md`` and ``docs/*.md`` is a
program of its own, checked with ``mypy --strict`` as a subprocess; a
doctest block (``>>>``) is checked as the code it shows. Two words after
``python`` in the fence change that:

- ````` ```python continued ````` goes on from the block before it in the
  same file (it uses its names): the two are checked as one program.
- ````` ```python unchecked ````` is not checked; say beside it why (code
  for a third-party library without types, a fragment of a larger program).

GitHub and other Markdown renderers read only the first word of the info
string, so these words do not show. ``tests/test_docs_run.py`` runs the
blocks of docs/ and reads a few more words (``norun``, ``engines``,
``soak``, ``requires=…``); they do not change what is checked here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RUN_WORDS = frozenset({"norun", "engines", "soak"})
FENCE = re.compile(r"^```python(?P<words>[^\n]*)\n(?P<code>.*?)^```", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class Block:
    page: Path
    line: int  # of the opening fence, 1-based
    code: str  # as a program: the code of the blocks it continues, then its own
    marks: frozenset[str]

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def as_program(code: str) -> str:
    """A doctest block's code without its prompts; any other block as it is."""
    lines = code.splitlines()
    if not any(line.startswith(">>>") for line in lines):
        return code
    return "".join(
        line[4:] + "\n"
        for line in lines
        if line.startswith((">>> ", "... ")) or line in (">>>", "...")
    )


def blocks(page: Path) -> list[Block]:
    text = page.read_text("utf-8")
    found: list[Block] = []
    for match in FENCE.finditer(text):
        marks = frozenset(match["words"].split())
        # norun, engines and requires=… say how tests/test_docs_run.py runs a block.
        unknown = {m for m in marks - RUN_WORDS if not m.startswith("requires=")}
        unknown -= {"continued", "unchecked"}
        assert not unknown, f"{page.name}: unknown words after ```python: {sorted(unknown)}"
        code = as_program(match["code"])
        if "continued" in marks:
            assert found, f"{page.name}: the first block cannot be 'continued'"
            code = found[-1].code + "\n" + code
        line = text.count("\n", 0, match.start()) + 1
        found.append(Block(page, line, code, marks))
    return found


def checked_blocks() -> list[Block]:
    return [block for page in PAGES for block in blocks(page) if "unchecked" not in block.marks]


def test_the_pages_have_python_examples_to_check() -> None:
    assert len(checked_blocks()) >= 15
    assert any(block.page.name == "README.md" for block in checked_blocks())


def test_the_readme_builds_a_journey_with_lists_as_it_shows() -> None:
    # The README's own construction example, the one mypy refused before
    # (``Argument "stages" to "Journey" has incompatible type "list[Stage]"``).
    readme = blocks(ROOT / "README.md")
    assert any("jk.Journey(" in block.code and "stages=[" in block.code for block in readme)


@pytest.mark.soak
def test_every_python_example_passes_mypy_strict(tmp_path: Path) -> None:
    legend = []
    for i, block in enumerate(checked_blocks()):
        (tmp_path / f"example_{i}.py").write_text(block.code, "utf-8")
        legend.append(f"example_{i}.py = {block.name}")
    env = {**os.environ, "MYPYPATH": str(ROOT / "src")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            *sorted(p.name for p in tmp_path.glob("example_*.py")),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, "\n".join([done.stdout, done.stderr, *legend])
