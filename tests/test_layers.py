"""The layers point one way, read from the source: every import, at the top or in a function.

model → graph, formats, analysis, events → layout → rendering → cli. Nothing
upstream imports anything downstream; only the rendering backends import a
drawing library; the backends depend on the Scene, never on each other.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "journeykit"

LAYERS = {
    "model": 0,
    "errors": 0,
    "_checks": 0,
    "scales": 0,
    "graph": 1,
    "formats": 1,
    "analysis": 1,
    "events": 1,
    "layout": 2,
    "rendering": 3,
    "cli": 4,
}
"""The layer of each top-level part of the package; the rest (``_display``,
``_atomic``, ``testing``, the package itself) sit outside the chain."""

DRAWING = ("svgwrite", "matplotlib")
# The backends, with the modules the matplotlib one is made of.
BACKEND_MODULES = (
    "journeykit.rendering.svg",
    "journeykit.rendering.mpl",
    "journeykit.rendering.mpl_charts",
    "journeykit.rendering._agg_text",
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def imports() -> dict[str, frozenset[str]]:
    """Every module of journeykit → every module name it imports, anywhere in it."""
    found: dict[str, frozenset[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                names.add(base)
                names.update(f"{base}.{alias.name}" for alias in node.names)
        found[name] = frozenset(names)
    return found


def layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if parts[0] == "journeykit" and len(parts) > 1 else None


def test_the_source_is_read() -> None:
    graph = imports()
    assert "journeykit.rendering.mpl" in graph
    assert "journeykit.layout.scene" in graph["journeykit.rendering.mpl"]


@pytest.mark.parametrize("module", sorted(imports()))
def test_no_module_imports_a_later_layer(module: str) -> None:
    own = layer(module)
    if own is None:
        return
    upstream = sorted(
        name for name in imports()[module] if (other := layer(name)) is not None and other > own
    )
    assert upstream == [], f"{module} imports a later layer"


@pytest.mark.parametrize("module", sorted(imports()))
def test_only_the_backends_import_a_drawing_library(module: str) -> None:
    drawing = sorted(n for n in imports()[module] if n.split(".")[0] in DRAWING)
    if module in BACKEND_MODULES:
        return
    assert drawing == []


@pytest.mark.parametrize(
    ("backend", "other"),
    [
        ("journeykit.rendering.svg", "journeykit.rendering.mpl"),
        ("journeykit.rendering.mpl", "journeykit.rendering.svg"),
        ("journeykit.rendering.mpl_charts", "journeykit.rendering.svg"),
        ("journeykit.rendering._agg_text", "journeykit.rendering.svg"),
    ],
)
def test_backends_import_nothing_from_each_other(backend: str, other: str) -> None:
    assert not [n for n in imports()[backend] if n == other or n.startswith(other + ".")]


@pytest.mark.parametrize("backend", ["journeykit.rendering.svg", "journeykit.rendering.mpl"])
def test_backends_take_geometry_from_the_scene(backend: str) -> None:
    """Marker shapes and group moves come from the layout, not from another backend."""
    names = imports()[backend]
    assert "journeykit.layout.scene" in names
    assert "journeykit.layout.markers" in names


def test_the_model_imports_no_io_graph_or_array_library() -> None:
    heavy = {"networkx", "numpy", "pandas", "narwhals", "yaml", "cattrs", "json", "pathlib", "io"}
    assert not {n.split(".")[0] for n in imports()["journeykit.model"]} & heavy


def test_the_layout_imports_no_rendering() -> None:
    for module, names in imports().items():
        if module.startswith("journeykit.layout"):
            assert not [n for n in names if n.startswith("journeykit.rendering")], module
