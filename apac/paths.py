"""Where the app's bundled data lives, resolved from this file (never the working directory)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata"
EVENTS = ROOT / "events"
STATIC = ROOT / "static"

#: URL prefix under which Streamlit serves static/ (server.enableStaticServing).
STATIC_URL = "app/static"
