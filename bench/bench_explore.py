"""Date-change latency and bytes of the Explore page against a bare Streamlit floor.

Run from the repo root:  make bench  (or .venv/bin/python bench/bench_explore.py)
Definitions (what "settled" means, what is counted) are in bench/README.md.
"""

from __future__ import annotations

import base64
import re
import signal
import statistics
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.support import PageWatch, launch_chromium, running_app  # noqa: E402

WARMUPS = 2
CHANGES = 11  # measured date changes per app (odd: ends one year on from the start)
FRESH = 4  # then this many changes to years not yet shown in the session
SETTLE_TIMEOUT_MS = 20_000  # one date change
LOAD_TIMEOUT_MS = 60_000  # first load (the app server is cold)
QUIET_MS = 400  # idle time after settled before the next key press
RUN_LIMIT_S = 240  # the whole run (SIGALRM)

START_YEAR = 1997


@dataclass
class Target:
    label: str
    script: str
    path: str
    text_sel: str  # element whose textContent must show the new year
    text_fmt: str  # regex, {year} filled in
    timeline: bool  # wait for the Vega rule to move
    canvas: bool  # wait for the deck canvas to be redrawn and stable


FLOOR = Target(
    "floor (bare app)",
    "bench/bare_app.py",
    "/",
    "[data-testid='stMain'] [data-testid='stMarkdownContainer']",
    r"^Value: {year}$",
    timeline=False,
    canvas=False,
)
EXPLORE = Target(
    "Explore (app.py)",
    "app.py",
    f"/?date={START_YEAR}&inst=apec,asean,arf",
    "[data-testid='stMain'] h3",
    r"^As of 31 December {year}\b",
    timeline=True,
    canvas=True,
)

# In-page probe. `settle` polls once per animation frame and resolves with
#   t0        = performance.now() of the ArrowLeft/ArrowRight keydown (capture listener),
#   settledAt = the first frame at which every condition held and the map canvas already
#               showed its final pixels (confirmed by 2 further frames with the same hash).
PROBE_JS = r"""
() => {
  if (window.__bench) return;
  const q = (s) => document.querySelector(s);
  const scriptState = () => q('[data-testid="stApp"]')?.getAttribute('data-test-script-state');
  const rule = () => q('[data-testid="stVegaLiteChart"] svg .mark-rule.role-mark line');
  const ruleX = () => {  // where the as-of rule is drawn, however Vega positions it
    const r = rule();
    return r ? r.getBoundingClientRect().x : null;
  };
  const deckCanvas = () => {
    const cs = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas')];
    if (!cs.length) return null;
    return cs.reduce((a, b) => (a.width * a.height >= b.width * b.height ? a : b));
  };
  let scratch = null;
  const canvasHash = () => {  // full-resolution FNV-1a over the RGBA words, plus ink share
    const src = deckCanvas();
    if (!src || !src.width || !src.height) return null;
    if (!scratch || scratch.width !== src.width || scratch.height !== src.height) {
      scratch = document.createElement('canvas');
      scratch.width = src.width; scratch.height = src.height;
    }
    const ctx = scratch.getContext('2d', { willReadFrequently: true });
    ctx.clearRect(0, 0, scratch.width, scratch.height);
    ctx.drawImage(src, 0, 0);
    const d = new Uint32Array(ctx.getImageData(0, 0, scratch.width, scratch.height).data.buffer);
    let h = 0x811c9dc5 | 0, ink = 0;
    for (let i = 0; i < d.length; i++) {
      h = Math.imul(h ^ d[i], 16777619);
      if (d[i] >>> 24) ink++;
    }
    const hash = (h >>> 0).toString(16) + ':' + src.width + 'x' + src.height;
    return { hash, ink: ink / d.length };
  };
  let t0 = null;
  window.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') t0 = performance.now();
  }, true);
  window.__bench = {
    snapshot() {
      const c = canvasHash();
      return { ruleX: ruleX(), hash: c ? c.hash : null, ink: c ? c.ink : null,
               state: scriptState() };
    },
    arm() { t0 = null; },
    settle(o) {
      return new Promise((resolve) => {
        const start = performance.now();
        const re = new RegExp(o.text);
        let condSince = null, lastHash = null, hashSince = null, stable = 0, frames = 0;
        const texts = () => [...document.querySelectorAll(o.textSel)].map((e) => e.textContent);
        const why = () => ({ state: scriptState(), text: texts(), ruleX: ruleX(),
                             ruleLabel: rule()?.getAttribute('aria-label') });
        const again = () => { requestAnimationFrame(tick); };
        const tick = () => {
          const t = performance.now();
          frames++;
          if (t - start > o.timeoutMs) { resolve({ ok: false, t0, frames, why: why() }); return; }
          let ok = scriptState() === 'notRunning' && texts().some((s) => re.test(s));
          if (ok && o.timeline) {
            const x = ruleX();
            ok = x !== null && (rule().getAttribute('aria-label') || '').includes(o.year)
                 && (o.prevRuleX === null || Math.abs(x - o.prevRuleX) > 0.5);
          }
          if (!ok) { condSince = null; lastHash = null; stable = 0; again(); return; }
          if (condSince === null) condSince = t;
          if (!o.canvas) {
            resolve({ ok: true, t0, settledAt: condSince, confirmedAt: t, frames });
            return;
          }
          const c = canvasHash();
          if (!c || c.ink < o.minInk) { lastHash = null; stable = 0; again(); return; }
          if (c.hash !== lastHash) { lastHash = c.hash; hashSince = t; stable = 0; } else stable++;
          if (stable >= 2) {
            resolve({ ok: true, t0, settledAt: hashSince, confirmedAt: t, frames,
                      hash: c.hash, ink: c.ink });
            return;
          }
          again();
        };
        again();
      });
    },
  };
}
"""


