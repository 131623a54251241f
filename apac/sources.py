"""The Sources page's content: citations, licences and curation notes (pure)."""

from __future__ import annotations

import re

import pandas as pd

from apac.data import DataError, Record
from apac.paths import events_dir
from apac.text import md_link, safe_url


def citations_table(
    record: Record, disputes: pd.DataFrame, chokepoints: pd.DataFrame
) -> pd.DataFrame:
    """Every source with how many records cite it."""
    cited = pd.concat(
        [
            record.institutions["source_id"],
            record.memberships["source_id"],
            record.summits["source_id"],
            record.incidents["source_id"],
            record.energy.get("source_id", pd.Series(dtype=str)),
            disputes["source_id"],
            chokepoints["source_id"],
        ]
    ).value_counts()
    s = record.sources
    return pd.DataFrame(
        {
            "source_id": s["source_id"],
            "title": s["title"],
            "author": s["author"],
            "publisher": s["publisher"],
            "year": s["year"],
            "url": [safe_url(u) or None for u in s["url"]],
            "records citing it": [int(cited.get(i, 0)) for i in s.index],
            "accessed": [d.label if d else "" for d in s["accessed"]],
        }
    ).reset_index(drop=True)


def licences(events_descriptor: dict, geodata_descriptor: dict) -> list[str]:
    lines = []
    for label, desc in (
        ("Record (events/)", events_descriptor),
        ("Geodata (geodata/)", geodata_descriptor),
    ):
        for lic in desc.get("licenses", []):
            lines.append(
                f"**{label}**: {md_link(lic.get('title', lic['name']), lic.get('path', ''))}"
            )
    return lines


def notes(events_descriptor: dict, geodata_descriptor: dict) -> list[tuple[str, list[str]]]:
    return [
        (
            "The record: dates, roles and editorial choices",
            events_descriptor.get("x_curation_notes", []),
        ),
        (
            "The map: frame, borders, neutrality, simplification",
            geodata_descriptor.get("x_curation_notes", []),
        ),
    ]


def naming_rule(events_descriptor: dict) -> list[str]:
    """The written naming rule (events/datapackage.json x_naming_rule), one paragraph per item."""
    return list(events_descriptor.get("x_naming_rule", []))


def curation_documents() -> list[tuple[str, str]]:
    """(title, markdown) for each events/curation/*.md write-up."""
    docs = []
    for path in sorted((events_dir() / "curation").glob("*.md")):
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DataError(
                [f"events/curation/{path.name}: not UTF-8 text ({exc.reason} at byte {exc.start})"]
            ) from None
        bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
        if bad:
            line = text.count("\n", 0, bad.start()) + 1
            raise DataError(
                [
                    f"events/curation/{path.name} line {line}: contains a control character "
                    f"(U+{ord(bad.group()):04X})"
                ]
            )
        first = text.splitlines()[0].lstrip("# ").strip() if text else path.stem
        docs.append((first or path.stem, text))
    return docs
