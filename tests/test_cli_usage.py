"""The command line as a whole: usage errors, names to choose, common options, colour,
errors and tracebacks, shell completion.

Most cases run in-process (``journeykit.cli.main``); a handful run the command
as a real program (``python -m journeykit`` on this checkout), as a user would.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk
from journeykit.cli import _style, build_parser, main
from journeykit.cli.completion import SHELLS

ROOT = Path(__file__).resolve().parents[1]
COFFEE = str(ROOT / "examples" / "coffee-maker.json")
HOSPITAL = str(ROOT / "examples" / "hospital-visit.yaml")
EVENTS = str(ROOT / "examples" / "coffee-maker-events.csv.gz")
OFF_SCALE = "journey\n  title T\n  section S\n    A: 9: Me\n"
ESC = "\x1b["


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def run(*args: str, stdin: str | None = None, terminal: bool = False) -> tuple[int, str, str]:
    kind = Terminal if terminal else io.StringIO
    out, err = kind(), kind()
    given = io.StringIO(stdin) if stdin is not None else None
    code = main(list(args), stdout=out, stderr=err, stdin=given)
    return code, out.getvalue(), err.getvalue()


COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def test_every_command_is_listed() -> None:
    assert COMMANDS == [
        "check",
        "completion",
        "conform",
        "convert",
        "diff",
        "discover",
        "hotspots",
        "refresh",
        "render",
        "validate",
    ]


# -- usage errors ------------------------------------------------------------------


POSITIONALS = {"completion": ["bash"], "conform": ["a", "b"], "convert": ["a", "b"]}
POSITIONALS |= {"diff": ["a", "b"], "refresh": ["a", "b"]}


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_option_shows_the_commands_own_usage(command: str) -> None:
    code, out, err = run(command, *POSITIONALS.get(command, ["x"]), "--bogus")
    assert (code, out) == (2, "")
    assert err.startswith(f"usage: journeykit {command} ")
    assert err.splitlines()[-1] == f"journeykit {command}: error: unrecognized arguments: --bogus"


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "completion"])
def test_a_missing_argument_shows_the_commands_own_usage(command: str) -> None:
    code, out, err = run(command)
    assert (code, out) == (2, "")
    assert err.startswith(f"usage: journeykit {command} ")
    assert f"journeykit {command}: error: the following arguments are required: " in err


def test_no_command_names_the_commands() -> None:
    code, out, err = run()
    assert (code, out) == (2, "")
    assert err.startswith("usage: journeykit ")
    assert err.splitlines()[-1] == (
        f"journeykit: error: choose a command: {', '.join(COMMANDS)} "
        "(journeykit --help says what each does)"
    )


def test_an_unknown_command_lists_the_commands() -> None:
    code, _, err = run("chek", COFFEE)
    assert code == 2
    assert "invalid choice: 'chek' (choose from 'check', 'completion', " in err


# -- names that exist --------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(
            ["render", COFFEE, "--persona", "nobody"],
            f"journeykit: --persona: no persona 'nobody'; the personas of {COFFEE}: "
            "busy-parent, home-enthusiast",
            id="persona",
        ),
        pytest.param(
            ["render", COFFEE, "--view", "emotion", "-O", "persona=busy-parnt"],
            "journeykit: -O persona: no persona 'busy-parnt'; did you mean 'busy-parent'? "
            f"The personas of {COFFEE}: busy-parent, home-enthusiast",
            id="option-persona",
        ),
        pytest.param(
            ["check", COFFEE, "--select", "JK9"],
            "journeykit: --select: 'JK9' is not a rule code or prefix; the nearest that are: "
            "JK1, JK2, JK3, JK4, JK5, JK6, JK7, JK8 (docs/rules.md lists every rule)",
            id="select-family",
        ),
        pytest.param(
            ["check", COFFEE, "--ignore", "JK105"],
            "journeykit: --ignore: 'JK105' is not a rule code or prefix; the nearest that are: "
            "JK101, JK102, JK103, JK104 (docs/rules.md lists every rule)",
            id="ignore-code",
        ),
        pytest.param(
            ["check", COFFEE, "--select", "JK2O1"],
            "journeykit: --select: 'JK2O1' is not a rule code or prefix; did you mean 'JK201'?",
            id="select-typo",
        ),
        pytest.param(
            ["render", COFFEE, "--view", "mapp"],
            "no view 'mapp'; did you mean 'map'?; views: map, emotion, hotspots, coverage, "
            "flow, funnel, diff",
            id="view",
        ),
        pytest.param(
            ["render", COFFEE, "-O", "hied=emotion"],
            "journeykit: -O: no option 'hied'; did you mean 'hide'? The options of the map view: "
            "persona, hide, findings, today",
            id="view-option",
        ),
        pytest.param(
            ["render", COFFEE, "--view", "coverage", "-O", "top=3"],
            "journeykit: -O: no option 'top'; the options of the coverage view: page",
            id="few-options",
        ),
        pytest.param(
            ["refresh", COFFEE, EVENTS, "--touchpoint-map", "Pay=checkot"],
            "journeykit: --touchpoint-map Pay=checkot: no touchpoint 'checkot'; did you mean "
            f"'checkout'? The touchpoints of the designed journey {COFFEE}: see-ad, product-page, ",
            id="touchpoint-map",
        ),
        pytest.param(
            ["render", COFFEE, "-O", "hide=emotions"],
            "the map has no row 'emotions'; did you mean 'emotion'?; rows: personas, touchpoints, "
            "actions, thoughts, emotion, pain_points, opportunities, metrics, findings",
            id="map-row",
        ),
        pytest.param(
            ["render", COFFEE, "--theme", "night"],
            "argument --theme: invalid choice: 'night' (choose from 'dark', 'light', 'print')",
            id="theme",
        ),
        pytest.param(
            ["check", COFFEE, "--fail-on", "fatal"],
            "argument --fail-on: invalid choice: 'fatal' (choose from 'error', 'warning', 'info')",
            id="fail-on",
        ),
        pytest.param(
            ["hotspots", COFFEE, "--format", "csv"],
            "argument --format: invalid choice: 'csv' (choose from 'text', 'json')",
            id="format",
        ),
        pytest.param(
            ["convert", COFFEE, "-", "--to", "mmd"],
            "--to: unknown format 'mmd'",
            id="convert-to",
        ),
        pytest.param(
            ["conform", COFFEE, EVENTS, "--select", "JK99"],
            "--select: 'JK99' matches no conformance code (JK901, JK902",
            id="conform-select",
        ),
        pytest.param(
            ["refresh", COFFEE, EVENTS, "--metric", "Reach=size"],
            "--metric Reach=size: measure one of ",
            id="metric",
        ),
        pytest.param(
            ["refresh", COFFEE, EVENTS, "--case", "customer_id", "--metric", "Footfal=reach"],
            f"journeykit: --metric Footfal=reach: no metric 'Footfal'; the metrics of the design "
            f"{COFFEE}: reach, aided brand awareness, ",
            id="metric-name",
        ),
        pytest.param(
            ["discover", EVENTS, "--scale", "stars"],
            "argument --scale: invalid choice: 'stars' (choose from ",
            id="scale",
        ),
        pytest.param(["completion", "ksh"], "invalid choice: 'ksh' (choose from ", id="shell"),
        pytest.param(
            ["--color", "sometimes", "check", COFFEE],
            "argument --color: invalid choice: 'sometimes' (choose from 'auto', 'always', 'never')",
            id="color",
        ),
    ],
)
def test_a_name_that_does_not_exist_is_told_with_those_that_do(
    args: list[str], expected: str
) -> None:
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert expected in err
    assert "Traceback" not in err
    assert "did you mean 'JK'?" not in err


# -- common options ----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["-q", "validate", COFFEE],
        ["validate", "-q", COFFEE],
        ["validate", COFFEE, "--quiet"],
        ["--quiet", "validate", COFFEE, "--color", "never"],  # not undone by a later option
    ],
)
def test_quiet_stands_before_or_after_the_command(args: list[str]) -> None:
    assert run(*args) == (0, "", "")


def test_quiet_check_prints_the_findings_without_the_summary() -> None:
    code, out, _ = run("check", COFFEE, "--today", "2026-10-01")
    quiet = run("check", "-q", COFFEE, "--today", "2026-10-01")
    assert quiet[0] == code
    assert out.splitlines()[-1].startswith("Found ")
    assert quiet[1].splitlines() == out.splitlines()[:-1]


def test_warnings_of_any_command_are_one_line_and_quiet_silences_them() -> None:
    code, out, err = run("validate", "-", stdin=OFF_SCALE)
    assert code == 0
    assert out == "<stdin>: valid (1 stages, 1 touchpoints)\n"
    assert err == (
        "journeykit: warning: <stdin>, line 4, column 7: the score 9 is outside 1 to 5; "
        "it is read as 5\n"
    )
    assert run("-q", "hotspots", "-", stdin=OFF_SCALE)[2] == ""


# -- colour ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "environ", "tty", "expected"),
    [
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),  # empty: not set (no-color.org)
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, True, False),
        ("auto", {"TERM": "dumb"}, True, False),
        ("auto", {"TERM": "dumb", "FORCE_COLOR": "1"}, False, True),
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_when_to_colour(mode: str, environ: dict[str, str], tty: bool, expected: bool) -> None:
    stream = Terminal() if tty else io.StringIO()
    assert _style.use_colour(stream, mode, environ) is expected


def test_a_closed_stream_is_not_a_terminal() -> None:
    stream = io.StringIO()
    stream.close()
    assert _style.use_colour(stream, "auto", {}) is False


def test_findings_are_coloured_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    _, plain, _ = run("check", COFFEE, "--select", "JK201")
    _, coloured, _ = run("check", COFFEE, "--select", "JK201", terminal=True)
    assert ESC not in plain
    assert "\x1b[1mJK201\x1b[0m [\x1b[33mwarning\x1b[0m]" in coloured
    assert coloured.replace("\x1b[1m", "").replace("\x1b[33m", "").replace("\x1b[0m", "") == plain
    monkeypatch.setenv("NO_COLOR", "1")
    assert ESC not in run("check", COFFEE, "--select", "JK201", terminal=True)[1]
    assert ESC in run("check", COFFEE, "--select", "JK201", "--color", "always")[1]


def test_errors_and_warnings_are_coloured_on_standard_error_only_when_it_is_a_terminal() -> None:
    code, _, err = run("--color", "always", "validate", "-", stdin=OFF_SCALE)
    assert code == 0
    assert err.startswith("journeykit: \x1b[1;33mwarning:\x1b[0m <stdin>, line 4")
    code, _, err = run("--color", "always", "hotspots", "nowhere.json")
    assert code == 2
    assert err.startswith("\x1b[1;31mjourneykit:\x1b[0m nowhere.json: cannot read the file")


def test_severities_keep_their_words() -> None:
    # Colour is never the only signal: the severity is written out in every style.
    for level in _style.SEVERITY_STYLES:
        line = _style.finding_line(f"f: JK1 [{level}] m", "JK1", level, on=True)
        assert level in line


# -- errors ------------------------------------------------------------------------


def test_an_error_is_one_line_and_traceback_shows_where() -> None:
    code, out, err = run("render", COFFEE, "--view", "mapp")
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    code, _, err = run("render", COFFEE, "--view", "mapp", "--traceback")
    assert code == 2
    assert err.startswith("Traceback (most recent call last):")
    assert "journeykit/layout/views" in err.replace(os.sep, "/")
    assert err.splitlines()[-1].startswith("journeykit: view: no view 'mapp'")


def test_a_bug_is_one_line_too(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> int:
        raise TypeError("unsupported operand")

    monkeypatch.setattr("journeykit.cli.hotspots.run", broken)
    code, out, err = run("hotspots", COFFEE)
    assert (code, out) == (2, "")
    assert err == (
        "journeykit: internal error: TypeError: unsupported operand; --traceback shows where "
        "(please report it)\n"
    )
    code, _, err = run("hotspots", COFFEE, "--traceback")
    assert code == 2
    assert "Traceback (most recent call last):" in err
    assert ", in broken\n" in err  # the frame that raised


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "nowhere.json"],
        ["check", "nowhere.json"],
        ["hotspots", "nowhere.json"],
        ["diff", COFFEE, "nowhere.json"],
        ["render", "nowhere.json"],
        ["convert", "nowhere.json", "-"],
        ["refresh", "nowhere.json", EVENTS],
        ["conform", "nowhere.json", EVENTS],
        ["discover", "nowhere.csv"],
    ],
    ids=lambda a: a[0],
)
def test_bad_input_is_exit_2_with_one_line_in_every_command(args: list[str]) -> None:
    if args[0] in ("refresh", "conform", "discover"):
        pytest.importorskip("polars")
    code, out, err = run(*args)
    assert code == 2
    assert out == ("No findings; 1 file could not be checked.\n" if args[0] == "check" else "")
    assert "nowhere" in err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err


def test_render_takes_standard_input_for_one_of_file_and_base() -> None:
    with open(COFFEE, encoding="utf-8") as text:
        code, out, err = run("render", "-", "--view", "diff", "--base", HOSPITAL, stdin=text.read())
    assert (code, err) == (0, "")
    assert out.startswith("<svg")
    code, _, err = run("render", "-", "--view", "diff", "--base", "-", stdin="{}")
    assert code == 2
    assert err == "journeykit: only one of FILE and --base can be - (standard input)\n"


# -- shell completion --------------------------------------------------------------


@pytest.mark.parametrize("shell", SHELLS)
def test_a_completion_script_for_each_shell(shell: str) -> None:
    shtab = pytest.importorskip("shtab")
    if shell not in shtab.SUPPORTED_SHELLS:
        code, _, err = run("completion", shell)
        assert code == 2
        assert "upgrade it: pip install -U shtab" in err
        return
    code, out, err = run("completion", shell)
    assert (code, err) == (0, "")
    words = ["convert", "refresh", "mermaid", "emotion"]  # commands, formats, views
    if shell != "tcsh":  # tcsh's script names only the options whose values it completes
        words.append("--persona")
    for word in words:
        assert word in out, word


def journeykit(*args: str, **options: Any) -> subprocess.CompletedProcess[str]:
    """``python -m journeykit ARGS`` on this checkout, as a real program."""
    paths = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), **options.pop("env", {})}
    return subprocess.run(
        [sys.executable, "-m", "journeykit", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
        **options,
    )


COMPLETE = """\
source "$1"
complete_line() {
  COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
  read -ra COMP_WORDS <<< "$COMP_LINE"
  if [[ "$COMP_LINE" == *" " ]]; then COMP_WORDS+=(""); fi
  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  COMPREPLY=()
  _shtab_journeykit
  echo "${COMPREPLY[*]}"
}
complete_line "journeykit ch"
complete_line "journeykit render map.json --view em"
complete_line "journeykit convert a.mmd b.json --to "
complete_line "journeykit --col"
complete_line "journeykit check examples/coffee-maker.j"
"""


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_commands_options_names_and_files(tmp_path: Path) -> None:
    pytest.importorskip("shtab")
    made = journeykit("completion", "bash")
    assert made.returncode == 0, made.stderr
    script = tmp_path / "journeykit.bash"
    script.write_text(made.stdout, "utf-8")
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", COMPLETE, "bash", str(script)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "check",
        "emotion",
        "json yaml mermaid",
        "--color",
        "examples/coffee-maker.json",
    ]


# -- real processes ----------------------------------------------------------------


def test_a_real_usage_error_shows_the_commands_usage() -> None:
    done = journeykit("check", "--bogus", COFFEE)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("usage: journeykit check ")
    assert done.stderr.endswith("journeykit check: error: unrecognized arguments: --bogus\n")


def test_a_real_process_colours_only_when_asked_or_forced() -> None:
    args = ["check", COFFEE, "--select", "JK201"]
    plain = journeykit(*args, env={"NO_COLOR": "", "FORCE_COLOR": ""})
    forced = journeykit(*args, env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    refused = journeykit(*args, "--color", "auto", env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert plain.returncode == forced.returncode == refused.returncode == 1
    assert ESC not in plain.stdout
    assert ESC in forced.stdout
    assert refused.stdout == plain.stdout


def test_version_is_the_librarys() -> None:
    assert journeykit("--version").stdout == f"journeykit {jk.__version__}\n"
