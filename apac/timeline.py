"""The linked timeline: one lane per institution plus a disputes lane (returns alt.Chart)."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Mapping
from datetime import date

import altair as alt
import pandas as pd

from apac.data import Record

#: The last lane: dispute incidents and the other dated events (peninsula, energy deals, ...).
DISPUTES_LANE = "Disputes & events"
#: Okabe-Ito colours for the kinds of event (colour-blind safe), with distinct shapes as well.
KIND_STYLE = {
    "summit": ("#0072B2", "circle"),
    "accession": ("#009E73", "triangle-up"),
    "exit": ("#D55E00", "triangle-down"),
    "incident": ("#CC79A7", "diamond"),
}


def timeline_frame(
    record: Record,
    institution_ids: Iterable[str],
    *,
    focus_member: str | None = None,
    focus_dispute: str | None = None,
    selected: str | None = None,
    dispute_claims: Mapping[str, list[str]] | None = None,
) -> pd.DataFrame:
    """Every timeline mark for the chosen institutions, with a `hl` flag for what is in focus."""
    wanted = list(institution_ids)
    short = record.institutions["short_name"]
    names = record.entities["name"]
    rows: list[dict] = []
    summits = record.summits[record.summits["institution_id"].isin(wanted)]
    for s in summits.itertuples():
        rows.append(
            {
                "lane": short[s.institution_id],
                "kind": "summit",
                "ref": f"summit:{s.summit_id}",
                "day": s.start_date.first,
                "when": s.start_date.label,
                "title": s.title,
                "place": f"{s.city}, {names.get(s.host, s.host)}",
                "member": s.host,
                "source_id": s.source_id,
            }
        )
    members = record.memberships[record.memberships["institution_id"].isin(wanted)]
    for m in members.itertuples():
        who = names.get(m.member, m.member)
        role = "" if m.role == "member" else f" ({m.role.replace('-', ' ')})"
        for kind, d in (("accession", m.start_date), ("exit", m.end_date)):
            if d is None or not 1989 <= d.year <= 2013:
                continue
            verb = "joins" if kind == "accession" else "leaves"
            rows.append(
                {
                    "lane": short[m.institution_id],
                    "kind": kind,
                    "ref": f"country:{m.member}",
                    "day": d.first,
                    "when": d.label,
                    "title": f"{who} {verb} {short[m.institution_id]}{role}",
                    "place": who,
                    "member": m.member,
                    "source_id": m.source_id,
                }
            )
    disputes = record.incidents
    for i in disputes.itertuples():
        rows.append(
            {
                "lane": DISPUTES_LANE,
                "kind": "incident",
                "ref": f"incident:{i.event_id}",
                "day": i.date.first,
                "when": i.date.label,
                "title": i.title,
                "place": i.place,
                "member": i.dispute_id or "",
                "source_id": i.source_id,
            }
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["day"] = pd.to_datetime(frame["day"])
    hl = pd.Series(False, index=frame.index)
    if focus_member:
        hl |= (frame["member"] == focus_member) & (frame["kind"] != "incident")
        party_to = {d for d, c in (dispute_claims or {}).items() if focus_member in c}
        hl |= (frame["kind"] == "incident") & frame["member"].isin(party_to)
    if focus_dispute:
        hl |= (frame["kind"] == "incident") & (frame["member"] == focus_dispute)
    if selected:
        hl |= frame["ref"] == selected
    frame["hl"] = hl
    return frame


def lane_height(lanes: list[str]) -> int:
    """Plot height for a number of lanes (each lane stays tall enough to click)."""
    return max(140, 36 * len(lanes))


def chart_height(lanes: list[str]) -> int:
    """Whole chart height: the lanes plus title, legend and axis."""
    return lane_height(lanes) + 120


#: Lane height in the instrument, where the timeline shares one screen with the map.
COMPACT_LANE = 26


def compact_height(lanes: list[str]) -> int:
    """The instrument's timeline height: compact lanes plus legend and axis."""
    return COMPACT_LANE * len(lanes) + 62


#: The one-row dataset of the map date (a fixed name keeps the spec the same across dates).
AS_OF_DATASET = "as_of"
#: What each timeline mark carries to the browser.
MARK_FIELDS = ["lane", "kind", "ref", "day", "when", "title", "place", "source_id"]


