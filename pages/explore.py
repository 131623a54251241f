"""Explore: the map and the timeline as one instrument, 1989–2013."""

from contextlib import nullcontext

import streamlit as st

from apac import ui, ui_embed, ui_share
from apac import ui_explore as explore
from apac.details import resolve
from apac.membership import short_names
from apac.paths import TIMELINE_MARKS
from apac.timeline import DISPUTES_LANE, build_timeline, compact_height, timeline_frame

ui.frame_guard()
record, countries, disputes, chokepoints = ui.load(
    ui.record, ui.countries, ui.disputes, ui.chokepoints
)

embedded = ui_embed.embedded(ui.view_state())  # frame=instrument: a course page's iframe
if not embedded:
    explore.sidebar_controls(record, countries, disputes, chokepoints)
view = ui.view_state()
detail = resolve(
    record, view.selection, disputes, chokepoints, view.as_of, countries["name"].to_dict()
)

explore.one_frame_style()
if embedded:
    ui_embed.embed_style()
st.markdown(explore.headline(record, view))

frame = timeline_frame(
    record,
    view.institutions,
    selected=view.select,
    focus_member=detail.member if detail else None,
    focus_dispute=detail.dispute if detail else None,
    dispute_claims=disputes["claimant_list"].to_dict(),
)
lanes = short_names(record.institutions, view.institutions) + [DISPUTES_LANE]


def timeline() -> None:
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


# Embedded, the timeline sits under the map in its column and the detail panel goes under
# both in a narrow frame (apac.ui_embed); on the page, the timeline spans the width.
with st.container(key=ui_embed.ROW_KEY) if embedded else nullcontext():
    map_col, detail_col = st.columns([7, 3], gap="small")
    with map_col:
        state = explore.map_state(record, countries, disputes, chokepoints, view, detail)
        view = ui.view_state()  # a selection that moved the map dropped the link's camera
        explore.draw_map(
            record, view, state, **({"height": ui_embed.MAP_HEIGHT} if embedded else {})
        )
        if embedded:
            timeline()
    with detail_col:
        explore.detail_panel(detail)

if embedded:  # no footprint table or downloads in a course page: a link to the whole atlas
    ui_share.full_atlas_link(ui.view_query())
else:
    timeline()
    explore.footprint_section(record, view)
    explore.share_and_export(record, view, state, frame, lanes)
