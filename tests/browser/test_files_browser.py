"""The exported files (briefing pack, Explore's map file) from file:// with the network blocked.

No app server: the files are built in Python from the bundled record, written to a temporary
folder and opened as file:// URLs. Every request that is not file:, data: or blob: is aborted
and recorded; an init script counts the WebGL contexts the page creates.
"""

from __future__ import annotations

import logging
from urllib.parse import urlparse

import pytest

from tests.browser.support import ARTIFACTS, MAP_CANVASES, PageWatch, land_share

#: Count the canvases that got a WebGL context (deck.gl asks each canvas more than once).
COUNT_WEBGL = """
(() => {
  const seen = new WeakSet();
  window.__webglContexts = 0;
  const original = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
    const context = original.call(this, type, ...rest);
    if (context && /^(webgl|webgl2|experimental-webgl)$/.test(type) && !seen.has(this)) {
      seen.add(this);
      window.__webglContexts += 1;
    }
    return context;
  };
})();
"""
LOCAL_SCHEMES = {"file", "data", "blob"}
SIZES = [(1280, 720), (1920, 1080)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The pack and a map file, written as Explore and the Briefing page write them."""
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # cached calls outside a server
    from apac import exports, ui
    from apac.details import resolve
    from apac.mapstate import compose_map_state
    from apac.state import parse_query

    folder = tmp_path_factory.mktemp("files")
    pack = folder / "pack.html"
    pack.write_text(ui.briefing_pack_html(), encoding="utf-8")
    rec = ui.record()
    # The 1997 Vancouver summit puts the camera east of 180 degrees (the data's 0..350 frame).
    view = parse_query(
        {"date": ["2005"], "inst": ["eas,apec"], "select": ["summit:apec-1997"]},
        institutions=set(rec.institutions.index),
        valid_refs=ui.valid_refs(),
        scene_count=len(ui.scenes()),
    )
    detail = resolve(
        rec, view.selection, ui.disputes(), ui.chokepoints(), view.as_of,
        ui.countries()["name"].to_dict(),
    )  # fmt: skip
    from apac.geo import NAMED_VIEWS

    state = compose_map_state(
        rec, ui.countries(), ui.disputes(), ui.chokepoints(), view, detail,
        detail.focus if detail and detail.focus else NAMED_VIEWS[view.view],
        ui.served_urls(), browser_time=True,
    )  # fmt: skip
    spec = ui.map_spec(rec, view, state, timeControl=False, scrollZoom=False)
    map_file = folder / "map.html"
    map_file.write_text(
        exports.story_html([exports.map_scene(rec, view, spec)], "Asia-Pacific Atlas map"),
        encoding="utf-8",
    )
    return {"pack": pack, "map": map_file, "scenes": ui.scenes(), "record": rec, "view": view}


def _guard(page):
    """A route handler: file:, data: and blob: load; anything else is recorded and aborted."""
    page.blocked = []

    def guard(route):
        if urlparse(route.request.url).scheme in LOCAL_SCHEMES:
            route.continue_()
        else:
            page.blocked.append(route.request.url)
            route.abort()

    return guard


def _open(browser_context, path, size):
    page = browser_context.new_page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.watch = PageWatch()
    page.watch.attach(page)

    page.route("**/*", _guard(page))
    page.add_init_script(COUNT_WEBGL)
    page.goto(path.as_uri())
    page.wait_for_selector("#deck .apac-map[data-view][data-day] canvas", timeout=30_000)
    _wait_drawn(page)
    return page


def _wait_drawn(page):
    """Until the map shows land (the GeoJSON comes from a blob: URL, asynchronously)."""
    for _ in range(60):
        if land_share(page, "#deck canvas") > 0.05:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"no map pixels drawn: {land_share(page, '#deck canvas')}")


#: One round trip per scene: the boxes of the map, legend and text, and the texts shown.
PROBE = """
() => {
  const box = (sel) => {
    const node = document.querySelector(sel);
    if (!node || node.hidden) return null;
    const r = node.getBoundingClientRect();
    return r.width && r.height ? { x: r.x, y: r.y, width: r.width, height: r.height } : null;
  };
  const text = (sel) => document.querySelector(sel).innerText;
  return {
    boxes: Object.fromEntries(
      ['#deck .apac-map', '#deck .apac-legend', '#title', '#when', '#caption', '#sources',
       '#progress-box'].map((sel) => [sel, box(sel)])),
    legendItems: document.querySelectorAll('#deck .apac-legend .item').length,
    progress: text('#progress'), title: text('#title'), caption: text('#caption'),
    cited: [...document.querySelectorAll('#source-list li')].map((li) => li.innerText),
    hash: location.hash,
  };
}
"""


def _overlaps(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def _inside(box, size) -> bool:
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= size[0] + 0.5
        and box["y"] + box["height"] <= size[1] + 0.5
    )


def _check_layout(page, size, many: bool) -> dict:
    """Title, date, caption, sources, legend (and progress) inside the viewport, none on the
    map; on a wide screen the caption is beside the map. Returns the probe."""
    probe = page.evaluate(PROBE)
    boxes = probe["boxes"]
    map_box = boxes["#deck .apac-map"]
    assert map_box["width"] > 0.5 * size[0] and map_box["height"] > 0.5 * size[1], map_box
    legend = boxes["#deck .apac-legend"]
    assert legend and _inside(legend, size) and probe["legendItems"] > 0, legend
    parts = ["#title", "#when", "#caption", "#sources"] + (["#progress-box"] if many else [])
    for selector in parts:
        box = boxes[selector]
        assert box is not None, f"{selector} is not shown"
        assert _inside(box, size), (selector, box, size)
        assert not _overlaps(box, map_box), (selector, box, map_box)
    assert boxes["#caption"]["x"] >= map_box["x"] + map_box["width"], "caption not beside"
    assert not many or boxes["#progress-box"] is not None
    return probe


def _font_px(page, selector) -> float:
    return page.evaluate(
        "(s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", selector
    )


def _no_outside(page):
    assert page.blocked == [], page.blocked
    assert page.watch.outside_requests() == [], page.watch.outside_requests()
    assert page.watch.errors() == [], page.watch.errors()


def _scene_shown(page, number: int):
    page.wait_for_function(f"() => document.body.dataset.scene === '{number}'", timeout=10_000)


def test_pack_steps_every_scene_offline_on_one_webgl_context(browser_context, built):
    """Every scene forward with PageDown at 1280x720, then back with PageUp at 1920x1080."""
    scenes = built["scenes"]
    sources = built["record"].sources
    total = len(scenes)
    page = _open(browser_context, built["pack"], SIZES[0])
    # Type for the back of a room: caption >= 24 px at 720p (title >= 40 px at 1080p below).
    assert _font_px(page, "#caption") >= 24
    forward = [(n, "PageDown", SIZES[0]) for n in range(2, total + 1)]
    back = [(n, "PageUp", SIZES[1]) for n in range(total - 1, 0, -1)]
    for number, key, size in [(1, None, SIZES[0]), *forward, (total, "resize", SIZES[1]), *back]:
        if key == "resize":
            page.set_viewport_size({"width": size[0], "height": size[1]})
            page.wait_for_timeout(300)
            assert _font_px(page, "#title") >= 40
        elif key:
            page.keyboard.press(key)
        _scene_shown(page, number)
        scene = scenes[number - 1]
        probe = _check_layout(page, size, many=True)
        assert probe["progress"] == f"{number} / {total}"
        assert probe["title"] == scene.title and probe["caption"] == scene.caption
        assert probe["hash"] == f"#scene-{number}"
        assert len(probe["cited"]) == len(scene.source_ids)
        for text, source_id in zip(probe["cited"], scene.source_ids, strict=True):
            assert text.startswith(str(sources.loc[source_id, "title"]).strip()), text
            assert source_id not in text  # a citation, not an id
        if key != "PageUp" or number == 1:  # every scene's map once on the way forward
            assert land_share(page, "#deck canvas") > 0.05, number
        if number in (1, 13, total):
            page.wait_for_timeout(800)  # the camera's flight, for the picture
            page.screenshot(path=str(ARTIFACTS / f"files-pack-{size[0]}-scene-{number}.png"))
    page.keyboard.press("End")
    _scene_shown(page, total)
    page.keyboard.press("Home")
    _scene_shown(page, 1)
    assert page.evaluate("window.__webglContexts") == MAP_CANVASES
    _no_outside(page)
    page.close()


def test_pack_opens_at_the_scene_in_its_hash(browser_context, built):
    page = browser_context.new_page()
    page.route("**/*", _guard(page))
    page.goto(built["pack"].as_uri() + "#scene-5")
    _scene_shown(page, 5)
    assert page.inner_text("#title") == built["scenes"][4].title
    assert page.blocked == []
    page.close()


def test_map_file_offline(browser_context, built):
    rec, view = built["record"], built["view"]
    from apac.layers import legend_items

    page = _open(browser_context, built["map"], SIZES[0])
    names = [rec.institutions.loc[i, "short_name"] for i in view.institutions]
    assert all(name in page.inner_text("#title") for name in names)
    page.keyboard.press("PageDown")  # one scene: nothing to step to
    page.wait_for_timeout(300)
    assert page.evaluate("document.body.dataset.scene") == "1"
    for size in SIZES:
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.wait_for_timeout(300)
        probe = _check_layout(page, size, many=False)
        assert probe["boxes"]["#progress-box"] is None  # one scene: no progress
        # The same legend as the live map: one swatch per legend item of this view.
        assert probe["legendItems"] == len(legend_items(view))
        assert land_share(page, "#deck canvas") > 0.1
        page.screenshot(path=str(ARTIFACTS / f"files-map-{size[0]}x{size[1]}.png"))
    # A narrow screen: the caption goes under the map.
    page.set_viewport_size({"width": 900, "height": 1000})
    page.wait_for_timeout(300)
    boxes = page.evaluate(PROBE)["boxes"]
    map_box, caption = boxes["#deck .apac-map"], boxes["#caption"]
    assert caption["y"] >= map_box["y"] + map_box["height"], (caption, map_box)
    assert boxes["#title"]["y"] + boxes["#title"]["height"] <= map_box["y"]
    page.screenshot(path=str(ARTIFACTS / "files-map-900x1000.png"), full_page=True)
    assert page.evaluate("window.__webglContexts") == MAP_CANVASES
    _no_outside(page)
    page.close()
