import dataclasses
import datetime as dt
import random
import re

import pytest

from events.dates import DatePoint, EventDate, Precision, Season

D = dt.date


@pytest.mark.parametrize(
    ("edtf", "shown", "precision", "bounds"),
    [
        ("2025-11-17", "17 November 2025", Precision.DAY, (D(2025, 11, 17), D(2025, 11, 17))),
        ("2025-09", "September 2025", Precision.MONTH, (D(2025, 9, 1), D(2025, 9, 30))),
        ("2024-02", "February 2024", Precision.MONTH, (D(2024, 2, 1), D(2024, 2, 29))),
        ("1994", "1994", Precision.YEAR, (D(1994, 1, 1), D(1994, 12, 31))),
        ("199X", "1990s", Precision.DECADE, (D(1990, 1, 1), D(1999, 12, 31))),
        ("2025-21", "spring 2025", Precision.SEASON, (D(2025, 3, 1), D(2025, 5, 31))),
        ("2025-22", "summer 2025", Precision.SEASON, (D(2025, 6, 1), D(2025, 8, 31))),
        ("2025-23", "autumn 2025", Precision.SEASON, (D(2025, 9, 1), D(2025, 11, 30))),
        ("2021-24", "winter 2021–22", Precision.SEASON, (D(2021, 12, 1), D(2022, 2, 28))),
        ("2023-24", "winter 2023–24", Precision.SEASON, (D(2023, 12, 1), D(2024, 2, 29))),
        ("1999-24", "winter 1999–2000", Precision.SEASON, (D(1999, 12, 1), D(2000, 2, 29))),
        ("1998~", "c. 1998", Precision.YEAR, (D(1998, 1, 1), D(1998, 12, 31))),
        ("1998?", "1998?", Precision.YEAR, (D(1998, 1, 1), D(1998, 12, 31))),
        ("1998%", "c. 1998?", Precision.YEAR, (D(1998, 1, 1), D(1998, 12, 31))),
        ("2025-09~", "c. September 2025", Precision.MONTH, (D(2025, 9, 1), D(2025, 9, 30))),
        ("2025-11-17?", "17 November 2025?", Precision.DAY, (D(2025, 11, 17), D(2025, 11, 17))),
        ("2021/2022", "2021–2022", Precision.INTERVAL, (D(2021, 1, 1), D(2022, 12, 31))),
        (
            "2025-09/2025-11",
            "September–November 2025",
            Precision.INTERVAL,
            (D(2025, 9, 1), D(2025, 11, 30)),
        ),
        (
            "2025-11/2026-02",
            "November 2025 – February 2026",
            Precision.INTERVAL,
            (D(2025, 11, 1), D(2026, 2, 28)),
        ),
        (
            "2025-11-17/2025-11-20",
            "17–20 November 2025",
            Precision.INTERVAL,
            (D(2025, 11, 17), D(2025, 11, 20)),
        ),
        (
            "2025-11-17/2025-12-03",
            "17 November – 3 December 2025",
            Precision.INTERVAL,
            (D(2025, 11, 17), D(2025, 12, 3)),
        ),
        ("1998~/2000", "c. 1998 – 2000", Precision.INTERVAL, (D(1998, 1, 1), D(2000, 12, 31))),
        (
            "2021-24/2022-24",
            "winter 2021–22 – winter 2022–23",
            Precision.INTERVAL,
            (D(2021, 12, 1), D(2023, 2, 28)),
        ),
        ("../2000", "before 2000", Precision.INTERVAL, (None, D(2000, 12, 31))),
        ("2020/..", "since 2020", Precision.INTERVAL, (D(2020, 1, 1), None)),
    ],
)
def test_edtf_is_read_shown_and_bounded(edtf, shown, precision, bounds):
    date = EventDate.from_edtf(edtf)
    assert (str(date), date.precision, date.bounds(), date.edtf()) == (
        shown,
        precision,
        bounds,
        edtf,
    )


@pytest.mark.parametrize(
    "edtf",
    [
        "2025-11-17",
        "2025-09",
        "1994",
        "0001",
        "199X",
        "2021-24",
        "2025-21",
        "1998~",
        "1998?",
        "1998%",
        "2025-09~",
        "2025-11-17%",
        "2021/2022",
        "2025-09/2025-11",
        "2021~/2022?",
        "2021-24/2022-24",
        "../2000",
        "2020/..",
        "190X/2025-11-17",
    ],
)
def test_edtf_round_trips(edtf):
    date = EventDate.from_edtf(edtf)
    assert date.edtf() == edtf
    assert EventDate.from_edtf(date.edtf()) == date


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        (" 2025-11-17 ", "2025-11-17"),
        ("/2000", "../2000"),
        ("2000/", "2000/.."),
        ("2021/2021", "2021"),
    ],
)
def test_edtf_is_written_back_canonically(written, canonical):
    assert EventDate.from_edtf(written).edtf() == canonical


