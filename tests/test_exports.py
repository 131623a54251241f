"""apac.exports: how the offline files inline the app's map code and cite their sources.

(The files are opened in a browser, network blocked, by tests/browser/test_files_browser.py.)
"""

from __future__ import annotations

import base64
import json
import logging
from html.parser import HTMLParser

import pandas as pd
import pytest

from apac import exports


class _Scripts(HTMLParser):
    """The page's <script> elements as (attributes, text), and every src/href attribute."""

    def __init__(self):
        super().__init__()
        self.scripts: list[tuple[dict, str]] = []
        self.links: list[str] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.links += [v for k, v in attrs.items() if k in {"src", "href"}]
        if tag == "script":
            self._open = attrs
            self.scripts.append((attrs, ""))

    def handle_data(self, data):
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


@pytest.fixture(scope="module")
def map_file() -> str:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from apac import ui
    from apac.details import resolve
    from apac.geo import NAMED_VIEWS
    from apac.mapstate import compose_map_state
    from apac.state import ViewState

    rec = ui.record()
    view = ViewState(institutions=("apec",))
    names = ui.countries()["name"].to_dict()
    detail = resolve(rec, view.selection, ui.disputes(), ui.chokepoints(), view.as_of, names)
    state = compose_map_state(
        rec, ui.countries(), ui.disputes(), ui.chokepoints(), view, detail,
        NAMED_VIEWS[view.view], ui.served_urls(), browser_time=True,
    )  # fmt: skip
    spec = ui.map_spec(rec, view, state, timeControl=False, scrollZoom=False)
    return exports.story_html([exports.map_scene(rec, view, spec)], "map")


def test_vendor_and_modules_are_inlined_once(map_file):
    page = _Scripts()
    page.feed(map_file)
    assert page.links == []  # nothing linked: no src, no href
    kinds = [attrs.get("type", "classic") for attrs, _ in page.scripts]
    # One JSON payload, the two vendor builds, the import map, the module that starts it: no
    # "</script" inside the vendor code ended its element early.
    assert kinds == ["application/json", "classic", "classic", "importmap", "module"]
    for (_, text), name in zip(page.scripts[1:3], exports._VENDOR, strict=True):
        assert len(text) >= len(exports._static_text("vendor/" + name))
    assert map_file.count("JSONConverter") >= 1
    imports = json.loads(page.scripts[3][1])["imports"]
    assert sorted(imports) == sorted(f"apac/{name}" for name in exports._MODULES)
    for name, url in imports.items():
        code = base64.b64decode(url.split(",", 1)[1]).decode("utf-8")
        assert code == exports._module_source(name.split("/", 1)[1])
        assert "from './" not in code and 'from "./' not in code
    payload = json.loads(page.scripts[0][1])
    layers = payload["scenes"][0]["map"]["deck"]["layers"]
    served = {layer["data"] for layer in layers if isinstance(layer.get("data"), str)}
    assert not any(url.startswith("/app/") for url in served)
    assert "countries.geojson" in payload["files"]  # the polygons, embedded once
    assert set(payload["files"]) == {
        url[len(exports._PLACEHOLDER) :] for url in served if url.startswith(exports._PLACEHOLDER)
    }


def test_a_relative_import_of_another_file_is_refused(monkeypatch):
    monkeypatch.setattr(
        exports, "_static_text", lambda name: "import { x } from './elsewhere.js';\n"
    )
    with pytest.raises(ValueError, match="elsewhere.js"):
        exports._module_source("story.js")


def test_citations_are_readable_and_complete():
    from apac import ui

    sources = ui.record().sources
    for source_id, row in sources.iterrows():
        text = exports.citation(sources, source_id)
        assert text.startswith(str(row["title"]).strip())
        for column in ("author", "publisher"):
            if isinstance(row[column], str) and row[column].strip():
                assert row[column].strip() in text
        if not pd.isna(row["year"]):
            assert str(int(row["year"])) in text and ".0" not in text[-4:]
    assert exports.citation(sources, "no-such-source") == "no-such-source (source not found)"
