"""``journeykit render``: every view and its options from the command line."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

import journeykit as jk
from journeykit.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COFFEE = str(EXAMPLES / "coffee-maker.json")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["render", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("view", list(jk.views()))
def test_every_view_draws_from_the_command_line(view: str) -> None:
    extra = ["--base", str(EXAMPLES / "coffee-maker.json")] if view == "diff" else []
    code, out, err = run(COFFEE, "--view", view, *extra)
    assert (code, err) == (0, "")
    assert f'class="journeykit journeykit-{view}"' in out


@pytest.mark.parametrize(
    ("view", "options", "same_as"),
    [
        ("hotspots", ["-O", "top=3"], {"top": 3}),
        ("hotspots", ["-O", "top=none"], {"top": None}),
        ("funnel", ["-O", "orientation=vertical"], {"orientation": "vertical"}),
        ("map", ["-O", "hide=actions,thoughts"], {"hide": ("actions", "thoughts")}),
        (
            "map",
            ["-O", "findings=yes", "-O", "today=2026-01-01"],
            {"findings": True, "today": date(2026, 1, 1)},
        ),
        ("flow", ["--option", "min_count=100"], {"min_count": 100}),
        ("emotion", ["--persona", "busy-parent"], {"persona": "busy-parent"}),
    ],
)
def test_options_are_read_by_their_type(
    view: str, options: list[str], same_as: dict[str, object]
) -> None:
    code, out, err = run(COFFEE, "--view", view, *options)
    assert (code, err) == (0, "")
    assert out == str(jk.render(jk.load(COFFEE), view=view, **same_as))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--view", "funel"], "did you mean 'funnel'?"),
        (["--view", "hotspots", "-O", "tpo=3"], "did you mean 'top'?"),
        (["--view", "hotspots", "-O", "top=abc"], "option top: expected int or None, got 'abc'"),
        (["--view", "hotspots", "-O", "weights=pain"], "cannot be set on the command line"),
        (["--view", "hotspots", "-O", "top"], "expected NAME=VALUE"),
        (["--view", "map", "-O", "today=someday"], "option today: expected date or None"),
        (["--view", "diff"], "--view diff needs --base OLD_FILE"),
        (["--base", COFFEE], "--base only goes with --view diff"),
    ],
)
def test_bad_views_and_options_exit_2_with_a_message(argv: list[str], message: str) -> None:
    code, out, err = run(COFFEE, *argv)
    assert code == 2
    assert out == ""
    assert message in err


def test_a_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "funnel.svg"
    code, _, err = run(COFFEE, "--view", "funnel", "-o", str(target))
    assert (code, err) == (0, "")
    assert target.read_text(encoding="utf-8") == str(jk.render(jk.funnel(jk.load(COFFEE))))