@pytest.mark.parametrize(
    "edtf",
    [
        "2025-11-17",
        "2025-09",
        "1994",
        "199X",
        "2021-24",
        "1999-24",
        "2025-23",
        "1998%",
        "2025-09~",
        "2025-11-17?",
        "2021/2022",
        "2025-09/2025-11",
        "2025-11/2026-02",
        "2025-11-17/2025-11-20",
        "2025-11-17/2025-12-03",
        "1998~/2000",
        "2021-24/2022-24",
        "2021/2022-03",
        "199X/200X",
        "../2000",
        "2020/..",
    ],
)
def test_what_is_shown_can_be_typed_back(edtf):
    date = EventDate.from_edtf(edtf)
    assert EventDate.parse(str(date)) == date


@pytest.mark.parametrize(
    ("text", "edtf"),
    [
        ("17 November 2025", "2025-11-17"),
        ("November 17, 2025", "2025-11-17"),
        ("Nov 17 2025", "2025-11-17"),
        ("17th of November 2025", "2025-11-17"),
        ("On November 17", "2025-11-17"),
        ("November 17", "2025-11-17"),
        ("17 November", "2025-11-17"),
        ("  ON   NOVEMBER 17th  ", "2025-11-17"),
        ("September 2025", "2025-09"),
        ("Sept. 2025", "2025-09"),
        ("in 1994", "1994"),
        ("1994", "1994"),
        ("c. 1998", "1998~"),
        ("circa 1998", "1998~"),
        ("about 1998", "1998~"),
        ("around 1998", "1998~"),
        ("approximately 1998", "1998~"),
        ("1998?", "1998?"),
        ("c. 1998?", "1998%"),
        ("c. September 2025", "2025-09~"),
        ("winter 2021–22", "2021-24"),
        ("winter 2021-2022", "2021-24"),
        ("Winter 2021/22", "2021-24"),
        ("the winter of 2021 and 2022", "2021-24"),
        ("spring 2025", "2025-21"),
        ("summer of 2025", "2025-22"),
        ("autumn 2025", "2025-23"),
        ("fall 2025", "2025-23"),
        ("2021–2022", "2021/2022"),
        ("2021 — 2022", "2021/2022"),
        ("2021–22", "2021/2022"),
        ("2021 to 2022", "2021/2022"),
        ("between 2021 and 2022", "2021/2022"),
        ("from 2021 until 2022", "2021/2022"),
        ("September to November 2025", "2025-09/2025-11"),
        ("17–20 November 2025", "2025-11-17/2025-11-20"),
        ("before 2000", "../2000"),
        ("until 2000", "../2000"),
        ("after 2020", "2020/.."),
        ("since 2020", "2020/.."),
        ("since September 2025", "2025-09/.."),
        ("the 1990s", "199X"),
        ("1990s", "199X"),
        ("2025-11-17", "2025-11-17"),
        ("2021-24", "2021-24"),
        ("1998~", "1998~"),
        ("../2000", "../2000"),
        ("2020/..", "2020/.."),
        ("199X", "199X"),
    ],
)
def test_dates_as_people_write_them(text, edtf):
    assert EventDate.parse(text, default_year=2025).edtf() == edtf


def test_the_default_year_only_fills_a_missing_year():
    assert EventDate.parse("17 November 2024", default_year=2025).edtf() == "2024-11-17"
    assert EventDate.parse("November 17", default_year=2019).edtf() == "2019-11-17"
    assert EventDate.parse("September to November", default_year=2019).edtf() == ("2019-09/2019-11")


