"""The instrument's front end: vendored libraries match the lockfile, JS helpers pass their tests,
and the component's loader points at the files Streamlit serves."""

from __future__ import annotations

import shutil
import subprocess

from scripts.vendor_js import check
from tests.conftest import ROOT


def test_vendored_libraries_match_the_lockfile_and_carry_their_licences():
    assert check() == []


def test_javascript_helpers_pass_their_unit_tests():
    node = shutil.which("node")
    assert node, "node is needed for tests/js (Debian: apt-get install nodejs)"
    result = subprocess.run(
        [node, "--test", "tests/js"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout


def test_the_loader_imports_the_served_module_by_content_version():
    from apac import instrument

    assert "/app/static/instrument/instrument.js?v=" in instrument._LOADER
    assert instrument._version() in instrument._LOADER
    assert (ROOT / "static" / "instrument" / "instrument.js").exists()
