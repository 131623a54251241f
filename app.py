"""Asia-Pacific Atlas: the frame (page config, navigation); pages live in pages/."""

import streamlit as st

st.set_page_config(
    page_title="Asia-Pacific Atlas",
    page_icon="static/favicon.png",
    layout="wide",
    initial_sidebar_state="expanded",
)

PAGES = [
    st.Page("pages/explore.py", title="Explore", icon=":material/map:", default=True,
            url_path="explore"),
]  # fmt: skip

navigation = st.navigation(PAGES)
navigation.run()
