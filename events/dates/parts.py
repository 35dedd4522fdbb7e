"""What both readers share: the parts a text gives of one date, and the checks that make it one."""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from events.dates.event_date import DatePoint, EventDate, Season
from sources.dates import month_in_words


class NotEdtf(ValueError):
    """The text is not shaped like EDTF at all, so it may still be a date in words."""


# Written as the date reader reads them (English words), whatever the interface language.
EXAMPLES = "17 November 2025, September 2025, 1994, winter 2021–22, c. 1998 or 2021–2022"
EMPTY = format_lazy(gettext_lazy("No date given: write one such as {examples}."), examples=EXAMPLES)


@dataclass
class Parts:
    """What a text says of one date before it is checked; missing parts may come from context."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: int | None = None
    decade: bool = False
    approximate: bool = False
    uncertain: bool = False
    next_year: int | None = None
    number: int | None = None


def checked_point(text: str, parts: Parts, default_year: int | None = None) -> DatePoint:
    year = parts.year if parts.year is not None else default_year
    if year is None:
        raise ValueError(
            gettext("“%(text)s” has no year: write it in full, as in 17 November 2025.")
            % {"text": text}
        )
    if year < 1:
        raise ValueError(gettext("“%(text)s” is not a date: there is no year 0.") % {"text": text})
    if parts.month is not None and not 1 <= parts.month <= 12:
        raise ValueError(
            gettext("“%(text)s” is not a date: there is no month %(month)s.")
            % {"text": text, "month": parts.month}
        )
    if parts.day is not None:
        assert parts.month is not None
        last = calendar.monthrange(year, parts.month)[1]
        if not 1 <= parts.day <= last:
            raise ValueError(
                gettext("“%(text)s” is not a date: %(month)s has %(last)s days.")
                % {"text": text, "month": f"{month_in_words(parts.month)} {year}", "last": last}
            )
    season = Season(parts.season) if parts.season else None
    if parts.next_year is not None:
        if season != Season.WINTER:
            raise ValueError(
                gettext("“%(text)s” is not a season: only a winter runs into a second year.")
                % {"text": text}
            )
        if parts.next_year != year + 1:
            example = DatePoint(year, season=Season.WINTER)
            raise ValueError(
                gettext(
                    "“%(text)s” is not a season: a winter runs from one year into the next, "
                    "as in %(example)s."
                )
                % {"text": text, "example": example}
            )
    return DatePoint(
        year, parts.month, parts.day, season, parts.decade, parts.approximate, parts.uncertain
    )


def checked_interval(text: str, start: DatePoint | None, end: DatePoint | None) -> EventDate:
    if start is None and end is None:
        raise ValueError(
            gettext("“%(text)s” is not a date: an interval needs at least one known end.")
            % {"text": text}
        )
    if start is not None and end is not None and end.latest < start.earliest:
        raise ValueError(
            gettext("“%(text)s” is not a range: it ends (%(end)s) before it starts (%(start)s).")
            % {"text": text, "end": end, "start": start}
        )
    return EventDate(start, end)
