"""The instrument's date change against two floors, in one run.

    make bench      (or .venv/bin/python bench/bench_instrument.py)

Floors: (A) a bare Streamlit rerun (bench/bare_app.py: a slider and a line of text), and (B) a
bare deck.gl page that recolours the same countries GeoJSON at the same canvas size
(bench/deck_floor.html, the vendored deck.gl): the limit of drawing the map at all. The
instrument is the Explore page; a date change is one ArrowRight on its time control (a month).
"Settled" is read in the page: from the key press to the animation frame after the first one at
which the change is drawn (floor A: the slider's new value written by the rerun and Streamlit
idle; floor B: a deck.gl frame drawn after the key; the instrument: a deck.gl frame after the
key with the new date, and the timeline's rule moved). Waiting for the next frame counts the
commit of the drawn frame (in software compositing, reading the WebGL canvas back) for every row
alike. Also printed: Play's steps per second and frame time, websocket bytes for a
ten-step scrub, and first-load bytes. Loopback only; bounded by RUN_LIMIT_S.
"""

from __future__ import annotations

import functools
import http.server
import json
import signal
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.support import (  # noqa: E402
    DEEP_QUERY_JS,
    PageWatch,
    launch_chromium,
    running_app,
    wait_for_app,
)

CHANGES, WARMUPS = 11, 2
PLAY_SECONDS = 3.0
RUN_LIMIT_S = 480
VIEWPORT = {"width": 1366, "height": 768}
EXPLORE = "/?date=1997-06&inst=apec,asean,arf"

#: Installs window.__probe: a promise of {t0, settledAt} for the next arrow key press.
PROBE_JS = (
    """
(kind) => {
"""
    + DEEP_QUERY_JS
    + """
  const q = (s) => deepAll(s)[0];
  const state = {};
  const read = () => {
    if (kind === 'bare') {
      // The written line, not the slider's own labels (its thumb value changes at once).
      const sel = '[data-testid=stMain] [data-testid=stMarkdownContainer]';
      const text = [...document.querySelectorAll(sel)].filter((e) => !e.closest('.stSlider'))
        .map((e) => e.textContent).join('|');
      const idle = document.querySelector('[data-testid=stApp]')
        ?.getAttribute('data-test-script-state') === 'notRunning';
      const slider = document.querySelector('[data-testid=stSliderThumbValue]')?.textContent;
      return { text, idle, slider };
    }
    const map = q(kind === 'deck' ? '#map' : '.apac-map');
    const rule = q('.apac-rule');
    return {
      frames: Number(map?.dataset.frames || 0),
      day: map?.dataset.day || map?.dataset.step,
      rule: rule ? rule.getBoundingClientRect().x : null,
    };
  };
  // Stored, not returned: Playwright would wait for a returned promise before the key press.
  window.__probe = new Promise((resolve) => {
    let t0 = null, before = null;
    const onKey = (e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      t0 = performance.now(); before = read();
      window.removeEventListener('keydown', onKey, true);
      requestAnimationFrame(tick);
    };
    // Drawn: the condition holds at an animation frame, and the frame after it has started,
    // so the change has been committed to the screen (in software compositing the commit reads
    // the WebGL canvas back, which is most of a frame's cost here; every row pays it alike).
    let heldAt = null;
    const tick = () => {
      if (heldAt !== null) { resolve({ t0, settledAt: performance.now(), heldAt }); return; }
      const now = read();
      let done;
      if (kind === 'bare') {
        done = now.slider !== before.slider && now.idle
          && now.text.includes(`Value: ${now.slider}`);
      } else if (kind === 'deck') done = now.frames > before.frames;
      else done = now.frames > before.frames && now.day !== before.day
        && now.rule !== null && Math.abs(now.rule - before.rule) > 0.5;
      if (done) heldAt = performance.now();
      if (!done && performance.now() - t0 > 20000) resolve({ t0, settledAt: null });
      else requestAnimationFrame(tick);
    };
    window.addEventListener('keydown', onKey, true);
  });
}
"""
)


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[8]


