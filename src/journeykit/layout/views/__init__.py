"""The views: each lays out a Journey or an analysis result as a Scene.

Every view is a :class:`View` in the registry (:mod:`.registry`): its name,
a summary, the subjects it draws, its options and its layout. The built-in
ones live in the modules of this package, one each; plugins add theirs
under the entry-point group ``journeykit.views``.
"""

from __future__ import annotations

from journeykit.layout.views.registry import (
    BUILT_IN,
    SUBJECTS,
    Option,
    View,
    get_view,
    lay_out,
    subject_kind,
    views,
)

__all__ = ["SUBJECTS", "VIEWS", "Option", "View", "get_view", "lay_out", "subject_kind", "views"]

VIEWS = BUILT_IN
"""The names of the built-in views; :func:`views` lists the installed ones too."""
