"""Reading a date as people write it: 17 November 2025, September–November 2025, c. 1998."""

from __future__ import annotations

import calendar
import re

from django.utils.translation import gettext

from events.dates.event_date import EventDate, Season
from events.dates.parts import EMPTY, EXAMPLES, Parts, checked_interval, checked_point

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
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2,4})")


def _normalise(text: str) -> str:
    text = text.casefold()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"[,.]", " ", text)
    text = re.sub(r"\s*([-/])\s*", r"\1", text)
    return " ".join(text.split())


def _parts(text: str, *, bare_number: bool = False) -> Parts | None:
    parts = Parts()
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


def _complete(start: Parts, end: Parts) -> bool:
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


def _numeric_parts(original: str, match: re.Match) -> Parts:
    """Day and month in figures, read only when they cannot be the other way round:
    17.11.2025 and 11/17/2025 are 17 November; 5.11.2025 could be May or November."""
    first, second, year = int(match[1]), int(match[3]), match[4]
    ambiguous = gettext("“%(text)s” is ambiguous: write the month as a word: 17 November 2025.") % {
        "text": original
    }
    if len(year) != 4:
        raise ValueError(ambiguous)
    if first > 12 >= second or first == second <= 12:
        day, month = first, second
    elif second > 12 >= first:
        day, month = second, first
    else:
        raise ValueError(ambiguous)
    return Parts(year=int(year), month=month, day=day)


def read_words(text: str, default_year: int | None) -> EventDate:
    original = text.strip()
    words = _LEAD.sub("", _normalise(original))
    if not words:
        raise ValueError(EMPTY)
    if numeric := _NUMERIC.fullmatch(original):
        point = checked_point(original, _numeric_parts(original, numeric))
        return EventDate(point, point)
    if (single := _parts(words)) is not None:
        point = checked_point(original, single, default_year)
        return EventDate(point, point)
    for pattern, is_end in ((_BEFORE, True), (_AFTER, False)):
        if (match := pattern.fullmatch(words)) and (parts := _parts(match[1])):
            point = checked_point(original, parts, default_year)
            return (
                checked_interval(original, None, point)
                if is_end
                else checked_interval(original, point, None)
            )
    connector = r"\s(?:to|until|till|through)\s|-|/"
    if match := re.fullmatch(r"(between|from)\s(.+)", words):
        words = match[2]
        connector += r"|\sand\s" if match[1] == "between" else ""
    # Try every connector, since a winter (2021-22) carries a dash of its own.
    for split in re.finditer(connector, words):
        start = _parts(words[: split.start()], bare_number=True)
        end = _parts(words[split.end() :], bare_number=True)
        if start is not None and end is not None and _complete(start, end):
            first, last = (
                checked_point(original, start, default_year),
                checked_point(original, end, default_year),
            )
            return checked_interval(original, first, last)
    raise ValueError(
        gettext("“%(text)s” is not a date this desk can read: write it as %(examples)s.")
        % {"text": original, "examples": EXAMPLES}
    )
