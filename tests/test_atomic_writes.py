"""Writing files: a write killed half-way leaves nothing behind for good; links are written through.

A path is written to a hidden temporary file beside it, locked by its writer,
and renamed over the target. A writer killed before the rename leaves its
temporary file; the next write of the same file removes it (no writer holds
its lock any more), while the file of a writer still at work is left alone.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import journeykit as jk

fcntl = pytest.importorskip("fcntl", reason="temporary files are locked with fcntl (POSIX)")

ROOT = Path(__file__).resolve().parents[1]


def journey(title: str = "T") -> jk.Journey:
    return jk.Journey(title=title, stages=[jk.Stage(name="S")])


def temporaries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".journeykit-tmp"))


# -- a write killed half-way ----------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import os, sys, time
    import journeykit as jk

    def stuck(fd):  # the content is written; the rename has not happened yet
        print("writing", flush=True)
        time.sleep(120)

    os.fsync = stuck
    jk.dump(jk.Journey(title="Half-way"), sys.argv[1])
    """
)


@pytest.fixture
def writer_in_the_middle(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """A process stopped in the middle of writing ``journey.json``."""
    target = tmp_path / "journey.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "writing\n"
    yield process, target
    process.kill()
    process.wait(timeout=60)
    process.stdout.close()


def test_the_next_write_removes_what_a_killed_write_left(
    writer_in_the_middle: tuple[subprocess.Popen[str], Path],
) -> None:
    process, target = writer_in_the_middle
    jk.dump(journey("Before"), target)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    left = temporaries(target.parent)
    assert len(left) == 1
    assert left[0].startswith(".journey.json.")  # hidden, and named after its target
    jk.dump(journey("After"), target)
    assert temporaries(target.parent) == []
    assert jk.load(target).title == "After"


def test_the_temporary_file_of_a_write_at_work_is_left_alone(
    writer_in_the_middle: tuple[subprocess.Popen[str], Path],
) -> None:
    _, target = writer_in_the_middle
    jk.dump(journey("Meanwhile"), target)
    assert len(temporaries(target.parent)) == 1  # the other writer's, still locked
    assert jk.load(target).title == "Meanwhile"


def test_only_leftovers_of_the_same_file_are_removed(tmp_path: Path) -> None:
    # As a killed write leaves them: a temporary file that nobody holds.
    ours = tmp_path / ".journey.json.ab12cd_9.journeykit-tmp"
    other_target = tmp_path / ".other.json.ab12cd_9.journeykit-tmp"
    not_ours = [
        tmp_path / ".journey.json.notes.journeykit-tmp",  # not what tempfile makes
        tmp_path / ".journey.json.ab12cd_9.tmp",
        tmp_path / "journey.json.ab12cd_9.journeykit-tmp",
    ]
    for path in [ours, other_target, *not_ours]:
        path.write_text("{")
    jk.dump(journey(), tmp_path / "journey.json")
    assert not ours.exists()
    assert other_target.exists()
    assert all(path.exists() for path in not_ours)


def test_a_leftover_that_is_a_link_is_removed_without_touching_what_it_points_to(
    tmp_path: Path,
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    (tmp_path / ".journey.json.ab12cd_9.journeykit-tmp").symlink_to(precious)
    jk.dump(journey(), tmp_path / "journey.json")
    assert precious.read_text() == "keep me"


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "journey.json"
    target.mkdir()  # the rename cannot replace a directory
    with pytest.raises(jk.FormatError, match="cannot write the file"):
        jk.dump(journey(), target)
    assert temporaries(tmp_path) == []


# -- symbolic links -----------------------------------------------------------------


def test_a_link_is_written_through_to_its_file_and_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "journey.json"
    jk.dump(journey("Old"), real)
    real.chmod(0o640)
    link = tmp_path / "journey.json"
    link.symlink_to(Path("real") / "journey.json")  # relative, as links usually are
    jk.dump(journey("New"), link)
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("real") / "journey.json")
    assert jk.load(real).title == "New"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert temporaries(tmp_path) == []
    assert temporaries(tmp_path / "real") == []


def test_a_chain_of_links_is_followed_to_the_end(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    (tmp_path / "middle.yaml").symlink_to(real)
    (tmp_path / "first.yaml").symlink_to(tmp_path / "middle.yaml")
    jk.dump(journey("Chained"), tmp_path / "first.yaml")
    assert (tmp_path / "first.yaml").is_symlink()
    assert (tmp_path / "middle.yaml").is_symlink()
    assert jk.load(real).title == "Chained"


def test_a_dangling_link_gets_its_file(tmp_path: Path) -> None:
    link = tmp_path / "journey.json"
    link.symlink_to("missing.json")
    jk.dump(journey("Made"), link)
    assert link.is_symlink()
    assert jk.load(tmp_path / "missing.json").title == "Made"


def test_a_loop_of_links_is_an_error_that_says_so(tmp_path: Path) -> None:
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    with pytest.raises(jk.FormatError, match="symbolic links"):
        jk.dump(journey(), tmp_path / "a.json")
    assert (tmp_path / "a.json").is_symlink()


def test_saving_a_picture_through_a_link_writes_through_too(tmp_path: Path) -> None:
    real = tmp_path / "map-v1.svg"
    link = tmp_path / "map.svg"
    real.write_text("old")
    link.symlink_to(real.name)
    jk.save(journey(), link)
    assert link.is_symlink()
    assert real.read_text().startswith("<svg")
