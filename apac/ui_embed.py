"""Embed mode (`frame=instrument`): only the instrument and the detail panel, for an iframe in a
course page 800-1100 px wide. Streamlit's own `embed=true` hides its header and toolbar; the
frame drops the sidebar, the page links, the footprint table and the Share and export section,
and puts the detail panel under the map up to 1100 px wide so the map gets the column's width."""

from __future__ import annotations

import streamlit as st

#: The keyed container around the map and detail columns (the CSS below finds it by its key).
ROW_KEY = "apac-embed"
#: Up to this frame width the detail panel goes under the map.
STACK_BELOW_PX = 1100
#: The map's height in the frame: what is left of the frame's height after the headline, the
#: time control, the legend and the timeline (which sit under the map), within sane bounds.
MAP_HEIGHT = "clamp(260px, calc(100vh - 330px), 900px)"

_STYLE = f"""
<style>
.block-container {{ padding: 0.5rem 0.75rem 0.5rem !important; max-width: none !important; }}
/* The page's own style blocks take no room (a <style> applies wherever it sits). */
[data-testid="stElementContainer"]:has(style) {{ display: none; }}
@media (max-width: {STACK_BELOW_PX}px) {{
  .st-key-{ROW_KEY} [data-testid="stHorizontalBlock"] {{ flex-direction: column; }}
  .st-key-{ROW_KEY} [data-testid="stColumn"] {{
    width: 100% !important; flex: 1 1 auto !important; min-width: 100% !important;
  }}
  .st-key-apac-detail {{ max-height: none; }}
}}
</style>
"""


def embedded(view) -> bool:
    """True when the view asks for the embed layout (the link's `frame=instrument`)."""
    return view.frame == "instrument"


def embed_style() -> None:
    """Tight margins, and the detail panel under the map in a course page's column."""
    st.markdown(_STYLE, unsafe_allow_html=True)  # our own CSS; no data in it
