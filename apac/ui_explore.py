"""Streamlit widgets and callbacks of the Explore page (the page itself stays a storyboard)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from apac import text, ui
from apac.data import Record
from apac.dates import PartialDate
from apac.details import Detail
from apac.geo import NAMED_VIEWS, NamedView
from apac.instrument import (
    TimelineSpec,
    component_value,
    map_instrument,
    timeline_instrument,
)
from apac.layers import TOGGLEABLE_LAYERS, MapState
from apac.mapstate import compose_map_state
from apac.membership import footprint_table, role_name, role_summary, short_names
from apac.state import FIRST_YEAR, LAST_YEAR, parse_camera

# --------------------------------------------------------------------------------- controls


def _on_change(field: str, key: str, convert=tuple) -> None:
    ui.set_view_state(**{field: convert(st.session_state[key])})


def _on_view_change() -> None:
    """A named view replaces the user's camera (in the session and in the link)."""
    ui.set_view_state(view=st.session_state["w_view"], camera=None)
    st.session_state["camera"] = NAMED_VIEWS[st.session_state["w_view"]]


def _on_pick(kind: str, key: str) -> None:
    value = st.session_state[key]
    _select(f"{kind}:{value}" if value else None)


def _on_find() -> None:
    value = st.session_state["w_find"]
    _select(value or None)


def _select(select: str | None, move: bool = True) -> None:
    ui.set_view_state(select=select)
    st.session_state["camera_follows"] = move


def sidebar_controls(
    record: Record, countries: pd.DataFrame, disputes: pd.DataFrame, chokepoints: pd.DataFrame
) -> None:
    """Window, institutions, layers, named views and keyboard twins of every map click (the
    date and Play are on the instrument itself)."""
    view = ui.view_state()
    # Widgets take their value from the shared state every run (a page switch deletes them).
    st.session_state.update(
        {
            "w_window": view.window,
            "w_inst": list(view.institutions),
            "w_layers": list(view.layers),
            "w_view": view.view,
        }
    )
    side = st.sidebar
    side.slider(
        "Window for summits and incidents",
        FIRST_YEAR,
        LAST_YEAR,
        key="w_window",
        on_change=_on_change,
        args=("window", "w_window"),
    )
    if tuple(view.window) != (FIRST_YEAR, LAST_YEAR):
        side.button(
            f"Whole period {FIRST_YEAR}–{LAST_YEAR}",
            on_click=ui.set_view_state,
            kwargs={"window": (FIRST_YEAR, LAST_YEAR)},
            key="w_whole",
            icon=":material/open_in_full:",
        )
    inst = record.institutions
    side.multiselect(
        "Institutions",
        list(inst.index),
        key="w_inst",
        format_func=lambda i: inst.loc[i, "short_name"],
        on_change=_on_change,
        args=("institutions", "w_inst"),
    )
    side.pills(
        "Layers",
        list(TOGGLEABLE_LAYERS),
        selection_mode="multi",
        key="w_layers",
        format_func=TOGGLEABLE_LAYERS.get,
        on_change=_on_change,
        args=("layers", "w_layers"),
    )
    side.selectbox(
        "Jump to",
        list(NAMED_VIEWS),
        key="w_view",
        format_func=lambda v: NAMED_VIEWS[v].label,
        on_change=_on_view_change,
    )
    # Keyboard twins of map clicks: a select box for countries and one for disputes.
    sel = view.selection
    names = countries["name"].to_dict() | record.entities["name"].to_dict()
    codes = [""] + sorted((c for c in names if c in countries.index), key=names.get)
    st.session_state["w_country"] = sel[1] if sel and sel[0] == "country" else ""
    st.session_state["w_dispute"] = sel[1] if sel and sel[0] == "dispute" else ""
    st.session_state["w_energy"] = sel[1] if sel and sel[0] == "energy" else ""
    side.selectbox(
        "Country or economy profile",
        codes,
        key="w_country",
        format_func=lambda c: names.get(c, "—") if c else "—",
        on_change=_on_pick,
        args=("country", "w_country"),
    )
    side.selectbox(
        "Disputed territory",
        [""] + list(disputes.index),
        key="w_dispute",
        format_func=lambda d: disputes.loc[d, "name"] if d else "—",
        on_change=_on_pick,
        args=("dispute", "w_dispute"),
    )
    energy = record.energy
    side.selectbox(
        "Energy site or pipeline",
        [""] + list(energy.index),
        key="w_energy",
        format_func=lambda e: energy.loc[e, "name"] if e else "—",
        on_change=_on_pick,
        args=("energy", "w_energy"),
    )
    find = find_options(record, chokepoints)
    st.session_state["w_find"] = view.select if view.select in find else ""
    side.selectbox(
        "Summit, incident or chokepoint",
        [""] + list(find),
        key="w_find",
        format_func=lambda v: find.get(v, "—"),
        on_change=_on_find,
        help="Type to search; the keyboard twin of clicking a marker or a timeline mark.",
    )
    if view.select:
        side.button("Clear selection", on_click=_select, args=(None, False), key="w_clear")


