"""Event dates as pages show them: in the interface language, while the written form stays
English, the words the date forms read back and readers' copies keep."""

from __future__ import annotations

import pytest
from django.utils import translation

from events.dates import EventDate
from sources.dates import PartialDate

CASES = [
    ("2025", "2025", "2025"),
    ("2025-03", "March 2025", "marzec 2025"),
    ("2025-03-03", "3 March 2025", "3 marca 2025"),
    ("2025~", "c. 2025", "ok. 2025"),
    ("2025-03~", "c. March 2025", "ok. marca 2025"),
    ("2025-03?", "March 2025?", "marzec 2025?"),
    ("199X", "1990s", "lata 1990–1999"),
    ("2021-24", "winter 2021–22", "zima 2021–22"),
    ("../2000", "before 2000", "do 2000"),
    ("2020-05/..", "since May 2020", "od maja 2020"),
    ("2025-03/2025-05", "March–May 2025", "marzec–maj 2025"),
    ("2025-03-03/2025-03-05", "3–5 March 2025", "3–5 marca 2025"),
    ("2025-03-30/2025-04-02", "30 March – 2 April 2025", "30 marca – 2 kwietnia 2025"),
]


@pytest.mark.parametrize(("edtf", "english", "polish"), CASES)
def test_a_date_in_words_follows_the_interface_language(edtf, english, polish):
    date = EventDate.from_edtf(edtf)
    with translation.override("en-gb"):
        assert date.in_words() == english
    with translation.override("pl"):
        assert date.in_words() == polish
        # What forms read back and readers' copies keep stays English in any language.
        assert str(date) == english
        assert EventDate.parse(str(date)) == date


def test_a_publication_date_in_words_follows_the_interface_language():
    with translation.override("pl"):
        assert PartialDate.parse("2025-11").in_words() == "listopad 2025"
        assert PartialDate.parse("2025-11-17").in_words() == "17 listopada 2025"
        assert str(PartialDate.parse("2025-11")) == "November 2025"
