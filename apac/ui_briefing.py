"""Streamlit pieces of the Briefing page: scene state, clicker keys, large-type style."""

from __future__ import annotations

import streamlit as st

from apac import ui
from apac.data import Record
from apac.details import resolve
from apac.geo import NAMED_VIEWS
from apac.layers import MapState
from apac.mapstate import compose_map_state
from apac.scenes import Scene, scene_view_state

_STYLE = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
.block-container { max-width: 100% !important; padding-top: 1.2rem !important; }
.apac-scene-title { font-size: 2.9rem !important; line-height: 1.15; color: #000; margin: 0; }
.apac-scene-date { font-size: 1.6rem; font-weight: 700; color: #0b4f8a; margin: .2rem 0 .6rem; }
.apac-caption, .apac-caption p { font-size: 1.9rem !important; line-height: 1.4 !important;
  color: #000; max-width: 72rem; }
.st-key-apac-sources p { font-size: 1.05rem; color: #222; }
.apac-progress { font-size: 1.3rem; font-weight: 700; color: #000; }
div[data-testid="stButton"] button p { font-size: 1.3rem; font-weight: 700; }
</style>
"""


def presentation_style() -> None:
    st.markdown(_STYLE, unsafe_allow_html=True)


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


def progress(scene: Scene, total: int) -> None:
    left, right = st.columns([5, 1])
    with left:
        st.progress(scene.number / total)
    with right:
        st.markdown(
            f"<div class='apac-progress'>Scene {scene.number} of {total}</div>",
            unsafe_allow_html=True,
        )


def date_line(scene: Scene) -> str:
    return f"{scene.date.label}"


def scene_map_state(record: Record, scene: Scene) -> MapState:
    view = scene_view_state(scene, ui.view_state())
    countries, disputes, chokepoints = ui.countries(), ui.disputes(), ui.chokepoints()
    detail = resolve(
        record, view.selection, disputes, chokepoints, view.as_of, countries["name"].to_dict()
    )
    camera = NAMED_VIEWS[scene.view]
    return compose_map_state(
        record, countries, disputes, chokepoints, view, detail, camera, ui.served_urls()
    )


def sources(scene: Scene) -> None:
    # Escaped markdown in a keyed container (styled by its class): no raw HTML around data.
    with st.container(key="apac-sources"):
        st.markdown("  \n".join(ui.source_markdown(s) for s in scene.source_ids))


def _step_button(scene: Scene, total: int, label: str, key: str, shortcut: str, step: int,
                 width: str = "content") -> None:  # fmt: skip
    target = scene.number + step
    st.button(label, key=key, shortcut=shortcut, disabled=not 1 <= target <= total,
              on_click=_go, args=(ui.scenes(), target), width=width)  # fmt: skip


def navigation_buttons(scene: Scene, total: int) -> None:
    """Previous / next with buttons and the keys presentation clickers send.

    PageUp/PageDown are on the big buttons; the arrow keys on two small twins beside the hint.
    """
    prev_col, gap, next_col = st.columns([2, 6, 2])
    with prev_col:
        _step_button(scene, total, "◀ Previous", "prev", "pageup", -1, width="stretch")
    with next_col:
        _step_button(scene, total, "Next ▶", "next", "pagedown", +1, width="stretch")
    with gap:
        st.caption(
            "Keys: PageDown / → next, PageUp / ← previous (presentation clickers send these)."
        )
        left, right = st.columns(2)
        with left:
            _step_button(scene, total, "←", "prev_arrow", "left", -1)
        with right:
            _step_button(scene, total, "→", "next_arrow", "right", +1)


def exit_link() -> None:
    st.page_link(
        "pages/explore.py",
        label="Leave the briefing: explore this scene freely",
        icon=":material/map:",
        query_params=ui.view_query(),
    )


def pack_download() -> None:
    st.download_button(
        "Download the briefing pack (one offline HTML file, every scene)",
        data=ui.briefing_pack_html,
        file_name="asia-pacific-briefing.html",
        mime="text/html",
        key="dl_pack",
        on_click="ignore",
    )