def find_options(record: Record, chokepoints: pd.DataFrame) -> dict[str, str]:
    """Every summit, incident and chokepoint by its selection ref, labelled for search."""
    options = {}
    for s in record.summits.sort_values(
        "start_date", key=lambda c: c.map(lambda d: d.first)
    ).itertuples():
        options[f"summit:{s.summit_id}"] = f"Summit · {s.start_date.label} · {s.title}"
    for i in record.incidents.sort_values(
        "date", key=lambda c: c.map(lambda d: d.first)
    ).itertuples():
        options[f"incident:{i.event_id}"] = f"Incident · {i.date.label} · {i.title}"
    for c in chokepoints.itertuples():
        options[f"chokepoint:{c.chokepoint_id}"] = f"Chokepoint · {c.name}"
    return options


# ---------------------------------------------------------------------------- selections


MAP_KEY, TIMELINE_KEY = "map", "timeline"
#: The map's pickable layers and the kind of thing each one selects.
_LAYER_KINDS = {
    "countries": "country",
    "disputes": "dispute",
    "chokepoints": "chokepoint",
    "summits": "summit",
    "incidents": "incident",
    "energy-sites": "energy",
    "energy-lines": "energy",
}


def settled_date(value: object) -> str | None:
    """The date the browser settled on, as the URL writes it ("1998" or "1998-10"), or None."""
    try:
        parsed = PartialDate.parse(str(value))
    except ValueError:
        return None
    return parsed.iso if FIRST_YEAR <= parsed.year <= LAST_YEAR else None


def picked_selection(picked: object) -> str | None:
    """ "kind:id" for a map pick {"layer", "id"}; None for empty map or an unknown layer."""
    if not isinstance(picked, dict):
        return None
    kind = _LAYER_KINDS.get(str(picked.get("layer", "")))
    ref = str(picked.get("id") or "")
    return f"{kind}:{ref}" if kind and ref else None


def window_years(years: object) -> tuple[int, int]:
    """The window a brush asked for, clamped to the atlas's years; the whole period for None."""
    try:
        ordered = sorted(int(y) for y in years)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        ordered = []
    if not ordered:
        return FIRST_YEAR, LAST_YEAR
    first = min(max(FIRST_YEAR, ordered[0]), LAST_YEAR)
    return first, min(LAST_YEAR, max(first, ordered[-1]))


def on_map_date() -> None:
    """The browser settled on a date (the user stopped scrubbing or playing)."""
    settled = settled_date(component_value(MAP_KEY, "date"))
    if settled:
        ui.set_view_state(date=settled)


def on_map_select() -> None:
    """A click on the map: a country, a dispute, a chokepoint, a summit or an incident."""
    _select(picked_selection(component_value(MAP_KEY, "select")), move=False)


def moved_camera(camera: object) -> tuple[float, float, float] | None:
    """The camera the browser sent ({longitude, latitude, zoom}, the zoom without the map's
    width fit) as the link writes it, or None when it is not one a link could carry."""
    if not isinstance(camera, dict):
        return None
    try:
        values = [float(camera[k]) for k in ("longitude", "latitude", "zoom")]
    except (KeyError, TypeError, ValueError):
        return None
    parsed, _ = parse_camera(",".join(f"{v:.8f}" for v in values))
    return parsed


def on_camera() -> None:
    """The user moved the map: keep the camera where they left it, in the link too."""
    camera = moved_camera(component_value(MAP_KEY, "camera"))
    if camera:
        ui.set_view_state(camera=camera)


