"""Finding a quote in a source text: exact, forgiving, or close, always on whole words.

A quote is anchored the way the W3C Web Annotation model does it: a TextQuoteSelector (the exact
text with some context before and after) and a TextPositionSelector (start and end offsets), both
against one version of the text. Every place reported starts and ends on whole words and is cut
from the source itself; a pasted quote only says where to look.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from sources.anchoring.approximate import MIN_WORDS, Close, find_close
from sources.anchoring.folding import fold_char, fold_text, quote_foldings
from sources.anchoring.twins import Contender, contenders, decide, kept_context
from sources.anchoring.words import (
    ends_inside_word,
    is_whole_words,
    snap_to_words,
    starts_inside_word,
)

CONTEXT_CHARS = 32
# Context to tell places apart when re-anchoring: a repeated sentence often shares 32 characters
# of context with its twin, rarely 120.
LONG_CONTEXT_CHARS = 120
QUOTE_MAX_CHARS = 5000
# Places returned for one quote; beyond this the editor is asked for a longer quote.
MAX_OCCURRENCES = 25
# Places looked at when ranking them by their context (re-anchoring, imports).
_SCAN_LIMIT = 200
_RAW_LIMIT = 20_000


class Kind(StrEnum):
    EXACT = "exact"
    FORGIVING = "forgiving"
    APPROXIMATE = "approximate"


@dataclass(frozen=True)
class Selector:
    """Where a quote stands in one text: its offsets and its exact words with their context."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    # The text's characters just before and after the quote ("" at its ends).
    char_before: str = ""
    char_after: str = ""

    @classmethod
    def at(cls, text: str, start: int, end: int) -> Selector:
        """The selector of text[start:end]; raises ValueError when the offsets do not fit."""
        if not 0 <= start < end <= len(text):
            raise ValueError("The selection is outside the text or empty.")
        return cls(
            start=start,
            end=end,
            exact=text[start:end],
            prefix=text[max(0, start - CONTEXT_CHARS) : start],
            suffix=text[end : end + CONTEXT_CHARS],
            char_before=text[start - 1] if start > 0 else "",
            char_after=text[end] if end < len(text) else "",
        )

    def context(self, width: int = 80) -> tuple[str, str, str]:
        """The words before, the quote, and the words after, for showing an occurrence."""
        return self.prefix[-width:], self.exact, self.suffix[:width]


@dataclass(frozen=True)
class Match:
    """One place a quote stands: how it was found, how sure the desk is, and its words."""

    selector: Selector
    kind: Kind
    confidence: float = 1.0
    words_differ: int = 0
    # For a close match: the source's passage in pieces, True where its words differ.
    segments: tuple[tuple[str, bool], ...] = ()

    @property
    def start(self) -> int:
        return self.selector.start

    @property
    def end(self) -> int:
        return self.selector.end

    @property
    def exact(self) -> str:
        return self.selector.exact

    @property
    def prefix(self) -> str:
        return self.selector.prefix

    @property
    def suffix(self) -> str:
        return self.selector.suffix

    def context(self, width: int = 80) -> tuple[str, str, str]:
        return self.selector.context(width)

    @property
    def in_words(self) -> str:
        """How sure the desk is, as an editor would say it."""
        if self.kind == Kind.EXACT:
            return "exact"
        if self.kind == Kind.FORGIVING:
            return "the same words; only spaces, quote marks, dashes or accents differ"
        word = "word differs" if self.words_differ == 1 else "words differ"
        return f"close: {self.words_differ} {word}"


