"""Compose what the map draws for a view state (pure: used by Explore, Briefing and exports)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import pandas as pd

from apac.data import Record
from apac.dates import epoch_day
from apac.details import Detail
from apac.geo import NamedView, country_outline, pacific_lon
from apac.layers import LAND, MapState, footprint_colours
from apac.membership import FULL_ROLES, members_as_of, membership_counts
from apac.paths import CHOKEPOINT_POINTS, DISPUTE_POINTS
from apac.state import ViewState


def _shown(dates: pd.Series, view: ViewState) -> pd.Series:
    """Events in the window's years that had happened by the view's date. A date of year or
    month precision counts from the last day it can mean, as a membership's start does: as of
    June 1998, a summit dated only "1998" is not yet shown."""
    keep = [view.window[0] <= d.year <= view.window[1] and d.last <= view.as_of for d in dates]
    return pd.Series(keep, index=dates.index, dtype=bool)


def summits_in_window(record: Record, view: ViewState) -> pd.DataFrame:
    """Summits of the chosen institutions, in the window and held by the view's date."""
    summits = record.summits[record.summits["institution_id"].isin(view.institutions)]
    return summits[_shown(summits["start_date"], view)]


def energy_in_service(record: Record, view: ViewState) -> pd.DataFrame:
    """Energy sites and pipelines already in service on the map date (certain by then)."""
    energy = record.energy
    if energy.empty:
        return energy
    return energy[[d.last <= view.as_of for d in energy["start_date"]]]


def incidents_in_window(record: Record, view: ViewState) -> pd.DataFrame:
    """Incidents in the window that had happened by the view's date."""
    return record.incidents[_shown(record.incidents["date"], view)]


def _summit_members(record: Record, detail: Detail | None) -> list[str]:
    """A selected summit rings its institution's full members as of that date."""
    if not detail or detail.kind != "summit":
        return []
    s = record.summits.loc[detail.ref]
    active = members_as_of(record.memberships, [s.institution_id], s.start_date.last)
    return sorted(set(active[active["role"].isin(FULL_ROLES)]["member"]))


def _ring(detail: Detail | None, record: Record, disputes, chokepoints) -> dict | None:
    """Where the selected place is: a dispute, a chokepoint, a summit's city, an incident."""
    if detail is None:
        return None
    if detail.kind == "summit":
        s = record.summits.loc[detail.ref]
        return {"lon": pacific_lon(float(s.lon)), "lat": float(s.lat)}
    if detail.kind == "incident":
        i = record.incidents.loc[detail.ref]
        return {"lon": pacific_lon(float(i.lon)), "lat": float(i.lat)}
    if detail.kind == "dispute":
        d = disputes.loc[detail.ref]
        return {"lon": float(d.label_lon), "lat": float(d.label_lat)}
    if detail.kind == "chokepoint":
        c = chokepoints.loc[detail.ref]
        return {"lon": float(c.lon), "lat": float(c.lat)}
    if detail.kind == "energy":
        lon, lat = record.energy.loc[detail.ref, "path"][0]
        return {"lon": float(lon), "lat": float(lat)}
    return None


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
    colours = footprint_colours(list(countries.index), counts, view.institutions)
    selected_code = detail.member if detail and detail.kind == "country" else None
    member_rings = [
        {
            "lon": float(countries.loc[code, "label_lon"]),
            "lat": float(countries.loc[code, "label_lat"]),
        }
        for code in _summit_members(record, detail)
        if code in countries.index  # non-country members (the EU) have no place on the map
    ]
    return MapState(
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
        color_key="" if browser_time else f"{view.as_of}|{','.join(view.institutions)}",
        entity_names=record.entities["name"].to_dict(),
        ring=_ring(detail, record, disputes, chokepoints),
        member_rings=member_rings,
        outline=country_outline(selected_code) if selected_code else None,
        dispute_points_url=served.get(DISPUTE_POINTS),
        chokepoint_points_url=served.get(CHOKEPOINT_POINTS),
        energy=record.energy if browser_time else energy_in_service(record, view),
    )


FIRST_DAY, LAST_DAY = date(1989, 1, 1), date(2013, 12, 31)


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
    """Every country's fill through 1989–2013 as steps the browser looks up by date (a
    selection is drawn over the fills by outline_layers and ring_layers: it never changes them).

    {"palette": [rgba...], "base": index of plain land, "steps": {feature i: [[day, colour
    index], ...]}} — only features that are ever coloured have steps. Python decides every
    colour (footprint_colours at each day a spell starts or stops); the browser only finds
    the step in force on the day it shows, so scrubbing needs no server.
    """
    ids = view.institutions
    rows = record.memberships[record.memberships["institution_id"].isin(ids)]
    codes = list(countries.index)
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
        colours = footprint_colours(codes, counts, ids)
        for i, colour in enumerate(colours):
            k = colour_index(colour)
            if last.get(i, base) != k:
                steps.setdefault(i, []).append([epoch_day(day), k])
            last[i] = k
    return {"palette": palette, "base": base, "steps": {str(i): s for i, s in steps.items()}}
