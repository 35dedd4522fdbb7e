"""Dates mentioned in prose, found so an editor can date an event from the words of a source."""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.dates import EventDate

# Month names are matched capitalised only: in prose "may" and "march" are mostly verbs.
_MONTH = (
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
# A year stands alone: not inside 30,000 or 1,000, not a sum of money, not a class year (‘28).
_YEAR = r"(?<![\w$€£.,])(?:1[89]\d\d|20\d\d|2100)(?!\w|[.,]\d)"
_DAY = r"(?<!\d)(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\w|,\d)"
_DATE = "|".join(
    (
        rf"{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?",
        rf"{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?",
        rf"{_MONTH},?\s+(?:of\s+)?{_YEAR}",
        rf"\b[Ww]inter\s+(?:of\s+)?{_YEAR}\s*(?:[-–—/]|\band\b|\bto\b)\s*(?:{_YEAR}|\d\d(?!\d))",
        rf"\b(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)\s+(?:of\s+)?{_YEAR}",
        r"(?<![\w$€£.,])(?:1[89]|20)\d0s\b",
        _YEAR,
    )
)
_APPROXIMATE = r"(?:\b(?:[Cc]a?\.|[Cc]irca|[Aa]round)\s+)?"
_PATTERNS = [
    re.compile(pattern)
    for pattern in (
        rf"\b[Bb]etween\s+(?:{_DATE})\s+and\s+(?:{_DATE})",
        rf"\b[Ff]rom\s+(?:{_DATE}|{_MONTH}|{_DAY})\s*(?:[-–—]|\bto\b|\buntil\b|\bthrough\b)"
        rf"\s*(?:{_DATE})",
        rf"{_YEAR}\s*[-–—]\s*(?:{_YEAR}|\d\d(?!\d))",
        rf"\b(?:[Ss]ince|[Aa]fter|[Bb]efore|[Uu]ntil)\s+(?:{_DATE})",
        rf"{_APPROXIMATE}(?:{_DATE})",
    )
]


@dataclass(frozen=True)
class DateMention:
    """A date expression in a text, where it sits, and the date it stands for."""

    start: int
    end: int
    phrase: str
    date: EventDate
    year_inferred: bool


def find_date_mentions(text: str, *, default_year: int | None) -> list[DateMention]:
    """Date expressions in prose, in reading order; default_year dates those without a year."""
    candidates = [match for pattern in _PATTERNS for match in pattern.finditer(text)]
    # The longest reading wins: "the winter of 2021 and 2022" is one season, not two years.
    candidates.sort(key=lambda match: (match.start() - match.end(), match.start()))
    mentions: list[DateMention] = []
    for match in candidates:
        if any(match.start() < kept.end and kept.start < match.end() for kept in mentions):
            continue
        try:
            date = EventDate.parse_words(match[0], default_year=default_year)
        except ValueError:
            continue
        inferred = re.search(r"\d{4}", match[0]) is None
        mentions.append(DateMention(match.start(), match.end(), match[0], date, inferred))
    return sorted(mentions, key=lambda mention: mention.start)
