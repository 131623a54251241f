"""What a selection means: the facts a detail panel shows (pure; returns plain dicts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from apac.data import Record
from apac.geo import NamedView, pacific_lon
from apac.membership import member_history, members_as_of


@dataclass(frozen=True)
class Detail:
    """A selected thing: heading, facts (label -> plain text; pages escape it), rows, sources,
    and where it is."""

    kind: str
    ref: str
    heading: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    table: pd.DataFrame | None = None
    source_ids: list[str] = field(default_factory=list)
    focus: NamedView | None = None
    member: str | None = None  # a country code the timeline should highlight
    dispute: str | None = None


def _focus(ref: str, lon: float, lat: float, zoom: float) -> NamedView:
    return NamedView(f"focus:{ref}", "Selection", pacific_lon(lon), lat, zoom)


def summit_detail(record: Record, summit_id: str) -> Detail:
    s = record.summits.loc[summit_id]
    names = record.entities["name"]
    when = (
        s.start_date.label if s.end_date is None else f"{s.start_date.label} – {s.end_date.label}"
    )
    participants = members_as_of(record.memberships, [s.institution_id], s.start_date.last)
    who = ", ".join(sorted(names.get(m, m) for m in participants["member"]))
    facts = [
        ("Institution", record.institutions.loc[s.institution_id, "name"]),
        ("When", when),
        ("Where", f"{s.city}, {names.get(s.host, s.host)}"),
        (f"Participants ({len(participants)})", who or "—"),
    ]
    if s.note:
        facts.append(("Note", s.note))
    return Detail(
        "summit",
        summit_id,
        s.title,
        facts,
        source_ids=[s.source_id],
        focus=_focus(summit_id, s.lon, s.lat, 2.4),
    )


def incident_detail(record: Record, event_id: str, disputes: pd.DataFrame) -> Detail:
    i = record.incidents.loc[event_id]
    facts = [("When", i.date.label), ("Where", i.place), ("What happened", i.summary)]
    if i.dispute_id:
        facts.insert(0, ("Dispute", disputes.loc[i.dispute_id, "name"]))
    return Detail(
        "incident",
        event_id,
        i.title,
        facts,
        source_ids=[i.source_id],
        focus=_focus(event_id, i.lon, i.lat, 4.5),
        dispute=i.dispute_id or None,
    )


def country_detail(
    record: Record, code: str, disputes: pd.DataFrame, as_of: date, country_names: Mapping[str, str]
) -> Detail:
    entities = record.entities
    name = entities.loc[code, "name"] if code in entities.index else country_names.get(code, code)
    history = member_history(record.memberships, code)
    short = record.institutions["short_name"]
    table = pd.DataFrame(
        {
            "institution": [short[i] for i in history["institution_id"]],
            "role": history["role"].to_list(),
            "from": [d.label for d in history["start_date"]],
            "until": [d.label if d else "" for d in history["end_date"]],
            "source_id": history["source_id"].to_list(),
        }
    )
    party = [r for r in disputes.itertuples() if code in r.claimant_list]
    facts = []
    if code in entities.index and entities.loc[code, "apec_name"]:
        facts.append(("Name in APEC", entities.loc[code, "apec_name"]))
    active = members_as_of(record.memberships, record.institutions.index, as_of)
    now = sorted(short[i] for i in active[active["member"] == code]["institution_id"])
    facts.append((f"In on {as_of:%d %b %Y}", ", ".join(now) or "none of the institutions covered"))
    facts.append(("Party to disputes", ", ".join(r.name for r in party) or "none covered here"))
    hosted = record.summits[record.summits["host"] == code]
    facts.append(("Summits hosted", str(len(hosted))))
    return Detail(
        "country",
        code,
        name,
        facts,
        table=table,
        source_ids=sorted(set(history["source_id"])),
        member=code,
    )


def dispute_detail(record: Record, dispute_id: str, disputes: pd.DataFrame) -> Detail:
    d = disputes.loc[dispute_id]
    names = record.entities["name"]
    admin = "; ".join(names.get(c, c) for c in str(d.administered_by).split(";"))
    facts = [
        ("Claimants", ", ".join(names.get(c, c) for c in d.claimant_list)),
        ("Administered by", admin),
        (
            "Names",
            "\n".join(
                f"{names.get(n['claimant'], n['claimant'])}: {n['name']}" for n in d.name_list
            ),
        ),
        ("About", d.summary),
    ]
    incidents = record.incidents[record.incidents["dispute_id"] == dispute_id]
    table = pd.DataFrame(
        {
            "date": [x.label for x in incidents["date"]],
            "event": incidents["title"].to_list(),
            "source_id": incidents["source_id"].to_list(),
        }
    )
    return Detail(
        "dispute",
        dispute_id,
        d["name"],
        facts,
        table=table,
        source_ids=[d.source_id],
        focus=_focus(dispute_id, d.label_lon, d.label_lat, 4.2),
        dispute=dispute_id,
    )


def chokepoint_detail(chokepoints: pd.DataFrame, chokepoint_id: str) -> Detail:
    c = chokepoints.loc[chokepoint_id]
    facts = [("Connects", c.connects), ("Why it matters", c.why_it_matters)]
    if c.width_km and not pd.isna(c.width_km):
        facts.insert(1, ("Narrowest width", f"about {c.width_km:g} km"))
    if c.alt_names:
        facts.insert(0, ("Also called", c.alt_names))
    return Detail(
        "chokepoint",
        chokepoint_id,
        c["name"],
        facts,
        source_ids=[c.source_id],
        focus=NamedView(f"focus:{chokepoint_id}", "Selection", c.lon, c.lat, 4.6),
    )


def energy_detail(record: Record, energy_id: str) -> Detail:
    """An energy site or schematic pipeline: kind, opening date, what it is, how it is drawn."""
    from apac.layers import ENERGY_KINDS

    e = record.energy.loc[energy_id]
    facts = [
        ("Kind", ENERGY_KINDS.get(e.kind, e.kind)),
        ("In service from", e.start_date.label),
        ("What it is", e.summary),
        ("How it is drawn", e.placement),
    ]
    if e.note:
        facts.append(("Sources", e.note))
    lon, lat = e.path[len(e.path) // 2]
    return Detail(
        "energy",
        energy_id,
        e["name"],
        facts,
        source_ids=[e.source_id],
        focus=NamedView(f"focus:{energy_id}", "Selection", lon, lat, 3.6),
    )


def resolve(
    record: Record,
    select: tuple[str, str] | None,
    disputes: pd.DataFrame,
    chokepoints: pd.DataFrame,
    as_of: date,
    country_names: Mapping[str, str],
) -> Detail | None:
    """The Detail for a selection, or None when nothing (valid) is selected."""
    if not select:
        return None
    kind, ref = select
    if kind == "summit" and ref in record.summits.index:
        return summit_detail(record, ref)
    if kind == "incident" and ref in record.incidents.index:
        return incident_detail(record, ref, disputes)
    if kind == "country" and (ref in record.entities.index or ref in country_names):
        return country_detail(record, ref, disputes, as_of, country_names)
    if kind == "dispute" and ref in disputes.index:
        return dispute_detail(record, ref, disputes)
    if kind == "chokepoint" and ref in chokepoints.index:
        return chokepoint_detail(chokepoints, ref)
    if kind == "energy" and ref in record.energy.index:
        return energy_detail(record, ref)
    return None
