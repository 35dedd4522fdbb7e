import datetime as dt

import pytest

from sources.dates import PartialDate


@pytest.mark.parametrize(
    ("text", "shown", "earliest", "latest"),
    [
        ("2025", "2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("2025-11", "November 2025", dt.date(2025, 11, 1), dt.date(2025, 11, 30)),
        ("2025-11-17", "17 November 2025", dt.date(2025, 11, 17), dt.date(2025, 11, 17)),
        ("2024-02", "February 2024", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ],
)
def test_partial_dates_keep_their_precision(text, shown, earliest, latest):
    date = PartialDate.parse(text)
    assert (str(date), date.earliest, date.latest, date.iso()) == (shown, earliest, latest, text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-13", "no month 13"),
        ("2025-02-29", "has 28 days"),
        ("Nov 2025", "not a date"),
        ("", "not a date"),
        ("0000", "1 or later"),
    ],
)
def test_impossible_dates_are_refused(text, message):
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(text)
