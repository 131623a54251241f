"""apac.framing: a named view nudged so a scene's subject sits in the map's safe area."""

import pytest

from apac.framing import SafeArea, frame_subject, place_in_frame
from apac.geo import NAMED_VIEWS

SAFE = SafeArea()


def _inside(place, safe=SAFE, tol=1e-6):
    fx, fy = place
    return safe.left - tol <= fx <= safe.right + tol and safe.top - tol <= fy <= safe.bottom + tol


def test_the_centre_lands_in_the_middle():
    view = NAMED_VIEWS["pacific"]
    assert place_in_frame(view, view.longitude, view.latitude, 0.6) == pytest.approx((0.5, 0.5))


def test_a_point_already_inside_leaves_the_view_alone():
    view = NAMED_VIEWS["northeast-asia"]
    assert frame_subject(view, view.longitude + 2, view.latitude - 1, 0.5) is view


@pytest.mark.parametrize("view_id", sorted(NAMED_VIEWS))
@pytest.mark.parametrize(
    "lon, lat", [(123.5, 25.7), (149.1, -35.3), (240.0, 49.0), (100.0, 60.0), (180.0, -10.0)]
)
@pytest.mark.parametrize("aspect", [0.5, 0.7])
def test_a_point_outside_is_moved_into_the_safe_area_without_zooming(view_id, lon, lat, aspect):
    view = NAMED_VIEWS[view_id]
    framed = frame_subject(view, lon, lat, aspect)
    assert framed.zoom == view.zoom and framed.view_id == view.view_id
    assert _inside(place_in_frame(framed, lon, lat, aspect), tol=1e-3)
    if _inside(place_in_frame(view, lon, lat, aspect)):
        assert framed == view


def test_framed_for_a_flat_map_stays_in_frame_on_taller_ones():
    view = NAMED_VIEWS["northeast-asia"]
    senkaku = (123.5, 25.75)
    framed = frame_subject(view, *senkaku, 0.5)
    for aspect in (0.5, 0.57, 0.66, 0.8):
        fx, fy = place_in_frame(framed, *senkaku, aspect)
        assert 0.1 <= fx <= 0.9 and 0.2 <= fy <= 0.88
