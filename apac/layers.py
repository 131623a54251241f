"""pydeck layers and build_deck(...): the offline, Pacific-centred map (returns, never renders)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import pydeck as pdk

from apac.dates import epoch_day
from apac.geo import NAMED_VIEWS, NamedView, pacific_lon
from apac.paths import STATIC_URL

RGBA = list[int]

OCEAN: RGBA = [230, 240, 252, 255]
LAND: RGBA = [214, 212, 204, 255]
#: Seven close greys indexed by Natural Earth's MAPCOLOR7, so neighbours differ without outlines.
LAND_TINTS: list[RGBA] = [
    [214, 212, 204, 255],
    [206, 204, 196, 255],
    [220, 218, 210, 255],
    [200, 199, 192, 255],
    [211, 208, 198, 255],
    [203, 201, 194, 255],
    [217, 215, 206, 255],
    [209, 207, 200, 255],
]
OTHER_DISPUTED_FILL: RGBA = [255, 255, 255, 150]
OTHER_DISPUTED_LINE: RGBA = [110, 110, 110, 255]
DISPUTE_LINE: RGBA = [20, 20, 20, 255]
DISPUTE_FILL: RGBA = [255, 255, 255, 235]
#: Light cyan over a near-black casing (and a near-black edge on its marker): on a light fill
#: the casing stands out, on a dark one the core does (the old dark teal was 1.47:1 on APEC blue).
CHOKEPOINT: RGBA = [86, 214, 214, 255]
CHOKEPOINT_CASING: RGBA = [20, 20, 20, 255]
#: Near-black host-city dots with a white edge.
SUMMIT: RGBA = [20, 20, 20, 255]
ENERGY: RGBA = [122, 74, 20, 255]  # dark brown: no institution, chokepoint or highlight uses it
ENERGY_LINE: RGBA = [122, 74, 20, 200]
SUMMIT_EDGE: RGBA = [255, 255, 255, 255]
#: Selection is drawn, never filled: a dark line with a white halo around the selected
#: country's outline, and a dark ring with a white halo around a selected point (and smaller
#: rings on the members at a selected summit). The country keeps its fill, so the legend's
#: colours stay true; dark or white shows on any fill.
SELECTION_LINE: RGBA = [17, 17, 17, 255]
SELECTION_HALO: RGBA = [255, 255, 255, 255]

#: Layers a person can switch on and off (ids as used in the URL's `layers=`).
TOGGLEABLE_LAYERS = {
    "disputes": "Disputed territories",
    "chokepoints": "Chokepoints",
    "summits": "Summit host cities",
    "energy": "Energy: pipelines and terminals",
}
#: "energy" is off unless asked for, so links written before it existed keep their meaning.
DEFAULT_LAYERS = ("disputes", "chokepoints", "summits")

#: A text template (deck.gl sets innerText): names and notes from data can never become markup.
TOOLTIP = {
    "text": "{name}\n{tip}",
    "style": {
        "backgroundColor": "#1b1b1b",
        "color": "#ffffff",
        "padding": "8px",
        "fontSize": "15px",
        "maxWidth": "320px",
        "whiteSpace": "pre-line",
    },
}


@dataclass(frozen=True)
class MapState:
    """Everything the map needs to draw; built by pages from the app state."""

    view: NamedView = NAMED_VIEWS["pacific"]
    layers: Sequence[str] = DEFAULT_LAYERS
    #: One colour per feature of static/countries.geojson (property `i`); None: plain land.
    country_colors: list[RGBA] | None = None
    disputes: pd.DataFrame | None = None
    chokepoints: pd.DataFrame | None = None
    summits: pd.DataFrame | None = None
    #: Dated incidents, drawn with the disputes layer (the browser shows those of its date).
    incidents: pd.DataFrame | None = None
    #: A changing value that tells deck.gl to recompute the country colours.
    color_key: str = ""
    entity_names: dict[str, str] = field(default_factory=dict)
    #: The selected place {"lon", "lat"} (Pacific frame): a dispute, chokepoint, summit city or
    #: incident, drawn with a ring (not pickable: a click goes to what is under it).
    ring: dict | None = None
    #: Smaller rings {"lon", "lat", "name"} on the members at a selected summit's date.
    member_rings: list[dict] = field(default_factory=list)
    #: The selected country's outline: paths of [lon, lat] (Pacific frame), drawn over its fill.
    outline: list[list[list[float]]] | None = None
    #: Served copies of dispute_points / chokepoint_points (None: send the points inline).
    dispute_points_url: str | None = None
    chokepoint_points_url: str | None = None
    #: Energy sites and schematic pipelines in service on the map date (events/energy.csv).
    energy: pd.DataFrame | None = None


def _lookup_expression(prop: str, values: list[RGBA], default: RGBA) -> str:
    """A deck.gl JSON expression mapping an integer property to a colour.

    deck.gl's expression evaluator takes ternaries, comparisons, `||` and array literals (not
    indexing into a literal), so features that share a colour are grouped into one test.
    """
    groups: dict[tuple[int, ...], list[int]] = {}
    for index, colour in enumerate(values):
        if list(colour) != list(default):
            groups.setdefault(tuple(colour), []).append(index)
    expr = json.dumps(default, separators=(",", ":"))
    for colour, indices in sorted(groups.items(), key=lambda kv: len(kv[1])):
        test = "||".join(f"properties.{prop}=={i}" for i in indices)
        expr = f"({test})?{json.dumps(list(colour), separators=(',', ':'))}:{expr}"
    return expr


def _colour_expression(colors: list[RGBA] | None) -> str:
    """Land tints by MAPCOLOR7 when nothing is coloured; otherwise one colour per feature `i`."""
    if colors is None:
        return _lookup_expression("mc", LAND_TINTS, LAND_TINTS[0])
    return _lookup_expression("i", colors, LAND)


def ocean_layer() -> pdk.Layer:
    return pdk.Layer(
        "SolidPolygonLayer",
        id="ocean",
        data=[{"polygon": [[-30, -84], [350, -84], [350, 84], [-30, 84]]}],
        get_polygon="polygon",
        get_fill_color=OCEAN,
        pickable=False,
    )


def countries_layer(colors: list[RGBA] | None, color_key: str) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        id="countries",
        data=f"/{STATIC_URL}/countries.geojson",
        filled=True,
        stroked=False,
        get_fill_color=_colour_expression(colors),
        update_triggers={"getFillColor": color_key},
        pickable=True,
        auto_highlight=False,
    )


def other_disputed_layer() -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        id="other-disputed",
        data=f"/{STATIC_URL}/other_disputed.geojson",
        filled=True,
        stroked=True,
        get_fill_color=OTHER_DISPUTED_FILL,
        get_line_color=OTHER_DISPUTED_LINE,
        line_width_min_pixels=1,
        pickable=True,  # small: its tooltip gives Natural Earth's note
    )


#: The selected place's ring: radius and line width in pixels (its white halo is 4 px wider).
SELECTION_RING_RADIUS, SELECTION_RING_LINE = 17, 4
#: A dispute label's padding (x, y) in pixels around its text.
LABEL_PADDING = (4, 2)
#: How far a label beside its marker starts from the marker's centre: clear of the selected
#: ring's halo (radius + half the halo's width) with its padding and 1 px to spare, so a
#: selected dispute's ring never covers the end of its own name.
LABEL_DX = SELECTION_RING_RADIUS + (SELECTION_RING_LINE + 4) // 2 + LABEL_PADDING[0] + 1

#: Where each dispute's label sits relative to its marker, so close neighbours do not collide.
_LABEL_PLACEMENT: dict[str, tuple[str, list[int]]] = {
    "paracels": ("end", [-LABEL_DX, -4]),
    "scarborough": ("start", [LABEL_DX, -16]),
    "spratlys": ("start", [LABEL_DX, 24]),
    "senkaku": ("end", [-LABEL_DX, 0]),
    "kuriles": ("start", [LABEL_DX, 0]),
    "dokdo": ("end", [-LABEL_DX, 0]),
}


def map_label(name: str, width: int = 18) -> str:
    """A slash name wrapped after its slashes into lines of about `width` characters: the map's
    labels carry every claimant's name, so they are long (the words themselves are unchanged)."""
    parts = [p + "/" for p in name.split("/")]
    parts[-1] = parts[-1][:-1]
    lines = [""]
    for part in parts:
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(lines)


