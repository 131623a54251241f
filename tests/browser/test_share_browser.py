"""Share and present in a real browser: links restore views, bad links recover, clicker keys,
offline exports open from file:// with nothing leaving the machine."""

from __future__ import annotations

import io
import re
import time

import pytest
from PIL import Image

from apac import data
from tests.browser.support import (
    ARTIFACTS,
    MAP_CANVAS,
    PageWatch,
    canvas_drawn_share,
    detail_heading,
    land_share,
    member_names,
    query_of,
    wait_for_app,
    wait_rerun,
)

pytestmark = pytest.mark.browser
LINK = "/?date=1999&inst=apec,asean&select=country:RUS&view=northeast-asia"


def _open(page, url, map_selector=MAP_CANVAS):
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector(map_selector, timeout=30_000)
    page.wait_for_timeout(1500)


def test_a_shared_link_restores_the_view_in_a_fresh_browser(app_url, page, fresh_browser):
    _open(page, app_url + LINK)
    members, heading = member_names(page), detail_heading(page)
    assert heading == "Russia" and len(members) > 21
    fresh = fresh_browser.new_page()
    _open(fresh, app_url + LINK)
    assert member_names(fresh) == members and detail_heading(fresh) == heading
    assert query_of(fresh)["select"] == "country:RUS"
    fresh.close()


def test_state_survives_map_to_another_page_and_back(app_url, page):
    _open(page, app_url + LINK)
    members = member_names(page)
    page.locator(
        "[data-testid='stSidebar'] [data-testid='stPageLink'] a", has_text="Sources"
    ).click()
    page.wait_for_function("() => location.pathname.endsWith('/sources')", timeout=20_000)
    wait_rerun(page)
    assert query_of(page)["select"] == "country:RUS"  # the link stays whole on every page
    page.locator(
        "[data-testid='stSidebar'] [data-testid='stPageLink'] a", has_text="Explore"
    ).click()
    page.wait_for_function("() => !location.pathname.endsWith('/sources')", timeout=20_000)
    wait_rerun(page)
    page.wait_for_timeout(1000)
    assert member_names(page) == members and detail_heading(page) == "Russia"
    assert query_of(page)["date"] == "1999" and query_of(page)["inst"] == "apec,asean"
    page.go_back()  # back returns to the previous page
    page.wait_for_function("() => location.pathname.endsWith('/sources')", timeout=20_000)


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/?date=abc", "“abc”"),
        ("/?inst=nato", "nato"),
        ("/?layers=<script>alert(1)</script>", "layers"),
        ("/briefing?scene=999", "no scene"),
    ],
)
def test_bad_parameters_give_a_notice_and_a_working_page(app_url, page, path, words):
    _open(page, app_url + path)
    notice = page.locator("[data-testid='stAlertContentWarning']").first
    assert "could not be used" in notice.inner_text() and words in notice.inner_text()
    page.wait_for_timeout(1500)
    assert canvas_drawn_share(page) > 0.9
    assert page.watch.errors() == []


def test_clicker_keys_step_the_scenes(app_url, page, tmp_path):
    _open(page, app_url + "/briefing?scene=1")
    assert "Scene 1 of" in page.inner_text("body")
    page.mouse.click(8, 400)  # focus the page, as a presenter would by clicking it once
    for key, expected in [
        ("PageDown", 2),
        ("PageDown", 3),
        ("PageUp", 2),
        ("ArrowRight", 3),
        ("ArrowLeft", 2),
    ]:
        page.keyboard.press(key)
        page.wait_for_function(
            f"() => location.search.includes('scene={expected}')", timeout=20_000
        )
        wait_rerun(page)
        assert f"Scene {expected} of" in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "briefing.png"))
    # The pack downloads from the page (test_files_browser steps it offline, scene by scene).
    pack = _download(page, "briefing pack", tmp_path / "pack.html").read_text(encoding="utf-8")
    scenes = len(data.read_record().scenes)
    assert pack.startswith("<!DOCTYPE html>") and pack.count('"title"') >= scenes


def _download(page, button_name: str, path):
    """Click a download button once the page is idle (a rerun replaces a deferred file's id) and
    save the file; when none comes within 120 s, fail with what the button said meanwhile (its
    error shows for 5 s)."""
    wait_for_app(page)
    downloads, said = [], []

    def arrived(download) -> None:
        downloads.append(download)

    page.on("download", arrived)
    try:
        page.get_by_role("button", name=re.compile(button_name)).click()
        deadline = time.monotonic() + 120
        while not downloads and time.monotonic() < deadline:
            errors = page.locator("[data-testid='stDownloadButtonError']").all_inner_texts()
            said += [text for text in errors if text not in said]
            page.wait_for_timeout(250)
    finally:
        page.remove_listener("download", arrived)
    assert downloads, f"no download from {button_name!r} in 120 s; the button said {said}"
    downloads[0].save_as(path)
    return path


def _render_offline(browser_context, path) -> tuple[float, PageWatch]:
    viewer = browser_context.new_page()
    watch = PageWatch()
    watch.attach(viewer)
    viewer.goto(path.as_uri())
    viewer.wait_for_selector("#deck canvas", timeout=30_000)
    viewer.wait_for_timeout(3000)
    share = land_share(viewer, "#deck canvas")
    return share, watch, viewer


def test_exports_work_offline(app_url, page, browser_context, tmp_path):
    # The 1997 Vancouver summit centres the camera east of 180 degrees (the data's 0..350 frame).
    _open(page, app_url + "/?date=2005&inst=eas,apec&select=summit:apec-1997")
    live_land = land_share(page)
    page.get_by_text("Share and export").click()
    map_file = _download(page, r"Map \(offline HTML\)", tmp_path / "map.html")
    png = _download(page, r"Timeline \(PNG\)", tmp_path / "timeline.png")
    svg = _download(page, r"Timeline \(SVG\)", tmp_path / "timeline.svg")
    members = _download(page, r"Members \(CSV\)", tmp_path / "members.csv")
    image = Image.open(io.BytesIO(png.read_bytes()))
    assert image.width >= 800 and image.height >= 200
    grey = image.convert("L").resize((64, 16))
    assert len({grey.getpixel((x, y)) for x in range(64) for y in range(16)}) > 8  # a picture
    assert svg.read_text().lstrip().startswith("<svg")
    assert "East Asia Summit" in members.read_text() or "EAS" in members.read_text()
    share, watch, viewer = _render_offline(browser_context, map_file)
    # Land and members, not only ocean: about as much as the live map shows around Vancouver.
    assert share > 0.1 and share > 0.5 * live_land, (share, live_land)
    assert watch.outside_requests() == [] and watch.errors() == []
    viewer.screenshot(path=str(ARTIFACTS / "export-map.png"))
    viewer.close()


def _headline(page) -> str:
    return page.get_by_text(re.compile("showing")).first.inner_text()


def test_back_and_forward_step_through_views(app_url, page):
    _open(page, app_url + "/?date=1997&inst=apec")
    page.locator(".apac-slider").focus()
    page.keyboard.press("End")  # the time control's last month, then the browser settles
    page.wait_for_function("() => location.search.includes('date=2013')", timeout=20_000)
    wait_rerun(page)
    page.go_back()
    page.wait_for_function("() => location.search.includes('date=1997')", timeout=20_000)
    wait_rerun(page)
    assert _headline(page).startswith("As of 31 December 1997")
    assert len(member_names(page)) == 18
    page.go_forward()
    page.wait_for_function("() => location.search.includes('date=2013')", timeout=20_000)
    wait_rerun(page)
    assert _headline(page).startswith("As of 31 December 2013")
