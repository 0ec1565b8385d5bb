"""Layout: from a Journey (and analysis results) and a Theme to a Scene.

Nothing here imports a drawing library; renderers in
:mod:`journeykit.rendering` paint the scenes.
"""

from journeykit.errors import JourneyError


class LayoutError(JourneyError, ValueError):
    """A view cannot be laid out as asked: an unknown view, row or option value."""


__all__ = ["LayoutError"]
