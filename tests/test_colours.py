"""Colours carry meaning, the right way round, and survive colour-vision deficiencies.

Pain is warm and gain is cool. The colours that tell things apart in one
view — good and bad emotion, the parts of a pain score, the personas' curves
— stay apart when protanopia, deuteranopia and tritanopia are simulated
with colour-science (Machado et al. 2009, at full severity), measured as
CIEDE2000 differences. Colour is never alone: the tests of the views check
the shapes and words beside it.
"""

from __future__ import annotations

import colorsys
import itertools
import warnings

import pytest

from journeykit.layout.theme import THEMES, Theme

colour = pytest.importorskip("colour")
np = pytest.importorskip("numpy")

DEFICIENCIES = ("Protanomaly", "Deuteranomaly", "Tritanomaly")
APART = 20.0  # CIEDE2000: clearly different at a glance, for fills and heavy lines
APART_SERIES = (
    9.0  # persona curves also differ by marker shape and dash, and have rows of their own
)
COLOURED = ("light", "dark")  # "print" is grey by design: its marks differ by shape and lightness


def _simulated_lab(hex_colour: str, deficiency: str) -> object:
    rgb = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = colour.cctf_decoding(rgb, function="sRGB")
    with warnings.catch_warnings():  # colour-science notes that tritanopia is an approximation
        warnings.simplefilter("ignore")
        matrix = colour.blindness.matrix_cvd_Machado2009(deficiency, 1.0)
    seen = np.clip(matrix @ linear, 0, 1)
    xyz = colour.RGB_to_XYZ(seen, colour.RGB_COLOURSPACES["sRGB"], apply_cctf_decoding=False)
    return colour.XYZ_to_Lab(xyz)


def _difference(a: str, b: str, deficiency: str | None) -> float:
    if deficiency is None:
        return float(colour.delta_E(_lab(a), _lab(b), method="CIE 2000"))
    return float(
        colour.delta_E(_simulated_lab(a, deficiency), _simulated_lab(b, deficiency), "CIE 2000")
    )


def _lab(hex_colour: str) -> object:
    rgb = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return colour.XYZ_to_Lab(colour.sRGB_to_XYZ(rgb))


def _closest(colours: list[str], deficiency: str | None) -> tuple[float, str, str]:
    return min((_difference(a, b, deficiency), a, b) for a, b in itertools.combinations(colours, 2))


def _groups(t: Theme) -> dict[str, tuple[list[str], float]]:
    """The colours seen together in one view, and how far apart they must stay."""
    return {
        "good and bad emotion": ([t.positive, t.negative], APART),
        "the parts of a pain score": ([*t.pain_parts], APART),
        "the personas' curves": ([*t.series[:3]], APART_SERIES),
    }


@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
@pytest.mark.parametrize("theme", COLOURED)
def test_colours_stay_apart_with_colour_vision_deficiencies(
    theme: str, deficiency: str | None
) -> None:
    for what, (colours, apart) in _groups(THEMES[theme]).items():
        difference, a, b = _closest(colours, deficiency)
        assert difference >= apart, (
            f"{theme}, {deficiency or 'normal vision'}: {what} {a} and {b} are only "
            f"{difference:.1f} apart (CIEDE2000), under {apart}"
        )


def _hue(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hsv(r, g, b)[0] * 360


@pytest.mark.parametrize("theme", COLOURED)
def test_pain_is_warm_and_gain_is_cool(theme: str) -> None:
    t = THEMES[theme]
    warm = lambda h: h < 60 or h > 300  # noqa: E731 - reds, oranges, magentas
    cool = lambda h: 150 < h < 270  # noqa: E731 - greens to blues
    assert warm(_hue(t.negative)), t.negative
    assert cool(_hue(t.positive)), t.positive
    assert warm(_hue(t.pain_parts[0])), "the pain of a hotspot is warm"
    assert all(not cool(_hue(c)) for c in t.pain_parts), "no part of pain is cool"


def test_the_simulation_sees_what_it_should() -> None:
    """Red and green, far apart to normal vision, come close under deuteranopia."""
    red, green = "#d62728", "#2ca02c"
    assert _difference(red, green, None) > 40
    assert _difference(red, green, "Deuteranomaly") < _difference(red, green, None) / 2


def test_print_marks_differ_by_lightness() -> None:
    t = THEMES["print"]
    shades = [int(c[1:3], 16) for c in t.pain_parts]
    assert min(abs(a - b) for a, b in itertools.combinations(shades, 2)) >= 48
