"""Sphinx configuration of the journeykit documentation.

Build: ``python -m sphinx -W --keep-going -b html docs docs/_build/html``
(the ``docs`` dependency group of pyproject.toml installs what it needs).
Markdown pages through MyST, numpydoc docstrings through numpydoc, the
gallery of examples/gallery_scripts/ through sphinx-gallery: every picture
is drawn by the build, none is committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(ROOT / "src"))

import journeykit  # noqa: E402

project = "journeykit"
author = "The journeykit authors"
copyright = "The journeykit authors"
release = journeykit.__version__
version = release

extensions = [
    "myst_parser",
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "sphinx_gallery.gen_gallery",
    "jk_schema",
    "jk_toctree",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = [
    "_build",
    "_generated",
    "gallery/*.ipynb",
    "gallery/*.py",
    "gallery/*.md5",
    "gallery/*.zip",
    "gallery/*.json",
]
templates_path: list[str] = []


# MyST: the pages link to each other's headings as `page.md#heading`.
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist"]

# API reference: numpydoc renders the sections; autosummary writes one page an object.
autosummary_generate = True
autosummary_imported_members = True
autodoc_typehints = "none"  # numpydoc's Parameters sections carry the types
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "inherited-members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

html_theme = "furo"
html_title = f"journeykit {release}"
html_static_path: list[str] = []

sphinx_gallery_conf = {
    "examples_dirs": [str(ROOT / "examples" / "gallery_scripts")],
    "gallery_dirs": [str(DOCS / "gallery")],
    "filename_pattern": r"\.py$",  # run every script: each makes its figure
    "image_scrapers": ("jk_gallery.svg_scraper", "matplotlib"),
    "reset_modules": ("matplotlib",),
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "show_memory": False,
    "write_computation_times": False,
    "show_signature": False,
    "plot_gallery": "True",
}
