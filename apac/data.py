"""Read and validate every bundled data file at one boundary; errors name file, row, column."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from apac.dates import PartialDate
from apac.paths import events_dir, geodata_dir, static_dir


class DataError(Exception):
    """A bundled data file is missing or malformed; the message says where and why."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        head = problems[0] if problems else "unknown data problem"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(head + more)


# ------------------------------------------------------------------------------ reading files

#: Control characters (C0 but tab, newline, carriage return; DEL; C1) never belong in the data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

#: The Pacific-centred frame every geodata/ and static/ coordinate lies in (lon, lat).
FRAME = ((-30.0, 350.0), (-90.0, 90.0))


def _read_text(path: Path, label: str) -> str:
    """A file's text, UTF-8 with or without a byte-order mark; DataError if missing or not text."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([f"{label}: file is missing"]) from None
    except OSError as exc:
        raise DataError([f"{label}: cannot be read ({exc.strerror})"]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError([f"{label}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None


def _read_json(path: Path, label: str) -> object:
    text = _read_text(path, label)
    if not text.strip():
        raise DataError([f"{label}: file is empty"])
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise DataError(
            [f"{label}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]
        ) from None
    except ValueError as exc:  # NaN / Infinity, which JSON does not have
        name = str(exc).split()[0]
        at = re.search(rf"[:,\[\s]-?{name}\b", text)
        where = ""
        if at:
            line = text.count("\n", 0, at.start() + 1) + 1
            column = at.start() + 1 - (text.rfind("\n", 0, at.start() + 1) + 1) + 1
            where = f"line {line}, column {column}: "
        raise DataError([f"{label}: not valid JSON ({where}{exc})"]) from None


def _no_constant(name: str) -> float:
    raise ValueError(f"{name.lstrip('-')} is not a JSON number")


def _text_problem(value: str) -> str | None:
    """Why a text value cannot be used as it stands (control character, stray whitespace)."""
    bad = _CONTROL.search(value)
    if bad:
        return f"contains a control character (U+{ord(bad.group()):04X})"
    if value != value.strip():
        return f"{value!r} has leading or trailing whitespace"
    return None


# ------------------------------------------------------------------------------- descriptors

#: Resources the app reads, and the fields of each that the code relies on.
EVENTS_FIELDS: dict[str, tuple[str, ...]] = {
    "institutions": (
        "institution_id", "name", "short_name", "founded", "dimension", "scope", "summary",
        "source_id",
    ),
    "memberships": (
        "institution_id", "member", "role", "start_date", "end_date", "source_id", "note",
    ),
    "summits": (
        "summit_id", "institution_id", "title", "start_date", "end_date", "city", "host", "lat",
        "lon", "source_id", "note",
    ),
    "incidents": (
        "event_id", "dispute_id", "kind", "date", "title", "place", "lat", "lon", "summary",
        "source_id",
    ),
    "sources": ("source_id", "title", "author", "publisher", "year", "url", "accessed"),
    "entities": ("code", "name", "apec_name", "kind", "note"),
    "scenes": (
        "scene", "title", "date", "institutions", "layers", "view", "select", "caption",
        "source_ids",
    ),
}  # fmt: skip
GEODATA_FIELDS: dict[str, tuple[str, ...]] = {
    "countries": ("adm0_a3", "name"),
    "countries-table": ("adm0_a3", "name", "label_lon", "label_lat"),
    "disputes": (
        "dispute_id", "name", "claimants", "administered_by", "names", "summary", "label_lon",
        "label_lat", "source_id",
    ),
    "other-disputed": ("ne_brk_a3", "name", "ne_note"),
    "chokepoints": (
        "chokepoint_id", "name", "alt_names", "width_km", "connects", "why_it_matters",
        "source_id", "note", "axis",
    ),
}  # fmt: skip


#: Fields the code reads as numbers, lists or partial dates, wherever a descriptor declares them.
_FIELD_TYPES = {
    "lat": "number", "lon": "number", "label_lon": "number", "label_lat": "number",
    "width_km": "number", "year": "integer", "scene": "integer", "mapcolor7": "integer",
    "axis": "array",
}  # fmt: skip
_DATE_FIELDS = {"founded", "start_date", "end_date", "date", "accessed"}


def _descriptor(path: Path, label: str, required: dict[str, tuple[str, ...]]) -> dict:
    """Read a datapackage.json and check the structure the loader and the app rely on."""
    desc = _read_json(path, label)
    if not isinstance(desc, dict) or not isinstance(desc.get("resources"), list):
        raise DataError([f"{label}: has no list of resources"])
    problems: list[str] = []
    names: dict[str, dict] = {}
    for n, res in enumerate(desc["resources"], start=1):
        where = f"{label} resource {n}"
        if not isinstance(res, dict) or not isinstance(res.get("name"), str):
            problems.append(f"{where}: has no name")
            continue
        where = f"{label} resource {res['name']!r}"
        path_ = res.get("path")
        if (
            not isinstance(path_, str)
            or not re.fullmatch(r"[A-Za-z0-9_.-]+", path_)
            or (path_.startswith("."))
        ):
            problems.append(f"{where}, path: {path_!r} is not a file name in this folder")
            continue
        schema = res.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        if not isinstance(fields, list) or not all(
            isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields
        ):
            problems.append(f"{where}, schema: needs a list of fields, each with a name")
            continue
        problems += [
            f"{where}, field {f['name']!r}: {p}" for f in fields for p in _spec_problems(f)
        ]
        declared = [f["name"] for f in fields]
        problems += [
            f"{where}, schema: field {dup!r} is declared twice"
            for dup in sorted({d for d in declared if declared.count(d) > 1})
        ]
        problems += [
            f"{where}, schema: field {need!r} is not declared (the app reads it)"
            for need in required.get(res["name"], ())
            if need not in declared
        ]
        keys = _as_list(schema.get("primaryKey"))
        problems += [
            f"{where}, primaryKey: {k!r} is not a field" for k in keys if k not in declared
        ]
        names[res["name"]] = res
    problems += [
        f"{label}: resource {name!r} is not declared (the app reads it)"
        for name in required
        if name not in names
    ]
    licences = desc.get("licenses", [])
    if not isinstance(licences, list) or not all(
        isinstance(lic, dict) and isinstance(lic.get("name"), str) for lic in licences
    ):
        problems.append(f"{label}, licenses: needs a list of licences, each with a name")
    notes = desc.get("x_curation_notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        problems.append(f"{label}, x_curation_notes: needs a list of texts")
    if not problems:
        problems += _foreign_key_declaration_problems(label, names)
    if problems:
        raise DataError(problems)
    return desc


def _spec_problems(spec: dict) -> list[str]:
    cons = spec.get("constraints", {})
    if not isinstance(cons, dict):
        return ["constraints must be an object"]
    out = []
    name, ftype = spec["name"], spec.get("type", "string")
    if name in _FIELD_TYPES and ftype != _FIELD_TYPES[name]:
        out.append(f"type {ftype!r} should be {_FIELD_TYPES[name]!r} (the app reads it so)")
    if name in _DATE_FIELDS and spec.get("format") != PARTIAL_DATE:
        out.append(f"format {spec.get('format')!r} should be {PARTIAL_DATE!r}")
    if "pattern" in cons:
        try:
            re.compile(cons["pattern"])
        except (re.error, TypeError):
            out.append(f"pattern {cons['pattern']!r} is not a regular expression")
    if "enum" in cons and not isinstance(cons["enum"], list):
        out.append("enum must be a list")
    for bound in ("minimum", "maximum"):
        if bound not in cons:
            continue
        value = cons[bound]
        if spec.get("format") == PARTIAL_DATE:
            try:
                PartialDate.parse(str(value))
            except ValueError:
                out.append(f"{bound} {value!r} is not a date")
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            out.append(f"{bound} {value!r} is not a number")
    return out


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _foreign_key_declaration_problems(label: str, resources: dict[str, dict]) -> list[str]:
    out = []
    for name, res in resources.items():
        own = {f["name"] for f in res["schema"]["fields"]}
        for fk in res["schema"].get("foreignKeys", []):
            ref = fk.get("reference") if isinstance(fk, dict) else None
            if not isinstance(ref, dict):
                out.append(f"{label} resource {name!r}, foreignKeys: needs fields and a reference")
                continue
            target = resources.get(ref.get("resource") or name)
            theirs = {f["name"] for f in target["schema"]["fields"]} if target else set()
            mine, other = _as_list(fk.get("fields")), _as_list(ref.get("fields"))
            if (
                target is None
                or not mine
                or len(mine) != len(other)
                or not set(mine) <= own
                or not set(other) <= theirs
            ):
                out.append(
                    f"{label} resource {name!r}, foreignKeys: {mine!r} -> "
                    f"{ref.get('resource')!r} {other!r} does not resolve"
                )
    return out


def read_geodata_descriptor(geodata: Path | None = None) -> dict:
    """geodata/datapackage.json, checked: every resource the app reads, with its fields."""
    geodata = geodata or geodata_dir()
    return _descriptor(geodata / "datapackage.json", "geodata/datapackage.json", GEODATA_FIELDS)


def _resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


# --------------------------------------------------------------------------------------- geodata


def _read_geojson(path: Path, label: str) -> list[dict]:
    """The features of a GeoJSON FeatureCollection; DataError unless it has at least one."""
    data = _read_json(path, label)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DataError([f"{label}: not a GeoJSON FeatureCollection"])
    features = data.get("features")
    if not isinstance(features, list):
        raise DataError([f"{label}: not a GeoJSON FeatureCollection (no list of features)"])
    if not features:
        raise DataError([f"{label}: has no features"])
    return features


def _geometry_problem(geom: object, kinds: tuple[str, ...]) -> str | None:
    """Why a geometry is not one of `kinds` with finite coordinates in the frame, or None."""
    if not isinstance(geom, dict) or geom.get("type") not in kinds:
        found = geom.get("type") if isinstance(geom, dict) else geom
        return f"{found!r} is not a {' or '.join(kinds)}"
    depth = {"Point": 0, "LineString": 1, "Polygon": 2, "MultiPolygon": 3}[geom["type"]]
    return _coordinates_problem(geom.get("coordinates"), depth)


def _coordinates_problem(coords: object, depth: int) -> str | None:
    """Depth 1: a list of positions (a line or a ring); 2: a polygon's rings; 3: polygons."""
    if depth == 0:
        return _position_problem(coords)
    if not isinstance(coords, list) or not coords:
        return "has an empty or malformed coordinate list"
    if depth == 1:
        return _positions_problem(coords)
    for part in coords:
        if depth == 2 and (
            not isinstance(part, list) or len(part) < 4 or part[0] != part[-1]
        ):  # a polygon's ring: closed, four positions or more
            return "has a ring that is not closed or has fewer than four positions"
        problem = _coordinates_problem(part, depth - 1)
        if problem:
            return problem
    return None


