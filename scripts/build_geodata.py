"""Build the app's processed geodata (geodata/ and static/) from the raw Natural Earth drop.

Usage:  python scripts/build_geodata.py [--raw DIR]

Reads the raw Natural Earth files (default ../shared/data/naturalearth, overridable with
--raw or APAC_NE_RAW) and the hand-curated tables in scripts/curated/, then writes:

  geodata/countries.geojson         every country/economy, Pacific-centred, coverage-simplified
  geodata/countries.csv             one row per country: code, names, label point
  geodata/disputes.geojson          the six disputes this atlas covers, with claimants and names
  geodata/other_disputed.geojson    other Natural Earth disputed areas cut from country fills
  geodata/chokepoints.geojson       sea-lane chokepoints (points; axis line in a property)
  geodata/datapackage.json          Frictionless descriptor: files, fields, sources, notes
  static/*                          browser-ready copies served by Streamlit's static serving

The output is deterministic: running it twice gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, mapping

ROOT = Path(__file__).resolve().parents[1]
CURATED = ROOT / "scripts" / "curated"
GEODATA = ROOT / "geodata"
STATIC = ROOT / "static"
DEFAULT_RAW = ROOT.parent / "shared" / "data" / "naturalearth"

#: Parts of the world west of this longitude are shifted by +360 so the Pacific is whole.
SEAM_LON = -30.0
#: Coverage simplification tolerance (degrees) and output grid (degrees).
TOLERANCE = 0.08
GRID = 0.01
#: The small island disputes keep a finer grid so they keep their shape.
DISPUTE_GRID = 0.001

#: Natural Earth country features that are disputed areas in their own right: drawn as disputes.
COUNTRY_FEATURES_AS_DISPUTES = {"PGA", "SCR", "KAS"}

#: The disputes this atlas covers, keyed by our id -> Natural Earth BRK_A3 in the disputed layer.
COVERED_DISPUTES = {
    "kuriles": "B29",
    "senkaku": "B18",
    "spratlys": "B46",
    "paracels": "B47",
    "scarborough": "B70",
    "dokdo": "B39",
}

#: Other Natural Earth disputed areas in the Asia-Pacific whose land a claimant's fill would cover.
#: They are cut from the country fills and drawn neutrally; the atlas does not tell their story.
OTHER_DISPUTED = [
    "B00",
    "B01",
    "B02",
    "B03",
    "B04",
    "B05",
    "B06",
    "B07",
    "B08",
    "B09",  # India-China-Pakistan
    "B45",  # Siachen Glacier
    "B75",
    "B76",  # Bhutan-China
    "B88",  # India-Nepal (near Om Parvat)
    "B59",  # Wake Atoll
    "B71",  # Swains Island
]


def _shift_part(poly: Polygon, whole: bool) -> Polygon:
    """Move one polygon part east by 360 degrees when it (or its whole country) lies west."""
    x = poly.centroid.x
    if x < SEAM_LON or (whole and x < 0):
        return shapely.transform(poly, lambda xy: xy + np.array([360.0, 0.0]))
    return poly


def pacific_shift(geom):
    """Return geom with every part west of the seam moved east, parts touching at 180 merged.

    A country whose centroid lies west of the seam moves whole (Greenland does not split);
    otherwise only its western parts move (Chukotka, eastern Fiji, the Chathams).
    """
    if geom.is_empty:
        return geom
    parts = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    whole = geom.centroid.x < SEAM_LON
    shifted = [_shift_part(p, whole) for p in parts]
    merged = shapely.union_all(shifted)
    return merged


def pacific_lon(lon: float) -> float:
    """Longitude on the Pacific-centred frame used by every geodata file."""
    return lon + 360.0 if lon < SEAM_LON else lon


def _as_multipolygon(geom):
    geom = shapely.make_valid(geom)
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    if isinstance(geom, MultiPolygon):
        return geom
    polys = [g for g in getattr(geom, "geoms", []) if isinstance(g, (Polygon, MultiPolygon))]
    flat: list[Polygon] = []
    for g in polys:
        flat.extend(g.geoms if isinstance(g, MultiPolygon) else [g])
    return MultiPolygon(flat)


def _drop_collapsed(geom: MultiPolygon) -> MultiPolygon:
    """Drop parts that snapping to the grid collapsed to nothing."""
    return MultiPolygon([p for p in geom.geoms if p.area > 0 and len(p.exterior.coords) >= 4])


def _usable(geom) -> bool:
    """True when geom is valid, non-empty and has no collapsed part."""
    return (
        not geom.is_empty
        and geom.is_valid
        and all(p.area > 0 and len(p.exterior.coords) >= 4 for p in geom.geoms)
    )


def _round(x: float, nd: int = 4) -> float:
    return float(round(x, nd))


def _feature_collection(features: list[dict], name: str) -> dict:
    return {"type": "FeatureCollection", "name": name, "features": features}


def _dump(obj, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    path.write_text(text + "\n", encoding="utf-8")


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _geometry_json(geom, grid: float) -> dict:
    """GeoJSON geometry with coordinates written on the output grid (no float noise)."""
    decimals = max(0, int(round(-np.log10(grid))))
    mapped = mapping(geom)

    def rnd(c):
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            return [round(float(c[0]), decimals), round(float(c[1]), decimals)]
        return [rnd(x) for x in c]

    return {"type": mapped["type"], "coordinates": rnd(mapped["coordinates"])}


def build_countries(raw: Path, cut: list, others: list) -> tuple[list[dict], list[dict], list]:
    """Countries, Pacific-shifted, disputed areas cut out, coverage-simplified.

    The other disputed areas (land) are simplified in the same coverage, so their edges stay
    identical to the country borders around them; their simplified shapes are returned.
    """
    gdf = gpd.read_file(raw / "ne_10m_admin_0_countries.geojson")
    gdf = gdf[(gdf.ADM0_A3 != "ATA") & (~gdf.ADM0_A3.isin(COUNTRY_FEATURES_AS_DISPUTES))]
    gdf = gdf.sort_values("ADM0_A3").reset_index(drop=True)
    shifted = [pacific_shift(_as_multipolygon(g)) for g in gdf.geometry]
    land = shapely.union_all(shifted)
    pieces, taken = [], shapely.Polygon()
    for geom in others:  # each disputed area as the land it covers, no overlaps between them
        piece = _as_multipolygon(geom.intersection(land).difference(taken))
        pieces.append(piece)
        taken = taken.union(piece)
    cut_union = shapely.union_all(cut + pieces)
    geoms = [_as_multipolygon(g.difference(cut_union)) for g in shifted]
    n = len(geoms)
    coverage = np.array(geoms + pieces, dtype=object)
    simplified = shapely.set_precision(shapely.coverage_simplify(coverage, TOLERANCE), GRID)
    other_simplified = []
    for piece, simple, original in zip(pieces, simplified[n:], others, strict=True):
        simple = _drop_collapsed(_as_multipolygon(simple))
        if piece.is_empty or not _usable(simple):  # islets: keep the finer original shape
            simple = _as_multipolygon(shapely.set_precision(original, DISPUTE_GRID))
        other_simplified.append(simple)
    simplified = simplified[:n]
    features, rows = [], []
    for i, (rec, geom) in enumerate(zip(gdf.itertuples(), simplified, strict=True)):
        geom, grid = _as_multipolygon(geom), GRID
        if not _usable(geom):  # tiny territories collapse on the grid: keep a finer original
            geom, grid = (
                _as_multipolygon(shapely.set_precision(geoms[i], DISPUTE_GRID)),
                DISPUTE_GRID,
            )
        label = Point(pacific_lon(float(rec.LABEL_X)), float(rec.LABEL_Y))
        if not geom.buffer(0.5).contains(label):
            label = geom.representative_point()
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "adm0_a3": rec.ADM0_A3,
                    "name": rec.NAME,
                    "mapcolor7": int(rec.MAPCOLOR7),
                },
                "geometry": _geometry_json(geom, grid),
            }
        )
        rows.append(
            {
                "adm0_a3": rec.ADM0_A3,
                "name": rec.NAME,
                "name_long": rec.NAME_LONG,
                "sovereign_a3": rec.SOV_A3,
                "continent": rec.CONTINENT,
                "subregion": rec.SUBREGION,
                "label_lon": _round(label.x, 3),
                "label_lat": _round(label.y, 3),
            }
        )
    return features, rows, other_simplified


def build_disputes(raw: Path) -> tuple[list[dict], list[dict], list, list]:
    """Covered and other disputed areas from the NE disputed-areas layer."""
    layer = gpd.read_file(raw / "ne_10m_admin_0_disputed_areas.json").set_index("BRK_A3")
    curated = {r["dispute_id"]: r for r in _read_csv(CURATED / "disputes.csv")}
    missing = set(COVERED_DISPUTES) - set(curated)
    if missing:
        raise SystemExit(f"scripts/curated/disputes.csv lacks rows for: {sorted(missing)}")
    covered, other, cut, other_geoms = [], [], [], []
    for dispute_id, brk in COVERED_DISPUTES.items():
        rec = curated[dispute_id]
        geom = _as_multipolygon(pacific_shift(_as_multipolygon(layer.loc[brk].geometry)))
        cut.append(geom.buffer(0.01))
        point = geom.representative_point() if dispute_id != "spratlys" else geom.centroid
        props = {
            "dispute_id": dispute_id,
            "name": rec["name"],
            "claimants": rec["claimants"],
            "administered_by": rec["administered_by"],
            "names": rec["names"],
            "summary": rec["summary"],
            "ne_brk_a3": brk,
            "ne_note": str(layer.loc[brk].NOTE_BRK or ""),
            "label_lon": _round(point.x, 3),
            "label_lat": _round(point.y, 3),
            "source_id": rec["source_id"],
        }
        geom = shapely.set_precision(geom, DISPUTE_GRID)
        covered.append(
            {"type": "Feature", "properties": props, "geometry": _geometry_json(geom, DISPUTE_GRID)}
        )
    for brk in OTHER_DISPUTED:
        row = layer.loc[brk]
        geom = _as_multipolygon(pacific_shift(_as_multipolygon(row.geometry)))
        other_geoms.append(geom)
        point = geom.representative_point()
        other.append(
            {
                "type": "Feature",
                "properties": {
                    "ne_brk_a3": brk,
                    "name": str(row.BRK_NAME),
                    "ne_note": str(row.NOTE_BRK or ""),
                    "label_lon": _round(point.x, 3),
                    "label_lat": _round(point.y, 3),
                },
                "geometry": None,  # filled in after simplification with the countries
            }
        )
    return covered, other, cut, other_geoms


def _parse_line(text: str) -> list[list[float]]:
    pts = []
    for pair in text.split(";"):
        lon, lat = (float(v) for v in pair.split())
        pts.append([_round(pacific_lon(lon)), _round(lat)])
    return pts


def build_chokepoints() -> list[dict]:
    features = []
    for rec in _read_csv(CURATED / "chokepoints.csv"):
        lon, lat = float(rec["lon"]), float(rec["lat"])
        axis = _parse_line(rec["line"])
        LineString(axis)  # raises on a malformed line
        props = {k: v for k, v in rec.items() if k not in {"lat", "lon", "line"}}
        props["width_km"] = float(rec["width_km"]) if rec["width_km"] else None
        props["axis"] = axis
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {
                    "type": "Point",
                    "coordinates": [_round(pacific_lon(lon)), _round(lat)],
                },
            }
        )
    return features


def _write_csv(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_datapackage(raw: Path) -> None:
    """geodata/datapackage.json from the template in scripts/curated, with sizes and hashes."""
    template = json.loads((CURATED / "geodata_datapackage.json").read_text(encoding="utf-8"))
    for res in template["resources"]:
        path = GEODATA / res["path"]
        res["bytes"] = path.stat().st_size
        res["hash"] = "sha256:" + _sha(path)
    raw_readme = raw / "README.md"
    template["x_build"] = {
        "script": "scripts/build_geodata.py",
        "raw_readme_sha256": _sha(raw_readme) if raw_readme.exists() else None,
        "tolerance_deg": TOLERANCE,
        "grid_deg": GRID,
        "dispute_grid_deg": DISPUTE_GRID,
        "seam_lon": SEAM_LON,
    }
    (GEODATA / "datapackage.json").write_text(
        json.dumps(template, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def write_static() -> None:
    """Browser-ready copies for Streamlit static serving (same content, index for colouring)."""
    STATIC.mkdir(exist_ok=True)
    countries = json.loads((GEODATA / "countries.geojson").read_text(encoding="utf-8"))
    for i, feat in enumerate(countries["features"]):
        props = feat["properties"]
        props["i"] = i  # index into the colour array the app sends
        props["mc"] = props.pop("mapcolor7")
        props["tip"] = ""
    _dump(countries, STATIC / "countries.geojson")
    for name in ("disputes.geojson", "other_disputed.geojson"):
        data = json.loads((GEODATA / name).read_text(encoding="utf-8"))
        for feat in data["features"] if name.startswith("other") else []:
            props = feat["properties"]  # the map's tooltip reads {name} and {tip}
            props.setdefault(
                "tip",
                "Disputed (outside this atlas's scope) · " + props["ne_note"] + " · Natural Earth",
            )
        _dump(data, STATIC / name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--raw", type=Path, default=Path(os.environ.get("APAC_NE_RAW", DEFAULT_RAW))
    )
    args = parser.parse_args(argv)
    raw: Path = args.raw
    if not (raw / "ne_10m_admin_0_countries.geojson").exists():
        print(f"error: no Natural Earth drop at {raw} (use --raw DIR)", file=sys.stderr)
        return 2
    GEODATA.mkdir(exist_ok=True)
    covered, other, cut, other_geoms = build_disputes(raw)
    countries, rows, other_simplified = build_countries(raw, cut, other_geoms)
    for feature, geom in zip(other, other_simplified, strict=True):
        grid = GRID if all(p.area > 0.05 for p in geom.geoms) else DISPUTE_GRID
        feature["geometry"] = _geometry_json(geom, grid)
    _dump(_feature_collection(countries, "countries"), GEODATA / "countries.geojson")
    _write_csv(rows, GEODATA / "countries.csv")
    _dump(_feature_collection(covered, "disputes"), GEODATA / "disputes.geojson")
    _dump(_feature_collection(other, "other_disputed"), GEODATA / "other_disputed.geojson")
    _dump(_feature_collection(build_chokepoints(), "chokepoints"), GEODATA / "chokepoints.geojson")
    write_datapackage(raw)
    write_static()
    total = sum(p.stat().st_size for p in GEODATA.iterdir())
    print(
        f"geodata/: {len(countries)} countries, {len(covered)} disputes, "
        f"{len(other)} other disputed areas; {total / 1e6:.2f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
