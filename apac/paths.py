"""Where the app's bundled data lives, resolved from this file (never the working directory)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata"
EVENTS = ROOT / "events"


def events_dir() -> Path:
    """The record's folder: events/, or APAC_EVENTS_DIR (tests point it at broken copies)."""
    return Path(os.environ.get("APAC_EVENTS_DIR") or EVENTS)


STATIC = ROOT / "static"


def geodata_dir() -> Path:
    """The processed geodata: geodata/, or APAC_GEODATA_DIR (resolved at call time, for tests)."""
    return Path(os.environ.get("APAC_GEODATA_DIR") or GEODATA)


def static_dir() -> Path:
    """The browser's files as the app checks them: static/, or APAC_STATIC_DIR (for tests).

    Streamlit itself always serves static/ beside app.py; the override only moves what the
    app reads and validates, so tests can break copies without touching the real folder.
    """
    return Path(os.environ.get("APAC_STATIC_DIR") or STATIC)


#: URL prefix under which Streamlit serves static/ (server.enableStaticServing).
STATIC_URL = "app/static"

#: Files in static/ derived from the data and fetched once by the browser (apac/served.py).
TIMELINE_MARKS = "timeline.csv"
DISPUTE_POINTS = "dispute_points.json"
CHOKEPOINT_POINTS = "chokepoint_points.json"