def _positions_problem(positions: list) -> str | None:
    """A list of [lon, lat] positions, checked at once (a country has thousands)."""
    try:
        arr = np.asarray(positions, dtype=float)
    except (ValueError, TypeError):
        arr = None
    if arr is None or arr.ndim != 2 or arr.shape[1] != 2:
        bad = next((p for p in positions if _position_problem(p)), positions[0])
        return _position_problem(bad) or f"position {bad!r} is not [longitude, latitude]"
    (lon_min, lon_max), (lat_min, lat_max) = FRAME
    lon, lat = arr[:, 0], arr[:, 1]
    ok = np.isfinite(arr).all(axis=1) & (lon >= lon_min) & (lon <= lon_max)
    ok &= (lat >= lat_min) & (lat <= lat_max)
    if not ok.all():
        return _position_problem(positions[int(np.argmin(ok))])
    return None


def _position_problem(pos: object) -> str | None:
    (lon_min, lon_max), (lat_min, lat_max) = FRAME
    if (
        not isinstance(pos, list)
        or len(pos) != 2
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pos)
    ):
        return f"position {pos!r} is not [longitude, latitude]"
    lon, lat = pos
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return f"position {pos!r} is not finite"
    if not (lon_min <= lon <= lon_max and lat_min <= lat <= lat_max):
        return (
            f"position {pos!r} is outside the frame (longitude {lon_min:g}..{lon_max:g}, "
            f"latitude {lat_min:g}..{lat_max:g})"
        )
    return None


