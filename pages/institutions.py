"""Institutions: the overlapping "alphabet soup" as of a date, three powers' paths through it,
what changed between two dates, and who belonged to what."""

import streamlit as st

from apac import text, ui
from apac import ui_institutions as inst
from apac.matrix import build_matrix_chart, matrix_height, membership_matrix

ui.frame_guard()
st.title("Institutions")
(record,) = ui.load(ui.record)

inst.sidebar_controls(record)
view = ui.view_state()

st.subheader("Who sits in which combination")
inst.overlap_section(record, view)

st.subheader("Russia, the United States and China through the institutions")
inst.paths_section(record, view)

st.subheader("What changed between two dates")
inst.changes_section(record, view)
inst.link_to_this_view(view)

st.subheader(f"Membership as of {view.as_of:%d %B %Y}")
st.caption("Every institution and role; a bare year means the end of that year.")
matrix = membership_matrix(record, view.as_of)
st.altair_chart(build_matrix_chart(matrix), width="stretch", height=matrix_height(matrix))

st.subheader("The institutions")
for row in record.institutions.itertuples():
    with st.expander(
        f"{text.md(row.short_name)} — {text.md(row.name)} (founded {row.founded.label})"
    ):
        st.markdown(
            f"{text.md(row.summary)}\n\n*Dimension:* {text.md(row.dimension)} · "
            f"*Scope:* {text.md(row.scope)}"
        )
        st.markdown(ui.source_markdown(row.source_id))
