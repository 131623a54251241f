"""Explore: the map and the timeline as one instrument, 1989–2013."""

import streamlit as st

from apac import ui
from apac import ui_explore as explore
from apac.details import resolve
from apac.paths import TIMELINE_MARKS
from apac.timeline import DISPUTES_LANE, build_timeline, compact_height, timeline_frame

ui.frame_guard()
record, countries, disputes, chokepoints = ui.load(
    ui.record, ui.countries, ui.disputes, ui.chokepoints
)

explore.sidebar_controls(record, countries, disputes, chokepoints)
view = ui.view_state()
detail = resolve(
    record, view.selection, disputes, chokepoints, view.as_of, countries["name"].to_dict()
)

explore.one_frame_style()
st.markdown(explore.headline(record, view))

map_col, detail_col = st.columns([7, 3], gap="small")
with map_col:
    state = explore.map_state(record, countries, disputes, chokepoints, view, detail)
    explore.draw_map(record, view, state)
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
lanes = [record.institutions.loc[i, "short_name"] for i in view.institutions] + [DISPUTES_LANE]
explore.draw_timeline(
    build_timeline(
        frame,
        lanes=lanes,
        as_of=view.as_of,
        window=view.window,
        marks_url=ui.served_urls()[TIMELINE_MARKS],
        compact=True,
    ),
    view,
    height=compact_height(lanes),
)

explore.footprint_section(record, view)
explore.share_and_export(
    record,
    view,
    state,
    frame,
    lanes,
)