@dataclass(frozen=True)
class Search:
    """What looking for a quote found."""

    quote: str
    matches: tuple[Match, ...] = ()
    # The quote stands in more places than were returned.
    more: bool = False
    # The quote was too short or too long to look for a close passage.
    too_short: bool = False
    too_long: bool = False
    # Its context was given, and several places fit it (its words, or close passages) without
    # one keeping clearly more of it: `matches` are the contenders, and a person chooses.
    ambiguous: bool = False

    @property
    def best(self) -> Match | None:
        """The place the quote stands, when the search can tell: never one of ambiguous twins."""
        return None if self.ambiguous or not self.matches else self.matches[0]

    @property
    def found(self) -> tuple[Match, ...]:
        """The places holding the quote's own words (exact or forgiving)."""
        return tuple(m for m in self.matches if m.kind != Kind.APPROXIMATE)

    @property
    def close(self) -> tuple[Match, ...]:
        return tuple(m for m in self.matches if m.kind == Kind.APPROXIMATE)


def _hits(haystack: str, needle: str):
    """Where the needle stands in the haystack as whole words: not run on from or into a word.

    str.find skips through a 5 MB text in a millisecond or two, where a regular expression with
    word boundaries tries every position; only the places found are checked for whole words.
    A needle found inside words very many times (a single letter) stops after _RAW_LIMIT.
    """
    found = haystack.find(needle)
    tried = 0
    while found != -1 and tried < _RAW_LIMIT:
        end = found + len(needle)
        if not starts_inside_word(haystack, found) and not ends_inside_word(haystack, end):
            yield found, end
        tried += 1
        found = haystack.find(needle, found + 1)


def _exact(text: str, quote: str) -> list[tuple[int, int]]:
    places = []
    for place in _hits(text, quote):
        places.append(place)
        if len(places) > _SCAN_LIMIT:
            break
    return places


def _forgiving(text: str, quote: str) -> list[tuple[int, int]]:
    folded_text, offsets = fold_text(text)
    places: list[tuple[int, int]] = []
    for form in quote_foldings(quote):
        for folded_start, folded_end in _hits(folded_text, form):
            start = offsets[folded_start]
            end = offsets[folded_end - 1] + 1
            # Half of what one source character folds to ("." of "…") is not that character.
            if folded_start > 0 and offsets[folded_start - 1] == start:
                continue
            if folded_end < len(offsets) and offsets[folded_end] == end - 1:
                continue
            # A combining accent after the last letter belongs to it.
            while end < len(text) and not text[end].isspace() and not fold_char(text[end]):
                end += 1
            if is_whole_words(text, start, end):
                places.append((start, end))
            if len(places) > _SCAN_LIMIT:
                return places
    return places


def locate(
    text: str,
    quote: str,
    *,
    prefix: str = "",
    suffix: str = "",
    near: int | None = None,
    approximate: bool = True,
    limit: int = MAX_OCCURRENCES,
) -> Search:
    """Every place the quote stands in the text, best first, at most `limit`.

    Exact places first, then places that hold the same words once typography is forgiven (a
    pasted "-" may stand for the source's "—" even where a plain "-" also exists, so both are
    offered and the editor chooses), then, only when neither exists, passages close enough to
    be the quote reworded. With the context it was captured in (`prefix`, `suffix`), the one
    place that kept clearly more of it comes first; when the context cannot tell the quote's
    own place from a twin (its words elsewhere, or a close passage), the search is `ambiguous`
    and a person chooses. An old position (`near`) only orders places, it never decides.
    """
    quote = quote.strip()
    if not quote or not text:
        return Search(quote)
    if len(quote) > QUOTE_MAX_CHARS * 2:
        return Search(quote, too_long=True)
    places: dict[tuple[int, int], Kind] = {}
    for place in _exact(text, quote):
        places[place] = Kind.EXACT
    for place in _forgiving(text, quote):
        places.setdefault(place, Kind.FORGIVING)

    def rank(item: tuple[tuple[int, int], Kind]):
        (start, end), kind = item
        order = 0 if kind == Kind.EXACT else 1
        return (order, abs(start - near) if near is not None else start)

    ranked = sorted(places.items(), key=rank)
    more = len(ranked) > limit
    if prefix or suffix:
        # Every place competes (at most _SCAN_LIMIT), not only the first `limit` of them.
        every = [Match(Selector.at(text, s, e), kind) for (s, e), kind in ranked]
        found = _by_context(text, quote, every, prefix, suffix, near, approximate)
        return replace(found, matches=found.matches[:limit], more=len(found.matches) > limit)
    matches = [Match(Selector.at(text, s, e), kind) for (s, e), kind in ranked[:limit]]
    if matches or not approximate:
        return Search(quote, tuple(matches), more=more)
    close, too_long = find_close(text, quote, near=near)
    return Search(
        quote,
        tuple(_close_match(text, c) for c in close),
        too_short=len(quote.split()) < MIN_WORDS,
        too_long=too_long,
    )