def _property_problem(value: object, spec: dict) -> str | None:
    """Why a GeoJSON property breaks its declared field, or None (JSON types, then the text)."""
    ftype = spec.get("type", "string")
    if value is None or value == "":
        return _check_value("", spec)
    if ftype == "array":
        return None if isinstance(value, list) else f"{value!r} is not a list"
    if isinstance(value, (bool, list, dict)):
        return f"{value!r} is not a {ftype}"
    if isinstance(value, (int, float)):
        if ftype not in ("number", "integer"):
            return f"{value!r} is not text"
        if ftype == "integer" and not float(value).is_integer():
            return f"{value!r} is not a whole number"
        return _check_value(repr(value), spec)
    return _text_problem(value) or _check_value(value, spec)


def _features_frame(
    features: list[dict], label: str, resource: dict, kinds: tuple[str, ...]
) -> pd.DataFrame:
    """Validate every feature (properties against the schema, geometry); one row per feature."""
    fields = resource["schema"]["fields"]
    rows, problems = [], []
    for i, feat in enumerate(features, start=1):
        where = f"{label} feature {i}"
        if not isinstance(feat, dict) or not isinstance(feat.get("properties"), dict):
            problems.append(f"{where}: not a GeoJSON feature with properties")
            continue
        props = feat["properties"]
        for spec in fields:
            reason = _property_problem(props.get(spec["name"]), spec)
            if reason:
                problems.append(f"{where}, {spec['name']}: {reason}")
        reason = _geometry_problem(feat.get("geometry"), kinds)
        if reason:
            problems.append(f"{where}, geometry: {reason}")
        rows.append(props)
    if problems:
        raise DataError(problems)
    key = _as_list(resource["schema"].get("primaryKey"))
    problems += _duplicates(
        [{k: str(r.get(k, "")) for k in key} for r in rows], key, label, noun="feature"
    )
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame(rows, columns=list(dict.fromkeys([f["name"] for f in fields])))
    return frame.set_index(key[0], drop=False) if len(key) == 1 else frame


