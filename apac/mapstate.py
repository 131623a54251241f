"""Compose what the map draws for a view state (pure: used by Explore, Briefing and exports)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import pandas as pd

from apac.data import Record
from apac.details import Detail
from apac.geo import NamedView
from apac.layers import HIGHLIGHT, LAND, MapState, footprint_colours
from apac.membership import members_as_of, membership_counts
from apac.paths import CHOKEPOINT_POINTS, DISPUTE_POINTS
from apac.state import ViewState


def summits_in_window(record: Record, view: ViewState) -> pd.DataFrame:
    summits = record.summits[record.summits["institution_id"].isin(view.institutions)]
    years = summits["start_date"].map(lambda d: d.year)
    return summits[(years >= view.window[0]) & (years <= view.window[1])]


def incidents_in_window(record: Record, view: ViewState) -> pd.DataFrame:
    """Incidents that had happened by the view's date, within its window of years."""
    incidents = record.incidents
    first = incidents["date"].map(lambda d: d.first)
    years = incidents["date"].map(lambda d: d.year)
    shown = (first <= view.as_of) & (years >= view.window[0]) & (years <= view.window[1])
    return incidents[shown]


def energy_in_service(record: Record, view: ViewState) -> pd.DataFrame:
    """Energy sites and pipelines already in service on the map date (certain by then)."""
    energy = record.energy
    if energy.empty:
        return energy
    return energy[[d.last <= view.as_of for d in energy["start_date"]]]


def _summit_members(record: Record, detail: Detail | None) -> set[str]:
    """A selected summit lights up its institution's members as of that date."""
    if not detail or detail.kind != "summit":
        return set()
    s = record.summits.loc[detail.ref]
    return set(members_as_of(record.memberships, [s.institution_id], s.start_date.last)["member"])


def compose_map_state(
    record: Record,
    countries: pd.DataFrame,
    disputes: pd.DataFrame,
    chokepoints: pd.DataFrame,
    view: ViewState,
    detail: Detail | None,
    camera: NamedView,
    served: Mapping[str, str | None] | None = None,
    *,
    browser_time: bool = False,
) -> MapState:
    """What the map draws; `served` gives the URLs of static copies of the points (apac.served).

    With `browser_time` the markers of every date go to the browser, which shows those of the
    day it draws (the instrument); otherwise only those of the view's date and window.
    """
    served = served or {}
    counts = membership_counts(record.memberships, view.institutions, view.as_of)
    selected_code = detail.member if detail and detail.kind == "country" else None
    colours = footprint_colours(list(countries.index), counts, view.institutions, selected_code)
    lit = _summit_members(record, detail)
    if lit:
        colours = [
            HIGHLIGHT if code in lit else colour
            for code, colour in zip(countries.index, colours, strict=True)
        ]
    marker = None
    if detail and detail.kind == "incident" and detail.focus:
        marker = {
            "name": detail.heading,
            "tip": "Selected incident",
            "lon": detail.focus.longitude,
            "lat": detail.focus.latitude,
        }
    return MapState(
        marker=marker,
        view=camera,
        # a selected energy item is shown even when its layer is off
        layers=view.layers
        + (
            ("energy",)
            if detail and detail.kind == "energy" and "energy" not in view.layers
            else ()
        ),
        # In the browser the colours come from colour_steps(), by date; the deck stays the same.
        country_colors=None if browser_time else colours,
        disputes=disputes,
        chokepoints=chokepoints,
        summits=(
            record.summits[record.summits["institution_id"].isin(view.institutions)]
            if browser_time
            else summits_in_window(record, view)
        ),
        incidents=record.incidents if browser_time else incidents_in_window(record, view),
        highlight_ids=frozenset([detail.ref] if detail else []),
        color_key=""
        if browser_time
        else f"{view.as_of}|{','.join(view.institutions)}|{view.select}",
        entity_names=record.entities["name"].to_dict(),
        selected_summit=detail.ref if detail and detail.kind == "summit" else None,
        selected_incident=detail.ref if detail and detail.kind == "incident" else None,
        dispute_points_url=served.get(DISPUTE_POINTS),
        chokepoint_points_url=served.get(CHOKEPOINT_POINTS),
        energy=record.energy if browser_time else energy_in_service(record, view),
    )


EPOCH = date(1970, 1, 1)
FIRST_DAY, LAST_DAY = date(1989, 1, 1), date(2013, 12, 31)


def epoch_day(day: date) -> int:
    """Days since 1970-01-01: how the browser compares dates (static/instrument/dates.js)."""
    return (day - EPOCH).days


def _spell_boundaries(memberships: pd.DataFrame) -> set[date]:
    """The days on which some spell starts or stops counting (apac.membership.is_active)."""
    days = set()
    for start, end in zip(memberships["start_date"], memberships["end_date"], strict=True):
        days.add(start.last)
        if end is not None:
            days.add(end.last if end.precision == "day" else end.last + timedelta(days=1))
    return {d for d in days if FIRST_DAY <= d <= LAST_DAY}


def colour_steps(
    record: Record, countries: pd.DataFrame, view: ViewState, detail: Detail | None
) -> dict:
    """Every country's fill through 1989–2013 as steps the browser looks up by date.

    {"palette": [rgba...], "base": index of plain land, "steps": {feature i: [[day, colour
    index], ...]}} — only features that are ever coloured have steps. Python decides every
    colour (footprint_colours at each day a spell starts or stops); the browser only finds
    the step in force on the day it shows, so scrubbing needs no server.
    """
    ids = view.institutions
    rows = record.memberships[record.memberships["institution_id"].isin(ids)]
    codes = list(countries.index)
    selected_code = detail.member if detail and detail.kind == "country" else None
    lit = _summit_members(record, detail)
    palette: list[list[int]] = []
    index: dict[tuple[int, ...], int] = {}

    def colour_index(colour) -> int:
        key = tuple(colour)
        if key not in index:
            index[key] = len(palette)
            palette.append(list(colour))
        return index[key]

    base = colour_index(LAND)
    steps: dict[int, list[list[int]]] = {}
    last: dict[int, int] = {}
    for day in sorted(_spell_boundaries(rows) | {FIRST_DAY}):
        counts = membership_counts(rows, ids, day)
        colours = footprint_colours(codes, counts, ids, selected_code)
        for i, (code, colour) in enumerate(zip(codes, colours, strict=True)):
            k = colour_index(HIGHLIGHT if code in lit else colour)
            if last.get(i, base) != k:
                steps.setdefault(i, []).append([epoch_day(day), k])
            last[i] = k
    return {"palette": palette, "base": base, "steps": {str(i): s for i, s in steps.items()}}
