"""The instrument: one Streamlit component (components v2) that draws the map and the timeline
in the browser, from specs pydeck and Altair build here.

The browser owns the moving date while the user scrubs or plays; Python owns the committed view
(URL, detail panel, tables). They meet at one message each way:

- Python -> browser, every run: `MapSpec` / `TimelineSpec` as the component's `data`
  (deck JSON from pydeck, country colours as dated steps, the Vega-Lite spec from Altair, the
  settled date, the window and the legend).
- browser -> Python: state `date` (the settled date, "YYYY" or "YYYY-MM", sent once the user
  stops: a second after the last step, or on Pause), `window` ([first, last] years, or None
  for the whole period), `camera` ({longitude, latitude, zoom} once the user has moved the
  map) and the triggers `select` ({"layer", "id"} from the map, {"ref": "kind:id"} from the
  timeline) and `frames` ({"id", "frames": [JPEG data URLs], "error"?}: a play-through the
  map rendered because `MapSpec.video` asked for it; apac/pictures.py encodes it).

The JavaScript lives in static/instrument/ (served by Streamlit's static serving with the
vendored libraries in static/vendor/); the component's own script is a small loader, so a rerun
re-sends a few hundred bytes of code, never the libraries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import streamlit as st

from apac.layers import OCEAN
from apac.paths import STATIC, STATIC_URL

_JS_FILES = ("instrument.js", "dates.js", "tween.js", "story.js", "picture.js")


def _version() -> str:
    digest = hashlib.sha1()
    for name in _JS_FILES:
        digest.update((STATIC / "instrument" / name).read_bytes())
    return digest.hexdigest()[:12]


_MODULE_URL = f"/{STATIC_URL}/instrument/instrument.js?v={_version()}"
_LOADER = """
export default async function (component) {
  const module = await import(new URL(MODULE_URL, window.location.href).href);
  return module.mount(component);
}
""".replace("MODULE_URL", repr(_MODULE_URL))

_COMPONENT = st.components.v2.component("apac_instrument", js=_LOADER)


@dataclass(frozen=True)
class MapSpec:
    """What the map needs: deck JSON (pydeck), dated colours, the settled date and the legend."""

    deck: dict
    colours: dict
    date: str  # the as-of day, ISO
    dateParam: str  # noqa: N815 - the URL's form, as the browser echoes it back
    window: tuple[int, int]
    legend: list[dict]
    alt: str
    height: str = "clamp(240px, calc(100vh - 430px), 1000px)"
    tooltip: str = "{name}\n{tip}"
    ocean: tuple[int, ...] = tuple(OCEAN)  # the map's background before the layers draw
    referenceWidth: int = 900  # noqa: N815 - the map width the named views' zooms are set for
    timeControl: bool = True  # noqa: N815
    scrollZoom: bool = True  # noqa: N815
    whenSize: str = "20px"  # noqa: N815 - the as-of label's font size (CSS)
    animateMs: int = 0  # noqa: N815 - walk a changed date month by month over this long
    title: str = ""  # a picture's title (picture.js); the atlas's name when empty
    sourceLine: str = ""  # noqa: N815 - a picture's source line
    video: dict | None = None  # a play-through to render: {id, days, width, height}
    role: str = field(default="map", init=False)


@dataclass(frozen=True)
class TimelineSpec:
    """The Vega-Lite spec (Altair) and the date its rule starts at."""

    spec: dict
    date: str
    height: int = 160
    asOfDataset: str = "as_of"  # noqa: N815
    role: str = field(default="timeline", init=False)


def _noop() -> None:
    return None


def map_instrument(
    spec: MapSpec,
    *,
    key: str,
    on_date: Callable[[], None] = _noop,
    on_select: Callable[[], None] = _noop,
    on_camera: Callable[[], None] = _noop,
    on_window: Callable[[], None] = _noop,
    on_frames: Callable[[], None] = _noop,
) -> None:
    """Mount the map, its time control and legend (callbacks read st.session_state[key])."""
    _COMPONENT(
        key=key,
        data=asdict(spec),
        on_date_change=on_date,
        on_select_change=on_select,
        on_camera_change=on_camera,
        on_window_change=on_window,
        on_frames_change=on_frames,
    )


def timeline_instrument(
    spec: TimelineSpec,
    *,
    key: str,
    on_select: Callable[[], None] = _noop,
    on_window: Callable[[], None] = _noop,
) -> None:
    """Mount the timeline; it follows the map's moving date on the same page."""
    _COMPONENT(
        key=key,
        data=asdict(spec),
        on_select_change=on_select,
        on_window_change=on_window,
        on_date_change=_noop,
        on_camera_change=_noop,
        on_frames_change=_noop,
    )


def component_value(key: str, name: str):
    """A state or trigger value the browser sent for the mounted instance `key`."""
    value = st.session_state.get(key)
    if value is None:
        return None
    try:
        return value[name]
    except (KeyError, TypeError):
        return getattr(value, name, None)
