"""The floor for bench_explore.py: the cheapest possible Streamlit rerun on a date change."""

import streamlit as st

year = st.slider("As of (year)", 1989, 2013, 1997, key="w_year")
st.write(f"Value: {year}")