_AREAS = ("Polygon", "MultiPolygon")


def _geodata_layer(name: str, geodata: Path | None, kinds: tuple[str, ...]) -> pd.DataFrame:
    geodata = geodata or geodata_dir()
    res = _resource(read_geodata_descriptor(geodata), name)
    label = f"geodata/{res['path']}"
    return _features_frame(_read_geojson(geodata / res["path"], label), label, res, kinds)


def read_countries(geodata: Path | None = None) -> pd.DataFrame:
    """One row per country/economy feature (ADM0_A3, names, label point)."""
    geodata = geodata or geodata_dir()
    res = _resource(read_geodata_descriptor(geodata), "countries-table")
    label = f"geodata/{res['path']}"
    header, rows = _read_table(geodata / res["path"], label)
    problems = _table_problems(label, header, rows, res["schema"])
    if problems:
        raise DataError(problems)
    frame = _frame(rows, res["schema"]["fields"], "adm0_a3")
    frame["label_lon"] = frame["label_lon"].astype(float)
    frame["label_lat"] = frame["label_lat"].astype(float)
    return frame


def read_map_layers(
    countries: pd.DataFrame, geodata: Path | None = None, static: Path | None = None
) -> dict[str, int]:
    """Check the polygon files the browser draws against the countries table and geodata/.

    geodata/countries.geojson must hold the same countries as countries.csv, and each static/
    copy the browser fetches must match its geodata/ original key for key (static/countries
    .geojson also in order, since colours are sent by position `i`). Returns feature counts.
    """
    geodata, static = geodata or geodata_dir(), static or static_dir()
    descriptor = read_geodata_descriptor(geodata)
    problems: list[str] = []
    counts: dict[str, int] = {}
    codes = list(countries.index)
    for name, static_name in (
        ("countries", "countries.geojson"),
        ("disputes", "disputes.geojson"),
        ("other-disputed", "other_disputed.geojson"),
    ):
        res = _resource(descriptor, name)
        glabel = f"geodata/{res['path']}"
        original = _features_frame(
            _read_geojson(geodata / res["path"], glabel), glabel, res, _AREAS
        )
        slabel = f"static/{static_name}"
        features = _read_geojson(static / static_name, slabel)
        served = _features_frame(features, slabel, _served_resource(res), _AREAS)
        if name == "countries":
            problems += _same_keys(glabel, list(original.index), "geodata/countries.csv", codes)
            problems += _same_keys(slabel, list(served.index), "geodata/countries.csv", codes)
            for i, feat in enumerate(features, start=1):
                if feat["properties"].get("i") != i - 1:
                    problems.append(
                        f"{slabel} feature {i}, i: {feat['properties'].get('i')!r} "
                        f"should be {i - 1} (the feature's position)"
                    )
                    break
        else:
            problems += _same_keys(slabel, list(served.index), glabel, list(original.index))
        counts[slabel] = len(served)
    if problems:
        raise DataError(problems)
    return counts


