"""Pure builders: colour expressions, footprints, the timeline frame, details."""

from __future__ import annotations

import json
import re
from datetime import date

from apac import data
from apac.details import resolve
from apac.layers import (
    INSTITUTION_COLOURS,
    LAND,
    OVERLAP_COLOURS,
    PARTIAL_ROLE,
    _lookup_expression,
    footprint_colours,
)
from apac.membership import footprint_table, membership_counts
from apac.timeline import DISPUTES_LANE, build_timeline, timeline_frame

RECORD = data.read_record()
COUNTRIES = data.read_countries()
DISPUTES = data.read_disputes()
CHOKEPOINTS = data.read_chokepoints()


def _evaluate(expr: str, **props) -> list[int]:
    """Evaluate the deck.gl expression the way its evaluator would, for a test feature."""
    py = expr.replace("||", " or ")
    for key, value in props.items():
        py = py.replace(f"properties.{key}", str(value))
    while "?" in py:  # innermost-first: (test)?[colour]:rest
        py = re.sub(r"\(([^()]*)\)\?(\[[^\]]*\]):", r"(\2 if (\1) else ", py, count=1) + ")"
    return eval(py)  # noqa: S307 - our own generated expression of literals and comparisons


def test_lookup_expression_maps_every_index_to_its_colour():
    colours = [[1, 2, 3, 255], LAND, [1, 2, 3, 255], [9, 9, 9, 255]]
    expr = _lookup_expression("i", colours, LAND)
    for i, colour in enumerate(colours):
        assert _evaluate(expr, i=i) == colour


def test_footprint_colours_single_and_overlap():
    codes = ["AUS", "CHN", "FRA", "RUS"]
    counts = {
        "AUS": {"full": 2, "partial": 0},
        "CHN": {"full": 1, "partial": 0},
        "RUS": {"full": 0, "partial": 1},
    }
    single = footprint_colours(codes, counts, ["apec"])
    assert single[0] == single[1] == INSTITUTION_COLOURS["apec"]
    assert single[2] == LAND and single[3] == PARTIAL_ROLE
    several = footprint_colours(codes, counts, ["apec", "eas"])
    assert several[0] == OVERLAP_COLOURS[1] and several[1] == OVERLAP_COLOURS[0]


def test_footprint_table_uses_apec_names_for_economies():
    table = footprint_table(
        RECORD.memberships, RECORD.institutions, RECORD.entities, ["apec"], date(1999, 12, 31)
    )
    assert len(table) == 21
    expected = {"Chinese Taipei (Taiwan)", "Hong Kong, China (Hong Kong)", "Russia", "Peru",
                "Viet Nam (Vietnam)"}  # fmt: skip
    assert expected <= set(table.member)


def test_membership_counts_overlap():
    counts = membership_counts(RECORD.memberships, ["apec", "asean", "arf"], date(1999, 12, 31))
    assert counts["SGP"]["full"] == 3
    assert counts["USA"] == {"full": 2, "partial": 1}  # APEC, ARF; ASEAN dialogue partner


def test_timeline_frame_highlights_a_country_and_its_disputes():
    frame = timeline_frame(
        RECORD,
        ["apec", "eas"],
        focus_member="RUS",
        dispute_claims=DISPUTES["claimant_list"].to_dict(),
    )
    lit = frame[frame.hl]
    assert {"accession", "summit", "incident"} <= set(lit.kind)
    assert set(lit[lit.kind == "summit"].member) == {"RUS"}
    kuriles = RECORD.incidents.index[RECORD.incidents.dispute_id == "kuriles"]
    assert {f"incident:{e}" for e in kuriles} <= set(lit.ref)


def test_timeline_chart_has_lanes_rule_and_selections():
    frame = timeline_frame(RECORD, ["apec"])
    spec = build_timeline(
        frame, lanes=["APEC", DISPUTES_LANE], as_of=date(1997, 12, 31), window=(1989, 2013)
    ).to_dict()
    text = json.dumps(spec)
    assert '"pick"' in text and '"brush"' in text and "as of 31 Dec 1997" in text


