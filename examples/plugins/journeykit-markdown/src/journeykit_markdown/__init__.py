"""Any journeykit view as Markdown: an outline of the words it writes.

journeykit lays every view out once as a :class:`~journeykit.layout.scene.Scene`,
a tree of primitives whose geometry is decided; a renderer only paints it.
This one keeps the words and leaves out the geometry. The scene's title
becomes a heading and its description a paragraph; then each group that
writes text becomes a bullet — its own texts joined by `` · `` — with the
groups inside it nested under it. The order is the one the view lays things
out in: rows top to bottom, columns left to right, the order in which a
screen reader reads the SVG. A group that writes nothing of its own adds
no level.

Every text is escaped: what a journey's author typed is shown as typed,
never read as Markdown or HTML.

Installed, the renderer is found through the ``journeykit.renderers`` entry
point in this package's ``pyproject.toml``: ``jk.render(journey,
renderer="markdown")`` returns the Markdown, ``jk.save(journey, "map.md")``
writes it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from journeykit import RendererError
from journeykit.layout.scene import Group, Text

if TYPE_CHECKING:
    from journeykit.layout.scene import Primitive, Scene

__all__ = ["MarkdownRenderer", "escape"]

# What CommonMark (and GitHub's tables and strikethrough) could read as markup
# anywhere in a line. `<`, `>` and `&` become entities instead.
_INLINE = re.compile(r"([\\`*_\[\]|~#])")
# What opens a list item or a thematic break ("---") at the start of a block.
_MARKER = re.compile(r"^(?:([-+])(?=\s|$|-)|(\d{1,9})([.)])(?=\s|$))")


def escape(text: str) -> str:
    r"""``text`` as Markdown that shows it as it is, on one line.

    Runs of whitespace, line breaks included, become one space; characters
    that Markdown reads as markup are backslash-escaped; ``&``, ``<`` and
    ``>`` become character references, so no HTML gets through.

    Parameters
    ----------
    text : str
        Any text, as a journey's author typed it.

    Returns
    -------
    str
        The Markdown; any CommonMark reader shows ``text`` (whitespace
        collapsed) from it.

    Examples
    --------
    >>> print(escape("Pays | <b>now</b>\n*twice*"))
    Pays \| &lt;b&gt;now&lt;/b&gt; \*twice\*
    >>> print(escape("1. Find the shop"))
    1\. Find the shop
    """
    words = html.escape(_INLINE.sub(r"\\\1", " ".join(text.split())), quote=False)
    return _MARKER.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", words)


class MarkdownRenderer:
    r"""Paints a Scene as a Markdown outline of its texts.

    Examples
    --------
    >>> import journeykit as jk
    >>> stage = jk.Stage(name="Look", touchpoints=[jk.Touchpoint(name="Sees *the* ad")])
    >>> journey = jk.Journey(title="Hello", stages=[stage])
    >>> print(jk.render(journey, renderer="markdown", level=2))  # doctest: +ELLIPSIS
    ## Hello
    <BLANKLINE>
    Journey map with 1 stage and 1 touchpoint.
    <BLANKLINE>
    - Hello · 1 stage · 1 touchpoint
    - Stages
      - Look
    ...
      - Sees \*the\* ad
    ...
    """

    name = "markdown"
    media_type = "text/markdown"
    suffixes = (".md",)
    options = frozenset({"level"})

    def render(self, scene: Scene, *, level: int = 1) -> str:
        """The Markdown of ``scene``.

        Parameters
        ----------
        scene : Scene
            A laid-out view (``jk.scene(journey, view)``).
        level : int
            The heading level of the scene's title, 1 to 6: 2 or more to
            place the outline inside a document of your own.

        Returns
        -------
        str
            The heading, the description and the outline, ending in a newline.

        Raises
        ------
        RendererError
            ``level`` is not a whole number from 1 to 6.
        """
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 6:
            raise RendererError(
                f"the markdown renderer's level= takes a heading level 1 to 6, not {level!r}"
            )
        lines = [f"{'#' * level} {escape(scene.title)}", ""]
        if scene.desc.strip():
            lines += [escape(scene.desc), ""]
        lines += _outline(scene.children, depth=0)
        return "\n".join(lines) + "\n"


def _outline(items: Iterable[Primitive], depth: int) -> Iterator[str]:
    """The bullets for ``items``: loose texts, and groups that write something."""
    for item in items:
        if isinstance(item, Text):
            if words := _words(item):
                yield f"{'  ' * depth}- {escape(words)}"
        elif isinstance(item, Group):
            own = [escape(w) for t in item.children if isinstance(t, Text) if (w := _words(t))]
            inner = [child for child in item.children if isinstance(child, Group)]
            if own:
                yield f"{'  ' * depth}- {' · '.join(own)}"
                yield from _outline(inner, depth + 1)
            else:
                yield from _outline(inner, depth)


def _words(text: Text) -> str:
    """What ``text`` says: the whole of it when the layout had to cut it.

    The lines are joined with spaces: a word too long for its line, which
    the layout broke between characters, comes back with a space in it.
    """
    return text.full if text.full is not None else " ".join(text.lines)
