"""The linked explorer in a real browser: links, timeline clicks, map clicks, play, brush."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import (
    ARTIFACTS,
    canvas_drawn_share,
    canvas_row,
    detail_heading,
    map_pixel,
    member_names,
    near,
    query_of,
    wait_for_app,
    wait_rerun,
)

pytestmark = pytest.mark.browser
PACIFIC = (160.0, 18.0, 1.55)


def _open(page, url):
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=30_000)
    page.wait_for_selector("svg .mark-symbol path", timeout=30_000)
    page.wait_for_timeout(1500)


def test_first_request_deep_link_lists_18_then_21_apec_economies(app_url, page):
    # This module's server is fresh: the first request is a link with a query.
    _open(page, app_url + "/?date=1996&inst=apec")
    assert len(member_names(page)) == 18
    assert "end of that year" in page.locator("h3").first.inner_text()
    _open(page, app_url + "/?date=1999&inst=apec")
    members = member_names(page)
    assert len(members) == 21 and {"Russia", "Peru", "Viet Nam (Vietnam)"} <= set(members)
    assert page.watch.errors() == [] and page.watch.outside_requests() == []


def test_clicking_a_timeline_event_updates_map_and_detail(app_url, page):
    _open(page, app_url + "/?date=2005&inst=apec")
    page.locator("svg .mark-symbol path[aria-label*='Vancouver']").first.click()
    wait_rerun(page)
    page.wait_for_function("() => location.search.includes('select=summit')", timeout=20_000)
    assert query_of(page)["select"] == "summit:apec-1997"
    assert "Vancouver" in detail_heading(page)
    from apac import data
    from apac.membership import members_as_of

    record = data.read_record()
    summit = record.summits.loc["apec-1997"]
    members = members_as_of(record.memberships, ["apec"], summit.start_date.last)
    panel = page.locator("[data-testid='stColumn']").nth(1).inner_text()
    assert f"Members at the time ({len(members)})" in panel and "Source:" in panel
    page.wait_for_timeout(2500)
    assert canvas_drawn_share(page) > 0.9
    page.screenshot(path=str(ARTIFACTS / "explore-timeline-click.png"), full_page=True)


def test_clicking_a_country_highlights_its_events_on_the_timeline(app_url, page):
    _open(page, app_url + "/?date=2012&inst=apec,eas&layers=chokepoints")
    x, y = map_pixel(page, 134.0, -25.0, PACIFIC)  # the middle of Australia
    for _ in range(3):  # software WebGL can drop a click; a person would click again
        page.mouse.click(x, y)
        try:
            page.wait_for_function(
                "() => location.search.includes('select=country')", timeout=8_000
            )
            break
        except Exception:  # noqa: BLE001 - retry the click
            continue
    wait_rerun(page)
    assert query_of(page)["select"] == "country:AUS"
    assert detail_heading(page) == "Australia"
    # The selection is drawn, not filled: Australia keeps the legend's colour for its
    # memberships, and a dark line on a white halo runs along its coast.
    from datetime import date

    from apac import data
    from apac.layers import OCEAN, SELECTION_HALO, SELECTION_LINE, footprint_colour
    from apac.membership import membership_counts

    counts = membership_counts(data.read_record().memberships, ["apec", "eas"], date(2012, 12, 31))
    fill = footprint_colour(counts["AUS"]["full"], counts["AUS"]["partial"], ["apec", "eas"])
    page.wait_for_timeout(2500)
    x, y = map_pixel(page, 134.0, -25.0, PACIFIC)
    row = canvas_row(page, y, x, x - 300)  # from the middle of Australia west to the ocean
    coast = next(i for i, p in enumerate(row) if near(p, OCEAN))
    assert near(row[0], fill), f"Australia is drawn {row[0]}, its legend colour is {fill}"
    assert any(near(p, SELECTION_LINE, 40) for p in row[:coast]), row[:coast]
    assert any(near(p, SELECTION_HALO, 30) for p in row[:coast]), row[:coast]
    page.screenshot(path=str(ARTIFACTS / "explore-country-outline.png"))
    linked = page.locator("svg .mark-symbol path[aria-label*='linked to the selection']")
    labels = linked.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert any("Australia joins" in label for label in labels)
    assert any("Sydney" in label for label in labels)  # APEC 2007, hosted by Australia


def test_play_advances_the_date(app_url, page):
    _open(page, app_url + "/?date=2001&inst=sco")
    page.get_by_role("button", name=re.compile("Play years")).click()
    page.wait_for_function(
        "() => /date=200[3-9]/.test(location.search)", timeout=30_000
    )  # at least two steps
    page.get_by_role("button", name=re.compile("Pause")).click()
    wait_rerun(page)
    year = int(query_of(page)["date"][:4])
    page.wait_for_timeout(2500)
    assert int(query_of(page)["date"][:4]) == year  # paused


def test_brushing_the_timeline_sets_the_window_and_filters_markers(app_url, page):
    _open(page, app_url + "/?date=2013&inst=apec")
    caption = page.get_by_text(re.compile(r"Summit markers: \d+ host cities"))
    before = int(re.search(r"(\d+) meetings", caption.inner_text())[1])
    page.locator("[data-testid='stVegaLiteChart']").first.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = page.locator("svg .mark-symbol path[aria-label*='Bogor']").first.bounding_box()
    end = page.locator("svg .mark-symbol path[aria-label*='Subic']").first.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] - 6, y)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2 + 2, y, steps=8)  # just past Subic, still 1996
    page.mouse.up()
    page.wait_for_function("() => location.search.includes('window=')", timeout=20_000)
    wait_rerun(page)
    assert query_of(page)["window"] == "1994-1996"
    after = int(re.search(r"(\d+) meetings", caption.inner_text())[1])
    assert after == 3 < before


def test_a_date_change_moves_the_rule_and_resends_no_marks(app_url, page):
    """The marks come once over HTTP from static/; a date change moves the rule in place,
    re-sends neither marks nor geometry nor re-fetches them, and on the default view stays
    within the issue's budget of 30 KB (counted decompressed; compressed on the wire, less)."""
    from apac import data
    from apac.state import DEFAULT_DATE, DEFAULT_INSTITUTIONS
    from apac.timeline import timeline_frame

    expected = len(timeline_frame(data.read_record(), DEFAULT_INSTITUTIONS))
    received: list[bytes] = []
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived", lambda p: received.append(p if isinstance(p, bytes) else p.encode())
        ),
    )
    # every fetch of the marks, with the bytes it took from the network
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    urls: dict[str, str] = {}
    fetched: list[int] = []
    cdp.on(
        "Network.responseReceived", lambda e: urls.update({e["requestId"]: e["response"]["url"]})
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: (
            fetched.append(e["encodedDataLength"])
            if "/app/static/timeline.csv?v=" in urls.get(e["requestId"], "")
            else None
        ),
    )
    _open(page, app_url + "/")
    assert len(fetched) == 1  # the marks, once (from the network or an earlier visit)
    marks = page.locator("svg g.mark-symbol.role-mark path")
    assert marks.count() == expected
    rule = page.locator("svg g.mark-rule.role-mark line")
    assert rule.get_attribute("aria-label") == f"Map date: as of 31 Dec {DEFAULT_DATE}"
    first, rule_x = int(DEFAULT_DATE), rule.bounding_box()["x"]
    for year in (first + 1, first + 2):  # APEC grew from 18 to 21 economies in Nov 1998
        received.clear()
        page.get_by_role("slider", name="As of (year)").focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => location.search.includes('date={year}')", timeout=20_000)
        wait_rerun(page)
        page.wait_for_function(
            "(y) => document.querySelector('svg g.mark-rule.role-mark line')"
            "?.getAttribute('aria-label')?.endsWith(y)",
            arg=str(year),
            timeout=20_000,
        )
        assert marks.count() == expected
        assert rule.bounding_box()["x"] > rule_x + 5  # the rule moved a year to the right
        rule_x = rule.bounding_box()["x"]
        sent = b"".join(received)
        assert b"summit:apec-1989" not in sent and b"coordinates" not in sent  # marks, geometry
        assert 0 < len(sent) <= 30_000, f"{len(sent)} bytes for the change to {year}"
    assert len(member_names(page)) == 21
    assert len(fetched) == 1  # the chart was updated in place: the marks were not fetched again
    assert page.watch.errors() == [] and page.watch.outside_requests() == []
