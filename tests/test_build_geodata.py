"""Committed geodata/ and static/ equal what scripts/build_geodata.py makes from the raw drop."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

RAW = Path(os.environ.get("APAC_NE_RAW", ROOT.parent / "shared" / "data" / "naturalearth"))


def test_rebuild_reproduces_the_committed_files(tmp_path):
    if not (RAW / "ne_10m_admin_0_countries.geojson").exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the raw Natural Earth drop at {RAW}")
        pytest.skip(f"no raw Natural Earth drop at {RAW} (set APAC_NE_RAW)")
    copy = tmp_path / "repo"
    for part in ("scripts", "geodata", "static"):
        shutil.copytree(ROOT / part, copy / part)
    subprocess.run([sys.executable, str(copy / "scripts" / "build_geodata.py"), "--raw", str(RAW)],
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    for folder in ("geodata", "static"):
        names = sorted(p.name for p in (ROOT / folder).iterdir() if p.is_file())
        match, mismatch, errors = filecmp.cmpfiles(
            ROOT / folder, copy / folder, names, shallow=False
        )
        assert mismatch == [] and errors == [], (folder, mismatch, errors)
