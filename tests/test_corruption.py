"""A corruption corpus: the real data files, broken one way at a time, each caught by name.

Every case copies events/, geodata/ and static/ to a temporary folder, breaks one thing with a
small mutation function, points APAC_EVENTS_DIR / APAC_GEODATA_DIR / APAC_STATIC_DIR at the
copies and loads the data exactly as the pages do (apac.ui's cached loaders). The case returns
the text its message must contain: the file, and the row (or feature) and column where there is
one, computed from the copy rather than written down. A case that returns nothing must load.
Nothing but DataError may escape; any other exception fails the case.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st

from apac import data, ui
from apac.paths import EVENTS, GEODATA, STATIC
from apac.sources import curation_documents

Mutation = Callable[[Path], list[str]]
CASES: dict[str, Mutation] = {}


def case(func: Mutation) -> Mutation:
    CASES[func.__name__] = func
    return func


# ---------------------------------------------------------------------------- small mutations


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write_rows(path: Path, fields: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def _set_cell(path: Path, column: str, value: str, row: int = 3) -> str:
    """Set one cell (1-based data row); returns 'folder/file row N, column'."""
    fields, rows = _rows(path)
    assert column in fields and len(rows) >= row
    rows[row - 1][column] = value
    _write_rows(path, fields, rows)
    return f"{path.parent.name}/{path.name} row {row}, {column}"


def _first_row(path: Path, column: str, predicate: Callable[[str], bool]) -> int:
    """The first data row whose `column` satisfies `predicate` (1-based)."""
    _, rows = _rows(path)
    return next(i for i, row in enumerate(rows, start=1) if predicate(row[column]))


def _header_only(path: Path) -> str:
    fields, _ = _rows(path)
    _write_rows(path, fields, [])
    return f"{path.parent.name}/{path.name}: has a header but no rows"


def _drop_column(path: Path, column: str) -> str:
    fields, rows = _rows(path)
    fields.remove(column)
    for row in rows:
        del row[column]
    _write_rows(path, fields, rows)
    return f"{path.parent.name}/{path.name}: missing column(s) {column}"


def _append_copy_of_row(path: Path, key: str, row: int = 1) -> str:
    fields, rows = _rows(path)
    rows.append(dict(rows[row - 1]))
    _write_rows(path, fields, rows)
    return (
        f"{path.parent.name}/{path.name} row {len(rows)}, {key}: {rows[row - 1][key]!r} "
        f"repeats row {row}"
    )


def _truncate(path: Path, fraction: float = 0.5) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: int(len(raw) * fraction)])


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _dump(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


def _edit_feature(path: Path, index: int, edit: Callable[[dict], None]) -> str:
    """Apply `edit` to feature `index` (1-based) of a GeoJSON file; returns 'file feature N'."""
    collection = _json(path)
    edit(collection["features"][index - 1])
    _dump(path, collection)
    return f"{path.parent.name}/{path.name} feature {index}"


def _set_property(path: Path, index: int, key: str, value: object) -> str:
    where = _edit_feature(path, index, lambda f: f["properties"].__setitem__(key, value))
    return f"{where}, {key}"


def _json_error(path: Path) -> str:
    """The decoder's own line and column for a broken JSON file, as the message gives them."""
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return f"{path.parent.name}/{path.name}: not valid JSON (line {exc.lineno}, column"
    raise AssertionError(f"{path} is still valid JSON")


def _drop_feature(path: Path, index: int) -> object:
    collection = _json(path)
    gone = collection["features"].pop(index - 1)
    _dump(path, collection)
    return gone


def _key_of(feature: dict, key: str) -> str:
    return feature["properties"][key]


# --------------------------------------------------------------------------- events/ tables


@case
def summit_month_13(root: Path) -> list[str]:
    return [_set_cell(root / "events/summits.csv", "start_date", "1997-13-01", 5) + ": '1997-13"]


@case
def incident_date_9999(root: Path) -> list[str]:
    where = _set_cell(root / "events/incidents.csv", "date", "9999", 2)
    return [where + ": '9999' is after the latest allowed date 2013"]


@case
def summit_before_1989(root: Path) -> list[str]:
    where = _set_cell(root / "events/summits.csv", "start_date", "1988-12-31", 1)
    return [where + ": '1988-12-31' is before the earliest allowed date 1989"]


@case
def membership_after_2013(root: Path) -> list[str]:
    where = _set_cell(root / "events/memberships.csv", "start_date", "2014-01", 4)
    return [where + ": '2014-01' is after the latest allowed date 2013"]


@case
def membership_end_year_0000(root: Path) -> list[str]:
    where = _set_cell(root / "events/memberships.csv", "end_date", "0000", 2)
    return [where + ": '0000' is not a date"]


@case
def institution_founded_1900(root: Path) -> list[str]:
    where = _set_cell(root / "events/institutions.csv", "founded", "1900", 2)
    return [where + ": '1900' is before the earliest allowed date"]


