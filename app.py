"""Asia-Pacific Atlas: the frame (page config, shared view state, navigation); pages in pages/."""

import streamlit as st

from apac import ui

st.set_page_config(
    page_title="Asia-Pacific Atlas",
    page_icon="static/favicon.png",
    layout="wide",
    initial_sidebar_state="auto",  # open on wide screens, collapsed on a phone
)

PAGES = [
    # The default page lives at "/" (Streamlit gives a default page no path of its own).
    st.Page("pages/explore.py", title="Explore", icon=":material/map:", default=True),
    st.Page("pages/disputes.py", title="Disputes", icon=":material/flag:", url_path="disputes"),
    st.Page(
        "pages/chokepoints.py",
        title="Chokepoints",
        icon=":material/directions_boat:",
        url_path="chokepoints",
    ),
    st.Page(
        "pages/briefing.py", title="Briefing", icon=":material/slideshow:", url_path="briefing"
    ),
    st.Page(
        "pages/institutions.py",
        title="Institutions",
        icon=":material/hub:",
        url_path="institutions",
    ),
    st.Page("pages/sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
]

# Our own page links carry the whole view in their query string, so a page switch keeps the
# link whole without an extra history entry (Back returns to the previous page as it was).
navigation = st.navigation(PAGES, position="hidden")
ui.seed_view_state()  # once per session, from the URL; notices for anything malformed
# In embed mode (`frame=instrument`) nothing goes in the sidebar, so there is none.
nav_slot = None if ui.view_state().frame else st.sidebar.container()
ui.show_notices()
navigation.run()
if nav_slot is not None:
    ui.page_links(nav_slot, PAGES)
ui.write_view_state_to_url()
