"""pydeck layers and build_deck(...): the offline, Pacific-centred map (returns, never renders)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import pydeck as pdk

from apac.geo import NAMED_VIEWS, NamedView, pacific_lon
from apac.paths import STATIC_URL

RGBA = list[int]
_EPOCH = date(1970, 1, 1)

OCEAN: RGBA = [226, 236, 243, 255]
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
CHOKEPOINT: RGBA = [0, 94, 94, 255]
SUMMIT: RGBA = [20, 20, 20, 255]
HIGHLIGHT: RGBA = [118, 42, 131, 255]  # dark purple: distinct from every institution colour
ENERGY: RGBA = [122, 74, 20, 255]  # dark brown: no institution, chokepoint or highlight uses it
ENERGY_LINE: RGBA = [122, 74, 20, 200]

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
    #: Dated incidents, drawn with the disputes layer.
    incidents: pd.DataFrame | None = None
    #: ids of the selected dispute / chokepoint / summit, drawn with a highlight ring.
    highlight_ids: frozenset[str] = field(default_factory=frozenset)
    #: A changing value that tells deck.gl to recompute the country colours.
    color_key: str = ""
    entity_names: dict[str, str] = field(default_factory=dict)
    selected_summit: str | None = None
    selected_incident: str | None = None
    #: A selected incident's place {"name", "tip", "lon", "lat"} (Pacific frame), ringed.
    marker: dict | None = None
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


#: Where each dispute's label sits relative to its marker, so close neighbours do not collide.
_LABEL_PLACEMENT: dict[str, tuple[str, list[int]]] = {
    "paracels": ("end", [-14, -4]),
    "scarborough": ("start", [14, -16]),
    "spratlys": ("start", [14, 24]),
    "senkaku": ("end", [-14, 0]),
    "kuriles": ("start", [14, 0]),
    "dokdo": ("end", [-14, 0]),
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


def _highlight_colour(highlight: frozenset[str], usual: RGBA) -> str | RGBA:
    """The highlight colour for the selected ids, the usual one for the rest: a deck.gl
    expression on the point's id, so the points themselves stay the same (and cacheable)."""
    if not highlight:
        return usual
    test = "||".join(f"id=={json.dumps(i)}" for i in sorted(highlight))
    return f"({test})?{json.dumps(HIGHLIGHT)}:{json.dumps(usual)}"


def dispute_layers(
    disputes: pd.DataFrame,
    highlight: frozenset[str],
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
            get_line_color=_highlight_colour(highlight, DISPUTE_LINE),
            update_triggers={"getLineColor": sorted(highlight)},
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
            background_padding=[4, 2],
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


def chokepoint_layers(
    chokepoints: pd.DataFrame, highlight: frozenset[str], points_url: str | None = None
) -> list[pdk.Layer]:
    points = points_url or chokepoint_points(chokepoints)
    return [
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
            get_line_color=_highlight_colour(highlight, [255, 255, 255, 255]),
            update_triggers={"getLineColor": sorted(highlight)},
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
                "day": _epoch_day(row.start_date.last),
            }
        )
    return out


def energy_layers(energy: pd.DataFrame, highlight: frozenset[str] = frozenset()) -> list[pdk.Layer]:
    """Schematic pipelines (thin lines) and terminals/plants (brown dots), both pickable; the
    selected one in the highlight colour."""
    features = energy_features(energy)
    return [
        pdk.Layer(
            "PathLayer",
            id="energy-lines",
            data=[f for f in features if f["geometry"] == "line"],
            get_path="path",
            get_color=_highlight_colour(highlight, ENERGY_LINE),
            update_triggers={"getColor": sorted(highlight)},
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
            get_line_color=_highlight_colour(highlight, [255, 255, 255, 255]),
            update_triggers={"getLineColor": sorted(highlight)},
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
#: ColorBrewer YlGnBu (colour-blind safe, sequential) for "member of N of the chosen institutions".
OVERLAP_COLOURS: list[RGBA] = [
    [161, 218, 180, 255],
    [65, 182, 196, 255],
    [44, 127, 184, 255],
    [37, 52, 148, 255],
    [8, 29, 88, 255],
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
    selected_code: str | None = None,
) -> list[RGBA]:
    """One colour per country feature, in static/countries.geojson order."""
    colours = []
    for code in feature_codes:
        c = counts.get(code, {"full": 0, "partial": 0})
        colour = footprint_colour(c["full"], c["partial"], institution_ids) or LAND
        if code == selected_code:
            colour = HIGHLIGHT
        colours.append(colour)
    return colours


def _epoch_day(day) -> int:
    return (day - _EPOCH).days


def summit_layer(summits: pd.DataFrame, entity_names: dict[str, str], selected: str | None):
    """One marker per summit, latest on top; `day` lets the browser show those of its date."""
    points = []
    for r in summits.sort_values("start_date", key=lambda s: s.map(lambda d: d.first)).itertuples():
        points.append(
            {
                "id": r.summit_id,
                "name": f"{r.city}, {entity_names.get(r.host, r.host)}",
                "tip": f"{r.start_date.label}: {r.title}\nSource: {r.source_id}",
                "lon": pacific_lon(float(r.lon)),
                "lat": float(r.lat),
                "day": _epoch_day(r.start_date.first),
            }
        )
    lit = frozenset([selected]) if selected else frozenset()
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
        get_fill_color=_highlight_colour(lit, SUMMIT),
        update_triggers={"getFillColor": sorted(lit)},
        get_line_color=[255, 255, 255, 255],
        line_width_min_pixels=2,
        pickable=True,
        as_of_field="day",
    )


INCIDENT: RGBA = [204, 121, 167, 255]  # the timeline's incident colour (Okabe-Ito pink)


def incident_layer(incidents: pd.DataFrame, selected: str | None) -> pdk.Layer:
    """One small marker per dated incident (with the disputes layer); `day` as for summits."""
    points = [
        {
            "id": r.event_id,
            "name": r.title,
            "tip": f"{r.date.label} · {r.place}\nSource: {r.source_id}",
            "lon": pacific_lon(float(r.lon)),
            "lat": float(r.lat),
            "day": _epoch_day(r.date.first),
        }
        for r in incidents.itertuples()
    ]
    lit = frozenset([selected]) if selected else frozenset()
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
        get_line_color=_highlight_colour(lit, [20, 20, 20, 255]),
        update_triggers={"getLineColor": sorted(lit)},
        line_width_min_pixels=1.5,
        pickable=True,
        as_of_field="day",
    )


