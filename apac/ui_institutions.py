"""Streamlit widgets of the Institutions page: its date, comparison date and institution controls,
the overlap views and the two-date diff (the page itself stays a storyboard)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from urllib.parse import urlencode

import streamlit as st

from apac import text, ui
from apac.data import Record
from apac.dates import PartialDate
from apac.overlap import (
    DIMENSIONS,
    POWERS,
    build_paths_chart,
    build_upset_chart,
    changes_between,
    changes_table,
    combination_table,
    combinations_as_of,
    dimension_institutions,
    display_names,
    partners_as_of,
    paths_frame,
)
from apac.state import FIRST_YEAR, LAST_YEAR, ViewState, to_query

NO_COMPARE = "no comparison"

MONTHS = ["end of year"] + [date(2000, m, 1).strftime("%B") for m in range(1, 13)]


def _date_parts(text: str) -> tuple[int, int]:
    """(year, month or 0 for a bare year) of a URL date."""
    d = PartialDate.parse(text)
    return d.year, d.month or 0


def _on_date_change() -> None:
    year, month = st.session_state["i_year"], MONTHS.index(st.session_state["i_month"])
    ui.set_view_state(date=f"{year}" if month == 0 else f"{year}-{month:02d}")


def _on_compare_change() -> None:
    value = st.session_state["i_compare"]
    ui.set_view_state(compare=None if value == NO_COMPARE else value)


def _on_inst_change() -> None:
    ui.set_view_state(institutions=tuple(st.session_state["i_inst"]))


def sidebar_controls(record: Record) -> None:
    """The page's own date, comparison date and institutions, all in the shared view state."""
    view = ui.view_state()
    year, month = _date_parts(view.date)
    compare_options = [NO_COMPARE] + [str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)]
    if view.compare and view.compare not in compare_options:  # a month or day from a link
        compare_options.append(view.compare)
    st.session_state.update(
        {
            "i_year": year,
            "i_month": MONTHS[month],
            "i_compare": view.compare or NO_COMPARE,
            "i_inst": list(view.institutions),
        }
    )
    side = st.sidebar
    side.slider("As of (year)", FIRST_YEAR, LAST_YEAR, key="i_year", on_change=_on_date_change)
    side.selectbox(
        "Month",
        MONTHS,
        key="i_month",
        on_change=_on_date_change,
        help="A bare year means the state at the end of that year. Explore shares this date.",
    )
    side.selectbox(
        "Compare with",
        compare_options,
        key="i_compare",
        on_change=_on_compare_change,
        help="List who joined or left the institutions below between this date and the other.",
    )
    inst = record.institutions
    side.multiselect(
        "Institutions (for the changes)",
        list(inst.index),
        key="i_inst",
        format_func=lambda i: inst.loc[i, "short_name"],
        on_change=_on_inst_change,
    )


def _explore_link(view: ViewState, label: str, **changes) -> None:
    st.page_link(
        "pages/explore.py",
        label=text.md(label),
        icon=":material/map:",
        query_params=to_query(replace(view, **changes)),
    )


def overlap_section(record: Record, view: ViewState) -> None:
    """One UpSet chart per dimension as of the view's date, its table and who stands apart."""
    short, names = record.institutions["short_name"], record.entities["name"]
    both = text.md(", ".join(short[record.institutions["dimension"] == "both"]))
    st.caption(
        "Each state, economy or organisation is counted once, in the exact combination of "
        "institutions it belonged to as a member (or participant, or negotiating party) on the "
        f"date. Institutions the record classes as both economic and political-security ({both}) "
        "appear in both charts. Observers and dialogue partners are not members: they are listed "
        "apart under each chart. APEC members are economies."
    )
    for dimension, title in DIMENSIONS.items():
        ids = dimension_institutions(record.institutions, dimension)
        combos = combinations_as_of(record.memberships, ids, view.as_of)
        shown = [i for i in ids if any(i in c.institutions for c in combos)]
        st.markdown(f"#### {title} institutions as of {view.as_of:%d %B %Y}")
        if not combos:
            st.info(f"No {title.lower()} institution had members on this date.")
            continue
        named = display_names(combos, record.entities)
        st.altair_chart(
            build_upset_chart(
                combos,
                ids,
                short,
                named,
                title=f"{title}: members per exact combination",
            ),
            key=f"upset_{dimension}",
        )
        with st.expander(f"{title}: the combinations as a table"):
            st.table(
                combination_table(combos, short, named)
                .rename(columns=str.capitalize)
                .map(text.md)  # st.table cells are markdown
                .set_index("Combination")
            )
        partners = partners_as_of(record.memberships, ids, view.as_of)
        if len(partners):
            listed = "; ".join(
                f"{names.get(m, m)} ({short[i]} {r.replace('-', ' ')})"
                for i, m, r in zip(
                    partners["institution_id"], partners["member"], partners["role"], strict=True
                )
            )
            st.caption(f"Shown apart, not members: {text.md(listed)}.")
        _explore_link(
            view, f"Open the {title.lower()} institutions on Explore", institutions=tuple(shown)
        )


def paths_section(record: Record, view: ViewState) -> None:
    short, names = record.institutions["short_name"], record.entities["name"]
    frame = paths_frame(record.memberships, short, names, POWERS)
    st.caption(
        "Each bar is one spell, from the first day its start date can mean to its end (open "
        "spells run to the end of 2013, and one begun before 1989 starts at the left edge with "
        "no start marker); hover for the dates as recorded and the source. The dashed line is "
        "the date in the sidebar."
    )
    st.altair_chart(build_paths_chart(frame, view.as_of), key="paths")
    cols = st.columns(len(POWERS))
    for col, code in zip(cols, POWERS, strict=True):
        with col:
            ids = tuple(dict.fromkeys(frame.loc[frame["code"] == code, "institution_id"]))
            _explore_link(
                view,
                f"{names.get(code, code)} on Explore, same date",
                institutions=ids,
                select=f"country:{code}",
            )


def changes_section(record: Record, view: ViewState) -> None:
    """Who joined or left the chosen institutions between the comparison date and the date."""
    short = record.institutions["short_name"]
    if view.compare_as_of is None:
        st.info(
            "Pick a date under **Compare with** in the sidebar (or add `&compare=1996` to the "
            "link) to list who joined or left the chosen institutions between the two dates."
        )
        return
    if not view.institutions:
        st.info("Pick at least one institution in the sidebar to list its changes.")
        return
    earlier, later = sorted([view.as_of, view.compare_as_of])
    chosen = ", ".join(short[i] for i in view.institutions)
    st.markdown(f"#### {text.md(chosen)}: from {earlier:%d %B %Y} to {later:%d %B %Y}")
    changes = changes_between(record.memberships, list(view.institutions), earlier, later)
    with st.container(key="changes"):
        if changes.empty:
            st.info("No one joined, left or changed role between these two dates.")
        else:
            st.table(
                changes_table(changes, record.entities, short).map(text.md).set_index("Member")
            )
    later_date = view.date if view.as_of >= view.compare_as_of else view.compare
    _explore_link(view, "Open these institutions on Explore at the later date", date=later_date)


def link_to_this_view(view: ViewState) -> None:
    query = urlencode(to_query(view), safe=",:")
    st.caption("A link to this view (add your app's address in front):")
    st.code(f"/institutions?{query}", language=None)
