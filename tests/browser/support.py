"""Helpers for real-browser tests: start the app, launch Debian's Chromium, watch requests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("APAC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_PROBES = ("/_stcore/health", "/_stcore/host-config")
_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(script: str = "app.py", timeout: float = 60.0, env: dict[str, str] | None = None):
    """Start `streamlit run` on a free local port; yield its base URL; stop it afterwards.

    `env`: extra environment variables for the server (e.g. APAC_EVENTS_DIR).
    """
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = (ARTIFACTS / f"server-{port}.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {log.name}")
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer within {timeout}s; see {log.name}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@dataclass
class Balanced:
    """The balanced setup of `make serve`: the users' URL, the app processes' PIDs, its logs."""

    url: str
    app_pids: list[int]
    haproxy_log: Path


@contextmanager
def running_balanced(workers: int = 2, timeout: float = 150.0):
    """Start scripts/serve.sh (HAProxy + `workers` app processes) on a free loopback port;
    yield a Balanced; stop every process it started afterwards (TERM to the script)."""
    import signal

    port = free_port()
    serve_dir = ARTIFACTS / f"serve-{port}"
    serve_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "WORKERS": str(workers),
        "PORT": str(port),
        "ADDRESS": "127.0.0.1",
        "PYTHON": sys.executable,
        "SERVE_DIR": str(serve_dir),
    }
    log = (serve_dir / "serve.log").open("w")
    proc = subprocess.Popen(
        ["bash", "scripts/serve.sh"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    try:
        while "Serving the atlas" not in (serve_dir / "serve.log").read_text():
            if proc.poll() is not None:
                raise RuntimeError(f"scripts/serve.sh exited early; see {log.name}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"scripts/serve.sh not ready within {timeout}s; see {log.name}")
            time.sleep(0.3)
        children = subprocess.run(
            ["pgrep", "-P", str(proc.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        app_pids = [
            int(pid)
            for pid in children
            if "streamlit" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
        ]
        yield Balanced(f"http://127.0.0.1:{port}", app_pids, serve_dir / "haproxy.log")
    finally:
        proc.terminate()  # the script's trap stops the app processes and HAProxy
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def launch_chromium(playwright, user_data_dir: Path):
    """A persistent headless Chromium context with a fresh profile (Debian's binary)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            f"Chromium not found at {CHROMIUM}: run `bash scripts/ensure_chromium.sh` "
            "(browser tests never skip)"
        )
    return playwright.chromium.launch_persistent_context(
        str(user_data_dir),
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": 1400, "height": 950},
    )


@dataclass
class PageWatch:
    """Every request a page makes and every console error it logs."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("request", lambda req: self.requests.append(req.url))
        page.on("response", lambda r: self.failed.append(r.url) if r.status >= 400 else None)
        page.on(
            "console",
            lambda msg: self.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))

    def errors(self) -> list[str]:
        """Console errors, less the 404s of Streamlit's own base-path probe on a deep link.

        Opening /explore?..., Streamlit's frontend first asks /explore/_stcore/health and
        /explore/_stcore/host-config to find the app's base path, and Chromium logs each 404.
        Those (and only those) are expected; any other failed load still counts.
        """
        probes = [u for u in self.failed if urlparse(u).path.endswith(_PROBES)]
        others = [u for u in self.failed if u not in probes]
        errors = list(self.console_errors)
        for _ in probes:
            if not others and _404 in errors:
                errors.remove(_404)
        return errors

    def outside_requests(self) -> list[str]:
        out = []
        for url in self.requests:
            parsed = urlparse(url)
            if parsed.scheme in {"data", "blob", "about", "file", "chrome-extension"}:
                continue
            if parsed.hostname not in LOCAL_HOSTS:
                out.append(url)
        return out


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script and the page has settled.

    `data-test-script-state` on the app root is what drives Streamlit's own running indicator;
    it must read "notRunning" twice, 300 ms apart, so a rerun that is about to start is not missed,
    and no element may still be waiting for its code.
    """
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    done = (
        "() => document.querySelector(\"[data-testid='stApp']\")"
        "?.getAttribute('data-test-script-state') === 'notRunning'"
    )
    for _ in range(2):
        page.wait_for_function(done, timeout=timeout)
        page.wait_for_timeout(300)
    page.wait_for_function(done, timeout=timeout)
    # A fresh profile fetches each element's code on first use; until it arrives the element is
    # a grey placeholder (stSkeleton) although the script has finished.
    page.wait_for_function(
        "() => !document.querySelector(\"[data-testid='stSkeleton']\")", timeout=timeout
    )


#: The map's canvas: the instrument's (in its shadow root) or a st.pydeck_chart's.
MAP_CANVAS = ".apac-map canvas, [data-testid='stDeckGlJsonChart'] canvas"

#: querySelectorAll through open shadow roots (the instrument renders in one).
DEEP_QUERY_JS = """
const deepAll = (sel, root = document) => {
  const found = [...root.querySelectorAll(sel)];
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) found.push(...deepAll(sel, el.shadowRoot));
  }
  return found;
};
"""

#: Canvases per instrument map: land, fixed overlays, dated markers (instrument.js tiersOf).
MAP_CANVASES = 3

#: The canvases drawn as one map with `src`, bottom to top: the instrument stacks three (land,
#: fixed overlays, dated markers; static/instrument/instrument.js tiersOf), all of one size.
STACK_JS = """
const stackOf = (src) => [...src.parentNode.children].filter(
  (c) => c.tagName === 'CANVAS' && c.width === src.width && c.height === src.height);
"""