def _served_resource(res: dict) -> dict:
    """The static/ copy's schema: the geodata resource's, with mapcolor7 renamed `mc`."""
    fields = [
        f if f["name"] != "mapcolor7" else {**f, "name": "mc"} for f in res["schema"]["fields"]
    ]
    return {**res, "schema": {**res["schema"], "fields": fields}}


def _same_keys(label: str, keys: list, other_label: str, other: list) -> list[str]:
    missing = [k for k in other if k not in set(keys)]
    extra = [k for k in keys if k not in set(other)]
    out = []
    if missing:
        out.append(
            f"{label}: lacks {len(missing)} feature(s) of {other_label}, e.g. {missing[0]!r}"
        )
    if extra:
        out.append(f"{label}: has {len(extra)} feature(s) not in {other_label}, e.g. {extra[0]!r}")
    return out


def read_disputes(geodata: Path | None = None) -> pd.DataFrame:
    """The covered disputes: claimants and administrators as lists, names as a list of dicts."""
    frame = _geodata_layer("disputes", geodata, _AREAS)
    problems = []
    for i, row in enumerate(frame.itertuples(), start=1):
        where = f"geodata/disputes.geojson feature {i}"
        claimants = row.claimants.split(";")
        if len(claimants) < 2 or not all(re.fullmatch(r"[A-Z]{3}", c) for c in claimants):
            problems.append(
                f"{where}, claimants: {row.claimants!r} is not two or more codes joined by ';'"
            )
        try:
            names = parse_dispute_names(row.names or "")
        except ValueError as exc:
            problems.append(f"{where}, names: {exc}")
            continue
        unnamed = [c for c in claimants if c not in {n["claimant"] for n in names}]
        if unnamed:
            problems.append(f"{where}, names: no name for claimant(s) {', '.join(unnamed)}")
    if problems:
        raise DataError(problems)
    frame["claimant_list"] = frame["claimants"].str.split(";")
    frame["name_list"] = frame["names"].map(parse_dispute_names)
    return frame


def read_other_disputed(geodata: Path | None = None) -> pd.DataFrame:
    return _geodata_layer("other-disputed", geodata, _AREAS)


def read_chokepoints(geodata: Path | None = None) -> pd.DataFrame:
    """Chokepoints with point coordinates (Pacific-centred) and the axis line."""
    geodata = geodata or geodata_dir()
    res = _resource(read_geodata_descriptor(geodata), "chokepoints")
    label = f"geodata/{res['path']}"
    features = _read_geojson(geodata / res["path"], label)
    frame = _features_frame(features, label, res, ("Point",))
    problems = []
    for i, axis in enumerate(frame["axis"], start=1):
        reason = _coordinates_problem(axis, 1)
        if reason is None and len(axis) < 2:
            reason = "needs two positions or more"
        if reason:
            problems.append(f"{label} feature {i}, axis: {reason}")
    if problems:
        raise DataError(problems)
    frame["lon"] = [f["geometry"]["coordinates"][0] for f in features]
    frame["lat"] = [f["geometry"]["coordinates"][1] for f in features]
    return frame


