"""Who belonged to what, as of a date: pure functions over the validated record."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from apac.dates import PartialDate

#: Roles in the order a legend shows them; `member` is the full footprint.
ROLES = [
    "member",
    "participant",
    "negotiating-party",
    "observer",
    "dialogue-partner",
    "signatory",
]
FULL_ROLES = {"member", "participant", "negotiating-party"}
#: How each role is named in a sentence: (one, several, "<role> of/in <institutions>").
ROLE_NAMES: dict[str, tuple[str, str, str]] = {
    "member": ("member", "members", "Member of"),
    "participant": ("participant", "participants", "Participant in"),
    "negotiating-party": ("negotiating party", "negotiating parties", "Negotiating party in"),
    "observer": ("observer", "observers", "Observer in"),
    "dialogue-partner": ("dialogue partner", "dialogue partners", "Dialogue partner of"),
    "signatory": ("signatory", "signatories", "Signatory of"),
}


def short_names(institutions: pd.DataFrame, ids: Iterable[str]) -> list[str]:
    """The institutions' short names ("APEC", "ASEAN"), in the order given."""
    return [institutions.loc[i, "short_name"] for i in ids]


def role_name(role: str, plural: bool = False) -> str:
    """'dialogue-partner' -> 'dialogue partner' (or 'dialogue partners')."""
    names = ROLE_NAMES.get(role)
    if names is None:
        return role.replace("-", " ")
    return names[1] if plural else names[0]


def is_active(start: PartialDate, end: PartialDate | None, as_of: date) -> bool:
    """True when a spell covers as_of: from the last day start can mean, until before end."""
    if start.last > as_of:
        return False
    if end is None:
        return True
    # An exact end date is the first day without the membership; a partial one is not
    # certain until its period is over.
    return as_of < end.last if end.precision == "day" else as_of <= end.last


def members_as_of(
    memberships: pd.DataFrame, institution_ids: Iterable[str], as_of: date
) -> pd.DataFrame:
    """Membership rows active on as_of for the given institutions (all roles)."""
    wanted = set(institution_ids)
    rows = memberships[memberships["institution_id"].isin(wanted)]
    mask = pd.Series(
        [is_active(s, e, as_of) for s, e in zip(rows["start_date"], rows["end_date"], strict=True)],
        index=rows.index,
        dtype=bool,
    )
    return rows[mask]  # a boolean Series: an empty selection keeps every column


def footprint_table(
    memberships: pd.DataFrame,
    institutions: pd.DataFrame,
    entities: pd.DataFrame,
    institution_ids: Iterable[str],
    as_of: date,
) -> pd.DataFrame:
    """The text alternative to the map: member, institution, role, since when, source."""
    active = members_as_of(memberships, institution_ids, as_of)
    table = pd.DataFrame(
        {
            "member": [entities.loc[m, "name"] for m in active["member"]],
            "code": active["member"].to_list(),
            "institution": short_names(institutions, active["institution_id"]),
            "institution_id": active["institution_id"].to_list(),
            "role": active["role"].to_list(),
            "since": [d.label for d in active["start_date"]],
            "source_id": active["source_id"].to_list(),
        }
    )
    if "apec" in set(table["institution_id"]):
        apec = table["institution_id"] == "apec"
        table.loc[apec, "member"] = [_apec_label(entities, c) for c in table.loc[apec, "code"]]
    order = {r: i for i, r in enumerate(ROLES)}
    table["_r"] = table["role"].map(order)
    table = table.sort_values(["institution", "_r", "member"]).drop(columns="_r")
    return table.reset_index(drop=True)


def role_summary(table: pd.DataFrame) -> str:
    """Each institution's count per role, from a footprint_table: 'APEC: 21 members; ASEAN:
    10 members, 1 observer, 10 dialogue partners' (an observer is not counted as a member)."""
    order = {r: i for i, r in enumerate(ROLES)}
    parts = []
    for institution, rows in table.groupby("institution", sort=True):
        counts = rows["role"].value_counts()
        roles = sorted(counts.index, key=lambda r: order.get(r, len(order)))
        parts.append(
            f"{institution}: "
            + ", ".join(f"{counts[r]} {role_name(r, plural=counts[r] != 1)}" for r in roles)
        )
    return "; ".join(parts)


def _apec_label(entities: pd.DataFrame, code: str) -> str:
    """APEC's name for an economy, with the common name when it differs: 'Viet Nam (Vietnam)'."""
    name, apec = entities.loc[code, "name"], entities.loc[code, "apec_name"]
    return name if not apec or apec == name else f"{apec} ({name})"


def membership_counts(
    memberships: pd.DataFrame, institution_ids: Iterable[str], as_of: date
) -> dict[str, dict[str, int]]:
    """{member: {'full': n_full_memberships, 'partial': n_other_roles}} as of a date."""
    active = members_as_of(memberships, institution_ids, as_of)
    counts: dict[str, dict[str, int]] = {}
    for member, role in zip(active["member"], active["role"], strict=True):
        slot = counts.setdefault(member, {"full": 0, "partial": 0})
        slot["full" if role in FULL_ROLES else "partial"] += 1
    return counts


def member_history(memberships: pd.DataFrame, member: str) -> pd.DataFrame:
    """Every spell of one member in any institution, oldest first."""
    rows = memberships[memberships["member"] == member].copy()
    rows["_s"] = [d.first for d in rows["start_date"]]
    return rows.sort_values("_s").drop(columns="_s")