def dispute_points(disputes: pd.DataFrame, names: dict[str, str] | None = None) -> list[dict]:
    """One labelled, ringed marker per dispute (the same for every view: served from static/)."""
    return [
        {
            "id": row.dispute_id,
            "kind": "dispute",
            "name": row.name,
            "label": map_label(row.name),
            "tip": "Disputed · claimed by "
            + ", ".join((names or {}).get(c, c) for c in row.claimant_list)
            + f"\nSource: {row.source_id}",
            "lon": row.label_lon,
            "lat": row.label_lat,
            "anchor": _LABEL_PLACEMENT.get(row.dispute_id, ("middle", [0, -22]))[0],
            "offset": _LABEL_PLACEMENT.get(row.dispute_id, ("middle", [0, -22]))[1],
        }
        for row in disputes.itertuples()
    ]


def dispute_layers(
    disputes: pd.DataFrame,
    names: dict[str, str] | None = None,
    points_url: str | None = None,
) -> list[pdk.Layer]:
    """Neutral outlines plus a ringed marker with a minimum pixel size: never a claimant's fill.

    `points_url`: the served copy of dispute_points(...); None sends the points inline.
    """
    points = points_url or dispute_points(disputes, names)
    return [
        pdk.Layer(
            "GeoJsonLayer",
            id="dispute-outlines",
            data=f"/{STATIC_URL}/disputes.geojson",
            filled=False,
            stroked=True,
            get_line_color=DISPUTE_LINE,
            line_width_min_pixels=1.5,
            pickable=False,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id="disputes",
            data=points,
            get_position=["lon", "lat"],
            get_radius=60000,
            radius_min_pixels=9,
            radius_max_pixels=40,
            filled=True,
            stroked=True,
            get_fill_color=DISPUTE_FILL,
            get_line_color=DISPUTE_LINE,
            line_width_min_pixels=3,
            pickable=True,
        ),
        pdk.Layer(
            "TextLayer",
            id="dispute-labels",
            data=points,
            get_position=["lon", "lat"],
            get_text="label",
            get_size=15,
            get_color=[20, 20, 20, 255],
            get_pixel_offset="offset",
            get_text_anchor="anchor",
            # quoted: pydeck treats a bare string as an expression
            font_family='"Helvetica, Arial, sans-serif"',
            font_weight=700,
            background=True,
            get_background_color=[255, 255, 255, 215],
            background_padding=list(LABEL_PADDING),
            pickable=False,
        ),
    ]


