"""Every page runs through Streamlit's AppTest without an exception and shows its core content."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")


def _run(page: str | None = None, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _deck(at: AppTest) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def test_explore_draws_an_offline_map():
    at = _run()
    deck = _deck(at)
    assert "mapStyle" not in deck or deck.get("mapProvider") in (None, "")
    assert "carto" not in json.dumps(deck).lower()
    ids = [layer["id"] for layer in deck["layers"]]
    assert {"countries", "disputes", "chokepoints"} <= set(ids)


def test_layer_toggle_removes_the_layer():
    at = _run()
    at.pills(key="layers").set_value(["chokepoints"]).run()
    ids = [layer["id"] for layer in _deck(at)["layers"]]
    assert "disputes" not in ids and "chokepoints" in ids