def mark_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The marks as the browser gets them: MARK_FIELDS, days as ISO text."""
    data = frame[MARK_FIELDS].copy()
    data["day"] = data["day"].dt.strftime("%Y-%m-%d")
    return data


def marks_csv(frame: pd.DataFrame) -> str:
    """The marks as CSV, as served from static/timeline.csv (see apac/served.py)."""
    return mark_table(frame).to_csv(index=False, lineterminator="\n")


def all_marks_csv(record: Record) -> str:
    """Every institution's marks and every incident: the content of static/timeline.csv."""
    return marks_csv(timeline_frame(record, record.institutions.index))


def highlighted_refs(frame: pd.DataFrame) -> list[str]:
    """The refs of the marks in focus: whether a mark is lit depends on its ref alone."""
    if frame.empty:
        return []
    return sorted(set(frame.loc[frame["hl"], "ref"]))


def _kind_channels(label_size: int) -> dict:
    """A mark's kind as its offset within the lane, its colour (with the legend) and its shape:
    the same on the page and in the exported picture."""
    kinds = list(KIND_STYLE)
    return {
        "yOffset": alt.YOffset("kind:N", scale=alt.Scale(domain=kinds)),
        "color": alt.Color(
            "kind:N",
            scale=alt.Scale(domain=kinds, range=[KIND_STYLE[k][0] for k in kinds]),
            legend=alt.Legend(title=None, orient="top", labelFontSize=label_size),
        ),
        "shape": alt.Shape(
            "kind:N",
            scale=alt.Scale(domain=kinds, range=[KIND_STYLE[k][1] for k in kinds]),
            legend=None,
        ),
    }


def build_timeline(
    frame: pd.DataFrame,
    *,
    lanes: list[str],
    as_of: date,
    window: tuple[int, int],
    width: int | str = "container",
    marks_url: str | None = None,
    compact: bool = False,
) -> alt.Chart:
    """Lanes x time; click a mark to select it (`pick`), drag to brush a window (`brush`).

    With `marks_url` the marks are fetched over HTTP from the static file of every institution's
    marks, and the spec carries only which lanes to show and which refs to light up: a date
    change then re-sends a few KB instead of the whole timeline. Without it (exports, or events
    that differ from the static file) the chosen marks travel inline.
    """
    domain = [f"{window[0]}-01-01", f"{window[1]}-12-31"]
    x = alt.X(
        "day:T",
        title=None,
        scale=alt.Scale(domain=domain),
        axis=alt.Axis(format="%Y", labelFontSize=14, tickCount="year", grid=True),
    )
    y = alt.Y("lane:N", title=None, sort=lanes, axis=alt.Axis(labelFontSize=14, labelLimit=220))
    pick = alt.selection_point(name="pick", fields=["ref"], on="click", clear="dblclick")
    brush = alt.selection_interval(name="brush", encodings=["x"])
    if marks_url:
        source = alt.UrlData(marks_url, format=alt.CsvDataFormat(type="csv"))
    else:
        source = alt.Data(values=mark_table(frame).to_dict("records"))
    lit = highlighted_refs(frame)
    focus = "true" if lit else "false"
    emphasis = alt.condition(f"datum.hl || !{focus}", alt.value(1.0), alt.value(0.18))
    points = (
        alt.Chart(source)
        .transform_filter(f"indexof({json.dumps(lanes)}, datum.lane) >= 0")
        .transform_calculate(
            hl=f"indexof({json.dumps(lit)}, datum.ref) >= 0",
            # The screen-reader description of each mark (Vega-Lite puts it in aria-label).
            aria="datum.title + ', ' + datum.when + ', ' + datum.place"
            " + (datum.hl ? ' (linked to the selection)' : '')",
        )
        # clip: a narrowed window never spills marks over the lane labels or the legend
        .mark_point(filled=True, size=140, stroke="#111111", strokeWidth=0.6, clip=True)
        .encode(
            x=x,
            y=y,
            **_kind_channels(label_size=14),
            opacity=emphasis,
            size=alt.condition("datum.hl", alt.value(320), alt.value(140)),
            description="aria:N",
            tooltip=[
                alt.Tooltip("title:N", title="What"),
                alt.Tooltip("when:N", title="When"),
                alt.Tooltip("place:N", title="Where"),
                alt.Tooltip("source_id:N", title="Source"),
            ],
        )
        .add_params(pick, brush)
    )
    # The map date as a named one-row dataset: the spec stays the same across dates, so the
    # browser updates that row in place and neither rebuilds the chart nor re-fetches the marks.
    label = f"Map date: as of {as_of:%d %b %Y}"
    rule = (
        alt.Chart(alt.NamedData(name=AS_OF_DATASET))
        .mark_rule(color="#111111", strokeWidth=2.5, strokeDash=[6, 3], clip=True)
        .encode(x="day:T", tooltip=alt.Tooltip("label:N", title=None), description="label:N")
    )
    height = COMPACT_LANE * len(lanes) if compact else lane_height(lanes)
    titled = (
        {}
        if compact
        else {
            "title": alt.Title(
                "Timeline",
                subtitle="Click a mark to select it; drag to choose a window; double-click to "
                "clear",
                fontSize=16,
            )
        }
    )
    return (
        alt.layer(points, rule)
        .properties(
            datasets={AS_OF_DATASET: [{"day": f"{as_of:%Y-%m-%d}", "label": label}]},
            width=width,
            height=height,
            **titled,
        )
        .configure_view(strokeWidth=0)
        .configure_legend(padding=0, offset=4)
    )