def parse_dispute_names(text: str) -> list[dict]:
    """'JPN:ja:尖閣諸島 (Senkaku-shotō) | CHN:...' -> [{'claimant','lang','name'}, ...].

    Raises ValueError naming the part that is not CLAIMANT:lang:name.
    """
    out = []
    for chunk in str(text).split(" | "):
        parts = chunk.split(":", 2)
        if len(parts) != 3 or not all(p.strip() for p in parts):
            raise ValueError(f"{chunk!r} is not CLAIMANT:language:name")
        code, lang, name = parts
        out.append({"claimant": code.strip(), "lang": lang.strip(), "name": name.strip()})
    return out


# ---------------------------------------------------------------------------------------- events

PARTIAL_DATE = "partial-date"


@dataclass(frozen=True)
class Record:
    """Every curated events/ table, validated, keyed and typed."""

    institutions: pd.DataFrame
    memberships: pd.DataFrame
    summits: pd.DataFrame
    incidents: pd.DataFrame
    sources: pd.DataFrame
    entities: pd.DataFrame
    descriptor: dict
    scenes: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: The energy layer (read_energy adds `path`: [[lon, lat], ...] in the Pacific frame).
    energy: pd.DataFrame = field(default_factory=pd.DataFrame)


def read_descriptor(events: Path | None = None) -> dict:
    """events/datapackage.json, checked: every resource the app reads, with its fields."""
    events = events or events_dir()
    return _descriptor(events / "datapackage.json", "events/datapackage.json", EVENTS_FIELDS)


def _read_table(path: Path, label: str) -> tuple[list[str], list[dict]]:
    """A CSV file's header and rows (UTF-8, with or without a byte-order mark)."""
    text = _read_text(path, label)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = list(reader)
        header = list(reader.fieldnames or [])
    except csv.Error as exc:
        raise DataError([f"{label}: not readable CSV ({exc})"]) from None
    return header, rows


def _check_value(value: str, field: dict) -> str | None:
    """Reason the value breaks the field's type or constraints, or None."""
    cons = field.get("constraints", {})
    if value == "":
        return "is required but blank" if cons.get("required") else None
    ftype = field.get("type", "string")
    if field.get("format") == PARTIAL_DATE:
        try:
            when = PartialDate.parse(value)
        except ValueError:
            return f"{value!r} is not a date"
        if "minimum" in cons and when.first < PartialDate.parse(str(cons["minimum"])).first:
            return f"{value!r} is before the earliest allowed date {cons['minimum']}"
        if "maximum" in cons and when.last > PartialDate.parse(str(cons["maximum"])).last:
            return f"{value!r} is after the latest allowed date {cons['maximum']}"
    elif ftype in ("number", "integer"):
        if ftype == "integer" and not re.fullmatch(r"-?\d+", value):
            return f"{value!r} is not a whole number"
        try:
            number = float(value)
        except ValueError:
            return f"{value!r} is not a number"
        if not math.isfinite(number):
            return f"{value!r} is not a finite number"
        if "minimum" in cons and number < cons["minimum"]:
            return f"{value!r} is below the minimum {cons['minimum']}"
        if "maximum" in cons and number > cons["maximum"]:
            return f"{value!r} is above the maximum {cons['maximum']}"
    if "enum" in cons and value not in cons["enum"]:
        return f"{value!r} is not one of {', '.join(map(str, cons['enum']))}"
    if "pattern" in cons and not re.fullmatch(cons["pattern"], value):
        return f"{value!r} does not match the pattern {cons['pattern']}"
    return None