def camera_of(view) -> NamedView:
    """The link's camera as the map's initial view (its zoom is for the reference width)."""
    return NamedView("user", "Your view", *view.camera)


def on_map_window() -> None:
    ui.set_view_state(window=window_years(component_value(MAP_KEY, "window")))


def on_timeline_window() -> None:
    ui.set_view_state(window=window_years(component_value(TIMELINE_KEY, "window")))


def on_timeline_select() -> None:
    """A click on a timeline mark selects it (and the map moves to it)."""
    picked = component_value(TIMELINE_KEY, "select") or {}
    if picked.get("ref"):
        _select(str(picked["ref"]), move=True)


# ---------------------------------------------------------------------------------- map


def map_state(record, countries, disputes, chokepoints, view, detail: Detail | None) -> MapState:
    """What the map draws; the camera stays where the user left it unless asked to move.
    A selection that moves the map drops the user's camera from the link; a link with both a
    selection and a camera opens at its camera."""
    camera = st.session_state.get("camera") or NAMED_VIEWS[view.view]
    if detail and detail.focus:
        if st.session_state.get("camera_follows", view.camera is None):
            camera = detail.focus
            ui.set_view_state(camera=None)
            view = ui.view_state()
        st.session_state["camera_follows"] = False  # until a new selection asks to move
    st.session_state["camera"] = camera
    if view.camera:
        camera = camera_of(view)
    return compose_map_state(
        record,
        countries,
        disputes,
        chokepoints,
        view,
        detail,
        camera,
        ui.served_urls(),
        browser_time=True,
    )


def picture_texts(record: Record, view) -> dict[str, str]:
    """A map picture's title and source line (picture.js draws them; the date is its own)."""
    from apac.pictures import source_line

    names = ", ".join(short_names(record.institutions, view.institutions))
    ids = [record.institutions.loc[i, "source_id"] for i in view.institutions]
    return {
        "title": f"Asia-Pacific institutions: {names or 'none chosen'}",
        "sourceLine": source_line(record.sources, ids),
    }


def draw_map(record: Record, view, state: MapState, **overrides) -> None:
    """The instrument's map, time control and legend (time moves in the browser); `overrides`
    are MapSpec fields (the embed's height)."""
    map_instrument(
        ui.map_spec(
            record,
            view,
            state,
            video=st.session_state.get(VIDEO_REQUEST),
            **picture_texts(record, view),
            **overrides,
        ),
        key=MAP_KEY,
        on_date=on_map_date,
        on_select=on_map_select,
        on_camera=on_camera,
        on_window=on_map_window,
        on_frames=on_map_frames,
    )


def draw_timeline(chart, view, height: int) -> None:
    """The instrument's timeline: its rule follows the map's moving date on the page."""
    timeline_instrument(
        TimelineSpec(spec=chart.to_dict(), date=view.as_of.isoformat(), height=height),
        key=TIMELINE_KEY,
        on_select=on_timeline_select,
        on_window=on_timeline_window,
    )


def headline(record: Record, view) -> str:
    """One line over the instrument: what is shown (the date is on the map and its control)."""
    d = PartialDate.parse(view.date)
    names = text.md(", ".join(short_names(record.institutions, view.institutions)))
    note = " (a bare year means the state at the end of that year)" if d.precision == "year" else ""
    return (
        f"**As of {view.as_of:%d %B %Y}**{note} · showing **{names or 'no institution'}** · "
        f"summits and incidents {view.window[0]}–{view.window[1]}"
    )


_ONE_FRAME = """
<style>
.block-container { padding-top: 2.8rem !important; padding-bottom: 1rem !important; }
.st-key-map, .st-key-timeline { margin-top: -0.4rem; }
.st-key-apac-detail { max-height: max(300px, calc(100vh - 300px)); overflow-y: auto; }
@media (max-width: 640px) { .st-key-apac-detail { max-height: none; } }
</style>
"""


def one_frame_style() -> None:
    """Tighter page margins so map, time control, legend and timeline share the first screen."""
    st.markdown(_ONE_FRAME, unsafe_allow_html=True)  # our own CSS; no data in it


# -------------------------------------------------------------------------------- panels