def chokepoint_points(chokepoints: pd.DataFrame) -> list[dict]:
    """Each chokepoint's axis and marker (the same for every view: served from static/)."""
    return [
        {
            "id": row.chokepoint_id,
            "kind": "chokepoint",
            "name": row.name,
            "tip": f"Chokepoint · {row.connects}\nSource: {row.source_id}",
            "lon": row.lon,
            "lat": row.lat,
            "path": row.axis,
        }
        for row in chokepoints.itertuples()
    ]


def chokepoint_layers(chokepoints: pd.DataFrame, points_url: str | None = None) -> list[pdk.Layer]:
    """Each strait's axis in cyan over a dark casing, and a pickable cyan dot with a dark edge."""
    points = points_url or chokepoint_points(chokepoints)
    return [
        pdk.Layer(
            "PathLayer",
            id="chokepoint-casing",
            data=points,
            get_path="path",
            get_color=CHOKEPOINT_CASING,
            width_min_pixels=8,
            cap_rounded=True,
            pickable=False,
        ),
        pdk.Layer(
            "PathLayer",
            id="chokepoint-axes",
            data=points,
            get_path="path",
            get_color=CHOKEPOINT,
            width_min_pixels=4,
            cap_rounded=True,
            pickable=False,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id="chokepoints",
            data=points,
            get_position=["lon", "lat"],
            get_radius=30000,
            radius_min_pixels=7,
            filled=True,
            stroked=True,
            get_fill_color=CHOKEPOINT,
            get_line_color=CHOKEPOINT_CASING,
            line_width_min_pixels=2,
            pickable=True,
        ),
    ]


ENERGY_KINDS = {
    "oil-pipeline": "Oil pipeline",
    "gas-pipeline": "Gas pipeline",
    "oil-terminal": "Oil terminal",
    "lng-plant": "LNG plant",
}


