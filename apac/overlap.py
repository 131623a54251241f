"""Overlapping institutions: exact combinations on a date, three powers' paths, two-date diffs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import altair as alt
import pandas as pd

from apac.membership import FULL_ROLES, ROLES, is_active

#: The two sides of the "dual architecture". An institution the record marks `both`
#: (institutions.csv, column `dimension`) belongs to each side and appears in both views.
DIMENSIONS = {"economic": "Economic", "political-security": "Political-security"}
#: The three powers whose paths the page follows, in the order shown.
POWERS = ("RUS", "USA", "CHN")
ROLE_COLOURS = ["#0072B2", "#009E73", "#56B4E9", "#E69F00", "#CC79A7"]
_IN, _OUT = "#222222", "#DDDDDD"


def dimension_institutions(institutions: pd.DataFrame, dimension: str) -> list[str]:
    """Ids of the institutions on one side: those of that dimension and those marked `both`."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}; expected one of {list(DIMENSIONS)}")
    wanted = institutions["dimension"].isin([dimension, "both"])
    return list(institutions.index[wanted])


def active_rows(memberships: pd.DataFrame, institution_ids: Iterable[str], as_of: date):
    """Membership rows (every role) active on as_of; an empty id list gives no rows."""
    wanted = set(institution_ids)
    rows = memberships[memberships["institution_id"].isin(wanted)]
    keep = [
        is_active(s, e, as_of) for s, e in zip(rows["start_date"], rows["end_date"], strict=True)
    ]
    return rows.iloc[[i for i, k in enumerate(keep) if k]]


@dataclass(frozen=True)
class Combination:
    """The members that belong to exactly these institutions (and no other on the same side)."""

    institutions: tuple[str, ...]
    members: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.members)


def combinations_as_of(
    memberships: pd.DataFrame, institution_ids: Sequence[str], as_of: date
) -> list[Combination]:
    """Each full member's exact set of institutions as of a date, grouped; largest group first.

    Full roles only (member, participant, negotiating party): observers and dialogue partners
    are not members and are listed apart (`partners_as_of`). Ties: more institutions first,
    then the institutions' own order.
    """
    order = {inst: i for i, inst in enumerate(institution_ids)}
    rows = active_rows(memberships, institution_ids, as_of)
    rows = rows[rows["role"].isin(FULL_ROLES)]
    sets: dict[str, set[str]] = {}
    for member, inst in zip(rows["member"], rows["institution_id"], strict=True):
        sets.setdefault(member, set()).add(inst)
    groups: dict[tuple[str, ...], list[str]] = {}
    for member, insts in sets.items():
        groups.setdefault(tuple(sorted(insts, key=order.__getitem__)), []).append(member)
    combos = [Combination(k, tuple(sorted(v))) for k, v in groups.items()]
    return sorted(
        combos,
        key=lambda c: (-c.count, -len(c.institutions), [order[i] for i in c.institutions]),
    )


def partners_as_of(
    memberships: pd.DataFrame, institution_ids: Sequence[str], as_of: date
) -> pd.DataFrame:
    """Observers and dialogue partners (any role that is not full membership) as of a date."""
    rows = active_rows(memberships, institution_ids, as_of)
    return rows[~rows["role"].isin(FULL_ROLES)]


def combination_label(combo: Combination, short_names: pd.Series) -> str:
    return " + ".join(short_names[i] for i in combo.institutions)


def display_names(combos: Sequence[Combination], entities: pd.DataFrame) -> pd.Series:
    """code -> the name shown for it: APEC's name for an economy in a combination with APEC."""
    return pd.Series(
        {
            code: member_label(entities, code, "apec" if "apec" in c.institutions else "")
            for c in combos
            for code in c.members
        },
        dtype=object,
    )


def combination_table(
    combos: Sequence[Combination], short_names: pd.Series, names: pd.Series
) -> pd.DataFrame:
    """The text alternative to the overlap chart: one row per combination, members named."""
    return pd.DataFrame(
        {
            "combination": [combination_label(c, short_names) for c in combos],
            "institutions": [len(c.institutions) for c in combos],
            "members": [c.count for c in combos],
            "who": [", ".join(sorted(names.get(m, m) for m in c.members)) for c in combos],
        }
    )


def _members(n: int) -> str:
    return f"{n} member" if n == 1 else f"{n} members"


