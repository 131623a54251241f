"""The app's view state <-> URL query parameters, validated, with notices for anything dropped."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from apac.dates import PartialDate
from apac.geo import DEFAULT_VIEW, NAMED_VIEWS
from apac.layers import DEFAULT_LAYERS, TOGGLEABLE_LAYERS

FIRST_YEAR, LAST_YEAR = 1989, 2013
DEFAULT_DATE = "1997"
DEFAULT_INSTITUTIONS = ("apec",)
SELECTION_KINDS = ("summit", "country", "dispute", "incident", "chokepoint", "energy")
#: The parameters a link may carry; Streamlit's own `embed` options pass through untouched.
KNOWN_KEYS = (
    "date",
    "inst",
    "layers",
    "window",
    "select",
    "view",
    "scene",
    "compare",
    "camera",
    "frame",
)
STREAMLIT_KEYS = ("embed", "embed_options")
#: Longer values are not links a person made (every institution at once is under 200).
MAX_VALUE_LENGTH = 2000
#: `camera=lon,lat,zoom`: where the user left the map. The zoom is for a map `referenceWidth`
#: px wide (apac.instrument.MapSpec): the browser adds log2(its width / that) when it opens the
#: link, so the framing does not depend on the sharer's window. Ranges: the Pacific-centred
#: frame's longitudes (deck.gl reports -180..180), Web Mercator's latitudes, and zooms with room
#: for very wide and very narrow maps around the map's own 1..9.
CAMERA_RANGES = {"longitude": (-180.0, 360.0), "latitude": (-85.0, 85.0), "zoom": (-2.0, 12.0)}
CAMERA_PLACES = {"longitude": 4, "latitude": 4, "zoom": 2}
#: `frame=instrument`: only the map, its time control and legend, the timeline and the detail
#: panel (for an iframe in a course page; the embed snippet adds it with Streamlit's `embed`).
FRAMES = ("instrument",)


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
    camera: tuple[float, float, float] | None = None  # lon, lat, zoom (see CAMERA_RANGES)
    frame: str | None = None  # "instrument": the embed layout
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
    """A value as a notice quotes it: at most 40 characters, non-ASCII shown as escapes."""
    text = value if len(value) <= 40 else value[:40] + "…"
    return "“" + text.encode("ascii", "backslashreplace").decode() + "”"


def _split_known(text: str, known: set[str]) -> tuple[tuple[str, ...], list[str]]:
    """('a,b,x' , {a, b}) -> ((a, b), [x]): known values in order without repeats, and the rest."""
    wanted = [v for v in text.split(",") if v]
    return tuple(dict.fromkeys(v for v in wanted if v in known)), [
        v for v in wanted if v not in known
    ]


def _single_values(params: Mapping[str, str | Sequence[str]], notices: list[str]) -> dict[str, str]:
    """One value per known key (the last when repeated); a notice for everything set aside."""
    raw: dict[str, str] = {}
    for key, given in params.items():
        values = [given] if isinstance(given, str) else [str(v) for v in given]
        if key.lower() in STREAMLIT_KEYS or not values:  # Streamlit's test is case-blind
            continue
        if key not in KNOWN_KEYS:
            hint = f" (did you mean {_clip(key.lower())}?)" if key.lower() in KNOWN_KEYS else ""
            notices.append(f"Ignored the unknown parameter {_clip(key)}{hint}.")
            continue
        if len(set(values)) > 1:
            notices.append(
                f"{_clip(key)} was given {len(values)} times; used the last one, "
                f"{_clip(values[-1])}."
            )
        value = values[-1]
        if len(value) > MAX_VALUE_LENGTH:
            notices.append(
                f"Ignored {_clip(key)}: its value is {len(value):,} characters long "
                f"(at most {MAX_VALUE_LENGTH:,})."
            )
            continue
        raw[key] = value
    return raw


def _parse_date(text: str) -> str | None:
    """The ISO form of a YYYY / YYYY-MM / YYYY-MM-DD date within the atlas's years, or None.
    Exactly that form: no spaces around it and ASCII digits only (`\\d` also takes '١٩٩٧')."""
    if not re.fullmatch(r"[0-9]{4}(?:-[0-9]{2}){0,2}", text):
        return None
    try:
        parsed = PartialDate.parse(text)
    except ValueError:
        return None
    return parsed.iso if FIRST_YEAR <= parsed.year <= LAST_YEAR else None


def parse_query(
    params: Mapping[str, str | Sequence[str]],
    *,
    institutions: set[str],
    valid_refs: Mapping[str, set[str]],
    scene_count: int = 0,
) -> ViewState:
    """A ViewState from query params (a value or a list of values per key); every unknown key,
    repeated key and bad value is named in a plain-text notice, and the default stands in."""
    notices: list[str] = []
    state = ViewState()
    raw = _single_values(params, notices)

    for key in ("date", "window", "select", "view", "scene", "compare", "camera", "frame"):
        if raw.get(key) == "":
            notices.append(f"{_clip(key)} was empty; using the default.")

    if raw.get("date"):
        parsed = _parse_date(raw["date"])
        if parsed:
            state = replace(state, date=parsed)
        else:
            notices.append(
                f"date={_clip(raw['date'])} is not a date between {FIRST_YEAR} and "
                f"{LAST_YEAR} (use YYYY, YYYY-MM or YYYY-MM-DD); showing {DEFAULT_DATE}."
            )

    if raw.get("compare"):
        parsed = _parse_date(raw["compare"])
        if parsed:
            state = replace(state, compare=parsed)
        else:
            notices.append(
                f"compare={_clip(raw['compare'])} is not a date between {FIRST_YEAR} and "
                f"{LAST_YEAR} (use YYYY, YYYY-MM or YYYY-MM-DD); comparing with no other date."
            )

    if "inst" in raw:  # an empty list is a valid view: the map with no institution
        good, bad = _split_known(raw["inst"], institutions)
        if bad and not good:
            notices.append(
                f"Unknown institution(s) {', '.join(map(_clip, bad))}; showing "
                f"{', '.join(DEFAULT_INSTITUTIONS).upper()}."
            )
            good = DEFAULT_INSTITUTIONS
        elif bad:
            notices.append(f"Unknown institution(s) {', '.join(map(_clip, bad))} left out.")
        state = replace(state, institutions=good)

    if "layers" in raw:
        good, bad = _split_known(raw["layers"], set(TOGGLEABLE_LAYERS))
        if bad and not good:
            notices.append(
                f"Unknown layer(s) {', '.join(map(_clip, bad))}; showing the usual layers."
            )
            good = DEFAULT_LAYERS
        elif bad:
            notices.append(f"Unknown layer(s) {', '.join(map(_clip, bad))} left out.")
        state = replace(state, layers=good)

    if raw.get("window"):
        match = re.fullmatch(r"([0-9]{4})-([0-9]{4})", raw["window"])
        years = (int(match[1]), int(match[2])) if match else None
        if years and FIRST_YEAR <= years[0] <= years[1] <= LAST_YEAR:
            state = replace(state, window=years)
        else:
            notices.append(
                f"window={_clip(raw['window'])} is not YYYY-YYYY within "
                f"{FIRST_YEAR}–{LAST_YEAR}; showing the whole period."
            )

    if raw.get("select"):
        kind, _, ref = raw["select"].partition(":")
        if kind in SELECTION_KINDS and ref in valid_refs.get(kind, set()):
            state = replace(state, select=f"{kind}:{ref}")
        else:
            notices.append(f"Nothing called {_clip(raw['select'])} to select; nothing selected.")

    if raw.get("view"):
        if raw["view"] in NAMED_VIEWS:
            state = replace(state, view=raw["view"])
        else:
            notices.append(f"Unknown view {_clip(raw['view'])}; showing the whole Pacific.")

    if raw.get("scene"):
        # ASCII digits only: str.isdigit() also takes '²', which int() then refuses.
        if re.fullmatch(r"[0-9]+", raw["scene"]) and 1 <= int(raw["scene"]) <= scene_count:
            state = replace(state, scene=int(raw["scene"]))
        else:  # the Briefing starts at scene 1; no other page gets a scene it did not ask for
            notices.append(
                f"There is no scene {_clip(raw['scene'])} (scenes run 1–{scene_count}); "
                "the briefing starts at scene 1."
            )

    if raw.get("camera"):
        camera, problem = parse_camera(raw["camera"])
        if camera:
            state = replace(state, camera=camera)
        else:
            notices.append(f"camera={_clip(raw['camera'])} {problem}; showing the named view.")

    if raw.get("frame"):
        if raw["frame"] in FRAMES:
            state = replace(state, frame=raw["frame"])
        else:
            notices.append(
                f"Unknown frame {_clip(raw['frame'])} (the one frame is “instrument”); "
                "showing the whole page."
            )

    return replace(state, notices=tuple(notices))


_NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"


def parse_camera(text: str) -> tuple[tuple[float, float, float] | None, str]:
    """`lon,lat,zoom` -> ((lon, lat, zoom) rounded as links write them, ""), or (None, what is
    wrong). Plain decimals only: no spaces, exponents, 'nan' or 'inf'."""
    if not re.fullmatch(rf"{_NUMBER},{_NUMBER},{_NUMBER}", text):
        return None, "is not three numbers longitude,latitude,zoom (e.g. 160,18,1.55)"
    values = [float(v) for v in text.split(",")]
    for (name, (low, high)), value in zip(CAMERA_RANGES.items(), values, strict=True):
        if not low <= value <= high:
            return None, f"has {name} {value:g}, outside {low:g} to {high:g}"
    lon, lat, zoom = (
        round(v, places) + 0.0 for v, places in zip(values, CAMERA_PLACES.values(), strict=True)
    )
    return (lon, lat, zoom), ""


def _decimal(value: float, places: int) -> str:
    """A number as a link writes it: at most `places` decimals, no trailing zeros, no "-0"."""
    text = f"{round(value, places) + 0.0:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def camera_param(camera: tuple[float, float, float]) -> str:
    """The `camera` value for (lon, lat, zoom)."""
    return ",".join(
        _decimal(v, places) for v, places in zip(camera, CAMERA_PLACES.values(), strict=True)
    )


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
    if state.camera:
        query["camera"] = camera_param(state.camera)
    if state.frame:
        query["frame"] = state.frame
    return query
