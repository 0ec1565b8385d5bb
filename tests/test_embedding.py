"""Maps embedded in web pages, and written to file objects.

Several maps must live on one HTML page: each SVG's ids start with a prefix
of its own — by default ``jk-`` and a hash of the SVG, so the same map
always has the same bytes and two different maps never share an id — and
its ``aria-labelledby`` names its own title. ``responsive=True`` lets a map
follow the width of its column. ``jk.save`` and ``jk.dump`` write to file
objects as well as paths, and no file name ever ends in a bare
``ValueError``. (tests/test_browser.py checks the same page in Chromium.)
"""

from __future__ import annotations

import ast
import io
import os
import re
import sys
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, note
from hypothesis import strategies as st

import journeykit as jk
from journeykit.errors import MissingDependencyError
from journeykit.rendering.svg import safe_id_prefix
from journeykit.testing import journeys

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SVG = "{http://www.w3.org/2000/svg}"
DEFAULT_PREFIX = re.compile(r"jk-[0-9a-f]{10}-")


@cache
def example(name: str) -> jk.Journey:
    return jk.load(EXAMPLES / name)


def coffee() -> jk.Journey:
    return example("coffee-maker.json")


def hospital() -> jk.Journey:
    return example("hospital-visit.yaml")


def ids_in(svg: str) -> list[str]:
    return [el.get("id", "") for el in ET.fromstring(svg).iter() if el.get("id")]


def own_title(svg: str) -> tuple[ET.Element, ET.Element]:
    """The root and its first child ``<title>``."""
    root = ET.fromstring(svg)
    title = root.find(f"{SVG}title")
    assert title is not None
    return root, title


# -- ids -------------------------------------------------------------------------------


def test_default_ids_are_the_same_every_time() -> None:
    first = jk.render(coffee())
    again = jk.render(jk.from_dict(jk.to_dict(coffee())))  # rebuilt, not the same object
    assert str(first).encode() == str(again).encode()
    assert DEFAULT_PREFIX.fullmatch(first.id_prefix or "")
    assert all(id_.startswith(first.id_prefix or "?") for id_ in ids_in(str(first)))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (lambda: jk.render(coffee()), lambda: jk.render(hospital())),
        (lambda: jk.render(coffee()), lambda: jk.render(coffee(), view="emotion")),
        (lambda: jk.render(coffee()), lambda: jk.render(coffee(), theme="dark")),
        (lambda: jk.render(coffee()), lambda: jk.render(coffee(), responsive=True)),
        (
            lambda: jk.render(coffee()),
            lambda: jk.render(coffee().replace_touchpoint("compare", emotion=0.9)),
        ),
    ],
    ids=["other-journey", "other-view", "other-theme", "responsive", "one-emotion-changed"],
)
def test_different_maps_share_no_id(one: Callable[[], Any], other: Callable[[], Any]) -> None:
    a, b = str(one()), str(other())
    assert a != b
    shared = set(ids_in(a)) & set(ids_in(b))
    assert not shared, sorted(shared)[:10]


def test_the_id_prefix_can_be_chosen() -> None:
    svg = jk.render(coffee(), id_prefix="coffee-")
    assert svg.id_prefix == "coffee-"
    assert all(id_.startswith("coffee-") for id_ in ids_in(str(svg)))
    root, _ = own_title(str(svg))
    assert root.get("aria-labelledby") == "coffee-title"


@pytest.mark.parametrize("prefix", ["", None])
def test_an_empty_prefix_means_the_default(prefix: str | None) -> None:
    assert jk.render(coffee(), id_prefix=prefix).id_prefix == jk.render(coffee()).id_prefix


def test_a_hostile_prefix_is_made_safe() -> None:
    svg = jk.render(coffee(), id_prefix='"><script>alert(1)</script>')
    assert svg.id_prefix == safe_id_prefix('"><script>alert(1)</script>')
    assert "<script" not in str(svg)
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", id_) for id_ in ids_in(str(svg)))


@pytest.mark.parametrize(
    ("option", "value"), [("id_prefix", 3), ("id_prefix", b"x-"), ("responsive", "yes")]
)
def test_bad_svg_options_are_journey_errors(option: str, value: Any) -> None:
    with pytest.raises(jk.JourneyError, match=option):
        jk.render(coffee(), **{option: value})


def test_the_accessible_name_is_the_title_alone() -> None:
    """aria-labelledby names the map's own title; the description only describes."""
    svg = jk.render(coffee())
    root, title = own_title(str(svg))
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    assert root.get("aria-labelledby") == title.get("id") == f"{svg.id_prefix}title"
    assert root.get("aria-describedby") == desc.get("id") == f"{svg.id_prefix}desc"


