"""``import journeykit`` stays light; the rest loads when first used.

Checked in fresh interpreters, since this test process has imported plenty
already. How long the import takes is measured by benchmarks/import_time.py,
not asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import journeykit

HEAVY = [
    "matplotlib",
    "svgwrite",
    "numpy",
    "pandas",
    "polars",
    "narwhals",
    "pyarrow",
    "networkx",
    "cattrs",
    "yaml",
    "hypothesis",
]

PROBE = """
import json, sys
heavy = json.loads(sys.argv[1])
def loaded():
    return sorted({n.split(".")[0] for n in sys.modules} & set(heavy))
import journeykit
before = loaded()
journeykit.load
print(json.dumps({"before": before, "after": loaded()}))
"""


def fresh(code: str, *args: str, cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    out = fresh(PROBE, json.dumps(HEAVY), cwd=tmp_path_factory.mktemp("import"))
    result: dict[str, list[str]] = json.loads(out)
    return result


def test_import_loads_no_heavy_dependency(modules: dict[str, list[str]]) -> None:
    assert modules["before"] == []


def test_load_brings_in_cattrs_and_yaml_only(modules: dict[str, list[str]]) -> None:
    assert modules["after"] == ["cattrs", "yaml"]


def test_fresh_interpreter_imports_the_installed_package(tmp_path: Path) -> None:
    where = fresh("import journeykit; print(journeykit.__file__)", cwd=tmp_path).strip()
    assert Path(where).resolve() == Path(journeykit.__file__).resolve()


def test_dir_lists_all_public_names() -> None:
    listed = dir(journeykit)
    missing = [name for name in journeykit.__all__ if name not in listed]
    assert missing == []


def test_all_has_no_duplicates() -> None:
    assert len(journeykit.__all__) == len(set(journeykit.__all__))


@pytest.mark.parametrize("name", journeykit.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(journeykit, name) is not None


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        _ = journeykit.no_such_thing  # type: ignore[attr-defined]
    assert not hasattr(journeykit, "no_such_thing")


def test_lazy_names_are_the_real_functions() -> None:
    from journeykit import formats

    assert journeykit.load is formats.load
    assert journeykit.loads is formats.loads
    assert journeykit.dumps is formats.dumps
