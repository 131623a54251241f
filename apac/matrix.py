"""Country x institution membership matrix as of a date (returns a frame and an alt.Chart)."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from apac.data import Record
from apac.membership import ROLES, members_as_of


def membership_matrix(record: Record, as_of: date) -> pd.DataFrame:
    """One row per (member, institution) active on as_of, with the role."""
    active = members_as_of(record.memberships, record.institutions.index, as_of)
    names = record.entities["name"]
    short = record.institutions["short_name"]
    return pd.DataFrame(
        {
            "member": [names.get(m, m) for m in active["member"]],
            "institution": [short[i] for i in active["institution_id"]],
            "role": active["role"].to_list(),
            "since": [d.label for d in active["start_date"]],
        }
    )


ROW_PX = 20


def matrix_height(matrix: pd.DataFrame) -> int:
    """Whole chart height: one row per member plus axis, title and legend."""
    return ROW_PX * max(1, matrix["member"].nunique() if len(matrix) else 1) + 190


def build_matrix_chart(matrix: pd.DataFrame) -> alt.Chart:
    if matrix.empty:
        return alt.Chart(pd.DataFrame({"x": []})).mark_text()
    order = matrix.groupby("member").size().sort_values(ascending=False).index.tolist()
    palette = ["#0072B2", "#009E73", "#56B4E9", "#E69F00", "#CC79A7", "#D55E00"]
    return (
        alt.Chart(matrix)
        .mark_square(size=260)
        .encode(
            x=alt.X("institution:N", title=None, axis=alt.Axis(labelFontSize=13, orient="top")),
            y=alt.Y("member:N", sort=order, title=None, axis=alt.Axis(labelFontSize=13)),
            color=alt.Color(
                "role:N",
                scale=alt.Scale(domain=ROLES, range=palette),
                legend=alt.Legend(orient="bottom", labelFontSize=13),
            ),
            shape=alt.Shape("role:N", scale=alt.Scale(domain=ROLES), legend=None),
            tooltip=["member", "institution", "role", "since"],
        )
        .properties(
            height=ROW_PX * len(order),
            title="Who belonged to what (rows sorted by number of memberships)",
        )
    )