def energy_features(energy: pd.DataFrame) -> list[dict]:
    """One feature per energy row; names and notes stay plain text (the tooltip is a text
    template, so nothing from the data can become markup)."""
    out = []
    for row in energy.itertuples():
        schematic = (
            "\nSchematic: straight lines through sourced towns, not the route"
            if row.geometry == "line"
            else ""
        )
        out.append(
            {
                "id": row.energy_id,
                "kind": "energy",
                "geometry": row.geometry,
                "name": row.name,
                "tip": f"{ENERGY_KINDS.get(row.kind, row.kind)} · in service from "
                f"{row.start_date.label}{schematic}\nSource: {row.source_id}",
                "lon": row.path[0][0],
                "lat": row.path[0][1],
                "path": row.path,
                # in service from the last day its opening date can mean (certain by then)
                "day": epoch_day(row.start_date.last),
            }
        )
    return out


def energy_layers(energy: pd.DataFrame) -> list[pdk.Layer]:
    """Schematic pipelines (thin lines) and terminals/plants (brown dots), both pickable; a
    selected one is ringed like every selected place (ring_layers)."""
    features = energy_features(energy)
    return [
        pdk.Layer(
            "PathLayer",
            id="energy-lines",
            data=[f for f in features if f["geometry"] == "line"],
            get_path="path",
            get_color=ENERGY_LINE,
            width_min_pixels=3,
            cap_rounded=True,
            joint_rounded=True,
            pickable=True,
            in_service_field="day",
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id="energy-sites",
            data=[f for f in features if f["geometry"] == "point"],
            get_position=["lon", "lat"],
            get_radius=30000,
            radius_min_pixels=6,
            filled=True,
            stroked=True,
            get_fill_color=ENERGY,
            get_line_color=[255, 255, 255, 255],
            line_width_min_pixels=2,
            pickable=True,
            in_service_field="day",
        ),
    ]


#: Okabe-Ito colours per institution (colour-blind safe); used when one institution is shown.
INSTITUTION_COLOURS: dict[str, RGBA] = {
    "apec": [0, 114, 178, 255],
    "asean": [0, 158, 115, 255],
    "arf": [86, 180, 233, 255],
    "apt": [230, 159, 0, 255],
    "eas": [213, 94, 0, 255],
    "shanghai-five": [204, 121, 167, 255],
    "sco": [204, 121, 167, 255],
    "six-party": [90, 90, 90, 255],
    "cjk": [230, 159, 0, 255],
    "admm-plus": [0, 158, 115, 255],
    "p4": [86, 180, 233, 255],
    "tpp": [0, 114, 178, 255],
    "wto": [90, 90, 90, 255],
    "cmi": [213, 94, 0, 255],
}
#: "Member of N of the chosen institutions": ColorBrewer YlGnBu's green-to-navy run, re-spaced
#: in lightness (CIELAB L* 77, 62, 48, 33, 15 below the land's 80-87) so that under
#: deuteranopia, protanopia and tritanopia each step stays apart from the next and from plain
#: land (YlGnBu's own mint "In 1" was 4 CIEDE2000 units from the land under deuteranopia).
OVERLAP_COLOURS: list[RGBA] = [
    [99, 212, 134, 255],
    [71, 154, 226, 255],
    [41, 121, 154, 255],
    [49, 71, 156, 255],
    [32, 15, 112, 255],
]
PARTIAL_ROLE: RGBA = [240, 228, 66, 255]  # Okabe-Ito yellow: observer / dialogue partner only


def footprint_colour(full: int, partial: int, institution_ids: Sequence[str]) -> RGBA | None:
    """Colour of one country: None when it belongs to none of the chosen institutions."""
    if full == 0:
        return PARTIAL_ROLE if partial else None
    if len(institution_ids) == 1:
        return INSTITUTION_COLOURS.get(institution_ids[0], OVERLAP_COLOURS[2])
    return OVERLAP_COLOURS[min(full, len(OVERLAP_COLOURS)) - 1]


def footprint_colours(
    feature_codes: Sequence[str],
    counts: dict[str, dict[str, int]],
    institution_ids: Sequence[str],
) -> list[RGBA]:
    """One colour per country feature, in static/countries.geojson order (a selected country
    keeps its colour: the selection is an outline drawn over it)."""
    return [
        footprint_colour(c["full"], c["partial"], institution_ids) or LAND
        for c in (counts.get(code, {"full": 0, "partial": 0}) for code in feature_codes)
    ]


