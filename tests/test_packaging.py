"""The package as it is published: one version, honest metadata, complete files.

The sdist and the wheel are built for real (``python -m build``, offline with
the hatchling of the ``test`` dependency group) from a copy of the checkout
with a virtual environment, caches and a stray output file planted in it,
none of which may reach the sdist.
"""

from __future__ import annotations

import email.parser
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

import journeykit

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
PROJECT = PYPROJECT["project"]

# Tools for developing journeykit, which no published extra may bring.
DEVELOPMENT_TOOLS = {"mypy", "ruff", "pytest", "pytest-xdist", "pre-commit", "build", "twine"}
# Paths (relative to the checkout) in a copy that the sdist must leave out.
PLANTED = [
    ".venv/bin/python",
    ".venv/lib/site.py",
    ".hypothesis/examples/x",
    ".pytest_cache/README.md",
    ".mypy_cache/3.11/journeykit.json",
    "src/journeykit/__pycache__/model.cpython-311.pyc",
    "tests/__pycache__/conftest.cpython-311.pyc",
    "coffee-maker.svg",
    "out/coffee-maker.svg",
]

# Blocks hypothesis as if it were not installed, then imports journeykit.testing.
WITHOUT_HYPOTHESIS = """
import sys

class NoHypothesis:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "hypothesis":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoHypothesis())
import journeykit
try:
    import journeykit.testing
except ImportError as error:
    print(type(error).__name__, isinstance(error, journeykit.JourneyError), error, sep="|")
"""


def requirement_name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower()


def test_the_version_has_one_source() -> None:
    assert "version" not in PROJECT
    assert "version" in PROJECT["dynamic"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "src/journeykit/__init__.py"
    assert journeykit.__version__ == "0.1.0"


def test_no_published_extra_brings_development_tools() -> None:
    extras = PROJECT["optional-dependencies"]
    brought = {
        extra: sorted({requirement_name(r) for r in requirements} & DEVELOPMENT_TOOLS)
        for extra, requirements in extras.items()
    }
    assert {extra: tools for extra, tools in brought.items() if tools} == {}
    grouped = {
        requirement_name(r)
        for requirements in PYPROJECT["dependency-groups"].values()
        for r in requirements
        if isinstance(r, str)
    }
    assert grouped >= DEVELOPMENT_TOOLS


def test_the_testing_extra_brings_hypothesis() -> None:
    testing = PROJECT["optional-dependencies"]["testing"]
    assert [requirement_name(r) for r in testing] == ["hypothesis"]


def test_journeykit_testing_without_hypothesis_names_the_extra(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_HYPOTHESIS],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    kind, is_journey_error, message = result.stdout.strip().split("|")
    assert (kind, is_journey_error) == ("MissingDependencyError", "True")
    assert "hypothesis" in message
    assert 'pip install "journeykit[testing]"' in message


def test_classifiers_say_what_the_project_is() -> None:
    classifiers = set(PROJECT["classifiers"])
    versions = {c.rpartition(" :: ")[2] for c in classifiers if re.search(r":: 3\.\d+$", c)}
    assert versions == {"3.11", "3.12", "3.13"}
    assert PROJECT["requires-python"] == ">=3.11"
    assert {"Framework :: Jupyter", "Environment :: Console", "Typing :: Typed"} <= classifiers
    assert any(c.startswith("Topic :: ") for c in classifiers)
    # PEP 639: the SPDX expression replaces the License classifiers, and PyPI refuses both.
    assert PROJECT["license"] == "MIT"
    assert not any(c.startswith("License :: ") for c in classifiers)


def copy_of_checkout(into: Path) -> Path:
    """The checkout's files without .git and the ignored ones, plus PLANTED."""
    ignored = shutil.ignore_patterns(
        ".git", ".venv", "venv", "__pycache__", "*.pyc", "*_cache", ".hypothesis", "out"
    )
    copy = into / "journeykit"
    shutil.copytree(ROOT, copy, ignore=ignored)
    for name in PLANTED:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        (copy / name).write_text("planted by tests/test_packaging.py\n", encoding="utf-8")
    return copy


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist and the wheel ``python -m build`` makes (the wheel from the sdist)."""
    pytest.importorskip("build", reason="needs the test dependency group: pip install --group test")
    pytest.importorskip("hatchling", reason="needs the test dependency group")
    source = copy_of_checkout(tmp_path_factory.mktemp("source"))
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    version = journeykit.__version__
    return {
        "sdist": out / f"journeykit-{version}.tar.gz",
        "wheel": out / f"journeykit-{version}-py3-none-any.whl",
    }


def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def sdist_names(sdist: Path) -> set[str]:
    with tarfile.open(sdist) as archive:
        return {name.partition("/")[2] for name in archive.getnames()}


@pytest.mark.soak
def test_twine_check_passes_both(dists: dict[str, Path]) -> None:
    pytest.importorskip("twine", reason="needs the test dependency group")
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, dists.values())],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2, result.stdout


@pytest.mark.soak
def test_the_wheel_holds_the_package_with_its_data(dists: dict[str, Path]) -> None:
    names = wheel_names(dists["wheel"])
    package = ROOT / "src" / "journeykit"
    modules = {
        f"journeykit/{path.relative_to(package).as_posix()}"
        for path in package.rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert modules <= names
    data = {
        "journeykit/py.typed",
        "journeykit/formats/schema-v1.json",
        "journeykit/layout/fonts/dejavu-sans.json",
    }
    assert data <= names
    package_files = {n for n in names if not n.startswith("journeykit-")}
    assert package_files == modules | data
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


@pytest.mark.soak
def test_the_wheel_metadata(dists: dict[str, Path]) -> None:
    version = journeykit.__version__
    with zipfile.ZipFile(dists["wheel"]) as archive:
        text = archive.read(f"journeykit-{version}.dist-info/METADATA").decode("utf-8")
        scripts = archive.read(f"journeykit-{version}.dist-info/entry_points.txt").decode()
    metadata = email.parser.Parser().parsestr(text)
    assert metadata["Version"] == version
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Requires-Python"] == ">=3.11"
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert "testing" in metadata.get_all("Provides-Extra")
    assert "test" not in metadata.get_all("Provides-Extra")
    assert set(metadata.get_all("Classifier")) == set(PROJECT["classifiers"])
    required = {requirement_name(r) for r in metadata.get_all("Requires-Dist")}
    assert not required & DEVELOPMENT_TOOLS
    assert "journeykit = journeykit.cli:run" in scripts


@pytest.mark.soak
def test_the_sdist_holds_tests_examples_and_docs_but_no_clutter(dists: dict[str, Path]) -> None:
    names = sdist_names(dists["sdist"])
    for wanted in [
        "pyproject.toml",
        "README.md",
        "LICENSE",
        "CHANGELOG.md",
        ".pre-commit-hooks.yaml",
        "src/journeykit/py.typed",
        "src/journeykit/formats/schema-v1.json",
        "src/journeykit/layout/fonts/dejavu-sans.json",
        "tests/conftest.py",
        "tests/test_packaging.py",
        "examples/coffee-maker.json",
        "examples/hospital-visit.yaml",
        "docs/format.md",
    ]:
        assert wanted in names
    tracked_tests = {f"tests/{p.name}" for p in (ROOT / "tests").glob("test_*.py")}
    assert tracked_tests <= names
    for planted in PLANTED:
        assert planted not in names
    clutter = [n for n in names if re.search(r"(^|/)(\.venv|__pycache__|\.\w+_cache)(/|$)", n)]
    assert clutter == []
