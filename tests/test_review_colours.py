"""Review colours that colour-blind readers can tell apart: every two fact types' colours (rules/types.yaml)
differ under normal vision and under simulated deuteranopia and protanopia.

Simulation: Machado, Oliveira and Fernandes (2009), "A physiologically-based model for simulation of color
vision deficiency", IEEE TVCG 15(6), their matrices for severity 1 (dichromacy), applied to linear sRGB.
Distance: CIELAB (D65) ΔE*ab (CIE 1976), which must pass 20, and CIEDE2000 ΔE00 (Sharma, Wu and Dalal 2005,
checked against their test data below), which must pass 12: both well above a just noticeable difference
(about 2.3 and 1), so the colours read as different colours, not shades of one.
"""

import math
from itertools import combinations

import pytest
from conftest import PROJECT

from zh_facts.ruleset.fact_types import load_types

MACHADO_2009 = {
    "normal": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
}
SRGB_TO_XYZ = ((0.4124564, 0.3575761, 0.1804375), (0.2126729, 0.7151522, 0.0721750), (0.0193339, 0.1191920, 0.9503041))
D65 = (0.95047, 1.0, 1.08883)
MIN_DELTA_E76 = 20.0
MIN_DELTA_E00 = 12.0


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _times(matrix, vector) -> tuple[float, ...]:
    return tuple(sum(m * v for m, v in zip(row, vector)) for row in matrix)


def lab(colour: str, vision: str = "normal") -> tuple[float, float, float]:
    """CIELAB of a #RRGGBB colour as a reader with `vision` sees it."""
    rgb = [_linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5)]
    seen = [min(1.0, max(0.0, c)) for c in _times(MACHADO_2009[vision], rgb)]

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / white) for v, white in zip(_times(SRGB_TO_XYZ, seen), D65))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e76(lab1, lab2) -> float:
    return math.dist(lab1, lab2)


def delta_e00(lab1, lab2) -> float:
    """CIEDE2000 (kL = kC = kH = 1), as Sharma, Wu and Dalal (2005) write it out."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1 = math.degrees(math.atan2(b1, a1)) % 360 if c1 else 0.0
    h2 = math.degrees(math.atan2(b2, a2)) % 360 if c2 else 0.0
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    dl, dc = l2 - l1, c2 - c1
    big_dh = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh) / 2)
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    rotation = (
        -2
        * math.sqrt(c_mean**7 / (c_mean**7 + 25**7))
        * math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2))))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    return math.sqrt((dl / s_l) ** 2 + (dc / s_c) ** 2 + (big_dh / s_h) ** 2 + rotation * (dc / s_c) * (big_dh / s_h))


def closest_pair(colours: dict[str, str]) -> tuple[float, float, str]:
    """The smallest ΔE*ab and ΔE00 over every pair and every vision, and the pair of the smallest ΔE00."""
    e76, e00, which = math.inf, math.inf, ""
    for vision in MACHADO_2009:
        for (name1, c1), (name2, c2) in combinations(colours.items(), 2):
            lab1, lab2 = lab(c1, vision), lab(c2, vision)
            e76 = min(e76, delta_e76(lab1, lab2))
            if delta_e00(lab1, lab2) < e00:
                e00, which = delta_e00(lab1, lab2), f"{name1} {c1} and {name2} {c2} ({vision})"
    return e76, e00, which


@pytest.mark.parametrize(
    "lab1, lab2, expected",
    [  # pairs of Sharma, Wu and Dalal's (2005) test data, Table 1
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ],
)
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected):
    assert delta_e00(lab1, lab2) == pytest.approx(expected, abs=5e-5)


def test_the_simulation_keeps_white_and_merges_what_deuteranopes_confuse():
    for vision in MACHADO_2009:
        assert lab("#FFFFFF", vision) == pytest.approx((100.0, 0.0, 0.0), abs=0.2)
    red, green = "#CC3311", "#668800"  # a red and a green of one lightness
    assert delta_e00(lab(red), lab(green)) > 30
    assert delta_e00(lab(red, "deuteranopia"), lab(green, "deuteranopia")) < 10


def test_the_check_rejects_colours_a_colour_blind_reader_confuses():
    e76, e00, which = closest_pair({"a": "#E69F00", "b": "#F0E442"})  # Okabe-Ito's orange and yellow
    assert e00 < MIN_DELTA_E00 and e76 < MIN_DELTA_E76 and "deuteranopia" in which


def test_every_two_type_colours_differ_for_colour_blind_readers_too():
    types = load_types(PROJECT / "rules")
    colours = {t.name: t.colour for t in types.values()}
    assert len(set(colours.values())) == len(colours)
    e76, e00, which = closest_pair(colours)
    assert e76 > MIN_DELTA_E76 and e00 > MIN_DELTA_E00, f"closest: {which}: ΔE00 {e00:.1f}, ΔE*ab {e76:.1f}"


def test_underline_styles_differ_among_the_measure_types_and_among_the_name_types():
    types = load_types(PROJECT / "rules")
    for group in ([t for t in types.values() if t.layer == "measure"], [t for t in types.values() if t.segmenter_tag]):
        styles = [t.underline for t in group]
        assert len(group) > 1 and len(set(styles)) == len(styles), [(t.name, t.underline) for t in group]
