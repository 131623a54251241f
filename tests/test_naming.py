"""The naming rule (events/datapackage.json x_naming_rule) holds over every text we write.

What can be checked mechanically is checked here, over every text field of every curated file
(events/*.csv, scripts/curated/*.csv, the built geodata and the served points):
- a claimant's own name for a disputed place appears inside its slash name, or in a sentence
  that attributes it ("China calls it…", "the Philippine name…");
- legal framings of a dispute ("illegal", "sovereignty", "null and void"…) are attributed;
- the sea between Japan and Korea is always "Sea of Japan/East Sea";
- every dispute and every dispute-linked place is a slash name, the map label included.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from apac.paths import EVENTS, GEODATA, ROOT, STATIC

CURATED = ROOT / "scripts" / "curated"
DESCRIPTOR = json.loads((EVENTS / "datapackage.json").read_text(encoding="utf-8"))

#: Fields that are not our words or not prose: ids, links, other authors' titles, and the
#: per-claimant name lists (each entry is already labelled with its claimant and language).
NOT_PROSE = {
    "url",
    "names",
    "alt_names",
    "claimants",
    "administered_by",
    "select",
    "source_ids",
    "institutions",
    "layers",
    "line",
    "path",
}
#: sources.csv holds other people's titles and names, cited as they are.
EXEMPT_FILES = {"sources.csv"}

#: A claimant's own name for a disputed place (or a feature in it). Each may appear only as part
#: of a slash name or in an attributed sentence.
CLAIMANT_NAMES = [
    # Southern Kuriles/Northern Territories (Russian name first: Russia administers)
    "Southern Kuriles",
    "South Kuriles",
    "Northern Territories",
    "Kunashir",
    "Kunashiri",
    "Iturup",
    "Etorofu",
    # Senkaku/Diaoyu (Japanese name first: Japan administers)
    "Senkaku",
    "Diaoyu",
    "Diaoyutai",
    "Uotsuri",
    "Uotsuri-jima",
    "Kita-kojima",
    "Minami-kojima",
    "Kuba-jima",
    "Huangwei Yu",
    # Dokdo/Takeshima (Korean name first: South Korea administers)
    "Dokdo",
    "Takeshima",
    # Paracel Islands/Xisha/Hoang Sa, Spratly Islands/Nansha/Truong Sa/Kalayaan,
    # Scarborough Shoal/Huangyan Dao/Bajo de Masinloc and their features
    "Xisha",
    "Hoang Sa",
    "Yongxing",
    "Phu Lam",
    "Zhaoshu",
    "Nansha",
    "Truong Sa",
    "Kalayaan",
    "Meiji Jiao",
    "Panganiban",
    "Ren'ai",
    "Ayungin",
    "Huangyan",
    "Bajo de Masinloc",
    "Panatag",
    "Recto Bank",
    "West Philippine Sea",
]
#: Homonyms that are not the disputed places.
NOT_THE_PLACE = ["Diaoyutai State Guesthouse"]

#: Words that frame a dispute in one side's legal terms; the sentence must say whose words.
LEGAL_FRAMINGS = [
    r"illegal(ly)?",
    r"unlawful(ly)?",
    r"null and void",
    r"invalid",
    r"violat\w*",
    r"sovereignty",
    r"inherent (part|territory)",
    r"integral part",
    r"indisputable",
    r"poach\w*",
    r"intru\w*",
    r"incursion\w*",
    r"illegal entry",
]
#: Verbs and phrases that say whose words or name something is.
ATTRIBUTION = re.compile(
    r"\b(says?|said|saying|calls?|called|calling|names?|named|counts?|claims?|claimed|"
    r"regards?|considers?|told|protested|rejects?|rejected|objected|according to|"
    r"in (\w+ )?words|known (as|in)|uses?|terms?|demanded|declared|describe[sd]?|"
    r"accused|denied|insists?|asserts?|maintains?|argues?|added|reported|its name|statement)\b",
    re.IGNORECASE,
)


def _csv_rows(path: Path) -> Iterator[tuple[str, dict]]:
    with path.open(encoding="utf-8", newline="") as fh:
        for r, row in enumerate(csv.DictReader(fh), start=1):
            yield f"{path.relative_to(ROOT)} row {r}", row


def _texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every prose field of every curated file."""
    paths = sorted(EVENTS.glob("*.csv")) + sorted(CURATED.glob("*.csv"))
    for path in paths:
        if path.name in EXEMPT_FILES:
            continue
        for where, row in _csv_rows(path):
            for column, value in row.items():
                if column in NOT_PROSE or column.endswith("_id") or not value:
                    continue
                yield f"{where}, {column}", value
    for name in ("disputes.geojson", "chokepoints.geojson"):
        for i, feat in enumerate(json.loads((GEODATA / name).read_text("utf-8"))["features"]):
            for key, value in feat["properties"].items():
                if isinstance(value, str) and key not in NOT_PROSE and not key.endswith("_id"):
                    if key.startswith("ne_"):  # Natural Earth's own notes
                        continue
                    yield f"geodata/{name} feature {i + 1}, {key}", value


TEXTS = list(_texts())


