"""examples/gallery/ holds what tools/make_gallery.py draws now: the README's pictures are current.

The gallery is SVG (deterministic text: the same journey and code give the
same bytes), so a stale picture shows as a difference here, and the fix is
to run ``PYTHONPATH=src python tools/make_gallery.py`` and commit.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool() -> object:
    spec = importlib.util.spec_from_file_location(
        "make_gallery", ROOT / "tools" / "make_gallery.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_gallery_is_what_the_code_draws_now() -> None:
    tool = _tool()
    expected: dict[str, str] = tool.pictures()  # type: ignore[attr-defined]
    gallery = ROOT / "examples" / "gallery"
    committed = {p.name for p in gallery.glob("*.svg")}
    assert committed == set(expected), "run: PYTHONPATH=src python tools/make_gallery.py"
    stale = [name for name, text in expected.items() if (gallery / name).read_text("utf-8") != text]
    assert not stale, f"stale pictures {stale}: run PYTHONPATH=src python tools/make_gallery.py"


def test_the_readme_shows_a_map_from_the_gallery() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "examples/gallery/coffee-maker-map-slide-overview.svg" in readme