def build_upset_chart(
    combos: Sequence[Combination],
    institution_ids: Sequence[str],
    short_names: pd.Series,
    names: pd.Series,
    *,
    title: str,
) -> alt.VConcatChart | alt.Chart:
    """An UpSet chart: bars of members per exact combination over its dot matrix."""
    shown = [i for i in institution_ids if any(i in c.institutions for c in combos)]
    if not combos:
        return alt.Chart(pd.DataFrame({"x": []})).mark_text().properties(title=title)
    keys = [f"c{n:02d}" for n in range(len(combos))]
    labels = [short_names[i] for i in shown]
    bars = pd.DataFrame(
        {
            "key": keys,
            "count": [c.count for c in combos],
            "combination": [combination_label(c, short_names) for c in combos],
            "who": [", ".join(sorted(names.get(m, m) for m in c.members)) for c in combos],
        }
    )
    bars["aria"] = [
        f"Combination {lbl}: {_members(n)}"
        for lbl, n in zip(bars["combination"], bars["count"], strict=True)
    ]
    dots = pd.DataFrame(
        [
            {
                "key": k,
                "institution": short_names[i],
                "in": i in c.institutions,
                "combination": combination_label(c, short_names),
                "aria": f"{combination_label(c, short_names)}: "
                f"{'with' if i in c.institutions else 'without'} {short_names[i]}",
            }
            for k, c in zip(keys, combos, strict=True)
            for i in shown
        ]
    )
    sizes = pd.DataFrame(
        {
            "institution": labels,
            "members": [sum(c.count for c in combos if i in c.institutions) for i in shown],
        }
    )
    sizes["aria"] = [
        f"{i} in all: {_members(n)}"
        for i, n in zip(sizes["institution"], sizes["members"], strict=True)
    ]
    step = max(18, min(44, 640 // len(keys)))
    x = alt.X("key:N", sort=keys, axis=None, scale=alt.Scale(paddingInner=0.25))
    y_inst = alt.Y(
        "institution:N", sort=labels, title=None, axis=alt.Axis(labelFontSize=13, labelLimit=160)
    )
    top = alt.Chart(bars).encode(
        x=x, y=alt.Y("count:Q", title="Members", axis=alt.Axis(tickMinStep=1))
    )
    bar_layer = top.mark_bar(color="#0072B2").encode(
        description="aria:N",
        tooltip=[
            alt.Tooltip("combination:N", title="Combination"),
            alt.Tooltip("count:Q", title="Members"),
            alt.Tooltip("who:N", title="Who"),
        ],
    )
    text_layer = top.mark_text(dy=-8, fontSize=12).encode(text="count:Q")
    upper = alt.layer(bar_layer, text_layer).properties(width=step * len(keys), height=170)
    matrix_base = alt.Chart(dots).encode(x=x, y=y_inst)
    lines = (
        matrix_base.transform_filter("datum.in")
        .mark_line(color=_IN, strokeWidth=2)
        .encode(detail="key:N", y=alt.Y("institution:N", sort=labels))
    )
    points = matrix_base.mark_circle(size=150, opacity=1).encode(
        color=alt.condition("datum.in", alt.value(_IN), alt.value(_OUT)),
        description="aria:N",
        tooltip=[alt.Tooltip("combination:N", title="Combination")],
    )
    matrix = alt.layer(points, lines).properties(width=step * len(keys), height=24 * len(labels))
    size_base = alt.Chart(sizes).encode(
        y=alt.Y("institution:N", sort=labels, axis=None),
        x=alt.X("members:Q", title="Members in all", axis=alt.Axis(tickMinStep=1)),
    )
    set_bars = alt.layer(
        size_base.mark_bar(color="#999999", height=14).encode(
            description="aria:N", tooltip=["institution:N", "members:Q"]
        ),
        size_base.mark_text(align="left", dx=3, fontSize=11).encode(text="members:Q"),
    ).properties(width=110, height=24 * len(labels))
    return (
        alt.vconcat(upper, alt.hconcat(matrix, set_bars, spacing=8), spacing=4)
        .properties(title=alt.Title(title, fontSize=16, anchor="start"))
        .configure_view(strokeWidth=0)
    )


# ----------------------------------------------------------------------------- three powers


def paths_frame(
    memberships: pd.DataFrame,
    short_names: pd.Series,
    names: pd.Series,
    members: Sequence[str] = POWERS,
    *,
    until: date = date(2013, 12, 31),
) -> pd.DataFrame:
    """Every spell of the given members in any institution: one row each, with both dates."""
    rows = memberships[memberships["member"].isin(members)]
    out = pd.DataFrame(
        {
            "code": rows["member"].to_list(),
            "member": [names.get(m, m) for m in rows["member"]],
            "institution_id": rows["institution_id"].to_list(),
            "institution": [short_names[i] for i in rows["institution_id"]],
            "role": rows["role"].to_list(),
            "start": [d.first for d in rows["start_date"]],
            "end": [until if d is None else d.last for d in rows["end_date"]],
            "since": [d.label for d in rows["start_date"]],
            "until": ["" if d is None else d.label for d in rows["end_date"]],
            "source_id": rows["source_id"].to_list(),
        }
    )
    rank = {m: i for i, m in enumerate(members)}
    out["_m"] = out["code"].map(rank)
    return out.sort_values(["_m", "start", "institution"]).drop(columns="_m").reset_index(drop=True)


def build_paths_chart(frame: pd.DataFrame, as_of: date, *, width: int = 760):
    """One panel per power: a bar per spell (from its start to its end), coloured by role."""
    domain = ["1989-01-01", "2013-12-31"]
    x = alt.X(
        "start:T",
        title=None,
        scale=alt.Scale(domain=domain),
        axis=alt.Axis(format="%Y", tickCount="year", labelFontSize=12, grid=True),
    )
    first = date(1989, 1, 1)
    frame = frame.assign(
        # A spell that began before 1989 starts at the chart's edge, without a start marker.
        begun=[d >= first for d in frame["start"]],
        start=[str(max(d, first)) for d in frame["start"]],
        end=frame["end"].map(str),
        aria=[
            f"{m} in {i}: {r.replace('-', ' ')} from {s}" + (f" until {u}" if u else "")
            for m, i, r, s, u in zip(
                frame["member"],
                frame["institution"],
                frame["role"],
                frame["since"],
                frame["until"],
                strict=True,
            )
        ],
    )
    rule = (
        alt.Chart(
            pd.DataFrame({"day": [f"{as_of:%Y-%m-%d}"], "label": [f"as of {as_of:%d %b %Y}"]})
        )
        .mark_rule(color="#111111", strokeWidth=2, strokeDash=[6, 3])
        .encode(x="day:T", tooltip=alt.Tooltip("label:N", title=None))
    )
    panels = []
    for member, rows in frame.groupby("member", sort=False):
        order = list(dict.fromkeys(rows["institution"]))
        y = alt.Y("institution:N", sort=order, title=None, axis=alt.Axis(labelFontSize=13))
        base = alt.Chart(rows).encode(y=y)
        spells = base.mark_bar(height=12).encode(
            x=x,
            x2="end:T",
            color=alt.Color(
                "role:N",
                scale=alt.Scale(domain=ROLES, range=ROLE_COLOURS),
                legend=alt.Legend(orient="top", title=None, labelFontSize=13),
            ),
            description="aria:N",
            tooltip=[
                alt.Tooltip("institution:N", title="Institution"),
                alt.Tooltip("role:N", title="Role"),
                alt.Tooltip("since:N", title="From"),
                alt.Tooltip("until:N", title="Until"),
                alt.Tooltip("source_id:N", title="Source"),
            ],
        )
        starts = (
            base.transform_filter("datum.begun")
            .mark_point(shape="triangle-right", filled=True, size=90, color="#111111")
            .encode(x=x, tooltip=[alt.Tooltip("since:N", title="From")])
        )
        panels.append(
            alt.layer(spells, starts, rule).properties(
                width=width, height=24 * len(order), title=alt.Title(member, anchor="start")
            )
        )
    if not panels:
        return alt.Chart(pd.DataFrame({"x": []})).mark_text()
    return alt.vconcat(*panels, spacing=14).resolve_scale(x="shared").configure_view(strokeWidth=0)


# ------------------------------------------------------------------------------- two dates


def changes_between(
    memberships: pd.DataFrame, institution_ids: Sequence[str], earlier: date, later: date
) -> pd.DataFrame:
    """Who joined, left or changed role in the given institutions between two dates.

    The dates may come in either order: the change is read from the earlier to the later one.
    Columns: institution_id, member, change (joined/left/changed role), before, after (roles).
    """
    earlier, later = min(earlier, later), max(earlier, later)
    columns = ["institution_id", "member", "change", "before", "after"]
    if not institution_ids:
        return pd.DataFrame(columns=columns)

    def roles(on: date) -> dict[tuple[str, str], str]:
        rows = active_rows(memberships, institution_ids, on)
        return {
            (i, m): r
            for i, m, r in zip(rows["institution_id"], rows["member"], rows["role"], strict=True)
        }

    before, after = roles(earlier), roles(later)
    out = []
    for key in sorted(set(before) | set(after)):
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        change = "joined" if was is None else "left" if now is None else "changed role"
        out.append((*key, change, was or "", now or ""))
    order = {inst: n for n, inst in enumerate(institution_ids)}
    frame = pd.DataFrame(out, columns=columns)
    frame["_i"] = frame["institution_id"].map(order)
    return frame.sort_values(["_i", "change", "member"]).drop(columns="_i").reset_index(drop=True)


def member_label(entities: pd.DataFrame, code: str, institution_id: str) -> str:
    """A member's name; in APEC the economy's APEC name with the common one when it differs."""
    if code not in entities.index:
        return code
    name = entities.loc[code, "name"]
    apec = entities.loc[code, "apec_name"]
    if institution_id != "apec" or not apec or apec == name:
        return name
    return f"{apec} ({name})"


def changes_table(
    changes: pd.DataFrame, entities: pd.DataFrame, short_names: pd.Series
) -> pd.DataFrame:
    """The diff as a reader sees it: institution, member, what changed (roles in words)."""

    def what(row) -> str:
        after, before = row.after.replace("-", " "), row.before.replace("-", " ")
        if row.change == "joined":
            return "joined" if row.after == "member" else f"joined as {after}"
        if row.change == "left":
            return "left" if row.before == "member" else f"left (was {before})"
        return f"became {after} (was {before})"

    return pd.DataFrame(
        {
            "Institution": [short_names[i] for i in changes["institution_id"]],
            "Member": [
                member_label(entities, m, i)
                for m, i in zip(changes["member"], changes["institution_id"], strict=True)
            ],
            "Change": [what(r) for r in changes.itertuples()],
        }
    )
