"""Slide pictures and the play-through video, made in the browser from the app's own map."""

from __future__ import annotations

import inspect
import io
import json
import re
import xml.etree.ElementTree as ET

import imageio_ffmpeg
import pytest
from PIL import Image
from playwright.sync_api import expect

from apac import data
from apac.layers import OCEAN
from apac.pictures import ATLAS, frame_days
from apac.timeline import build_timeline_export
from apac.ui_explore import VIDEO_SIZE
from tests.browser.support import ARTIFACTS, wait_for_app, wait_for_map, wait_rerun

pytestmark = pytest.mark.browser
TIMELINE_EXPORT_WIDTH = inspect.signature(build_timeline_export).parameters["width"].default
RECORD = data.read_record()
INSTITUTIONS = ["apec", "asean"]
URL = f"/?date=2005&inst={','.join(INSTITUTIONS)}"
TITLE = "Asia-Pacific institutions: " + ", ".join(
    RECORD.institutions.loc[i, "short_name"] for i in INSTITUTIONS
)


def _open(page, app_url):
    page.goto(app_url + URL)
    wait_for_app(page)
    wait_for_map(page)


def _picture(page, value: str):
    """Choose a format in the map's Picture menu (keyboard focus first) and catch the file."""
    control = page.locator(".apac-picture")
    control.focus()
    # Keyboard reachable: it takes focus (inside the component's shadow root).
    assert control.evaluate("el => el.getRootNode().activeElement === el")
    with page.expect_download(timeout=120_000) as caught:
        control.select_option(value)
    download = caught.value
    expect(page.locator(".apac-map")).to_have_attribute(
        "data-picture", re.compile(r"^\{"), timeout=30_000
    )
    drawn = json.loads(page.locator(".apac-map").get_attribute("data-picture"))
    with open(download.path(), "rb") as handle:
        return download.suggested_filename, handle.read(), drawn


def _crop(image: Image.Image, region: dict) -> Image.Image:
    x, y, w, h = (round(region[k]) for k in ("x", "y", "w", "h"))
    return image.crop((x, y, x + w, y + h))


def _share(image: Image.Image, test) -> float:
    pixels = list(image.convert("RGB").get_flattened_data())
    return sum(1 for p in pixels if test(p)) / len(pixels)


def _ink(p) -> bool:
    return sum(p) < 3 * 110


def _land(p) -> bool:
    """Neither the ocean nor blank white/black: something the map drew."""
    ocean = any(abs(a - b) > 12 for a, b in zip(p, OCEAN[:3], strict=True))
    return ocean and sum(p) < 3 * 250 and sum(p) > 30


def test_png_1920_is_a_slide_with_map_title_date_legend_and_source(app_url, page):
    _open(page, app_url)
    name, png, drawn = _picture(page, "png-1920")
    (ARTIFACTS / "picture-1920.png").write_bytes(png)
    image = Image.open(io.BytesIO(png))
    assert name.endswith("-1920x1080.png")
    assert image.size == (1920, 1080)
    layout = drawn["layout"]
    assert (layout["width"], layout["height"]) == (1920, 1080)
    # The map region is the app's map: land in institution colours, not ocean or blank.
    assert _share(_crop(image, layout["map"]), _land) > 0.10
    # Every text region has ink; the page's white margin between title and map has none.
    for region in ("title", "date", "source"):
        assert _share(_crop(image, layout[region]), _ink) > 0.01, region
    legend = drawn["legend"]
    shown = page.locator(".apac-legend span.item").all_inner_texts()
    assert [box["label"] for box in legend] == [t.strip() for t in shown]
    for box in legend:
        assert _share(_crop(image, box), _ink) > 0.02, box["label"]
    gap = {"x": 0, "y": layout["title"]["y"] + layout["title"]["h"], "w": 1920, "h": 8}
    assert _share(_crop(image, gap), lambda p: p == (255, 255, 255)) > 0.99