class WireSim:
    """Replays the server's permessage-deflate on the decompressed payloads CDP reports.

    Streamlit 1.67 serves through uvicorn's websockets-sansio, whose deflate factory uses
    memLevel 5 and the window bits / context takeover negotiated in the handshake (read from
    the Sec-WebSocket-Extensions response header). Wire bytes = compressed payload less the
    4-byte sync-flush tail, plus the unmasked frame header.
    """

    def __init__(self, extensions: str):
        self.enabled = "permessage-deflate" in extensions
        bits = re.search(r"server_max_window_bits=(\d+)", extensions)
        self.wbits = int(bits[1]) if bits else 15
        self.no_takeover = "server_no_context_takeover" in extensions
        self.enc = self._new()

    def _new(self):
        return zlib.compressobj(wbits=-self.wbits, memLevel=5)

    def wire(self, payload: bytes) -> int:
        if self.enabled:
            if self.no_takeover:
                self.enc = self._new()
            size = len(self.enc.compress(payload) + self.enc.flush(zlib.Z_SYNC_FLUSH)) - 4
        else:
            size = len(payload)
        return size + (2 if size < 126 else 4 if size < 65536 else 10)


@dataclass
class Net:
    """Everything the CDP Network domain reports for one page."""

    http: list[int] = field(default_factory=list)  # encodedDataLength per finished response
    http_urls: list[str] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)  # requestId -> url
    encodings: dict[str, str] = field(default_factory=dict)  # url -> content-encoding
    ws_in: list[tuple[int, int]] = field(default_factory=list)  # (payload bytes, est. wire)
    ws_out: list[int] = field(default_factory=list)
    inflight: set[str] = field(default_factory=set)
    ws_extensions: str | None = None
    sim: WireSim | None = None

    def attach(self, cdp) -> None:
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", lambda e: self.inflight.discard(e["requestId"]))
        cdp.on("Network.webSocketHandshakeResponseReceived", self._handshake)
        cdp.on("Network.webSocketFrameReceived", self._frame_in)
        cdp.on("Network.webSocketFrameSent", self._frame_out)
        cdp.send("Network.enable")

    def _request(self, e) -> None:
        self.inflight.add(e["requestId"])
        self.urls[e["requestId"]] = e["request"]["url"]

    def _response(self, e) -> None:
        headers = {k.lower(): v for k, v in e["response"].get("headers", {}).items()}
        self.encodings[e["response"]["url"]] = headers.get("content-encoding", "identity")

    def _finished(self, e) -> None:
        self.inflight.discard(e["requestId"])
        self.http.append(int(e.get("encodedDataLength", 0)))
        self.http_urls.append(self.urls.get(e["requestId"], "?"))

    def largest(self, mark, n: int = 3) -> list[tuple[int, str, str]]:
        done = zip(self.http[mark[0] :], self.http_urls[mark[0] :], strict=True)
        pairs = sorted(done, reverse=True)[:n]
        return [(size, urlparse(url).path, self.encodings.get(url, "?")) for size, url in pairs]

    def _handshake(self, e) -> None:
        headers = {k.lower(): v for k, v in e["response"].get("headers", {}).items()}
        self.ws_extensions = headers.get("sec-websocket-extensions", "")
        self.sim = WireSim(self.ws_extensions)

    @staticmethod
    def _payload(e) -> bytes | None:
        r = e["response"]
        if r.get("opcode") == 2:
            return base64.b64decode(r.get("payloadData", ""))
        if r.get("opcode") == 1:
            return r.get("payloadData", "").encode()
        return None  # control frames (if reported) are not payload

    def _frame_in(self, e) -> None:
        data = self._payload(e)
        if data is not None:
            wire = self.sim.wire(data) if self.sim else len(data)
            self.ws_in.append((len(data), wire))

    def _frame_out(self, e) -> None:
        data = self._payload(e)
        if data is not None:
            self.ws_out.append(len(data))

    def mark(self) -> tuple[int, int, int]:
        return len(self.http), len(self.ws_in), len(self.ws_out)

    def since(self, mark) -> dict:
        h, i, o = mark
        ws_in = self.ws_in[i:]
        return {
            "http": sum(self.http[h:]),
            "ws_in": sum(p for p, _ in ws_in),
            "ws_wire": sum(w for _, w in ws_in),
            "ws_frames": len(ws_in),
            "ws_out": sum(self.ws_out[o:]),
        }