@case
def incident_lat_nan(root: Path) -> list[str]:
    return [_set_cell(root / "events/incidents.csv", "lat", "nan", 3) + ": 'nan' is not a finite"]


@case
def summit_lon_infinite(root: Path) -> list[str]:
    return [_set_cell(root / "events/summits.csv", "lon", "-inf", 7) + ": '-inf' is not a finite"]


@case
def summit_lat_out_of_range(root: Path) -> list[str]:
    return [_set_cell(root / "events/summits.csv", "lat", "91", 2) + ": '91' is above the maximum"]


@case
def incident_lon_blank(root: Path) -> list[str]:
    return [_set_cell(root / "events/incidents.csv", "lon", "", 4) + ": is required but blank"]


@case
def incident_lat_not_a_number(root: Path) -> list[str]:
    return [_set_cell(root / "events/incidents.csv", "lat", "north", 1) + ": 'north' is not a"]


@case
def source_year_negative(root: Path) -> list[str]:
    return [_set_cell(root / "events/sources.csv", "year", "-5", 3) + ": '-5' is below the minimum"]


@case
def source_year_after_access(root: Path) -> list[str]:
    path = root / "events/sources.csv"
    row = _first_row(path, "accessed", bool)
    _, rows = _rows(path)
    later = str(int(rows[row - 1]["accessed"][:4]) + 1)
    return [_set_cell(path, "year", later, row) + f": '{later}' is after the year it was accessed"]


@case
def source_year_not_whole(root: Path) -> list[str]:
    return [_set_cell(root / "events/sources.csv", "year", "2001.5", 2) + ": '2001.5' is not a"]


@case
def source_accessed_year_0000(root: Path) -> list[str]:
    return [_set_cell(root / "events/sources.csv", "accessed", "0000-01-01", 2) + ": '0000-01-01'"]


@case
def nul_byte_in_summary(root: Path) -> list[str]:
    where = _set_cell(root / "events/incidents.csv", "summary", "Before\x00after", 4)
    return [where + ": contains a control character (U+0000)"]


@case
def escape_character_in_name(root: Path) -> list[str]:
    where = _set_cell(root / "events/institutions.csv", "name", "APEC\x1b[31m", 1)
    return [where + ": contains a control character (U+001B)"]


@case
def c1_control_in_note(root: Path) -> list[str]:
    where = _set_cell(root / "events/memberships.csv", "note", "note\x85", 6)
    return [where + ": contains a control character (U+0085)"]


@case
def trailing_space_in_source_id(root: Path) -> list[str]:
    path = root / "events/sources.csv"
    _, rows = _rows(path)
    value = rows[2]["source_id"] + " "
    return [_set_cell(path, "source_id", value, 3) + f": {value!r} has leading or trailing"]


@case
def leading_space_in_member(root: Path) -> list[str]:
    path = root / "events/memberships.csv"
    _, rows = _rows(path)
    value = " " + rows[7]["member"]
    return [_set_cell(path, "member", value, 8) + f": {value!r} has leading or trailing"]


@case
def trailing_space_in_entity_code(root: Path) -> list[str]:
    path = root / "events/entities.csv"
    _, rows = _rows(path)
    value = rows[4]["code"] + " "
    return [_set_cell(path, "code", value, 5) + f": {value!r} has leading or trailing"]


@case
def trailing_space_in_title(root: Path) -> list[str]:
    path = root / "events/summits.csv"
    _, rows = _rows(path)
    value = rows[9]["title"] + "  "
    return [_set_cell(path, "title", value, 10) + ": "]


@case
def duplicate_summit(root: Path) -> list[str]:
    return [_append_copy_of_row(root / "events/summits.csv", "summit_id")]


@case
def duplicate_source(root: Path) -> list[str]:
    return [_append_copy_of_row(root / "events/sources.csv", "source_id", 2)]


@case
def duplicate_membership(root: Path) -> list[str]:
    path = root / "events/memberships.csv"
    fields, rows = _rows(path)
    rows.append(dict(rows[0]))
    _write_rows(path, fields, rows)
    return [f"events/memberships.csv row {len(rows)}, institution_id+member+role+start_date"]


@case
def incidents_without_lat(root: Path) -> list[str]:
    return [_drop_column(root / "events/incidents.csv", "lat")]


@case
def sources_without_title(root: Path) -> list[str]:
    return [_drop_column(root / "events/sources.csv", "title")]


@case
def header_with_trailing_space(root: Path) -> list[str]:
    path = root / "events/summits.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title,", "title ,", 1), encoding="utf-8")
    return ["events/summits.csv: column 'title ' has leading or trailing whitespace"]


@case
def header_column_twice(root: Path) -> list[str]:
    path = root / "events/entities.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("note", "name", 1), encoding="utf-8")
    return ["events/entities.csv: column 'name' appears twice"]


@case
def summits_header_only(root: Path) -> list[str]:
    return [_header_only(root / "events/summits.csv")]


@case
def incidents_header_only(root: Path) -> list[str]:
    return [_header_only(root / "events/incidents.csv")]


@case
def memberships_header_only(root: Path) -> list[str]:
    return [_header_only(root / "events/memberships.csv")]


