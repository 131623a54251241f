"""The map in a real browser: it draws, fetches nothing from outside, logs no errors."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import (
    ARTIFACTS,
    canvas_drawn_share,
    map_pixel,
    map_view,
    wait_for_app,
    wait_for_map,
)

pytestmark = pytest.mark.browser


def test_map_draws_offline_without_errors(app_url, page):
    watch = page.watch
    page.goto(app_url + "/")
    wait_for_app(page)
    wait_for_map(page)
    page.wait_for_timeout(2000)  # let deck.gl fetch the static GeoJSON and draw
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
        assert page.get_by_text("How places are named").is_visible()
        page.screenshot(path=str(ARTIFACTS / "sources.png"))
    assert page.watch.errors() == [] and page.watch.outside_requests() == []


def _brown_pixels(page, lon: float, lat: float, view: tuple[float, float, float]) -> int:
    """How many pixels in a 15 px box around a point have the energy layer's brown."""
    import io

    import numpy as np
    from PIL import Image

    from apac.layers import ENERGY

    x, y = map_pixel(page, lon, lat, view)
    png = page.screenshot(clip={"x": x - 7, "y": y - 7, "width": 15, "height": 15})
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    return int((np.abs(pixels - np.array(ENERGY[:3])) <= 30).all(axis=-1).sum())


def test_energy_layer_draws_its_sites_only_when_switched_on(app_url, page):
    from apac.data import read_record

    sites = [r for r in read_record().energy.itertuples() if r.geometry == "point"]
    counts = {}
    for layers in ("energy", "disputes"):
        page.goto(f"{app_url}/?date=2013&inst=apec&layers={layers}&view=northeast-asia")
        wait_for_app(page)
        wait_for_map(page)
        page.wait_for_timeout(1500)  # let deck.gl draw
        page.screenshot(path=str(ARTIFACTS / f"energy-{layers}.png"), full_page=True)
        view = map_view(page)
        counts[layers] = [_brown_pixels(page, r.path[0][0], r.path[0][1], view) for r in sites]
    assert all(n >= 10 for n in counts["energy"]), counts
    assert all(n == 0 for n in counts["disputes"]), counts
    page.goto(f"{app_url}/?date=2013&inst=apec&layers=energy&view=northeast-asia")
    wait_for_app(page)
    wait_for_map(page)
    assert page.get_by_text("Pipeline (schematic)").first.is_visible()
    # A click on the Kozmino terminal selects it (the first time) and fills the detail panel.
    x, y = map_pixel(page, 132.8874, 42.8374)
    page.mouse.click(x, y)
    page.wait_for_function("() => location.search.includes('select=energy')", timeout=15_000)
    wait_for_app(page)
    assert "select=energy%3Akozmino" in page.url or "select=energy:kozmino" in page.url
    assert page.locator("h4").first.inner_text() == "Kozmino oil terminal (ESPO)"
    page.screenshot(path=str(ARTIFACTS / "energy-selected.png"), full_page=True)
    assert page.watch.errors() == [] and page.watch.outside_requests() == []
