"""The map in a real browser: it draws, fetches nothing from outside, logs no errors."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import ARTIFACTS, canvas_drawn_share, wait_for_app

pytestmark = pytest.mark.browser


def test_map_draws_offline_without_errors(app_url, page):
    watch = page.watch
    page.goto(app_url + "/")
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=30_000)
    page.wait_for_function(
        "() => { const c = document.querySelector(\"[data-testid='stDeckGlJsonChart'] canvas\");"
        " return c && c.width > 300; }",
        timeout=30_000,
    )
    page.wait_for_timeout(2500)  # let deck.gl fetch the static GeoJSON and draw
    share = canvas_drawn_share(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)
    assert share > 0.9, f"only {share:.0%} of the map canvas has drawn pixels"
    assert watch.outside_requests() == []
    assert watch.errors() == []
    # The neutral labels of the disputes are part of the drawn map (TextLayer), and the
    # page lists the legend a person reads.
    assert page.get_by_text("Disputed territory").first.is_visible()


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/sources", "Sources and curation"),
        ("/disputes", "Disputed territories"),
        ("/chokepoints", "Sea-lane chokepoints"),
        ("/institutions", "Membership as of"),
    ],
)
def test_every_page_renders_in_the_browser(app_url, page, path, text):
    page.goto(app_url + path)
    wait_for_app(page)
    assert page.get_by_text(text).first.is_visible()
    if path == "/sources":
        # every source is listed (the grid), with licences and curation notes below it
        assert page.get_by_text(re.compile(r"^\d+ of \d+ sources$")).is_visible()
        assert page.get_by_text("Licences").is_visible()
        assert page.get_by_text("Creative Commons Attribution 4.0").first.is_visible()
        page.screenshot(path=str(ARTIFACTS / "sources.png"))
    assert page.watch.errors() == [] and page.watch.outside_requests() == []
