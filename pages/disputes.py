"""Disputes: each territory's claimants, administrator, names and dated incidents."""

import streamlit as st

from apac import text, ui
from apac.details import dispute_detail

ui.frame_guard()
st.title("Disputed territories")
record, disputes = ui.load(ui.record, ui.disputes)

st.markdown(
    "The atlas draws every disputed territory with a neutral marker and a slash name, never in "
    "one claimant's colour, and lists every claimant with the name it uses. Borders and areas "
    "come from Natural Earth's disputed-areas layer; the atlas draws no maritime claim lines."
)

tabs = st.tabs([text.md(name) for name in disputes["name"]])
for tab, dispute_id in zip(tabs, disputes.index, strict=True):
    with tab:
        detail = dispute_detail(record, dispute_id, disputes)
        names = ui.name_table(disputes.loc[dispute_id, "name_list"], record.entities["name"])
        left, right = st.columns([2, 3], gap="large")
        with left:
            for label, value in detail.facts:
                if label != "Names":
                    st.markdown(f"**{text.md(label)}:** {text.md(value)}")
            st.markdown("**Names in each claimant's language**")
            st.dataframe(names, hide_index=True, width="stretch")
            st.markdown(ui.source_markdown(detail.source_ids[0]))
            if st.button("Show on the map", key=f"map_{dispute_id}", icon=":material/map:"):
                ui.set_view_state(select=f"dispute:{dispute_id}")
                st.session_state["camera_follows"] = True
                st.switch_page("pages/explore.py", query_params=ui.view_query())
        with right:
            st.markdown(f"**Incidents, 1989–2013** ({len(detail.table)})")
            incidents = record.incidents[record.incidents["dispute_id"] == dispute_id]
            for row in incidents.itertuples():
                with st.expander(f"{row.date.label} — {text.md(row.title)}"):
                    st.markdown(f"{text.md(row.summary)}\n\n*Where:* {text.md(row.place)}")
                    st.markdown(ui.source_markdown(row.source_id))
