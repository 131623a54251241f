"""Shared Streamlit pieces: cached loaders keyed on plain values, legends and error notices."""

from __future__ import annotations

import logging
from dataclasses import replace

import pandas as pd
import streamlit as st

from apac import data, state, text
from apac.membership import short_names

log = logging.getLogger(__name__)

# The validated data are read once per process and shared, read-only, by every session
# (st.cache_resource): st.cache_data would unpickle a fresh copy of the whole record on every
# call, several times a run. Nothing here mutates them; per-view results use st.cache_data.


@st.cache_resource(show_spinner=False)
def countries() -> pd.DataFrame:
    """The countries table, with the polygon files the browser draws checked against it."""
    table = data.read_countries()
    data.read_map_layers(table)
    return table


@st.cache_resource(show_spinner=False)
def disputes() -> pd.DataFrame:
    return data.read_disputes()


@st.cache_resource(show_spinner=False)
def chokepoints() -> pd.DataFrame:
    return data.read_chokepoints()


@st.cache_resource(show_spinner=False)
def other_disputed() -> pd.DataFrame:
    return data.read_other_disputed()


@st.cache_resource(show_spinner=False)
def served_urls() -> dict[str, str | None]:
    """Where the browser fetches each served file (apac.served); None: send that data inline."""
    from apac.served import served_contents, served_url

    contents = served_contents(record(), disputes(), chokepoints())
    urls = {name: served_url(name, text) for name, text in contents.items()}
    stale = sorted(name for name, url in urls.items() if url is None)
    if stale:
        log.warning("static/ is stale for %s (run make served): sending that data inline", stale)
    return urls


@st.cache_data(show_spinner=False, max_entries=256)
def colour_steps(institutions: tuple[str, ...], select: str | None) -> dict:
    """Every country's dated fill for these institutions and this selection (apac.mapstate)."""
    from apac.details import resolve
    from apac.mapstate import colour_steps as steps
    from apac.state import ViewState

    view = ViewState(institutions=institutions, select=select)
    names = countries()["name"].to_dict()
    detail = resolve(record(), view.selection, disputes(), chokepoints(), view.as_of, names)
    return steps(record(), countries(), view, detail)


def map_spec(rec: data.Record, view: state.ViewState, map_state, **overrides):
    """The instrument's MapSpec for a view (Explore, Briefing and the exported files share it)."""
    import json
    from dataclasses import asdict

    from apac.instrument import MapSpec
    from apac.layers import build_deck, legend_items

    return MapSpec(
        deck=json.loads(build_deck(map_state).to_json()),
        colours=colour_steps(view.institutions, view.select),
        date=view.as_of.isoformat(),
        dateParam=view.date,
        window=view.window,
        legend=[asdict(item) for item in legend_items(view)],
        alt=map_alt(rec, view),
        **overrides,
    )


def map_alt(record: data.Record, view) -> str:
    names = ", ".join(short_names(record.institutions, view.institutions))
    return (
        f"Map of the Asia-Pacific as of {view.as_of:%d %B %Y}, colouring the members of "
        f"{names or 'no institution'}; disputed territories are ringed white markers and "
        "chokepoints cyan lines edged in black. The table below the timeline lists the same "
        "members."
    )


def load(*loaders):
    """Call cached loaders; on a data problem show it (never a traceback) and stop the page."""
    try:
        return tuple(loader() for loader in loaders)
    except data.DataError as exc:
        data_error_notice(exc)
        st.stop()


def data_error_notice(exc: data.DataError) -> None:
    """Show a bundled-data problem as a readable message instead of a traceback."""
    st.error(
        "**The atlas's bundled data did not pass validation**, so this page cannot be drawn "
        "reliably. Fix the file named below (or restore it from git) and reload."
    )
    st.code("\n".join(exc.problems[:30]), language=None)
    if len(exc.problems) > 30:
        st.caption(f"... and {len(exc.problems) - 30} more problems.")


@st.cache_resource(show_spinner=False)
def record() -> data.Record:
    """The validated record, cross-checked against geodata (raises DataError)."""
    rec = data.read_record()
    problems = data.cross_check(rec, countries(), disputes(), chokepoints())
    if problems:
        raise data.DataError(problems)
    return rec


def source_markdown(source_id: str) -> str:
    """'Source: [title](url) — author, publisher, year' for a source_id, every part escaped."""
    sources = record().sources
    if source_id not in sources.index:
        return f"Source: {text.md(source_id)} (not found)"
    s = sources.loc[source_id]
    bits = [
        b for b in (s["author"], s["publisher"], "" if pd.isna(s["year"]) else str(s["year"])) if b
    ]
    return (
        f"Source: {text.md_link(s['title'], s['url'])}"
        + (f" — {text.md(', '.join(bits))}" if bits else "")
        + f" · {text.md(source_id)}"
    )