def detail_panel(detail: Detail | None) -> None:
    # Keyed: one_frame_style() caps its height at the map's, so the timeline stays on screen.
    with st.container(border=True, key="apac-detail"):
        if detail is None:
            st.markdown("#### Nothing selected")
            st.caption(
                "Click a country, a disputed territory, a chokepoint or a summit city on "
                "the map, or a mark on the timeline; or use the selectors in the sidebar."
            )
            return
        st.markdown(f"#### {text.md(detail.heading)}")
        st.caption(detail.kind.capitalize())
        for label, value in detail.facts:
            st.markdown(f"**{text.md(label)}:** {text.md(value)}")
        if detail.table is not None and len(detail.table):
            rows = len(detail.table)
            st.dataframe(
                detail.table, hide_index=True, width="stretch", height=min(220, 38 + 35 * rows)
            )
        for source_id in detail.source_ids[:6]:
            st.markdown(ui.source_markdown(source_id))


def footprint_section(record: Record, view) -> None:
    st.subheader("What the map shows")
    table = footprint_table(
        record.memberships, record.institutions, record.entities, view.institutions, view.as_of
    )
    summary = text.md(role_summary(table) or "nothing")
    st.caption(
        f"As of {view.as_of:%d %B %Y} — {summary}. Non-country members (such as "
        "the European Union) are listed here though the map has no shape for them."
    )
    # A plain HTML table: read by screen readers, copyable, and what the browser tests read.
    # Country codes stay in the CSV download; on screen the names say it.
    table = table.assign(role=table["role"].map(role_name))  # "dialogue partner", as said
    shown = table.drop(columns=["institution_id", "code"]).rename(
        columns={
            "member": "Member",
            "institution": "Institution",
            "role": "Role",
            "since": "Since",
            "source_id": "Source",
        }
    )
    # Categories: each repeated value (an institution, a shared source) travels once.
    # st.table renders each cell as markdown: every value is escaped text.
    st.table(shown.map(text.md).set_index("Member").astype("category"))


# ------------------------------------------------------------------------------ share/export

#: session_state keys of a play-through: the request the map renders, and the encoded files.
VIDEO_REQUEST, VIDEO_RESULT, VIDEO_YEARS = "video_request", "video_result", "w_video_years"
#: A play-through's frame size and pace (2 frames a year, half a second each).
VIDEO_SIZE, VIDEO_PER_YEAR, VIDEO_SECONDS = (1280, 720), 2, 0.5


def video_years_default(window: tuple[int, int]) -> tuple[int, int]:
    """The years a play-through covers by default: the window, or 1995-2000 for the whole
    period (25 years would be a long video)."""
    return (1995, 2000) if tuple(window) == (FIRST_YEAR, LAST_YEAR) else tuple(window)


def _request_video() -> None:
    from apac.pictures import frame_days

    first, last = st.session_state[VIDEO_YEARS]
    number = st.session_state.get("_video_serial", 0) + 1
    st.session_state["_video_serial"] = number
    st.session_state[VIDEO_RESULT] = None
    st.session_state[VIDEO_REQUEST] = {
        "id": f"video-{number}",
        "days": frame_days(first, last, VIDEO_PER_YEAR),
        "width": VIDEO_SIZE[0],
        "height": VIDEO_SIZE[1],
        "years": [first, last],
    }


def on_map_frames() -> None:
    """The map sent the frames of the requested play-through: encode GIF and MP4."""
    from apac import pictures

    value = component_value(MAP_KEY, "frames") or {}
    request = st.session_state.get(VIDEO_REQUEST)
    if not request or not isinstance(value, dict) or value.get("id") != request["id"]:
        return
    st.session_state[VIDEO_REQUEST] = None
    years = request["years"]
    try:
        if value.get("error"):
            raise pictures.FrameError(f"the map could not draw the frames: {value['error']}")
        frames = pictures.decode_frames(value.get("frames"))
        if len(frames.images) != len(request["days"]):
            raise pictures.FrameError(
                f"{len(frames.images)} frames arrived, {len(request['days'])} were asked for"
            )
        result = {
            "gif": pictures.gif_bytes(frames, VIDEO_SECONDS),
            "mp4": pictures.mp4_bytes(frames, VIDEO_SECONDS),
            "note": f"{len(frames.images)} frames of {frames.width}×{frames.height}, "
            f"{years[0]}–{years[1]}, {VIDEO_SECONDS:g} s each",
            "stem": f"apac-map-{years[0]}-{years[1]}",
        }
    except pictures.FrameError as exc:
        result = {"error": str(exc)}
    st.session_state[VIDEO_RESULT] = result