def test_three_maps_on_one_page() -> None:
    """Inlined together, the maps share no id and each names its own title."""
    maps = [
        jk.render(coffee()),
        jk.render(hospital(), view="emotion"),
        jk.render(coffee(), view="hotspots", responsive=True),
    ]
    page = ET.fromstring(
        '<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        + "".join(f"<div>{m}</div>" for m in maps)
        + "</body></html>"
    )
    ids = [el.get("id") for el in page.iter() if el.get("id")]
    assert len(ids) == len(set(ids)) > 3 * 2
    by_id = {el.get("id"): el for el in page.iter() if el.get("id")}
    roots = list(page.iter(f"{SVG}svg"))
    assert len(roots) == 3
    for root in roots:
        title = root.find(f"{SVG}title")
        assert by_id[root.get("aria-labelledby")] is title


# -- responsive ---------------------------------------------------------------------------


def test_a_fixed_size_by_default() -> None:
    root, _ = own_title(str(jk.render(coffee())))
    _, _, width, height = root.get("viewBox", "").split()
    assert (root.get("width"), root.get("height")) == (width, height)


def test_responsive_is_the_column_width_and_keeps_the_aspect() -> None:
    fixed, _ = own_title(str(jk.render(coffee())))
    root, _ = own_title(str(jk.render(coffee(), responsive=True)))
    assert root.get("width") == "100%"
    assert root.get("height") is None  # the viewBox gives it
    assert root.get("viewBox") == fixed.get("viewBox")
    assert root.get("preserveAspectRatio") in (None, "xMidYMid meet")


def test_responsive_on_the_command_line(tmp_path: Path) -> None:
    from journeykit.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["render", str(EXAMPLES / "coffee-maker.json"), "--responsive"], stdout=out, stderr=err
    )
    assert code == 0, err.getvalue()
    assert out.getvalue() == str(jk.render(coffee(), responsive=True))
    png = tmp_path / "map.png"
    code = main(
        ["render", str(EXAMPLES / "coffee-maker.json"), "--responsive", "-o", str(png)],
        stdout=out,
        stderr=err,
    )
    assert code == 2
    assert "--responsive only goes with SVG" in err.getvalue()
    assert not png.exists()


# -- save to file objects -------------------------------------------------------------------


def test_save_svg_to_a_binary_file_object() -> None:
    buffer = io.BytesIO()
    jk.save(coffee(), buffer, format="svg")
    assert buffer.getvalue() == str(jk.render(coffee())).encode("utf-8")
    assert not buffer.closed


@pytest.mark.parametrize(
    "how",
    [{"renderer": "svg"}, {"format": "SVG"}, {"format": ".svg"}],
    ids=["renderer", "upper-case", "dotted"],
)
def test_the_renderer_or_format_tells_the_format(how: dict[str, str]) -> None:
    buffer = io.BytesIO()
    jk.save(coffee(), buffer, **how)
    assert buffer.getvalue().startswith(b"<svg")


def test_save_svg_to_a_text_file_object() -> None:
    buffer = io.StringIO()
    jk.save(coffee(), buffer, view="emotion", renderer="svg", responsive=True)
    assert buffer.getvalue() == str(jk.render(coffee(), view="emotion", responsive=True))


def test_an_open_files_name_tells_the_format(tmp_path: Path) -> None:
    with open(tmp_path / "map.svg", "wb") as file:
        jk.save(coffee(), file, id_prefix="m-")
    assert (tmp_path / "map.svg").read_text("utf-8") == str(jk.render(coffee(), id_prefix="m-"))


def test_save_without_a_format_says_how_to_give_one() -> None:
    with pytest.raises(jk.JourneyError, match=r"format=.*renderer="):
        jk.save(coffee(), io.BytesIO())


def test_a_path_without_a_suffix_needs_a_format(tmp_path: Path) -> None:
    with pytest.raises(jk.JourneyError, match="format="):
        jk.save(coffee(), tmp_path / "map")
    jk.save(coffee(), tmp_path / "map", format="svg")
    assert (tmp_path / "map").read_bytes().startswith(b"<svg")


def test_the_svg_renderer_writes_only_svg(tmp_path: Path) -> None:
    with pytest.raises(jk.JourneyError, match="writes SVG, not 'png'"):
        jk.save(coffee(), tmp_path / "map.png", renderer="svg")
    assert not (tmp_path / "map.png").exists()


@pytest.mark.parametrize("format", [3, "", "."])
def test_a_bad_format_is_a_journey_error(format: Any) -> None:
    with pytest.raises(jk.JourneyError, match="format="):
        jk.save(coffee(), io.BytesIO(), format=format)