@case
def institutions_empty_file(root: Path) -> list[str]:
    (root / "events/institutions.csv").write_bytes(b"")
    return ["events/institutions.csv: missing column(s) institution_id"]


@case
def entities_missing(root: Path) -> list[str]:
    (root / "events/entities.csv").unlink()
    return ["events/entities.csv: file is missing"]


@case
def sources_latin1(root: Path) -> list[str]:
    path = root / "events/sources.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-8") + "Ä".encode("latin-1"))
    return ["events/sources.csv: not UTF-8 text"]


@case
def row_with_extra_cell(root: Path) -> list[str]:
    path = root / "events/institutions.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\r\n") + ",surplus\n"
    path.write_text("".join(lines), encoding="utf-8")
    return ["events/institutions.csv row 2: has more cells than the header"]


@case
def role_not_in_enum(root: Path) -> list[str]:
    where = _set_cell(root / "events/memberships.csv", "role", "boss", 5)
    return [where + ": 'boss' is not one of"]


@case
def summit_id_breaks_pattern(root: Path) -> list[str]:
    where = _set_cell(root / "events/summits.csv", "summit_id", "APEC 1989", 1)
    return [where + ": 'APEC 1989' does not match the pattern"]


@case
def unknown_institution(root: Path) -> list[str]:
    where = _set_cell(root / "events/memberships.csv", "institution_id", "no-such-body", 9)
    return [where + ": 'no-such-body' is not a institution_id in institutions"]


@case
def unknown_dispute(root: Path) -> list[str]:
    path = root / "events/incidents.csv"
    row = _first_row(path, "dispute_id", bool)
    return [_set_cell(path, "dispute_id", "atlantis", row) + ": 'atlantis' is not a dispute"]


@case
def summit_ends_before_it_starts(root: Path) -> list[str]:
    path = root / "events/summits.csv"
    row = _first_row(path, "end_date", lambda v: len(v) == 10 and not v.startswith("1989"))
    _, rows = _rows(path)
    start = rows[row - 1]["start_date"]
    earlier = f"{int(start[:4]) - 1}"
    return [_set_cell(path, "end_date", earlier, row) + f": '{earlier}' is before start_date"]


