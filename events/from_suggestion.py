"""Making an event from a date a source mentions: a short title, and the events it may repeat."""

from __future__ import annotations

import re

from events.models import DateSuggestion, Event

_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
_LEADING = re.compile(
    r"^(?:on|in|at|by|since|from|until|during|after|before|and|but|then)\b\W*", re.I
)
# Where a clause ends: a title needs only the first one.
_CLAUSE = re.compile(
    r"[;:—–(]|,\s(?:which|who|when|while|after|before|because|as|but|and|although)\b"
)
TITLE_WORDS = 10


def short_title(suggestion: DateSuggestion) -> str:
    """A title made of the sentence less its date: its first clause, in at most ten words."""
    before, _phrase, after = suggestion.sentence_parts
    text = " ".join(f"{before.strip()} {after.strip()}".split())
    text = _LEADING.sub("", text.lstrip(" ,")).lstrip(" ,")
    text = _CLAUSE.split(text, maxsplit=1)[0]
    words = text.strip(" ,.;").split()
    title = " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
    return (title[:1].upper() + title[1:]) if title else suggestion.phrase[:300]


def words_of(text: str) -> set[str]:
    return {word.casefold() for word in _WORD.findall(text)}


def recorded_alike(suggestion: DateSuggestion, *, limit: int = 5) -> list[Event]:
    """Events already recorded for the same days whose titles share words with the sentence."""
    start, end = suggestion.event_date.bounds()
    if start is None or end is None:
        return []
    same_days = Event.objects.filter(date_start__lte=end, date_end__gte=start).only(
        "pk", "title", "date"
    )[:200]
    wanted = words_of(suggestion.sentence)
    scored = [(len(wanted & words_of(event.title)), event) for event in same_days]
    return [event for score, event in sorted(scored, key=lambda s: -s[0]) if score][:limit]
