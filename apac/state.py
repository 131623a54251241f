"""The app's view state <-> URL query parameters, validated, with notices for anything dropped."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from apac.dates import PartialDate
from apac.geo import DEFAULT_VIEW, NAMED_VIEWS
from apac.layers import DEFAULT_LAYERS, TOGGLEABLE_LAYERS

FIRST_YEAR, LAST_YEAR = 1989, 2013
DEFAULT_DATE = "1997"
DEFAULT_INSTITUTIONS = ("apec",)
SELECTION_KINDS = ("summit", "country", "dispute", "incident", "chokepoint")
_SAFE = re.compile(r"^[A-Za-z0-9_.:,-]{0,200}$")


@dataclass(frozen=True)
class ViewState:
    """Everything a shared link restores."""

    date: str = DEFAULT_DATE
    institutions: tuple[str, ...] = DEFAULT_INSTITUTIONS
    layers: tuple[str, ...] = DEFAULT_LAYERS
    window: tuple[int, int] = (FIRST_YEAR, LAST_YEAR)
    select: str | None = None  # "kind:id", e.g. "summit:apec-1997"
    view: str = DEFAULT_VIEW
    scene: int | None = None
    compare: str | None = None  # a second date, for "what changed between the two"
    notices: tuple[str, ...] = field(default=(), compare=False)

    @property
    def as_of(self) -> date:
        """The day the map shows: a bare year means 31 Dec, a month its last day."""
        return PartialDate.parse(self.date).last

    @property
    def compare_as_of(self) -> date | None:
        """The comparison date's day (same rule as `as_of`), or None without a comparison."""
        return PartialDate.parse(self.compare).last if self.compare else None

    @property
    def selection(self) -> tuple[str, str] | None:
        if not self.select:
            return None
        kind, _, ref = self.select.partition(":")
        return kind, ref


def _clip(value: str) -> str:
    text = value if len(value) <= 40 else value[:40] + "…"
    return text.encode("ascii", "backslashreplace").decode()


def _split_known(text: str, known: set[str]) -> tuple[tuple[str, ...], list[str]]:
    """('a,b,x' , {a, b}) -> ((a, b), [x]): known values in order without repeats, and the rest."""
    wanted = [v for v in text.split(",") if v]
    return tuple(dict.fromkeys(v for v in wanted if v in known)), [
        v for v in wanted if v not in known
    ]


def _parse_date(text: str) -> str | None:
    """The ISO form of a YYYY / YYYY-MM / YYYY-MM-DD date within the atlas's years, or None."""
    try:
        parsed = PartialDate.parse(text)
    except ValueError:
        return None
    return parsed.iso if FIRST_YEAR <= parsed.year <= LAST_YEAR else None


def parse_query(
    params: Mapping[str, str],
    *,
    institutions: set[str],
    valid_refs: Mapping[str, set[str]],
    scene_count: int = 0,
) -> ViewState:
    """A ViewState from query params; every bad value is dropped with a short notice."""
    notices: list[str] = []
    state = ViewState()

    raw = {}
    for key, value in params.items():
        if _SAFE.match(str(value)):
            raw[key] = str(value)
        else:  # dropped whole: the default stands in for it
            notices.append(
                f"Ignored `{_clip(str(key))}`: it contains characters a link never needs."
            )

    if raw.get("date"):
        parsed = _parse_date(raw["date"])
        if parsed:
            state = replace(state, date=parsed)
        else:
            notices.append(
                f"`date={_clip(raw['date'])}` is not a date between {FIRST_YEAR} and "
                f"{LAST_YEAR} (use YYYY, YYYY-MM or YYYY-MM-DD); showing {DEFAULT_DATE}."
            )

    if raw.get("compare"):
        parsed = _parse_date(raw["compare"])
        if parsed:
            state = replace(state, compare=parsed)
        else:
            notices.append(
                f"`compare={_clip(raw['compare'])}` is not a date between {FIRST_YEAR} and "
                f"{LAST_YEAR} (use YYYY, YYYY-MM or YYYY-MM-DD); comparing with no other date."
            )

    if "inst" in raw:
        good, bad = _split_known(raw["inst"], institutions)
        if bad:
            notices.append(f"Unknown institution(s) {', '.join(map(_clip, bad))} left out.")
        state = replace(state, institutions=good if good or not bad else DEFAULT_INSTITUTIONS)

    if "layers" in raw:
        good, bad = _split_known(raw["layers"], set(TOGGLEABLE_LAYERS))
        if bad:
            notices.append(f"Unknown layer(s) {', '.join(map(_clip, bad))} left out.")
        state = replace(state, layers=good)

    if raw.get("window"):
        match = re.fullmatch(r"(\d{4})-(\d{4})", raw["window"])
        years = (int(match[1]), int(match[2])) if match else None
        if years and FIRST_YEAR <= years[0] <= years[1] <= LAST_YEAR:
            state = replace(state, window=years)
        else:
            notices.append(
                f"`window={_clip(raw['window'])}` is not YYYY-YYYY within "
                f"{FIRST_YEAR}–{LAST_YEAR}; showing the whole period."
            )

    if raw.get("select"):
        kind, _, ref = raw["select"].partition(":")
        if kind in SELECTION_KINDS and ref in valid_refs.get(kind, set()):
            state = replace(state, select=f"{kind}:{ref}")
        else:
            notices.append(f"Nothing called `{_clip(raw['select'])}` to select; nothing selected.")

    if raw.get("view"):
        if raw["view"] in NAMED_VIEWS:
            state = replace(state, view=raw["view"])
        else:
            notices.append(f"Unknown view `{_clip(raw['view'])}`; showing the whole Pacific.")

    if raw.get("scene"):
        if raw["scene"].isdigit() and 1 <= int(raw["scene"]) <= scene_count:
            state = replace(state, scene=int(raw["scene"]))
        else:
            notices.append(
                f"There is no scene `{_clip(raw['scene'])}` (scenes run 1–{scene_count}); "
                "starting at scene 1."
            )
            state = replace(state, scene=1 if scene_count else None)

    return replace(state, notices=tuple(notices))


def to_query(state: ViewState) -> dict[str, str]:
    """Query params for a state, omitting nothing a link needs and nothing it does not."""
    query = {
        "date": state.date,
        "inst": ",".join(state.institutions),
        "layers": ",".join(state.layers),
    }
    if state.window != (FIRST_YEAR, LAST_YEAR):
        query["window"] = f"{state.window[0]}-{state.window[1]}"
    if state.select:
        query["select"] = state.select
    if state.view != DEFAULT_VIEW:
        query["view"] = state.view
    if state.scene:
        query["scene"] = str(state.scene)
    if state.compare:
        query["compare"] = state.compare
    return query