def p90(values: list[float]) -> float:
    """90th percentile, linear interpolation between closest ranks (inclusive method)."""
    if len(values) == 1:
        return float(values[0])
    return statistics.quantiles(values, n=10, method="inclusive")[8]


def network_idle(page, net: Net, quiet_ms: int, timeout_ms: int) -> None:
    """Wait until no HTTP request has been in flight for quiet_ms."""
    deadline = time.monotonic() + timeout_ms / 1000
    quiet_since = None
    while time.monotonic() < deadline:
        page.wait_for_timeout(50)  # also lets Playwright dispatch the CDP events
        if net.inflight:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
            return
    raise TimeoutError(f"network not idle after {timeout_ms} ms: {len(net.inflight)} in flight")


def settle(page, t: Target, year: int, prev_rule_x, timeout_ms: int) -> dict:
    res = page.evaluate(
        "(o) => window.__bench.settle(o)",
        {
            "text": t.text_fmt.format(year=year),
            "textSel": t.text_sel,
            "year": str(year),
            "timeline": t.timeline,
            "prevRuleX": prev_rule_x,
            "canvas": t.canvas,
            "minInk": 0.5,
            "timeoutMs": timeout_ms,
        },
    )
    if not res["ok"]:
        raise TimeoutError(f"{t.label}: not settled on {year} within {timeout_ms} ms: {res['why']}")
    return res


