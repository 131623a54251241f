"""Load bench: N concurrent Streamlit sessions on Explore, one process alone vs `make serve`.

    make load      # or: .venv/bin/python bench/load.py [--sessions 10,30,60] [--duration 30]

Each session is what a student's tab does, spoken directly over Streamlit's websocket with its
own protobufs: GET the page (which sets the balancer's SERVERID cookie), open
/_stcore/stream with that cookie, ask for a view (a `rerun_script` with the URL's query
string), then every 1-2 s after the last view settled, ask for another (a random date and set of
institutions). "Settle" is the time from sending the request to the server's
`script_finished` for it. Loopback only (127.0.0.1); bounded in sessions, time and the whole run.
See bench/README.md for what is printed and the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import statistics
import sys
import tempfile
import time
import tomllib
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from apac import data  # noqa: E402
from tests.browser.support import running_app, running_balanced  # noqa: E402

MAX_SESSIONS = 100
MAX_DURATION_S = 120
RUN_LIMIT_S = 30 * 60  # the whole run (SIGALRM)
SETTLE_TIMEOUT_S = 60  # a view not settled by then is an error; that session then leaves
FIRST_LINK = {"date": "1997", "inst": "apec,asean"}
LOOPBACK = {"127.0.0.1", "localhost"}


# ---------------------------------------------------------------------------- one session
@dataclass
class Tally:
    first: list[float] = field(default_factory=list)  # s, link opened -> first view settled
    changes: list[float] = field(default_factory=list)  # s, view asked -> settled
    errors: Counter = field(default_factory=Counter)


def _random_view(rng: random.Random, institutions: list[str]) -> dict[str, str]:
    year = rng.randint(1989, 2013)
    date = f"{year}-{rng.randint(1, 12):02d}" if rng.random() < 0.25 else str(year)
    chosen = rng.sample(institutions, rng.randint(1, 4))
    return {"date": date, "inst": ",".join(chosen)}


def _rerun(base: str, query: dict[str, str]) -> bytes:
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = urlencode(query)
    state.page_script_hash = ""
    state.context_info.url = f"{base}/?{state.query_string}"
    state.context_info.timezone = "UTC"
    state.context_info.locale = "en-GB"
    return msg.SerializeToString()


async def _settle(ws) -> int:
    """Read until the run finishes; return the number of exceptions the page showed."""
    shown = 0
    while True:
        msg = ForwardMsg()
        msg.ParseFromString(await ws.recv())
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            shown += msg.delta.new_element.WhichOneof("type") == "exception"
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                return shown
            if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                raise RuntimeError("script error")
            # FINISHED_EARLY_FOR_RERUN: the app reran itself; wait for that run


def _get_page(url: str) -> str:
    """The page itself, as a browser asks for it first; returns the Cookie to send back."""
    with urllib.request.urlopen(url, timeout=30) as resp:
        resp.read()
        cookies = [c.split(";", 1)[0] for c in resp.headers.get_all("Set-Cookie") or []]
    return "; ".join(cookies)


async def student(
    base: str, stop_at: float, tally: Tally, rng: random.Random, institutions: list[str]
) -> None:
    query = FIRST_LINK
    try:
        t0 = time.monotonic()
        cookie = await asyncio.to_thread(_get_page, f"{base}/?{urlencode(query)}")
        ws_url = base.replace("http://", "ws://") + "/_stcore/stream"
        headers = {"Cookie": cookie} if cookie else {}
        async with connect(
            ws_url,
            subprotocols=["streamlit"],
            additional_headers=headers,
            max_size=None,
            open_timeout=SETTLE_TIMEOUT_S,
        ) as ws:
            await ws.send(_rerun(base, query))
            shown = await asyncio.wait_for(_settle(ws), SETTLE_TIMEOUT_S)
            tally.first.append(time.monotonic() - t0)
            tally.errors["exception shown"] += shown
            while time.monotonic() < stop_at:
                await asyncio.sleep(rng.uniform(1.0, 2.0))
                query = _random_view(rng, institutions)
                t0 = time.monotonic()
                await ws.send(_rerun(base, query))
                shown = await asyncio.wait_for(_settle(ws), SETTLE_TIMEOUT_S)
                tally.changes.append(time.monotonic() - t0)
                tally.errors["exception shown"] += shown
    except TimeoutError:
        tally.errors[f"not settled in {SETTLE_TIMEOUT_S} s"] += 1
    except Exception as exc:  # a bench counts what went wrong and carries on
        tally.errors[type(exc).__name__] += 1


# ---------------------------------------------------------------------------- memory
def rss_mib(pid: int) -> float:
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", text)[1]) / 1024


def app_pid_on(port: int) -> int:
    """The `streamlit run` process listening on `port` (started by running_app)."""
    needle = f"--server.port\0{port}\0".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if needle in (entry / "cmdline").read_bytes():
                    return int(entry.name)
            except OSError:
                continue
    raise RuntimeError(f"no app process on port {port}")


async def sample_peak(pids: list[int], peak: dict[int, float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        for pid in pids:
            peak[pid] = max(peak.get(pid, 0.0), rss_mib(pid))
        await asyncio.sleep(0.5)


# ---------------------------------------------------------------------------- one setup
@dataclass
class Step:
    sessions: int
    tally: Tally
    peak: dict[int, float]
    after: dict[int, float]
    load: float = 0.0  # the machine's 1-minute load average when the class ended


async def drive(base: str, n: int, duration: float, pids: list[int], seed: int) -> Step:
    institutions = list(data.read_record().institutions.index)
    tally, peak, stop = Tally(), {}, asyncio.Event()
    sampler = asyncio.create_task(sample_peak(pids, peak, stop))
    stop_at = time.monotonic() + duration
    ramp = min(5.0, duration / 4)  # a class opens the link within a few seconds
    tasks = []
    for i in range(n):
        rng = random.Random(seed * 1000 + i)
        tasks.append(asyncio.create_task(student(base, stop_at, tally, rng, institutions)))
        await asyncio.sleep(ramp / n)
    await asyncio.gather(*tasks)
    stop.set()
    await sampler
    return Step(n, tally, peak, {}, os.getloadavg()[0])


def streamlit_setting(section: str, name: str, default):
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    return config.get(section, {}).get(name, default)


def run_setup(label: str, base: str, pids: list[int], args) -> dict:
    """Idle, then each class size in turn: peak while it works, RSS once it has left."""
    # One visit per process fills its caches (round robin: a new visitor goes to the next one).
    asyncio.run(drive(base, len(pids), 0, pids, seed=0))
    time.sleep(3)
    idle = {pid: rss_mib(pid) for pid in pids}
    steps = []
    for n in args.sessions:
        print(f"  {label}: {n} sessions for {args.duration:.0f} s ...", flush=True)
        step = asyncio.run(drive(base, n, args.duration, pids, seed=n))
        time.sleep(args.after)
        step.after = {pid: rss_mib(pid) for pid in pids}
        steps.append(step)
    return {"label": label, "pids": pids, "idle": idle, "steps": steps}


# ---------------------------------------------------------------------------- first load
def first_load_bytes(url: str, profile: Path) -> int:
    """HTTP bytes as received (headers included, after any gzip) by a fresh Chromium profile
    opening `url` until the map has drawn and the network has been quiet for a second."""
    from playwright.sync_api import sync_playwright

    from tests.browser.support import launch_chromium, wait_for_app, wait_for_map

    with sync_playwright() as pw:
        context = launch_chromium(pw, profile)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        received: list[int] = []
        cdp.on("Network.loadingFinished", lambda e: received.append(e["encodedDataLength"]))
        cdp.send("Network.enable")
        page.goto(url)
        wait_for_app(page)
        wait_for_map(page)  # the instrument has drawn (data-day set, canvases in place)
        count = -1
        while count != len(received):
            count = len(received)
            page.wait_for_timeout(1000)
        context.close()
    return sum(received)


# ---------------------------------------------------------------------------- report
def pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(setups: list[dict], first_load: dict[str, int], args, elapsed: float) -> None:
    ttl = streamlit_setting("server", "disconnectedSessionTTL", 120)
    print()
    print(
        f"Load bench: Explore, each session asks for a new view 1-2 s after the last settled, "
        f"{args.duration:.0f} s per class size; RSS 'after' {args.after:.0f} s after the class "
        f"left (server.disconnectedSessionTTL = {ttl} s). {os.cpu_count()} cores, "
        f"run took {elapsed:.0f} s."
    )
    head = (
        f"{'setup':<22}{'sessions':>9}{'views':>7}{'first p50':>10}{'first p95':>10}"
        f"{'change p50':>11}{'change p95':>11}{'errors':>8}{'load':>6}"
        "   RSS MiB per process idle/peak/after"
    )
    print(head)
    print("-" * len(head))
    for setup in setups:
        for step in setup["steps"]:
            t = step.tally
            rss = "  ".join(
                f"{setup['idle'][p]:.0f}/{step.peak.get(p, float('nan')):.0f}/{step.after[p]:.0f}"
                for p in setup["pids"]
            )
            print(
                f"{setup['label']:<22}{step.sessions:>9}{len(t.changes):>7}"
                f"{pct(t.first, 50):>9.2f}s{pct(t.first, 95):>9.2f}s"
                f"{pct(t.changes, 50):>10.2f}s{pct(t.changes, 95):>10.2f}s"
                f"{sum(t.errors.values()):>8}{step.load:>6.1f}   {rss}"
            )
            for what, count in sorted(t.errors.items()):
                if count:
                    print(f"{'':<22}  error: {what} x{count}")
    print()
    for name, size in first_load.items():
        print(f"First load of {'/?' + urlencode(FIRST_LINK)}, {name}: {size / 1e6:.2f} MB")


def _alarm(signum, frame):
    raise TimeoutError(f"the load bench passed its {RUN_LIMIT_S} s limit")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="10,30,60", help="class sizes, comma-separated")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per class size")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--after", type=float, default=None, help="seconds to wait after a class leaves"
    )
    parser.add_argument("--setups", default="single,balanced", help="single, balanced or both")
    args = parser.parse_args()
    args.sessions = [int(n) for n in args.sessions.split(",")]
    if not all(1 <= n <= MAX_SESSIONS for n in args.sessions):
        parser.error(f"each class size must be 1..{MAX_SESSIONS}")
    if not 1 <= args.duration <= MAX_DURATION_S:
        parser.error(f"--duration must be 1..{MAX_DURATION_S} s")
    if args.after is None:
        args.after = streamlit_setting("server", "disconnectedSessionTTL", 120) + 10
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(RUN_LIMIT_S)
    started = time.monotonic()
    setups, first_load = [], {}
    link = "/?" + urlencode(FIRST_LINK)
    if "single" in args.setups:
        with running_app() as base, tempfile.TemporaryDirectory() as tmp:
            assert urlparse(base).hostname in LOOPBACK
            setups.append(run_setup("1 process", base, [app_pid_on(urlparse(base).port)], args))
            first_load["direct to one process"] = first_load_bytes(base + link, Path(tmp))
    if "balanced" in args.setups:
        with running_balanced(args.workers) as balanced, tempfile.TemporaryDirectory() as tmp:
            assert urlparse(balanced.url).hostname in LOOPBACK
            label = f"HAProxy + {args.workers} processes"
            setups.append(run_setup(label, balanced.url, balanced.app_pids, args))
            first_load["through HAProxy (gzip)"] = first_load_bytes(balanced.url + link, Path(tmp))
    signal.alarm(0)
    report(setups, first_load, args, time.monotonic() - started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
