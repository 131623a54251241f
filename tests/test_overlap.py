"""Overlap views: exact combinations, partners apart, three powers' paths, two-date changes."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from apac.dates import PartialDate
from apac.overlap import (
    Combination,
    build_paths_chart,
    build_upset_chart,
    changes_between,
    changes_table,
    combination_table,
    combinations_as_of,
    dimension_institutions,
    display_names,
    member_label,
    partners_as_of,
    paths_frame,
)

INSTITUTIONS = pd.DataFrame(
    {
        "short_name": ["EC", "SEC", "BOTH"],
        "dimension": ["economic", "political-security", "both"],
    },
    index=["ec", "sec", "both"],
)
SHORT = INSTITUTIONS["short_name"]
ENTITIES = pd.DataFrame(
    {"name": ["Aland", "Borduria", "Carpania", "Vietnam"], "apec_name": ["", "", "", "Viet Nam"]},
    index=["AAA", "BBB", "CCC", "VNM"],
)
NAMES = ENTITIES["name"]


def _rows(*rows) -> pd.DataFrame:
    """(institution, member, role, start, end) -> a memberships frame like data.read_record's."""
    return pd.DataFrame(
        [
            {
                "institution_id": i,
                "member": m,
                "role": r,
                "start_date": PartialDate.parse(s),
                "end_date": PartialDate.parse(e) if e else None,
                "source_id": f"src-{i}-{m}",
            }
            for i, m, r, s, e in rows
        ]
    )


MEMBERSHIPS = _rows(
    ("ec", "AAA", "member", "1990", ""),
    ("ec", "BBB", "member", "1990-05-01", ""),
    ("both", "AAA", "member", "1995-06", ""),
    ("both", "BBB", "member", "1995-06", "2000-01-01"),
    ("both", "CCC", "observer", "1995", ""),
    ("sec", "CCC", "participant", "1994-07-25", ""),
    ("ec", "VNM", "member", "1998-11-14", ""),
    ("sec", "VNM", "dialogue-partner", "1980", "1999-03"),
    ("sec", "VNM", "participant", "1999-04", ""),
)


def test_a_dimension_holds_its_own_institutions_and_those_marked_both():
    assert dimension_institutions(INSTITUTIONS, "economic") == ["ec", "both"]
    assert dimension_institutions(INSTITUTIONS, "political-security") == ["sec", "both"]
    with pytest.raises(ValueError, match="unknown dimension"):
        dimension_institutions(INSTITUTIONS, "cultural")


def test_each_member_counts_once_in_its_exact_combination():
    combos = combinations_as_of(MEMBERSHIPS, ["ec", "both"], date(1996, 12, 31))
    assert combos == [Combination(("ec", "both"), ("AAA", "BBB"))]
    combos = combinations_as_of(MEMBERSHIPS, ["ec", "both"], date(2000, 12, 31))
    # largest group first; a tie puts more institutions first
    assert combos == [
        Combination(("ec",), ("BBB", "VNM")),
        Combination(("ec", "both"), ("AAA",)),
    ]
    assert sum(c.count for c in combos) == 3


def test_observers_and_partners_are_not_members_but_are_listed_apart():
    combos = combinations_as_of(MEMBERSHIPS, ["sec", "both"], date(1996, 12, 31))
    assert {m for c in combos for m in c.members} == {"AAA", "BBB", "CCC"}
    assert Combination(("sec",), ("CCC",)) in combos  # not ("sec", "both"): an observer there
    partners = partners_as_of(MEMBERSHIPS, ["sec", "both"], date(1996, 12, 31))
    assert set(
        zip(partners["institution_id"], partners["member"], partners["role"], strict=True)
    ) == {
        ("both", "CCC", "observer"),
        ("sec", "VNM", "dialogue-partner"),
    }


def test_no_institutions_or_no_members_give_nothing_not_an_error():
    assert combinations_as_of(MEMBERSHIPS, [], date(2000, 1, 1)) == []
    assert combinations_as_of(MEMBERSHIPS, ["ec"], date(1989, 1, 1)) == []
    assert partners_as_of(MEMBERSHIPS, [], date(2000, 1, 1)).empty
    assert changes_between(MEMBERSHIPS, [], date(1990, 1, 1), date(2000, 1, 1)).empty
    chart = build_upset_chart([], [], SHORT, NAMES, title="Nothing").to_dict()
    assert chart["title"] == "Nothing" and _datasets(chart) == [[]]


