"""Compose what the map draws for a view state (pure: used by Explore, Briefing and exports)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from apac.data import Record
from apac.details import Detail
from apac.geo import NamedView
from apac.layers import HIGHLIGHT, MapState, footprint_colours
from apac.membership import members_as_of, membership_counts
from apac.paths import CHOKEPOINT_POINTS, DISPUTE_POINTS
from apac.state import ViewState


def summits_in_window(record: Record, view: ViewState) -> pd.DataFrame:
    summits = record.summits[record.summits["institution_id"].isin(view.institutions)]
    years = summits["start_date"].map(lambda d: d.year)
    return summits[(years >= view.window[0]) & (years <= view.window[1])]


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
) -> MapState:
    """What the map draws; `served` gives the URLs of static copies of the points (apac.served)."""
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
        country_colors=colours,
        disputes=disputes,
        chokepoints=chokepoints,
        summits=summits_in_window(record, view),
        highlight_ids=frozenset([detail.ref] if detail else []),
        color_key=f"{view.as_of}|{','.join(view.institutions)}|{view.select}",
        entity_names=record.entities["name"].to_dict(),
        selected_summit=detail.ref if detail and detail.kind == "summit" else None,
        dispute_points_url=served.get(DISPUTE_POINTS),
        chokepoint_points_url=served.get(CHOKEPOINT_POINTS),
        energy=energy_in_service(record, view),
    )
