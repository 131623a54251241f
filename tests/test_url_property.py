"""Generated links, on every page: no exception, and a notice naming whatever a link lost.

The test decides on its own what a link loses, from the generated parameters, the data files
and the link format the README documents (`date`/`compare` YYYY, YYYY-MM or YYYY-MM-DD within
1989-2013, `inst`/`layers` comma lists of known ids, `window` YYYY-YYYY, `select` kind:id,
`view` a named view, `scene` 1..the number of scenes, `camera` longitude,latitude,zoom as plain
decimals within -180..360, -85..85 and -2..12, written back rounded to 4, 4 and 2 decimals,
`frame` "instrument"); it never asks `parse_query`.
A value is lost when its key is unknown, when the key is repeated with different values (the
earlier ones), when it is empty or not valid for its key, and when it is longer than
`MAX_VALUE_LENGTH` (such a value is refused whole, its key named). Empty items of a list
(`inst=apec,`) and repeats of one id lose nothing. Streamlit keeps `embed` and `embed_options`
(in any case) for itself: they never reach the app.

Two runs: `parse_query` itself, fast and large; and the whole app through AppTest, one fresh
session per generated link, on every page (a deep link such as /disputes?... as a session's
first request). The AppTest examples are spread by cost: the pages that read the view state
(Explore, Institutions, Briefing) get links biased towards valid values, so they draw many
different views; the cheap pages carry most of the volume of broken links.
"""

from __future__ import annotations

import csv
import functools
import re
import string
import zlib
from datetime import date

import pytest
from hypothesis import HealthCheck, Phase, example, given, seed, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from apac import data
from apac.geo import NAMED_VIEWS
from apac.layers import TOGGLEABLE_LAYERS
from apac.state import MAX_VALUE_LENGTH, ViewState, parse_query, to_query
from apac.text import md
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
FIRST_YEAR, LAST_YEAR = 1989, 2013  # the atlas's years, as the README states them
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
#: camera=longitude,latitude,zoom: plain decimals, longitude -180..360, latitude -85..85, zoom
#: -2..12, written back rounded to 4, 4 and 2 decimals (README).
CAMERA = {"longitude": (-180, 360, 4), "latitude": (-85, 85, 4), "zoom": (-2, 12, 2)}
STREAMLIT_KEYS = ("embed", "embed_options")
NOTICE = "**Part of this link could not be used.** "


