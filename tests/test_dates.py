"""PartialDate keeps the precision it was given and never invents a day."""

from datetime import date

import pytest

from apac.dates import PartialDate, parse_optional


@pytest.mark.parametrize(
    ("text", "precision", "first", "last", "label"),
    [
        ("1989-11-06", "day", date(1989, 11, 6), date(1989, 11, 6), "6 Nov 1989"),
        ("1998-11", "month", date(1998, 11, 1), date(1998, 11, 30), "Nov 1998"),
        ("2000-02", "month", date(2000, 2, 1), date(2000, 2, 29), "Feb 2000"),
        ("1995", "year", date(1995, 1, 1), date(1995, 12, 31), "1995"),
    ],
)
def test_parse_keeps_precision(text, precision, first, last, label):
    parsed = PartialDate.parse(text)
    assert parsed.precision == precision
    assert (parsed.first, parsed.last) == (first, last)
    assert parsed.label == label
    assert parsed.iso == text


@pytest.mark.parametrize("bad", ["1997-13-01", "1997-02-30", "abc", "97", "1997-1-1", ""])
def test_parse_rejects_non_dates(bad):
    with pytest.raises(ValueError, match="is not a date"):
        PartialDate.parse(bad)


def test_ordering_and_optional():
    assert PartialDate.parse("1998") < PartialDate.parse("1998-11") < PartialDate.parse("1999")
    assert parse_optional("") is None
    assert parse_optional("2001-06-15") == PartialDate(2001, 6, 15)
