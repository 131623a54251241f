"""The Briefing in a real browser, at the sizes of a room's projector: every scene fits one screen
(title, map, legend, caption, sources, progress, buttons; nothing to scroll), its subject is
inside the map, the wheel never zooms it, and a scene's new date is walked to month by month.

Two browsers (1280x720 and 1920x1080) step the whole story with PageDown side by side, as a
presenter does, then the first, resized to 1366x768, steps back three scenes with the arrow key;
each measure waits for the scene's date and camera to settle. One app server for the module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from apac.data import read_chokepoints, read_countries, read_disputes, read_record
from apac.details import resolve
from apac.scenes import scene_view_state, scenes_from
from tests.browser.support import (
    ARTIFACTS,
    DEEP_QUERY_JS,
    MAP_CANVASES,
    PageWatch,
    canvas_drawn_share,
    wait_for_app,
    wait_for_map,
)


@dataclass(frozen=True)
class Expect:
    number: int
    day: str  # the map's settled day, ISO
    subject: tuple[float, float] | None  # (lon, lat) of the scene's select, Pacific frame


def _expected() -> list[Expect]:
    record = read_record()
    countries, disputes, chokepoints = read_countries(), read_disputes(), read_chokepoints()
    names = countries["name"].to_dict()
    out = []
    for scene in scenes_from(record.scenes):
        view = scene_view_state(scene)
        detail = resolve(record, view.selection, disputes, chokepoints, view.as_of, names)
        focus = detail.focus if detail else None
        subject = (focus.longitude, focus.latitude) if focus else None
        out.append(Expect(scene.number, view.as_of.isoformat(), subject))
    return out


SCENES = _expected()
#: How far inside the map's edges a subject must project (px): a selected marker's ring is
#: about 15 px across, and its label sits beside it.
EDGE = 30

#: Boxes (viewport px: left, top, right, bottom) of what the room must see, the page's scroll
#: extents, the font sizes the layout promises, and the subject projected by the map's own deck
#: (with the Pacific frame's 0..360 longitudes, the copy of the point nearest the map's centre).
PROBE_JS = (
    """
(subject) => {
"""
    + DEEP_QUERY_JS
    + """
  const box = (el) => {
    if (!el) return null;
    const b = el.getBoundingClientRect();
    return [b.left, b.top, b.right, b.bottom];
  };
  const map = deepAll('.apac-map')[0];
  const main = document.querySelector('[data-testid="stMain"]');
  const size = (sel) => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize);
  let point = null;
  if (subject && map && map.deck) {
    const viewport = map.deck.getViewports()[0];
    const m = map.getBoundingClientRect();
    const candidates = [-360, 0, 360].map((shift) => {
      const [x, y] = viewport.project([subject[0] + shift, subject[1]]);
      return [m.left + x, m.top + y];
    });
    const cx = (m.left + m.right) / 2;
    point = candidates.reduce((a, b) => (Math.abs(a[0] - cx) <= Math.abs(b[0] - cx) ? a : b));
  }
  return {
    viewport: [window.innerWidth, window.innerHeight],
    scroll: [document.scrollingElement.scrollHeight, main ? main.scrollHeight : 0,
             main ? main.clientHeight : 0],
    boxes: {
      title: box(document.querySelector('.apac-scene-title')),
      date: box(document.querySelector('.apac-scene-date')),
      progress: box(document.querySelector('.apac-progress')),
      progressBar: box(document.querySelector('[data-testid="stProgress"]')),
      map: box(map),
      legend: box(deepAll('.apac-legend')[0]),
      caption: box(document.querySelector('.apac-caption')),
      sources: box(document.querySelector('.st-key-apac-sources')),
      previous: box(document.querySelector('.st-key-prev button')),
      next: box(document.querySelector('.st-key-next button')),
    },
    when: box(deepAll('.apac-when')[0]),
    fonts: { title: size('.apac-scene-title'), caption: size('.apac-caption'),
             sources: size('.st-key-apac-sources p') },
    point,
    day: map ? map.dataset.day : null,
    view: map ? map.dataset.view : null,
  };
}
"""
)

#: Every value data-day takes, recorded from now on (the tween test reads window.__apacDays).
RECORD_DAYS_JS = (
    """
() => {
"""
    + DEEP_QUERY_JS
    + """
  const map = deepAll('.apac-map')[0];
  window.__apacDeck = map.deck;
  window.__apacDays = [map.dataset.day];
  new MutationObserver(() => window.__apacDays.push(map.dataset.day))
    .observe(map, { attributes: true, attributeFilter: ['data-day'] });
}
"""
)


def _open(page, url: str, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    wait_for_app(page)
    wait_for_map(page)


def _settled(page, expect: Expect) -> dict:
    """Wait for the scene's number, date and camera (two equal reads 100 ms apart); probe."""
    page.wait_for_function(
        f"() => document.body.innerText.includes('Scene {expect.number} of')", timeout=30_000
    )
    page.wait_for_function(
        "(day) => {" + DEEP_QUERY_JS + " const m = deepAll('.apac-map')[0];"
        " return m && m.dataset.day === day; }",
        arg=expect.day,
        timeout=30_000,
    )
    last = None
    for _ in range(40):
        probe = page.evaluate(PROBE_JS, list(expect.subject) if expect.subject else None)
        if last is not None and probe["view"] == last["view"]:
            return probe
        last = probe
        page.wait_for_timeout(100)
    raise AssertionError(f"scene {expect.number}: the camera never settled")


