"""Read and validate every bundled data file at one boundary; errors name file, row, column."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from apac.dates import PartialDate
from apac.paths import GEODATA, events_dir


class DataError(Exception):
    """A bundled data file is missing or malformed; the message says where and why."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        head = problems[0] if problems else "unknown data problem"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(head + more)


# --------------------------------------------------------------------------------------- geodata


def _read_geojson(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([f"{_rel(path)}: file is missing (run scripts/build_geodata.py)"]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError([f"{_rel(path)}: not valid GeoJSON ({exc})"]) from None
    if data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise DataError([f"{_rel(path)}: not a GeoJSON FeatureCollection"])
    return data


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(path.parents[1]))
    except (ValueError, IndexError):
        return str(path)


def _properties_frame(path: Path, key: str, required: list[str]) -> pd.DataFrame:
    features = _read_geojson(path)["features"]
    rows = []
    problems = []
    for i, feat in enumerate(features, start=1):
        props = feat.get("properties") or {}
        for col in required:
            if props.get(col) in (None, ""):
                problems.append(f"{_rel(path)} feature {i}, {col}: missing")
        rows.append(props)
    frame = pd.DataFrame(rows)
    if not problems and frame[key].duplicated().any():
        dup = frame.loc[frame[key].duplicated(), key].iloc[0]
        problems.append(f"{_rel(path)}, {key}: {dup!r} appears twice")
    if problems:
        raise DataError(problems)
    return frame.set_index(key, drop=False)


def read_countries(geodata: Path = GEODATA) -> pd.DataFrame:
    """One row per country/economy feature (ADM0_A3, names, label point)."""
    path = geodata / "countries.csv"
    try:
        frame = pd.read_csv(path, dtype={"adm0_a3": str}, keep_default_na=False)
    except FileNotFoundError:
        raise DataError([f"{_rel(path)}: file is missing (run scripts/build_geodata.py)"]) from None
    frame["label_lon"] = frame["label_lon"].astype(float)
    frame["label_lat"] = frame["label_lat"].astype(float)
    return frame.set_index("adm0_a3", drop=False)


def read_disputes(geodata: Path = GEODATA) -> pd.DataFrame:
    """The covered disputes: claimants and administrators as lists, names as a list of dicts."""
    frame = _properties_frame(
        geodata / "disputes.geojson",
        "dispute_id",
        ["dispute_id", "name", "claimants", "names", "source_id"],
    )
    frame["claimant_list"] = frame["claimants"].str.split(";")
    frame["name_list"] = frame["names"].map(parse_dispute_names)
    return frame


def read_other_disputed(geodata: Path = GEODATA) -> pd.DataFrame:
    return _properties_frame(geodata / "other_disputed.geojson", "ne_brk_a3", ["ne_brk_a3", "name"])


def read_chokepoints(geodata: Path = GEODATA) -> pd.DataFrame:
    """Chokepoints with point coordinates (Pacific-centred) and the axis line."""
    data = _read_geojson(geodata / "chokepoints.geojson")
    rows = []
    for feat in data["features"]:
        props = dict(feat["properties"])
        props["lon"], props["lat"] = feat["geometry"]["coordinates"]
        rows.append(props)
    frame = pd.DataFrame(rows)
    return frame.set_index("chokepoint_id", drop=False)


def parse_dispute_names(text: str) -> list[dict]:
    """'JPN:ja:尖閣諸島 (Senkaku-shotō) | CHN:...' -> [{'claimant','lang','name'}, ...]."""
    out = []
    for chunk in str(text).split(" | "):
        code, lang, name = chunk.split(":", 2)
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


def read_descriptor(events: Path | None = None) -> dict:
    events = events or events_dir()
    path = events / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(["events/datapackage.json: file is missing"]) from None
    except json.JSONDecodeError as exc:
        raise DataError([f"events/datapackage.json: not valid JSON ({exc})"]) from None


def _read_table(path: Path, label: str) -> tuple[list[str], list[dict]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            header = list(reader.fieldnames or [])
    except FileNotFoundError:
        raise DataError([f"{label}: file is missing"]) from None
    except UnicodeDecodeError as exc:
        raise DataError([f"{label}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
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
            PartialDate.parse(value)
        except ValueError:
            return f"{value!r} is not a date"
    elif ftype == "number":
        try:
            number = float(value)
        except ValueError:
            return f"{value!r} is not a number"
        if "minimum" in cons and number < cons["minimum"]:
            return f"{value!r} is below the minimum {cons['minimum']}"
        if "maximum" in cons and number > cons["maximum"]:
            return f"{value!r} is above the maximum {cons['maximum']}"
    elif ftype == "integer" and not re.fullmatch(r"-?\d+", value):
        return f"{value!r} is not a whole number"
    if "enum" in cons and value not in cons["enum"]:
        return f"{value!r} is not one of {', '.join(cons['enum'])}"
    if "pattern" in cons and not re.fullmatch(cons["pattern"], value):
        return f"{value!r} does not match the pattern {cons['pattern']}"
    return None


def validate_tables(events: Path | None = None) -> tuple[dict, dict[str, list[dict]]]:
    """Validate every resource against events/datapackage.json; raise DataError on problems."""
    events = events or events_dir()
    descriptor = read_descriptor(events)
    problems: list[str] = []
    tables: dict[str, list[dict]] = {}
    for res in descriptor["resources"]:
        label = f"events/{res['path']}"
        header, rows = _read_table(events / res["path"], label)
        fields = res["schema"]["fields"]
        names = [f["name"] for f in fields]
        missing = [n for n in names if n not in header]
        if missing:
            problems.append(f"{label}: missing column(s) {', '.join(missing)}")
            continue
        for r, row in enumerate(rows, start=1):
            if None in row:  # more cells than header columns
                problems.append(f"{label} row {r}: has more cells than the header")
                continue
            for spec in fields:
                reason = _check_value((row.get(spec["name"]) or "").strip(), spec)
                if reason:
                    problems.append(f"{label} row {r}, {spec['name']}: {reason}")
        for spec in fields:
            if spec.get("constraints", {}).get("unique"):
                problems.extend(_duplicates(rows, [spec["name"]], label))
        pkey = res["schema"].get("primaryKey")
        if pkey:
            problems.extend(_duplicates(rows, pkey if isinstance(pkey, list) else [pkey], label))
        tables[res["name"]] = rows
    if problems:
        raise DataError(problems)
    for res in descriptor["resources"]:
        for fk in res["schema"].get("foreignKeys", []):
            problems.extend(_foreign_key_problems(res, fk, tables))
    problems.extend(_date_order_problems(descriptor, tables))
    if problems:
        raise DataError(problems)
    return descriptor, tables


def _duplicates(rows: list[dict], key: list[str], label: str) -> list[str]:
    seen: dict[tuple, int] = {}
    out = []
    for r, row in enumerate(rows, start=1):
        value = tuple(row.get(k, "") for k in key)
        if value in seen:
            out.append(
                f"{label} row {r}, {'+'.join(key)}: {'/'.join(value)!r} repeats row {seen[value]}"
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
    return Record(descriptor=descriptor, **frames)


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
