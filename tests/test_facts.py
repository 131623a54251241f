"""Facts in the panel and markers on the map follow the view's date: roles named as they are,
counts as of the date, summits and incidents held by the date and inside the window."""

from __future__ import annotations

import json
from datetime import date

import pytest

from apac import data
from apac.details import resolve, roles_at, roles_of, summits_hosted
from apac.geo import NAMED_VIEWS, OUTLINE_BUDGET
from apac.layers import footprint_colours
from apac.mapstate import compose_map_state, incidents_in_window, summits_in_window
from apac.membership import (
    FULL_ROLES,
    ROLE_NAMES,
    footprint_table,
    is_active,
    membership_counts,
    role_summary,
)
from apac.state import ViewState

RECORD = data.read_record()
COUNTRIES = data.read_countries()
DISPUTES = data.read_disputes()
CHOKEPOINTS = data.read_chokepoints()
NAMES = COUNTRIES["name"].to_dict()
SHORT = RECORD.institutions["short_name"]
DATES = [date(1994, 12, 31), date(1999, 12, 31), date(2005, 6, 30), date(2013, 12, 31)]


def _spells(code: str, on: date) -> dict[str, set[str]]:
    """{role: {institution short name}} held on a date, straight from the membership rows."""
    held: dict[str, set[str]] = {}
    for row in RECORD.memberships[RECORD.memberships["member"] == code].itertuples():
        if is_active(row.start_date, row.end_date, on):
            held.setdefault(row.role, set()).add(SHORT[row.institution_id])
    return held


def test_china_in_1999_is_named_a_dialogue_partner_of_asean_not_a_member():
    """The issue's case: the panel said China was 'in' ASEAN in 1999."""
    facts = dict(roles_of(RECORD, "CHN", date(1999, 12, 31)))
    partner = next(v for k, v in facts.items() if k.startswith("Dialogue partner of"))
    member = next(v for k, v in facts.items() if k.startswith("Member of"))
    assert "ASEAN" in partner.split(", ") and "ASEAN" not in member.split(", ")
    assert all(not k.startswith("In ") for k in facts)


@pytest.mark.parametrize("on", DATES, ids=str)
def test_every_role_a_country_holds_is_named_with_its_institutions(on):
    partial_seen = False
    for code in sorted(set(RECORD.memberships["member"])):
        facts = roles_of(RECORD, code, on)
        expected = _spells(code, on)
        shown = {
            role: set(value.split(", "))
            for role in ROLE_NAMES
            for label, value in facts
            if label.startswith(ROLE_NAMES[role][2] + " (")
        }
        assert shown == expected, code
        for label, value in facts:
            if expected:
                count = int(label.split("(")[1].split(")")[0])
                assert count == len(value.split(", ")) and f"as of {on:%d %b %Y}" in label
        partial_seen |= bool(set(expected) - FULL_ROLES)
    assert partial_seen or on.year < 1995  # the record has observers and dialogue partners


@pytest.mark.parametrize("on", DATES, ids=str)
def test_summits_hosted_count_only_meetings_held_by_the_date(on):
    for code in sorted(set(RECORD.summits["host"])):
        label, value = summits_hosted(RECORD, code, on)
        mine = RECORD.summits[RECORD.summits["host"] == code]
        held = [s for s in mine.itertuples() if s.start_date.last <= on]
        assert label == f"Summits hosted as of {on:%d %b %Y}"
        assert int(value.split(" ")[0]) == len(held)
        for inst in {s.institution_id for s in held}:
            n = sum(s.institution_id == inst for s in held)
            assert f"{SHORT[inst]} {n}" in value


def test_the_country_panel_counts_as_of_the_date_not_the_whole_record():
    host = RECORD.summits["host"].value_counts().index[0]  # the most frequent host
    early, late = (
        resolve(RECORD, ("country", host), DISPUTES, CHOKEPOINTS, on, NAMES) for on in DATES[::3]
    )
    hosted = [
        dict(d.facts)[f"Summits hosted as of {on:%d %b %Y}"]
        for d, on in ((early, DATES[0]), (late, DATES[3]))
    ]
    assert (
        int(hosted[0].split()[0])
        < int(hosted[1].split()[0])
        == int((RECORD.summits["host"] == host).sum())
    )
    status = early.table[f"on {DATES[0]:%d %b %Y}"]
    assert set(status) <= {"held", "not yet", "ended"} and "not yet" in set(status)
    assert "-" not in "".join(early.table["role"])  # 'dialogue partner', not 'dialogue-partner'


def test_a_summit_names_each_role_at_its_date():
    for s in RECORD.summits.itertuples():
        facts = dict(roles_at(RECORD, s.institution_id, s.start_date.last))
        rows = RECORD.memberships[RECORD.memberships["institution_id"] == s.institution_id]
        when = s.start_date.last
        active = [r for r in rows.itertuples() if is_active(r.start_date, r.end_date, when)]
        for role in {r.role for r in active}:
            n = sum(r.role == role for r in active)
            assert f"{ROLE_NAMES[role][1].capitalize()} at the time ({n})" in facts, s.Index
    # an ASEAN summit lists dialogue partners apart from the members
    asean = RECORD.summits[RECORD.summits["institution_id"] == "asean"].index[-1]
    detail = resolve(RECORD, ("summit", asean), DISPUTES, CHOKEPOINTS, DATES[-1], NAMES)
    labels = [label for label, _ in detail.facts]
    assert any(x.startswith("Members at the time") for x in labels)
    assert any(x.startswith("Dialogue partners at the time") for x in labels)