def video_section(view) -> None:
    """Years, a button that asks the map for the frames, and the GIF and MP4 once encoded."""
    from apac import ui_share

    if VIDEO_YEARS not in st.session_state:
        st.session_state[VIDEO_YEARS] = video_years_default(view.window)
    st.markdown("**Play-through video** (the map at two dates a year, with date and legend)")
    st.slider("Video years", FIRST_YEAR, LAST_YEAR, key=VIDEO_YEARS)
    st.button("Make video", on_click=_request_video, key="w_video", icon=":material/movie:")
    if st.session_state.get(VIDEO_REQUEST):
        st.caption("The map is drawing the frames; the files appear here in a moment.")
    result = st.session_state.get(VIDEO_RESULT)
    if result and result.get("error"):
        st.error(f"The video could not be made: {text.md(result['error'])}")
    elif result:
        cols = st.columns(2)
        with cols[0]:
            ui_share.download(
                "Video (GIF)", lambda: result["gif"], f"{result['stem']}.gif", "image/gif", "dl_gif"
            )
        with cols[1]:
            ui_share.download(
                "Video (MP4)", lambda: result["mp4"], f"{result['stem']}.mp4", "video/mp4", "dl_mp4"
            )
        st.caption(text.md(result["note"]))


def share_and_export(
    record: Record, view, state: MapState, frame: pd.DataFrame, lanes: list[str]
) -> None:
    """Copy link, embed, and the files a teacher or presenter takes away."""
    from apac import exports, pictures, ui_share
    from apac.state import to_query
    from apac.timeline import build_timeline_export

    with st.expander("Share and export", icon=":material/ios_share:"):
        ui_share.share_links(to_query(view))
        stamp = f"{view.as_of:%Y-%m-%d}"
        table = footprint_table(
            record.memberships, record.institutions, record.entities, view.institutions, view.as_of
        )
        years = frame["day"].dt.year if len(frame) else pd.Series(dtype=int)
        shown = (
            frame[(years >= view.window[0]) & (years <= view.window[1])] if len(frame) else frame
        )
        events = shown.drop(columns=["hl", "focus", "aria"], errors="ignore")
        cols = st.columns(3)
        with cols[0]:
            ui_share.download(
                "Members (CSV)",
                lambda: table.to_csv(index=False),
                f"apac-members-{stamp}.csv",
                "text/csv",
                "dl_members",
            )
            ui_share.download(
                "Events (CSV)",
                lambda: events.to_csv(index=False),
                f"apac-events-{view.window[0]}-{view.window[1]}.csv",
                "text/csv",
                "dl_events",
            )
        names = ", ".join(short_names(record.institutions, view.institutions))

        def chart():
            return build_timeline_export(
                frame,
                lanes=lanes,
                as_of=view.as_of,
                window=view.window,
                title=f"Timeline: {names or 'disputes and events'}",
                source_line=pictures.source_line(
                    record.sources, list(events["source_id"]) if len(events) else []
                ),
            )

        with cols[1]:
            ui_share.download(
                "Timeline (PNG)",
                lambda: exports.timeline_png(chart()),
                f"apac-timeline-{stamp}.png",
                "image/png",
                "dl_png",
            )
            ui_share.download(
                "Timeline (SVG)",
                lambda: exports.timeline_svg(chart()),
                f"apac-timeline-{stamp}.svg",
                "image/svg+xml",
                "dl_svg",
            )
        with cols[2]:

            def map_file() -> str:
                spec = ui.map_spec(record, view, state, timeControl=False, scrollZoom=False)
                scene = exports.map_scene(record, view, spec)
                return exports.story_html([scene], "Asia-Pacific Atlas map")

            ui_share.download(
                "Map (offline HTML)", map_file, f"apac-map-{stamp}.html", "text/html", "dl_map"
            )
        st.caption(
            "The map file opens in any browser without Python or internet access. A picture of "
            "the map (PNG 1920×1080 or 3840×2160, SVG) is in the map's own Picture menu."
        )
        video_section(view)