def _table_problems(label: str, header: list[str], rows: list[dict], schema: dict) -> list[str]:
    """Every problem of one CSV table against its schema: header, each cell, keys."""
    fields = schema["fields"]
    problems = [
        f"{label}: column {name!r} has leading or trailing whitespace"
        for name in header
        if name != name.strip()
    ]
    problems += [
        f"{label}: column {name!r} appears twice"
        for name in sorted({h for h in header if header.count(h) > 1})
    ]
    missing = [f["name"] for f in fields if f["name"] not in header]
    if missing:
        problems.append(f"{label}: missing column(s) {', '.join(missing)}")
    if problems:
        return problems
    if not rows:
        return [f"{label}: has a header but no rows"]
    for r, row in enumerate(rows, start=1):
        if None in row:  # more cells than header columns
            problems.append(f"{label} row {r}: has more cells than the header")
            continue
        if None in row.values():  # fewer: a cut line, e.g. a truncated file
            cells = sum(v is not None for v in row.values())
            problems.append(f"{label} row {r}: has {cells} cells, the header {len(header)}")
            continue
        for spec in fields:
            value = row.get(spec["name"]) or ""
            reason = _text_problem(value) or _check_value(value, spec)
            if reason:
                problems.append(f"{label} row {r}, {spec['name']}: {reason}")
    for spec in fields:
        if spec.get("constraints", {}).get("unique"):
            problems.extend(_duplicates(rows, [spec["name"]], label))
    pkey = _as_list(schema.get("primaryKey"))
    unique = {spec["name"] for spec in fields if spec.get("constraints", {}).get("unique")}
    if pkey and not (len(pkey) == 1 and pkey[0] in unique):  # else reported once above
        problems.extend(_duplicates(rows, pkey, label))
    return problems


def validate_tables(events: Path | None = None) -> tuple[dict, dict[str, list[dict]]]:
    """Validate every resource against events/datapackage.json; raise DataError on problems."""
    events = events or events_dir()
    descriptor = read_descriptor(events)
    problems: list[str] = []
    tables: dict[str, list[dict]] = {}
    for res in descriptor["resources"]:
        label = f"events/{res['path']}"
        try:
            header, rows = _read_table(events / res["path"], label)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(_table_problems(label, header, rows, res["schema"]))
        tables[res["name"]] = rows
    if problems:
        raise DataError(problems)
    for res in descriptor["resources"]:
        for fk in res["schema"].get("foreignKeys", []):
            problems.extend(_foreign_key_problems(res, fk, tables))
    problems.extend(_date_order_problems(descriptor, tables))
    problems.extend(_source_year_problems(tables))
    if problems:
        raise DataError(problems)
    return descriptor, tables


def _source_year_problems(tables: dict[str, list[dict]]) -> list[str]:
    """A source cannot have been published after the day we read it."""
    out = []
    for r, row in enumerate(tables.get("sources", []), start=1):
        if row.get("year") and row.get("accessed"):
            accessed = PartialDate.parse(row["accessed"])
            if int(row["year"]) > accessed.year:
                out.append(
                    f"events/sources.csv row {r}, year: {row['year']!r} is after the year it "
                    f"was accessed ({row['accessed']})"
                )
    return out


def _duplicates(rows: list[dict], key: list[str], label: str, noun: str = "row") -> list[str]:
    seen: dict[tuple, int] = {}
    out = []
    for r, row in enumerate(rows, start=1):
        value = tuple(row.get(k, "") for k in key)
        if value in seen:
            out.append(
                f"{label} {noun} {r}, {'+'.join(key)}: {'/'.join(value)!r} repeats {noun} "
                f"{seen[value]}"
            )
        else:
            seen[value] = r
    return out


def _foreign_key_problems(res: dict, fk: dict, tables: dict[str, list[dict]]) -> list[str]:
    fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
    ref = fk["reference"]
    ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
    target = ref.get("resource") or res["name"]
    keys = {tuple(row[f] for f in ref_fields) for row in tables[target]}
    label = f"events/{res['path']}"
    out = []
    for r, row in enumerate(tables[res["name"]], start=1):
        value = tuple(row[f] for f in fields)
        if all(v == "" for v in value):
            continue
        if value not in keys:
            out.append(
                f"{label} row {r}, {'+'.join(fields)}: {'/'.join(value)!r} "
                f"is not a {'/'.join(ref_fields)} in {target}"
            )
    return out


def _date_order_problems(descriptor: dict, tables: dict[str, list[dict]]) -> list[str]:
    out = []
    for res in descriptor["resources"]:
        names = {f["name"] for f in res["schema"]["fields"]}
        if not {"start_date", "end_date"} <= names:
            continue
        for r, row in enumerate(tables[res["name"]], start=1):
            if (
                row["start_date"]
                and row["end_date"]
                and (
                    PartialDate.parse(row["end_date"]).last
                    < PartialDate.parse(row["start_date"]).first
                )
            ):
                out.append(
                    f"events/{res['path']} row {r}, end_date: {row['end_date']!r} "
                    f"is before start_date {row['start_date']!r}"
                )
    return out


