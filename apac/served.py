"""Files the browser fetches once over HTTP from static/, so a rerun need not re-send them.

Each file is derived from the validated data by `served_contents`. scripts/build_served.py
writes them; tests/test_served.py fails when a committed copy is stale; and at run time a copy
that differs from what the data gives is never used: the page then sends that data inline,
which costs bytes but cannot show anything other than the validated record.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from apac.data import Record
from apac.layers import chokepoint_points, dispute_points
from apac.paths import (
    CHOKEPOINT_POINTS,
    DISPUTE_POINTS,
    STATIC_URL,
    TIMELINE_MARKS,
    static_dir,
)
from apac.timeline import all_marks_csv


def _json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def served_contents(
    record: Record, disputes: pd.DataFrame, chokepoints: pd.DataFrame
) -> dict[str, str]:
    """File name under static/ -> the text it must hold."""
    names = record.entities["name"].to_dict()
    return {
        TIMELINE_MARKS: all_marks_csv(record),
        DISPUTE_POINTS: _json(dispute_points(disputes, names)),
        CHOKEPOINT_POINTS: _json(chokepoint_points(chokepoints)),
    }


def served_url(name: str, content: str, static: Path | None = None) -> str | None:
    """The URL of static/`name`, versioned by content, if it holds exactly `content`; else None."""
    try:
        on_disk = ((static or static_dir()) / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if on_disk != content:
        return None
    return f"/{STATIC_URL}/{name}?v={hashlib.sha1(content.encode()).hexdigest()[:12]}"
