"""URL state: good links restore, bad parameters become notices and the nearest valid view."""

from __future__ import annotations

import re
from datetime import date

import pytest

from apac.layers import DEFAULT_LAYERS
from apac.state import ViewState, parse_query, to_query
from apac.text import md

INSTITUTIONS = {"apec", "asean", "arf", "eas"}
REFS = {"summit": {"apec-1997"}, "country": {"RUS", "PER"}, "dispute": {"senkaku"}}


def _parse(**params) -> ViewState:
    return parse_query(params, institutions=INSTITUTIONS, valid_refs=REFS, scene_count=16)


def test_good_link_round_trips():
    state = _parse(
        date="1997-11",
        inst="apec,asean",
        layers="disputes,chokepoints",
        select="summit:apec-1997",
        view="south-china-sea",
        window="1995-2000",
    )
    assert state.notices == ()
    assert state.as_of == date(1997, 11, 30)
    assert state.institutions == ("apec", "asean")
    assert state.selection == ("summit", "apec-1997")
    assert (
        parse_query(to_query(state), institutions=INSTITUTIONS, valid_refs=REFS, scene_count=16)
        == state
    )


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"date": "abc"}, lambda s: s.date == "1997"),
        ({"date": "1997-13-01"}, lambda s: s.date == "1997"),
        ({"date": "1975"}, lambda s: s.date == "1997"),
        ({"inst": "nato"}, lambda s: s.institutions == ("apec",)),
        ({"inst": "apec,nato"}, lambda s: s.institutions == ("apec",)),
        ({"layers": "<script>"}, lambda s: s.layers == ("disputes", "chokepoints", "summits")),
        ({"layers": "disputes,volcanoes"}, lambda s: s.layers == ("disputes",)),
        ({"scene": "999"}, lambda s: s.scene is None),
        ({"scene": "0"}, lambda s: s.scene is None),
        ({"DATE": "2001"}, lambda s: s.date == "1997"),
        ({"date": ""}, lambda s: s.date == "1997"),
        ({"date": ["1999", "2001"]}, lambda s: s.date == "2001"),
        ({"select": "summit:apec-3000"}, lambda s: s.select is None),
        ({"view": "mars"}, lambda s: s.view == "pacific"),
        ({"window": "2010-1990"}, lambda s: s.window == (1989, 2013)),
        ({"compare": "abc"}, lambda s: s.compare is None and s.date == "1997"),
        ({"compare": "1975"}, lambda s: s.compare is None),
        ({"compare": "1999-02-30"}, lambda s: s.compare is None),
    ],
)
def test_bad_parameters_give_a_notice_and_a_valid_state(params, check):
    state = _parse(**params)
    assert len(state.notices) == 1, state.notices
    assert check(state)


def test_a_bare_year_means_the_end_of_that_year():
    assert _parse(date="1996").as_of == date(1996, 12, 31)
    assert _parse(date="2001-06-15").as_of == date(2001, 6, 15)


def test_notices_are_plain_text_that_renders_as_itself():
    state = _parse(inst="<img src=x onerror=alert(1)>", **{"`![x](http://evil/)`": "1"})
    assert len(state.notices) == 2
    rendered = md(" ".join(state.notices))
    # Every character markdown could act on is backslash-escaped.
    assert "<img" in " ".join(state.notices)
    assert not re.search(r"(?<!\\)[<>\[\]()`!*_]", rendered), rendered


def test_an_empty_institution_list_is_a_valid_view():
    state = _parse(inst="")
    assert state.institutions == () and state.notices == ()
    assert to_query(state)["inst"] == ""


def test_long_valid_values_are_accepted():
    many = {f"i{n}" for n in range(60)}
    state = parse_query({"inst": ",".join(sorted(many))}, institutions=many, valid_refs=REFS)
    assert len(state.institutions) == 60 and state.notices == ()


def test_repeated_keys_say_which_one_won():
    (notice,) = _parse(date=["1999", "2001"]).notices
    assert "2 times" in notice and "2001" in notice