def _inside(inner, outer, slack: float = 0.5) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _check_scene(probe: dict, expect: Expect) -> None:
    width, height = probe["viewport"]
    screen = (0, 0, width, height)
    where = f"scene {expect.number} at {width}x{height}"
    doc, main_scroll, main_client = probe["scroll"]
    assert doc <= height and main_scroll <= main_client, f"{where}: the page scrolls {probe}"
    for name, rect in probe["boxes"].items():
        assert rect is not None, f"{where}: no {name}"
        assert rect[2] > rect[0] and rect[3] > rect[1], f"{where}: {name} is empty {rect}"
        assert _inside(rect, screen), f"{where}: {name} {rect} leaves the screen"
    boxes = probe["boxes"]
    for part in ("title", "date", "progress", "caption", "sources", "previous", "next"):
        assert not _overlap(boxes[part], boxes["map"]), f"{where}: {part} on the map"
    if width >= 1200:  # caption beside the map on wide screens
        assert boxes["caption"][0] >= boxes["map"][2], f"{where}: caption not beside the map"
    if expect.subject:
        x, y = probe["point"]
        # Inside with room for its ring and label: not a half marker on the frame's edge.
        left, top, right, bottom = boxes["map"]
        inner = (left + EDGE, top + EDGE, right - EDGE, bottom - EDGE)
        assert _inside((x, y, x, y), inner, slack=0), f"{where}: subject {x, y} not in {inner}"
        when = probe["when"]
        assert not _inside((x, y, x, y), when, slack=0), f"{where}: subject under the label"


def _fonts(probe: dict) -> None:
    """The sizes the layout promises (apac/ui_briefing.py): readable from the back of a room."""
    width, height = probe["viewport"]
    fonts = probe["fonts"]
    assert fonts["caption"] >= 24 and fonts["sources"] >= 16, fonts
    assert fonts["title"] >= (40 if height >= 1080 else 30), fonts


def _zoom(probe: dict) -> float:
    return json.loads(probe["view"])["zoom"]


def test_every_scene_fits_1280x720_and_1920x1080_stepping_with_pagedown(
    app_url, page, fresh_browser
):
    """Two projectors side by side, each stepped through the story with PageDown: two browsers
    (a background tab would have its animation frames throttled)."""
    big = fresh_browser.new_page()
    big.watch = PageWatch()
    big.watch.attach(big)
    pages = {"1280": page, "1920": big}
    first = SCENES[0]
    _open(page, app_url + "/briefing?scene=1", 1280, 720)
    _open(big, app_url + "/briefing?scene=1", 1920, 1080)
    probe = _settled(page, first)
    for name, tab in pages.items():
        probe = _settled(tab, first)
        _check_scene(probe, first)
        _fonts(probe)
        assert canvas_drawn_share(tab) > 0.9
        tab.screenshot(path=str(ARTIFACTS / f"briefing-{name}-scene-01.png"))

    # The wheel over the map scrolls nothing and zooms nothing: the presenter is never trapped.
    probe = _settled(page, first)
    left, top, right, bottom = probe["boxes"]["map"]
    page.mouse.move((left + right) / 2, (top + bottom) / 2)
    for _ in range(3):
        page.mouse.wheel(0, -400)
        page.wait_for_timeout(150)
    page.wait_for_timeout(600)
    after = page.evaluate(PROBE_JS, list(first.subject))
    assert _zoom(after) == _zoom(probe) and after["view"] == probe["view"]
    assert page.evaluate("() => window.scrollY") == 0
    assert "Scene 1 of" in page.inner_text("body")

    page.evaluate(RECORD_DAYS_JS)
    for expect in SCENES[1:]:
        for tab in pages.values():
            tab.keyboard.press("PageDown")
        for name, tab in pages.items():
            probe = _settled(tab, expect)
            _check_scene(probe, expect)
            if expect.number in (13, 20):
                tab.screenshot(path=str(ARTIFACTS / f"briefing-{name}-scene-{expect.number}.png"))
        if expect.number == 2:
            # 1989-11-06 -> 1994-07-25: the map walked through the months between.
            # How many frames the second-long walk gets depends on the machine (software WebGL
            # here draws a few a second): at least one month between, each a month's end,
            # in order, and the walk ends on the scene's day.
            days = page.evaluate("() => window.__apacDays")
            between = [d for d in days if SCENES[0].day < d < expect.day]
            assert between and between == sorted(between), days
            assert all((date.fromisoformat(d) + timedelta(days=1)).day == 1 for d in between)
            assert days[-1] == expect.day

    # One map (one set of WebGL contexts) drew every scene: updated in place, never remounted.
    same = (
        "() => {" + DEEP_QUERY_JS + " const maps = deepAll('.apac-map');"
        " return maps.length === 1 && maps[0].deck === window.__apacDeck"
        f" && deepAll('.apac-map canvas').length === {MAP_CANVASES}; }}"
    )
    assert page.evaluate(same)

    # The commonest laptop size for the last scenes, stepping back with the other keys.
    page.set_viewport_size({"width": 1366, "height": 768})
    for expect in reversed(SCENES[-4:-1]):
        page.keyboard.press("ArrowLeft")
        probe = _settled(page, expect)
        _check_scene(probe, expect)
        _fonts(probe)
    page.screenshot(path=str(ARTIFACTS / f"briefing-1366-scene-{expect.number}.png"))
    for tab in pages.values():
        assert tab.watch.errors() == []
    big.close()