def test_resolve_every_kind():
    args = (DISPUTES, CHOKEPOINTS, date(2005, 1, 1), COUNTRIES["name"].to_dict())
    assert resolve(RECORD, ("summit", "apec-1997"), *args).heading.startswith("APEC")
    assert resolve(RECORD, ("country", "FRA"), *args).heading == "France"
    assert "Taiwan" in resolve(RECORD, ("dispute", "senkaku"), *args).facts[0][1]
    assert resolve(RECORD, ("chokepoint", "malacca"), *args).focus is not None
    assert resolve(RECORD, ("summit", "nope"), *args) is None


def _energy_state(date_text: str, layers: tuple[str, ...]):
    from apac.geo import NAMED_VIEWS
    from apac.mapstate import compose_map_state
    from apac.state import ViewState

    view = ViewState(date=date_text, layers=layers)
    return compose_map_state(
        RECORD, COUNTRIES, DISPUTES, CHOKEPOINTS, view, None, NAMED_VIEWS["pacific"]
    )


def _deck_layers(state) -> dict[str, dict]:
    from apac.layers import build_deck

    return {layer["id"]: layer for layer in json.loads(build_deck(state).to_json())["layers"]}


def test_energy_layer_is_opt_in_and_shows_what_was_in_service_on_the_map_date():
    from apac.layers import DEFAULT_LAYERS, TOGGLEABLE_LAYERS

    assert "energy" in TOGGLEABLE_LAYERS and "energy" not in DEFAULT_LAYERS
    assert "energy-sites" not in _deck_layers(_energy_state("2013", DEFAULT_LAYERS))
    for year in ("2005", "2009", "2013"):
        layers = _deck_layers(_energy_state(year, ("energy",)))
        shown = {
            f["id"]
            for key in ("energy-sites", "energy-lines")
            for f in layers.get(key, {}).get("data", [])
        }
        opened = {
            r.energy_id
            for r in RECORD.energy.itertuples()
            if r.start_date.last <= date(int(year), 12, 31)
        }
        assert shown == opened, year
    assert opened == set(RECORD.energy.index)


def test_energy_tooltips_are_text_and_say_lines_are_schematic():
    from apac.layers import TOOLTIP, energy_features

    frame = RECORD.energy.copy()
    frame.loc[frame.index[0], "name"] = "<img src=x onerror=alert(1)>"
    features = {f["id"]: f for f in energy_features(frame)}
    # the hostile name is carried as it is and shown through a text template, never as HTML
    assert features[frame.index[0]]["name"] == "<img src=x onerror=alert(1)>"
    assert "html" not in TOOLTIP and "{name}" in TOOLTIP["text"]
    for row in RECORD.energy.itertuples():
        tip = features[row.energy_id]["tip"]
        assert row.source_id in tip and row.start_date.label in tip and "<" not in tip
        assert ("Schematic" in tip) == (row.geometry == "line")


def test_map_labels_wrap_long_slash_names_without_changing_a_word():
    from apac.layers import map_label

    for name in DISPUTES["name"]:
        label = map_label(name)
        assert label.replace("\n", "") == name
        for line in label.split("\n"):
            assert len(line) <= 18 or "/" not in line.rstrip("/"), (name, line)
    assert map_label("Senkaku/Diaoyu") == "Senkaku/Diaoyu"


def test_an_energy_selection_resolves_to_its_facts_and_sources():
    for row in RECORD.energy.itertuples():
        detail = resolve(
            RECORD, ("energy", row.energy_id), DISPUTES, CHOKEPOINTS, date(2013, 1, 1), {}
        )
        facts = dict(detail.facts)
        assert detail.heading == row.name and detail.source_ids == [row.source_id]
        assert facts["In service from"] == row.start_date.label
        assert facts["How it is drawn"] == row.placement
    assert (
        resolve(RECORD, ("energy", "no-such-pipe"), DISPUTES, CHOKEPOINTS, date(2013, 1, 1), {})
        is None
    )
