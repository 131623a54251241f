"""Teachers' embed and links in a real browser: the embed snippet in a course page's column
shows the instrument with the map at the column's width; a link with the camera the user left
opens the same framing in a window of another width."""

from __future__ import annotations

import html
import json
import re

import pytest

from apac.layers import OCEAN
from tests.browser.support import (
    ARTIFACTS,
    canvas_row,
    land_share,
    near,
    query_of,
    wait_for_app,
    wait_for_map,
    wait_rerun,
)

pytestmark = pytest.mark.browser
VIEW = "/?date=2001&inst=apec,sco&view=northeast-asia"
FRAME = {"width": 1000, "height": 700}  # the iframe in the course page


def _camera(page_or_frame) -> dict[str, float]:
    """The map's camera as it draws (data-view: longitude, latitude, zoom and the width fit)."""
    return json.loads(page_or_frame.locator(".apac-map").first.get_attribute("data-view"))


def _embed_snippet(page) -> str:
    """The iframe snippet the Share section offers for the current view."""
    page.get_by_text("Share and export").click()
    code = page.locator("code", has_text="<iframe").first
    code.wait_for(timeout=20_000)
    return code.inner_text()


def test_the_embed_in_a_course_column_gives_the_map_the_width(app_url, page, tmp_path):
    page.goto(app_url + VIEW + "&select=country:RUS")
    wait_for_app(page)
    wait_for_map(page)
    snippet = _embed_snippet(page)
    src = html.unescape(re.search(r'src="([^"]+)"', snippet)[1])
    assert "frame=instrument" in src and "embed=true" in src and "select=country%3ARUS" in src
    # A course page: a heading, a paragraph and the snippet's iframe at 1000 x 700.
    course = tmp_path / "course.html"
    course.write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>Week 3</title></head>"
        "<body style='margin:24px;font:16px sans-serif'><h1>Week 3: regional institutions</h1>"
        "<p>Move the date and read the members.</p>"
        f"<iframe src='{html.escape(src)}' width='{FRAME['width']}' height='{FRAME['height']}'"
        " style='border:1px solid #999' title='Asia-Pacific Atlas'></iframe></body></html>",
        encoding="utf-8",
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(course.as_uri())
    iframe = page.locator("iframe")
    iframe.wait_for()
    frame = iframe.element_handle().content_frame()
    wait_for_app(frame, timeout=60_000)
    wait_for_map(frame, timeout=60_000)
    outer = iframe.bounding_box()
    inner = frame.locator(".apac-map").first.bounding_box()
    page.screenshot(path=str(ARTIFACTS / "embed-course-page.png"))
    # The map has the column's width (at least 600 px of the 1000) and sits inside the frame.
    assert inner["width"] >= 600, inner
    assert inner["x"] >= outer["x"] and inner["x"] + inner["width"] <= outer["x"] + outer["width"]
    assert inner["y"] >= outer["y"] and inner["y"] + inner["height"] <= outer["y"] + outer["height"]
    assert land_share(frame) > 0.05  # drawn: land, not only ocean
    # No sidebar, page links, footprint table or export section; the detail panel is under the
    # map (the frame is narrower than 1100 px) and shows the link's selection.
    assert frame.locator("[data-testid='stSidebar']").count() == 0
    assert frame.locator("[data-testid='stPageLink']").count() == 0
    assert frame.locator("[data-testid='stTable']").count() == 0
    assert frame.get_by_text("Share and export").count() == 0
    detail = frame.locator(".st-key-apac-detail").bounding_box()
    assert detail["y"] >= inner["y"] + inner["height"], (detail, inner)
    assert frame.locator(".st-key-apac-detail h4").first.inner_text() == "Russia"
    # The time control, legend and timeline are there, under the map, as wide as it.
    timeline = frame.locator(".st-key-timeline").bounding_box()
    assert timeline["y"] >= inner["y"] + inner["height"]
    assert timeline["width"] >= 0.95 * inner["width"]
    # Map, time control, legend and timeline in the frame's first screen, no scrolling.
    assert timeline["y"] + timeline["height"] <= outer["y"] + outer["height"], (timeline, outer)
    assert frame.locator(".apac-legend").first.is_visible()
    # The URL the frame keeps writing back still asks for the embed layout.
    assert "frame=instrument" in frame.url
    assert page.watch.errors() == []


def _drag_and_zoom(page) -> None:
    """Pan the map north-west and zoom in one wheel notch, as a teacher framing a region."""
    box = page.locator(".apac-map").first.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx + 160, cy + 70, steps=12)
    page.mouse.up()
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -240)


def _ink_row(page) -> tuple[list[bool], dict]:
    """Land (True) or ocean along the map's middle row, at 41 points 2.5% of its width apart."""
    box = page.locator(".apac-map").first.bounding_box()
    y = box["y"] + box["height"] / 2
    row = canvas_row(page, y, box["x"] + 1, box["x"] + box["width"] - 2)
    picks = [row[round(i / 40 * (len(row) - 1))] for i in range(41)]
    return [not near(p, OCEAN, 6) for p in picks], box


def test_a_link_with_the_camera_opens_the_same_framing_at_another_width(
    app_url, page, browser_context
):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(app_url + VIEW)
    wait_for_app(page)
    wait_for_map(page)
    assert "camera" not in query_of(page)  # a link is camera-free until the user moves the map
    _drag_and_zoom(page)
    page.wait_for_function("() => location.search.includes('camera=')", timeout=20_000)
    wait_rerun(page)
    page.wait_for_timeout(1200)  # the map flies to the (rounded) camera it was sent back
    lon, lat, zoom = (float(v) for v in query_of(page)["camera"].split(","))
    first = _camera(page)
    # The link carries the centre and the zoom less the map's width fit.
    assert abs(first["longitude"] - lon) < 1e-3 or abs(first["longitude"] - lon - 360) < 1e-3
    assert abs(first["latitude"] - lat) < 1e-3
    assert abs(first["zoom"] - first["fit"] - zoom) < 0.011
    land_first, box_first = _ink_row(page)
    page.screenshot(path=str(ARTIFACTS / "camera-1400.png"))

    other = browser_context.new_page()
    other.set_viewport_size({"width": 1000, "height": 760})
    other.goto(page.url)
    wait_for_app(other)
    wait_for_map(other)
    second = _camera(other)
    box_second = other.locator(".apac-map").first.bounding_box()
    other.screenshot(path=str(ARTIFACTS / "camera-1000.png"))
    assert abs(box_second["width"] - box_first["width"]) > 150  # really another map width
    assert abs(first["fit"] - second["fit"]) > 0.2
    for key in ("longitude", "latitude"):
        assert abs(first[key] - second[key]) < 1e-3, (first, second)
    assert abs((first["zoom"] - first["fit"]) - (second["zoom"] - second["fit"])) < 0.011
    assert query_of(other)["camera"] == query_of(page)["camera"]
    # The same place sits at the same share of the map's width: land and sea along the
    # middle row agree at (nearly) every sampled point.
    land_second, _ = _ink_row(other)
    agree = sum(a == b for a, b in zip(land_first, land_second, strict=True))
    assert agree >= 37, (land_first, land_second)
    assert 3 <= sum(land_first) <= 38  # the row crosses coasts: the comparison means something
    other.close()
