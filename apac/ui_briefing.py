"""Streamlit pieces of the Briefing page: scene state, clicker keys, the room-sized layout."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from apac import text, ui
from apac.data import Record
from apac.details import resolve
from apac.framing import frame_subject
from apac.geo import NAMED_VIEWS, NamedView
from apac.instrument import map_instrument
from apac.layers import MapState
from apac.mapstate import compose_map_state
from apac.scenes import Scene, scene_view_state
from apac.state import ViewState

MAP_KEY = "briefing_map"  # one key for every scene: one deck (and WebGL context), updated
#: A map flatter than the layout draws at 1280x720 and up (height / width: 0.57 at 1280x720,
#: 0.66 at 1920x1080): a scene's subject framed for it stays in frame on every taller map.
MAP_ASPECT = 0.5
#: How long a scene that changes date takes to walk the map to it, month by month.
ANIMATE_MS = 1000

# Sizes for a room: a projected 1280x720 picture read from the back row (about 8-10 m from a
# 2.5 m screen) needs text of at least ~1/30 of the screen height for headings and ~1/30-1/36
# for body text; sources are read up close or later, but stay above 16 px. Every size follows
# the viewport (vh, capped by vw so a narrow window does not blow up), with a floor:
#   title    clamp(30px, 4vh, 56px)    -> 30 px at 720p, 31 at 768p, 43 at 1080p
#   date     clamp(22px, 2.9vh, 40px)  -> 22 px at 720p, 31 at 1080p
#   caption  clamp(24px, 3.4vh, 40px)  -> 24.5 px at 720p, 26 at 768p, 37 at 1080p
#   sources  clamp(16px, 1.9vh, 24px)  -> 16 px at 720p, 20.5 at 1080p
#   as-of label on the map 1.3x the date; legend clamp(16px, 2vh, 24px); buttons 20-24 px.
# Wide screens (>= 1200 px) put the caption and sources beside the map (62% / 38%) so the map
# keeps its height; narrower ones stack them under it (the map about half as high as wide, so
# the framing below holds, and the page scrolls). The map's height is what is left of the
# viewport once the scene header, legend and navigation row are drawn (--apac-brief-map-h).
_STYLE = """
<style>
:root {
  --apac-brief-title: clamp(30px, min(4vh, 3.4vw), 56px);
  --apac-brief-date: clamp(22px, min(2.9vh, 2.4vw), 40px);
  --apac-brief-caption: clamp(24px, min(3.4vh, 2.2vw), 40px);
  --apac-brief-sources: clamp(16px, min(1.9vh, 1.3vw), 24px);
  --apac-legend-size: clamp(16px, min(2vh, 1.4vw), 24px);
  --apac-brief-map-h: clamp(240px, calc(100vh - 15rem - 2 * var(--apac-brief-title)), 1400px);
}
header[data-testid="stHeader"], section[data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"] { display: none; }
.block-container { max-width: 100% !important; padding: .6rem 1.2rem .4rem !important; }
.block-container [data-testid="stVerticalBlock"] { gap: .45rem; }
.apac-scene-head { display: flex; align-items: baseline; gap: .4rem 1.2rem; flex-wrap: wrap;
  margin-bottom: .9rem; }
.apac-scene-title { font-size: var(--apac-brief-title) !important; line-height: 1.1 !important;
  color: #000; margin: 0 !important; padding: 0 !important; }
.apac-scene-date { font-size: var(--apac-brief-date); font-weight: 700; color: #0b4f8a;
  display: inline-block; line-height: 1.1; }
.apac-caption { font-size: var(--apac-brief-caption); line-height: 1.32; color: #000; }
.st-key-apac-sources { margin-top: .5rem; }
.st-key-apac-sources p, .st-key-apac-sources li { font-size: var(--apac-brief-sources) !important;
  line-height: 1.3; color: #222; margin: 0 0 .25em; }
.apac-progress { font-size: clamp(18px, 2.4vh, 28px); font-weight: 700; color: #000;
  text-align: right; white-space: nowrap; }
.st-key-apac-nav button p { font-size: clamp(18px, 2.3vh, 26px); font-weight: 700; }
.st-key-apac-nav [data-testid="stPageLink"] p { font-size: clamp(16px, 1.9vh, 22px); }
@media (max-width: 1199px) {
  :root { --apac-brief-map-h: clamp(240px, calc(.52 * (100vw - 2.4rem)), 85vh); }
  .st-key-apac-stage [data-testid="stHorizontalBlock"] { flex-direction: column; }
  .st-key-apac-stage [data-testid="stColumn"] { width: 100% !important; flex: 1 1 auto !important; }
}
</style>
"""


def presentation_style() -> None:
    st.markdown(_STYLE, unsafe_allow_html=True)  # our own CSS; no data in it


def _apply(scene: Scene) -> None:
    ui.set_view_state(**vars(scene_view_state(scene, ui.view_state())) | {"notices": ()})
    st.session_state["applied_scene"] = scene.number
    st.session_state["camera_follows"] = True
    st.session_state.pop("camera", None)


def current_scene(scenes: list[Scene]) -> Scene:
    """The scene the URL or the last key asked for; its state becomes the shared view."""
    number = ui.view_state().scene or 1
    number = max(1, min(len(scenes), number))
    scene = scenes[number - 1]
    if st.session_state.get("applied_scene") != number:
        _apply(scene)
    return scene


def _go(scenes: list[Scene], number: int) -> None:
    number = max(1, min(len(scenes), number))
    _apply(scenes[number - 1])


def header(scene: Scene, total: int) -> None:
    """Progress, then the scene's title and date on one line (they wrap when long)."""
    bar, count = st.columns([6, 1], vertical_alignment="center")
    with bar:
        st.progress(scene.number / total)
    with count:
        st.markdown(
            f"<div class='apac-progress'>Scene {scene.number} of {total}</div>",
            unsafe_allow_html=True,
        )
    st.markdown(
        f"<div class='apac-scene-head'><h1 class='apac-scene-title'>"
        f"{text.html_text(scene.title)}</h1><span class='apac-scene-date'>"
        f"{text.html_text(date_line(scene))}</span></div>",
        unsafe_allow_html=True,
    )


def date_line(scene: Scene) -> str:
    return f"{scene.date.label}"


def scene_camera(scene: Scene, focus: NamedView | None) -> NamedView:
    """The scene's named view, moved just enough to keep its subject (if any) in frame."""
    view = NAMED_VIEWS[scene.view]
    if focus is None:
        return view
    return frame_subject(view, focus.longitude, focus.latitude, MAP_ASPECT)


def scene_map_state(record: Record, scene: Scene, view: ViewState) -> MapState:
    """What a scene's map draws (`view`: the scene's view state), its subject framed; the live
    page and the briefing pack share it."""
    countries, disputes, chokepoints = ui.countries(), ui.disputes(), ui.chokepoints()
    detail = resolve(
        record, view.selection, disputes, chokepoints, view.as_of, countries["name"].to_dict()
    )
    camera = scene_camera(scene, detail.focus if detail else None)
    return compose_map_state(
        record,
        countries,
        disputes,
        chokepoints,
        view,
        detail,
        camera,
        ui.served_urls(),
        browser_time=True,
    )


def draw_map(record: Record, scene: Scene) -> None:
    """The instrument's map for a scene: no time control (the story sets the date), no wheel
    zoom (the wheel must never trap the presenter), a scene's new date walked to."""
    view = scene_view_state(scene, ui.view_state())
    spec = ui.map_spec(
        record,
        view,
        scene_map_state(record, scene, view),
        height="var(--apac-brief-map-h, 480px)",
        timeControl=False,
        scrollZoom=False,
        whenSize="calc(1.3 * var(--apac-brief-date, 22px))",
        animateMs=ANIMATE_MS,
    )
    map_instrument(spec, key=MAP_KEY)


def caption(scene: Scene) -> None:
    st.markdown(
        f"<div class='apac-caption'>{text.html_text(scene.caption)}</div>", unsafe_allow_html=True
    )


def _source_line(source_id: str) -> str:
    """'title — publisher, year' as a link, every part escaped (the id is left to the Sources
    page: the room needs a readable citation)."""
    sources = ui.record().sources
    if source_id not in sources.index:
        return f"{text.md(source_id)} (not found)"
    s = sources.loc[source_id]
    year = "" if pd.isna(s["year"]) else str(s["year"])
    bits = ", ".join(b for b in (s["publisher"] or s["author"], year) if b)
    return text.md_link(s["title"], s["url"]) + (f" — {text.md(bits)}" if bits else "")


def sources(scene: Scene) -> None:
    # Escaped markdown in a keyed container (styled by its class): no raw HTML around data.
    with st.container(key="apac-sources"):
        label = "Source" if len(scene.source_ids) == 1 else "Sources"
        st.markdown(f"**{label}:**  \n" + "  \n".join(_source_line(s) for s in scene.source_ids))


def _step_button(scene: Scene, total: int, label: str, key: str, shortcut: str, step: int,
                 width: str = "content") -> None:  # fmt: skip
    target = scene.number + step
    st.button(label, key=key, shortcut=shortcut, disabled=not 1 <= target <= total,
              on_click=_go, args=(ui.scenes(), target), width=width)  # fmt: skip


def navigation(scene: Scene, total: int) -> None:
    """One row: previous / next (PageUp / PageDown, what presentation clickers send) and the
    arrow keys' small twins, each button showing its key; the briefing pack; the way out."""
    with st.container(key="apac-nav"):
        cols = st.columns([2.6, 2.6, 0.8, 0.8, 3.6, 3.6], vertical_alignment="center")
        with cols[0]:
            _step_button(scene, total, "◀ Previous", "prev", "pageup", -1, width="stretch")
        with cols[1]:
            _step_button(scene, total, "Next ▶", "next", "pagedown", +1, width="stretch")
        with cols[2]:
            _step_button(scene, total, "←", "prev_arrow", "left", -1)
        with cols[3]:
            _step_button(scene, total, "→", "next_arrow", "right", +1)
        with cols[4]:
            pack_download()
        with cols[5]:
            exit_link()


def exit_link() -> None:
    st.page_link(
        "pages/explore.py",
        label="Leave the briefing: explore this scene",
        icon=":material/map:",
        query_params=ui.view_query(),
    )


def pack_download() -> None:
    st.download_button(
        "Download the briefing pack",
        data=ui.briefing_pack_html,
        file_name="asia-pacific-briefing.html",
        mime="text/html",
        key="dl_pack",
        on_click="ignore",
        help="One offline HTML file with every scene and the same clicker keys.",
    )