def test_combination_table_names_every_member():
    combos = combinations_as_of(MEMBERSHIPS, ["ec", "both"], date(2000, 12, 31))
    table = combination_table(combos, SHORT, NAMES)
    assert table.to_dict("records") == [
        {"combination": "EC", "institutions": 1, "members": 2, "who": "Borduria, Vietnam"},
        {"combination": "EC + BOTH", "institutions": 2, "members": 1, "who": "Aland"},
    ]


def _datasets(spec: dict) -> list[list[dict]]:
    return list(spec["datasets"].values())


def test_upset_chart_draws_one_bar_per_combination_with_its_count():
    combos = combinations_as_of(MEMBERSHIPS, ["ec", "both"], date(2000, 12, 31))
    spec = build_upset_chart(combos, ["ec", "both"], SHORT, NAMES, title="T").to_dict()
    bars = next(d for d in _datasets(spec) if d and "count" in d[0])
    assert [(b["combination"], b["count"]) for b in bars] == [
        (" + ".join(SHORT[i] for i in c.institutions), c.count) for c in combos
    ]
    assert [b["aria"] for b in bars] == [
        "Combination EC: 2 members",
        "Combination EC + BOTH: 1 member",
    ]
    dots = next(d for d in _datasets(spec) if d and "in" in d[0])
    assert len(dots) == len(combos) * 2 and sum(d["in"] for d in dots) == 3
    sizes = next(d for d in _datasets(spec) if d and "members" in d[0] and "institution" in d[0])
    assert {s["institution"]: s["members"] for s in sizes} == {"EC": 3, "BOTH": 1}


def test_two_date_changes_list_joins_exits_and_role_changes_in_either_order():
    later, earlier = date(2000, 12, 31), date(1996, 12, 31)
    changes = changes_between(MEMBERSHIPS, ["ec", "sec", "both"], later, earlier)
    assert changes.to_dict("records") == [
        {
            "institution_id": "ec",
            "member": "VNM",
            "change": "joined",
            "before": "",
            "after": "member",
        },
        {
            "institution_id": "sec",
            "member": "VNM",
            "change": "changed role",
            "before": "dialogue-partner",
            "after": "participant",
        },
        {
            "institution_id": "both",
            "member": "BBB",
            "change": "left",
            "before": "member",
            "after": "",
        },
    ]
    shown = changes_table(changes, ENTITIES, SHORT)
    assert shown["Change"].to_list() == [
        "joined",
        "became participant (was dialogue partner)",
        "left",
    ]


def test_apec_names_economies_its_own_way():
    assert member_label(ENTITIES, "VNM", "apec") == "Viet Nam (Vietnam)"
    assert member_label(ENTITIES, "VNM", "ec") == "Vietnam"
    assert member_label(ENTITIES, "AAA", "apec") == "Aland"
    assert member_label(ENTITIES, "ZZZ", "apec") == "ZZZ"


def test_paths_keep_every_spell_in_order_and_clip_at_1989():
    frame = paths_frame(MEMBERSHIPS, SHORT, NAMES, ("VNM", "AAA"))
    assert frame["code"].to_list() == ["VNM", "VNM", "VNM", "AAA", "AAA"]
    assert frame["since"].to_list()[:3] == ["1980", "14 Nov 1998", "Apr 1999"]
    assert frame["end"].iloc[0] == date(1999, 3, 31) and frame["end"].iloc[1] == date(2013, 12, 31)
    spec = build_paths_chart(frame, date(1999, 12, 31), width=600).to_dict()
    rows = [r for d in _datasets(spec) for r in d if "role" in r]
    assert min(r["start"] for r in rows) == "1989-01-01"  # the 1980 spell starts at the edge
    assert [r["begun"] for r in rows if r["since"] == "1980"] == [False]
    assert len(spec["vconcat"]) == 2
    assert json.dumps(spec).count('"strokeDash"') == 2  # the as-of rule in each panel


def test_economies_take_their_apec_name_only_in_a_combination_with_apec():
    combos = [Combination(("apec", "ec"), ("VNM",)), Combination(("sec",), ("AAA",))]
    assert display_names(combos, ENTITIES).to_dict() == {
        "VNM": "Viet Nam (Vietnam)",
        "AAA": "Aland",
    }
    assert display_names([Combination(("sec",), ("VNM",))], ENTITIES).to_dict() == {
        "VNM": "Vietnam"
    }
    assert display_names([], ENTITIES).empty
