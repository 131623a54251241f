"""The Institutions page in a real browser: the overlap charts show what the CSVs imply, the
two-date diff lists who joined, and both views live in the URL (one app server for the module)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date

import pytest

from apac.dates import PartialDate
from apac.paths import events_dir
from tests.browser.support import ARTIFACTS, query_of, wait_for_app, wait_rerun

pytestmark = pytest.mark.browser
FULL_ROLES = {"member", "participant", "negotiating-party"}
DIFF_LINK = "/institutions?date=1999&compare=1996&inst=apec"


# ------------------------------------------------ what the record implies, read from the CSVs


def _csv(name: str) -> list[dict]:
    with (events_dir() / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _active(row: dict, on: date) -> bool:
    """The record's rule: from the last day the start can mean; an exact end is the first day
    without the membership, a partial end counts until its period is over."""
    if PartialDate.parse(row["start_date"]).last > on:
        return False
    if not row["end_date"]:
        return True
    end = PartialDate.parse(row["end_date"])
    return on < end.last if end.day else on <= end.last


def _expected_combinations(dimension: str, on: date) -> Counter:
    """{frozenset of short names: how many full members sit in exactly that combination}."""
    short = {
        r["institution_id"]: r["short_name"]
        for r in _csv("institutions.csv")
        if r["dimension"] in (dimension, "both")
    }
    sets: dict[str, set[str]] = {}
    for row in _csv("memberships.csv"):
        if row["institution_id"] in short and row["role"] in FULL_ROLES and _active(row, on):
            sets.setdefault(row["member"], set()).add(short[row["institution_id"]])
    return Counter(frozenset(s) for s in sets.values())


def _apec_members(on: date) -> set[str]:
    return {
        r["member"]
        for r in _csv("memberships.csv")
        if r["institution_id"] == "apec" and r["role"] == "member" and _active(r, on)
    }


# ------------------------------------------------------------------------ what the page shows


def _open(page, url: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stVegaLiteChart'] svg", timeout=30_000)
    page.wait_for_timeout(800)


def _chart(page, n: int):
    return page.locator("[data-testid='stVegaLiteChart']").nth(n)


def _bars(page, n: int) -> list[tuple[frozenset, int, dict]]:
    """(institutions, count, bounding box) of every combination bar of the n-th chart."""
    out = []
    bars = _chart(page, n).locator("svg [aria-label^='Combination ']")
    for i in range(bars.count()):
        bar = bars.nth(i)
        match = re.fullmatch(r"Combination (.+): (\d+) members?", bar.get_attribute("aria-label"))
        out.append((frozenset(match[1].split(" + ")), int(match[2]), bar.bounding_box()))
    return out


def _changes(page) -> list[tuple[str, str, str]]:
    rows = page.locator(".st-key-changes table tbody tr")
    out = []
    for i in range(rows.count()):
        row = rows.nth(i)
        out.append(
            (
                row.locator("th").inner_text().strip(),
                *[t.strip() for t in row.locator("td").all_inner_texts()],
            )
        )
    return out


def _shot(page, locator, name: str) -> None:
    locator.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / name))


@pytest.mark.parametrize("year", [1996, 2011])
def test_overlap_charts_show_the_combinations_the_record_implies(app_url, page, year):
    _open(page, f"{app_url}/institutions?date={year}")
    for n, dimension in enumerate(["economic", "political-security"]):
        expected = _expected_combinations(dimension, date(year, 12, 31))
        bars = _bars(page, n)
        assert Counter({combo: count for combo, count, _ in bars}) == expected, dimension
        assert len(bars) == len(expected)  # each combination drawn once
        # Bars are drawn to scale (height per member the same for every bar), largest first.
        per_member = [box["height"] / count for _, count, box in bars]
        assert max(per_member) - min(per_member) < 1.0, per_member
        xs = [box["x"] for _, _, box in bars]
        assert xs == sorted(xs) and [c for _, c, _ in bars] == sorted(
            [c for _, c, _ in bars], reverse=True
        )
        _shot(page, _chart(page, n), f"institutions-{year}-{dimension}.png")
    # Every chart (the two overlaps, the three powers' paths) fits in the page's column.
    column = page.locator(
        "[data-testid='stMainBlockContainer'] > [data-testid='stVerticalBlock']"
    ).bounding_box()
    for n in range(3):
        box = _chart(page, n).locator("svg").first.bounding_box()
        assert box["x"] >= column["x"] and box["x"] + box["width"] <= column["x"] + column["width"]
    _shot(page, _chart(page, 2), f"institutions-{year}-paths.png")
    assert not page.watch.errors() and not page.watch.outside_requests()


def test_two_date_diff_lists_exactly_who_joined_apec_from_1996_to_1999(app_url, page):
    joined = _apec_members(date(1999, 12, 31)) - _apec_members(date(1996, 12, 31))
    left = _apec_members(date(1996, 12, 31)) - _apec_members(date(1999, 12, 31))
    apec_names = {r["code"]: r["apec_name"] for r in _csv("entities.csv")}
    expected = {apec_names[c] for c in joined}
    assert expected == {"Peru", "Russia", "Viet Nam"} and not left
    _open(page, app_url + DIFF_LINK)
    rows = _changes(page)
    # A member's APEC name comes first: "Viet Nam (Vietnam)".
    assert {re.sub(r" \(.*\)$", "", member) for member, _, _ in rows} == expected
    assert len(rows) == 3 and all(row[1:] == ("APEC", "joined") for row in rows)
    _shot(page, page.locator(".st-key-changes"), "institutions-diff-apec-1996-1999.png")


def test_both_views_keep_their_state_in_the_url(app_url, page):
    _open(page, f"{app_url}/institutions?date=2011&inst=apec")
    shown = [(c, n) for c, n, _ in _bars(page, 0)]
    assert _changes(page) == []  # no comparison yet
    # Pick a comparison date with the page's own control: the URL takes it.
    compare = page.get_by_role("combobox", name="Compare with")
    compare.focus()
    page.keyboard.type("1996", delay=30)
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('compare=1996')", timeout=20_000)
    wait_rerun(page)
    query = query_of(page)
    assert {k: query.get(k) for k in ("date", "inst", "compare")} == {
        "date": "2011",
        "inst": "apec",
        "compare": "1996",
    }
    changes = _changes(page)
    assert changes and all(inst == "APEC" for _, inst, _ in changes)
    # Reload the URL: the same overlap and the same changes.
    page.reload()
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stVegaLiteChart'] svg", timeout=30_000)
    page.wait_for_timeout(800)
    assert [(c, n) for c, n, _ in _bars(page, 0)] == shown
    assert _changes(page) == changes
    assert query_of(page)["compare"] == "1996" and query_of(page)["date"] == "2011"
    _shot(page, page.locator(".st-key-changes"), "institutions-2011-vs-1996-reloaded.png")
    assert not page.watch.errors() and not page.watch.outside_requests()