def _close_match(text: str, close: Close) -> Match:
    return Match(
        Selector.at(text, close.start, close.end),
        Kind.APPROXIMATE,
        confidence=close.confidence,
        words_differ=close.words_differ,
        segments=close.segments,
    )


def _by_context(
    text: str,
    quote: str,
    matches: list[Match],
    prefix: str,
    suffix: str,
    near: int | None,
    approximate: bool,
) -> Search:
    """The places of a quote captured with its context: the one that kept it first, or all of
    them as ambiguous when the context does not tell the quote's own from its twins."""
    kept = {m.start: kept_context(text, m.start, m.end, prefix, suffix) for m in matches}
    close: list[Match] = []
    too_long = False
    # Close passages compete even where its words stand with their context: a pull quote can
    # repeat the sentence and the words around it, while the quote's own place was edited. When
    # the context cannot tell the two apart, a person chooses.
    if approximate:
        found, too_long = find_close(text, quote, near=near)
        close = [
            _close_match(text, c)
            for c in found
            if not any(c.start < m.end and m.start < c.end for m in matches)
        ]
        for c in close:
            kept[c.start] = kept_context(text, c.start, c.end, prefix, suffix)
        close.sort(key=lambda c: (-round(c.confidence, 2), -kept[c.start]))
    places = contenders(
        [Contender(m.start, m.end, kept[m.start]) for m in matches],
        [Contender(c.start, c.end, kept[c.start], True, c.confidence) for c in close],
    )
    own = decide(places)
    if own is None and not places:
        return Search(
            quote, too_short=approximate and len(quote.split()) < MIN_WORDS, too_long=too_long
        )
    if own is None:
        # The contenders, those that kept most of their context first, for a person to choose.
        named = {(p.start, p.end) for p in places}
        shown = sorted(
            (m for m in [*close, *matches] if (m.start, m.end) in named),
            key=lambda m: -kept[m.start],
        )
        return Search(quote, tuple(shown), ambiguous=True)
    first = next(m for m in (close if own.close else matches) if m.start == own.start)
    if own.close:
        # The quote's own place was edited; the places holding its words elsewhere follow.
        return Search(quote, (first, *matches))
    return Search(quote, (first, *(m for m in matches if m is not first)))


def find_quote(text: str, quote: str) -> list[Selector]:
    """Every place the quote's own words stand (exact or forgiving), never a close passage."""
    return [match.selector for match in locate(text, quote, approximate=False).matches]


@dataclass(frozen=True)
class Closest:
    """The passage of a text most like a quote that was not found."""

    start: int
    end: int
    passage: str
    score: float


def closest_passage(text: str, quote: str) -> Closest | None:
    """The close passage `locate` offers for a quote not in the text, or None when none is
    close enough (scored 0-100)."""
    close = locate(text, quote).close
    if not close:
        return None
    best = close[0]
    return Closest(best.start, best.end, best.exact, best.confidence * 100)


def selection(text: str, start: int, end: int) -> Selector:
    """The selector of a passage an editor selected (or a client gave by offsets): widened to
    whole words and rid of the spaces a selection picks up at its ends. Raises ValueError when
    nothing of the text is left."""
    if not 0 <= start < end <= len(text):
        raise ValueError("The selection is outside the text or empty.")
    start, end = snap_to_words(text, start, end)
    return Selector.at(text, start, end)
