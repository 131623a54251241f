"""A hostile record in a real browser: script tags, event handlers, iframes, javascript: URLs,
markdown images and links, backticks and template strings in every kind of text field, run
through every page, the detail panel of every kind, the briefing and both exported HTML files.
No script runs, no injected element appears, no request leaves localhost, and the text shows
as text."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.browser.support import (
    ARTIFACTS,
    ROOT,
    PageWatch,
    map_pixel,
    running_app,
    wait_for_app,
    wait_for_map,
)

pytestmark = pytest.mark.browser

#: 127.0.0.66 stands in for a stranger's host: on loopback, so nothing could leave the machine,
#: but outside what the app may call (tests.browser.support.LOCAL_HOSTS).
STRANGER = "http://127.0.0.66:9"
HOSTILE = (
    "Hostile <script>window.__pwned='script'</script>"
    f"<img src='{STRANGER}/img.png' onerror=\"window.__pwned='img'\" data-hostile='1'>"
    "<iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\" data-hostile='1'></iframe>"
    f" ![md image]({STRANGER}/md.png) [md link](javascript:window.__pwned='link')"
    " `code` ${window.__pwned='template'} {name} {{7*7}} :red[red] $x^2$ <b data-hostile='1'>b</b>"
)
JS_URL = "javascript:window.__pwned='href'"

#: (file, key column, key, columns made hostile)
TARGETS = [
    ("summits.csv", "summit_id", "apec-1997", ["title", "city", "note"]),
    ("incidents.csv", "event_id", "senkaku-2010-trawler-collision", ["title", "place", "summary"]),
    ("entities.csv", "code", "RUS", ["name", "apec_name"]),
    ("institutions.csv", "institution_id", "asean", ["name", "short_name", "summary"]),
    ("sources.csv", "source_id", "pco-canada-apec-1997", ["title", "author", "publisher"]),
    ("sources.csv", "source_id", "britannica-strait-of-malacca", ["title", "author"]),
    ("scenes.csv", "scene", "1", ["title", "caption"]),
    ("energy.csv", "energy_id", "kozmino", ["name", "summary", "placement"]),
]


def _hostile_events(folder: Path) -> Path:
    shutil.copytree(ROOT / "events", folder)
    for name, key_col, key, columns in TARGETS:
        path = folder / name
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        fields = list(rows[0])
        hit = [r for r in rows if r[key_col] == key]
        assert hit, f"{name} has no row {key}: update the hostile fixture"
        for column in columns:
            hit[0][column] = HOSTILE
        if name == "sources.csv":
            hit[0]["url"] = JS_URL
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    return folder


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    events = _hostile_events(tmp_path_factory.mktemp("hostile") / "events")
    with running_app(env={"APAC_EVENTS_DIR": str(events)}) as url:
        yield url


@pytest.fixture()
def guarded(page):
    """The page, with every outside request refused (and still recorded) and dialogs caught."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.route(re.compile(r"^https?://127\.0\.0\.66.*"), lambda route: route.abort())
    page.dialogs = dialogs
    return page


def _assert_inert(page, where: str) -> None:
    pwned = page.evaluate("() => window.__pwned || null")
    injected = page.evaluate("() => document.querySelectorAll('[data-hostile]').length")
    frames = page.evaluate("() => document.querySelectorAll('iframe[srcdoc]').length")
    assert pwned is None, f"{where}: script ran ({pwned})"
    assert injected == 0 and frames == 0, f"{where}: {injected} injected elements, {frames} frames"
    assert page.watch.outside_requests() == [], f"{where}: {page.watch.outside_requests()}"
    assert page.dialogs == [], f"{where}: dialogs {page.dialogs}"


