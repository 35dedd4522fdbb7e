"""An event's date, one point or an interval, with honest precision: the value and its display."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import pgettext, pgettext_lazy

from sources.dates import PartialDate, month_in_words


class Precision(models.TextChoices):
    DAY = "day", pgettext_lazy("date precision", "Day")
    MONTH = "month", pgettext_lazy("date precision", "Month")
    SEASON = "season", pgettext_lazy("date precision", "Season")
    YEAR = "year", pgettext_lazy("date precision", "Year")
    DECADE = "decade", pgettext_lazy("date precision", "Decade")
    INTERVAL = "interval", pgettext_lazy("date precision", "Interval")


class Season(models.IntegerChoices):
    """EDTF level 1 seasons, written in the month position: 2021-24 is the winter of 2021–22."""

    SPRING = 21, "spring"
    SUMMER = 22, "summer"
    AUTUMN = 23, "autumn"
    WINTER = 24, "winter"


_SEASON_MONTHS = {
    Season.SPRING: (3, 5),
    Season.SUMMER: (6, 8),
    Season.AUTUMN: (9, 11),
    Season.WINTER: (12, 2),
}
# The labels above are English words the date reader understands; these are what pages show.
_SEASON_WORDS = {
    False: {
        Season.SPRING: pgettext_lazy("a season on its own, before its year", "spring"),
        Season.SUMMER: pgettext_lazy("a season on its own, before its year", "summer"),
        Season.AUTUMN: pgettext_lazy("a season on its own, before its year", "autumn"),
        Season.WINTER: pgettext_lazy("a season on its own, before its year", "winter"),
    },
    True: {
        Season.SPRING: pgettext_lazy("a season after c., since or until", "spring"),
        Season.SUMMER: pgettext_lazy("a season after c., since or until", "summer"),
        Season.AUTUMN: pgettext_lazy("a season after c., since or until", "autumn"),
        Season.WINTER: pgettext_lazy("a season after c., since or until", "winter"),
    },
}
_QUALIFIERS = {(True, False): "~", (False, True): "?", (True, True): "%"}


@dataclass(frozen=True)
class DatePoint:
    """One date: a day, month, season, year or decade, perhaps approximate or uncertain."""

    year: int
    month: int | None = None
    day: int | None = None
    season: Season | None = None
    decade: bool = False
    approximate: bool = False
    uncertain: bool = False

    @property
    def _partial(self) -> PartialDate:
        return PartialDate(self.year, self.month, self.day)

    @property
    def precision(self) -> Precision:
        if self.decade:
            return Precision.DECADE
        if self.season:
            return Precision.SEASON
        return Precision(self._partial.precision.value)

    @property
    def earliest(self) -> dt.date:
        """The first day the date can be."""
        if self.season:
            return dt.date(self.year, _SEASON_MONTHS[self.season][0], 1)
        return self._partial.earliest

    @property
    def latest(self) -> dt.date:
        """The last day the date can be."""
        if self.decade:
            return dt.date(self.year + 9, 12, 31)
        if self.season:
            first, last = _SEASON_MONTHS[self.season]
            year = self.year + (last < first)
            return dt.date(year, last, calendar.monthrange(year, last)[1])
        return self._partial.latest

    def edtf(self) -> str:
        """The date as EDTF: 2025-11-17, 2025-09~, 2021-24, 199X, 1998%."""
        if self.decade:
            text = f"{self.year // 10:03d}X"
        elif self.season:
            text = f"{self.year:04d}-{int(self.season)}"
        else:
            text = self._partial.iso()
        return text + _QUALIFIERS.get((self.approximate, self.uncertain), "")

    def _season_years(self) -> str:
        if self.season != Season.WINTER:
            return str(self.year)
        following = self.year + 1
        # Two digits read naturally (winter 2021–22) unless the century turns.
        same_century = following // 100 == self.year // 100
        return f"{self.year}–{following % 100:02d}" if same_century else f"{self.year}–{following}"

    def __str__(self) -> str:
        """As people write it in English, whatever the interface language: kept so in readers'
        copies and read back by the date forms (the date reader understands English words)."""
        if self.decade:
            text = f"{self.year}s"
        elif self.season:
            text = f"{Season(self.season).label} {self._season_years()}"
        else:
            text = str(self._partial)
        if self.approximate:
            text = f"c. {text}"
        return f"{text}?" if self.uncertain else text

    def in_words(self, *, governed: bool = False) -> str:
        """As people write it in the interface language: c. 2025, March 2025, 3 March 2025.

        Governed: as it reads after "since" or "until"; after "c." a date is always so (Polish
        declines it: "ok. marca 2025", "od wiosny 2021").
        """
        governed = governed or self.approximate
        if self.decade:
            # The decade's first and last years are both given: a language may name it by them.
            if governed:
                # xgettext:no-python-format
                decade = pgettext("a decade after c., since or until", "%(year)ss")
            else:
                # xgettext:no-python-format
                decade = pgettext("a decade on its own", "%(year)ss")
            text = decade % {"year": self.year, "last": self.year + 9}
        elif self.season:
            text = f"{_SEASON_WORDS[governed][self.season]} {self._season_years()}"
        else:
            text = self._partial.in_words(governed=governed)
        if self.approximate:
            text = pgettext("an approximate date", "c. %(date)s") % {"date": text}
        return f"{text}?" if self.uncertain else text


@dataclass(frozen=True)
class EventDate:
    """A date, or an interval between two; a single date has the same point at both ends."""

    start: DatePoint | None
    end: DatePoint | None

    @classmethod
    def from_edtf(cls, text: str) -> EventDate:
        """Read an EDTF string; raise ValueError with a reader's message when it is not one."""
        from events.dates.edtf import read_edtf  # the readers build EventDates: import late

        return read_edtf(text)

    @classmethod
    def parse(cls, text: str, *, default_year: int | None = None) -> EventDate:
        """Read a date as people write it, or as EDTF; default_year completes a yearless date."""
        from events.dates.edtf import read_edtf
        from events.dates.parts import NotEdtf
        from events.dates.words import read_words

        try:
            return read_edtf(text)
        except NotEdtf:
            return read_words(text, default_year)

    @classmethod
    def parse_words(cls, text: str, *, default_year: int | None = None) -> EventDate:
        """Read a date as people write it, never as EDTF: in prose 2021-22 is two years."""
        from events.dates.words import read_words

        return read_words(text, default_year)

    @property
    def is_interval(self) -> bool:
        return self.start != self.end

    @property
    def precision(self) -> Precision:
        if self.is_interval or self.start is None:
            return Precision.INTERVAL
        return self.start.precision

    @property
    def approximate(self) -> bool:
        return any(point.approximate for point in (self.start, self.end) if point)

    @property
    def uncertain(self) -> bool:
        return any(point.uncertain for point in (self.start, self.end) if point)

    def edtf(self) -> str:
        """The date as canonical EDTF; an open end is written '..'."""
        if not self.is_interval and self.start is not None:
            return self.start.edtf()
        start = self.start.edtf() if self.start else ".."
        end = self.end.edtf() if self.end else ".."
        return f"{start}/{end}"

    def bounds(self) -> tuple[dt.date | None, dt.date | None]:
        """The earliest and latest day the date can be; None for an open end."""
        return (
            self.start.earliest if self.start else None,
            self.end.latest if self.end else None,
        )

    def sort_key(self) -> tuple[dt.date, int, str]:
        """Order by earliest day, the longer span first, so a year leads its months and days."""
        earliest, latest = self.bounds()
        return (earliest or dt.date.min, -(latest or dt.date.max).toordinal(), self.edtf())

    def __str__(self) -> str:
        """As people write it in English, whatever the interface language (see DatePoint)."""
        if not self.is_interval and self.start is not None:
            return str(self.start)
        if self.start is None:
            return f"before {self.end}"
        if self.end is None:
            return f"since {self.start}"
        return _span(self.start, self.end, str, lambda month, governed: calendar.month_name[month])

    def in_words(self) -> str:
        """As people write it in the interface language: what pages show."""
        if not self.is_interval and self.start is not None:
            return self.start.in_words()
        if self.start is None:
            return pgettext("an interval open at its start", "before %(date)s") % {
                "date": self.end.in_words(governed=True)
            }
        if self.end is None:
            return pgettext("an interval open at its end", "since %(date)s") % {
                "date": self.start.in_words(governed=True)
            }
        return _span(
            self.start,
            self.end,
            DatePoint.in_words,
            lambda m, governed: month_in_words(m, governed=governed),
        )


def _span(start: DatePoint, end: DatePoint, words, month) -> str:
    """Two dates as one span; `words` writes a date, `month(number, governed)` a month."""
    plain = not (start.approximate or start.uncertain or end.approximate or end.uncertain)
    if plain and start.year == end.year and start.precision == end.precision:
        if start.precision == Precision.MONTH:
            return f"{month(start.month, False)}–{month(end.month, False)} {start.year}"
        if start.precision == Precision.DAY:
            first, last = month(start.month, True), month(end.month, True)
            if start.month == end.month:
                return f"{start.day}–{end.day} {first} {start.year}"
            return f"{start.day} {first} – {end.day} {last} {start.year}"
    left, right = words(start), words(end)
    # A spaced dash only where the ends have spaces of their own: 2021–2022, May 2021 – 2022.
    return f"{left}–{right}" if " " not in left + right else f"{left} – {right}"
