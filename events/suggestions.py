"""Candidate events: the dates a source's text mentions, each in its sentence.

Generation is idempotent: a date phrase already suggested (whatever an editor did with it) is
never suggested twice, so running it again after a dismissal changes nothing.
"""

from __future__ import annotations

import re

from events.mentions import find_date_mentions
from events.models import DateSuggestion

# Words that end with a full stop without ending the sentence.
_ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "st", "prof", "gen", "col", "sen", "rep", "gov", "jr", "sr", "vs",
    "no", "c", "ca", "approx", "e.g", "i.e", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp", "mt", "ft",
}  # fmt: skip
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")
_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence that holds text[start:end]: never beyond its line (a paragraph or heading)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    first, last = line_start, line_end
    for boundary in _BOUNDARY.finditer(text, line_start, line_end):
        stop = boundary.start()
        word = text[text.rfind(" ", line_start, stop) + 1 : stop].lstrip('("“‘')
        if word.casefold() in _ABBREVIATIONS or _INITIALS.fullmatch(word):
            continue
        if boundary.end() <= start:
            first = boundary.end()
        elif stop >= end:
            last = stop + len(boundary.group().rstrip())
            break
    while last > first and text[last - 1].isspace():
        last -= 1
    return first, last


def default_year_of(source) -> int | None:
    """The year a yearless date in this source most likely means: its publication year."""
    published = source.published_date
    return published.year if published else None


def suggest_events(version) -> list[DateSuggestion]:
    """Make a suggestion of every date mentioned in this version's text; return the new ones."""
    text = version.text
    mentions = find_date_mentions(text, default_year=default_year_of(version.source))
    known = set(DateSuggestion.objects.filter(source_version=version).values_list("start", "end"))
    new = []
    for mention in mentions:
        if (mention.start, mention.end) in known:
            continue
        sentence_start, sentence_end = sentence_bounds(text, mention.start, mention.end)
        new.append(
            DateSuggestion(
                source_version=version,
                start=mention.start,
                end=mention.end,
                sentence_start=sentence_start,
                sentence_end=sentence_end,
                phrase=mention.phrase[:200],
                date=mention.date.edtf(),
                year_inferred=mention.year_inferred,
            )
        )
    if new:
        # Two editors opening the page at once both try; the second finds the rows there.
        DateSuggestion.objects.bulk_create(new, ignore_conflicts=True)
    return new
