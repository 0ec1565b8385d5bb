"""Themes: the colours, fonts and sizes a view is laid out with.

Three come built in: ``light`` (the default), ``dark`` and ``print``
(readable in greyscale). The data colours come from the Okabe–Ito palette,
which stays distinguishable with the common colour-vision deficiencies, and
meaning never rests on colour alone: emotions also have a marker shape and a
value label, severities a number.

The type scale
--------------
Every text of every view is set in one of four sizes of the theme, in scene
units (CSS pixels on screen):

==============  =====  ===============================================
size            px     used for
==============  =====  ===============================================
``title_size``  24     the map's title (a view's title is 0.8 of it)
``heading_size`` 16    row labels, stage and persona names, ranks
``body_size``   14     touchpoint names, actions, pain points, cells
``small_size``  12     details: channels, metric values, notes, ticks
==============  =====  ===============================================

No text is smaller than :data:`MIN_SCREEN_SIZE` (12 px) on screen. A page
(``page="slide"``, ``"a3"``…) scales the whole scale, and the spacing with
it, by one factor, so that its smallest and body text reach the page's own
minimums (see :mod:`journeykit.layout.pages`).

>>> from journeykit.layout.theme import get_theme
>>> get_theme("dark").background
'#1b1e23'
>>> get_theme("light", body_size=15).body_size
15
"""

from __future__ import annotations

from typing import Any

import attrs

from journeykit._checks import suggest
from journeykit.layout import LayoutError
from journeykit.layout.text import FONT_FAMILY

__all__ = [
    "MIN_SCREEN_SIZE",
    "THEMES",
    "Theme",
    "ThemeError",
    "contrast",
    "get_theme",
    "mix",
]

MIN_SCREEN_SIZE = 12.0
"""The smallest text the built-in themes set on screen, in CSS pixels."""


class ThemeError(LayoutError):
    """An unknown theme, or an override a theme does not have."""


@attrs.frozen(kw_only=True)
class Theme:
    """Colours (CSS hex), font and sizes (scene units) of a view.

    Every colour is a ``#rrggbb`` string; every size is in scene units (CSS
    pixels on screen). Build a variant with :meth:`evolve` or
    :func:`get_theme`'s overrides rather than from scratch.

    Parameters
    ----------
    name : str
        What the theme is called (``"light"``, ``"dark"``, ``"print"``).
    background : str
        The canvas behind everything.
    surface : str
        The fill of the cells.
    surface_alt : str
        The fill of every other row, to tell the rows apart.
    header : str
        The fill of the stage headers.
    header_text : str
        Text on ``header``.
    text : str
        The main text colour.
    muted : str
        Secondary text, still readable (WCAG AA) on ``surface``.
    grid : str
        Grid lines and borders.
    accent : str
        The highlight colour: flow bands, funnel bars, coverage shading.
    positive, negative, neutral : str
        Positive, negative and neutral emotion.
    severity : tuple of five str
        The fills for pain-point severity 1 to 5.
    severity_text : tuple of five str
        Text on each of the ``severity`` fills.
    series : tuple of str
        One colour per persona or data series, taken in turn.
    pain_parts : tuple of three str, optional
        The parts of a pain score: severity, unaddressed pain and negative
        emotion; warm, and told apart by lightness as well as hue.
    font_family : str, optional
        The CSS font family of every text.
    title_size, heading_size, body_size, small_size : float, optional
        The four text sizes of the type scale (24, 16, 14 and 12 by default;
        see the module's table).
    padding : float, optional
        The space inside cells and between blocks.
    label_width : float, optional
        The width of the column of row labels.
    column_width : float, optional
        The width of one touchpoint's column.
    max_lines : int, optional
        A limit on the lines a text wraps onto, for views of one's own to
        use; the built-in views set their own limits.

    Examples
    --------
    >>> theme = get_theme("print")
    >>> theme.name, theme.text, theme.body_size
    ('print', '#000000', 14.0)
    """

    name: str
    background: str
    surface: str  # cells
    surface_alt: str  # every other row
    header: str  # stage headers
    header_text: str
    text: str
    muted: str  # secondary text, still AA on surface
    grid: str
    accent: str
    positive: str
    negative: str
    neutral: str
    severity: tuple[str, str, str, str, str]  # fills for severity 1..5
    severity_text: tuple[str, str, str, str, str]
    series: tuple[str, ...]  # one colour per persona or data series
    # The parts of a pain score (severity, unaddressed pain, negative emotion): warm, and
    # told apart by lightness under colour-vision deficiencies. Drop-off is drawn hollow.
    pain_parts: tuple[str, str, str] = ("#b34700", "#f7c08a", "#7a4a9a")
    font_family: str = FONT_FAMILY
    title_size: float = 24.0
    heading_size: float = 16.0
    body_size: float = 14.0
    small_size: float = 12.0
    padding: float = 10.0
    label_width: float = 168.0
    column_width: float = 224.0
    max_lines: int = 4

    def evolve(self, **changes: Any) -> Theme:
        """A copy with ``changes``; unknown names raise :class:`ThemeError`.

        Parameters
        ----------
        **changes
            New values for settings of the theme, by name (``body_size=15``).

        Returns
        -------
        Theme
            A new theme; this one is left as it is.

        Raises
        ------
        ThemeError
            A name is not a setting of themes; the message suggests the nearest.

        Examples
        --------
        >>> get_theme("light").evolve(name="roomy", padding=14).padding
        14
        """
        known = [f.name for f in attrs.fields(Theme)]
        for name in changes:
            if name not in known:
                raise ThemeError(f"themes have no setting {name!r}{suggest(name, known)}")
        return attrs.evolve(self, **changes)