def summit_layer(summits: pd.DataFrame, entity_names: dict[str, str]) -> pdk.Layer:
    """One marker per summit, latest on top. `day` (the last day its date can mean, as a
    membership's start counts) lets the browser show those held by the date it draws."""
    points = []
    for r in summits.sort_values("start_date", key=lambda s: s.map(lambda d: d.first)).itertuples():
        points.append(
            {
                "id": r.summit_id,
                "name": f"{r.city}, {entity_names.get(r.host, r.host)}",
                "tip": f"{r.start_date.label}: {r.title}\nSource: {r.source_id}",
                "lon": pacific_lon(float(r.lon)),
                "lat": float(r.lat),
                "day": epoch_day(r.start_date.last),
            }
        )
    return pdk.Layer(
        "ScatterplotLayer",
        id="summits",
        data=points,
        get_position=["lon", "lat"],
        get_radius=45000,
        radius_min_pixels=6,
        radius_max_pixels=30,
        filled=True,
        stroked=True,
        get_fill_color=SUMMIT,
        get_line_color=SUMMIT_EDGE,
        line_width_min_pixels=2,
        pickable=True,
        as_of_field="day",
    )


INCIDENT: RGBA = [204, 121, 167, 255]  # the timeline's incident colour (Okabe-Ito pink)


def incident_layer(incidents: pd.DataFrame) -> pdk.Layer:
    """One small marker per dated incident (with the disputes layer); `day` as for summits."""
    points = [
        {
            "id": r.event_id,
            "name": r.title,
            "tip": f"{r.date.label} · {r.place}\nSource: {r.source_id}",
            "lon": pacific_lon(float(r.lon)),
            "lat": float(r.lat),
            "day": epoch_day(r.date.last),
        }
        for r in incidents.itertuples()
    ]
    return pdk.Layer(
        "ScatterplotLayer",
        id="incidents",
        data=points,
        get_position=["lon", "lat"],
        get_radius=25000,
        radius_min_pixels=4,
        radius_max_pixels=14,
        filled=True,
        stroked=True,
        get_fill_color=INCIDENT,
        get_line_color=SELECTION_LINE,
        line_width_min_pixels=1.5,
        pickable=True,
        as_of_field="day",
    )


def _rings(layer_id: str, points: list[dict], radius: int, line: int) -> list[pdk.Layer]:
    """A dark ring over a wider white one: visible on every fill and marker (not pickable).

    Sizes in pixels are set by clamping: pydeck would turn a bare "pixels" units string into
    an expression."""
    if not points:
        return []
    return [
        pdk.Layer(
            "ScatterplotLayer",
            id=f"{layer_id}{suffix}",
            data=points,
            get_position=["lon", "lat"],
            get_radius=1,
            radius_min_pixels=radius,
            radius_max_pixels=radius,
            get_line_width=1,
            line_width_min_pixels=width,
            line_width_max_pixels=width,
            filled=False,
            stroked=True,
            get_line_color=colour,
            pickable=False,
        )
        for suffix, width, colour in (
            ("-halo", line + 4, SELECTION_HALO),
            ("", line, SELECTION_LINE),
        )
    ]


def outline_layers(state: MapState) -> list[pdk.Layer]:
    """The selected country's outline, dark over a white halo, drawn over its own fill."""
    if not state.outline:
        return []
    data = [{"path": path} for path in state.outline]
    return [
        pdk.Layer(
            "PathLayer",
            id=f"selection-outline{suffix}",
            data=data,
            get_path="path",
            get_color=colour,
            get_width=1,
            width_min_pixels=width,
            width_max_pixels=width,
            joint_rounded=True,
            pickable=False,
        )
        for suffix, width, colour in (("-halo", 5, SELECTION_HALO), ("", 2, SELECTION_LINE))
    ]


def ring_layers(state: MapState) -> list[pdk.Layer]:
    """A ring around the selected place and smaller rings on the members at a selected summit
    (drawn last, over every marker; never filled, so what is under them stays readable)."""
    layers = _rings("member-rings", state.member_rings, 6, 2)
    if state.ring:
        layers += _rings(
            "selection-ring", [state.ring], SELECTION_RING_RADIUS, SELECTION_RING_LINE
        )
    return layers


@dataclass(frozen=True)
class LegendItem:
    """One legend entry: what it means and exactly the colours the map draws for it.

    `shape`: "fill" (a country's fill), "outline" (the selected country), "ring" (a selected
    place), "small-ring" (members at a selected summit), "dot" (a marker: `rgba` inside,
    `edge` around) or "line" (a chokepoint axis: `rgba` over an `edge` casing).
    """

    label: str
    rgba: RGBA
    description: str = ""
    shape: str = "fill"
    edge: RGBA | None = None


