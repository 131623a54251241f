"""The Pacific-centred frame and the named camera views."""

from __future__ import annotations

from dataclasses import dataclass

#: Longitudes west of this are moved east by 360 degrees (matches scripts/build_geodata.py).
SEAM_LON = -30.0


def pacific_lon(lon: float) -> float:
    """Longitude on the Pacific-centred frame (-30..350) used by every geodata file."""
    return lon + 360.0 if lon < SEAM_LON else lon


@dataclass(frozen=True)
class NamedView:
    """A camera preset a person can jump to."""

    view_id: str
    label: str
    longitude: float
    latitude: float
    zoom: float


NAMED_VIEWS: dict[str, NamedView] = {
    v.view_id: v
    for v in [
        NamedView("pacific", "The whole Pacific", 160.0, 18.0, 1.55),
        NamedView("northeast-asia", "Northeast Asia", 132.0, 39.0, 3.4),
        NamedView("south-china-sea", "South China Sea", 114.0, 13.0, 4.3),
        NamedView("straits", "Malacca and the Indonesian straits", 109.0, -1.5, 4.1),
        NamedView("eurasia", "Eurasia and the SCO", 85.0, 43.0, 2.4),
    ]
}
DEFAULT_VIEW = "pacific"