# Okabe–Ito, led by the colours that positive and negative emotion do not use,
# so a persona's curve is never mistaken for the overall one.
_OKABE_ITO = ("#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#0072b2", "#d55e00", "#f0e442")

LIGHT = Theme(
    name="light",
    background="#ffffff",
    surface="#ffffff",
    surface_alt="#f4f6f8",
    header="#1f4e79",
    header_text="#ffffff",
    text="#1a1a1a",
    muted="#555f6b",
    grid="#c9d1d9",
    accent="#0072b2",
    positive="#0072b2",
    negative="#b34700",
    neutral="#5f6670",
    severity=("#e8eef4", "#fbe3c4", "#f7c08a", "#e4895a", "#b34700"),
    severity_text=("#1a1a1a", "#1a1a1a", "#1a1a1a", "#1a1a1a", "#ffffff"),
    series=_OKABE_ITO,
)

DARK = Theme(
    name="dark",
    background="#1b1e23",
    surface="#1b1e23",
    surface_alt="#242830",
    header="#2f5f8f",
    header_text="#ffffff",
    text="#eceff3",
    muted="#aab3bf",
    grid="#3c434d",
    accent="#56b4e9",
    positive="#56b4e9",
    negative="#f59b5f",
    neutral="#aab3bf",
    severity=("#2e3540", "#4a3b28", "#6b4a26", "#8a4a22", "#b5531c"),
    severity_text=("#eceff3", "#eceff3", "#eceff3", "#ffffff", "#ffffff"),
    series=("#3fc1a0", "#e39bc5", "#f0c44a", "#9ecbf0", "#56b4e9", "#f59b5f", "#f0e442"),
    pain_parts=("#f8c090", "#c24e1c", "#b06ad0"),
)

PRINT = Theme(
    name="print",
    background="#ffffff",
    surface="#ffffff",
    surface_alt="#f0f0f0",
    header="#333333",
    header_text="#ffffff",
    text="#000000",
    muted="#444444",
    grid="#999999",
    accent="#000000",
    positive="#000000",
    negative="#000000",
    neutral="#444444",
    severity=("#f2f2f2", "#d9d9d9", "#bfbfbf", "#8c8c8c", "#404040"),
    severity_text=("#000000", "#000000", "#000000", "#000000", "#ffffff"),
    series=("#000000", "#555555", "#888888", "#222222", "#777777", "#333333", "#666666"),
    pain_parts=("#404040", "#bfbfbf", "#7f7f7f"),
)

THEMES: dict[str, Theme] = {t.name: t for t in (LIGHT, DARK, PRINT)}


def get_theme(theme: str | Theme | None = None, **overrides: Any) -> Theme:
    """A theme by name (``light`` by default) or as given, with ``overrides`` applied.

    Parameters
    ----------
    theme : str or Theme or None, optional
        The name of a built-in theme (a key of :data:`THEMES`), a
        :class:`Theme`, or ``None`` for ``light``.
    **overrides
        Settings to change, by name, as for :meth:`Theme.evolve`.

    Returns
    -------
    Theme
        The theme, with the overrides applied when there are any.

    Raises
    ------
    ThemeError
        ``theme`` names no built-in theme, or an override no setting.

    Examples
    --------
    >>> get_theme().name
    'light'
    >>> get_theme("drak")
    Traceback (most recent call last):
    ...
    journeykit.layout.theme.ThemeError: unknown theme 'drak'...
    """
    if theme is None:
        chosen = LIGHT
    elif isinstance(theme, Theme):
        chosen = theme
    elif isinstance(theme, str) and theme in THEMES:
        chosen = THEMES[theme]
    else:
        name = str(theme)
        raise ThemeError(
            f"unknown theme {name[:40]!r}{suggest(name, THEMES)}; choose one of {', '.join(THEMES)}"
        )
    return chosen.evolve(**overrides) if overrides else chosen


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21).

    The order of the two does not matter: the lighter is always on top of the
    ratio. WCAG AA asks for 4.5 for body text, 3 for large text.

    Parameters
    ----------
    foreground, background : str
        The two colours, each ``#rrggbb``.

    Returns
    -------
    float
        ``(L1 + 0.05) / (L2 + 0.05)`` of the relative luminances, L1 the lighter.

    Examples
    --------
    >>> round(contrast("#000000", "#ffffff"), 1)
    21.0
    """
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def mix(a: str, b: str, share: float) -> str:
    """The colour ``share`` of the way from ``a`` to ``b`` (both ``#rrggbb``).

    Each channel is mixed linearly in sRGB and rounded.

    Parameters
    ----------
    a, b : str
        The colours to mix from and towards, each ``#rrggbb``.
    share : float
        How far from ``a`` towards ``b``: 0 gives ``a``, 1 gives ``b``.

    Returns
    -------
    str
        The mixed colour, ``#rrggbb`` in lower case.

    Examples
    --------
    >>> mix("#000000", "#ffffff", 0.5)
    '#808080'
    """
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(ca, cb, strict=True))
