"""Explore: the map of institutions, disputes and chokepoints."""

import streamlit as st

from apac import ui
from apac.data import DataError
from apac.geo import NAMED_VIEWS
from apac.layers import CHOKEPOINT, DEFAULT_LAYERS, TOGGLEABLE_LAYERS, MapState, build_deck

st.title("Asia-Pacific Atlas")

try:
    disputes, chokepoints = ui.disputes(), ui.chokepoints()
except DataError as exc:
    ui.data_error_notice(exc)
    st.stop()

layers = st.sidebar.pills(
    "Layers",
    options=list(TOGGLEABLE_LAYERS),
    format_func=TOGGLEABLE_LAYERS.get,
    selection_mode="multi",
    default=list(DEFAULT_LAYERS),
    key="layers",
)
state = MapState(view=NAMED_VIEWS["pacific"], layers=layers, disputes=disputes,
                 chokepoints=chokepoints)  # fmt: skip
st.pydeck_chart(
    build_deck(state),
    height=620,
    key="map",
    alt="Map of the Asia-Pacific centred on the Pacific, with disputed territories marked by "
    "white ringed circles and sea-lane chokepoints by teal lines.",
)
ui.legend(
    [
        ("background:#fff;border:3px solid #141414;border-radius:50%", "Disputed territory",
         "neutral marker, every claimant listed"),
        (f"background:rgb{tuple(CHOKEPOINT[:3])};border-radius:3px", "Chokepoint", "strait"),
    ]
)  # fmt: skip
