"""Shared Streamlit pieces: cached loaders keyed on plain values, legends and error notices."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from apac import data


@st.cache_data(show_spinner=False)
def countries() -> pd.DataFrame:
    return data.read_countries()


@st.cache_data(show_spinner=False)
def disputes() -> pd.DataFrame:
    return data.read_disputes()


@st.cache_data(show_spinner=False)
def chokepoints() -> pd.DataFrame:
    return data.read_chokepoints()


@st.cache_data(show_spinner=False)
def other_disputed() -> pd.DataFrame:
    return data.read_other_disputed()


def data_error_notice(exc: data.DataError) -> None:
    """Show a bundled-data problem as a readable message instead of a traceback."""
    st.error(
        "**The atlas's bundled data did not pass validation**, so this page cannot be drawn "
        "reliably. Fix the file named below (or restore it from git) and reload."
    )
    st.code("\n".join(exc.problems[:30]), language=None)
    if len(exc.problems) > 30:
        st.caption(f"... and {len(exc.problems) - 30} more problems.")


def legend(items: list[tuple[str, str, str]]) -> None:
    """A readable HTML legend: (css swatch style, label, description)."""
    rows = "".join(
        f"<div style='display:flex;align-items:center;gap:.6em;margin:.25em 0'>"
        f"<span style='display:inline-block;width:1.4em;height:1.1em;{style}'></span>"
        f"<span><b>{html.escape(label)}</b>"
        f"{' · ' + html.escape(desc) if desc else ''}</span></div>"
        for style, label, desc in items
    )
    st.markdown(f"<div class='apac-legend'>{rows}</div>", unsafe_allow_html=True)
