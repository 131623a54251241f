"""Streamlit widgets and callbacks of the Explore page (the page itself stays a storyboard)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from apac import text, ui
from apac.data import Record
from apac.dates import PartialDate
from apac.details import Detail
from apac.geo import NAMED_VIEWS
from apac.layers import TOGGLEABLE_LAYERS, LegendItem, MapState, legend_items
from apac.mapstate import compose_map_state
from apac.membership import footprint_table, role_name, role_summary
from apac.state import FIRST_YEAR, LAST_YEAR

MONTHS = ["end of year"] + [date(2000, m, 1).strftime("%B") for m in range(1, 13)]


def _css(rgba: list[int]) -> str:
    return f"rgb({rgba[0]},{rgba[1]},{rgba[2]})"


# --------------------------------------------------------------------------------- controls


def _date_parts(text: str) -> tuple[int, int]:
    d = PartialDate.parse(text)
    return d.year, d.month or 0


def _on_date_change() -> None:
    year, month = st.session_state["w_year"], MONTHS.index(st.session_state["w_month"])
    ui.set_view_state(date=f"{year}" if month == 0 else f"{year}-{month:02d}")


def _on_change(field: str, key: str, convert=tuple) -> None:
    ui.set_view_state(**{field: convert(st.session_state[key])})


def _on_view_change() -> None:
    ui.set_view_state(view=st.session_state["w_view"])
    st.session_state["camera"] = NAMED_VIEWS[st.session_state["w_view"]]


def _on_pick(kind: str, key: str) -> None:
    value = st.session_state[key]
    _select(f"{kind}:{value}" if value else None)


def _select(select: str | None, move: bool = True) -> None:
    ui.set_view_state(select=select)
    st.session_state["camera_follows"] = move


def _toggle_play() -> None:
    playing = not st.session_state.get("playing", False)
    st.session_state["playing"] = playing
    if playing and ui.view_state().as_of.year >= LAST_YEAR:
        ui.set_view_state(date=str(FIRST_YEAR))


def advance_play() -> None:
    """One step of play: the next year, stopping at the end."""
    year = ui.view_state().as_of.year
    if year >= LAST_YEAR:
        st.session_state["playing"] = False
        return
    ui.set_view_state(date=str(year + 1))


def sidebar_controls(record: Record, countries: pd.DataFrame, disputes: pd.DataFrame) -> None:
    """Date, play, window, institutions, layers, named views and keyboard twins of map clicks."""
    view = ui.view_state()
    year, month = _date_parts(view.date)
    # Widgets take their value from the shared state every run (a page switch deletes them).
    st.session_state.update(
        {
            "w_year": year,
            "w_month": MONTHS[month],
            "w_window": view.window,
            "w_inst": list(view.institutions),
            "w_layers": list(view.layers),
            "w_view": view.view,
        }
    )
    side = st.sidebar
    side.slider("As of (year)", FIRST_YEAR, LAST_YEAR, key="w_year", on_change=_on_date_change)
    side.selectbox(
        "Month",
        MONTHS,
        key="w_month",
        on_change=_on_date_change,
        help="A bare year means the state at the end of that year.",
    )
    playing = st.session_state.get("playing", False)
    side.button(
        "⏸ Pause" if playing else "▶ Play years",
        on_click=_toggle_play,
        width="stretch",
        key="w_play",
    )
    side.slider(
        "Window for summits and incidents",
        FIRST_YEAR,
        LAST_YEAR,
        key="w_window",
        on_change=_on_change,
        args=("window", "w_window"),
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
    if view.select:
        side.button("Clear selection", on_click=_select, args=(None, False), key="w_clear")


# ---------------------------------------------------------------------------- selections


#: Pickable map layers whose objects carry an `id`, and the selection kind each gives.
MAP_PICKS = {
    "disputes": "dispute",
    "chokepoints": "chokepoint",
    "summits": "summit",
    "energy-sites": "energy",
    "energy-lines": "energy",
}


def on_map_select() -> None:
    """A click on the map: a country, a dispute, a chokepoint or a summit city."""
    selection = (st.session_state.get("map") or {}).get("selection") or {}
    for layer_id, objects in (selection.get("objects") or {}).items():
        if not objects:
            continue
        obj = objects[0]
        if layer_id == "countries":
            code = (obj.get("properties") or {}).get("adm0_a3")
            if code:
                _select(f"country:{code}", move=False)
                return
        elif layer_id in MAP_PICKS and obj.get("id"):
            kind = MAP_PICKS
            _select(f"{kind[layer_id]}:{obj['id']}", move=False)
            return
    _select(None, move=False)


def on_timeline_select() -> None:
    """A click on a timeline mark selects it; a brushed range becomes the window."""
    selection = (st.session_state.get("timeline") or {}).get("selection") or {}
    brush = selection.get("brush") or {}
    if brush.get("day"):
        lo, hi = sorted(brush["day"])
        first = pd.Timestamp(lo, unit="ms").year
        last = pd.Timestamp(hi, unit="ms").year
        first, last = max(FIRST_YEAR, first), min(LAST_YEAR, max(first, last))
        ui.set_view_state(window=(first, last))
    picks = selection.get("pick") or []
    if picks and picks[0].get("ref"):
        _select(picks[0]["ref"], move=True)


# ---------------------------------------------------------------------------------- map


def map_state(record, countries, disputes, chokepoints, view, detail: Detail | None) -> MapState:
    """What the map draws; the camera stays where the user left it unless asked to move."""
    camera = st.session_state.get("camera") or NAMED_VIEWS[view.view]
    if detail and detail.focus and st.session_state.get("camera_follows", True):
        camera = detail.focus
        st.session_state["camera_follows"] = False
    st.session_state["camera"] = camera
    return compose_map_state(
        record, countries, disputes, chokepoints, view, detail, camera, ui.served_urls()
    )


def headline(record: Record, view) -> str:
    d = PartialDate.parse(view.date)
    names = text.md(", ".join(record.institutions.loc[i, "short_name"] for i in view.institutions))
    note = " (a bare year means the state at the end of that year)" if d.precision == "year" else ""
    return (
        f"### As of {view.as_of:%d %B %Y}{note}\n"
        f"Showing **{names or 'no institution'}**; summits and incidents "
        f"{view.window[0]}–{view.window[1]}."
    )


def map_alt(record: Record, view) -> str:
    names = ", ".join(record.institutions.loc[i, "short_name"] for i in view.institutions)
    return (
        f"Map of the Asia-Pacific as of {view.as_of:%d %B %Y}, colouring the members of "
        f"{names or 'no institution'}; disputed territories are ringed white markers and "
        "chokepoints cyan lines edged in black. The table below the timeline lists the same "
        "members."
    )


def map_caption(state: MapState, view) -> None:
    """A line under the map saying what the markers show (also a text alternative)."""
    if "summits" not in view.layers or state.summits is None:
        st.caption("Summit host cities are hidden (Layers).")
        return
    cities = state.summits.groupby(["city", "host"]).ngroups
    st.caption(
        f"Summit markers: {cities} host cities, {len(state.summits)} meetings in "
        f"{view.window[0]}–{view.window[1]} held by {view.as_of:%d %B %Y}."
    )


def swatch_style(item: LegendItem) -> str:
    """CSS drawing a legend item's swatch with exactly the map's colours (numbers from code).

    Every swatch keeps the legend's 1.4em-wide slot (round ones are centred in it by margins)
    so the labels line up."""
    edge = _css(item.edge) if item.edge else "transparent"
    if item.shape == "fill":
        return f"background:{_css(item.rgba)}"
    if item.shape == "line":  # a casing, then the core across the middle
        return (
            f"background:linear-gradient({edge} 0 30%,{_css(item.rgba)} 30% 70%,{edge} 70%);"
            "border-radius:3px;height:.6em"
        )
    size = {"ring": 1.1, "small-ring": 0.7}.get(item.shape, 1.0)
    round_ = (
        f"box-sizing:border-box;width:{size}em;height:{size}em;border-radius:50%;"
        f"margin:0 {(1.4 - size) / 2:.2f}em"
    )
    if item.shape in {"ring", "small-ring"}:
        return f"{round_};border:3px solid {_css(item.rgba)};box-shadow:0 0 0 2px {edge}"
    return f"{round_};background:{_css(item.rgba)};border:2px solid {edge}"  # a marker


def map_legend(view) -> None:
    """The legend, from layers.legend_items: the colours listed are the colours drawn."""
    ui.legend([(swatch_style(i), i.label, i.description) for i in legend_items(view)])


# -------------------------------------------------------------------------------- panels


def detail_panel(detail: Detail | None) -> None:
    with st.container(border=True):
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
            st.dataframe(detail.table, hide_index=True, width="stretch", height=220)
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


def share_and_export(record: Record, view, state: MapState, frame: pd.DataFrame, chart) -> None:
    """Copy link, embed, and the files a teacher or presenter takes away."""
    from apac import exports, ui_share
    from apac.layers import build_deck
    from apac.state import to_query

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
        with cols[1]:
            ui_share.download(
                "Timeline (PNG)",
                lambda: exports.timeline_png(chart),
                f"apac-timeline-{stamp}.png",
                "image/png",
                "dl_png",
            )
            ui_share.download(
                "Timeline (SVG)",
                lambda: exports.timeline_svg(chart),
                f"apac-timeline-{stamp}.svg",
                "image/svg+xml",
                "dl_svg",
            )
        with cols[2]:

            def map_file() -> str:
                deck = exports.portable_deck(build_deck(state).to_json())
                names = ", ".join(
                    record.institutions.loc[i, "short_name"] for i in view.institutions
                )
                scene = exports.ExportScene(
                    title=f"Asia-Pacific Atlas: {names or 'the region'}",
                    when=f"As of {view.as_of:%d %B %Y}",
                    caption=f"Members of {names or 'no institution'} as of the date; disputed "
                    "territories as neutral ringed markers, chokepoints in cyan.",
                    sources=sorted(
                        {record.institutions.loc[i, "source_id"] for i in view.institutions}
                    ),
                    deck=deck,
                )
                return exports.story_html([scene], "Asia-Pacific Atlas map")

            ui_share.download(
                "Map (offline HTML)", map_file, f"apac-map-{stamp}.html", "text/html", "dl_map"
            )
        st.caption("The map file opens in any browser without Python or internet access.")
