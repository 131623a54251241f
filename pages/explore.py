"""Explore: the map and the timeline as one instrument, 1989–2013."""

import time

import streamlit as st

from apac import ui
from apac import ui_explore as explore
from apac.details import resolve
from apac.layers import build_deck
from apac.paths import TIMELINE_MARKS
from apac.timeline import build_timeline, chart_height, timeline_frame

ui.frame_guard()
record, countries, disputes, chokepoints = ui.load(
    ui.record, ui.countries, ui.disputes, ui.chokepoints
)

explore.sidebar_controls(record, countries, disputes)
view = ui.view_state()
detail = resolve(
    record, view.selection, disputes, chokepoints, view.as_of, countries["name"].to_dict()
)

st.title("Asia-Pacific Atlas")
st.markdown(explore.headline(record, view))

map_col, detail_col = st.columns([7, 3], gap="medium")
with map_col:
    state = explore.map_state(record, countries, disputes, chokepoints, view, detail)
    st.pydeck_chart(
        build_deck(state),
        height=600,
        key="map",
        on_select=explore.on_map_select,
        selection_mode="single-object",
        alt=explore.map_alt(record, view),
    )
    explore.map_caption(state, view)
    explore.map_legend(view)
with detail_col:
    explore.detail_panel(detail)

frame = timeline_frame(
    record,
    view.institutions,
    selected=view.select,
    focus_member=detail.member if detail else None,
    focus_dispute=detail.dispute if detail else None,
    dispute_claims=disputes["claimant_list"].to_dict(),
)
lanes = [record.institutions.loc[i, "short_name"] for i in view.institutions] + ["Disputes"]
chart = build_timeline(
    frame,
    lanes=lanes,
    as_of=view.as_of,
    window=view.window,
    marks_url=ui.served_urls()[TIMELINE_MARKS],
)
st.altair_chart(
    chart,
    key="timeline",
    on_select=explore.on_timeline_select,
    selection_mode=["pick", "brush"],
    width="stretch",
    height=chart_height(lanes),
)

explore.footprint_section(record, view)
explore.share_and_export(
    record,
    view,
    state,
    frame,
    build_timeline(frame, lanes=lanes, as_of=view.as_of, window=view.window, width=1200),
)

if st.session_state.get("playing"):
    ui.write_view_state_to_url()  # st.rerun() below skips the frame's own write
    time.sleep(1.2)
    explore.advance_play()
    st.rerun()
