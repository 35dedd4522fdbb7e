"""Event dates with honest precision, exchanged as EDTF and shown as people write them.

EDTF is the Library of Congress's Extended Date/Time Format. Levels 0 and 1 are read here: days,
months, years, seasons (2021-24), decades (199X), approximate (~), uncertain (?) and both (%),
intervals (2021/2022) and intervals with an open end (../2000, 2020/..).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import models

from sources.dates import PartialDate


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    SEASON = "season", "Season"
    YEAR = "year", "Year"
    DECADE = "decade", "Decade"
    INTERVAL = "interval", "Interval"


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

    def __str__(self) -> str:
        if self.decade:
            text = f"{self.year}s"
        elif self.season:
            text = f"{Season(self.season).label} {self.year}"
            if self.season == Season.WINTER:
                following = self.year + 1
                # Two digits read naturally (winter 2021–22) unless the century turns.
                same_century = following // 100 == self.year // 100
                text += f"–{following % 100:02d}" if same_century else f"–{following}"
        else:
            text = str(self._partial)
        if self.approximate:
            text = f"c. {text}"
        return f"{text}?" if self.uncertain else text


@dataclass(frozen=True)
class EventDate:
    """A date, or an interval between two; a single date has the same point at both ends."""

    start: DatePoint | None
    end: DatePoint | None

    @classmethod
    def from_edtf(cls, text: str) -> EventDate:
        """Read an EDTF string; raise ValueError with a reader's message when it is not one."""
        return _from_edtf(text)

    @classmethod
    def parse(cls, text: str, *, default_year: int | None = None) -> EventDate:
        """Read a date as people write it, or as EDTF; default_year completes a yearless date."""
        try:
            return _from_edtf(text)
        except _NotEdtf:
            return _from_words(text, default_year)

    @classmethod
    def parse_words(cls, text: str, *, default_year: int | None = None) -> EventDate:
        """Read a date as people write it, never as EDTF: in prose 2021-22 is two years."""
        return _from_words(text, default_year)

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
        if not self.is_interval and self.start is not None:
            return str(self.start)
        if self.start is None:
            return f"before {self.end}"
        if self.end is None:
            return f"since {self.start}"
        return _span(self.start, self.end)


def _span(start: DatePoint, end: DatePoint) -> str:
    plain = not (start.approximate or start.uncertain or end.approximate or end.uncertain)
    if plain and start.year == end.year and start.precision == end.precision:
        first, last = calendar.month_name[start.month or 0], calendar.month_name[end.month or 0]
        if start.precision == Precision.MONTH:
            return f"{first}–{last} {start.year}"
        if start.precision == Precision.DAY and start.month == end.month:
            return f"{start.day}–{end.day} {first} {start.year}"
        if start.precision == Precision.DAY:
            return f"{start.day} {first} – {end.day} {last} {start.year}"
    left, right = str(start), str(end)
    # A spaced dash only where the ends have spaces of their own: 2021–2022, May 2021 – 2022.
    return f"{left}–{right}" if " " not in left + right else f"{left} – {right}"


class _NotEdtf(ValueError):
    """The text is not shaped like EDTF at all, so it may still be a date in words."""


_EXAMPLES = "17 November 2025, September 2025, 1994, winter 2021–22, c. 1998 or 2021–2022"
_EMPTY = f"No date given: write one such as {_EXAMPLES}."
_EDTF_POINT = re.compile(
    r"(?:(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?|(?P<decade>\d{3})X)"
    r"(?P<qualifier>[~?%])?"
)


@dataclass
class _Parts:
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


def _point(text: str, parts: _Parts, default_year: int | None = None) -> DatePoint:
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


def _interval(text: str, start: DatePoint | None, end: DatePoint | None) -> EventDate:
    if start is None and end is None:
        raise ValueError(f"“{text}” is not a date: an interval needs at least one known end.")
    if start is not None and end is not None and end.latest < start.earliest:
        raise ValueError(f"“{text}” is not a range: it ends ({end}) before it starts ({start}).")
    return EventDate(start, end)


def _from_edtf(text: str) -> EventDate:
    stripped = text.strip()
    if not stripped:
        raise ValueError(_EMPTY)
    pieces = stripped.split("/")
    if len(pieces) > 2 or not all(
        _EDTF_POINT.fullmatch(piece) or (len(pieces) == 2 and piece in ("", ".."))
        for piece in pieces
    ):
        raise _NotEdtf(f"“{stripped}” is not EDTF: write 2025-11-17, 2025-09, 1994 or 2021/2022.")
    points = [_edtf_point(piece) if piece not in ("", "..") else None for piece in pieces]
    if len(points) == 1:
        return EventDate(points[0], points[0])
    return _interval(stripped, points[0], points[1])


def _edtf_point(text: str) -> DatePoint:
    match = _EDTF_POINT.fullmatch(text)
    assert match is not None
    qualifier = match["qualifier"]
    month = int(match["month"]) if match["month"] else None
    season = None
    if month in Season.values and not match["day"]:
        season, month = month, None
    parts = _Parts(
        year=int(match["year"] or match["decade"] + "0"),
        month=month,
        day=int(match["day"]) if match["day"] else None,
        season=season,
        decade=bool(match["decade"]),
        approximate=qualifier in ("~", "%"),
        uncertain=qualifier in ("?", "%"),
    )
    return _point(text, parts)


