"""Served files (static/ copies of derived data), and the timeline drawn by the real Vega engine."""

from __future__ import annotations

import json
from datetime import date
from xml.etree import ElementTree

import pytest
import vl_convert as vlc

from apac import data
from apac.paths import STATIC, TIMELINE_MARKS
from apac.served import served_contents, served_url
from apac.timeline import (
    DISPUTES_LANE,
    all_marks_csv,
    build_timeline,
    highlighted_refs,
    timeline_frame,
)

RECORD = data.read_record()
DISPUTES = data.read_disputes()
CLAIMS = DISPUTES["claimant_list"].to_dict()
FOCUS_CASES = [
    {"focus_member": "CHN"},
    {"focus_member": "AUS", "selected": "summit:eas-2005"},
    {"focus_dispute": "spratly"},
    {"selected": "incident:" + RECORD.incidents.index[0]},
    {},
]


CONTENTS = served_contents(RECORD, DISPUTES, data.read_chokepoints())


@pytest.mark.parametrize("name", sorted(CONTENTS))
def test_every_committed_served_file_matches_the_data(name):
    assert (STATIC / name).read_text(encoding="utf-8") == CONTENTS[name], (
        f"static/{name} is stale: run `make served` and commit it"
    )
    assert served_url(name, CONTENTS[name]) is not None


def test_a_stale_or_missing_served_file_means_inline_data(tmp_path):
    marks = all_marks_csv(RECORD)
    (tmp_path / "good.csv").write_text(marks, encoding="utf-8")
    (tmp_path / "stale.csv").write_text(marks.replace("Canberra", "Sydney"), encoding="utf-8")
    url = served_url("good.csv", marks, tmp_path)
    assert url and url.startswith("/app/static/good.csv?v=")
    assert served_url("stale.csv", marks, tmp_path) is None
    assert served_url("missing.csv", marks, tmp_path) is None
    # the version follows the content, so a browser never keeps an old copy
    changed = marks.replace("Canberra", "Sydney")
    assert served_url("stale.csv", changed, tmp_path) not in {None, url}


def test_the_timeline_marks_are_every_institutions_marks():
    assert CONTENTS[TIMELINE_MARKS] == all_marks_csv(RECORD)
    every = timeline_frame(RECORD, RECORD.institutions.index)
    assert CONTENTS[TIMELINE_MARKS].count("\n") == len(every) + 1  # header + one line a mark
    assert set(every["lane"]) == set(RECORD.institutions["short_name"]) | {DISPUTES_LANE}


@pytest.mark.parametrize("focus", FOCUS_CASES, ids=lambda f: ",".join(f.values()) or "none")
def test_whether_a_mark_is_lit_depends_on_its_ref_alone(focus):
    frame = timeline_frame(RECORD, RECORD.institutions.index, dispute_claims=CLAIMS, **focus)
    lit = set(highlighted_refs(frame))
    assert (frame["hl"] == frame["ref"].isin(lit)).all()


def _labels(chart) -> tuple[list[str], list[str]]:
    """(aria-labels of the timeline's point marks, every aria-label) in Vega's own SVG."""
    root = ElementTree.fromstring(vlc.vegalite_to_svg(chart.to_dict()))
    every = [e.get("aria-label") for e in root.iter() if e.get("aria-label")]
    marks = [
        path.get("aria-label")
        for group in root.iter("{http://www.w3.org/2000/svg}g")
        if {"mark-symbol", "role-mark"} <= set((group.get("class") or "").split())
        for path in group
    ]
    return marks, every


@pytest.mark.parametrize("focus", FOCUS_CASES[:3], ids=lambda f: ",".join(f.values()))
def test_vega_draws_the_chosen_lanes_and_lights_the_same_marks(focus):
    """Rendered by Vega itself (vl-convert): the lane filter and the lit expression agree with
    the Python frame, mark for mark."""
    wanted = ["apec", "asean", "eas"]
    lanes = [RECORD.institutions.loc[i, "short_name"] for i in wanted] + [DISPUTES_LANE]
    # Every institution's marks, as the served file has them: the spec must pick the lanes.
    every = timeline_frame(RECORD, RECORD.institutions.index, dispute_claims=CLAIMS, **focus)
    frame = every[every["lane"].isin(lanes)]
    assert len(frame) < len(every)
    marks, labels = _labels(
        build_timeline(every, lanes=lanes, as_of=date(2005, 12, 31), window=(1989, 2013), width=900)
    )
    assert len(marks) == len(frame)
    assert sum("(linked to the selection)" in m for m in marks) == int(frame["hl"].sum())
    assert "Map date: as of 31 Dec 2005" in labels


def test_served_marks_leave_only_lanes_and_refs_in_the_spec():
    frame = timeline_frame(RECORD, ["apec"], focus_member="AUS")
    chart = build_timeline(
        frame,
        lanes=["APEC", DISPUTES_LANE],
        window=(1989, 2013),
        marks_url="m.csv?v=1",
        as_of=date(1995, 12, 31),
    )
    spec = chart.to_dict()
    assert spec["layer"][0]["data"] == {"url": "m.csv?v=1", "format": {"type": "csv"}}
    # the only inline data is the map date's single row
    assert [len(rows) for rows in spec["datasets"].values()] == [1]
    assert "Canberra" not in json.dumps(spec)  # no mark travels in the spec


