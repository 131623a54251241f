"""The Pacific-centred frame and the named camera views."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

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


#: Outline paths sent for a selected country stay under this many characters of JSON (drawn
#: twice, line and halo: about 14 KB more per map change while a big country is selected).
OUTLINE_BUDGET = 7_000


@lru_cache(maxsize=1)
def _country_geometries() -> dict[str, dict]:
    from apac.paths import geodata_dir

    with open(geodata_dir() / "countries.geojson", encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    return {f["properties"]["adm0_a3"]: f["geometry"] for f in features if f.get("geometry")}


@lru_cache(maxsize=64)
def country_outline(code: str) -> list[list[list[float]]]:
    """The rings of one country's polygons as [lon, lat] paths (Pacific frame), simplified just
    enough to stay within OUTLINE_BUDGET: a thick selection line at map scale needs no more."""
    from shapely.geometry import shape

    geometry = _country_geometries().get(code)
    if geometry is None:
        return []
    geom = shape(geometry)
    paths: list[list[list[float]]] = []
    for tolerance in (0.0, 0.02, 0.05, 0.1, 0.2, 0.3):
        simple = geom.simplify(tolerance, preserve_topology=True) if tolerance else geom
        # the largest polygons first: past the budget, the smallest islets go unoutlined
        polygons = sorted(getattr(simple, "geoms", [simple]), key=lambda p: -p.area)
        paths, size = [], 2
        for polygon in polygons:
            rings = [
                [[round(x, 2), round(y, 2)] for x, y in ring.coords]
                for ring in [polygon.exterior, *polygon.interiors]
            ]
            size += len(json.dumps(rings, separators=(",", ":")))
            if size > OUTLINE_BUDGET and paths:
                break
            paths.extend(rings)
        if size <= OUTLINE_BUDGET:
            break
    return paths
