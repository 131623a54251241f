"""The map in a real browser: it draws, fetches nothing from outside, logs no errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.support import (
    ARTIFACTS,
    PageWatch,
    canvas_drawn_share,
    launch_chromium,
    running_app,
    wait_for_app,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url():
    with running_app() as url:
        yield url


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    with sync_playwright() as pw:
        context = launch_chromium(pw, tmp_path_factory.mktemp("chromium-profile"))
        yield context
        context.close()


def test_map_draws_offline_without_errors(app_url, browser_context):
    page = browser_context.new_page()
    watch = PageWatch()
    watch.attach(page)
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
    assert watch.console_errors == []
    # The neutral labels of the disputes are part of the drawn map (TextLayer), and the
    # page lists the legend a person reads.
    assert page.get_by_text("Disputed territory").first.is_visible()
    page.close()