# ------------------------------------------------------------------ the vocabulary, from data
def _column(name: str, column: str) -> list[str]:
    with open(ROOT / "events" / name, encoding="utf-8-sig", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


INSTITUTIONS = sorted(_column("institutions.csv", "institution_id"))
LAYERS = sorted(TOGGLEABLE_LAYERS)
VIEWS = sorted(NAMED_VIEWS)
SCENES = len(_column("scenes.csv", "scene"))
REFS = {
    "summit": set(_column("summits.csv", "summit_id")),
    "incident": set(_column("incidents.csv", "event_id")),
    "country": set(_column("entities.csv", "code")) | set(data.read_countries().index),
    "dispute": set(data.read_disputes().index),
    "chokepoint": set(data.read_chokepoints().index),
}
KINDS = sorted(REFS)
ALL_REFS = sorted(set().union(*REFS.values()))
#: Every date written in the record (some before 1989: ASEAN was founded in 1967).
RECORD_DATES = sorted(
    {
        value
        for name, column in [
            ("institutions.csv", "founded"),
            ("summits.csv", "start_date"),
            ("summits.csv", "end_date"),
            ("incidents.csv", "date"),
            ("memberships.csv", "start_date"),
            ("memberships.csv", "end_date"),
            ("scenes.csv", "date"),
        ]
        for value in _column(name, column)
        if value
    }
)


# ------------------------------------------------------------------ the link format, on its own
def _is_date(text: str) -> bool:
    match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", text)
    if not match:
        return False
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return FIRST_YEAR <= year <= LAST_YEAR


def _is_window(text: str) -> bool:
    match = re.fullmatch(r"([0-9]{4})-([0-9]{4})", text)
    return bool(match) and FIRST_YEAR <= int(match[1]) <= int(match[2]) <= LAST_YEAR


def _is_selection(text: str) -> bool:
    kind, _, ref = text.partition(":")
    return ref in REFS.get(kind, set())


def _is_scene(text: str) -> bool:
    return re.fullmatch(r"[0-9]+", text) is not None and 1 <= int(text) <= SCENES


def _is_camera(text: str) -> bool:
    parts = text.split(",")
    if len(parts) != 3 or not all(re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", p) for p in parts):
        return False
    return all(
        low <= float(p) <= high for p, (low, high, _) in zip(parts, CAMERA.values(), strict=True)
    )


def _camera_written(text: str) -> str:
    def one(part: str, places: int) -> str:
        out = f"{round(float(part), places) + 0.0:.{places}f}".rstrip("0").rstrip(".")
        return "0" if out == "-0" else out

    return ",".join(one(p, c[2]) for p, c in zip(text.split(","), CAMERA.values(), strict=True))


SINGLE = {
    "date": _is_date,
    "compare": _is_date,
    "window": _is_window,
    "select": _is_selection,
    "view": lambda text: text in VIEWS,
    "scene": _is_scene,
    "camera": _is_camera,
    "frame": lambda text: text == "instrument",
}
LISTS = {"inst": set(INSTITUTIONS), "layers": set(LAYERS)}


def _items(text: str) -> list[str]:
    return [item for item in text.split(",") if item]


def losses(query: dict[str, list[str]]) -> list[tuple[str, ...]]:
    """What a link loses, each as the texts its notice must name."""
    lost: list[tuple[str, ...]] = []
    for key, values in query.items():
        if key.lower() in STREAMLIT_KEYS:
            continue
        if key not in KNOWN_KEYS:
            lost.append((key,))
            continue
        value = values[-1]
        if len(set(values)) > 1:
            lost.append((key, value))  # the key, and which value won
        if len(value) > MAX_VALUE_LENGTH:
            lost.append((key,))
        elif key in LISTS:
            bad = [item for item in _items(value) if item not in LISTS[key]]
            if bad:
                lost.append(tuple(bad))
        elif value == "":
            lost.append((key,))
        elif not SINGLE[key](value):
            lost.append((value,))
    return lost


#: A link leaves these out when they hold their defaults (the whole Pacific, every year).
IMPLIED = {"view": ViewState().view, "window": "-".join(map(str, ViewState().window))}


def written(query: dict, key: str) -> str | None:
    """A key's value in a link the app wrote (a list when repeated), its default when implied."""
    return query.get(key, IMPLIED.get(key))


def kept(query: dict[str, list[str]]) -> dict[str, str]:
    """Each known key whose (last) value is valid, as the app must write it back."""
    out = {}
    for key, values in query.items():
        value = values[-1]
        if key not in KNOWN_KEYS or len(value) > MAX_VALUE_LENGTH:
            continue
        if key in LISTS:
            if all(item in LISTS[key] for item in _items(value)):
                out[key] = ",".join(dict.fromkeys(_items(value)))
        elif value and SINGLE[key](value):
            out[key] = {"scene": lambda v: str(int(v)), "camera": _camera_written}.get(key, str)(
                value
            )
    return out


# ------------------------------------------------------------------ how a notice reads
def _shown(markdown: str) -> str:
    """Escaped markdown as a reader sees it (apac.text.md undone), whitespace collapsed."""
    return _plain(re.sub(r"\\(.)", r"\1", markdown.replace("\u2060", "")))


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", text).split())


def _named(name: str, shown: str) -> bool:
    """A notice names a text by its first characters, non-ASCII written as escapes."""
    return _plain(name.encode("ascii", "backslashreplace").decode()[:20]) in shown


_PUNCT = re.escape(string.punctuation)
#: Markdown the notice's own text may hold: every ASCII punctuation character backslashed.
ESCAPED = re.compile(rf"(?:\\[{_PUNCT}]|[^{_PUNCT}])*")
AUTOLINK = re.compile(r"(?i)(?:https?|ftp|mailto|www)\\?[:.]")


def check_notice(body: str, lost: list[tuple[str, ...]]) -> None:
    """The notice is plain text once rendered, and names everything lost."""
    assert ESCAPED.fullmatch(body), f"markup in the notice: {body!r}"
    assert not AUTOLINK.search(body), f"an autolink in the notice: {body!r}"
    shown = _shown(body)
    for names in lost:
        for name in names:
            assert _named(name, shown), f"{name!r} is not named in {shown!r}"


# ------------------------------------------------------------------ generated links
def _digits(table: str):
    return lambda s: s.translate(str.maketrans("0123456789", table))


MUTATIONS = [
    str.upper,
    str.title,
    str.swapcase,
    lambda s: s + ",",
    lambda s: "," + s,
    lambda s: " " + s,
    lambda s: s + " ",
    lambda s: s + "\n",
    lambda s: s + "\t",
    lambda s: s[:-1],
    lambda s: s + s[-1:],
    lambda s: s.replace("-", "/"),
    lambda s: s.replace("-", "%2D"),
    lambda s: s.replace("-", "\u2013"),  # an en dash
    _digits("０１２３４５６７８９"),  # fullwidth
    _digits("٠١٢٣٤٥٦٧٨٩"),  # Arabic-Indic
    _digits("⁰¹²³⁴⁵⁶⁷⁸⁹"),  # superscript
    lambda s: s.replace("a", "\u0430").replace("e", "\u0435").replace("o", "\u043e"),
    lambda s: s + "\u200b",
    lambda s: "\u202e" + s,
    lambda s: s + "\u0301",
    lambda s: s + "\x00",
    lambda s: f"<b>{s}</b>",
    lambda s: f"`{s}`",
    lambda s: f"{s}`![x](http://evil.example/x.png)`",
    lambda s: f"**{s}**",
    lambda s: f"[{s}](javascript:alert(1))",
    lambda s: f"![{s}](http://evil.example/x.png)",
    lambda s: f"{s}<script>alert(1)</script>",
    lambda s: f"{s}<img src=x onerror=alert(1)>",
    lambda s: f"$${s}$$",
    lambda s: f":red[{s}]",
    lambda s: f"{s}&amp;",
    lambda s: f"{s}\n# heading",
    lambda s: f"{s} www.evil.example",
    lambda s: f"{s}${{x}}",
    lambda s: f"{s}\\",
]
HOSTILE = [
    "<script>alert(1)</script>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
    "`![x](http://evil.example/x.png)`",
    "[click](javascript:alert(1))",
    "http://evil.example/",
    "${alert(1)}",
    "{{x}}",
    "\\`",
    "|a|b|\n|-|-|",
]
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=24)
ASCII = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=24)
JUNK = st.one_of(TEXT, ASCII, st.sampled_from(HOSTILE), st.text("0123456789-,:", max_size=12))
#: Very long values, 300 to 3,500 characters: lists of real ids (valid up to MAX_VALUE_LENGTH,
#: 2,000) and repeated junk.
LONG = st.builds(
    lambda unit, times: unit * times,
    st.sampled_from(["apec,", "asean,eas,arf,", "<b>", "1997", "\u00e9", "`", "summit:"]),
    st.integers(100, 700),
)