_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if number}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if number}
_MONTHS["sept"] = 9
_SEASONS = {label: value for value, label in Season.choices} | {"fall": Season.AUTUMN}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_SEASON = "|".join(_SEASONS)
_FORMS = [
    re.compile(form)
    for form in (
        r"(?P<year>\d{4})",
        r"(?P<decade>\d{3}0)s",
        rf"(?P<day>\d{{1,2}})\s(?:of\s)?(?P<month>{_MONTH})(?:\s(?P<year>\d{{4}}))?",
        rf"(?P<month>{_MONTH})\s(?P<day>\d{{1,2}})(?:\s(?P<year>\d{{4}}))?",
        rf"(?P<month>{_MONTH})(?:\s(?:of\s)?(?P<year>\d{{4}}))?",
        rf"(?P<season>{_SEASON})(?:\s(?:of\s)?(?P<year>\d{{4}})"
        rf"(?:(?:-|/|\sand\s|\sto\s)(?P<next_year>\d{{4}}|\d{{2}}))?)?",
    )
]
_LEAD = re.compile(r"^(?:(?:on|in|during|at|the)\s)+")
_APPROXIMATE = re.compile(r"^(?:c|ca|circa|about|around|approximately|approx|roughly)\s")
_BEFORE = re.compile(r"(?:before|until|till|up to)\s(.+)")
_AFTER = re.compile(r"(?:after|since|from)\s(.+)")
_NUMERIC = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")


def _normalise(text: str) -> str:
    text = text.casefold()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"[,.]", " ", text)
    text = re.sub(r"\s*([-/])\s*", r"\1", text)
    return " ".join(text.split())


def _parts(text: str, *, bare_number: bool = False) -> _Parts | None:
    parts = _Parts()
    if match := _APPROXIMATE.match(text):
        parts.approximate, text = True, text[match.end() :]
    if text.endswith("?"):
        parts.uncertain, text = True, text[:-1].rstrip()
    text = _LEAD.sub("", text)
    if bare_number and re.fullmatch(r"\d{1,2}", text):
        parts.number = int(text)
        return parts
    for form in _FORMS:
        if match := form.fullmatch(text):
            found = match.groupdict()
            if found.get("decade"):
                parts.year, parts.decade = int(found["decade"]), True
            if found.get("year"):
                parts.year = int(found["year"])
            if found.get("month"):
                parts.month = _MONTHS[found["month"]]
            if found.get("day"):
                parts.day = int(found["day"])
            if found.get("season"):
                parts.season = _SEASONS[found["season"]]
            if found.get("next_year"):
                assert parts.year is not None
                parts.next_year = _full_year(parts.year, found["next_year"])
            return parts
    return None


def _full_year(year: int, written: str) -> int:
    # Two digits borrow the century of the year before them: 2021–22. They never wrap into the
    # next century, so 1999–00 is refused as running backwards rather than guessed at.
    return int(written) if len(written) == 4 else year // 100 * 100 + int(written)


def _complete(start: _Parts, end: _Parts) -> bool:
    """Let each end of a range lend the other what it leaves out: September–November 2025."""
    if end.number is not None:
        if start.year is None or start.month or start.day or start.season or start.decade:
            return False
        end.year, end.number = _full_year(start.year, f"{end.number:02d}"), None
    if start.number is not None:
        if end.day is None:
            return False
        start.day, start.month, start.number = start.number, end.month, None
    if start.year is None:
        start.year = end.year
    return True


def _from_words(text: str, default_year: int | None) -> EventDate:
    original = text.strip()
    words = _LEAD.sub("", _normalise(original))
    if not words:
        raise ValueError(_EMPTY)
    if _NUMERIC.fullmatch(original):
        raise ValueError(f"“{original}” is ambiguous: write the month as a word: 17 November 2025.")
    if (single := _parts(words)) is not None:
        point = _point(original, single, default_year)
        return EventDate(point, point)
    for pattern, is_end in ((_BEFORE, True), (_AFTER, False)):
        if (match := pattern.fullmatch(words)) and (parts := _parts(match[1])):
            point = _point(original, parts, default_year)
            return _interval(original, None, point) if is_end else _interval(original, point, None)
    connector = r"\s(?:to|until|till|through)\s|-|/"
    if match := re.fullmatch(r"(between|from)\s(.+)", words):
        words = match[2]
        connector += r"|\sand\s" if match[1] == "between" else ""
    # Try every connector, since a winter (2021-22) carries a dash of its own.
    for split in re.finditer(connector, words):
        start = _parts(words[: split.start()], bare_number=True)
        end = _parts(words[split.end() :], bare_number=True)
        if start is not None and end is not None and _complete(start, end):
            first, last = _point(original, start, default_year), _point(original, end, default_year)
            return _interval(original, first, last)
    raise ValueError(f"“{original}” is not a date this desk can read: write it as {_EXAMPLES}.")
