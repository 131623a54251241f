"""`make serve` in a real browser: a shared link through HAProxy restores the view, page switches
stay on one session and one app process, and Streamlit's JS comes gzipped with cache headers."""

from __future__ import annotations

import re
from datetime import date

import pytest

from apac import data
from apac.membership import footprint_table
from tests.browser.support import (
    ARTIFACTS,
    PageWatch,
    canvas_drawn_share,
    member_names,
    query_of,
    running_balanced,
    wait_for_app,
    wait_for_map,
    wait_rerun,
)

pytestmark = pytest.mark.browser
LINK = "/?date=1997&inst=apec,asean"
SIDEBAR_LINK = "[data-testid='stSidebar'] [data-testid='stPageLink'] a"
# HAProxy's httplog line: ... frontend backend/server timers status ... "METHOD /path HTTP/1.1"
LOG_LINE = re.compile(r' atlas streamlit/(?P<server>\S+) .*"(?P<method>[A-Z]+) (?P<path>\S+) ')


@pytest.fixture(scope="module")
def balanced():
    with running_balanced(workers=2) as setup:
        yield setup


def _served_by(log_text: str) -> list[tuple[str, str, str]]:
    """(app process, method, path) of each request HAProxy logged."""
    return [(m["server"], m["method"], m["path"]) for m in LOG_LINE.finditer(log_text)]


def test_a_shared_link_through_the_balancer_stays_on_one_session(balanced, browser_context):
    page = browser_context.new_page()
    watch = PageWatch()
    watch.attach(page)
    sockets, responses = [], []
    page.on("websocket", lambda ws: sockets.append(ws))
    page.on("response", lambda r: responses.append(r))
    log_start = balanced.haproxy_log.stat().st_size

    page.goto(balanced.url + LINK)
    wait_for_app(page)
    wait_for_map(page)
    page.wait_for_timeout(1500)

    # The view is restored: the members listed are APEC's and ASEAN's as of 31 December 1997.
    rec = data.read_record()
    table = footprint_table(
        rec.memberships, rec.institutions, rec.entities, ["apec", "asean"], date(1997, 12, 31)
    )
    assert sorted(member_names(page)) == sorted(table["member"])
    assert "31 December 1997" in page.locator("[data-testid='stMain']").inner_text()
    assert canvas_drawn_share(page) > 0.9  # the map drew, with its GeoJSON fetched via the proxy
    page.screenshot(path=str(ARTIFACTS / "serve-explore.png"))

    cookies = {c["name"]: c["value"] for c in browser_context.cookies(balanced.url)}
    assert "SERVERID" in cookies, f"HAProxy set no affinity cookie: {cookies}"
    server = cookies["SERVERID"]

    # Two page switches through the sidebar, then back to Explore: the same session throughout.
    for title, path in (("Sources", "/sources"), ("Disputes", "/disputes"), ("Explore", "/")):
        page.locator(SIDEBAR_LINK, has_text=title).click()
        page.wait_for_function(f"() => location.pathname === '{path}'", timeout=20_000)
        wait_rerun(page)
        shown = query_of(page)
        assert (shown["date"], shown["inst"]) == ("1997", "apec,asean")
    page.wait_for_timeout(1000)
    assert sorted(member_names(page)) == sorted(table["member"])
    page.screenshot(path=str(ARTIFACTS / "serve-explore-again.png"))

    streams = [ws for ws in sockets if ws.url.endswith("/_stcore/stream")]
    assert len(streams) == 1 and not streams[0].is_closed()  # one websocket, never reopened
    # HAProxy's log: every request of this browser, the websocket included, went to the
    # process its cookie names.
    lines = _served_by(balanced.haproxy_log.read_text()[log_start:])
    assert ("GET", "/_stcore/stream") in {(m, p) for _, m, p in lines}
    assert {s for s, _, _ in lines} == {server}, lines
    assert watch.errors() == [] and watch.outside_requests() == []

    # Streamlit's JS bundles: gzipped by the proxy, cached for a year (hashed names).
    bundles = [r for r in responses if re.search(r"/static/js/[^/]+\.js$", r.url)]
    assert bundles
    biggest = max(bundles, key=lambda r: len(r.body()))
    headers = biggest.all_headers()
    assert headers.get("content-encoding") == "gzip"
    assert "max-age=31536000" in headers["cache-control"]
    # gzip takes Streamlit's bundles to about half (the syntax highlighter to 51%)
    assert biggest.request.sizes()["responseBodySize"] < 0.6 * len(biggest.body())
    # Files under /app/static/: versioned ones cached for a year, the others revalidated.
    served = {r.url.split("/app/static/")[1]: r for r in responses if "/app/static/" in r.url}
    versioned = [r for name, r in served.items() if "?v=" in name]
    assert versioned and all("immutable" in r.all_headers()["cache-control"] for r in versioned)
    assert served["countries.geojson"].all_headers()["cache-control"] == "no-cache"
    page.close()