def test_png_3840_is_4k_with_the_map_drawn(app_url, page):
    _open(page, app_url)
    name, png, drawn = _picture(page, "png-3840")
    (ARTIFACTS / "picture-3840.png").write_bytes(png)
    image = Image.open(io.BytesIO(png))
    assert name.endswith("-3840x2160.png") and image.size == (3840, 2160)
    small = image.resize((960, 540))  # count on a quarter-size copy: the same shares, faster
    layout = {k: v / 4 for k, v in drawn["layout"]["map"].items()}
    assert _share(_crop(small, layout), _land) > 0.10
    assert _share(_crop(image, drawn["layout"]["title"]), _ink) > 0.01


def test_svg_has_title_date_and_every_legend_label_as_text(app_url, page):
    _open(page, app_url)
    name, svg, _ = _picture(page, "svg-1920")
    (ARTIFACTS / "picture.svg").write_bytes(svg)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("width") == "1920"
    texts = ["".join(t.itertext()) for t in root.iter(f"{ns}text")]
    when = page.locator(".apac-when").inner_text().strip()
    assert when.startswith("As of ") and when in texts
    assert TITLE in texts
    for label in page.locator(".apac-legend span.item").all_inner_texts():
        assert label.strip() in texts
    assert any(t.startswith("Sources: ") and t.endswith(ATLAS) for t in texts)
    images = list(root.iter(f"{ns}image"))
    assert len(images) == 1 and images[0].get("href").startswith("data:image/png;base64,")
    assert not list(root.iter(f"{ns}script")) and not list(root.iter(f"{ns}foreignObject"))


def test_timeline_png_and_video_1995_2000_two_frames_a_year(app_url, page):
    _open(page, app_url)
    page.get_by_text("Share and export").click()
    # The timeline picture from the page (vl-convert, scale 2): its declared width, doubled.
    with page.expect_download(timeout=60_000) as caught:
        page.get_by_role("button", name="Timeline (PNG)").click()
    timeline = Image.open(caught.value.path())
    assert timeline.size[0] == 2 * TIMELINE_EXPORT_WIDTH
    page.get_by_role("button", name="Make video").click()
    gif_button = page.get_by_role("button", name="Video (GIF)")
    gif_button.wait_for(timeout=180_000)
    wait_rerun(page)
    expected = len(frame_days(1995, 2000, 2))
    with page.expect_download() as caught:
        gif_button.click()
    gif = Image.open(caught.value.path())
    assert gif.n_frames == expected == 12
    assert gif.size == VIDEO_SIZE
    gif.seek(0)
    first = gif.convert("RGB")
    gif.seek(gif.n_frames - 1)
    last = gif.convert("RGB")
    first.save(ARTIFACTS / "video-first.png")
    last.save(ARTIFACTS / "video-last.png")
    # The dates differ on every frame, so the first and last frames differ (date at least).
    assert first.tobytes() != last.tobytes()
    with page.expect_download() as caught:
        page.get_by_role("button", name="Video (MP4)").click()
    reader = imageio_ffmpeg.read_frames(str(caught.value.path()))
    meta = next(reader)
    assert tuple(meta["size"]) == VIDEO_SIZE
    assert sum(1 for _ in reader) == expected


def test_picture_menu_sits_over_the_map_corner(app_url, page):
    page.set_viewport_size({"width": 1366, "height": 768})
    _open(page, app_url)
    menu = page.locator(".apac-picture").bounding_box()
    box = page.locator(".apac-map").bounding_box()
    page.screenshot(path=str(ARTIFACTS / "picture-menu-1366x768.png"))
    # Inside the map's top-right corner, clear of the date badge at the top left.
    assert box["x"] + box["width"] / 2 < menu["x"]
    assert menu["x"] + menu["width"] <= box["x"] + box["width"]
    assert box["y"] <= menu["y"] and menu["y"] + menu["height"] <= box["y"] + 60
    when = page.locator(".apac-when").bounding_box()
    assert when["x"] + when["width"] < menu["x"]