def legend_items(view) -> list[LegendItem]:
    """The legend of a view (anything with .institutions, .layers and .selection): the one
    source of the colours both the map's legend and the tests read."""
    institutions = list(view.institutions)
    items: list[LegendItem] = []
    if len(institutions) == 1:
        colour = INSTITUTION_COLOURS.get(institutions[0], OVERLAP_COLOURS[2])
        items.append(LegendItem("Member", colour, "member, participant or negotiating party"))
    elif institutions:
        last = len(OVERLAP_COLOURS)
        # Only the counts that can occur: a country belongs to at most len(institutions) of them.
        for n, colour in enumerate(OVERLAP_COLOURS[: len(institutions)], start=1):
            label = f"Member of {n}{'+' if n == last else ''}"
            items.append(LegendItem(label, colour, "of the chosen institutions"))
    items += [
        LegendItem("Observer / dialogue partner / signatory", PARTIAL_ROLE, "only"),
        LegendItem("None of them", LAND, "plain land (greys vary only to part neighbours)"),
        LegendItem(
            "Selected", SELECTION_LINE, "country outlined, place ringed", "ring", SELECTION_HALO
        ),
    ]
    selection = getattr(view, "selection", None)
    if selection and selection[0] == "summit":
        items.append(
            LegendItem(
                "Members at the summit",
                SELECTION_LINE,
                "on its date",
                "small-ring",
                SELECTION_HALO,
            )
        )
    layers = set(view.layers)
    if "disputes" in layers:
        items.append(
            LegendItem("Disputed territory", DISPUTE_FILL, "neutral marker", "dot", DISPUTE_LINE)
        )
        items.append(LegendItem("Incident", INCIDENT, "", "dot", SELECTION_LINE))
    if "chokepoints" in layers:
        items.append(LegendItem("Chokepoint", CHOKEPOINT, "strait", "line", CHOKEPOINT_CASING))
    if "summits" in layers:
        items.append(LegendItem("Summit host city", SUMMIT, "", "dot", SUMMIT_EDGE))
    if "energy" in layers or (selection and selection[0] == "energy"):
        items.append(
            LegendItem(
                "Energy site", ENERGY, "oil terminal or LNG plant, from the day it opened", "dot",
                SUMMIT_EDGE,
            )
        )  # fmt: skip
        items.append(
            LegendItem(
                "Pipeline (schematic)", ENERGY_LINE,
                "straight lines through sourced towns, not the route", "line", ENERGY_LINE,
            )
        )  # fmt: skip
    return items


class CompactDeck(pdk.Deck):
    """A pdk.Deck whose JSON has no indentation: about 40% fewer bytes on every map change."""

    def to_json(self) -> str:
        return json.dumps(json.loads(super().to_json()), separators=(",", ":"))


def build_deck(state: MapState, *, other_disputed: bool = True, height: int = 620) -> pdk.Deck:
    """The whole map for a state: no basemap, no outside request."""
    layers: list[pdk.Layer] = [
        ocean_layer(),
        countries_layer(state.country_colors, state.color_key),
    ]
    if other_disputed:
        layers.append(other_disputed_layer())
    layers += outline_layers(state)
    if "chokepoints" in state.layers and state.chokepoints is not None:
        layers.extend(chokepoint_layers(state.chokepoints, state.chokepoint_points_url))
    if "energy" in state.layers and state.energy is not None and len(state.energy):
        layers.extend(energy_layers(state.energy))
    if "disputes" in state.layers and state.disputes is not None:
        layers.extend(dispute_layers(state.disputes, state.entity_names, state.dispute_points_url))
    if "disputes" in state.layers and state.incidents is not None and len(state.incidents):
        layers.append(incident_layer(state.incidents))
    if "summits" in state.layers and state.summits is not None and len(state.summits):
        layers.append(summit_layer(state.summits, state.entity_names))
    layers += ring_layers(state)
    view = pdk.ViewState(
        longitude=state.view.longitude,
        latitude=state.view.latitude,
        zoom=state.view.zoom,
        min_zoom=1,
        max_zoom=9,
        pitch=0,
        bearing=0,
        height=height,
    )
    return CompactDeck(
        layers=layers,
        initial_view_state=view,
        map_provider=None,
        tooltip=TOOLTIP,
        views=[pdk.View(type="MapView", controller=True, repeat=False)],
    )