@case
def incidents_cut_mid_row(root: Path) -> list[str]:
    path = root / "events/incidents.csv"
    fields, rows = _rows(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    last = lines[-1]
    path.write_text("".join(lines[:-1]) + last[: last.index(",") + 1], encoding="utf-8")
    return [f"events/incidents.csv row {len(rows)}: has 2 cells, the header {len(fields)}"]


@case
def bom_on_every_events_file(root: Path) -> list[str]:
    for path in [*sorted((root / "events").glob("*.csv")), root / "events/datapackage.json"]:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return []


@case
def crlf_line_ends(root: Path) -> list[str]:
    path = root / "events/summits.csv"
    fields, rows = _rows(path)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return []


# ---------------------------------------------------------------------------- events/scenes


@case
def scene_year_0000(root: Path) -> list[str]:
    return [_set_cell(root / "events/scenes.csv", "date", "0000", 3) + ": '0000' is not a date"]


@case
def scene_date_9999(root: Path) -> list[str]:
    where = _set_cell(root / "events/scenes.csv", "date", "9999", 4)
    return [where + ": '9999' is after the latest allowed date 2013"]


@case
def scene_number_zero(root: Path) -> list[str]:
    return [_set_cell(root / "events/scenes.csv", "scene", "0", 1) + ": '0' is below the minimum 1"]


@case
def scene_numbers_with_a_gap(root: Path) -> list[str]:
    path = root / "events/scenes.csv"
    _, rows = _rows(path)
    _set_cell(path, "scene", str(len(rows) + 5), len(rows))
    return ["events/scenes.csv, scene: scenes must be numbered 1..N without gaps"]


@case
def scenes_header_only(root: Path) -> list[str]:
    return [_header_only(root / "events/scenes.csv")]


@case
def scenes_missing(root: Path) -> list[str]:
    (root / "events/scenes.csv").unlink()
    return ["events/scenes.csv: file is missing"]


@case
def scenes_undeclared(root: Path) -> list[str]:
    path = root / "events/datapackage.json"
    desc = _json(path)
    desc["resources"] = [r for r in desc["resources"] if r["name"] != "scenes"]
    _dump(path, desc)
    return ["events/datapackage.json: resource 'scenes' is not declared"]


@case
def scene_unknown_institution(root: Path) -> list[str]:
    path = root / "events/scenes.csv"
    _, rows = _rows(path)
    _set_cell(path, "institutions", "apec,no-such-body", 3)
    return [f"events/scenes.csv scene {rows[2]['scene']}, institutions: 'no-such-body'"]


@case
def scene_selects_nothing(root: Path) -> list[str]:
    path = root / "events/scenes.csv"
    _, rows = _rows(path)
    _set_cell(path, "select", "summit:apec-1066", 2)
    return [f"events/scenes.csv scene {rows[1]['scene']}, select: 'summit:apec-1066' does not"]


@case
def scene_unknown_source(root: Path) -> list[str]:
    path = root / "events/scenes.csv"
    _, rows = _rows(path)
    _set_cell(path, "source_ids", "no-such-source", 5)
    return [f"events/scenes.csv scene {rows[4]['scene']}, source_ids: 'no-such-source'"]


@case
def scene_unknown_view(root: Path) -> list[str]:
    where = _set_cell(root / "events/scenes.csv", "view", "atlantic", 6)
    return [where + ": 'atlantic' is not one of"]


@case
def scene_caption_blank(root: Path) -> list[str]:
    return [_set_cell(root / "events/scenes.csv", "caption", "", 7) + ": is required but blank"]


# ------------------------------------------------------------------- events/datapackage.json


@case
def events_descriptor_truncated(root: Path) -> list[str]:
    path = root / "events/datapackage.json"
    _truncate(path)
    return [_json_error(path)]


@case
def events_descriptor_missing(root: Path) -> list[str]:
    (root / "events/datapackage.json").unlink()
    return ["events/datapackage.json: file is missing"]


@case
def events_descriptor_without_resources(root: Path) -> list[str]:
    path = root / "events/datapackage.json"
    desc = _json(path)
    desc["resources"] = {"summits": "summits.csv"}
    _dump(path, desc)
    return ["events/datapackage.json: has no list of resources"]


@case
def events_resource_without_fields(root: Path) -> list[str]:
    path = root / "events/datapackage.json"
    desc = _json(path)
    del desc["resources"][2]["schema"]["fields"]
    _dump(path, desc)
    return [f"events/datapackage.json resource {desc['resources'][2]['name']!r}, schema"]


@case
def events_field_undeclared(root: Path) -> list[str]:
    path = root / "events/datapackage.json"
    desc = _json(path)
    summits = next(r for r in desc["resources"] if r["name"] == "summits")
    summits["schema"]["fields"] = [f for f in summits["schema"]["fields"] if f["name"] != "lat"]
    _dump(path, desc)
    return ["events/datapackage.json resource 'summits', schema: field 'lat' is not declared"]


@case
def events_resource_path_outside(root: Path) -> list[str]:
    path = root / "events/datapackage.json"
    desc = _json(path)
    desc["resources"][0]["path"] = "../../shared/institutions.csv"
    _dump(path, desc)
    name = desc["resources"][0]["name"]
    return [f"events/datapackage.json resource {name!r}, path: '../../shared/institutions.csv'"]


@case
def events_pattern_not_a_regex(root: Path) -> list[str]:
    path = root / "events/datapackage.json"
    desc = _json(path)
    field = desc["resources"][0]["schema"]["fields"][0]
    field["constraints"]["pattern"] = "^[a-z"
    _dump(path, desc)
    return [f"resource {desc['resources'][0]['name']!r}, field {field['name']!r}: pattern"]


@case
def events_foreign_key_to_nowhere(root: Path) -> list[str]:
    path = root / "events/datapackage.json"
    desc = _json(path)
    res = next(r for r in desc["resources"] if r["schema"].get("foreignKeys"))
    res["schema"]["foreignKeys"][0]["reference"]["resource"] = "nowhere"
    _dump(path, desc)
    return [f"events/datapackage.json resource {res['name']!r}, foreignKeys:"]


@case
def events_date_bound_not_a_date(root: Path) -> list[str]:
    path = root / "events/datapackage.json"
    desc = _json(path)
    summits = next(r for r in desc["resources"] if r["name"] == "summits")
    start = next(f for f in summits["schema"]["fields"] if f["name"] == "start_date")
    start["constraints"]["maximum"] = "soon"
    _dump(path, desc)
    return ["events/datapackage.json resource 'summits', field 'start_date': maximum 'soon'"]


@case
def events_latitude_declared_as_text(root: Path) -> list[str]:
    path = root / "events/datapackage.json"
    desc = _json(path)
    incidents = next(r for r in desc["resources"] if r["name"] == "incidents")
    lat = next(f for f in incidents["schema"]["fields"] if f["name"] == "lat")
    lat["type"] = "string"
    _dump(path, desc)
    return ["events/datapackage.json resource 'incidents', field 'lat': type 'string' should be"]


@case
def curation_note_latin1(root: Path) -> list[str]:
    path = sorted((root / "events/curation").glob("*.md"))[0]
    path.write_bytes(path.read_bytes() + "café".encode("latin-1"))
    return [f"events/curation/{path.name}: not UTF-8 text"]


# ------------------------------------------------------------------------------ geodata/


@case
def countries_label_lat_nan(root: Path) -> list[str]:
    where = _set_cell(root / "geodata/countries.csv", "label_lat", "NaN", 11)
    return [where + ": 'NaN' is not a finite number"]


@case
def countries_label_lon_out_of_frame(root: Path) -> list[str]:
    where = _set_cell(root / "geodata/countries.csv", "label_lon", "400", 12)
    return [where + ": '400' is above the maximum 350"]


@case
def countries_without_name(root: Path) -> list[str]:
    return [_drop_column(root / "geodata/countries.csv", "name")]


@case
def countries_duplicate_code(root: Path) -> list[str]:
    return [_append_copy_of_row(root / "geodata/countries.csv", "adm0_a3", 3)]


@case
def countries_table_header_only(root: Path) -> list[str]:
    return [_header_only(root / "geodata/countries.csv")]


@case
def countries_code_with_trailing_space(root: Path) -> list[str]:
    path = root / "geodata/countries.csv"
    _, rows = _rows(path)
    value = rows[19]["adm0_a3"] + " "
    return [_set_cell(path, "adm0_a3", value, 20) + f": {value!r} has leading or trailing"]


@case
def countries_table_missing(root: Path) -> list[str]:
    (root / "geodata/countries.csv").unlink()
    return ["geodata/countries.csv: file is missing"]


@case
def countries_table_loses_a_row(root: Path) -> list[str]:
    path = root / "geodata/countries.csv"
    fields, rows = _rows(path)
    gone = rows.pop(30)
    _write_rows(path, fields, rows)
    code = gone["adm0_a3"]
    return [
        f"static/countries.geojson: has 1 feature(s) not in geodata/countries.csv, e.g. {code!r}"
    ]


@case
def countries_table_with_bom(root: Path) -> list[str]:
    path = root / "geodata/countries.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return []


@case
def disputes_truncated(root: Path) -> list[str]:
    path = root / "geodata/disputes.geojson"
    _truncate(path, 0.7)
    return [_json_error(path)]


@case
def disputes_empty_collection(root: Path) -> list[str]:
    path = root / "geodata/disputes.geojson"
    collection = _json(path)
    collection["features"] = []
    _dump(path, collection)
    return ["geodata/disputes.geojson: has no features"]


@case
def dispute_name_without_colon(root: Path) -> list[str]:
    path = root / "geodata/disputes.geojson"
    names = _json(path)["features"][1]["properties"]["names"]
    broken = names.replace(":", " ", 2)
    return [_set_property(path, 2, "names", broken) + ": "]


@case
def dispute_one_claimant(root: Path) -> list[str]:
    path = root / "geodata/disputes.geojson"
    first = _json(path)["features"][2]["properties"]["claimants"].split(";")[0]
    return [_set_property(path, 3, "claimants", first) + f": {first!r} is not two or more codes"]


@case
def dispute_claimant_without_a_name(root: Path) -> list[str]:
    path = root / "geodata/disputes.geojson"
    claimants = _json(path)["features"][0]["properties"]["claimants"]
    _set_property(path, 1, "claimants", claimants + ";USA")
    return ["geodata/disputes.geojson feature 1, names: no name for claimant(s) USA"]


@case
def dispute_name_blank(root: Path) -> list[str]:
    path = root / "geodata/disputes.geojson"
    return [_set_property(path, 4, "name", "") + ": is required but blank"]


@case
def dispute_geometry_is_a_point(root: Path) -> list[str]:
    path = root / "geodata/disputes.geojson"

    def to_point(feature: dict) -> None:
        feature["geometry"] = {"type": "Point", "coordinates": [150.0, 20.0]}

    return [_edit_feature(path, 2, to_point) + ", geometry: 'Point' is not a Polygon"]


@case
def dispute_label_nan(root: Path) -> list[str]:
    path = root / "geodata/disputes.geojson"
    collection = _json(path)
    collection["features"][0]["properties"]["label_lat"] = float("nan")
    text = json.dumps(collection)  # writes a bare NaN
    path.write_text(text, encoding="utf-8")
    column = text.index("NaN") + 1
    return [f"geodata/disputes.geojson: not valid JSON (line 1, column {column}: NaN is not a"]


@case
def duplicate_dispute_id(root: Path) -> list[str]:
    path = root / "geodata/disputes.geojson"
    first = _json(path)["features"][0]["properties"]["dispute_id"]
    where = _set_property(path, 5, "dispute_id", first)
    return [where.replace("feature 5, dispute_id", f"feature 5, dispute_id: {first!r} repeats")]


@case
def dispute_id_with_trailing_space(root: Path) -> list[str]:
    path = root / "geodata/disputes.geojson"
    value = _json(path)["features"][3]["properties"]["dispute_id"] + " "
    return [_set_property(path, 4, "dispute_id", value) + f": {value!r} has leading or trailing"]


@case
def dispute_source_unknown(root: Path) -> list[str]:
    path = root / "geodata/disputes.geojson"
    dispute = _json(path)["features"][2]["properties"]["dispute_id"]
    _set_property(path, 3, "source_id", "no-such-source")
    return [f"geodata/disputes.geojson {dispute}, source_id: 'no-such-source' is not in"]


@case
def dispute_summary_not_text(root: Path) -> list[str]:
    path = root / "geodata/disputes.geojson"
    return [_set_property(path, 2, "summary", ["a", "list"]) + ": ['a', 'list'] is not a string"]


@case
def dispute_without_label_point(root: Path) -> list[str]:
    path = root / "geodata/disputes.geojson"
    where = _edit_feature(path, 3, lambda f: f["properties"].pop("label_lat"))
    return [where + ", label_lat: is required but blank"]


@case
def dispute_label_off_the_frame(root: Path) -> list[str]:
    path = root / "geodata/disputes.geojson"
    return [_set_property(path, 6, "label_lon", 400.5) + ": '400.5' is above the maximum 350"]


@case
def other_disputed_label_lat_text(root: Path) -> list[str]:
    path = root / "geodata/other_disputed.geojson"
    return [_set_property(path, 3, "label_lat", "north") + ": 'north' is not a number"]


@case
def chokepoint_negative_width(root: Path) -> list[str]:
    path = root / "geodata/chokepoints.geojson"
    return [_set_property(path, 9, "width_km", -3) + ": '-3' is below the minimum 0"]


@case
def chokepoint_geometry_is_a_line(root: Path) -> list[str]:
    path = root / "geodata/chokepoints.geojson"

    def to_line(feature: dict) -> None:
        feature["geometry"] = {"type": "LineString", "coordinates": feature["properties"]["axis"]}

    return [_edit_feature(path, 3, to_line) + ", geometry: 'LineString' is not a Point"]


@case
def chokepoint_without_latitude(root: Path) -> list[str]:
    path = root / "geodata/chokepoints.geojson"

    def drop_lat(feature: dict) -> None:
        feature["geometry"]["coordinates"] = feature["geometry"]["coordinates"][:1]

    return [_edit_feature(path, 4, drop_lat) + ", geometry: position"]


@case
def chokepoint_latitude_95(root: Path) -> list[str]:
    path = root / "geodata/chokepoints.geojson"

    def far_north(feature: dict) -> None:
        feature["geometry"]["coordinates"][1] = 95.0

    return [_edit_feature(path, 5, far_north) + ", geometry: position"]


@case
def chokepoint_geometry_missing(root: Path) -> list[str]:
    path = root / "geodata/chokepoints.geojson"
    return [_edit_feature(path, 6, lambda f: f.pop("geometry")) + ", geometry: None is not a Point"]


@case
def chokepoint_axis_one_position(root: Path) -> list[str]:
    path = root / "geodata/chokepoints.geojson"
    axis = _json(path)["features"][0]["properties"]["axis"][:1]
    return [_set_property(path, 1, "axis", axis) + ": needs two positions or more"]


@case
def chokepoint_axis_text(root: Path) -> list[str]:
    path = root / "geodata/chokepoints.geojson"
    return [_set_property(path, 2, "axis", "98.5,5.5 100.7,3.0") + ": '98.5,5.5 100.7,3.0' is not"]


@case
def chokepoint_without_why(root: Path) -> list[str]:
    path = root / "geodata/chokepoints.geojson"
    return [_set_property(path, 7, "why_it_matters", None) + ": is required but blank"]


@case
def chokepoint_width_text(root: Path) -> list[str]:
    path = root / "geodata/chokepoints.geojson"
    return [_set_property(path, 8, "width_km", "wide") + ": 'wide' is not a number"]


@case
def chokepoints_missing(root: Path) -> list[str]:
    (root / "geodata/chokepoints.geojson").unlink()
    return ["geodata/chokepoints.geojson: file is missing"]


@case
def other_disputed_null_coordinate(root: Path) -> list[str]:
    path = root / "geodata/other_disputed.geojson"

    def null_lon(feature: dict) -> None:
        feature["geometry"]["coordinates"][0][0][1][0] = None

    return [_edit_feature(path, 2, null_lon) + ", geometry: position"]


@case
def other_disputed_empty(root: Path) -> list[str]:
    path = root / "geodata/other_disputed.geojson"
    collection = _json(path)
    collection["features"] = []
    _dump(path, collection)
    return ["geodata/other_disputed.geojson: has no features"]


@case
def country_polygon_nul_in_name(root: Path) -> list[str]:
    path = root / "geodata/countries.geojson"
    return [_set_property(path, 9, "name", "Bad\x00name") + ": contains a control character"]


@case
def country_polygon_dropped(root: Path) -> list[str]:
    gone = _drop_feature(root / "geodata/countries.geojson", 40)
    code = _key_of(gone, "adm0_a3")
    return [
        f"geodata/countries.geojson: lacks 1 feature(s) of geodata/countries.csv, e.g. {code!r}"
    ]


@case
def country_mapcolor_out_of_range(root: Path) -> list[str]:
    path = root / "geodata/countries.geojson"
    return [_set_property(path, 3, "mapcolor7", 9) + ": '9' is above the maximum 7"]


@case
def country_ring_not_closed(root: Path) -> list[str]:
    path = root / "geodata/countries.geojson"

    def open_ring(feature: dict) -> None:
        feature["geometry"]["coordinates"][0][0].pop()

    return [_edit_feature(path, 15, open_ring) + ", geometry: has a ring that is not closed"]


@case
def geodata_descriptor_missing(root: Path) -> list[str]:
    (root / "geodata/datapackage.json").unlink()
    return ["geodata/datapackage.json: file is missing"]


@case
def geodata_descriptor_truncated(root: Path) -> list[str]:
    path = root / "geodata/datapackage.json"
    _truncate(path, 0.3)
    return [_json_error(path)]


@case
def geodata_chokepoints_undeclared(root: Path) -> list[str]:
    path = root / "geodata/datapackage.json"
    desc = _json(path)
    desc["resources"] = [r for r in desc["resources"] if r["name"] != "chokepoints"]
    _dump(path, desc)
    return ["geodata/datapackage.json: resource 'chokepoints' is not declared"]


@case
def geodata_licence_without_name(root: Path) -> list[str]:
    path = root / "geodata/datapackage.json"
    desc = _json(path)
    del desc["licenses"][0]["name"]
    _dump(path, desc)
    return ["geodata/datapackage.json, licenses: needs a list of licences, each with a name"]


@case
def geodata_descriptor_bom(root: Path) -> list[str]:
    path = root / "geodata/datapackage.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return []


# ------------------------------------------------------------------------------- static/


@case
def static_countries_missing(root: Path) -> list[str]:
    (root / "static/countries.geojson").unlink()
    return ["static/countries.geojson: file is missing"]


@case
def static_countries_truncated(root: Path) -> list[str]:
    path = root / "static/countries.geojson"
    _truncate(path, 0.6)
    return [_json_error(path)]


@case
def static_countries_empty_file(root: Path) -> list[str]:
    (root / "static/countries.geojson").write_bytes(b"")
    return ["static/countries.geojson: file is empty"]


@case
def static_countries_no_features(root: Path) -> list[str]:
    path = root / "static/countries.geojson"
    collection = _json(path)
    collection["features"] = []
    _dump(path, collection)
    return ["static/countries.geojson: has no features"]


@case
def static_countries_not_a_collection(root: Path) -> list[str]:
    path = root / "static/countries.geojson"
    _dump(path, _json(path)["features"][:3])
    return ["static/countries.geojson: not a GeoJSON FeatureCollection"]


@case
def static_countries_loses_one(root: Path) -> list[str]:
    gone = _drop_feature(root / "static/countries.geojson", 100)
    code = _key_of(gone, "adm0_a3")
    return [f"static/countries.geojson: lacks 1 feature(s) of geodata/countries.csv, e.g. {code!r}"]


@case
def static_countries_out_of_order(root: Path) -> list[str]:
    path = root / "static/countries.geojson"
    collection = _json(path)
    features = collection["features"]
    features[5], features[6] = features[6], features[5]
    _dump(path, collection)
    return [f"static/countries.geojson feature 6, i: {features[5]['properties']['i']!r} should"]


@case
def static_countries_point_geometry(root: Path) -> list[str]:
    path = root / "static/countries.geojson"

    def to_point(feature: dict) -> None:
        feature["geometry"] = {"type": "Point", "coordinates": [100.0, 10.0]}

    return [_edit_feature(path, 50, to_point) + ", geometry: 'Point' is not a Polygon"]


@case
def static_countries_null_coordinate(root: Path) -> list[str]:
    path = root / "static/countries.geojson"

    def null_lat(feature: dict) -> None:
        feature["geometry"]["coordinates"][0][0][2][1] = None

    return [_edit_feature(path, 77, null_lat) + ", geometry: position"]


@case
def static_countries_nul_byte(root: Path) -> list[str]:
    path = root / "static/countries.geojson"
    return [_set_property(path, 12, "adm0_a3", "A\x00B") + ": contains a control character"]


@case
def static_countries_with_bom(root: Path) -> list[str]:
    path = root / "static/countries.geojson"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return []


@case
def static_disputes_missing(root: Path) -> list[str]:
    (root / "static/disputes.geojson").unlink()
    return ["static/disputes.geojson: file is missing"]


@case
def static_disputes_lose_one(root: Path) -> list[str]:
    gone = _drop_feature(root / "static/disputes.geojson", 3)
    code = _key_of(gone, "dispute_id")
    return [
        f"static/disputes.geojson: lacks 1 feature(s) of geodata/disputes.geojson, e.g. {code!r}"
    ]


@case
def static_other_disputed_truncated(root: Path) -> list[str]:
    path = root / "static/other_disputed.geojson"
    _truncate(path, 0.9)
    return [_json_error(path)]


@case
def static_other_disputed_not_utf8(root: Path) -> list[str]:
    path = root / "static/other_disputed.geojson"
    path.write_bytes(b"\xff\xfe" + path.read_bytes())
    return ["static/other_disputed.geojson: not UTF-8 text"]


# The derived files (timeline marks, map points) are never trusted: a copy that differs from
# what the validated data gives is not used, and that data is sent inline (apac.served). Their
# corruption is not an error to show but a fallback the log names.
SERVED_FALLBACKS = {
    "static_timeline_truncated": ("timeline.csv", lambda p: _truncate(p, 0.5)),
    "static_dispute_points_missing": ("dispute_points.json", lambda p: p.unlink()),
    "static_chokepoint_points_nul": (
        "chokepoint_points.json",
        lambda p: p.write_bytes(p.read_bytes().replace(b"Malacca", b"Mal\x00acca")),
    ),
}


# ----------------------------------------------------------------------------------- running


@pytest.fixture()
def broken_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Copies of events/, geodata/ and static/, with the loaders pointed at them."""
    for name, source in (("events", EVENTS), ("geodata", GEODATA), ("static", STATIC)):
        shutil.copytree(source, tmp_path / name)
    monkeypatch.setenv("APAC_EVENTS_DIR", str(tmp_path / "events"))
    monkeypatch.setenv("APAC_GEODATA_DIR", str(tmp_path / "geodata"))
    monkeypatch.setenv("APAC_STATIC_DIR", str(tmp_path / "static"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield tmp_path
    st.cache_data.clear()
    st.cache_resource.clear()


def load_as_the_pages_do() -> dict[str, str | None]:
    """Every loader a page calls, in the pages' order; returns the served URLs."""
    ui.record()
    ui.scenes()
    ui.geodata_descriptor()
    ui.other_disputed()
    curation_documents()
    return ui.served_urls()


def test_the_corpus_is_big_enough():
    assert len(CASES) + len(SERVED_FALLBACKS) >= 60


@pytest.mark.parametrize("name", sorted(CASES))
def test_corruption_is_named(name: str, broken_copy: Path):
    expected = CASES[name](broken_copy)
    if not expected:
        load_as_the_pages_do()  # a harmless variant (BOM, CRLF) loads as it is
        return
    with pytest.raises(data.DataError) as info:
        load_as_the_pages_do()
    problems = info.value.problems
    for text in expected:
        assert any(text in p for p in problems), (text, problems[:5])


@pytest.mark.parametrize("name", sorted(SERVED_FALLBACKS))
def test_corrupt_served_file_is_never_used(name: str, broken_copy: Path, caplog):
    file_name, mutate = SERVED_FALLBACKS[name]
    mutate(broken_copy / "static" / file_name)
    with caplog.at_level(logging.WARNING, logger="apac.ui"):
        urls = load_as_the_pages_do()
    assert urls[file_name] is None  # the page sends the validated data inline instead
    assert all(url is not None for other, url in urls.items() if other != file_name)
    assert file_name in caplog.text


# ------------------------------------------------------------- the pages show it, as a message

#: One case of each kind of file, on a page that reads it: the page shows the message.
PAGE_CASES = [
    ("summits_header_only", "pages/institutions.py"),
    ("events_descriptor_truncated", "pages/explore.py"),
    ("scene_date_9999", "pages/briefing.py"),
    ("countries_label_lat_nan", "pages/disputes.py"),
    ("dispute_name_without_colon", "pages/disputes.py"),
    ("chokepoint_geometry_is_a_line", "pages/chokepoints.py"),
    ("geodata_descriptor_missing", "pages/sources.py"),
    ("curation_note_latin1", "pages/sources.py"),
    ("static_countries_truncated", "pages/explore.py"),
]


@pytest.mark.parametrize(("name", "page"), PAGE_CASES, ids=[c[0] for c in PAGE_CASES])
def test_the_page_shows_the_message(name: str, page: str, broken_copy: Path):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    expected = CASES[name](broken_copy)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    if page != "pages/explore.py":
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert "did not pass validation" in at.error[0].value
    shown = "\n".join(block.value for block in at.code)
    for text in expected:
        assert text in shown, (text, shown[:500])


# ----------------------------------------------------------------- the app stays in its folder

_OPENED: list[str] = []
_WATCHING: list[bool] = []


def _audit(event: str, args: tuple) -> None:
    watched = _WATCHING and event in ("open", "os.listdir", "os.scandir") and args
    if watched and isinstance(args[0], (str, bytes, Path)):
        _OPENED.append(os.fsdecode(args[0]))


def test_the_running_app_never_reads_shared():
    """Every page, run on the bundled data, opens nothing under ../shared (CI has one there)."""
    import sys

    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    sys.addaudithook(_audit)  # stays installed, but records only while _WATCHING is set
    shared = (ROOT.parent / "shared").resolve()
    st.cache_data.clear()
    st.cache_resource.clear()
    _OPENED.clear()
    _WATCHING.append(True)
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        for page in ("disputes", "chokepoints", "briefing", "institutions", "sources"):
            at.switch_page(f"pages/{page}.py").run()
            assert not at.exception, (page, [e.message for e in at.exception])
    finally:
        _WATCHING.clear()
        st.cache_data.clear()
        st.cache_resource.clear()
    opened = {Path(p).resolve() for p in _OPENED if p}
    assert any(p.is_relative_to(ROOT / "events") for p in opened)  # the hook saw the reads
    assert any(p.is_relative_to(ROOT / "static") for p in opened)
    assert not [p for p in opened if p.is_relative_to(shared)]
