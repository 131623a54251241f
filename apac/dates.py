"""Partial ISO dates (YYYY, YYYY-MM, YYYY-MM-DD) that keep their precision."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import total_ordering

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTHS = [calendar.month_abbr[m] for m in range(13)]


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day (ordered: 1998 < 1998-11 < 1999)."""

    year: int
    month: int | None = None
    day: int | None = None

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: PartialDate) -> bool:
        return self._key() < other._key()

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; raise ValueError with a short reason."""
        text = str(text).strip()
        match = _PATTERN.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = (int(g) if g else None for g in match.groups())
        if year == 0:
            raise ValueError(f"{text!r} is not a date (there is no year 0000)")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} is not a date (month {month} does not exist)")
        if day is not None:
            try:
                date(year, month, day)
            except ValueError:
                raise ValueError(f"{text!r} is not a date (no day {day} in that month)") from None
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first(self) -> date:
        """The earliest day the date can mean."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> date:
        """The latest day the date can mean (a bare year means 31 December)."""
        if self.day:
            return date(self.year, self.month, self.day)
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def label(self) -> str:
        """Human label with the date's own precision: '6 Nov 1989', 'Nov 1989' or '1989'."""
        if self.day:
            return f"{self.day} {_MONTHS[self.month]} {self.year}"
        if self.month:
            return f"{_MONTHS[self.month]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso


EPOCH = date(1970, 1, 1)


def epoch_day(day: date) -> int:
    """Days since 1970-01-01: how the browser compares dates (static/instrument/dates.js)."""
    return (day - EPOCH).days


def parse_optional(text: str | None) -> PartialDate | None:
    """PartialDate for a non-blank text, None for blank."""
    if text is None or str(text).strip() in {"", "nan", "None"}:
        return None
    return PartialDate.parse(text)
