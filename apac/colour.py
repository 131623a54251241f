"""Colour-vision simulation and perceptual distance (pure numpy): how the map's palette is checked.

`simulate(rgb, kind)` applies Machado, Oliveira & Fernandes (2009) at severity 1.0 (dichromacy:
protanopia, deuteranopia, tritanopia) in linear sRGB, the model colorspacious and most CVD
simulators use; `delta_e(a, b)` is CIEDE2000 between two sRGB colours (D65). `composite` lays a
translucent colour over an opaque one, as the GPU blends a layer over the land below it.

The rule the palette in apac/layers.py is held to (tests/test_colour.py), in normal vision and
in each simulated dichromacy:
- two fills that can meet on the map (a member colour and plain land, one overlap step and the
  next, a partial role and a member) differ by at least MIN_FILL_DELTA_E, about five times
  CIEDE2000's just-noticeable difference of ~2.3;
- a mark (a chokepoint line, a marker, a selection outline or ring) reaches MIN_MARK_CONTRAST,
  WCAG 2.1's 3:1 for graphical objects (SC 1.4.11), against every fill it can sit on, from its
  core or from its edge, and its core and edge reach it against each other.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

MIN_FILL_DELTA_E = 11.0
MIN_MARK_CONTRAST = 3.0

#: Machado et al. 2009, severity 1.0, for linear RGB.
CVD_MATRICES: dict[str, np.ndarray] = {
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
#: Normal vision plus the three dichromacies: every view a palette test looks through.
VISIONS = ("normal", *CVD_MATRICES)

_SRGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
_WHITE = _SRGB_TO_XYZ @ np.ones(3)


def _linear(rgb: Sequence[float]) -> np.ndarray:
    c = np.asarray(rgb[:3], dtype=float) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _encode(linear: np.ndarray) -> np.ndarray:
    c = np.clip(linear, 0.0, 1.0)
    return 255.0 * np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)


def composite(top: Sequence[int], below: Sequence[int]) -> list[float]:
    """An RGBA colour over an opaque one (straight alpha, blended in sRGB as WebGL does)."""
    alpha = (top[3] if len(top) > 3 else 255) / 255.0
    return [alpha * t + (1 - alpha) * b for t, b in zip(top[:3], below[:3], strict=True)]


def simulate(rgb: Sequence[float], kind: str) -> list[float]:
    """How an sRGB colour (0-255) looks under `kind` ("normal" or a CVD_MATRICES key)."""
    if kind == "normal":
        return [float(v) for v in rgb[:3]]
    return _encode(CVD_MATRICES[kind] @ _linear(rgb)).tolist()


def lab(rgb: Sequence[float]) -> np.ndarray:
    """CIELAB (D65) of an sRGB colour (0-255)."""
    xyz = (_SRGB_TO_XYZ @ _linear(rgb)) / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: Sequence[float], b: Sequence[float]) -> float:
    """CIEDE2000 colour difference between two sRGB colours (0-255)."""
    return delta_e_lab(lab(a), lab(b))


def delta_e_lab(first: Sequence[float], second: Sequence[float]) -> float:
    """CIEDE2000 between two CIELAB colours (Sharma, Wu & Dalal 2005)."""
    l1, a1, b1 = (float(v) for v in first)
    l2, a2, b2 = (float(v) for v in second)
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    cm = (c1 + c2) / 2
    g = 0.5 * (1 - np.sqrt(cm**7 / (cm**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    else:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    dhh = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    lm, cmp_ = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hm = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hm = (h1p + h2p) / 2
    else:
        hm = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * np.cos(np.radians(hm - 30))
        + 0.24 * np.cos(np.radians(2 * hm))
        + 0.32 * np.cos(np.radians(3 * hm + 6))
        - 0.20 * np.cos(np.radians(4 * hm - 63))
    )
    sl = 1 + 0.015 * (lm - 50) ** 2 / np.sqrt(20 + (lm - 50) ** 2)
    sc = 1 + 0.045 * cmp_
    sh = 1 + 0.015 * cmp_ * t
    rt = (
        -2
        * np.sqrt(cmp_**7 / (cmp_**7 + 25.0**7))
        * np.sin(np.radians(60 * np.exp(-(((hm - 275) / 25) ** 2))))
    )
    return float(
        np.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2 + rt * (dc / sc) * (dhh / sh))
    )


def worst_delta_e(a: Sequence[float], b: Sequence[float]) -> tuple[float, str]:
    """The smallest CIEDE2000 between two colours over normal vision and the three CVDs."""
    return min((delta_e(simulate(a, v), simulate(b, v)), v) for v in VISIONS)


def contrast_ratio(a: Sequence[float], b: Sequence[float]) -> float:
    """WCAG 2 contrast ratio between two sRGB colours (1 to 21)."""
    la, lb = (float(_SRGB_TO_XYZ[1] @ _linear(c)) for c in (a, b))
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)
