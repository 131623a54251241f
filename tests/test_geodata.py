"""Data integrity of geodata/: declared = present, schema, valid geometry, keys, ranges, budget."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely

from apac import data
from apac.paths import GEODATA

DESCRIPTOR = json.loads((GEODATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}
GEOJSON = [r for r in DESCRIPTOR["resources"] if r["path"].endswith(".geojson")]


def test_every_declared_file_exists_and_every_file_is_declared():
    declared = {r["path"] for r in DESCRIPTOR["resources"]} | {"datapackage.json", "README.md"}
    on_disk = {p.name for p in GEODATA.iterdir()}
    assert on_disk == declared


def test_declared_hashes_match_files():
    import hashlib

    for res in DESCRIPTOR["resources"]:
        digest = hashlib.sha256((GEODATA / res["path"]).read_bytes()).hexdigest()
        assert res["hash"] == f"sha256:{digest}", res["path"]


def test_size_budget():
    total = sum(p.stat().st_size for p in GEODATA.iterdir())
    assert total <= 1_500_000, f"geodata/ is {total} bytes"


@pytest.mark.parametrize("res", GEOJSON, ids=lambda r: r["name"])
def test_geojson_schema_keys_and_geometry(res):
    frame = gpd.read_file(GEODATA / res["path"])
    fields = res["schema"]["fields"]
    names = [f["name"] for f in fields]
    assert set(names) <= set(frame.columns), set(names) - set(frame.columns)
    key = res["schema"]["primaryKey"][0]
    assert frame[key].is_unique and frame[key].notna().all()
    for f in fields:
        if f.get("constraints", {}).get("required"):
            assert frame[f["name"]].notna().all() and (frame[f["name"]] != "").all(), f["name"]
    assert frame.geometry.notna().all()
    assert shapely.is_valid(frame.geometry.values).all()
    assert not frame.geometry.is_empty.any()
    minx, miny, maxx, maxy = frame.total_bounds
    assert minx >= -30.5 and maxx <= 350.5, (minx, maxx)
    assert miny >= -90 and maxy <= 90


def test_countries_keyed_by_adm0_a3_with_hkg_mac_twn_separate():
    frame = gpd.read_file(GEODATA / "countries.geojson")
    codes = set(frame.adm0_a3)
    assert {"HKG", "MAC", "TWN", "CHN", "RUS", "USA", "PNG", "PER", "CHL", "MEX"} <= codes
    assert not codes & {"PGA", "SCR", "KAS", "ATA"}  # disputes and Antarctica are not countries
    table = data.read_countries()
    assert set(table.index) == codes


def test_antimeridian_has_no_seam():
    """Russia, Fiji and the USA are each one connected span in the Pacific-centred frame."""
    frame = gpd.read_file(GEODATA / "countries.geojson").set_index("adm0_a3")
    for code in ["RUS", "FJI", "USA", "NZL"]:
        minx, _, maxx, _ = frame.loc[code].geometry.bounds
        assert maxx - minx < 180, (code, minx, maxx)
    # Chukotka (west of 180 on the raw data) is now east of 180 and joined to Russia
    assert frame.loc["RUS"].geometry.bounds[2] > 185


def test_disputed_territories_are_cut_from_every_country_fill():
    countries = gpd.read_file(GEODATA / "countries.geojson")
    disputes = gpd.read_file(GEODATA / "disputes.geojson")
    others = gpd.read_file(GEODATA / "other_disputed.geojson")
    land = shapely.union_all(countries.geometry.values)
    for row in disputes.itertuples():  # the atlas's own disputes: no claimant fill at all
        assert land.intersection(row.geometry).area == 0, row.name
    for row in others.itertuples():
        # Land disputes share simplified borders with their neighbours; what overlap remains is
        # grid snapping, under 0.01 square degrees (about one pixel at the closest named view).
        overlap = land.intersection(row.geometry).area
        assert overlap <= max(0.02 * row.geometry.area, 0.01), (row.name, overlap)


def test_every_dispute_has_two_or_more_claimants_and_a_slash_name():
    disputes = data.read_disputes()
    countries = data.read_countries()
    assert {"kuriles", "senkaku", "spratlys", "paracels", "scarborough"} <= set(disputes.index)
    for row in disputes.itertuples():
        assert len(row.claimant_list) >= 2, row.dispute_id
        assert set(row.claimant_list) <= set(countries.index)
        name_claimants = [n["claimant"] for n in row.name_list]
        assert set(name_claimants) == set(row.claimant_list), row.dispute_id
    assert disputes.loc["senkaku", "name"] == "Senkaku/Diaoyu"
    assert disputes.loc["kuriles", "name"] == "Southern Kuriles/Northern Territories"


def test_chokepoints_lie_in_water_with_notes_and_sources():
    chokepoints = data.read_chokepoints()
    required = {
        "malacca",
        "singapore",
        "sunda",
        "lombok",
        "makassar",
        "taiwan",
        "luzon",
        "korea-tsushima",
        "tsugaru",
        "la-perouse",
    }
    assert required <= set(chokepoints.index)
    land = shapely.union_all(gpd.read_file(GEODATA / "countries.geojson").geometry.values)
    for row in chokepoints.itertuples():
        assert not land.contains(shapely.Point(row.lon, row.lat)), row.chokepoint_id
        assert len(row.axis) >= 2
        assert row.why_it_matters.strip() and row.source_id.strip()
