"""Writes the field tables of the file format reference from the JSON Schema.

At ``builder-inited`` it writes ``docs/_generated/schema-fields.md`` from
``journeykit.schema()``: one section per object of the format, one table row
per key, with its type, whether it is required and the schema's own
description. ``docs/schema.md`` includes that file, so the reference always
says what the shipped schema says.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

# The objects of the format, in the order the reference shows them.
OBJECTS = (
    "journey",
    "persona",
    "channel",
    "stage",
    "touchpoint",
    "painPoint",
    "opportunity",
    "metric",
    "evidence",
    "flow",
    "period",
    "duration",
)
_HUGE = 2**62  # bounds this large only say "fits 64 bits" or "is finite": not worth a column


def _ref_name(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _link(defs: dict[str, Any], name: str) -> str:
    title = defs[name].get("title", name)
    return f"[{title}](#{title.lower().replace(' ', '-')})"


def _bounds(node: dict[str, Any], kind: str) -> str:
    low, high = node.get("minimum"), node.get("maximum")
    low = None if low is None or abs(low) >= _HUGE or math.isinf(low) else low
    high = None if high is None or abs(high) >= _HUGE or math.isinf(high) else high
    if low is not None and high is not None:
        return f"{kind} from {low:g} to {high:g}"
    if low is not None:
        return f"{kind} ≥ {low:g}"
    if high is not None:
        return f"{kind} ≤ {high:g}"
    return kind


def describe(defs: dict[str, Any], node: dict[str, Any]) -> str:
    """The type of a schema node in words, with links to the objects it holds."""
    name = _ref_name(node)
    if name is not None:
        target = defs[name]
        if name in OBJECTS:
            return _link(defs, name)
        if name == "date":
            return "date (`YYYY-MM-DD`)"
        if name == "id":
            return "id (text)"
        if name == "nonBlankText":
            return "text, not blank"
        if name == "ruleSelectors":
            return "list of rule codes or prefixes"
        return describe(defs, target)
    if "const" in node:
        return f"`{node['const']!r}`"
    if "enum" in node:
        return " or ".join(f'`"{value}"`' for value in node["enum"])
    kind = node.get("type")
    if kind == "array":
        return f"list of {describe(defs, node.get('items', {}))}"
    if kind == "object":
        values = node.get("additionalProperties")
        if isinstance(values, dict):
            return f"mapping of text → {describe(defs, values)}"
        return "mapping"
    if kind == "string":
        return "text"
    if kind in ("integer", "number"):
        return _bounds(node, kind)
    return str(kind or "any value")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _note(node: dict[str, Any]) -> str:
    note = node.get("description") or ""
    if "default" in node:
        note = f"{note} Default `{node['default']}`.".strip()
    return _cell(note)


def fields_markdown(schema: dict[str, Any]) -> str:
    """The reference's sections as Markdown: one heading and table per object."""
    defs = schema["$defs"]
    lines = [
        "<!-- Generated from journeykit.schema() by docs/_ext/jk_schema.py; do not edit. -->",
        "",
    ]
    for name in OBJECTS:
        obj = defs[name]
        required = set(obj.get("required", ()))
        lines += [f"## {obj['title']}", "", _cell(obj.get("description", "")), ""]
        lines += ["| key | type | required | what it is |", "| --- | --- | --- | --- |"]
        for key, node in obj["properties"].items():
            mark = "**required**" if key in required else ""
            lines.append(f"| `{key}` | {describe(defs, node)} | {mark} | {_note(node)} |")
        lines.append("")
    return "\n".join(lines)


def write_fields(app: Any) -> None:
    """Write ``_generated/schema-fields.md`` beside the docs' sources, if it changed."""
    import journeykit as jk

    target = Path(app.srcdir) / "_generated" / "schema-fields.md"
    text = fields_markdown(jk.schema())
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    """Register the generator with Sphinx."""
    app.connect("builder-inited", write_fields)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
