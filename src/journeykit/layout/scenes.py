"""Lay out a view of a journey, or of an analysis result, as a Scene.

This is the layout layer's front door: :func:`scene` picks the view, checks
its options and returns the Scene any renderer paints. ``jk.scene`` and
:func:`journeykit.rendering.scene` are this function.

>>> import journeykit as jk
>>> ad = jk.Touchpoint(name="Ad")
>>> j = jk.Journey(title="Hello", stages=[jk.Stage(name="Look", touchpoints=[ad])])
>>> scene(j).view, scene(j, "flow").view
('map', 'flow')
"""

from __future__ import annotations

from typing import Any

from journeykit.layout.pages import Pages
from journeykit.layout.scene import Scene
from journeykit.layout.theme import Theme
from journeykit.layout.views import lay_out

__all__ = ["scene"]


def scene(
    subject: Any, view: str | None = None, theme: str | Theme | None = None, **options: Any
) -> Scene | Pages:
    """Lay out ``view`` of ``subject`` (a Journey, or an analysis result) as a Scene.

    The Scene holds every primitive with its geometry decided; any renderer
    paints it. With ``page=`` other than ``"screen"`` (``"slide"``, ``"a3"``…)
    the view is laid out on pages: a :class:`~journeykit.layout.pages.Pages`,
    a tuple of Scenes each the page's size. A journey is drawn as its map
    unless ``view`` says otherwise;
    an analysis result as its own view (``jk.funnel`` on the funnel view,
    ``jk.loops`` and ``jk.paths`` on the flow view…). ``jk.views()`` lists
    the views, what each draws and its options.

    Parameters
    ----------
    subject : Journey or analysis result
        What to draw.
    view : str, optional
        The view's name; by default the subject's own.
    theme : str or Theme, optional
        ``"light"`` (default), ``"dark"``, ``"print"`` or a :class:`Theme`.
    **options
        The view's options (``persona=``, ``hide=``, ``page=``…).

    Returns
    -------
    Scene or Pages
        The laid-out view; on pages, a tuple of Scenes.

    Raises
    ------
    LayoutError
        An unknown view, a subject the view does not draw, or an option it
        does not have or of the wrong type.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Tea", stages=[jk.Stage(name="Make", touchpoints=[
    ...     jk.Touchpoint(name="Boils water", emotion=0.5)])])
    >>> laid_out = jk.scene(j, view="emotion")
    >>> laid_out.view, laid_out.width > 0
    ('emotion', True)
    >>> laid_out.title
    'Emotion curve: Tea'
    """
    return lay_out(subject, view, theme, **options)