# ------------------------------------------------------------------ shared view state <-> URL
VIEW_KEY = "view_state"
LAST_QUERY_KEY = "_last_query"


def valid_refs() -> dict[str, set[str]]:
    rec = record()
    return {
        "summit": set(rec.summits.index),
        "incident": set(rec.incidents.index),
        "country": set(countries().index) | set(rec.entities.index),
        "dispute": set(disputes().index),
        "chokepoint": set(chokepoints().index),
        "energy": set(rec.energy.index),
    }


def seed_view_state() -> None:
    """Read the URL into the session's view state: once per session, and again whenever the URL
    is not the one we last wrote (Back/Forward, or a link pasted into the same tab)."""
    current = {k: st.query_params.get(k) for k in st.query_params}
    if VIEW_KEY in st.session_state and (
        not current or current == st.session_state.get(LAST_QUERY_KEY)
    ):
        return
    try:
        institutions = set(record().institutions.index)
        refs = valid_refs()
        scene_count = len(scenes())
    except data.DataError:
        institutions, refs, scene_count = set(), {}, 0
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    st.session_state[VIEW_KEY] = state.parse_query(
        params, institutions=institutions, valid_refs=refs, scene_count=scene_count
    )
    st.session_state["_notices"] = list(st.session_state[VIEW_KEY].notices)


def view_state() -> state.ViewState:
    return st.session_state[VIEW_KEY]


def set_view_state(**changes) -> None:
    st.session_state[VIEW_KEY] = replace(view_state(), **changes)


def show_notices() -> None:
    notices = st.session_state.get("_notices") or []
    if notices:
        st.warning(
            "**Part of this link could not be used.** " + text.md(" ".join(notices)),
            icon=":material/link_off:",
        )
        if st.button("Dismiss", key="dismiss_notices"):
            st.session_state["_notices"] = []
            st.rerun()


def write_view_state_to_url() -> None:
    """Put the shared view state back into the URL (a page switch drops the query string)."""
    wanted = state.to_query(view_state())
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    if current != {k: [v] for k, v in wanted.items()}:  # a repeated key is rewritten too
        st.query_params.from_dict(wanted)
    st.session_state[LAST_QUERY_KEY] = wanted


def frame_guard() -> None:
    """Make sure a page runs inside app.py's frame.

    Until a server's first run calls st.navigation, Streamlit treats a `pages/` folder the old
    (v1) way: a deep link such as /explore?date=1997 as the first request after a start runs
    pages/explore.py alone, without app.py. Each page calls this first; in that case it switches
    the server to st.navigation routing and reruns, so app.py runs and routes to this page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_resource(show_spinner=False)
def geodata_descriptor() -> dict:
    return data.read_geodata_descriptor()


def name_table(name_list: list[dict], entity_names: pd.Series) -> pd.DataFrame:
    """Claimant, language and name for a dispute's names."""
    return pd.DataFrame(
        {
            "claimant": [entity_names.get(n["claimant"], n["claimant"]) for n in name_list],
            "language": [n["lang"] for n in name_list],
            "name": [n["name"] for n in name_list],
        }
    )


@st.cache_resource(show_spinner=False)
def scenes() -> list:
    """The briefing scenes, every reference checked (raises DataError)."""
    from apac.geo import NAMED_VIEWS
    from apac.layers import TOGGLEABLE_LAYERS
    from apac.scenes import scene_problems, scenes_from

    rec = record()
    story = scenes_from(rec.scenes)
    problems = scene_problems(
        story,
        set(rec.institutions.index),
        valid_refs(),
        set(rec.sources.index),
        set(NAMED_VIEWS),
        set(TOGGLEABLE_LAYERS),
    )
    if problems:
        raise data.DataError(problems)
    return story


@st.cache_data(show_spinner="Building the briefing pack…")
def briefing_pack_html() -> str:
    """Every scene in one offline HTML file (built once per server), drawn by the app's map."""
    from apac import exports
    from apac.scenes import scene_view_state
    from apac.ui_briefing import scene_map_state

    rec, story = record(), scenes()
    out = []
    for scene in story:
        view = scene_view_state(scene)
        state = scene_map_state(rec, scene, view)  # the live page's layers and framing
        out.append(
            exports.ExportScene(
                title=scene.title,
                when=scene.date.label,
                caption=scene.caption,
                sources=[exports.citation(rec.sources, s) for s in scene.source_ids],
                map=map_spec(rec, view, state, timeControl=False, scrollZoom=False),
            )
        )
    return exports.story_html(out, "Asia-Pacific Atlas: briefing pack")


def view_query() -> dict[str, str]:
    return state.to_query(view_state())


def page_links(slot, pages: list) -> None:
    """The sidebar's page list: st.page_link with the current view in every link."""
    query = view_query()
    with slot:
        for page in pages:
            st.page_link(page, query_params=query)
        st.divider()