def _frame(rows: list[dict], fields: list[dict], key: str | None) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows,
        columns=[f["name"] for f in fields]
        + [c for c in (rows[0].keys() if rows else []) if c not in {f["name"] for f in fields}],
    )
    for spec in fields:
        col = spec["name"]
        if spec.get("format") == PARTIAL_DATE:
            frame[col] = frame[col].map(lambda v: PartialDate.parse(v) if v else None)
        elif spec.get("type") == "number":
            frame[col] = pd.to_numeric(frame[col].replace("", None), errors="coerce")
        elif spec.get("type") == "integer":
            frame[col] = pd.to_numeric(frame[col].replace("", None), errors="coerce").astype(
                "Int64"
            )
    if key:
        frame = frame.set_index(key, drop=False)
        frame.index.name = None
    return frame


def read_record(events: Path | None = None) -> Record:
    """Every events/ table validated against its descriptor, typed (PartialDate, floats)."""
    events = events or events_dir()
    descriptor, tables = validate_tables(events)
    frames = {}
    for res in descriptor["resources"]:
        pkey = res["schema"].get("primaryKey")
        key = pkey if isinstance(pkey, str) else (pkey[0] if pkey and len(pkey) == 1 else None)
        frames[res["name"]] = _frame(tables[res["name"]], res["schema"]["fields"], key)
    if "energy" in frames:
        frames["energy"] = read_energy(frames["energy"])
    return Record(descriptor=descriptor, **frames)


def read_energy(frame: pd.DataFrame) -> pd.DataFrame:
    """The energy table with a `path` column ([[lon, lat], ...], Pacific frame); a point has one
    pair, a line two or more, every pair inside WGS84 bounds (else DataError naming the row)."""
    from apac.geo import pacific_lon

    problems, paths = [], []
    for r, row in enumerate(frame.itertuples(), start=1):
        where = f"events/energy.csv row {r}, coordinates"
        pairs = [p.split() for p in row.coordinates.split(";")]
        path = [[pacific_lon(float(lon)), float(lat)] for lon, lat in pairs]
        wanted = "one 'lon lat' pair" if row.geometry == "point" else "two or more 'lon lat' pairs"
        if (row.geometry == "point") != (len(path) == 1):
            problems.append(f"{where}: a {row.geometry} needs {wanted}, found {len(path)}")
        bad = [p for p in pairs if not (-180 <= float(p[0]) <= 180 and -90 <= float(p[1]) <= 90)]
        if bad:
            problems.append(f"{where}: {' '.join(bad[0])!r} is not a longitude and latitude")
        paths.append(path)
    if problems:
        raise DataError(problems)
    return frame.assign(path=paths)


def cross_check(
    record: Record, countries: pd.DataFrame, disputes: pd.DataFrame, chokepoints: pd.DataFrame
) -> list[str]:
    """Problems between events/ and geodata/: drawn members, dispute ids, geodata sources."""
    problems = []
    for row in record.entities.itertuples():
        if row.kind != "organisation" and row.code not in countries.index:
            problems.append(f"events/entities.csv, code: {row.code!r} has no polygon in geodata")
    known = set(disputes.index)
    for r, value in enumerate(record.incidents["dispute_id"], start=1):
        if value and value not in known:
            problems.append(f"events/incidents.csv row {r}, dispute_id: {value!r} is not a dispute")
    sources = set(record.sources.index)
    for label, frame in (
        ("geodata/disputes.geojson", disputes),
        ("geodata/chokepoints.geojson", chokepoints),
    ):
        for key, value in frame["source_id"].items():
            if value not in sources:
                problems.append(f"{label} {key}, source_id: {value!r} is not in events/sources.csv")
    for code in {c for cl in disputes["claimant_list"] for c in cl} - set(record.entities.index):
        problems.append(
            f"geodata/disputes.geojson, claimants: {code!r} is not in events/entities.csv"
        )
    return problems
