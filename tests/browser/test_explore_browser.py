"""The instrument in a real browser: one frame at every size, time moving in the browser with
the server told once, every selection path agreeing, clicks and the keyboard."""

from __future__ import annotations

import re
from datetime import date

import pytest

from apac import data
from apac.layers import INSTITUTION_COLOURS, OCEAN, SELECTION_HALO, SELECTION_LINE
from apac.membership import members_as_of
from tests.browser.support import (
    ARTIFACTS,
    canvas_drawn_share,
    canvas_row,
    detail_heading,
    map_pixel,
    map_view,
    member_names,
    near,
    query_of,
    shown_markers,
    wait_for_app,
    wait_for_map,
    wait_rerun,
)

pytestmark = pytest.mark.browser
RECORD = data.read_record()
TIMELINE_MARKS = "svg .mark-symbol path"


def _open(page, url):
    page.goto(url)
    wait_for_app(page)
    wait_for_map(page)
    page.wait_for_selector(TIMELINE_MARKS, timeout=30_000)
    page.wait_for_timeout(700)


def _members(institution: str, as_of: date) -> int:
    return len(members_as_of(RECORD.memberships, [institution], as_of))


#: In the page: when each key went down and each websocket message left (performance.now()).
_CLOCK_JS = """
window.__keys = []; window.__sends = [];
addEventListener('keydown', () => window.__keys.push(performance.now()), true);
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) { window.__sends.push(performance.now());
  return send.call(this, data); };
"""


def _early_sends(page, quiet_ms: float = 1000) -> list[float]:
    """Messages that left less than `quiet_ms` after a key press (before the date settled)."""
    keys, sends = page.evaluate("() => [window.__keys, window.__sends]")
    early = []
    for t in sends:
        before = [k for k in keys if k <= t]
        if before and t - before[-1] < quiet_ms - 50:
            early.append(round(t - before[-1]))
    return early