def _clauses(text: str) -> list[str]:
    """Sentences and semicolon clauses: the unit an attribution must share with a claim."""
    return [c for c in re.split(r"(?<=[.;!?])\s+|;\s*", text) if c.strip()]


def _in_slash_name(text: str, start: int, end: int) -> bool:
    """The name at text[start:end] is part of a slash name (a '/' joins it to another name)."""
    before = text[max(0, start - 40) : start]
    after = text[end : end + 40]
    left = re.search(r"/[^,.;:()\"/]*$", before)
    right = re.match(r"^[^,.;:()\"/]*/", after)
    return bool(left or right)


def claimant_name_problems(where: str, text: str) -> list[str]:
    for homonym in NOT_THE_PLACE:
        text = text.replace(homonym, " " * len(homonym))
    out = []
    for clause in _clauses(text):
        attributed = bool(ATTRIBUTION.search(clause))
        for name in CLAIMANT_NAMES:
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", clause):
                if not (_in_slash_name(clause, m.start(), m.end()) or attributed):
                    out.append(f"{where}: {name!r} stands alone in {clause!r}")
    return out


def legal_framing_problems(where: str, text: str) -> list[str]:
    out = []
    for clause in _clauses(text):
        for pattern in LEGAL_FRAMINGS:
            m = re.search(rf"\b{pattern}\b", clause, re.IGNORECASE)
            if m and not ATTRIBUTION.search(clause):
                out.append(f"{where}: {m.group(0)!r} is not attributed in {clause!r}")
    return out


def sea_name_problems(where: str, text: str) -> list[str]:
    out = []
    for m in re.finditer(r"\bSea of Japan\b|\bJapan Sea\b", text):
        if m.group(0) == "Japan Sea" or not text[m.end() :].startswith("/East Sea"):
            out.append(f"{where}: {m.group(0)!r} without '/East Sea' in {text!r}")
    for m in re.finditer(r"\bEast Sea\b", text):
        if not text[: m.start()].endswith("Sea of Japan/"):
            out.append(f"{where}: 'East Sea' outside 'Sea of Japan/East Sea' in {text!r}")
    return out


# --------------------------------------------------------------------------- the checker checks


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Medvedev toured Kunashir and promised investment.", True),
        ("Medvedev toured Kunashir/Kunashiri and promised investment.", False),
        ("Japan bought Uotsuri, Kita-kojima and Minami-kojima.", True),
        ("China says Huangyan Dao is part of Zhongsha.", False),
        ("The Senkaku/Diaoyu Islands lie north-east of Taiwan.", False),
        ("Talks at the Diaoyutai State Guesthouse.", False),
    ],
)
def test_claimant_name_check_catches_a_bare_name(text, bad):
    assert bool(claimant_name_problems("x", text)) is bad


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Activists were arrested for illegal entry.", True),
        ("Okinawa police arrested them for what Japan called illegal entry.", False),
        ("It is a regime of islands under Philippine sovereignty.", True),
        ("Vietnam said the baselines violated its sovereignty.", False),
    ],
)
def test_legal_framing_check_catches_an_unattributed_claim(text, bad):
    assert bool(legal_framing_problems("x", text)) is bad


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Links the East China Sea with the Sea of Japan.", True),
        ("Links the East China Sea with the Sea of Japan/East Sea.", False),
        ("Two islets in the East Sea.", True),
    ],
)
def test_sea_name_check_catches_a_one_sided_sea_name(text, bad):
    assert bool(sea_name_problems("x", text)) is bad


# ---------------------------------------------------------------------------- the record obeys


def test_the_checks_read_every_curated_file():
    files = {where.split(" ")[0] for where, _ in TEXTS}
    expected = {
        str(p.relative_to(ROOT))
        for p in [*EVENTS.glob("*.csv"), *CURATED.glob("*.csv")]
        if p.name not in EXEMPT_FILES
    }
    assert expected <= files


def test_claimant_names_stand_only_in_slash_names_or_attributed():
    problems = [p for where, text in TEXTS for p in claimant_name_problems(where, text)]
    assert problems == []


def test_legal_framings_are_attributed():
    problems = [p for where, text in TEXTS for p in legal_framing_problems(where, text)]
    assert problems == []


def test_sea_names_follow_the_rule():
    problems = [p for where, text in TEXTS for p in sea_name_problems(where, text)]
    assert problems == []


def test_every_dispute_and_map_label_is_a_slash_name():
    disputes = json.loads((GEODATA / "disputes.geojson").read_text("utf-8"))["features"]
    points = json.loads((STATIC / "dispute_points.json").read_text("utf-8"))
    labels = {p["id"]: p["label"].replace("\n", "") for p in points}
    for feat in disputes:
        props = feat["properties"]
        assert "/" in props["name"], props["dispute_id"]
        assert labels[props["dispute_id"]] == props["name"]


def test_every_dispute_linked_place_and_title_names_the_place_fairly():
    for where, row in _csv_rows(EVENTS / "incidents.csv"):
        if row["dispute_id"]:
            assert "/" in row["place"], where


def test_the_rule_is_written_down():
    rule = DESCRIPTOR["x_naming_rule"]
    text = " ".join(rule)
    for needle in ("administ", "Sea of Japan/East Sea", "says", "calls"):
        assert needle in text, needle