def test_two_dates_give_the_instrument_the_same_specs_but_the_date():
    """What lets the browser move time alone: the deck, the dated colours and the timeline spec
    do not depend on the date; only the date fields (and the rule's one row) differ."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    specs = []
    for when in ("1997", "2003-06"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["date"] = when
        at.query_params["inst"] = "apec,asean"
        at.run()
        assert not at.exception
        specs.append(
            {
                json.loads(e.proto.json)["role"]: json.loads(e.proto.json)
                for e in at.get("bidi_component")
            }
        )
    before, after = specs
    for key in ("deck", "colours", "legend", "window"):
        assert before["map"][key] == after["map"][key], key
    assert (before["map"]["date"], after["map"]["date"]) == ("1997-12-31", "2003-06-30")
    spec_before, spec_after = before["timeline"]["spec"], after["timeline"]["spec"]
    assert spec_before["datasets"] != spec_after["datasets"]
    assert {**spec_before, "datasets": None} == {**spec_after, "datasets": None}
    assert "timeline.csv?v=" in json.dumps(spec_after)
    assert sum(len(rows) for rows in spec_after["datasets"].values()) == 1  # one row, no marks


def _layers(state) -> dict[str, dict]:
    from apac.layers import build_deck

    return {layer["id"]: layer for layer in json.loads(build_deck(state).to_json())["layers"]}


def test_served_points_leave_only_urls_and_the_selection_in_the_deck():
    from apac.geo import NAMED_VIEWS
    from apac.layers import SELECTION_HALO, SELECTION_LINE, MapState

    chokepoints = data.read_chokepoints()
    urls = {
        name: served_url(name, text) for name, text in CONTENTS.items() if name != TIMELINE_MARKS
    }
    names = RECORD.entities["name"].to_dict()
    inline = MapState(
        view=NAMED_VIEWS["pacific"], disputes=DISPUTES, chokepoints=chokepoints, entity_names=names
    )
    malacca = chokepoints.loc["malacca"]
    served = MapState(
        view=NAMED_VIEWS["pacific"],
        disputes=DISPUTES,
        chokepoints=chokepoints,
        entity_names=names,
        dispute_points_url=urls["dispute_points.json"],
        chokepoint_points_url=urls["chokepoint_points.json"],
        ring={"lon": float(malacca.lon), "lat": float(malacca.lat)},
    )
    before, after = _layers(inline), _layers(served)
    for layer_id, name in [
        ("disputes", "dispute_points.json"),
        ("dispute-labels", "dispute_points.json"),
        ("chokepoints", "chokepoint_points.json"),
        ("chokepoint-axes", "chokepoint_points.json"),
        ("chokepoint-casing", "chokepoint_points.json"),
    ]:
        # inline, the layer carries exactly the rows the served file holds
        assert _json_rows(before[layer_id]["data"]) == json.loads(CONTENTS[name])
        assert after[layer_id]["data"] == urls[name]
    # the selection is one small ring layer of its own (dark over a white halo), not pickable;
    # the served points stay the same whatever is selected
    assert "selection-ring" not in before
    for layer_id, colour in (
        ("selection-ring", SELECTION_LINE),
        ("selection-ring-halo", SELECTION_HALO),
    ):
        ring = after[layer_id]
        assert ring["data"] == [{"lon": float(malacca.lon), "lat": float(malacca.lat)}]
        assert ring["getLineColor"] == colour and not ring["pickable"]
    assert after["chokepoints"]["getLineColor"] == before["chokepoints"]["getLineColor"]


def _json_rows(rows: list[dict]) -> list[dict]:
    return json.loads(json.dumps(rows, sort_keys=True))


@pytest.mark.parametrize("as_of", [date(1989, 1, 1), date(1998, 11, 18), date(2013, 12, 31)])
def test_the_map_date_rule_sits_at_its_date(as_of):
    frame = timeline_frame(RECORD, ["apec"])
    chart = build_timeline(
        frame, lanes=["APEC", DISPUTES_LANE], as_of=as_of, window=(1989, 2013), width=1000
    )
    root = ElementTree.fromstring(vlc.vegalite_to_svg(chart.to_dict()))
    line = next(e for e in root.iter() if (e.get("aria-label") or "").startswith("Map date"))
    x = float(line.get("transform").removeprefix("translate(").split(",")[0])
    start, end = date(1989, 1, 1), date(2013, 12, 31)
    assert x / 1000 == pytest.approx((as_of - start) / (end - start), abs=0.002)


def test_a_selected_disputes_ring_leaves_its_label_readable():
    """A label beside its marker (anchored at its start or end) begins outside the selected
    ring's white halo, padding included: the ring never covers the end of the place's name."""
    from apac.geo import NAMED_VIEWS
    from apac.layers import MapState

    names = RECORD.entities["name"].to_dict()
    for dispute_id, row in DISPUTES.iterrows():
        ring = {"lon": float(row.label_lon), "lat": float(row.label_lat)}
        state = MapState(
            view=NAMED_VIEWS["pacific"], disputes=DISPUTES, entity_names=names, ring=ring
        )
        layers = _layers(state)
        halo = layers["selection-ring-halo"]
        outer = halo["radiusMinPixels"] + halo["lineWidthMinPixels"] / 2
        labels = layers["dispute-labels"]
        pad_x = labels["backgroundPadding"][0]
        (point,) = [p for p in labels["data"] if p["id"] == dispute_id]
        if point["anchor"] in ("start", "end"):
            assert abs(point["offset"][0]) - pad_x > outer, (dispute_id, point["offset"], outer)
        else:  # centred above or below: clear vertically
            assert abs(point["offset"][1]) - 10 > outer, (dispute_id, point["offset"], outer)