def _sent_frames(page) -> list[bytes]:
    """The websocket frames the page sends to the server, as they happen."""
    sent: list[bytes] = []
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framesent", lambda p: sent.append(p if isinstance(p, bytes) else p.encode())
        ),
    )
    return sent


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1280, 720), (1920, 1080), (390, 844)])
def test_one_frame_holds_map_timeline_time_control_and_legend(app_url, page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    _open(page, app_url + "/?date=2005&inst=apec,asean,eas")
    boxes = {
        name: page.locator(selector).first.bounding_box()
        for name, selector in {
            "map": ".apac-map",
            "time control": ".apac-time",
            "legend": ".apac-legend",
            "timeline": ".apac-timeline svg",
        }.items()
    }
    page.screenshot(path=str(ARTIFACTS / f"explore-{width}x{height}.png"))
    for name, box in boxes.items():
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (name, box)
    if width >= 1000:
        for name, box in boxes.items():  # everything on the first screen, no scrolling
            assert box["y"] >= 0 and box["y"] + box["height"] <= height + 1, (name, box)
        assert boxes["timeline"]["y"] > boxes["map"]["y"] + boxes["map"]["height"]
        assert boxes["map"]["height"] >= 0.38 * height  # sizes follow the viewport
    else:  # a phone: the map fits the width and the sidebar starts collapsed
        assert boxes["map"]["width"] >= 0.85 * width
        sidebar = page.locator("[data-testid='stSidebar']").bounding_box()
        assert sidebar is None or sidebar["x"] + sidebar["width"] <= 1, sidebar  # off screen
    assert canvas_drawn_share(page) > 0.9


def test_first_request_deep_link_lists_18_then_21_apec_economies(app_url, page):
    _open(page, app_url + "/?date=1996&inst=apec")
    assert len(member_names(page)) == _members("apec", date(1996, 12, 31)) == 18
    assert "end of that year" in page.get_by_text(re.compile("showing")).first.inner_text()
    _open(page, app_url + "/?date=1999&inst=apec")
    members = member_names(page)
    assert len(members) == 21 and {"Russia", "Peru", "Viet Nam (Vietnam)"} <= set(members)
    assert page.watch.errors() == [] and page.watch.outside_requests() == []


def test_scrubbing_moves_map_and_rule_in_the_browser_and_tells_the_server_once(app_url, page):
    page.add_init_script(_CLOCK_JS)
    _open(page, app_url + "/?date=1997-06&inst=apec")
    rule = page.locator(".apac-rule").first
    rule_x = rule.bounding_box()["x"]
    canvas = page.locator(".apac-map canvas").first
    before = canvas.screenshot()
    page.locator(".apac-slider").focus()
    for _ in range(10):  # ten months on, to April 1998
        page.keyboard.press("ArrowRight")
    page.locator(".apac-map[data-day='1998-04-30']").wait_for(timeout=10_000)
    # Nothing leaves while the keys come within a second of each other (a machine too busy to
    # press them that fast sees a settle in between, which is the behaviour asked for).
    assert _early_sends(page) == [], "the server was told before the date settled"
    assert canvas.screenshot() != before  # the map redrew for the new date
    moved = rule.bounding_box()["x"]
    assert moved > rule_x + 5  # the rule moved right, in place
    # ... to April 1998 on the timeline's own axis: between its 1998 and 1999 year labels
    ticks = {
        year: page.locator("svg g.role-axis-label text", has_text=year).first.bounding_box()
        for year in ("1998", "1999")
    }
    centre = {year: box["x"] + box["width"] / 2 for year, box in ticks.items()}
    assert centre["1998"] < moved < centre["1998"] + (centre["1999"] - centre["1998"]) / 2
    assert "30 April 1998" in rule.inner_text()
    page.wait_for_function("() => location.search.includes('date=1998-04')", timeout=20_000)
    wait_rerun(page)
    after_last_key = page.evaluate("() => window.__sends.filter((t) => t > window.__keys.at(-1))")
    assert len(after_last_key) == 1, f"{len(after_last_key)} messages for one settled scrub"
    assert _early_sends(page) == []
    assert len(member_names(page)) == _members("apec", date(1998, 4, 30))


def test_play_moves_time_without_the_server_then_settles(app_url, page):
    sent = _sent_frames(page)
    _open(page, app_url + "/?date=1995&inst=apec")
    sent.clear()
    start = page.locator(".apac-map").first.get_attribute("data-day")
    page.locator(".apac-play").click()
    page.wait_for_timeout(2000)
    during = list(sent)
    playing_day = page.locator(".apac-map").first.get_attribute("data-day")
    page.locator(".apac-play").click()  # pause
    paused_day = page.locator(".apac-map").first.get_attribute("data-day")
    assert during == [] and playing_day > start, (during, start, playing_day)
    month = paused_day[:7] if paused_day[5:7] != "12" else paused_day[:4]
    page.wait_for_function(f"() => location.search.includes('date={month}')", timeout=20_000)
    wait_rerun(page)
    as_of = date.fromisoformat(paused_day)
    assert len(member_names(page)) == _members("apec", as_of)


def test_clicking_a_timeline_event_updates_map_and_detail(app_url, page):
    _open(page, app_url + "/?date=2005&inst=apec")
    page.locator(f"{TIMELINE_MARKS}[aria-label*='Vancouver']").first.click()
    page.wait_for_function("() => location.search.includes('select=summit')", timeout=20_000)
    wait_rerun(page)
    assert query_of(page)["select"] == "summit:apec-1997"
    assert "Vancouver" in detail_heading(page)
    from apac import data
    from apac.membership import members_as_of

    record = data.read_record()
    summit = record.summits.loc["apec-1997"]
    members = members_as_of(record.memberships, ["apec"], summit.start_date.last)
    panel = page.locator("[data-testid='stColumn']").nth(1).inner_text()
    assert f"Members at the time ({len(members)})" in panel and "Source:" in panel
    wait_for_map(page)
    assert canvas_drawn_share(page) > 0.9
    page.screenshot(path=str(ARTIFACTS / "explore-timeline-click.png"))


def _click_until(page, x, y, expected: str) -> None:
    page.mouse.click(x, y)
    page.wait_for_function(
        "(s) => new URLSearchParams(location.search).get('select') === s",
        arg=expected,
        timeout=15_000,
    )
    wait_rerun(page)


def test_twenty_map_clicks_register_the_first_time(app_url, page):
    _open(page, app_url + "/?date=2012&inst=apec&view=northeast-asia")
    disputes = data.read_disputes()
    chokepoints = data.read_chokepoints()
    targets = [
        ("country:CHN", 112.0, 36.0),
        ("dispute:dokdo", disputes.loc["dokdo", "label_lon"], disputes.loc["dokdo", "label_lat"]),
        (
            "chokepoint:tsugaru",
            chokepoints.loc["tsugaru", "lon"],
            chokepoints.loc["tsugaru", "lat"],
        ),
        ("country:RUS", 128.0, 50.0),
    ]
    view = None
    for n in range(20):
        expected, lon, lat = targets[n % len(targets)]
        view = view or map_view(page)
        x, y = map_pixel(page, float(lon), float(lat), view)
        _click_until(page, x, y, expected)
    assert page.watch.errors() == []


def _tip_at(page, x: float, y: float) -> str:
    """The map's tooltip text after the pointer comes to rest at (x, y)."""
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y, steps=4)
    tip = page.locator(".apac-tip")
    tip.wait_for(state="visible", timeout=10_000)
    page.wait_for_timeout(300)  # the last move's pick (90 ms after it) has answered
    return tip.inner_text()


