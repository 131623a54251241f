"""Every page and widget through Streamlit's AppTest: no exception, the right content."""

from __future__ import annotations

import csv
import html
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")
PAGES = [
    "pages/explore.py",
    "pages/disputes.py",
    "pages/chokepoints.py",
    "pages/institutions.py",
    "pages/sources.py",
]


def _run(page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _instrument(at: AppTest, role: str = "map") -> dict:
    """What the instrument component was given (apac.instrument.MapSpec / TimelineSpec)."""
    for element in at.get("bidi_component"):
        data = json.loads(element.proto.json)
        if data.get("role") == role:
            return data
    raise AssertionError(f"no {role} instrument on the page")


def _deck(at: AppTest) -> dict:
    """The map's deck JSON: the instrument's, or a st.pydeck_chart's (pages without one)."""
    if at.get("bidi_component"):
        return _instrument(at)["deck"]
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def _headline(at: AppTest) -> str:
    return next(_shown(m.value) for m in at.markdown if "showing" in m.value)


def _shown(markdown: str) -> str:
    """Escaped markdown as a reader sees it (apac.text.md undone)."""
    return re.sub(r"\\(.)", r"\1", markdown.replace("\u2060", ""))


def _table(at: AppTest):
    """The footprint table (an HTML table whose cells are escaped markdown), as displayed."""
    table = at.table[-1].value.reset_index()
    return table.map(lambda v: _shown(str(v)))


def test_explore_draws_an_offline_map():
    at = _run()
    deck = _deck(at)
    assert "mapStyle" not in deck or deck.get("mapProvider") in (None, "")
    assert "carto" not in json.dumps(deck).lower()
    ids = [layer["id"] for layer in deck["layers"]]
    assert {"countries", "disputes", "chokepoints", "summits"} <= set(ids)


@pytest.mark.parametrize(("year", "count"), [("1996", 18), ("1999", 21)])
def test_link_lists_apec_economies(year, count):
    at = _run(date=year, inst="apec")
    table = _table(at)
    assert len(table) == count
    if year == "1999":
        assert {"Russia", "Peru", "Viet Nam (Vietnam)"} <= set(table["Member"])
    assert "end of that year" in _headline(at)
    assert _instrument(at)["date"] == f"{year}-12-31" and _instrument(at)["dateParam"] == year


def test_a_month_link_gives_month_precision():
    at = _run(inst="apec", date="1998-10")
    assert len(_table(at)) == 18  # Peru, Russia and Viet Nam join on 14 Nov 1998
    assert _instrument(at)["date"] == "1998-10-31"
    assert _instrument(at, "timeline")["date"] == "1998-10-31"


def test_institutions_and_layers_widgets():
    at = _run(date="2013", inst="apec")
    at.multiselect(key="w_inst").set_value(["eas", "sco"]).run()
    table = _table(at)
    assert set(table["Institution"]) == {"EAS", "SCO"}
    assert at.query_params["inst"] == "eas,sco"
    at.pills(key="w_layers").set_value(["chokepoints"]).run()
    ids = [layer["id"] for layer in _deck(at)["layers"]]
    assert "disputes" not in ids and "summits" not in ids and "chokepoints" in ids


def test_country_and_dispute_selectors_fill_the_detail_panel():
    at = _run(date="2010")
    at.selectbox(key="w_country").set_value("RUS").run()
    assert any(m.value == "#### Russia" for m in at.markdown)
    assert at.query_params["select"] == "country:RUS"
    at.selectbox(key="w_dispute").set_value("senkaku").run()
    assert any(_shown(m.value) == "#### Senkaku/Diaoyu" for m in at.markdown)


def test_named_view_moves_the_camera():
    at = _run()
    at.selectbox(key="w_view").set_value("south-china-sea").run()
    view = _deck(at)["initialViewState"]
    assert (round(view["longitude"]), round(view["latitude"])) == (114, 13)
    assert at.query_params["view"] == "south-china-sea"


def test_window_slider_sets_the_window_the_browser_filters_by():
    at = _run(inst="apec")
    summits = [layer for layer in _deck(at)["layers"] if layer["id"] == "summits"][0]
    # Every APEC summit goes to the browser, each with its day; the browser shows those of
    # the date it draws, within the window (static/instrument/dates.js shownOn).
    with (ROOT / "events" / "summits.csv").open(encoding="utf-8") as f:
        apec = [row for row in csv.DictReader(f) if row["institution_id"] == "apec"]
    assert sorted(p["id"] for p in summits["data"]) == sorted(r["summit_id"] for r in apec)
    assert all(isinstance(p["day"], int) for p in summits["data"])
    at.slider(key="w_window").set_value((1995, 1997)).run()
    assert _instrument(at)["window"] == [1995, 1997]
    assert at.query_params["window"] == "1995-1997"
    at.button(key="w_whole").click().run()
    assert _instrument(at)["window"] == [1989, 2013] and "window" not in at.query_params


@pytest.mark.parametrize(
    "query",
    [
        {"date": "abc"},
        {"inst": "nato"},
        {"scene": "999"},
        {"layers": "<script>"},
        {"select": "summit:nope"},
    ],
)
def test_bad_link_gives_a_notice_and_a_working_page(query):
    at = _run(**query)
    assert at.warning and "could not be used" in at.warning[0].value
    assert _deck(at)["layers"]


@pytest.mark.parametrize("page", PAGES[1:])
def test_every_page_renders(page):
    at = _run(page)
    assert at.title


def test_sources_page_lists_every_source_and_filters():
    from apac.data import read_record

    total = len(read_record().sources)
    at = _run("pages/sources.py")
    assert at.caption[0].value == f"{total} of {total} sources"
    assert len(at.dataframe[0].value) == total
    at.text_input(key="source_filter").set_value("APEC").run()
    shown = at.dataframe[0].value
    assert 0 < len(shown) < total
    assert all("apec" in " ".join(map(str, row)).lower() for row in shown.itertuples())


def test_sources_page_shows_the_naming_rule():
    from apac import text
    from apac.data import read_descriptor

    rule = read_descriptor()["x_naming_rule"]
    at = _run("pages/sources.py")
    assert "How places are named" in [h.value for h in at.subheader]
    shown = [m.value for m in at.markdown]
    assert rule and all(f"- {text.md(paragraph)}" in shown for paragraph in rule)


def test_disputes_page_lists_claimants_and_names():
    at = _run("pages/disputes.py")
    text = _shown(" ".join(m.value for m in at.markdown))
    assert "Senkaku/Diaoyu" in _shown(" ".join(t.label for t in at.tabs))
    assert "Claimants:" in text


@pytest.mark.parametrize("number", [21, 22, 23, 24])
def test_part_two_scenes_draw_their_map_and_sources(number):
    """The appended scenes (energy, the pivot, Russia-ASEAN, the peninsula) render: the energy
    scene draws the energy layer, every scene names its sources."""
    from apac.data import read_record

    scene = read_record().scenes.loc[number]
    at = _run("pages/briefing.py", scene=str(number))
    html_blocks = " ".join(m.value for m in at.markdown)
    assert html.escape(scene.title) in html_blocks
    ids = [layer["id"] for layer in _deck(at)["layers"]]
    assert ("energy-sites" in ids) == ("energy" in scene.layers.split(","))


def test_energy_selector_fills_the_detail_panel_and_shows_the_item():
    from apac import text
    from apac.data import read_record

    kozmino = read_record().energy.loc["kozmino"]
    at = _run(date="2013", inst="apec")  # the energy layer is off by default
    assert "energy-sites" not in [layer["id"] for layer in _deck(at)["layers"]]
    at.selectbox(key="w_energy").set_value("kozmino").run()
    assert at.query_params["select"] == "energy:kozmino"
    shown = [m.value for m in at.markdown]
    assert f"#### {text.md(kozmino['name'])}" in shown
    assert any(kozmino.start_date.label in text_ for text_ in shown)
    layers = {layer["id"]: layer for layer in _deck(at)["layers"]}
    assert "energy-sites" in layers  # shown although the layer is off: it is selected
    (ring,) = layers["selection-ring"]["data"]  # ringed like every selected place
    assert (ring["lon"], ring["lat"]) == tuple(kozmino.path[0])


def test_country_panel_names_roles_as_of_the_date():
    """China in 1999 was ASEAN's dialogue partner, not 'in' ASEAN; counts follow the date."""
    from datetime import date

    from apac.data import read_record
    from apac.details import roles_of, summits_hosted
    from apac.membership import footprint_table, role_summary

    record, on = read_record(), date(1999, 12, 31)
    at = _run(date="1999", inst="asean", select="country:CHN")
    shown = _shown(" ".join(m.value for m in at.markdown))
    for label, value in [*roles_of(record, "CHN", on), summits_hosted(record, "CHN", on)]:
        assert f"**{label}:** {value}" in shown
    assert "**Dialogue partner of (1) as of 31 Dec 1999:** ASEAN" in shown
    table = footprint_table(record.memberships, record.institutions, record.entities, ["asean"], on)
    assert any(role_summary(table) in _shown(c.value) for c in at.caption)


def test_briefing_map_is_the_instrument_set_for_the_room():
    """One instrument for every scene (no time control, no wheel zoom, a new date walked to),
    the subject framed, readable citations; Next moves it to the next scene's date."""
    from apac import text
    from apac.data import read_record
    from apac.framing import SafeArea, place_in_frame
    from apac.geo import NamedView
    from apac.ui_briefing import MAP_ASPECT

    record = read_record()
    at = _run("pages/briefing.py", scene="13")
    spec = _instrument(at)
    assert (spec["timeControl"], spec["scrollZoom"]) == (False, False)
    assert spec["animateMs"] > 0 and "var(" in spec["height"]
    assert spec["date"] == record.scenes.loc[13, "date"].iso
    camera = spec["deck"]["initialViewState"]
    view = NamedView("x", "x", camera["longitude"], camera["latitude"], camera["zoom"])
    incident = record.incidents.loc[record.scenes.loc[13, "select"].partition(":")[2]]
    fx, fy = place_in_frame(view, incident.lon, incident.lat, MAP_ASPECT)
    safe = SafeArea()
    assert safe.left <= fx <= safe.right and safe.top <= fy <= safe.bottom + 1e-6
    shown = " ".join(m.value for m in at.markdown)
    for source_id in record.scenes.loc[13, "source_ids"].split(";"):
        assert text.md(record.sources.loc[source_id, "title"]) in shown
    at.button(key="next").click().run()
    assert "Scene 14 of" in " ".join(m.value for m in at.markdown)
    assert _instrument(at)["date"] == record.scenes.loc[14, "date"].iso