def test_a_hyphenated_pair_of_years_is_two_years_in_prose_but_a_season_in_edtf():
    assert EventDate.parse("2021-22").edtf() == "2021-22"
    assert str(EventDate.parse("2021-22")) == "summer 2021"
    assert EventDate.parse_words("2021-22").edtf() == "2021/2022"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "No date given"),
        ("   ", "No date given"),
        ("yesterday", "“yesterday” is not a date this desk can read"),
        ("2025-02-30", "“2025-02-30” is not a date: February 2025 has 28 days"),
        ("2024-02-30", "February 2024 has 29 days"),
        ("31 September 2025", "“31 September 2025” is not a date: September 2025 has 30 days"),
        ("13/13/2025", "“13/13/2025” is ambiguous: write the month as a word"),
        ("11/12/2025", "is ambiguous"),
        ("2025-13", "“2025-13” is not a date: there is no month 13."),
        ("2025-00", "there is no month 0"),
        ("2025-25", "there is no month 25"),
        ("2021-24-05", "there is no month 24"),
        ("0000", "there is no year 0"),
        ("winter 2021-2023", "a winter runs from one year into the next, as in winter 2021–22"),
        ("summer 2021-2022", "only a winter runs into a second year"),
        ("2022/2021", "“2022/2021” is not a range: it ends (2021) before it starts (2022)"),
        ("2025-11/2025-09", "before it starts"),
        ("between 2022 and 2021", "before it starts"),
        ("../..", "an interval needs at least one known end"),
        ("2021/2022/2023", "not a date this desk can read"),
        ("November 17", "“November 17” has no year"),
        ("17 November", "has no year"),
        ("On November 17", "has no year"),
        ("Smarch 2025", "not a date this desk can read"),
    ],
)
def test_impossible_or_unreadable_dates_are_refused_with_a_reason(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        EventDate.parse(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("c. 1998", "is not EDTF"),
        ("17 November 2025", "is not EDTF"),
        ("2025-13", "there is no month 13"),
        ("1998~~", "is not EDTF"),
        ("", "No date given"),
    ],
)
def test_from_edtf_reads_only_edtf(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        EventDate.from_edtf(text)


def test_approximate_and_uncertain_flags():
    flags = {
        edtf: (EventDate.from_edtf(edtf).approximate, EventDate.from_edtf(edtf).uncertain)
        for edtf in ("1998", "1998~", "1998?", "1998%", "2021~/2022", "../2000?")
    }
    assert flags == {
        "1998": (False, False),
        "1998~": (True, False),
        "1998?": (False, True),
        "1998%": (True, True),
        "2021~/2022": (True, False),
        "../2000?": (False, True),
    }


def test_dates_are_frozen_values():
    same = {EventDate.from_edtf("2021-24"), EventDate.parse("winter 2021–22")}
    assert len(same) == 1
    assert EventDate.from_edtf("1998") != EventDate.from_edtf("1998~")
    assert EventDate.from_edtf("2021-24").start == DatePoint(2021, season=Season.WINTER)
    with pytest.raises(dataclasses.FrozenInstanceError):
        EventDate.from_edtf("1994").start = None


def test_a_year_sorts_before_its_months_and_a_month_before_its_days():
    dates = [EventDate.from_edtf(edtf) for edtf in ("1994-01-01", "1994-01", "1994")]
    assert [d.edtf() for d in sorted(dates, key=EventDate.sort_key)] == [
        "1994",
        "1994-01",
        "1994-01-01",
    ]


def test_an_open_start_sorts_first():
    dates = [EventDate.from_edtf(edtf) for edtf in ("0001-01-01", "1994", "../2000")]
    assert sorted(dates, key=EventDate.sort_key)[0].edtf() == "../2000"


def test_sorting_across_every_precision():
    expected = [
        "../2000",
        "199X",
        "1994/1996",
        "1994",
        "1994-01",
        "1994-01-01",
        "1994-01-02",
        "1994-02",
        "2020/..",
        "2020",
        "2021-24",
        "2021-12",
        "2021-12-01",
        "2022",
    ]
    shuffled = [EventDate.from_edtf(edtf) for edtf in expected]
    random.Random(17).shuffle(shuffled)
    assert [d.edtf() for d in sorted(shuffled, key=EventDate.sort_key)] == expected


@pytest.mark.parametrize(
    ("text", "edtf"),
    [("17.11.2025", "2025-11-17"), ("11/17/2025", "2025-11-17"), ("17-11-2025", "2025-11-17"),
     ("5.5.2025", "2025-05-05")],
)  # fmt: skip
def test_figures_that_can_be_read_only_one_way_are_accepted(text, edtf):
    assert EventDate.parse(text).edtf() == edtf


@pytest.mark.parametrize("text", ["5.11.2025", "17.11.25", "13/13/2025"])
def test_figures_that_could_be_read_two_ways_are_refused(text):
    with pytest.raises(ValueError, match="ambiguous"):
        EventDate.parse(text)
