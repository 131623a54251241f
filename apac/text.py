"""The one escaping rule: untrusted text (data, URL, upload) is escaped for the place it lands.

- Markdown (st.markdown, st.caption, st.warning, labels of tabs/expanders/buttons): `md()` puts a
  backslash before every ASCII punctuation character, so no link, image, emphasis, HTML, LaTeX,
  directive (`:red[...]`) or code span can be formed from the text; line breaks become hard breaks.
- HTML (markup the code writes, including `unsafe_allow_html` and exported files): `html_text()`.
- Link targets: `safe_url()` keeps http(s) URLs only and percent-encodes what could end a
  markdown link; anything else (javascript:, data:, relative) gives "".
- deck.gl tooltips are `text` templates (innerText), never `html`; exported files set
  `textContent` and embed JSON with every `<` escaped (`script_json()`).
"""

from __future__ import annotations

import html
import json
import re
import string
from urllib.parse import quote, urlsplit

_MD_SPECIAL = {c: "\\" + c for c in string.punctuation}
#: GFM turns bare "http://…" and "www.…" into links; a word joiner after the first letter stops it.
_AUTOLINK = re.compile(r"(?i)\b(?:https?|ftp|mailto|www)(?=[:.])")
_CONTROL = {c: " " for c in range(32) if chr(c) not in "\n"} | {0x7F: " "}


def _clean(value: object) -> str:
    return ("" if value is None else str(value)).translate(_CONTROL)


def md(value: object) -> str:
    """Text that renders as itself in Streamlit markdown (never as markup, nor an autolink)."""
    text = _AUTOLINK.sub(lambda m: m[0][0] + "\u2060" + m[0][1:], _clean(value))
    text = "".join(_MD_SPECIAL.get(c, c) for c in text)
    return "  \n".join(line.strip() for line in text.split("\n"))


def html_text(value: object) -> str:
    """Text that renders as itself inside HTML elements or attributes."""
    return html.escape(_clean(value), quote=True).replace("\n", "<br>")


def safe_url(value: object) -> str:
    """An http(s) URL safe inside a markdown link or an href, or '' when it is not one."""
    text = _clean(value).strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return ""
    return quote(text, safe=":/?#@!$&'*+,;=%~-._")


def md_link(title: object, url: object) -> str:
    """A markdown link whose title is escaped text; plain escaped text when the URL is unsafe."""
    target = safe_url(url)
    return f"[{md(title)}]({target})" if target else md(title)


def script_json(obj: object) -> str:
    """JSON to embed inside a <script> element: no '<' can close it or open a comment."""
    return (
        json.dumps(obj, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
