"""Every rule of docs/rules.md has an example that triggers it, and the fix removes it.

A rule's section is a heading ``## JKnnn · name`` (or ``###``) and what
follows up to the next heading. Its example is made of fenced blocks:

- ````` ```yaml `````: the smallest journey that triggers the rule. The
  test loads it (``jk.loads(text, format="yaml")``) and checks that the
  rule's code is among the findings.
- ````` ```yaml fixed `````: the same journey fixed; the code must then be
  absent. (Markdown renderers show only the first word of the info string;
  the page says "Fixed" in its prose.)
- ````` ```text `````: lines of what the finding prints. Each must be a line
  of the output: ``str(finding)`` for a rule of :func:`journeykit.check`,
  the command's output for a section with a command.
- ````` ```console `````: a ``$ journeykit …`` command the section runs
  instead of :func:`journeykit.check`, needed where a journey alone is not
  enough: ``journeykit conform designed.yaml events.csv`` for the
  conformance findings (JK9xx, from ``jk.events.compare``), and ``journeykit
  check journey.yaml`` for JK000, an invalid file that ``jk.loads`` refuses.
  The test writes the section's journey to the command's ``.yaml`` file and
  a ````` ```text events.csv ````` block to ``events.csv`` (``text``, as
  Pygments has no CSV lexer, and the file's name as the second word), runs
  the command in process, and reads the codes from its ``--format json``
  output.
- A date: a section whose text says ``--today YYYY-MM-DD`` is checked as on
  that day (``check(journey, today=...)``); the others on any day, so their
  examples must not depend on it.

Every code that :func:`journeykit.check` can report, every conformance code
and JK000 need a section with an example: a new rule without one fails here.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk
from journeykit.analysis.checking import rules
from journeykit.cli import main
from journeykit.events import CONFORMANCE_RULES

PAGE = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
HEADING = re.compile(r"^#{1,3} .*$", re.MULTILINE)
RULE_HEADING = re.compile(r"#{2,3} (?P<code>JK\d{3}) · ")
BLOCK = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
TODAY = re.compile(r"--today\s+(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Section:
    """A rule's section of the page and the blocks of its example."""

    code: str
    text: str

    def blocks(self, info: str) -> list[str]:
        return [m["body"] for m in BLOCK.finditer(self.text) if m["info"].strip() == info]

    def one(self, info: str) -> str | None:
        found = self.blocks(info)
        assert len(found) <= 1, f"{self.code}: more than one ```{info} block"
        return found[0] if found else None

    @property
    def journey(self) -> str:
        found = self.one("yaml")
        assert found is not None, f"{self.code}: no ```yaml example of a journey"
        return found

    @property
    def today(self) -> datetime.date | None:
        found = set(TODAY.findall(self.text))
        assert len(found) <= 1, f"{self.code}: more than one --today"
        return datetime.date.fromisoformat(found.pop()) if found else None

    @property
    def command(self) -> list[str] | None:
        console = self.one("console")
        if console is None:
            return None
        (line,) = [ln for ln in console.splitlines() if ln.startswith("$ ")]
        words = shlex.split(line.removeprefix("$ "))
        assert words[0] == "journeykit", f"{self.code}: {line}"
        return words[1:]

    @property
    def printed(self) -> list[str]:
        return [line for block in self.blocks("text") for line in block.splitlines() if line]


def sections() -> dict[str, Section]:
    text = PAGE.read_text("utf-8")
    heads = list(HEADING.finditer(text))
    found: dict[str, Section] = {}
    for index, head in enumerate(heads):
        match = RULE_HEADING.match(head[0])
        if match is None:
            continue
        end = heads[index + 1].start() if index + 1 < len(heads) else len(text)
        assert match["code"] not in found, f"two sections of {match['code']}"
        found[match["code"]] = Section(match["code"], text[head.start() : end])
    return found


SECTIONS = sections()
CHECK_CODES = {rule.code for rule in rules()}
ALL_CODES = CHECK_CODES | set(CONFORMANCE_RULES) | {"JK000"}


def test_every_code_has_a_section_with_an_example() -> None:
    missing = sorted(ALL_CODES - set(SECTIONS))
    assert not missing, f"docs/rules.md has no section for {missing}"
    unknown = sorted(set(SECTIONS) - ALL_CODES)
    assert not unknown, f"docs/rules.md describes codes nothing reports: {unknown}"
    for section in SECTIONS.values():
        assert "**Example.**" in section.text, f"{section.code} has no **Example.**"
        assert section.journey


def test_sections_are_read_as_written() -> None:
    section = Section(
        "JK999",
        "## JK999 · x\n\nChecked with `--today 2026-01-02`:\n\n```yaml\na: 1\n```\n\n"
        "```yaml fixed\na: 2\n```\n\n```console\n$ journeykit check 'my file.yaml'\n```\n",
    )
    assert section.journey == "a: 1\n"
    assert section.one("yaml fixed") == "a: 2\n"
    assert section.today == datetime.date(2026, 1, 2)
    assert section.command == ["check", "my file.yaml"]
    assert Section("JK998", "## JK998 · y\n").command is None


def _codes_of_check(text: str, today: datetime.date | None) -> tuple[set[str], list[str]]:
    findings = jk.check(jk.loads(text, format="yaml"), today=today)
    return {f.code for f in findings}, [str(f) for f in findings]


def _run(argv: list[str], files: dict[str, str], directory: Path) -> tuple[int, str, str]:
    """The exit status, standard output and standard error of ``journeykit ARGV``."""
    for name, text in files.items():
        (directory / name).write_text(text, "utf-8")
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _codes_of_command(
    section: Section, journey: str, directory: Path
) -> tuple[set[str], list[str]]:
    argv = section.command
    assert argv is not None
    files = {name: journey for name in argv if name.endswith(".yaml")}
    for name in argv:
        given = section.one(f"text {name}")
        if given is not None:
            files[name] = given
    assert len(files) == len([a for a in argv if a.endswith((".yaml", ".csv"))]), (
        f"{section.code}: the command names a file the section does not give"
    )
    _, out, err = _run(argv, files, directory)
    status, json_out, json_err = _run([*argv, "--format", "json"], files, directory)
    assert status in (0, 1, 2), json_err
    data: Any = json.loads(json_out)
    findings = data if isinstance(data, list) else data["findings"]
    return {f["code"] for f in findings}, (out + err).splitlines()


def _codes(section: Section, journey: str, directory: Path) -> tuple[set[str], list[str]]:
    if section.command is not None:
        return _codes_of_command(section, journey, directory)
    return _codes_of_check(journey, section.today)


@pytest.mark.parametrize("code", sorted(SECTIONS))
def test_the_example_triggers_the_rule_and_the_fix_removes_it(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    section = SECTIONS[code]
    found, output = _codes(section, section.journey, tmp_path)
    assert code in found, f"{code}'s example gives only {sorted(found)}"
    for line in section.printed:
        assert line in output, f"{code}: {line!r} is not printed; the output is:\n" + "\n".join(
            output
        )
    fixed = section.one("yaml fixed")
    if fixed is not None:
        found, output = _codes(section, fixed, tmp_path)
        assert code not in found, f"{code}'s fixed example still gives it:\n" + "\n".join(output)


def test_the_invalid_example_is_refused_from_python() -> None:
    with pytest.raises(jk.ValidationError, match=r"stages\[0\]\.touchpoints\[0\]\.emotion"):
        jk.loads(SECTIONS["JK000"].journey, format="yaml")
