"""What both readers share: the parts a text gives of one date, and the checks that make it one."""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from events.dates.event_date import DatePoint, EventDate, Season


class NotEdtf(ValueError):
    """The text is not shaped like EDTF at all, so it may still be a date in words."""


EXAMPLES = "17 November 2025, September 2025, 1994, winter 2021–22, c. 1998 or 2021–2022"
EMPTY = f"No date given: write one such as {EXAMPLES}."


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
        raise ValueError(f"“{text}” has no year: write it in full, as in 17 November 2025.")
    if year < 1:
        raise ValueError(f"“{text}” is not a date: there is no year 0.")
    if parts.month is not None and not 1 <= parts.month <= 12:
        raise ValueError(f"“{text}” is not a date: there is no month {parts.month}.")
    if parts.day is not None:
        assert parts.month is not None
        last = calendar.monthrange(year, parts.month)[1]
        if not 1 <= parts.day <= last:
            month = calendar.month_name[parts.month]
            raise ValueError(f"“{text}” is not a date: {month} {year} has {last} days.")
    season = Season(parts.season) if parts.season else None
    if parts.next_year is not None:
        if season != Season.WINTER:
            raise ValueError(f"“{text}” is not a season: only a winter runs into a second year.")
        if parts.next_year != year + 1:
            example = DatePoint(year, season=Season.WINTER)
            raise ValueError(
                f"“{text}” is not a season: a winter runs from one year into the next, "
                f"as in {example}."
            )
    return DatePoint(
        year, parts.month, parts.day, season, parts.decade, parts.approximate, parts.uncertain
    )


def checked_interval(text: str, start: DatePoint | None, end: DatePoint | None) -> EventDate:
    if start is None and end is None:
        raise ValueError(f"“{text}” is not a date: an interval needs at least one known end.")
    if start is not None and end is not None and end.latest < start.earliest:
        raise ValueError(f"“{text}” is not a range: it ends ({end}) before it starts ({start}).")
    return EventDate(start, end)
