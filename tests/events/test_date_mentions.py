"""Dates found in prose: the mentions the event form offers, on sentences and the seed texts."""

from pathlib import Path

import pytest

from events.mentions import find_date_mentions

SEEDS = Path(__file__).resolve().parents[2] / "desk" / "demo" / "seeds"


def test_a_sentence_dated_only_by_day_and_month_takes_the_default_year():
    [mention] = find_date_mentions("On November 17, Poland reopened two", default_year=2025)
    assert (mention.phrase, mention.start, mention.end) == ("November 17", 3, 14)
    assert (mention.date.edtf(), mention.year_inferred) == ("2025-11-17", True)


def test_without_a_default_year_a_yearless_day_is_not_a_mention():
    assert find_date_mentions("On November 17, Poland reopened", default_year=None) == []


@pytest.mark.parametrize(
    ("sentence", "edtfs"),
    [
        ("Lukashenko came to power in 1994, defeating", ["1994"]),
        ("In September 2025, Belarus released", ["2025-09"]),
        ("In the winter of 2021 and 2022, over 30,000 Russian troops", ["2021-24"]),
        ("Events in 2020 and 2022 forced Belarus", ["2020", "2022"]),
        (
            "It also followed the 2001, 2006, and 2010 presidential elections",
            ["2001", "2006", "2010"],
        ),
        ("in Moscow, February 18, 2022. Sputnik", ["2022-02-18"]),
        ("Since 2020, Belarus has become", ["2020/.."]),
        ("Troops drilled there through winter 2021–22.", ["2021-24"]),
        (
            "between 2021 and 2022 and from September to November 2025",
            ["2021/2022", "2025-09/2025-11"],
        ),
        ("a boom in the 1990s, c. 1998, and in 2021–22", ["199X", "1998~", "2021/2022"]),
        ("On 17th November 2025 and 3 December", ["2025-11-17", "2025-12-03"]),
        ("May 2025 may see 2020 troops", ["2025-05", "2020"]),
    ],
)
def test_mentions_in_sentences(sentence, edtfs):
    mentions = find_date_mentions(sentence, default_year=2025)
    assert [m.date.edtf() for m in mentions] == edtfs
    assert all(sentence[m.start : m.end] == m.phrase for m in mentions)


@pytest.mark.parametrize(
    "sentence",
    [
        "Belarus freed 123 political prisoners",
        "over 30,000 Russian troops",
        "released fifty-two political prisoners",
        "By Abby Poprocki ‘28",
        "More than 1,000 political prisoners",
        "a budget of $2020 and 12.2020 units",
        "an eight-year prison term for the past 31 years",
        "a lifetime of 3000 years, or 1799",
        "On February 30, Minsk",
    ],
)
def test_numbers_that_are_not_dates_are_not_mentions(sentence):
    assert find_date_mentions(sentence, default_year=2025) == []


def test_mentions_in_the_student_essay():
    text = (SEEDS / "003_4c57bf254df6c335.txt").read_text(encoding="utf-8")
    mentions = find_date_mentions(text, default_year=2025)
    found = [m.date.edtf() for m in mentions]
    assert found[:7] == ["2022-02-18", "2025-09", "1994", "1991", "1997", "2000", "2012/.."]
    assert "2021-24" in found
    assert "2021" not in found
    assert all(not m.year_inferred for m in mentions)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_mentions_in_the_ioffe_piece_take_the_year_of_writing():
    text = (SEEDS / "000_e180362b89ccddc6.txt").read_text(encoding="utf-8")
    inferred = [
        (m.phrase, m.date.edtf())
        for m in find_date_mentions(text, default_year=2025)
        if m.year_inferred
    ]
    assert inferred == [
        ("November 17", "2025-11-17"),
        ("October 29", "2025-10-29"),
        ("November 20", "2025-11-20"),
    ]


def test_mentions_in_the_ecfr_commentary():
    text = (SEEDS / "002_a54d937e01fa7ca1.txt").read_text(encoding="utf-8")
    assert [m.phrase for m in find_date_mentions(text, default_year=2025)] == [
        "2020",
        "Since 2020",
    ]