def near_miss(base: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(base, st.sampled_from(MUTATIONS)).map(lambda pair: pair[1](pair[0]))


def _precision(day: date, precision: int) -> str:
    return day.isoformat()[: (4, 7, 10)[precision]]


DATES_IN_RANGE = st.builds(
    _precision,
    st.dates(date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)),
    st.integers(0, 2),
)
ANY_DATE = st.builds(_precision, st.dates(date(1, 1, 1), date(9999, 12, 31)), st.integers(0, 2))
DATE_NEAR = st.one_of(
    st.sampled_from(RECORD_DATES),
    ANY_DATE,
    near_miss(DATES_IN_RANGE),
    st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(1985, 2016), *[st.integers(0, 40)] * 2),
    st.builds("{:04d}-{:02d}".format, st.integers(1985, 2016), st.integers(0, 13)),
    st.sampled_from(["1997-1", "97", "1997-11-06T00:00", "-1997", "+1997", "1e3", "0000", "2013-"]),
)


def _list(items: st.SearchStrategy[str], max_size: int) -> st.SearchStrategy[str]:
    ends = st.sampled_from(["", "", "", ",", ",,"])
    return st.builds(
        lambda parts, end: ",".join(parts) + end, st.lists(items, max_size=max_size), ends
    )


def _selection(kinds, refs) -> st.SearchStrategy[str]:
    return st.builds(lambda k, r: f"{k}:{r}", kinds, refs)


