"""Briefing: a curated story for the room — large type, clicker keys, one scene at a time."""

import streamlit as st

from apac import text, ui, ui_briefing
from apac.layers import build_deck

ui.frame_guard()
record, scenes = ui.load(ui.record, ui.scenes)

ui_briefing.presentation_style()
scene = ui_briefing.current_scene(scenes)
ui_briefing.progress(scene, len(scenes))
st.markdown(
    f"<h1 class='apac-scene-title'>{text.html_text(scene.title)}</h1>", unsafe_allow_html=True
)
st.markdown(
    f"<div class='apac-scene-date'>{text.html_text(ui_briefing.date_line(scene))}</div>",
    unsafe_allow_html=True,
)

state = ui_briefing.scene_map_state(record, scene)
st.pydeck_chart(
    build_deck(state),
    height=560,
    key=f"briefing_map_{scene.number}",
    alt=f"Map for scene {scene.number}: {scene.title}",
)
st.markdown(
    f"<div class='apac-caption'>{text.html_text(scene.caption)}</div>", unsafe_allow_html=True
)
ui_briefing.sources(scene)
ui_briefing.navigation_buttons(scene, len(scenes))
ui_briefing.pack_download()
ui_briefing.exit_link()
