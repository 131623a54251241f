"""Institutions: who belonged to what as of a date, and the order in which they joined."""

import streamlit as st

from apac import text, ui
from apac.matrix import build_matrix_chart, matrix_height, membership_matrix

ui.frame_guard()
st.title("Institutions")
(record,) = ui.load(ui.record)

view = ui.view_state()
st.markdown(f"### Membership as of {view.as_of:%d %B %Y}")
st.caption(
    "Change the date on the Explore page; a bare year means the end of that year. "
    "APEC members are economies."
)
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