VALID = {
    "date": st.one_of(DATES_IN_RANGE, st.sampled_from([d for d in RECORD_DATES if _is_date(d)])),
    "inst": st.one_of(
        _list(st.sampled_from(INSTITUTIONS), 6), _list(st.sampled_from(INSTITUTIONS), 120)
    ),
    "layers": _list(st.sampled_from(LAYERS), 5),
    "window": st.builds(
        lambda a, b: f"{min(a, b)}-{max(a, b)}", *[st.integers(FIRST_YEAR, LAST_YEAR)] * 2
    ),
    "select": st.one_of(
        *[_selection(st.just(kind), st.sampled_from(sorted(refs))) for kind, refs in REFS.items()]
    ),
    "view": st.sampled_from(VIEWS),
    "scene": st.integers(1, SCENES).map(str),
    "camera": st.builds(
        lambda lon, lat, zoom, places: ",".join(
            f"{v:.{p}f}" for v, p in zip((lon, lat, zoom), places, strict=True)
        ),
        *[st.floats(low, high) for low, high, _ in CAMERA.values()],
        st.tuples(*[st.integers(0, 9)] * 3),
    ),
    "frame": st.just("instrument"),
}
VALID["compare"] = VALID["date"]
BROKEN = {
    "date": DATE_NEAR,
    "compare": DATE_NEAR,
    "inst": _list(st.one_of(st.sampled_from(INSTITUTIONS), near_miss(VALID["inst"]), JUNK), 12),
    "layers": _list(st.one_of(st.sampled_from(LAYERS), near_miss(VALID["layers"]), JUNK), 6),
    "window": st.one_of(
        st.builds("{}-{}".format, *[st.integers(1980, 2020)] * 2), near_miss(VALID["window"])
    ),
    "select": st.one_of(
        _selection(st.sampled_from(KINDS), st.sampled_from(ALL_REFS)),
        _selection(near_miss(st.sampled_from(KINDS)), st.sampled_from(ALL_REFS)),
        near_miss(VALID["select"]),
        st.sampled_from(["summit", ":", "summit:", ":apec-1997", "summit:apec-1997:x"]),
    ),
    "view": near_miss(VALID["view"]),
    "scene": st.one_of(
        st.integers(-2, SCENES + 3).map(str),
        near_miss(VALID["scene"]),
        st.sampled_from(["01", "1.0", "+1", "1e1", "²", "١", "9" * 25, "0x1"]),
    ),
    "camera": st.one_of(
        st.builds(
            lambda lon, lat, zoom: f"{lon},{lat},{zoom}",
            st.floats(-400, 400),
            st.floats(-95, 95),
            st.floats(-5, 15),
        ),
        near_miss(VALID["camera"]),
        st.sampled_from(["160,18", "nan,0,1", "inf,0,1", "160,18,1,1", "1e2,0,1", ".5,0,1"]),
    ),
    "frame": near_miss(VALID["frame"]),
}
UNKNOWN_KEYS = st.one_of(
    near_miss(st.sampled_from(KNOWN_KEYS)),
    st.sampled_from(
        ["DATE", "Inst", "institutions", "year", "inst[]", "", "utm_source", "fbclid", "page"]
        + ["embed", "EMBED", "embed_options", "Embed_Options"]
        + HOSTILE
    ),
    TEXT,
).filter(lambda key: key not in KNOWN_KEYS)


