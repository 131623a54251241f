"""Briefing: a curated story for the room — large type, clicker keys, one scene at a time,
title to sources on one screen (map beside the caption on wide screens, above it on narrow)."""

import streamlit as st

from apac import ui, ui_briefing

ui.frame_guard()
record, scenes = ui.load(ui.record, ui.scenes)

ui_briefing.presentation_style()
scene = ui_briefing.current_scene(scenes)
ui_briefing.header(scene, len(scenes))
with st.container(key="apac-stage"):
    map_col, text_col = st.columns([62, 38], gap="medium")
    with map_col:
        ui_briefing.draw_map(record, scene)
    with text_col:
        ui_briefing.caption(scene)
        ui_briefing.sources(scene)
ui_briefing.navigation(scene, len(scenes))
