"""Keep a subject inside the frame: a named view nudged (never zoomed) until a point sits in the
map's safe area, in Web Mercator pixels of a map `reference_width` wide.

The instrument scales a named view's zoom to the map's width (MapSpec.referenceWidth), so a
point's horizontal place in the frame is the same at every width; its vertical place depends on
the map's aspect (height / width). Framing for the flattest map a page draws keeps the point
inside every taller one too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from apac.geo import NamedView

TILE = 512  # deck.gl's world size at zoom 0, in pixels


@dataclass(frozen=True)
class SafeArea:
    """The part of the frame a subject must sit in, as shares of width and height: off the
    edges, and below the as-of label in the top-left corner."""

    left: float = 0.1
    right: float = 0.9
    top: float = 0.2
    bottom: float = 0.88


def _x(lon: float, scale: float) -> float:
    return (lon + 180.0) / 360.0 * scale


def _y(lat: float, scale: float) -> float:
    rad = math.radians(lat)
    return (1 - math.log(math.tan(math.pi / 4 + rad / 2)) / math.pi) / 2 * scale


def _lat(y: float, scale: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * y / scale))) - math.pi / 2)


def place_in_frame(
    view: NamedView, lon: float, lat: float, aspect: float, reference_width: int = 900
) -> tuple[float, float]:
    """Where (lon, lat) lands in a map of `aspect` drawn with `view`: shares (0..1) of its width
    and height from the top-left corner. `lon` in the same (Pacific) frame as the view."""
    scale = TILE * 2**view.zoom
    width, height = reference_width, reference_width * aspect
    dx = _x(lon, scale) - _x(view.longitude, scale)
    dy = _y(lat, scale) - _y(view.latitude, scale)
    return 0.5 + dx / width, 0.5 + dy / height


def frame_subject(
    view: NamedView,
    lon: float,
    lat: float,
    aspect: float,
    reference_width: int = 900,
    safe: SafeArea = SafeArea(),
) -> NamedView:
    """`view`, its centre moved the least distance that puts (lon, lat) inside `safe` of a map
    `aspect` high per unit of width (the view itself when the point is already inside)."""
    fx, fy = place_in_frame(view, lon, lat, aspect, reference_width)
    scale = TILE * 2**view.zoom
    width, height = reference_width, reference_width * aspect
    shift_x = min(0.0, fx - safe.left) + max(0.0, fx - safe.right)
    shift_y = min(0.0, fy - safe.top) + max(0.0, fy - safe.bottom)
    if not shift_x and not shift_y:
        return view
    longitude = view.longitude + shift_x * width / scale * 360.0
    latitude = _lat(_y(view.latitude, scale) + shift_y * height, scale)
    return replace(view, longitude=round(longitude, 4), latitude=round(latitude, 4))