def _changes(page, kind: str, focus: str, keys: list[str]) -> list[float]:
    times = []
    target = page.get_by_role("slider").first if focus == "slider" else page.locator(focus).first
    for n, key in enumerate(keys):
        target.focus()
        page.evaluate(PROBE_JS, kind)
        page.keyboard.press(key)
        result = page.evaluate("() => window.__probe")
        if result["settledAt"] is None:
            raise RuntimeError(f"{kind}: change {n} not settled within 20 s")
        if kind == "bare":
            wait_for_app(page)
        page.wait_for_timeout(400)
        if n >= WARMUPS:
            times.append(result["settledAt"] - result["t0"])
    return times


def _alternate(total: int) -> list[str]:
    return ["ArrowRight" if n % 2 == 0 else "ArrowLeft" for n in range(total)]


def _first_load(context, url: str) -> dict:
    """Bytes a fresh profile fetches over HTTP (on the wire) and the websocket brings."""
    page = context.new_page()
    page.set_viewport_size(VIEWPORT)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    http_bytes = []
    ws_in: list[int] = []
    cdp.on("Network.loadingFinished", lambda e: http_bytes.append(e["encodedDataLength"]))
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: ws_in.append(len(p))))
    page.goto(url)
    wait_for_app(page)
    page.wait_for_timeout(3000)
    return {"page": page, "http": sum(http_bytes), "ws": sum(ws_in)}


def _serve_root() -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            return None

    handler = functools.partial(Quiet, directory=str(ROOT))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def measure_bare(pw, tmp: Path) -> dict:
    with running_app("bench/bare_app.py") as url:
        context = launch_chromium(pw, tmp / "bare")
        load = _first_load(context, url + "/")
        times = _changes(load["page"], "bare", "slider", _alternate(WARMUPS + CHANGES))
        context.close()
    return {"times": times, "http": load["http"], "ws": load["ws"]}


def measure_instrument(pw, tmp: Path) -> dict:
    with running_app() as url:
        context = launch_chromium(pw, tmp / "app")
        load = _first_load(context, url + EXPLORE)
        page = load["page"]
        watch = PageWatch()
        watch.attach(page)
        page.locator(".apac-map[data-day]").wait_for(timeout=60_000)
        box = page.locator(".apac-map").first.bounding_box()
        camera = json.loads(page.locator(".apac-map").first.get_attribute("data-view"))
        times = _changes(page, "instrument", ".apac-slider", _alternate(WARMUPS + CHANGES))
        wait_for_app(page)
        # A ten-step scrub: bytes both ways until the settled date's rerun is drawn.
        sent, received = [], []
        page.on(
            "websocket",
            lambda ws: (
                ws.on("framesent", lambda p: sent.append(len(p))),
                ws.on("framereceived", lambda p: received.append(len(p))),
            ),
        )
        page.goto(url + EXPLORE)  # from June 1997 again: ten months on is April 1998
        wait_for_app(page)
        page.locator(".apac-map[data-day]").wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        sent.clear()
        received.clear()
        page.locator(".apac-slider").focus()
        for _ in range(10):
            page.keyboard.press("ArrowRight")
        page.wait_for_function("() => location.search.includes('date=1998-04')", timeout=30_000)
        wait_for_app(page)
        page.wait_for_timeout(800)
        scrub = {"messages_out": len(sent), "bytes_out": sum(sent), "bytes_in": sum(received)}
        # Play: steps per second and frame time.
        day = page.locator(".apac-map").first
        frames0, t0 = int(day.get_attribute("data-frames") or 0), time.monotonic()
        days = set()
        page.locator(".apac-play").click()
        while time.monotonic() - t0 < PLAY_SECONDS:
            days.add(day.get_attribute("data-day"))
            page.wait_for_timeout(50)
        frames1, t1 = int(day.get_attribute("data-frames") or 0), time.monotonic()
        intervals = page.evaluate(
            """() => new Promise((resolve) => { const out = []; let last = performance.now();
            const f = (now) => { out.push(now - last); last = now;
              if (out.length < 60) requestAnimationFrame(f); else resolve(out); };
            requestAnimationFrame(f); })"""
        )
        page.locator(".apac-play").click()
        play = {
            "steps_per_s": (len(days) - 1) / (t1 - t0),
            "fps": (frames1 - frames0) / (t1 - t0),
            "frame_ms_median": statistics.median(intervals),
            "frame_ms_p90": p90(intervals),
        }
        context.close()
    if watch.outside_requests():
        print("warning: outside requests:", watch.outside_requests()[:3])
    return {
        "times": times,
        "http": load["http"],
        "ws": load["ws"],
        "canvas": (round(box["width"]), round(box["height"])),
        "camera": camera,
        "scrub": scrub,
        "play": play,
    }


