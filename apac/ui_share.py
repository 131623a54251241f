"""Share and export widgets: copy link, embed snippet, CSV / PNG / SVG / HTML downloads."""

from __future__ import annotations

import html
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

import streamlit as st

from apac import text


def app_base_url() -> str:
    """The app's address as the browser sees it (scheme, host, path without the page)."""
    url = st.context.url or "http://localhost:8501/"
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def share_links(query: dict[str, str], page_path: str = "") -> None:
    """A link that restores this exact view, and an iframe snippet for a course page."""
    base = app_base_url() + page_path
    link = f"{base}?{urlencode(query)}"
    st.markdown("**Link to this view** (the copy button is at the right of the box)")
    st.code(link, language=None, wrap_lines=True)
    st.markdown("**Embed in a course page**")
    st.caption(
        "Only the map, its time control and legend, the timeline and the detail panel, "
        "for a column 800–1100 px wide (the details go under the map up to 1100 px)."
    )
    st.code(embed_snippet(query, page_path), language="html", wrap_lines=True)


def embed_url(query: dict[str, str], page_path: str = "") -> str:
    """The view in embed mode: our `frame=instrument` and Streamlit's `embed=true`."""
    embed = {**query, "frame": "instrument", "embed": "true"}
    return f"{app_base_url() + page_path}?{urlencode(embed)}"


def embed_snippet(query: dict[str, str], page_path: str = "") -> str:
    """The iframe a teacher pastes into a course page (the URL escaped for the attribute)."""
    return (
        f'<iframe src="{html.escape(embed_url(query, page_path))}" width="100%" '
        f'height="{EMBED_HEIGHT}" style="border:0" title="Asia-Pacific Atlas"></iframe>'
    )


def full_atlas_link(query: dict[str, str], page_path: str = "") -> None:
    """In embed mode: the same view in the whole atlas (a new tab, out of the iframe)."""
    whole = {k: v for k, v in query.items() if k != "frame"}
    url = f"{app_base_url() + page_path}?{urlencode(whole)}"
    st.markdown(
        text.md_link("Open this view in the whole Asia-Pacific Atlas ↗", url),
        help="The sidebar, the tables and the downloads are in the whole atlas.",
    )


#: The snippet's iframe height: the map, time control, legend and timeline in one screen at
#: this height (apac.ui_embed.MAP_HEIGHT), the detail panel scrolled to under them.
EMBED_HEIGHT = 800


def download(
    label: str, make: Callable[[], bytes | str], file_name: str, mime: str, key: str
) -> None:
    """A download button whose file is only built when clicked."""
    st.download_button(
        label,
        data=make,
        file_name=file_name,
        mime=mime,
        key=key,
        width="stretch",
        on_click="ignore",
    )
