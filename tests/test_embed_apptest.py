"""Embed mode and the camera in links, through AppTest (the browser side is in
tests/browser/test_embed_browser.py)."""

from __future__ import annotations

import pytest

from apac.geo import NAMED_VIEWS
from apac.state import parse_camera
from apac.ui_embed import MAP_HEIGHT
from apac.ui_explore import moved_camera
from tests.test_pages_apptest import _deck, _instrument, _run

CAMERA = "141.25,38.5,5.25"


def _initial_view(at) -> tuple[float, float, float]:
    view = _deck(at)["initialViewState"]
    return view["longitude"], view["latitude"], view["zoom"]


def test_a_link_with_a_camera_opens_there_and_keeps_it():
    at = _run(date="2001", view="northeast-asia", camera=CAMERA)
    assert _initial_view(at) == parse_camera(CAMERA)[0]
    assert at.query_params["camera"] == CAMERA and at.query_params["view"] == "northeast-asia"


def test_a_camera_wins_over_the_selection_s_focus_when_a_link_has_both():
    at = _run(select="country:RUS", camera=CAMERA)
    assert _initial_view(at) == parse_camera(CAMERA)[0]
    assert at.query_params["camera"] == CAMERA


def test_a_named_view_after_a_link_with_a_selection_and_a_camera_goes_to_the_view():
    at = _run(select="summit:apec-1997", camera=CAMERA)
    at.selectbox(key="w_view").set_value("straits").run()
    target = NAMED_VIEWS["straits"]
    assert _initial_view(at) == (target.longitude, target.latitude, target.zoom)
    assert "camera" not in at.query_params


def test_a_named_view_drops_the_camera():
    at = _run(camera=CAMERA)
    at.selectbox(key="w_view").set_value("south-china-sea").run()
    target = NAMED_VIEWS["south-china-sea"]
    assert _initial_view(at) == (target.longitude, target.latitude, target.zoom)
    assert "camera" not in at.query_params and at.query_params["view"] == "south-china-sea"


def test_a_selection_that_moves_the_map_drops_the_camera():
    at = _run(date="2010", camera=CAMERA)
    at.selectbox(key="w_dispute").set_value("spratlys").run()
    assert "camera" not in at.query_params
    assert _initial_view(at) != parse_camera(CAMERA)[0]


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ({"longitude": 141.123456, "latitude": 38.5, "zoom": 5.256}, (141.1235, 38.5, 5.26)),
        ({"longitude": -160.0, "latitude": 10.0, "zoom": -0.4}, (-160.0, 10.0, -0.4)),
        ({"longitude": 141.0, "latitude": 38.5}, None),
        ({"longitude": "x", "latitude": 38.5, "zoom": 3}, None),
        ({"longitude": float("nan"), "latitude": 38.5, "zoom": 3}, None),
        ({"longitude": 141.0, "latitude": 89.0, "zoom": 3}, None),
        (None, None),
        ([141, 38, 3], None),
    ],
)
def test_the_camera_the_browser_sends_is_kept_only_when_a_link_could_carry_it(sent, kept):
    assert moved_camera(sent) == kept


def test_embed_frame_shows_only_the_instrument_and_the_detail_panel():
    at = _run(date="2001", inst="apec,sco", select="country:RUS", frame="instrument")
    assert len(at.sidebar.children) == 0  # no page links, no controls: no sidebar at all
    assert not at.get("page_link") and not at.table and not at.expander
    assert any(m.value == "#### Russia" for m in at.markdown)  # the detail panel
    assert _instrument(at)["height"] == MAP_HEIGHT
    assert _instrument(at, "timeline")
    assert at.query_params["frame"] == "instrument"  # kept in the URL the frame writes back
    link = next(m.value for m in at.markdown if "whole Asia" in m.value)
    assert "frame" not in link and "select=country%3ARUS" in link


def test_without_the_frame_the_page_is_whole():
    at = _run(date="2001")
    assert len(at.sidebar.children) > 0 and at.table and at.expander
    assert _instrument(at)["height"] != MAP_HEIGHT