@st.composite
def links(draw, valid_share: int, always: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """A link's query as {key: [values]}: known keys (at least `always`) valid `valid_share`%
    of the time, some repeated (with the same or other values), some unknown keys."""

    def value(key: str) -> str:
        if draw(st.integers(0, 99)) < valid_share:
            return draw(VALID[key])
        return draw(st.one_of(BROKEN[key], JUNK, st.just(""), LONG))

    query: dict[str, list[str]] = {}
    keys = draw(st.lists(st.sampled_from(KNOWN_KEYS), unique=True, max_size=len(KNOWN_KEYS)))
    for key in list(dict.fromkeys([*always, *keys])):
        values = [value(key)]
        for _ in range(draw(st.sampled_from([0, 0, 0, 0, 0, 1, 2]))):
            values.append(values[0] if draw(st.booleans()) else value(key))
        query[key] = values
    for key in draw(st.lists(UNKNOWN_KEYS, unique=True, max_size=2 if valid_share < 90 else 1)):
        if draw(st.integers(0, 99)) >= valid_share:
            query[key] = draw(st.lists(st.one_of(JUNK, VALID["date"]), min_size=1, max_size=2))
    return query


# ------------------------------------------------------------------ parse_query, directly
PURE = settings(
    max_examples=1500,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _parse(query) -> ViewState:
    return parse_query(query, institutions=set(INSTITUTIONS), valid_refs=REFS, scene_count=SCENES)


#: Links that once crashed a page or went silent; they run first, on every page too.
FOUND = [
    {"scene": ["²"]},  # str.isdigit() took it, int() refused it: a traceback
    {"date": ["٢٠٠١"], "window": ["１９９５-２０００"], "scene": ["１"]},  # read silently
    {"date": [" 2001"], "compare": ["1999\n"]},  # read silently
    {"view": ["eurasia", "eurasia"], "EMBED": ["true"]},  # the URL kept the repeated key
]


def _found(test):
    for query in reversed(FOUND):
        test = example(query=query)(test)
    return test


@PURE
@_found
@given(query=st.one_of(links(valid_share=50), links(valid_share=95)))
def test_parse_query_names_whatever_a_link_loses(query):
    state = _parse(query)
    lost = losses(query)
    assert bool(state.notices) == bool(lost), (lost, state.notices)
    if lost:
        check_notice(md(" ".join(state.notices)), lost)
    # What was valid is used as given; the rest is the default; the state writes a clean link.
    link = to_query(state)
    for key, value in kept(query).items():
        assert written(link, key) == value, (key, value, link)
    for key in set(KNOWN_KEYS) - set(query):
        assert written(link, key) == written(to_query(ViewState()), key), (key, link)
    assert _parse({k: [v] for k, v in link.items()}) == state
    assert _parse(link).notices == ()


# ------------------------------------------------------------------ every page, through AppTest
#: Examples per page (at least 1,000 in all), spread by the CPU one run of the page costs
#: (measured: Explore 0.30 s, Institutions 0.76 s, Disputes 0.41 s, Chokepoints 0.10 s,
#: Briefing 0.08 s, Sources 0.05 s), so the file stays near 90 s on 2 cores. Every page runs
#: the frame's part (parse, notice, page links, the URL written back); the pages that draw the
#: view a link asks for get the keys they read in every link, mostly valid.
PAGES = {
    "pages/explore.py": (40, 80, ("date", "inst", "layers", "select")),
    "pages/institutions.py": (8, 80, ("date", "inst", "compare")),
    "pages/briefing.py": (160, 60, ("scene",)),
    "pages/disputes.py": (6, 40, ()),
    "pages/chokepoints.py": (60, 40, ()),
    "pages/sources.py": (726, 40, ()),
}
TITLES = {
    "pages/institutions.py": "Institutions",
    "pages/disputes.py": "Disputed territories",
    "pages/chokepoints.py": "Sea-lane chokepoints",
    "pages/sources.py": "Sources and curation",
}


@functools.cache
def _components():
    """Each new AppTest scans every installed package for components (about 0.2 s); the
    sessions share one registry, so an example costs what the page's own run costs."""
    return AppTest.from_file(APP, default_timeout=60).run()._bidi_component_manager


def _open(page: str, query: dict[str, list[str]]) -> AppTest:
    """A fresh session whose first request is `page` with this query string."""
    at = AppTest.from_file(APP, default_timeout=60)
    at._bidi_component_manager = _components()
    if page != "pages/explore.py":  # Explore is the default page, at "/"
        at.switch_page(page)
    for key, values in query.items():
        at.query_params[key] = values[0] if len(values) == 1 else values
    return at.run()


def test_the_examples_add_up_to_a_thousand_links():
    assert sum(count for count, *_ in PAGES.values()) >= 1000


@pytest.mark.parametrize("page", list(PAGES))
def test_every_link_on_every_page(page):
    count, valid_share, always = PAGES[page]
    runs = []

    @seed(zlib.crc32(page.encode()))  # reproducible, and a different stream on each page
    @settings(PURE, max_examples=count)
    @_found
    @given(query=links(valid_share, always))
    def check(query):
        runs.append(query)
        at = _open(page, query)
        assert not at.exception, [e.message for e in at.exception]
        assert not at.error, [e.value for e in at.error]
        notices = [w.value for w in at.warning if "could not be used" in w.value]
        lost = losses(query)
        assert len(notices) == (1 if lost else 0), (lost, notices)
        if lost:
            assert notices[0].startswith(NOTICE)
            check_notice(notices[0].removeprefix(NOTICE), lost)
        link = at.query_params
        if page == "pages/briefing.py":  # the scene's own view; scene 1 unless the link chose
            number = int(kept(query).get("scene", 1))
            assert any(f"Scene {number} of {SCENES}" in m.value for m in at.markdown)
        else:
            if page == "pages/explore.py":  # one screen: a headline line instead of a title
                assert any(" showing " in m.value for m in at.markdown)
            else:
                assert at.title[0].value == TITLES[page]
            for key, value in kept(query).items():
                assert written(link, key) == value, (key, value, link)

    check()
    assert len(runs) >= count
