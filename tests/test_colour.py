"""The map's palette survives colour-vision deficiency: every pair that can appear together stays
apart under normal vision and simulated deuteranopia, protanopia and tritanopia; the legend
lists exactly the colours the map draws."""

from __future__ import annotations

import json

import pytest

from apac import colour, data
from apac import layers as L
from apac.colour import (
    MIN_FILL_DELTA_E,
    MIN_MARK_CONTRAST,
    VISIONS,
    composite,
    contrast_ratio,
    delta_e_lab,
    simulate,
    worst_delta_e,
)
from apac.details import resolve
from apac.geo import NAMED_VIEWS
from apac.mapstate import compose_map_state
from apac.state import ViewState

RECORD = data.read_record()
COUNTRIES = data.read_countries()
DISPUTES = data.read_disputes()
CHOKEPOINTS = data.read_chokepoints()


def _name(rgba) -> str:
    return "rgb(" + ",".join(str(round(v)) for v in rgba[:3]) + ")"


# ---------------------------------------------------------------------------- the tools


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # Sharma, Wu & Dalal (2005), table 1: pairs 1, 7, 19, 25, 34
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
    ],
)
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected):
    assert delta_e_lab(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_simulation_keeps_greys_and_merges_red_with_green():
    for kind in colour.CVD_MATRICES:
        for grey in ([0, 0, 0], [128, 128, 128], [255, 255, 255]):
            assert simulate(grey, kind) == pytest.approx(grey, abs=0.6)
    red, green, blue, yellow = [213, 94, 0], [0, 158, 115], [0, 114, 178], [240, 228, 66]
    normal = colour.delta_e(red, green)
    for kind in ("deuteranopia", "protanopia"):
        assert colour.delta_e(simulate(red, kind), simulate(green, kind)) < normal / 2
    # tritanopia loses blue-yellow, not red-green
    assert colour.delta_e(*(simulate(c, "tritanopia") for c in (red, green))) > normal / 2
    assert worst_delta_e(blue, yellow)[0] < colour.delta_e(blue, yellow)


def test_the_reported_problems_are_caught_by_the_rule():
    """The issue's cases fail the rule: YlGnBu's mint "In 1" on land under deuteranopia, and
    the old dark-teal chokepoint on APEC blue (1.47:1)."""
    mint = [161, 218, 180]
    distance, vision = min(worst_delta_e(mint, tint) for tint in L.LAND_TINTS)
    assert distance < MIN_FILL_DELTA_E and vision == "deuteranopia"
    old_teal = [0, 94, 94]
    assert contrast_ratio(old_teal, L.INSTITUTION_COLOURS["apec"]) == pytest.approx(1.47, abs=0.01)


# ---------------------------------------------------------------------------- the palette

_INSTITUTION = {tuple(c) for c in L.INSTITUTION_COLOURS.values()}
FILLS: list[tuple[str, list]] = (
    [(f"institution {_name(c)}", list(c)) for c in sorted(_INSTITUTION)]
    + [(f"member of {n + 1}", c) for n, c in enumerate(L.OVERLAP_COLOURS)]
    + [("observer / dialogue partner", L.PARTIAL_ROLE)]
)
BACKGROUNDS: list[tuple[str, list]] = [
    (f"land tint {n}", t) for n, t in enumerate(L.LAND_TINTS)
] + [("ocean", L.OCEAN)]


def _fill_pairs():
    """Every pair of fills that can touch on the map."""
    for name, fill in FILLS:
        for other, background in BACKGROUNDS:
            yield name, fill, other, background
        if fill is not L.PARTIAL_ROLE:  # one institution, or several: beside a partial role
            yield name, fill, "observer / dialogue partner", L.PARTIAL_ROLE
    for n in range(len(L.OVERLAP_COLOURS) - 1):
        step, following = L.OVERLAP_COLOURS[n], L.OVERLAP_COLOURS[n + 1]
        yield f"member of {n + 1}", step, f"member of {n + 2}", following
    for n, tint in enumerate(L.LAND_TINTS):
        yield f"land tint {n}", tint, "ocean", L.OCEAN


FILL_PAIRS = list(_fill_pairs())


@pytest.mark.parametrize(
    ("name", "fill", "other", "background"),
    FILL_PAIRS,
    ids=[f"{a} | {b}" for a, _, b, _ in FILL_PAIRS],
)
def test_fills_that_meet_stay_apart_in_every_vision(name, fill, other, background):
    distance, vision = worst_delta_e(fill, background)
    assert distance >= MIN_FILL_DELTA_E, (
        f"{name} {_name(fill)} and {other} {_name(background)} are {distance:.1f} CIEDE2000 "
        f"apart under {vision} (at least {MIN_FILL_DELTA_E} wanted)"
    )


#: (mark, core colour, edge colour) for everything drawn over the fills.
MARKS = [
    ("chokepoint", L.CHOKEPOINT, L.CHOKEPOINT_CASING),
    ("summit host city", L.SUMMIT, L.SUMMIT_EDGE),
    ("disputed territory", composite(L.DISPUTE_FILL, L.LAND), L.DISPUTE_LINE),
    ("selection outline / ring", L.SELECTION_LINE, L.SELECTION_HALO),
]


@pytest.mark.parametrize(("mark", "core", "edge"), MARKS, ids=[m[0] for m in MARKS])
def test_marks_stand_out_on_every_fill_in_every_vision(mark, core, edge):
    for vision in VISIONS:
        c, e = simulate(core, vision), simulate(edge, vision)
        assert contrast_ratio(c, e) >= MIN_MARK_CONTRAST, f"{mark}: core vs edge, {vision}"
        for name, fill in FILLS + BACKGROUNDS:
            f = simulate(fill, vision)
            best = max(contrast_ratio(c, f), contrast_ratio(e, f))
            assert best >= MIN_MARK_CONTRAST, (
                f"{mark} on {name} {_name(fill)} under {vision}: {best:.2f}:1 from its core "
                f"{_name(core)} or edge {_name(edge)} (at least {MIN_MARK_CONTRAST}:1 wanted)"
            )


# ------------------------------------------------------------------ legend = what is drawn


def _drawn(view: ViewState) -> tuple[set, set, dict]:
    """(fill colours of the countries, colours of every other layer, layers by id)."""
    detail = resolve(
        RECORD, view.selection, DISPUTES, CHOKEPOINTS, view.as_of, COUNTRIES["name"].to_dict()
    )
    state = compose_map_state(
        RECORD, COUNTRIES, DISPUTES, CHOKEPOINTS, view, detail, NAMED_VIEWS["pacific"]
    )
    layers = {x["id"]: x for x in json.loads(L.build_deck(state).to_json())["layers"]}
    fills = {tuple(c) for c in state.country_colors}
    others = set()
    for layer_id, layer in layers.items():
        if layer_id in {"ocean", "countries", "other-disputed", "dispute-labels"}:
            continue
        for key in ("getColor", "getFillColor", "getLineColor"):
            value = layer.get(key)
            if isinstance(value, list) and (key != "getFillColor" or layer.get("filled", True)):
                others.add(tuple(value))
    return fills, others, layers


VIEWS = [
    ViewState(date="1999", institutions=("apec",)),
    ViewState(date="2005", institutions=("asean",), select="country:CHN"),
    ViewState(date="2011", institutions=("apec", "eas", "sco", "arf", "asean", "apt")),
    ViewState(date="1997-12", institutions=("asean", "apt"), select="summit:apt-1997"),
    ViewState(date="2012", institutions=("sco",), select="chokepoint:malacca"),
]


@pytest.mark.parametrize("view", VIEWS, ids=[f"{v.date}-{'+'.join(v.institutions)}" for v in VIEWS])
def test_the_legend_lists_exactly_the_colours_drawn(view):
    items = L.legend_items(view)
    fills, others, layers = _drawn(view)
    legend_fills = {tuple(i.rgba) for i in items if i.shape == "fill"}
    legend_marks = {tuple(c) for i in items if i.shape != "fill" for c in (i.rgba, i.edge) if c}
    assert fills <= legend_fills, f"drawn but not in the legend: {fills - legend_fills}"
    assert others <= legend_marks, f"marks drawn but not in the legend: {others - legend_marks}"
    # what the legend says about marks is drawn: every mark colour it lists is on the map
    # (the summit-member rings only when a summit is selected)
    drawn_marks = others
    for item in items:
        if item.shape == "fill":
            continue
        if item.shape in {"ring", "small-ring"} and not view.select:
            continue
        assert tuple(item.rgba) in drawn_marks, f"{item.label}: {item.rgba} is not drawn"
    # the selection is drawn, never filled: a selected country keeps its fill
    if view.selection and view.selection[0] == "country":
        assert "selection-outline" in layers and "selection-outline-halo" in layers
        unselected = ViewState(date=view.date, institutions=view.institutions)
        assert fills == _drawn(unselected)[0]
    if view.selection and view.selection[0] in {"summit", "chokepoint"}:
        assert layers["selection-ring"]["data"] and not layers["selection-ring"]["pickable"]
