"""One app server and one browser per module; a fresh page per test."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.support import PageWatch, launch_chromium, running_app


@pytest.fixture(scope="module")
def app_url():
    with running_app() as url:
        yield url


@pytest.fixture(scope="module")
def playwright_driver():
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser_context(playwright_driver, tmp_path_factory):
    context = launch_chromium(playwright_driver, tmp_path_factory.mktemp("chromium-profile"))
    yield context
    context.close()


@pytest.fixture()
def fresh_browser(playwright_driver, tmp_path):
    """A second browser with a profile of its own: nothing shared with the first."""
    context = launch_chromium(playwright_driver, tmp_path / "fresh-profile")
    yield context
    context.close()


@pytest.fixture()
def page(browser_context):
    page = browser_context.new_page()
    page.watch = PageWatch()
    page.watch.attach(page)
    yield page
    page.close()
