"""The Institutions page through AppTest: overlap charts, the three powers, two-date changes."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")
PAGE = "pages/institutions.py"


def _run(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def _bar_counts(at: AppTest, n: int) -> list[int]:
    """The bar heights of the n-th chart (Streamlit sends its datasets as Arrow tables)."""
    import pyarrow as pa

    for dataset in at.get("vega_lite_chart")[n].proto.datasets:
        frame = pa.ipc.open_stream(dataset.data.data).read_pandas()
        if "count" in frame.columns:
            return frame["count"].to_list()
    raise AssertionError("no bar data in the chart")


def _shown(markdown: str) -> str:
    """Escaped markdown as a reader sees it (apac.text.md undone)."""
    return re.sub(r"\\(.)", r"\1", str(markdown).replace("\u2060", ""))


def _changes(at: AppTest) -> list[tuple[str, str, str]]:
    table = at.table[-1].value.reset_index().map(_shown)
    return list(zip(table["Member"], table["Institution"], table["Change"], strict=True))


def test_a_link_with_compare_lists_the_apec_changes_and_keeps_its_state():
    at = _run(date="1999", compare="1996", inst="apec")
    assert _changes(at) == [
        ("Peru", "APEC", "joined"),
        ("Russia", "APEC", "joined"),
        ("Viet Nam (Vietnam)", "APEC", "joined"),
    ]
    assert at.query_params["compare"] == "1996" and at.query_params["inst"] == "apec"
    assert any("/institutions?date=1999" in c.value and "compare=1996" in c.value for c in at.code)


def test_page_controls_write_the_shared_date_and_comparison():
    at = _run(date="1996", inst="apec")
    before = _bar_counts(at, 0)
    at.slider(key="i_year").set_value(2011).run()
    assert at.query_params["date"] == "2011"
    assert _bar_counts(at, 0) != before  # the overlap follows the date
    at.selectbox(key="i_compare").set_value("1996").run()
    assert at.query_params["compare"] == "1996"
    assert ("Russia", "APEC", "joined") in _changes(at)
    at.selectbox(key="i_month").set_value("June").run()
    assert at.query_params["date"] == "2011-06"
    at.selectbox(key="i_compare").set_value("no comparison").run()
    assert "compare" not in at.query_params


def test_two_overlap_charts_and_the_paths_of_three_powers():
    at = _run(date="2011")
    specs = _specs(at)
    titles = [s.get("title", {}).get("text") for s in specs[:2]]
    assert titles == [
        "Economic: members per exact combination",
        "Political-security: members per exact combination",
    ]
    paths = specs[2]
    assert [p["title"]["text"] for p in paths["vconcat"]] == ["Russia", "United States", "China"]
    links = {_shown(p.proto.label): p.proto.query_string for p in at.get("page_link")}
    russia = links["Russia on Explore, same date"]
    assert "date=2011" in russia and "select=country%3ARUS" in russia and "wto" in russia
    economic = links["Open the economic institutions on Explore"]
    assert "date=2011" in economic and "arf" not in economic and "apec" in economic


def test_an_empty_institution_list_or_a_bad_compare_does_not_break_the_page():
    at = _run(date="2011", compare="1996", inst="")
    assert any("at least one institution" in i.value for i in at.info)
    at = _run(date="2011", compare="19x6")
    assert at.warning and "19x6" in at.warning[0].value and "compare" in at.warning[0].value
    assert len(_specs(at)) >= 3


def test_explore_keeps_the_comparison_in_its_link_and_draws_as_before():
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in {"date": "1999", "inst": "apec", "compare": "1996"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception and not at.warning
    assert at.get("bidi_component") and len(at.table[-1].value) == 21
    assert at.query_params["compare"] == "1996"  # a page switch back to Institutions keeps it
