"""Asia-Pacific Atlas: the frame (page config, shared view state, navigation); pages in pages/."""

import streamlit as st

from apac import ui

st.set_page_config(
    page_title="Asia-Pacific Atlas",
    page_icon="static/favicon.png",
    layout="wide",
    initial_sidebar_state="expanded",
)

PAGES = [
    # The default page lives at "/" (Streamlit gives a default page no path of its own).
    st.Page("pages/explore.py", title="Explore", icon=":material/map:", default=True),
    st.Page("pages/disputes.py", title="Disputes", icon=":material/flag:", url_path="disputes"),
    st.Page("pages/chokepoints.py", title="Chokepoints", icon=":material/directions_boat:",
            url_path="chokepoints"),
    st.Page("pages/institutions.py", title="Institutions", icon=":material/hub:",
            url_path="institutions"),
    st.Page("pages/sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
]  # fmt: skip

navigation = st.navigation(PAGES)
ui.seed_view_state()  # once per session, from the URL; notices for anything malformed
ui.show_notices()
navigation.run()
ui.write_view_state_to_url()
