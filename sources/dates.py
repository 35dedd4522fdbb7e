"""Publication dates known to a year, a month or a day, never more precise than the source says."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import models
from django.utils.dates import MONTHS_ALT
from django.utils.translation import gettext, pgettext_lazy

# A month named on its own, before its year ("March 2025"): in Polish the nominative, in lower
# case ("marzec 2025"). After a day or a preposition Django's own alternative month names serve
# (its E format: "3 marca 2025", "ok. marca 2025").
MONTHS_ON_THEIR_OWN = {
    1: pgettext_lazy("a month on its own, before its year", "January"),
    2: pgettext_lazy("a month on its own, before its year", "February"),
    3: pgettext_lazy("a month on its own, before its year", "March"),
    4: pgettext_lazy("a month on its own, before its year", "April"),
    5: pgettext_lazy("a month on its own, before its year", "May"),
    6: pgettext_lazy("a month on its own, before its year", "June"),
    7: pgettext_lazy("a month on its own, before its year", "July"),
    8: pgettext_lazy("a month on its own, before its year", "August"),
    9: pgettext_lazy("a month on its own, before its year", "September"),
    10: pgettext_lazy("a month on its own, before its year", "October"),
    11: pgettext_lazy("a month on its own, before its year", "November"),
    12: pgettext_lazy("a month on its own, before its year", "December"),
}


def month_in_words(month: int, *, governed: bool = False) -> str:
    """A month's name in the interface language: on its own, or after a day or a preposition."""
    return str(MONTHS_ALT[month] if governed else MONTHS_ON_THEIR_OWN[month])


_ISO_PARTIAL = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


class Precision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day (ISO 8601 / EDTF level 0)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError with a reader's message otherwise."""
        match = _ISO_PARTIAL.match(text.strip())
        if not match:
            raise ValueError(
                gettext(
                    "“%(text)s” is not a date: write a year (2025), a month (2025-11) "
                    "or a day (2025-11-17)."
                )
                % {"text": text}
            )
        year = int(match["year"])
        month = int(match["month"]) if match["month"] else None
        day = int(match["day"]) if match["day"] else None
        if year < 1:
            raise ValueError(
                gettext("“%(text)s” is not a date: the year must be 1 or later.") % {"text": text}
            )
        if month is not None and not 1 <= month <= 12:
            raise ValueError(
                gettext("“%(text)s” is not a date: there is no month %(month)s.")
                % {"text": text, "month": month}
            )
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(
                    gettext("“%(text)s” is not a date: %(month)s has %(last)s days.")
                    % {"text": text, "month": f"{month_in_words(month)} {year}", "last": last}
                )
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def earliest(self) -> dt.date:
        """The first day the date could be: what it sorts and filters by."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day the date could be."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def iso(self) -> str:
        """The date as ISO 8601 with only the known parts: 2025, 2025-11, 2025-11-17."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def in_words(self, *, governed: bool = False) -> str:
        """As people write it in the interface language: 2025, March 2025, 3 March 2025.

        Governed: as it reads after a preposition ("c.", "since", "until"), which in Polish
        declines the month ("ok. marca 2025"); in English the words are the same.
        """
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{month_in_words(self.month, governed=governed)} {self.year}"
        return f"{self.day} {month_in_words(self.month, governed=True)} {self.year}"

    def __str__(self) -> str:
        """As people write it in English, whatever the interface language: 2025, November 2025,
        17 November 2025. Kept so in readers' copies and read back by the date forms."""
        if self.month is None:
            return str(self.year)
        month = calendar.month_name[self.month]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"