def test_unknown_keys_are_named():
    (notice,) = _parse(DATE="2001").notices
    assert "DATE" in notice and "date" in notice


def test_compare_round_trips_with_its_own_precision():
    state = _parse(date="1999", compare="1996-07", inst="apec")
    assert state.notices == ()
    assert state.compare == "1996-07" and state.compare_as_of == date(1996, 7, 31)
    assert to_query(state)["compare"] == "1996-07"
    again = parse_query(to_query(state), institutions=INSTITUTIONS, valid_refs=REFS)
    assert again == state


def test_links_without_compare_keep_their_exact_form():
    """Every URL written before `compare` existed reads and writes back the same."""
    params = {"date": "1997", "inst": "apec,asean", "layers": "disputes,chokepoints,summits"}
    state = _parse(**params)
    assert state.compare is None and state.compare_as_of is None
    assert to_query(state) == params


def test_a_bad_compare_leaves_the_rest_of_the_link_alone():
    state = _parse(date="2011", compare="<b>", inst="eas")
    assert state.date == "2011" and state.institutions == ("eas",) and state.compare is None
    assert len(state.notices) == 1 and "<b>" not in md(state.notices[0])


# ------------------------------------------------------------------ camera and frame
def test_a_camera_round_trips_rounded_as_links_write_it():
    state = _parse(camera="200.123456,-12.5,3.456", frame="instrument", view="straits")
    assert state.notices == ()
    # 4 decimals of a degree (about 10 m) and 2 of a zoom level: finer than a pixel at zoom 9.
    assert state.camera == (200.1235, -12.5, 3.46)
    assert state.frame == "instrument"
    query = to_query(state)
    assert query["camera"] == "200.1235,-12.5,3.46" and query["frame"] == "instrument"
    assert _parse(**query) == state


def test_links_without_a_camera_or_frame_write_neither():
    query = to_query(_parse(date="2001", view="eurasia"))
    assert "camera" not in query and "frame" not in query


def test_a_camera_writes_no_minus_zero():
    assert to_query(_parse(camera="-0.00001,0,1"))["camera"] == "0,0,1"


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("160,18", "three numbers longitude,latitude,zoom"),
        ("160,18,1.5,2", "three numbers"),
        ("160;18;1.5", "three numbers"),
        ("nan,18,1.5", "three numbers"),
        ("1e2,18,1.5", "three numbers"),
        ("160, 18, 1.5", "three numbers"),
        ("１６０,18,1.5", "three numbers"),  # fullwidth digits
        ("400,18,1.5", "longitude 400, outside -180 to 360"),
        ("-181,18,1.5", "longitude -181, outside -180 to 360"),
        ("160,86,1.5", "latitude 86, outside -85 to 85"),
        ("160,-90,1.5", "latitude -90, outside -85 to 85"),
        ("160,18,13", "zoom 13, outside -2 to 12"),
        ("160,18,-3", "zoom -3, outside -2 to 12"),
    ],
)
def test_a_bad_camera_is_named_and_the_named_view_stays(value, named):
    state = _parse(camera=value, view="northeast-asia")
    assert state.camera is None and state.view == "northeast-asia"
    assert len(state.notices) == 1, state.notices
    assert named in state.notices[0] and "camera=" in state.notices[0]
    assert "showing the named view" in state.notices[0]


def test_a_bad_frame_is_named_and_the_whole_page_shown():
    state = _parse(frame="fullscreen")
    assert state.frame is None
    assert state.notices and "fullscreen" in state.notices[0] and "instrument" in state.notices[0]


@pytest.mark.parametrize("key", ["camera", "frame"])
def test_an_empty_camera_or_frame_is_named(key):
    state = _parse(**{key: ""})
    assert getattr(state, key) is None and key in state.notices[0]


def test_old_links_keep_working_without_the_new_keys():
    old = {"date": "1999", "inst": "apec,asean", "select": "country:RUS", "view": "eurasia"}
    state = _parse(**old)
    assert state.notices == () and state.camera is None and state.frame is None
    assert to_query(state) == {**old, "layers": ",".join(DEFAULT_LAYERS)}
