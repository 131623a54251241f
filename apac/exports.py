"""Things to take away: CSV, timeline PNG/SVG, a standalone map HTML and an offline briefing pack.

Every HTML file here renders from file:// with no outside request: deck.gl comes inlined from
pydeck's offline bundle, the GeoJSON is embedded once and handed to deck.gl as a blob: URL, and
no font, stylesheet or basemap is linked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import altair as alt
import pydeck
import vl_convert as vlc

from apac.layers import TOOLTIP
from apac.paths import STATIC, STATIC_URL
from apac.text import html_text, script_json

_BUNDLE = Path(pydeck.__file__).parent / "nbextension" / "static" / "index.js"
_PLACEHOLDER = "__APAC_STATIC__/"


@dataclass(frozen=True)
class ExportScene:
    """One view of a story: its heading, caption, sources and the deck JSON to draw."""

    title: str
    when: str
    caption: str
    sources: list[str]
    deck: dict


@lru_cache(maxsize=1)
def _bundle() -> str:
    # "</script" cannot appear inside an inline script; the bundle is minified JS.
    return _BUNDLE.read_text(encoding="utf-8").replace("</script", "<\\/script")


@lru_cache(maxsize=4)
def _static_text(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def portable_deck(deck_json: str | dict) -> dict:
    """A deck's JSON with its /app/static/... URLs turned into placeholders the page fills."""
    data = json.loads(deck_json) if isinstance(deck_json, str) else dict(deck_json)
    data.pop("mapStyle", None)  # no basemap, ever
    data.pop("mapProvider", None)
    # The data sit in a 0..350 degree frame; the standalone renderer normalises a camera east of
    # 180 degrees to negative longitudes, so it must draw the world's copies to find them.
    for view in data.get("views", []):
        view["repeat"] = True
    for layer in data.get("layers", []):
        url = layer.get("data")
        if isinstance(url, str) and url.startswith(f"/{STATIC_URL}/"):
            layer["data"] = _PLACEHOLDER + url.rsplit("/", 1)[1].split("?", 1)[0]
    return data


def _static_files(scenes: list[ExportScene]) -> dict[str, str]:
    names = set()
    for scene in scenes:
        for layer in scene.deck.get("layers", []):
            url = layer.get("data")
            if isinstance(url, str) and url.startswith(_PLACEHOLDER):
                names.add(url[len(_PLACEHOLDER) :])
    return {name: _static_text(name) for name in sorted(names)}


_STYLE = """
  html, body { margin: 0; height: 100%; background: #e2ecf3; color: #111;
               font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; }
  #deck { position: absolute; inset: 0 0 0 0; }
  #panel { position: absolute; left: 24px; bottom: 24px; max-width: 46%; background: #fff;
           border: 3px solid #111; border-radius: 10px; padding: 18px 22px; z-index: 5; }
  #panel h1 { font-size: 30px; margin: 0 0 6px; }
  #panel .when { font-size: 20px; font-weight: 700; color: #0072B2; margin-bottom: 8px; }
  #panel .caption { font-size: 22px; line-height: 1.35; }
  #panel .sources { font-size: 14px; margin-top: 10px; color: #333; }
  #progress { position: absolute; right: 24px; top: 18px; z-index: 5; background: #111; color: #fff;
              font-size: 20px; padding: 6px 12px; border-radius: 6px; }
  #help { position: absolute; right: 24px; bottom: 24px; z-index: 5; font-size: 14px;
          background: rgba(255,255,255,.85); padding: 4px 8px; border-radius: 4px; }
  .deck-tooltip { font-size: 15px !important; }
"""

_SCRIPT = """
const scenes = %(scenes)s;
const files = %(files)s;
const urls = {};
for (const [name, text] of Object.entries(files)) {
  urls[name] = URL.createObjectURL(new Blob([text], {type: 'application/json'}));
}
const container = document.getElementById('deck');
let current = 0, deck = null;
function prepared(json) {
  const copy = JSON.parse(JSON.stringify(json));
  for (const layer of copy.layers || []) {
    if (typeof layer.data === 'string' && layer.data.startsWith('%(placeholder)s')) {
      layer.data = urls[layer.data.slice(%(plen)d)];
    }
  }
  return copy;
}
function show(i) {
  current = Math.max(0, Math.min(scenes.length - 1, i));
  const s = scenes[current];
  if (deck && deck.finalize) { deck.finalize(); }
  container.innerHTML = '';
  deck = createDeck({container, jsonInput: prepared(s.deck), tooltip: s.tooltip});
  document.getElementById('title').textContent = s.title;
  document.getElementById('when').textContent = s.when;
  document.getElementById('caption').textContent = s.caption;
  const src = s.sources.length ? 'Sources: ' + s.sources.join('; ') : '';
  document.getElementById('sources').textContent = src;
  document.getElementById('progress').textContent = (current + 1) + ' / ' + scenes.length;
  document.getElementById('progress').style.display = scenes.length > 1 ? 'block' : 'none';
  document.getElementById('help').style.display = scenes.length > 1 ? 'block' : 'none';
  window.location.hash = scenes.length > 1 ? 'scene-' + (current + 1) : '';
}
document.addEventListener('keydown', (e) => {
  if (['ArrowRight', 'PageDown', ' '].includes(e.key)) { show(current + 1); e.preventDefault(); }
  if (['ArrowLeft', 'PageUp'].includes(e.key)) { show(current - 1); e.preventDefault(); }
  if (e.key === 'Home') { show(0); }
  if (e.key === 'End') { show(scenes.length - 1); }
});
const start = parseInt((window.location.hash.match(/scene-(\\d+)/) || [])[1] || '1', 10) - 1;
show(isNaN(start) ? 0 : start);
"""


def story_html(scenes: list[ExportScene], page_title: str) -> str:
    """One offline HTML file showing the scenes with next/previous keys (one scene: a map)."""
    payload = [
        {
            "title": s.title,
            "when": s.when,
            "caption": s.caption,
            "sources": s.sources,
            "deck": s.deck,
            "tooltip": TOOLTIP,
        }
        for s in scenes
    ]
    script = _SCRIPT % {
        "scenes": script_json(payload),
        "files": script_json(_static_files(scenes)),
        "placeholder": _PLACEHOLDER,
        "plen": len(_PLACEHOLDER),
    }
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html_text(page_title)}</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<style>{_STYLE}</style>"
        f"<script>{_bundle()}</script></head><body>"
        "<div id='deck'></div><div id='progress'></div>"
        "<div id='panel'><h1 id='title'></h1><div class='when' id='when'></div>"
        "<div class='caption' id='caption'></div><div class='sources' id='sources'></div></div>"
        "<div id='help'>← / → or PageUp / PageDown: previous / next scene</div>"
        f"<script>{script}</script></body></html>\n"
    )


def timeline_png(chart: alt.Chart, scale: float = 2) -> bytes:
    return vlc.vegalite_to_png(chart.to_dict(), scale=scale)


def timeline_svg(chart: alt.Chart) -> str:
    return vlc.vegalite_to_svg(chart.to_dict())
