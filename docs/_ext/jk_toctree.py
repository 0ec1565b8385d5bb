"""Drops the glob patterns of index.md's toctrees that match no page.

The guide's toctree names its pages in reading order by glob patterns
(``getting-started*``, ``howto-*``…) and ends with ``*`` for any other page.
Sphinx warns about a pattern that matches nothing, and the build treats
warnings as errors; a page that does not exist yet (or was renamed) should
not break the build, so such patterns are removed from the source as it is
read. Explicit names are left alone: a missing one is still an error.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path
from typing import Any

_FENCE = re.compile(r"```\{toctree\}\n(.*?)```", re.DOTALL)


def _pages(srcdir: Path) -> list[str]:
    return [p.stem for p in srcdir.glob("*.md")] + [p.stem for p in srcdir.glob("*.rst")]


def _is_glob(entry: str) -> bool:
    return any(c in entry for c in "*?[")


def prune(text: str, pages: list[str]) -> str:
    """``text`` with every toctree glob that would match none of ``pages`` removed.

    As in Sphinx, a page named outright, or matched by an earlier glob, is
    not matched again.
    """

    def pruned(match: re.Match[str]) -> str:
        lines = match.group(1).splitlines(keepends=True)
        entries = [line.strip() for line in lines]
        left = set(pages) - {e for e in entries if e and not e.startswith(":") and not _is_glob(e)}
        kept = []
        for line, entry in zip(lines, entries, strict=True):
            if entry and not entry.startswith(":") and _is_glob(entry):
                matched = {page for page in left if fnmatch.fnmatchcase(page, entry)}
                if not matched:
                    continue
                left -= matched
            kept.append(line)
        return "```{toctree}\n" + "".join(kept) + "```"

    return _FENCE.sub(pruned, text)


def _on_source_read(app: Any, docname: str, source: list[str]) -> None:
    if docname == app.config.root_doc:
        pages = [p for p in _pages(Path(app.srcdir)) if p != docname]
        source[0] = prune(source[0], pages)


def setup(app: Any) -> dict[str, Any]:
    """Register the hook with Sphinx."""
    app.connect("source-read", _on_source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
