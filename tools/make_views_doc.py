"""Write the "## Views" section of docs/rendering.md from the view registry.

The section lists every built-in view, what it draws, the view each
analysis result is drawn as by default, and every option with its type,
default and doc. ``tests/test_view_registry.py`` checks that the file holds
what this script would write, so the docs cannot drift from the code.

Usage: PYTHONPATH=src python tools/make_views_doc.py
"""

from __future__ import annotations

import sys
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "rendering.md"
HEADING = "## Views"


def views_section() -> str:
    """The "## Views" section, from its heading to the blank line before the next one."""
    from journeykit.layout.views import SUBJECTS, get_view
    from journeykit.layout.views.registry import BUILT_IN

    built_in = [get_view(name) for name in BUILT_IN]
    lines = [
        HEADING,
        "",
        "<!-- Generated from the view registry by tools/make_views_doc.py; do not edit. -->",
        "",
        "`jk.views()` lists the installed views, plugins' included (name → `View`).",
        "`jk.render(subject, view=NAME, **options)` draws one; `journeykit render FILE",
        "--view NAME -O OPTION=VALUE` does the same from the command line. A view refuses a",
        "subject it does not draw, an option it does not have and a value of the wrong type",
        "with a `JourneyError` that names what it accepts.",
        "",
        "| view | draws | what it shows |",
        "| --- | --- | --- |",
    ]
    for view in built_in:
        draws = ", ".join(_cell(SUBJECTS[kind][0]) for kind in view.subjects)
        lines.append(f"| `{view.name}` | {draws} | {_cell(view.summary)} |")
    lines += [
        "",
        "Without `view=`, a journey is drawn as its map and an analysis result as its own view:",
        "",
        "| subject | drawn as |",
        "| --- | --- |",
    ]
    for description, natural in SUBJECTS.values():
        lines.append(f"| {_cell(description)} | `{natural}` |")
    lines += [
        "",
        "### Options",
        "",
        "| view | option | type | default | what it does |",
        "| --- | --- | --- | --- | --- |",
    ]
    for view in built_in:
        for option in view.options:
            lines.append(
                f"| `{view.name}` | `{option.name}` | {_cell(option.type_name)} | "
                f"`{option.default!r}` | {_cell(option.doc)} |"
            )
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text for a Markdown table cell: pipes escaped, code names in backticks."""
    text = text.replace("|", "\\|")
    for name in ("jk.check", "jk.hotspots", "jk.emotion_curve", "jk.coverage", "jk.funnel"):
        text = text.replace(name, f"`{name}`")
    for name in ("jk.loops", "jk.paths", "jk.diff"):
        text = text.replace(name, f"`{name}`")
    return text


def current_section(text: str) -> str:
    """The "## Views" section of ``text`` as it stands ("" when there is none)."""
    start = text.find(f"\n{HEADING}\n")
    if start < 0:
        return ""
    start += 1
    end = text.find("\n## ", start + len(HEADING))
    return text[start:] if end < 0 else text[start : end + 1]


def main() -> int:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Rendering\n"
    old = current_section(text)
    new = views_section()
    if old:
        text = text.replace(old, new if text.endswith(old) else new + "\n")
    else:
        text = text.rstrip("\n") + "\n\n" + new
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote the views section of {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