#: Shares of the map canvas (scaled to 200 px wide) that are drawn at all, and that are drawn
#: in anything but `ocean` (more than 30 off it, summed over r, g, b); -1 without a canvas.
CANVAS_INK_JS = (
    """
([sel, ocean]) => {
  """
    + DEEP_QUERY_JS
    + STACK_JS
    + """
  const canvases = deepAll(sel);
  if (!canvases.length) return { drawn: -1, land: -1 };
  const src = canvases.reduce((a, b) => (a.width * a.height >= b.width * b.height ? a : b));
  const c = document.createElement('canvas');
  c.width = 200; c.height = Math.max(1, Math.round(200 * src.height / src.width));
  const ctx = c.getContext('2d');
  for (const layer of stackOf(src)) ctx.drawImage(layer, 0, 0, c.width, c.height);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  let drawn = 0, land = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] === 0) continue;
    drawn++;
    const off = Math.abs(d[i] - ocean[0]) + Math.abs(d[i + 1] - ocean[1])
      + Math.abs(d[i + 2] - ocean[2]);
    if (off > 30) land++;
  }
  const n = c.width * c.height;
  return { drawn: drawn / n, land: land / n };
}
"""
)


def _ink(page, selector: str) -> dict[str, float]:
    from apac.layers import OCEAN

    return page.evaluate(CANVAS_INK_JS, [selector, OCEAN[:3]])


def land_share(page, selector: str = MAP_CANVAS) -> float:
    """Share of the map canvas (0..1) in any colour but the ocean (apac.layers.OCEAN)."""
    return _ink(page, selector)["land"]


def canvas_drawn_share(page, selector: str = MAP_CANVAS) -> float:
    """Share of the map canvas (0..1) with drawn (non-transparent) pixels."""
    return _ink(page, selector)["drawn"]


def map_view(page) -> tuple[float, float, float]:
    """The instrument's camera (longitude, latitude, zoom) as it draws now."""
    view = json.loads(page.locator(".apac-map").first.get_attribute("data-view"))
    return view["longitude"], view["latitude"], view["zoom"]


def map_pixel(
    page, lon: float, lat: float, view: tuple[float, float, float] | None = None
) -> tuple[float, float]:
    """Page coordinates of a (Pacific-frame) lon/lat on the map; `view` defaults to the
    instrument's current camera."""
    import math

    view = view or map_view(page)
    box = page.locator(".apac-map, [data-testid='stDeckGlJsonChart']").first.bounding_box()
    size = 512 * 2 ** view[2]

    def project(lo, la):
        x = (lo + 180) / 360 * size
        y = (1 - math.log(math.tan(math.pi / 4 + math.radians(la) / 2)) / math.pi) / 2 * size
        return x, y

    cx, cy = project(view[0], view[1])
    x, y = project(lon, lat)
    return box["x"] + box["width"] / 2 + (x - cx), box["y"] + box["height"] / 2 + (y - cy)


def wait_for_map(page, timeout: float = 30_000) -> None:
    """Wait until the instrument's map has drawn (its camera and date are set)."""
    page.wait_for_selector(".apac-map canvas", timeout=timeout)
    page.wait_for_selector(".apac-map[data-view][data-day]", timeout=timeout)
    page.wait_for_timeout(800)


def shown_markers(page) -> dict[str, int]:
    """How many summit and incident markers the map draws for its date and window."""
    return json.loads(page.locator(".apac-map").first.get_attribute("data-shown") or "{}")


def wait_rerun(page, timeout: float = 30_000) -> None:
    """Wait for a rerun the last action started to finish."""
    page.wait_for_timeout(400)
    wait_for_app(page, timeout)


def member_names(page) -> list[str]:
    """The members listed in the footprint table (the page's last table), as shown."""
    table = page.locator("[data-testid='stTable'] table").last
    return [t.strip() for t in table.locator("tbody th").all_inner_texts()]


def detail_heading(page) -> str:
    return page.locator("h4").first.inner_text()


def query_of(page) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlparse

    return dict(parse_qsl(urlparse(page.url).query))


CANVAS_ROW_JS = (
    """
([sel, y, x0, x1]) => {
  """
    + DEEP_QUERY_JS
    + STACK_JS
    + """
  const canvases = deepAll(sel);
  const src = canvases.reduce((a, b) => (a.width * a.height >= b.width * b.height ? a : b));
  const box = src.getBoundingClientRect();
  const sx = src.width / box.width, sy = src.height / box.height;
  const c = document.createElement('canvas');
  c.width = src.width; c.height = src.height;
  const ctx = c.getContext('2d');
  for (const layer of stackOf(src)) ctx.drawImage(layer, 0, 0);
  const row = Math.round((y - box.top) * sy);
  const out = [];
  const step = x1 >= x0 ? 1 : -1;
  for (let x = x0; step > 0 ? x <= x1 : x >= x1; x += step) {
    const d = ctx.getImageData(Math.round((x - box.left) * sx), row, 1, 1).data;
    out.push([d[0], d[1], d[2]]);
  }
  return out;
}
"""
)


def canvas_row(page, y: float, x0: float, x1: float, selector: str = MAP_CANVAS) -> list:
    """The map canvas's [r, g, b] pixels along page row y, from page x0 to x1 (either way)."""
    return page.evaluate(CANVAS_ROW_JS, [selector, y, round(x0), round(x1)])


def near(pixel, rgba, tolerance: int = 12) -> bool:
    """True when a sampled pixel is within `tolerance` per channel of a palette colour."""
    return all(abs(int(p) - int(c)) <= tolerance for p, c in zip(pixel, rgba[:3], strict=True))