@pytest.mark.parametrize("target", [42, None, ["map.svg"]])
def test_save_to_something_that_is_no_file(target: Any) -> None:
    with pytest.raises(jk.JourneyError, match="file must be a path"):
        jk.save(coffee(), target, format="svg")


def test_save_png_to_a_binary_file_object() -> None:
    pytest.importorskip("matplotlib")
    buffer = io.BytesIO()
    jk.save(coffee(), buffer, view="emotion", format="png", dpi=20)
    assert buffer.getvalue().startswith(b"\x89PNG\r\n\x1a\n")
    named = io.BytesIO()
    jk.save(coffee(), named, view="emotion", renderer="matplotlib", dpi=20)  # its first format
    assert named.getvalue() == buffer.getvalue()


def test_a_png_cannot_go_to_a_text_file() -> None:
    pytest.importorskip("matplotlib")
    with pytest.raises(jk.FormatError, match="binary"):
        jk.save(coffee(), io.StringIO(), view="emotion", format="png", dpi=20)


def test_a_closed_or_read_only_file_is_a_journey_error(tmp_path: Path) -> None:
    closed = io.BytesIO()
    closed.close()
    with pytest.raises(jk.FormatError, match="cannot write"):
        jk.save(coffee(), closed, format="svg")
    (tmp_path / "map.svg").write_text("old", encoding="utf-8")
    with (
        open(tmp_path / "map.svg", "rb") as read_only,
        pytest.raises(jk.FormatError, match="cannot write"),
    ):
        jk.save(coffee(), read_only)
    assert (tmp_path / "map.svg").read_text("utf-8") == "old"