def _independent_shown(dates, view: ViewState) -> set:
    return {
        i
        for i, d in dates.items()
        if view.window[0] <= d.year <= view.window[1] and d.last <= view.as_of
    }


@pytest.mark.parametrize(
    "view",
    [
        ViewState(date="1997", institutions=("apec", "asean", "apt")),
        ViewState(date="1998-06", institutions=("apec", "asean", "arf")),
        ViewState(date="2005-12-13", institutions=("eas", "asean"), window=(2000, 2010)),
        ViewState(date="2013", institutions=("sco",), window=(1995, 2003)),
    ],
    ids=lambda v: f"{v.date}-{v.window}",
)
def test_markers_obey_the_date_and_the_window(view):
    summits = RECORD.summits[RECORD.summits["institution_id"].isin(view.institutions)]
    shown = summits_in_window(RECORD, view)
    assert set(shown.index) == _independent_shown(summits["start_date"], view)
    assert all(d.last <= view.as_of for d in shown["start_date"])
    incidents = incidents_in_window(RECORD, view)
    assert set(incidents.index) == _independent_shown(RECORD.incidents["date"], view)
    state = compose_map_state(
        RECORD, COUNTRIES, DISPUTES, CHOKEPOINTS, view, None, NAMED_VIEWS["pacific"]
    )
    assert set(state.summits.index) == set(shown.index)


def test_as_of_1997_leaves_out_the_1998_summits():
    """The issue's case: 'as of 1997' showed the 1998 summit."""
    view = ViewState(date="1997", institutions=tuple(RECORD.institutions.index))
    later = [s for s in RECORD.summits.itertuples() if s.start_date.year == 1998]
    assert later  # the record has 1998 summits inside the default window
    assert not {s.Index for s in later} & set(summits_in_window(RECORD, view).index)


def test_a_dispute_lists_its_incidents_up_to_the_date():
    on = date(2000, 12, 31)
    for dispute_id in DISPUTES.index:
        detail = resolve(RECORD, ("dispute", dispute_id), DISPUTES, CHOKEPOINTS, on, NAMES)
        mine = RECORD.incidents[RECORD.incidents["dispute_id"] == dispute_id]
        before = [i for i in mine.itertuples() if i.date.last <= on]
        assert len(detail.table) == len(before)
        value = dict(detail.facts)[f"Incidents recorded as of {on:%d %b %Y}"]
        assert value.startswith(str(len(before)))
        if len(mine) > len(before):
            assert f"{len(mine) - len(before)} later" in value


def test_a_selected_country_keeps_its_fill_and_gets_an_outline():
    view = ViewState(date="2011", institutions=("apec", "eas"), select="country:RUS")
    detail = resolve(RECORD, view.selection, DISPUTES, CHOKEPOINTS, view.as_of, NAMES)
    state = compose_map_state(
        RECORD, COUNTRIES, DISPUTES, CHOKEPOINTS, view, detail, NAMED_VIEWS["pacific"]
    )
    counts = membership_counts(RECORD.memberships, view.institutions, view.as_of)
    assert state.country_colors == footprint_colours(list(COUNTRIES.index), counts, ("apec", "eas"))
    assert state.outline and len(json.dumps(state.outline, separators=(",", ":"))) <= OUTLINE_BUDGET
    lons = [p[0] for path in state.outline for p in path]
    label = COUNTRIES.loc["RUS"]
    assert min(lons) < label.label_lon < max(lons)


def _full_members(institution_id: str, on: date) -> set[str]:
    rows = RECORD.memberships[RECORD.memberships["institution_id"] == institution_id]
    return {
        r.member
        for r in rows.itertuples()
        if r.role in FULL_ROLES and is_active(r.start_date, r.end_date, on)
    }


def test_a_selected_summit_rings_its_full_members_at_its_date():
    # the last ASEAN summit: ASEAN then had dialogue partners, which are not ringed
    summit_id = RECORD.summits.index[RECORD.summits["institution_id"] == "asean"][-1]
    view = ViewState(date="2013", institutions=("asean",), select=f"summit:{summit_id}")
    detail = resolve(RECORD, view.selection, DISPUTES, CHOKEPOINTS, view.as_of, NAMES)
    state = compose_map_state(
        RECORD, COUNTRIES, DISPUTES, CHOKEPOINTS, view, detail, NAMED_VIEWS["pacific"]
    )
    s = RECORD.summits.loc[summit_id]
    full = _full_members("asean", s.start_date.last) & set(COUNTRIES.index)
    expected = {(COUNTRIES.loc[c, "label_lon"], COUNTRIES.loc[c, "label_lat"]) for c in full}
    assert full and {(r["lon"], r["lat"]) for r in state.member_rings} == expected
    assert state.ring is not None and state.outline is None


@pytest.mark.parametrize("on", DATES, ids=str)
def test_the_members_table_summary_counts_each_role_apart(on):
    table = footprint_table(
        RECORD.memberships,
        RECORD.institutions,
        RECORD.entities,
        list(RECORD.institutions.index),
        on,
    )
    summary = role_summary(table)
    for part in summary.split("; "):
        institution, counts = part.split(": ")
        rows = table[table["institution"] == institution]
        for item in counts.split(", "):
            n, name = item.split(" ", 1)
            role = next(r for r, names in ROLE_NAMES.items() if name in names[:2])
            assert int(n) == (rows["role"] == role).sum(), (institution, item)
    assert summary.count(": ") == table["institution"].nunique()