def test_hover_names_the_topmost_thing_on_each_of_the_three_canvases(app_url, page):
    """The map is three stacked canvases (land, fixed overlays, dated markers; instrument.js
    tiersOf): a hover names the topmost thing under the pointer whichever canvas draws it."""
    _open(page, app_url + "/?date=2012&inst=apec&view=northeast-asia")
    dokdo = data.read_disputes().loc["dokdo"]
    summits = RECORD.summits
    busan = summits[summits["summit_id"] == "apec-2005"].iloc[0]
    view = map_view(page)
    # the land: a country
    assert _tip_at(page, *map_pixel(page, 112.0, 36.0, view)).startswith("China")
    # the fixed overlays: a dispute marker, over the sea
    text = _tip_at(page, *map_pixel(page, float(dokdo.label_lon), float(dokdo.label_lat), view))
    assert text.startswith("Dokdo/Takeshima") and "claimed by South Korea, Japan" in text
    # the dated markers: a summit's host city, drawn over South Korea's land
    text = _tip_at(page, *map_pixel(page, float(busan.lon), float(busan.lat), view))
    assert text.startswith("Busan, ") and "APEC Economic Leaders' Meeting, Busan" in text
    assert page.watch.errors() == []


def _outlined(page, x: float, y: float, fill) -> bool:
    """Whether the country under (x, y) keeps `fill` and has the selection's dark line on a
    white halo along its coast, on the row from (x, y) west to the ocean."""
    row = canvas_row(page, y, x, x - 300)
    coast = next(i for i, p in enumerate(row) if near(p, OCEAN))
    assert near(row[0], fill), f"drawn {row[0]}, the legend's colour is {fill}"
    return any(near(p, SELECTION_LINE, 40) for p in row[:coast]) and any(
        near(p, SELECTION_HALO, 30) for p in row[:coast]
    )


