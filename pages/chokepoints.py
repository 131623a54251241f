"""Chokepoints: the straits the region's trade and navies depend on, and why."""

import streamlit as st

from apac import text, ui
from apac.geo import NAMED_VIEWS
from apac.layers import MapState, build_deck

ui.frame_guard()
st.title("Sea-lane chokepoints")
record, chokepoints = ui.load(ui.record, ui.chokepoints)

st.markdown(
    "Most of the oil and trade between the Indian Ocean and East Asia squeezes through a few "
    "straits. Each is drawn as a point in open water with a short line along its axis; the "
    "widths are the narrowest navigable figures the cited sources give."
)
state = MapState(view=NAMED_VIEWS["pacific"], layers=("chokepoints",), chokepoints=chokepoints)
st.pydeck_chart(
    build_deck(state, other_disputed=False),
    height=460,
    key="chokepoint_map",
    alt="Map of the Asia-Pacific's sea-lane chokepoints as cyan lines and dots edged in black.",
)

for row in chokepoints.itertuples():
    with st.container(border=True):
        st.markdown(f"#### {text.md(row.name)}")
        width = (
            f" · narrowest about **{row.width_km:g} km**" if row.width_km == row.width_km else ""
        )
        alt_names = f" · also {text.md(row.alt_names)}" if row.alt_names else ""
        st.markdown(f"Connects **{text.md(row.connects)}**{width}{alt_names}")
        st.markdown(text.md(row.why_it_matters))
        st.markdown(ui.source_markdown(row.source_id))