def _open(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_timeout(800)


@pytest.mark.parametrize(
    "path",
    [
        "/?date=1997&inst=apec,asean&select=summit:apec-1997",
        "/?date=2010&inst=asean&select=incident:senkaku-2010-trawler-collision",
        "/?date=1999&inst=apec,asean&select=country:RUS",
        "/?date=2010&inst=asean&select=dispute:senkaku",
        "/?date=1997&inst=asean&select=chokepoint:malacca",
        "/disputes",
        "/chokepoints",
        "/institutions?date=1999&inst=apec,asean",
        "/sources",
        "/briefing?scene=1",
        "/?date=2013&inst=apec&layers=energy&view=northeast-asia",
        "/?%60![x](" + STRANGER + "/q.png)%60=1&inst=<img%20src=x%20onerror=alert(1)>",
    ],
)
def test_hostile_text_stays_text_on_every_page(hostile_url, guarded, path):
    page = guarded
    _open(page, hostile_url + path)
    body = page.inner_text("body")
    assert "Traceback" not in body and "Error" not in page.title()
    if "select=summit" in path:
        # The summit is at the centre of the camera: hover it for the deck.gl tooltip.
        wait_for_map(page)
        x, y = map_pixel(page, 360 - 123.1216, 49.2734)
        page.mouse.move(x, y)
        page.wait_for_timeout(600)
    if "layers=energy" in path:
        # Hover the Kozmino terminal (Natural Earth's Nakhodka) in the Northeast Asia view.
        wait_for_map(page)
        x, y = map_pixel(page, 132.8874, 42.8374)
        page.mouse.move(x, y)
        page.wait_for_timeout(600)
    if "sources" not in path and "%60" not in path:
        assert "window.__pwned" in page.inner_text("body"), "the hostile text is not shown"
    if "%60" in path:
        notice = page.locator("[data-testid='stAlertContentWarning']").first.inner_text()
        assert "![x]" in notice and "<img" in notice  # named, as text
    page.screenshot(path=str(ARTIFACTS / f"hostile-{abs(hash(path)) % 10**6}.png"))
    _assert_inert(page, path)


def _download(page, button_name: str, path: Path) -> Path:
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=re.compile(button_name)).click()
    info.value.save_as(path)
    return path


def _open_file(context, path: Path, dialogs: list[str]):
    viewer = context.new_page()
    viewer.watch = PageWatch()
    viewer.watch.attach(viewer)
    viewer.dialogs = dialogs
    viewer.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    viewer.route(re.compile(r"^https?://.*"), lambda route: route.abort())
    viewer.goto(path.as_uri())
    viewer.wait_for_selector("#deck canvas", timeout=30_000)
    viewer.wait_for_timeout(2500)
    return viewer


def _assert_inert_svg(svg: str) -> None:
    """Parsed as XML: no element or attribute the hostile text could have made."""
    root = ElementTree.fromstring(svg)
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        assert tag not in {"script", "foreignobject", "iframe", "img"}, tag
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            assert not name.startswith("on") and name != "data-hostile", name
            if name in {"href", "src"}:
                assert value.startswith(("data:image/", "#")), value[:40]


def test_exported_files_keep_hostile_text_as_text(hostile_url, guarded, browser_context, tmp_path):
    page = guarded
    _open(page, hostile_url + "/?date=1997&inst=apec,asean&select=summit:apec-1997")
    page.get_by_text("Share and export").click()
    map_file = _download(page, r"Map \(offline HTML\)", tmp_path / "map.html")
    # Pictures for slides: the map's SVG (title, legend: ASEAN's hostile short name) and the
    # timeline's SVG carry the hostile text as text, never as markup.
    with page.expect_download(timeout=120_000) as caught:
        page.locator(".apac-picture").select_option("svg-1920")
    timeline = _download(page, r"Timeline \(SVG\)", tmp_path / "timeline.svg")
    for svg in (Path(caught.value.path()).read_text(encoding="utf-8"), timeline.read_text()):
        assert "window.__pwned" in svg  # shown ...
        _assert_inert_svg(svg)  # ... as text
    _open(page, hostile_url + "/briefing?scene=1")
    pack = _download(page, "briefing pack", tmp_path / "pack.html")
    for path in (map_file, pack):
        viewer = _open_file(browser_context, path, [])
        box = viewer.locator("#deck canvas").first.bounding_box()
        viewer.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        viewer.wait_for_timeout(500)
        if path == pack:
            assert "window.__pwned" in viewer.inner_text("#panel")
            viewer.keyboard.press("PageDown")
            viewer.wait_for_timeout(1000)
        _assert_inert(viewer, path.name)
        viewer.close()