def measure(pw, t: Target) -> dict:
    with running_app(t.script) as base, tempfile.TemporaryDirectory() as profile:
        ctx = launch_chromium(pw, Path(profile))
        try:
            page = ctx.new_page()
            page.set_default_timeout(30_000)
            watch = PageWatch()
            watch.attach(page)
            net = Net()
            net.attach(ctx.new_cdp_session(page))

            # First load: fresh profile (empty cache), until settled and the network is idle.
            start = net.mark()
            page.goto(base + t.path, timeout=LOAD_TIMEOUT_MS)
            page.wait_for_function(
                "() => document.querySelector('[data-testid=\"stApp\"]')"
                "?.getAttribute('data-test-script-state') === 'notRunning'",
                timeout=LOAD_TIMEOUT_MS,
            )
            page.evaluate(PROBE_JS)
            settle(page, t, START_YEAR, None, LOAD_TIMEOUT_MS)
            network_idle(page, net, 500, LOAD_TIMEOUT_MS)
            settle(page, t, START_YEAR, None, LOAD_TIMEOUT_MS)  # the map, after any fetch
            page.wait_for_timeout(QUIET_MS)
            first = net.since(start)
            largest = net.largest(start)

            slider = page.get_by_role("slider", name="As of (year)")
            late = 0

            def change(key: str, year: int) -> dict:
                nonlocal late
                slider.focus()
                before = page.evaluate("() => window.__bench.snapshot()")
                page.evaluate("() => window.__bench.arm()")
                mark = net.mark()
                page.keyboard.press(key)
                res = settle(page, t, year, before["ruleX"], SETTLE_TIMEOUT_MS)
                at_settle = net.mark()
                page.wait_for_timeout(QUIET_MS)  # late frames would land here (and count)
                if res["t0"] is None:
                    raise RuntimeError(f"{t.label}: the keydown never reached the page")
                late += net.mark()[1] - at_settle[1]
                return {
                    "ms": res["settledAt"] - res["t0"],
                    "detect": res["confirmedAt"] - res["settledAt"],
                    "redrawn": bool(t.canvas and res.get("hash") != before["hash"]),
                    **net.since(mark),
                }

            # Main series: alternate one year right / left. After the warm-ups both years'
            # messages of >= 1 KB (the app's global.minCachedMessageSize) are in Streamlit's
            # message cache (kept global.maxCachedMessageAge = 2 reruns): they come back as
            # references.
            year, series = START_YEAR, []
            for i in range(WARMUPS + CHANGES):
                key, year = ("ArrowRight", year + 1) if i % 2 == 0 else ("ArrowLeft", year - 1)
                c = change(key, year)
                if i >= WARMUPS:
                    series.append(c)
            # Supplementary series: years this session has never shown (no cache hits).
            fresh = []
            for _ in range(FRESH):
                year += 1
                fresh.append(change("ArrowRight", year))
            if slider.get_attribute("value") != str(year):
                raise RuntimeError(f"{t.label}: slider shows {slider.get_attribute('value')}")
            return {
                "changes": series,
                "fresh": fresh,
                "first": first,
                "late": late,
                "largest": largest,
                "extensions": net.ws_extensions,
                "outside": watch.outside_requests(),
                "errors": watch.errors(),
            }
        finally:
            ctx.close()


def kb(n: float) -> str:
    return f"{n / 1000:,.1f} KB" if n >= 1000 else f"{n:,.0f} B"


def ms(v: float) -> str:
    return f"{v:,.0f} ms"


