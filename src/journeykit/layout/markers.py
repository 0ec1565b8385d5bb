"""The geometry of marker shapes, so every backend draws a marker the same way.

A :class:`~journeykit.layout.scene.Marker` of ``size`` s centred on ``(x,
y)`` fits in the square of side s around its centre:

- ``circle``: radius s/2;
- ``square``: the whole square;
- ``diamond``: the square's side midpoints;
- ``triangle-up`` / ``triangle-down``: the apex at the top (bottom) edge, the
  base 0.8 × s/2 below (above) the centre, as wide as the square.

:func:`marker_outline` gives any shape as path ops, for a backend that paints
paths only; :func:`marker_corners` gives the corners of the shapes that have
them, for a backend with polygons.
"""

from __future__ import annotations

from journeykit.layout.scene import Marker

__all__ = ["marker_corners", "marker_outline"]

_KAPPA = 0.5522847498307936  # 4/3·(√2 − 1): cubic Béziers through a quarter circle


def marker_corners(marker: Marker) -> tuple[tuple[float, float], ...]:
    """The corners of a square, diamond or triangle marker; none for a circle.

    >>> marker_corners(Marker(x=10, y=10, size=4, shape="diamond"))
    ((10, 8.0), (12.0, 10), (10, 12.0), (8.0, 10))
    >>> marker_corners(Marker(x=0, y=0, size=2))
    ()
    """
    x, y, r = marker.x, marker.y, marker.size / 2
    shape = marker.shape
    if shape == "square":
        return ((x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r))
    if shape == "diamond":
        return ((x, y - r), (x + r, y), (x, y + r), (x - r, y))
    if shape == "triangle-up":
        return ((x, y - r), (x + r, y + r * 0.8), (x - r, y + r * 0.8))
    if shape == "triangle-down":
        return ((x, y + r), (x + r, y - r * 0.8), (x - r, y - r * 0.8))
    return ()


def marker_outline(marker: Marker) -> tuple[tuple[str | float, ...], ...]:
    """The marker's outline as closed path ops (``M``, ``L``, ``C``, ``Z``).

    A circle is four cubic Béziers (off the true circle by under 0.03 % of
    its radius); the other shapes are their corners joined by lines.

    >>> marker_outline(Marker(x=0, y=0, size=2, shape="triangle-up"))
    (('M', 0, -1.0), ('L', 1.0, 0.8), ('L', -1.0, 0.8), ('Z',))
    """
    corners = marker_corners(marker)
    if corners:
        (x0, y0), *rest = corners
        return (("M", x0, y0), *(("L", x, y) for x, y in rest), ("Z",))
    x, y, r = marker.x, marker.y, marker.size / 2
    k = r * _KAPPA
    return (
        ("M", x + r, y),
        ("C", x + r, y + k, x + k, y + r, x, y + r),
        ("C", x - k, y + r, x - r, y + k, x - r, y),
        ("C", x - r, y - k, x - k, y - r, x, y - r),
        ("C", x + k, y - r, x + r, y - k, x + r, y),
        ("Z",),
    )
