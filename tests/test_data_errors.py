"""Malformed data gets a clear message naming file, row and column: never a traceback."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from apac import data
from apac.paths import EVENTS


@pytest.fixture()
def events_copy(tmp_path: Path) -> Path:
    target = tmp_path / "events"
    shutil.copytree(EVENTS, target)
    return target


def _edit(path: Path, row: int, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        fields = list(rows[0])
    rows[row - 1][column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def _problems(events: Path) -> list[str]:
    with pytest.raises(data.DataError) as info:
        data.read_record(events)
    return info.value.problems


def test_bundled_record_is_valid():
    data.read_record()


def test_bad_date_names_file_row_and_column(events_copy):
    _edit(events_copy / "summits.csv", 14, "start_date", "1997-13-01")
    assert "events/summits.csv row 14, start_date: '1997-13-01' is not a date" in _problems(
        events_copy
    )


def test_unknown_foreign_key(events_copy):
    _edit(events_copy / "memberships.csv", 3, "member", "XXX")
    problems = _problems(events_copy)
    assert any(p.startswith("events/memberships.csv row 3, member: 'XXX'") for p in problems)


def test_unknown_source(events_copy):
    _edit(events_copy / "incidents.csv", 2, "source_id", "no-such-source")
    assert any("row 2, source_id: 'no-such-source'" in p for p in _problems(events_copy))


def test_bad_enum_and_number(events_copy):
    _edit(events_copy / "memberships.csv", 5, "role", "boss")
    _edit(events_copy / "summits.csv", 2, "lat", "north")
    problems = _problems(events_copy)
    assert any(
        p.startswith("events/memberships.csv row 5, role: 'boss' is not one of") for p in problems
    )
    assert "events/summits.csv row 2, lat: 'north' is not a number" in problems


def test_duplicate_key(events_copy):
    with (events_copy / "summits.csv").open(encoding="utf-8") as fh:
        lines = fh.readlines()
    (events_copy / "summits.csv").write_text("".join(lines + [lines[1]]), encoding="utf-8")
    assert any("summit_id: 'apec-1989' repeats row 1" in p for p in _problems(events_copy))


def test_end_before_start(events_copy):
    _edit(events_copy / "memberships.csv", 1, "end_date", "1989-10")
    expected = "row 1, end_date: '1989-10' is before start_date"
    assert any(expected in p for p in _problems(events_copy))


def test_missing_column_and_missing_file(events_copy):
    text = (events_copy / "sources.csv").read_text(encoding="utf-8")
    (events_copy / "sources.csv").write_text(text.replace("title,", "titel,", 1), encoding="utf-8")
    assert "events/sources.csv: missing column(s) title" in _problems(events_copy)
    (events_copy / "incidents.csv").unlink()
    assert "events/incidents.csv: file is missing" in _problems(events_copy)


def test_not_utf8(events_copy):
    (events_copy / "entities.csv").write_bytes("code,name\nAUS,Au\xdfstralia\n".encode("latin-1"))
    assert any(p.startswith("events/entities.csv: not UTF-8") for p in _problems(events_copy))


def test_the_app_shows_a_bad_data_file_as_a_message_not_a_traceback(events_copy, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    _edit(events_copy / "summits.csv", 14, "start_date", "1997-13-01")
    monkeypatch.setenv("APAC_EVENTS_DIR", str(events_copy))
    st.cache_data.clear()
    st.cache_resource.clear()  # other tests in this process may have cached the good record
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        assert not at.exception
        assert "did not pass validation" in at.error[0].value
        expected = "events/summits.csv row 14, start_date: '1997-13-01' is not a date"
        assert expected in at.code[0].value
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


def test_energy_point_with_two_pairs_names_row_and_column(events_copy):
    _edit(events_copy / "energy.csv", 4, "coordinates", "132.8 42.8; 133.0 42.7")
    assert (
        "events/energy.csv row 4, coordinates: a point needs one 'lon lat' pair, found 2"
        in _problems(events_copy)
    )


def test_energy_coordinates_out_of_range_name_the_row(events_copy):
    _edit(events_copy / "energy.csv", 1, "coordinates", "97.9 55.9; 200.5 60.7")
    assert any(
        p.startswith("events/energy.csv row 1, coordinates: '200.5 60.7'")
        for p in _problems(events_copy)
    )
