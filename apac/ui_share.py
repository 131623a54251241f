"""Share and export widgets: copy link, embed snippet, CSV / PNG / SVG / HTML downloads."""

from __future__ import annotations

import html
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

import streamlit as st


def app_base_url() -> str:
    """The app's address as the browser sees it (scheme, host, path without the page)."""
    url = st.context.url or "http://localhost:8501/"
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def share_links(query: dict[str, str], page_path: str = "") -> None:
    """A link that restores this exact view, and an iframe snippet for a course page."""
    base = app_base_url() + page_path
    link = f"{base}?{urlencode(query)}"
    embed = f"{base}?{urlencode({**query, 'embed': 'true'})}"
    st.markdown("**Link to this view** (the copy button is at the right of the box)")
    st.code(link, language=None, wrap_lines=True)
    st.markdown("**Embed in a course page**")
    st.code(
        f'<iframe src="{html.escape(embed)}" width="100%" height="900" '
        'style="border:0" title="Asia-Pacific Atlas"></iframe>',
        language="html",
        wrap_lines=True,
    )


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
