"""Data integrity of events/: schema, keys, sources, dates, coverage against the real world."""

from __future__ import annotations

import json
from datetime import date

import geopandas as gpd
import pytest
import shapely

from apac import data
from apac.dates import PartialDate
from apac.membership import members_as_of
from apac.paths import EVENTS, GEODATA

RECORD = data.read_record()
DESCRIPTOR = json.loads((EVENTS / "datapackage.json").read_text(encoding="utf-8"))


def test_every_declared_file_exists_and_every_file_is_declared():
    declared = {r["path"] for r in DESCRIPTOR["resources"]}
    extra = {"datapackage.json", "README.md", "curation"}
    assert {p.name for p in EVENTS.iterdir()} == declared | extra


def test_record_and_geodata_agree():
    problems = data.cross_check(
        RECORD, data.read_countries(), data.read_disputes(), data.read_chokepoints()
    )
    assert problems == []


def test_every_row_names_a_source_that_resolves():
    sources = set(RECORD.sources.index)
    for name in ["institutions", "memberships", "summits", "incidents"]:
        frame = getattr(RECORD, name)
        assert frame["source_id"].isin(sources).all(), name
        assert (frame["source_id"] != "").all(), name


def test_dates_fall_in_range():
    for d in RECORD.summits["start_date"]:
        assert date(1989, 1, 1) <= d.first and d.last <= date(2013, 12, 31), d
    for d in RECORD.incidents["date"]:
        assert date(1989, 1, 1) <= d.first and d.last <= date(2013, 12, 31), d
    for row in RECORD.summits.itertuples():
        if row.end_date is not None:
            assert row.start_date.first <= row.end_date.first, row.summit_id
            assert (row.end_date.first - row.start_date.first).days <= 21, row.summit_id
    for d in RECORD.memberships["start_date"]:
        assert d.last <= date(2013, 12, 31)


def _count(institution: str, on: str, roles=("member",)) -> int:
    active = members_as_of(RECORD.memberships, [institution], PartialDate.parse(on).last)
    return int(active["role"].isin(roles).sum())


@pytest.mark.parametrize(
    ("institution", "on", "expected"),
    [
        ("apec", "1989-12-31", 12),
        ("apec", "1996", 18),
        ("apec", "1999", 21),
        ("asean", "1989", 6),
        ("asean", "1999-12-31", 10),
        ("arf", "1994-12-31", 18),
        ("arf", "2013", 27),
        ("apt", "1999", 13),
        ("eas", "2005-12-31", 16),
        ("eas", "2013", 18),
        ("admm-plus", "2013", 18),
        ("shanghai-five", "1996-12-31", 5),
        ("sco", "2001-12-31", 6),
        ("p4", "2007", 4),
    ],
)
def test_membership_counts_match_the_record_of_the_world(institution, on, expected):
    assert _count(institution, on) == expected


def test_six_party_talks_lose_north_korea_in_2009():
    roles = ("participant",)
    assert _count("six-party", "2008", roles) == 6
    assert _count("six-party", "2010", roles) == 5
    gone = members_as_of(RECORD.memberships, ["six-party"], date(2010, 1, 1))
    assert "PRK" not in set(gone["member"])


def test_tpp_grows_by_year():
    roles = ("negotiating-party",)
    counts = [_count("tpp", str(y), roles) for y in (2010, 2011, 2012, 2013)]
    assert counts == sorted(counts) and counts[-1] == 12


def _years(institution: str) -> set[int]:
    rows = RECORD.summits[RECORD.summits["institution_id"] == institution]
    return {d.year for d in rows["start_date"]}


def test_summit_coverage():
    assert _years("apec") == set(range(1989, 2014))
    # the 10th APT summit was put off from Dec 2006 to Jan 2007 (typhoon warning in Cebu)
    assert _years("apt") == set(range(1997, 2014)) - {2006}
    assert _years("arf") == set(range(1994, 2014))
    assert _years("eas") == {2005, 2007, 2009, 2010, 2011, 2012, 2013}
    assert len(RECORD.summits[RECORD.summits["institution_id"] == "eas"]) == 8
    assert _years("sco") == set(range(2001, 2014))
    assert _years("shanghai-five") == set(range(1996, 2001))
    assert {2010, 2013} <= _years("admm-plus")
    assert {2008, 2009, 2010, 2011, 2012} <= _years("cjk")
    six = RECORD.summits[RECORD.summits["institution_id"] == "six-party"]
    assert {f"six-party-r{i}" for i in (1, 2, 3)} <= set(six.index)


def test_every_core_dispute_has_six_or_more_incidents():
    counts = RECORD.incidents["dispute_id"].value_counts()
    for dispute in ["kuriles", "senkaku", "spratlys", "paracels", "scarborough"]:
        assert counts.get(dispute, 0) >= 6, dispute


def test_summit_coordinates_lie_in_their_host():
    """A summit's point lies within 0.6° of its host's polygon (catches wrong coordinates)."""
    countries = gpd.read_file(GEODATA / "countries.geojson").set_index("adm0_a3")
    from apac.geo import pacific_lon

    for row in RECORD.summits.itertuples():
        point = shapely.Point(pacific_lon(row.lon), row.lat)
        assert countries.loc[row.host].geometry.distance(point) < 0.6, row.summit_id


def test_incident_coordinates_lie_near_their_dispute():
    disputes = data.read_disputes()
    for row in RECORD.incidents.itertuples():
        if not row.dispute_id:
            continue
        d = disputes.loc[row.dispute_id]
        gap = ((row.lon - d.label_lon) ** 2 + (row.lat - d.label_lat) ** 2) ** 0.5
        assert gap < 6, (row.event_id, gap)


def test_no_institution_stands_empty_between_its_founding_and_its_end():
    """Every institution has someone in some role on every day from its founding date until its
    last spell ends (e.g. the P4: signatories from signature until entry into force)."""
    for inst, row in RECORD.institutions.iterrows():
        spells = RECORD.memberships[RECORD.memberships["institution_id"] == inst]
        covered_to = row.founded.last
        last = max(e.last if e is not None else date(2013, 12, 31) for e in spells["end_date"])
        for start, end in sorted(
            (s.last, e.last if e is not None else date(2013, 12, 31))
            for s, e in zip(spells["start_date"], spells["end_date"], strict=True)
        ):
            assert start <= covered_to, (inst, "nobody from", covered_to, "to", start)
            covered_to = max(covered_to, end)
        assert covered_to >= last, inst


def test_energy_rows_are_dated_sourced_and_on_land_or_coast():
    """Every energy site and waypoint lies within 0.6° of a country polygon, lines are labelled
    schematic in name and placement, and each item opened within the atlas's years."""
    countries = gpd.read_file(GEODATA / "countries.geojson")
    land = shapely.union_all(countries.geometry.values)
    energy = RECORD.energy
    assert len(energy) >= 6 and set(energy["geometry"]) == {"point", "line"}
    for row in energy.itertuples():
        assert row.source_id in RECORD.sources.index, row.energy_id
        assert date(1989, 1, 1) <= row.start_date.first
        assert row.start_date.last <= date(2013, 12, 31)
        for lon, lat in row.path:
            assert land.distance(shapely.Point(lon, lat)) < 0.6, (row.energy_id, lon, lat)
        if row.geometry == "line":
            assert row.name.endswith("(schematic)"), row.energy_id
            assert row.placement.startswith("Schematic:"), row.energy_id