def test_a_failed_save_to_a_path_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.svg"
    target.write_text("old", encoding="utf-8")

    def broken(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(jk.FormatError, match="No space left"):
        jk.save(coffee(), target)
    assert target.read_text("utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.svg"]  # no temporary left


def test_an_svg_document_saves_itself(tmp_path: Path) -> None:
    svg = jk.render(coffee())
    buffer = io.BytesIO()
    svg.save(buffer)
    svg.save(tmp_path / "map.svg")
    assert buffer.getvalue() == (tmp_path / "map.svg").read_bytes() == str(svg).encode("utf-8")


# -- dump and load with file objects ------------------------------------------------------


@pytest.mark.parametrize("make", [io.BytesIO, io.StringIO], ids=["binary", "text"])
@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_dump_and_load_file_objects(make: Callable[[], io.IOBase], fmt: str) -> None:
    file: Any = make()
    jk.dump(coffee(), file, format=fmt)
    text = file.getvalue()
    assert (text.decode("utf-8") if isinstance(text, bytes) else text) == jk.dumps(coffee(), fmt)
    file.seek(0)
    assert jk.load(file, format=fmt) == coffee()


@pytest.mark.parametrize(("mode", "suffix"), [("wb", ".yaml"), ("w", ".json")])
def test_dump_to_open_files(tmp_path: Path, mode: str, suffix: str) -> None:
    path = tmp_path / f"journey{suffix}"
    with open(path, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as file:
        jk.dump(coffee(), file)  # the format from the open file's name
    assert path.read_text("utf-8") == jk.dumps(coffee(), suffix.lstrip(".").replace("yml", "yaml"))
    assert jk.load(path) == coffee()


@pytest.mark.parametrize("target", [42, None, b"journey.json"[0]])
def test_dump_to_something_that_is_no_file(target: Any) -> None:
    with pytest.raises(jk.ArgumentError, match=r"dump\(file=...\): expected a path or a file"):
        jk.dump(coffee(), target)


@pytest.mark.parametrize("source", [42, None, object()])
def test_load_from_something_that_is_no_file(source: Any) -> None:
    with pytest.raises(jk.ArgumentError, match=r"load\(file=...\): expected a path or a file"):
        jk.load(source)


def test_load_from_a_closed_file() -> None:
    closed = io.BytesIO(b"{}")
    closed.close()
    with pytest.raises(jk.FormatError, match="cannot read"):
        jk.load(closed)


# -- file names no file can have -------------------------------------------------------------


@cache
def _aggregate() -> Any:
    import datetime

    import polars as pl

    events = pl.DataFrame(
        {
            "customer": ["a", "a"],
            "time": [datetime.datetime(2025, 1, 1, h) for h in (9, 10)],
            "touchpoint": ["Home", "Pay"],
        }
    )
    return jk.events.aggregate(events, case="customer", timestamp="time", touchpoint="touchpoint")


def _path_calls() -> dict[str, Callable[[str], object]]:
    from journeykit.analysis.checking.config import find_config, find_config_file, load_config
    from journeykit.events.files import read_mapping

    return {
        "load": lambda name: jk.load(name + ".json"),
        "dump": lambda name: jk.dump(coffee(), name + ".json"),
        "save svg": lambda name: jk.save(coffee(), name + ".svg"),
        "save png": lambda name: jk.save(coffee(), name + ".png", dpi=10),
        "SVGDocument.save": lambda name: jk.render(coffee()).save(name + ".svg"),
        "events.read": lambda name: jk.events.read(name + ".csv"),
        "events.load_aggregate": lambda name: jk.events.load_aggregate(name + ".json"),
        "Aggregate.save": lambda name: _aggregate().save(name + ".json"),
        "read_mapping": lambda name: read_mapping(name + ".json"),
        "load_config": lambda name: load_config(name + ".toml"),
        "find_config": find_config,
        "find_config_file": find_config_file,
    }


@pytest.mark.parametrize("name", ["a\0b", "caf\ud800e"], ids=["nul", "lone-surrogate"])
@pytest.mark.parametrize("call", list(_path_calls()))
def test_impossible_file_names_are_journey_errors(
    call: str, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    if call == "save png":
        pytest.importorskip("matplotlib")
    if call in ("events.read", "Aggregate.save"):
        pytest.importorskip("narwhals")
        pytest.importorskip("polars")
        _aggregate()  # made before, so that only the save can fail below
    with pytest.raises(jk.JourneyError, match="no file can have this name") as caught:
        _path_calls()[call](name)
    assert "\0" not in str(caught.value)  # shown escaped
    assert list(tmp_path.iterdir()) == []


def test_dump_to_a_nul_path_names_the_argument() -> None:
    with pytest.raises(jk.FormatError) as caught:
        jk.dump(coffee(), "a\0b.json")
    assert str(caught.value).startswith("file 'a\\x00b.json': ")


# -- missing dependencies name what to install ------------------------------------------------


def test_a_missing_svgwrite_names_a_real_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "svgwrite", None)  # import svgwrite now fails
    with pytest.raises(MissingDependencyError) as caught:
        jk.render(coffee())
    message = str(caught.value)
    assert "pip install svgwrite" in message
    assert "journeykit[" not in message  # svgwrite is no extra: a dependency of its own


def _dependencies() -> tuple[set[str], set[str]]:
    """The extras pyproject.toml defines, and the names of the core dependencies."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    core = {re.split(r"[<>=!~\[ ;]", dep, maxsplit=1)[0].lower() for dep in project["dependencies"]}
    return set(project["optional-dependencies"]), core


def _missing_dependency_calls() -> list[tuple[str, int, ast.Call]]:
    found = []
    for path in sorted((ROOT / "src" / "journeykit").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "MissingDependencyError"
            ):
                found.append((str(path.relative_to(ROOT)), node.lineno, node))
    return found


def test_every_missing_dependency_message_names_an_extra_that_exists() -> None:
    extras, core = _dependencies()
    calls = _missing_dependency_calls()
    assert len(calls) >= 5  # the scan finds them
    wrong = []
    for where, line, call in calls:
        package, extra = call.args
        if isinstance(extra, ast.Constant) and extra.value is None:
            # A core dependency: the message names the package itself.
            assert isinstance(package, ast.Constant)
            if package.value.lower() not in core:
                wrong.append(f"{where}:{line}: {package.value!r} is not a core dependency")
        elif isinstance(extra, ast.Constant) and extra.value not in extras:
            wrong.append(f"{where}:{line}: no extra {extra.value!r} in pyproject.toml")
    assert not wrong, wrong


def test_the_scan_finds_a_wrong_extra() -> None:
    extras, _ = _dependencies()
    assert "svg" not in extras
    assert {"mpl", "events", "pandas", "polars"} <= extras


# -- properties ------------------------------------------------------------------------------

small = journeys(max_stages=3, max_touchpoints=5, max_personas=2, max_channels=2, max_flows=3)


@given(journey=small)
def test_the_same_journey_gives_the_same_bytes(journey: jk.Journey) -> None:
    first = str(jk.render(journey))
    note(first[:400])
    assert str(jk.render(jk.from_dict(jk.to_dict(journey)))) == first


@given(one=small, other=small, view=st.sampled_from(["map", "emotion"]))
def test_different_journeys_share_no_id(one: jk.Journey, other: jk.Journey, view: str) -> None:
    a, b = str(jk.render(one, view=view)), str(jk.render(other, view=view))
    if a == b:
        # Different journeys may draw the same picture (what differs is not shown);
        # then they are the same map, and share their ids as they share everything.
        event("the same picture")
        return
    event("different pictures")
    shared = set(ids_in(a)) & set(ids_in(b))
    assert not shared, sorted(shared)[:10]