def marker_layer(marker: dict) -> pdk.Layer:
    """A ring around the selected incident's place (incidents have no layer of their own)."""
    return pdk.Layer(
        "ScatterplotLayer",
        id="selection-marker",
        data=[marker],
        get_position=["lon", "lat"],
        get_radius=50000,
        radius_min_pixels=13,
        filled=False,
        stroked=True,
        get_line_color=HIGHLIGHT,
        line_width_min_pixels=5,
        pickable=True,
    )


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
    if "chokepoints" in state.layers and state.chokepoints is not None:
        layers.extend(
            chokepoint_layers(state.chokepoints, state.highlight_ids, state.chokepoint_points_url)
        )
    if "energy" in state.layers and state.energy is not None and len(state.energy):
        layers.extend(energy_layers(state.energy, state.highlight_ids))
    if "disputes" in state.layers and state.disputes is not None:
        layers.extend(
            dispute_layers(
                state.disputes, state.highlight_ids, state.entity_names, state.dispute_points_url
            )
        )
    if "disputes" in state.layers and state.incidents is not None and len(state.incidents):
        layers.append(incident_layer(state.incidents, state.selected_incident))
    if "summits" in state.layers and state.summits is not None and len(state.summits):
        layers.append(summit_layer(state.summits, state.entity_names, state.selected_summit))
    if state.marker:
        layers.append(marker_layer(state.marker))
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


def legend_items(institution_ids: Sequence[str], layers: Sequence[str]) -> list[dict]:
    """The legend, from the same constants that colour the map: {label, fill, stroke, shape}
    for every colour and marker the map can draw for these choices."""
    items: list[dict] = []
    if len(institution_ids) == 1:
        colour = INSTITUTION_COLOURS.get(institution_ids[0], OVERLAP_COLOURS[2])
        items.append({"label": "Member", "fill": colour})
    elif institution_ids:
        for n, colour in enumerate(OVERLAP_COLOURS[: len(institution_ids)], start=1):
            more = "+" if n == len(OVERLAP_COLOURS) else ""
            label = f"In {n}{more} of {len(institution_ids)}" if n == 1 else f"{n}{more}"
            items.append({"label": label, "fill": colour})
    if institution_ids:
        items.append({"label": "Observer / dialogue partner only", "fill": PARTIAL_ROLE})
    items.append({"label": "Selected", "fill": HIGHLIGHT})
    if "disputes" in layers:
        items.append(
            {
                "label": "Disputed territory",
                "fill": DISPUTE_FILL,
                "stroke": DISPUTE_LINE,
                "shape": "ring",
            }
        )
        items.append({"label": "Incident", "fill": INCIDENT, "shape": "circle"})
    if "chokepoints" in layers:
        items.append({"label": "Chokepoint", "fill": CHOKEPOINT, "shape": "line"})
    if "summits" in layers:
        items.append(
            {"label": "Summit", "fill": SUMMIT, "stroke": [255, 255, 255, 255], "shape": "circle"}
        )
    if "energy" in layers:
        items.append(
            {
                "label": "Energy site",
                "fill": ENERGY,
                "stroke": [255, 255, 255, 255],
                "shape": "circle",
            }
        )
        items.append({"label": "Pipeline (schematic)", "fill": ENERGY_LINE, "shape": "line"})
    return items