def report(floor: dict, app: dict, elapsed: float) -> None:
    def col(r, k, series="changes"):
        return [c[k] for c in r[series]]

    def med(r, k, series="changes"):
        return statistics.median(col(r, k, series))

    def ratio(f, a):
        return f"{a / f:.1f}x" if f else "-"

    def trio(name, f, a, fmt, with_ratio=True):
        return (name, fmt(f), fmt(a), ratio(f, a) if with_ratio else "")

    ft, at = col(floor, "ms"), col(app, "ms")
    ff, af = floor["first"], app["first"]
    rows = [
        trio("date change -> settled, median", statistics.median(ft), statistics.median(at), ms),
        trio("date change -> settled, p90", p90(ft), p90(at), ms),
        (
            "  (min .. max)",
            f"{min(ft):,.0f} .. {max(ft):,.0f} ms",
            f"{min(at):,.0f} .. {max(at):,.0f} ms",
            "",
        ),
        trio(
            "websocket in per change, median (decompressed)",
            med(floor, "ws_in"),
            med(app, "ws_in"),
            kb,
        ),
        trio(
            "  same, simulated wire (permessage-deflate)",
            med(floor, "ws_wire"),
            med(app, "ws_wire"),
            kb,
        ),
        trio(
            "  messages per change, median",
            med(floor, "ws_frames"),
            med(app, "ws_frames"),
            lambda v: f"{v:.0f}",
            False,
        ),
        trio("websocket out per change, median", med(floor, "ws_out"), med(app, "ws_out"), kb),
        trio("HTTP per change, median (encoded)", med(floor, "http"), med(app, "http"), kb, False),
        trio(
            f"fresh year ({FRESH} changes): settled, median",
            med(floor, "ms", "fresh"),
            med(app, "ms", "fresh"),
            ms,
        ),
        trio(
            "  websocket in per change, median (decompressed)",
            med(floor, "ws_in", "fresh"),
            med(app, "ws_in", "fresh"),
            kb,
        ),
        trio(
            "  same, simulated wire (permessage-deflate)",
            med(floor, "ws_wire", "fresh"),
            med(app, "ws_wire", "fresh"),
            kb,
        ),
        trio("first load: HTTP responses (encoded)", ff["http"], af["http"], kb),
        trio("first load: websocket in (decompressed)", ff["ws_in"], af["ws_in"], kb),
        trio("  same, simulated wire (permessage-deflate)", ff["ws_wire"], af["ws_wire"], kb),
        trio(
            "first load: total (HTTP + websocket decompressed)",
            ff["http"] + ff["ws_in"],
            af["http"] + af["ws_in"],
            kb,
        ),
    ]
    head = ("", "floor (bare app)", "Explore", "ratio")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]

    def line(r):
        return (
            f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]:>{widths[3]}}"
        ).rstrip()

    redrawn = sum(col(app, "redrawn")) + sum(col(app, "redrawn", "fresh"))
    n_app = len(app["changes"]) + len(app["fresh"])
    print()
    print(
        f"Explore date-change benchmark: {len(at)} measured changes per app after {WARMUPS} "
        f"warm-ups, alternating {START_YEAR}<->{START_YEAR + 1} with ArrowRight/ArrowLeft on "
        "'As of (year)';"
    )
    print(
        f"then {FRESH} ArrowRight changes to years not yet shown in the session. "
        f"Explore URL {EXPLORE.path}; ratio = Explore / floor."
    )
    print(line(head))
    print(line(tuple("-" * w for w in widths)))
    for r in rows:
        print(line(r))
    print()
    print(
        f"Map canvas changed in {redrawn}/{n_app} Explore changes. Settle detection took a "
        f"further {med(app, 'detect'):.0f} ms (median; not counted)."
    )
    print(
        "Alternating years: after the warm-ups both years' messages of >= 1 KB (map, table...) "
        "are in Streamlit's"
    )
    print(
        "  message cache (kept 2 reruns), so they come back as ~74 B references; the 'fresh "
        "year' rows re-send them."
    )
    print(
        "Websocket bytes are the decompressed payloads Chromium reports over CDP. The app sets "
        "server.enableWebsocketCompression,"
    )
    print(f"  so the wire is smaller. Negotiated: {app['extensions'] or 'none'!r};")
    print(
        "  the 'simulated wire' rows replay that deflate on the payloads (an estimate, frame "
        "headers included)."
    )
    print(
        "HTTP bytes are CDP encodedDataLength (as received: headers included, after any gzip;"
        " Streamlit 1.67 serves its /static/"
    )
    print("  JS bundles and the root document uncompressed on purpose, leaving that to a proxy).")
    print(
        "  Largest first-load responses (Explore): "
        + "; ".join(f"{urlpath} {kb(size)} ({enc})" for size, urlpath, enc in app["largest"])
    )
    print("Timings: software WebGL; server and browser share the CPU. Compare rows, don't quote.")
    for label, r in (("floor", floor), ("Explore", app)):
        if r["late"]:
            print(
                f"NOTE {label}: {r['late']} websocket message(s) arrived after settled "
                "(counted in their change)."
            )
        if r["outside"]:
            print(f"WARNING {label}: requests outside localhost: {r['outside']}")
        if r["errors"]:
            print(f"WARNING {label}: console errors: {r['errors'][:3]}")
    print(f"Total run {elapsed:.0f} s.")


def _alarm(signum, frame):
    raise TimeoutError(f"benchmark exceeded {RUN_LIMIT_S} s")


def main() -> int:
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(RUN_LIMIT_S)
    t_start = time.monotonic()
    with sync_playwright() as pw:
        floor = measure(pw, FLOOR)
        print(f"floor done ({time.monotonic() - t_start:.0f} s)", file=sys.stderr)
        app = measure(pw, EXPLORE)
    signal.alarm(0)
    report(floor, app, time.monotonic() - t_start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