def test_every_selection_path_agrees_on_map_panel_and_url(app_url, page):
    _open(page, app_url + "/?date=2012&inst=apec&layers=chokepoints")
    x, y = map_pixel(page, 134.0, -25.0)  # the middle of Australia
    member = INSTITUTION_COLOURS["apec"]
    assert not _outlined(page, x, y, member)
    _click_until(page, x, y, "country:AUS")  # a map click
    wait_for_map(page)
    assert detail_heading(page) == "Australia" and _outlined(page, x, y, member)
    page.screenshot(path=str(ARTIFACTS / "explore-country-outline.png"))
    linked = page.locator(f"{TIMELINE_MARKS}[aria-label*='linked to the selection']")
    labels = linked.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert any("Australia joins" in label for label in labels)
    page.get_by_role("button", name="Clear selection").click()  # the sidebar's clear
    page.wait_for_function("() => !location.search.includes('select=')", timeout=15_000)
    wait_rerun(page)
    wait_for_map(page)
    assert detail_heading(page) == "Nothing selected" and not _outlined(page, x, y, member)
    page.go_back()  # Back restores the selection everywhere
    page.wait_for_function("() => location.search.includes('select=country')", timeout=15_000)
    wait_rerun(page)
    wait_for_map(page)
    assert detail_heading(page) == "Australia" and _outlined(page, x, y, member)


def test_brushing_the_timeline_sets_the_window_and_filters_markers(app_url, page):
    _open(page, app_url + "/?date=2013&inst=apec")
    summits = RECORD.summits[RECORD.summits["institution_id"] == "apec"]
    years = summits["start_date"].map(lambda d: d.year)
    assert shown_markers(page)["summits"] == len(summits)
    box = page.locator(f"{TIMELINE_MARKS}[aria-label*='Bogor']").first.bounding_box()
    end = page.locator(f"{TIMELINE_MARKS}[aria-label*='Subic']").first.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] - 6, y)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2 + 2, y, steps=8)  # just past Subic, still 1996
    page.mouse.up()
    page.wait_for_function("() => location.search.includes('window=')", timeout=20_000)
    wait_rerun(page)
    wait_for_map(page)
    assert query_of(page)["window"] == "1994-1996"
    assert shown_markers(page)["summits"] == int(((years >= 1994) & (years <= 1996)).sum()) == 3
    # The marks stay inside the plot, and "Whole period" widens the window again.
    # Marks outside the window sit under the plot's clip path, so none spills over the labels.
    outside = page.locator(f"{TIMELINE_MARKS}[aria-label*='Canberra']").first
    assert outside.evaluate("e => !!e.closest('[clip-path]')")
    page.get_by_role("button", name=re.compile("Whole period")).click()
    page.wait_for_function("() => !location.search.includes('window=')", timeout=20_000)
    wait_rerun(page)
    wait_for_map(page)
    assert shown_markers(page)["summits"] == len(summits)


def _pick_by_keyboard(page, label: str, text: str, expected: str) -> None:
    box = page.get_by_role("combobox", name=label)
    box.focus()
    page.keyboard.type(text, delay=20)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(s) => new URLSearchParams(location.search).get('select') === s",
        arg=expected,
        timeout=15_000,
    )
    wait_rerun(page)


def test_keyboard_alone_selects_a_summit_an_incident_a_chokepoint_a_country_a_dispute(
    app_url, page
):
    _open(page, app_url + "/?date=2012&inst=apec")
    find = "Summit, incident or chokepoint"
    _pick_by_keyboard(page, find, "Bogor", "summit:apec-1994")
    assert "Bogor" in detail_heading(page)
    _pick_by_keyboard(page, find, "Standoff begins", _incident("scarborough", 2012))
    assert "Standoff begins" in detail_heading(page)
    _pick_by_keyboard(page, find, "Malacca", "chokepoint:malacca")
    assert "Malacca" in detail_heading(page)
    _pick_by_keyboard(page, "Country or economy profile", "Peru", "country:PER")
    assert detail_heading(page) == "Peru"
    _pick_by_keyboard(page, "Disputed territory", "Senkaku", "dispute:senkaku")
    assert detail_heading(page) == "Senkaku/Diaoyu"
    # focus is visible on the instrument's own controls
    page.locator(".apac-slider").focus()
    outline = page.locator(".apac-slider").evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"


def _incident(dispute: str, year: int) -> str:
    rows = RECORD.incidents[
        (RECORD.incidents["dispute_id"] == dispute)
        & (RECORD.incidents["date"].map(lambda d: d.year) == year)
        & RECORD.incidents["title"].str.contains("standoff", case=False)
    ]
    return f"incident:{rows.index[0]}"