def build_timeline_export(
    frame: pd.DataFrame,
    *,
    lanes: list[str],
    as_of: date,
    window: tuple[int, int],
    title: str,
    source_line: str,
    width: int = 1600,
) -> alt.Chart:
    """The timeline as a slide picture (vl-convert): exactly `width` px wide at scale 1.

    No interaction (no hint, no selection params), every mark at full opacity, only the marks
    inside the window (the axis is the window, so nothing is pushed or clipped off), a title
    with the map date and window, and the source line as the axis caption at the foot.
    """
    first, last = sorted(window)
    data = mark_table(frame) if len(frame) else pd.DataFrame(columns=MARK_FIELDS)
    years = data["day"].str.slice(0, 4).astype(int) if len(data) else pd.Series(dtype=int)
    data = data[(years >= first) & (years <= last) & data["lane"].isin(lanes)]
    domain = [f"{first}-01-01", f"{last}-12-31"]
    x = alt.X(
        "day:T",
        scale=alt.Scale(domain=domain),
        axis=alt.Axis(
            format="%Y",
            labelFontSize=16,
            tickCount="year",
            grid=True,
            # Wrapped to the plot (the lane labels take up to 260 px of the width): one line
            # of 14 px type holds about 7.5 px a character.
            title=textwrap.wrap(source_line, max(40, int((width - 280) / 7.5))) or "",
            titleFontSize=14,
            titleFontWeight="normal",
            titleAnchor="start",
            titleLimit=width,
            titlePadding=14,
        ),
    )
    y = alt.Y("lane:N", title=None, sort=lanes, axis=alt.Axis(labelFontSize=16, labelLimit=260))
    points = (
        alt.Chart(alt.Data(values=data.to_dict("records")))
        .mark_point(filled=True, size=160, stroke="#111111", strokeWidth=0.6, opacity=1, clip=True)
        .encode(x=x, y=y, **_kind_channels(label_size=16))
    )
    rule = (
        alt.Chart(alt.Data(values=[{"day": f"{as_of:%Y-%m-%d}"}]))
        .mark_rule(color="#111111", strokeWidth=2.5, strokeDash=[6, 3], clip=True)
        .encode(x="day:T")
    )
    return (
        alt.layer(points, rule)
        .properties(
            width=width,
            height=lane_height(lanes),
            title=alt.Title(
                title,
                subtitle=f"Summits, accessions and incidents {first}–{last}; dashed line: the "
                f"map date, {as_of.day} {as_of:%B %Y}",
                fontSize=24,
                subtitleFontSize=16,
                anchor="start",
            ),
            # "fit" sizes the whole picture (labels, legend, titles) to the declared width.
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
            padding=16,
        )
        .configure_view(strokeWidth=0)
        .configure_legend(padding=0, offset=6)
    )