def measure_deck(pw, tmp: Path, canvas: tuple[int, int], camera: dict) -> dict:
    server, base = _serve_root()
    try:
        context = launch_chromium(pw, tmp / "deck")
        page = context.new_page()
        page.set_viewport_size(VIEWPORT)
        view = f"lon={camera['longitude']}&lat={camera['latitude']}&zoom={camera['zoom']}"
        page.goto(f"{base}/bench/deck_floor.html?w={canvas[0]}&h={canvas[1]}&{view}")
        page.locator("#map[data-ready]").wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        keys = ["ArrowRight"] * (WARMUPS + CHANGES)
        times = _changes(page, "deck", "#map", keys)
        context.close()
    finally:
        server.shutdown()
    return {"times": times}


def _row(label: str, r: dict, a: dict | None = None, b: dict | None = None) -> str:
    med, hi = statistics.median(r["times"]), p90(r["times"])
    out = f"| {label} | {med:,.0f} ms | {hi:,.0f} ms |"
    for floor in (a, b):
        if floor:
            ratio_med = med / statistics.median(floor["times"])
            out += f" {ratio_med:.2f}x / {hi / p90(floor['times']):.2f}x |"
        else:
            out += " |"
    return out


def main() -> int:
    signal.signal(signal.SIGALRM, lambda *_: sys.exit("bench: over the run limit"))
    signal.alarm(RUN_LIMIT_S)
    import tempfile

    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        tmp_path = Path(tmp)
        bare = measure_bare(pw, tmp_path)
        print(f"floor A measured ({time.monotonic() - started:.0f} s)", flush=True)
        app = measure_instrument(pw, tmp_path)
        print(f"instrument measured ({time.monotonic() - started:.0f} s)", flush=True)
        deck = measure_deck(pw, tmp_path, app["canvas"], app["camera"])
    w, h = app["canvas"]
    cam = app["camera"]
    print(
        f"\nDate change to drawn, {CHANGES} changes each (median / p90), map canvas {w}x{h}, "
        f"camera {cam['longitude']:.1f}, {cam['latitude']:.1f}, zoom {cam['zoom']:.2f}:\n"
    )
    print("| | median | p90 | vs bare rerun (med / p90) | vs deck.gl floor (med / p90) |")
    print("|---|---|---|---|---|")
    print(_row("floor A: bare Streamlit rerun", bare))
    print(_row("floor B: bare deck.gl recolour", deck))
    print(_row("instrument: time-control step", app, bare, deck))
    s, p = app["scrub"], app["play"]
    print(
        f"\nTen-step scrub: {s['messages_out']} message(s) to the server, "
        f"{s['bytes_out']:,} B out, {s['bytes_in']:,} B back (websocket, decompressed)."
    )
    print(
        f"Play ({PLAY_SECONDS:.0f} s at 1x): {p['steps_per_s']:.1f} month steps/s, "
        f"{p['fps']:.1f} map frames/s, page frame time median {p['frame_ms_median']:.1f} ms, "
        f"p90 {p['frame_ms_p90']:.1f} ms."
    )
    print(
        f"First load: Explore {app['http'] / 1e6:.2f} MB HTTP + {app['ws'] / 1e3:.1f} KB "
        f"websocket; bare app {bare['http'] / 1e6:.2f} MB + {bare['ws'] / 1e3:.1f} KB."
    )
    print(f"\n(run took {time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
