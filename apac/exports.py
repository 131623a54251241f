"""Things to take away: CSV, timeline PNG/SVG, a standalone map HTML and an offline briefing pack.

The two HTML files draw with the app's own map: static/instrument/instrument.js (the
MapInstrument that Explore and the Briefing mount), dates.js and story.js (the scene stepper),
fed each scene's `ui.map_spec(...)` as a dict, so a file has the live page's legend, colour
steps and labels. Every file renders from file:// with no outside request:

- deck.gl and @deck.gl/json (static/vendor/) are inlined ONCE as classic scripts; they define
  `window.deck`, so the instrument never loads them itself. "</script" and "<!--" are escaped
  so the code cannot end or comment out its script element.
- Our ES modules cannot be imported from file:// (Chromium blocks module fetches from a file
  page). They go in as `data:text/javascript;base64,...` URLs under an import map. A relative
  import ("./dates.js") cannot be resolved against a data: URL, and an import map's "./" key
  is resolved against the page's URL, so it would not match either: the only build step
  rewrites each module's relative imports of our own modules to bare specifiers
  ("apac/dates.js") that the import map maps. Any other relative import raises.
- The served GeoJSON files (`/app/static/...` URLs in the deck JSON) are embedded once, as JSON
  text, and story.js turns each into a blob: URL (`portable_deck` puts a placeholder there).
- No font, stylesheet or basemap is linked; text is set with textContent only.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import asdict, dataclass, is_dataclass
from functools import lru_cache

import altair as alt
import pandas as pd
import vl_convert as vlc

from apac.membership import short_names
from apac.paths import STATIC, STATIC_URL
from apac.text import html_text, script_json

_PLACEHOLDER = "__APAC_STATIC__/"
#: Classic scripts inlined before the modules (they define window.deck and deck.JSONConverter).
_VENDOR = ("deck.gl/dist.min.js", "@deck.gl__json/dist.min.js")
#: Our modules, importable by bare specifier "apac/<name>" in the file.
_MODULES = ("dates.js", "tween.js", "picture.js", "instrument.js", "story.js")
_RELATIVE_IMPORT = re.compile(r"""(\bfrom\s*|\bimport\s*\(?\s*)(['"])\./([\w.-]+)\2""")


@dataclass(frozen=True)
class ExportScene:
    """One scene of a file: heading, date label, caption, readable citations and the map spec.

    `map` is the instrument's MapSpec (or its dict): build it with `ui.map_spec(...)`.
    """

    title: str
    when: str
    caption: str
    sources: list[str]
    map: object


def citation(sources: pd.DataFrame, source_id: str) -> str:
    """A source as a readable plain-text citation: 'Title. Author, Publisher, Year.'"""
    if source_id not in sources.index:
        return f"{source_id} (source not found)"
    row = sources.loc[source_id]
    bits = [_plain(row.get(c)) for c in ("author", "publisher", "year")]
    bits = [b for b in bits if b]
    title = _plain(row.get("title")) or source_id
    return f"{title}. {', '.join(bits)}." if bits else f"{title}."


def _plain(value) -> str:
    """A cell as text: '' for a blank or missing value, 2011 (not 2011.0) for a year."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def map_scene(record, view, spec) -> ExportScene:
    """The one scene of Explore's map file: the view's institutions, date and their sources."""
    names = ", ".join(short_names(record.institutions, view.institutions))
    source_ids = sorted({record.institutions.loc[i, "source_id"] for i in view.institutions})
    return ExportScene(
        title=f"Asia-Pacific Atlas: {names or 'the region'}",
        when=f"As of {view.as_of:%d %B %Y}",
        caption=f"Members of {names or 'no institution'} as of the date; disputed territories "
        "as neutral ringed markers, chokepoints in cyan.",
        sources=[citation(record.sources, s) for s in source_ids],
        map=spec,
    )


@lru_cache(maxsize=16)
def _static_text(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def _inline_script(code: str) -> str:
    return code.replace("</script", "<\\/script").replace("<!--", "<\\!--")


@lru_cache(maxsize=1)
def _vendor_scripts() -> str:
    return "".join(
        f"<script>{_inline_script(_static_text('vendor/' + name))}</script>" for name in _VENDOR
    )


def _module_source(name: str) -> str:
    """A module's text with its relative imports of our modules made bare ("apac/x.js")."""

    def bare(match: re.Match) -> str:
        target = match[3]
        if target not in _MODULES:
            raise ValueError(f"static/instrument/{name} imports ./{target}, not inlined")
        return f"{match[1]}{match[2]}apac/{target}{match[2]}"

    return _RELATIVE_IMPORT.sub(bare, _static_text(f"instrument/{name}"))


@lru_cache(maxsize=1)
def _import_map() -> str:
    imports = {
        f"apac/{name}": "data:text/javascript;base64,"
        + base64.b64encode(_module_source(name).encode("utf-8")).decode("ascii")
        for name in _MODULES
    }
    return f"<script type='importmap'>{script_json({'imports': imports})}</script>"


def portable_deck(deck_json: str | dict) -> dict:
    """A deck's JSON with its /app/static/... URLs turned into placeholders the page fills."""
    data = json.loads(deck_json) if isinstance(deck_json, str) else dict(deck_json)
    data.pop("mapStyle", None)  # no basemap, ever
    data.pop("mapProvider", None)
    layers = []
    for layer in data.get("layers", []):
        url = layer.get("data")
        if isinstance(url, str) and url.startswith(f"/{STATIC_URL}/"):
            name = url.rsplit("/", 1)[1].split("?", 1)[0]
            layer = {**layer, "data": _PLACEHOLDER + name}
        layers.append(layer)
    data["layers"] = layers
    return data


def portable_map(spec) -> dict:
    """A MapSpec (or its dict) for a file: placeholders for served files, the file's layout."""
    data = asdict(spec) if is_dataclass(spec) else dict(spec)
    data["deck"] = portable_deck(data["deck"])
    # The page's grid sizes the map (flex), the date label is projector-sized, nothing moves
    # the date or zooms on the wheel.
    data.update(
        height="auto",
        whenSize="calc(1.3 * clamp(22px, min(2.9vh, 2.4vw), 40px))",  # 1.3x the date line
        timeControl=False,
        scrollZoom=False,
    )
    return data


def _static_files(maps: list[dict]) -> dict[str, str]:
    names = set()
    for spec in maps:
        for layer in spec["deck"].get("layers", []):
            url = layer.get("data")
            if isinstance(url, str) and url.startswith(_PLACEHOLDER):
                names.add(url[len(_PLACEHOLDER) :])
    return {name: _static_text(name) for name in sorted(names)}


_STYLE = """
html, body { margin: 0; background: #fff; color: #111;
  font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; }
/* The live Briefing's rules (apac/ui_briefing.py): wide screens (>= 1200 px) put the map
   (~62%) on the left and the text (~38%) beside it; nothing is drawn over the map. Type follows
   the viewport height, capped by its width, with a floor: title 30 px at 720p, 43 at 1080p;
   caption 24.5 px at 720p, 37 at 1080p; sources 16 / 20.5 px; legend 16 / 21.6 px. When the
   text would not fit beside the map, story.js hides the key help and steps the sources down
   (--apac-fit, to 70%). */
:root {
  --apac-title: clamp(30px, min(4vh, 3.4vw), 56px);
  --apac-date: clamp(22px, min(2.9vh, 2.4vw), 40px);
  --apac-caption: clamp(24px, min(3.4vh, 2.2vw), 40px);
  --apac-sources: clamp(16px, min(1.9vh, 1.3vw), 24px);
  --apac-legend-size: clamp(16px, min(2vh, 1.4vw), 24px);
}
body { box-sizing: border-box; height: 100vh; padding: 14px; display: grid; gap: 12px 22px;
  grid-template-columns: minmax(0, 62fr) minmax(0, 38fr); grid-template-rows: minmax(0, 1fr);
  grid-template-areas: "map side"; }
#deck { grid-area: map; min-height: 0; display: flex; flex-direction: column; }
#deck .apac-inst { flex: 1 1 auto; min-height: 0; }
#deck .apac-map { flex: 1 1 0; min-height: 200px; }
#deck .apac-legend { font-size: var(--apac-legend-size); }
#panel { grid-area: side; min-height: 0; overflow: auto; display: flex; flex-direction: column;
  gap: 0.5em; }
#head { grid-area: head; }
#text { grid-area: text; display: flex; flex-direction: column; gap: 0.6em; flex: 1 1 auto; }
#progress-box { display: flex; align-items: center; gap: 12px; font-weight: 700;
  font-size: clamp(18px, 2.4vh, 28px); margin-bottom: 0.3em; }
#progress-box[hidden], #help[hidden], #sources[hidden], [data-tight] #help { display: none; }
#bar { flex: 1 1 auto; height: 8px; background: #d9d9d9; border-radius: 4px; overflow: hidden; }
#bar-fill { display: block; height: 100%; width: 0; background: #0b4f8a; }
#title { font-size: var(--apac-title); line-height: 1.1; margin: 0; }
#when { font-size: var(--apac-date); font-weight: 700; color: #0b4f8a;
  margin-top: 0.2em; }
#caption { font-size: var(--apac-caption); line-height: 1.32; margin: 0; }
#sources { font-size: calc(var(--apac-sources) * var(--apac-fit, 1)); color: #222;
  line-height: 1.3; }
#sources h2 { font-size: 1em; margin: 0 0 0.2em; }
#sources ul { margin: 0; padding-left: 1.2em; }
#help { font-size: clamp(12px, 1.6vh, 18px); color: #444; margin: auto 0 0; }
#error { grid-column: 1 / -1; color: #8a1c1c; font-weight: 700; }
#error:empty { display: none; }
/* Narrow screens: title, then the map, then caption and sources under it (the page scrolls). */
@media (max-width: 1199.98px) {
  body { height: auto; grid-template-columns: minmax(0, 1fr);
    grid-template-rows: auto auto auto; grid-template-areas: "head" "map" "text"; }
  #panel { display: contents; }
  #deck { height: max(300px, 62vh); }
}
"""

_HELP = "PageDown / PageUp or the arrow keys: next / previous scene · Home / End: first / last"


def story_html(scenes: list[ExportScene], page_title: str) -> str:
    """One offline HTML file showing the scenes with a clicker's keys (one scene: a map)."""
    maps = [portable_map(s.map) for s in scenes]
    payload = {
        "scenes": [
            {
                "title": s.title,
                "when": s.when,
                "caption": s.caption,
                "sources": list(s.sources),
                "map": spec,
            }
            for s, spec in zip(scenes, maps, strict=True)
        ],
        "files": _static_files(maps),
        "placeholder": _PLACEHOLDER,
    }
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html_text(page_title)}</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<style>{_STYLE}</style></head><body>"
        "<div id='deck'></div>"
        "<div id='panel'><header id='head'>"
        "<div id='progress-box'><span id='progress'></span>"
        "<span id='bar' aria-hidden='true'><i id='bar-fill'></i></span></div>"
        "<h1 id='title'></h1><div id='when'></div></header>"
        "<div id='text'><p id='caption'></p>"
        "<section id='sources'><h2>Sources</h2><ul id='source-list'></ul></section>"
        f"<p id='help'>{html_text(_HELP)}</p></div></div>"
        "<div id='error' role='alert'></div>"
        "<noscript>This file needs JavaScript to draw its map.</noscript>"
        f"<script type='application/json' id='apac-story'>{script_json(payload)}</script>"
        f"{_vendor_scripts()}{_import_map()}"
        "<script type='module'>import { startStory } from 'apac/story.js';\n"
        "try { startStory(); } catch (error) {\n"
        "  document.getElementById('error').textContent ="
        " 'The map could not be drawn: ' + error.message;\n  console.error(error);\n}"
        "</script></body></html>\n"
    )


def timeline_png(chart: alt.Chart, scale: float = 2) -> bytes:
    return vlc.vegalite_to_png(chart.to_dict(), scale=scale)


def timeline_svg(chart: alt.Chart) -> str:
    return vlc.vegalite_to_svg(chart.to_dict())
