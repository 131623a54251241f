"""What a selection means: the facts a detail panel shows (pure; returns plain dicts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from apac.data import Record
from apac.geo import NamedView, pacific_lon
from apac.membership import ROLE_NAMES, ROLES, is_active, member_history, members_as_of, role_name


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
    facts = [
        ("Institution", record.institutions.loc[s.institution_id, "name"]),
        ("When", when),
        ("Where", f"{s.city}, {names.get(s.host, s.host)}"),
    ]
    facts += roles_at(record, s.institution_id, s.start_date.last)
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


def roles_at(record: Record, institution_id: str, when: date) -> list[tuple[str, str]]:
    """One fact per role an institution had on a date: ('Members at the time (18)', names).

    Built from the membership record (who belonged on that day), not from attendance lists, and
    each role is named as it is: an ASEAN dialogue partner is not listed as a member.
    """
    names = record.entities["name"]
    active = members_as_of(record.memberships, [institution_id], when)
    facts = []
    for role in ROLES:
        who = sorted(names.get(m, m) for m in active[active["role"] == role]["member"])
        if who:
            facts.append((f"{role_name(role, True).capitalize()} at the time ({len(who)})",
                          ", ".join(who)))  # fmt: skip
    return facts or [("Members at the time", "none recorded")]


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
            "role": [role_name(r) for r in history["role"]],
            "from": [d.label for d in history["start_date"]],
            "until": [d.label if d else "" for d in history["end_date"]],
            f"on {as_of:%d %b %Y}": [
                _status(s, e, as_of)
                for s, e in zip(history["start_date"], history["end_date"], strict=True)
            ],
            "source_id": history["source_id"].to_list(),
        }
    )
    party = [r for r in disputes.itertuples() if code in r.claimant_list]
    facts = []
    if code in entities.index and entities.loc[code, "apec_name"]:
        facts.append(("Name in APEC", entities.loc[code, "apec_name"]))
    facts += roles_of(record, code, as_of)
    facts.append(("Party to disputes", ", ".join(r.name for r in party) or "none covered here"))
    facts.append(summits_hosted(record, code, as_of))
    return Detail(
        "country",
        code,
        name,
        facts,
        table=table,
        source_ids=sorted(set(history["source_id"])),
        member=code,
    )


def _status(start, end, as_of: date) -> str:
    if is_active(start, end, as_of):
        return "held"
    return "not yet" if start.last > as_of else "ended"


def _by(dates: pd.Series, as_of: date) -> pd.Series:
    """True for the dates whose whole period has begun by as_of (a boolean mask, also empty)."""
    return pd.Series([d.last <= as_of for d in dates], index=dates.index, dtype=bool)


def roles_of(record: Record, code: str, as_of: date) -> list[tuple[str, str]]:
    """What a country was in each institution on a date, one fact per role, each role named as
    it is: ('Member of (7) as of 31 Dec 1999', 'APEC, ARF, ...'), ('Dialogue partner of (1) ...',
    'ASEAN')."""
    short = record.institutions["short_name"]
    active = members_as_of(record.memberships, record.institutions.index, as_of)
    mine = active[active["member"] == code]
    facts = []
    for role in ROLES:
        held = sorted(short[i] for i in mine[mine["role"] == role]["institution_id"])
        if held:
            label = f"{ROLE_NAMES[role][2]} ({len(held)}) as of {as_of:%d %b %Y}"
            facts.append((label, ", ".join(held)))
    return facts or [(f"As of {as_of:%d %b %Y}", "in none of the institutions covered")]


def summits_hosted(record: Record, code: str, as_of: date) -> tuple[str, str]:
    """('Summits hosted as of <date>', 'n (per institution)'): only meetings begun by then."""
    hosted = record.summits[record.summits["host"] == code]
    held = hosted[_by(hosted["start_date"], as_of)]
    short = record.institutions["short_name"]
    per = held.groupby("institution_id").size()
    parts = ", ".join(
        f"{short[i]} {n}" for i, n in sorted(per.items(), key=lambda kv: short[kv[0]])
    )
    return (f"Summits hosted as of {as_of:%d %b %Y}", f"{len(held)} ({parts})" if parts else "0")


def dispute_detail(
    record: Record, dispute_id: str, disputes: pd.DataFrame, as_of: date | None = None
) -> Detail:
    """A dispute's claimants and names; its incidents up to `as_of` (all when None)."""
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
    if as_of is not None:
        before = incidents[_by(incidents["date"], as_of)]
        later = len(incidents) - len(before)
        facts.append(
            (
                f"Incidents recorded as of {as_of:%d %b %Y}",
                f"{len(before)}" + (f" ({later} later, on the timeline)" if later else ""),
            )
        )
        incidents = before
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
        return dispute_detail(record, ref, disputes, as_of)
    if kind == "chokepoint" and ref in chokepoints.index:
        return chokepoint_detail(chokepoints, ref)
    if kind == "energy" and ref in record.energy.index:
        return energy_detail(record, ref)
    return None
