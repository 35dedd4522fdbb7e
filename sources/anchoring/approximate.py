"""A close passage for a quote that is not in the text: found word by word, within bounds.

Rare words of the quote vote for where it might stand; at most a few such places are compared
with the quote word by word (Levenshtein over words, not letters, so a match starts and ends on
whole words and its differences can be counted and shown). The work is bounded by the quote's
length (a longest quote is compared, never a longer one) and by a fixed number of candidates,
whatever the size of the source. A passage stays inside one paragraph unless the quote spans
several.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from sources.anchoring.folding import DASHES, fold_text, quote_foldings
from sources.anchoring.words import (
    SEPARATOR_CLASS,
    ends_inside_word,
    is_word_char,
    paragraph_at,
    snap_to_words,
    starts_inside_word,
)

# Shorter quotes are too easily "close" to anything; longer ones are compared in full.
MIN_WORDS = 4
MAX_WORDS = 1000
# At least this share of the words must agree for a passage to be called close.
THRESHOLD = 0.7
MIN_EQUAL_WORDS = 3
SEED_WORDS = 4
SEED_PAIRS = 10
SEED_HITS = 40
_RAW_LIMIT = 20_000
CANDIDATES = 4
# Beginnings and ends of a passage tried per candidate place.
_RUNS = 6

_WORD = re.compile(rf"[^\s{re.escape(DASHES)}]+")
_EDGE_PUNCTUATION = re.compile(rf"^{SEPARATOR_CLASS}+|{SEPARATOR_CLASS}+$")


@dataclass(frozen=True)
class Close:
    """A passage most like the quote: its offsets, agreement and which of its words differ."""

    start: int
    end: int
    confidence: float
    words_differ: int
    # The passage in pieces, each with True where its words differ from the quote.
    segments: tuple[tuple[str, bool], ...]


def _norm(word: str) -> str:
    return _EDGE_PUNCTUATION.sub("", word).casefold()


def _words(folded: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    end = len(folded) if end is None else end
    found = []
    for match in _WORD.finditer(folded, start, end):
        norm = _norm(match.group())
        if norm:
            found.append((match.start(), match.end(), norm))
    return found


def _seeds(folded_quote: str, words: list[tuple[int, int, str]]) -> list[tuple[str, int]]:
    """What to look for, with where each stands in the folded quote: pairs of neighbouring
    words spread over the quote (rare even in a long text, and one edited word spoils only two
    of them), and the quote's longest words."""
    pairs = [
        (folded_quote[words[i][0] : words[i + 1][1]].lower(), words[i][0])
        for i in range(len(words) - 1)
    ]
    step = max(1, len(pairs) // SEED_PAIRS)
    seeds = dict(pairs[::step][:SEED_PAIRS])
    longest = sorted({norm: start for start, _, norm in words}.items(), key=lambda i: -len(i[0]))
    for norm, start in longest[:SEED_WORDS]:
        seeds.setdefault(norm, start)
    return list(seeds.items())


@functools.lru_cache(maxsize=8)
def _lowered(folded_text: str) -> str:
    lowered = folded_text.lower()
    # Lower case must keep every offset; for the rare text where it would not, case counts.
    return lowered if len(lowered) == len(folded_text) else folded_text


def _places(text: str, word: str) -> list[int]:
    """Where a word stands whole in the text, at most SEED_HITS + 1 places."""
    places: list[int] = []
    found, tried = text.find(word), 0
    while found != -1 and tried < _RAW_LIMIT and len(places) <= SEED_HITS:
        if not starts_inside_word(text, found) and not ends_inside_word(text, found + len(word)):
            places.append(found)
        tried += 1
        found = text.find(word, found + 1)
    return places


def _candidates(folded_text: str, seeds: list[tuple[str, int]], span: int) -> list[int]:
    """Where in the folded text the quote may begin, by how many of its rare words agree.

    A word standing more than SEED_HITS times says little about where the quote is, and is
    left out (unless every word of the quote is that common).
    """
    lowered = _lowered(folded_text)
    found = {norm: (position, _places(lowered, norm)) for norm, position in seeds}
    rare = {norm: hit for norm, hit in found.items() if len(hit[1]) <= SEED_HITS}
    votes: list[tuple[int, str]] = [
        (place - position, norm)
        for norm, (position, places) in (rare or found).items()
        for place in places
    ]
    votes.sort()
    clusters: list[tuple[int, int]] = []
    i = 0
    while i < len(votes):
        j = i
        while j + 1 < len(votes) and votes[j + 1][0] - votes[i][0] <= span:
            j += 1
        distinct = len({norm for _, norm in votes[i : j + 1]})
        clusters.append((distinct, votes[(i + j) // 2][0]))
        i = j + 1
    clusters.sort(key=lambda cluster: -cluster[0])
    return [position for _, position in clusters[:CANDIDATES]]


def _window(text: str, offsets, position: int, length: int, paragraphs: int) -> tuple[int, int]:
    """The folded range to compare: around `position`, inside the paragraphs the quote may span."""
    slack = length // 2 + 40
    start, end = max(0, position - slack), min(len(offsets), position + length + slack)
    if start >= end:
        return start, start
    middle = offsets[min(len(offsets) - 1, max(0, position + length // 2))]
    first = last = paragraph_at(text, middle)
    for _ in range(paragraphs - 1):
        if first.start > 0:
            first = paragraph_at(text, first.start - 1)
        if last.end < len(text):
            last = paragraph_at(text, last.end + 1)
    return max(start, bisect_left(offsets, first.start)), min(end, bisect_left(offsets, last.end))


def _compare(quote_words: list[str], words: list[tuple[int, int, str]]):
    """The run of `words` that best matches the quote, and its word differences.

    A global alignment with the window says which runs may be the quote: each block of equal
    words proposes where the quote would begin and end if the words around it were substituted
    one for one (so a reworded first or last word is not dropped). The best of these runs by
    word distance wins; at most _RUNS of each end are tried, so the cost stays bounded.
    """
    norms = [norm for _, _, norm in words]
    equal = [op for op in Levenshtein.opcodes(quote_words, norms) if op.tag == "equal"]
    if not equal:
        return None
    m = len(quote_words)
    begins = sorted({max(0, op.dest_start - op.src_start) for op in equal})[:_RUNS]
    ends = sorted({min(len(words), op.dest_end + (m - op.src_end)) for op in equal})[-_RUNS:]

    def score(begin: int, finish: int):
        if not 0 <= begin < finish <= len(words):
            return None
        differ = Levenshtein.distance(quote_words, norms[begin:finish])
        # Fewest differences first, then the run closest in length to the quote.
        return (differ, abs(finish - begin - m)), begin, finish, differ

    tried = [score(b, f) for b in begins for f in ends]
    best = min((t for t in tried if t), default=None)
    if best is None:
        return None
    # The global alignment may pair a quote's edge word with a twin a little way off: move
    # each end by a word or two while that brings the run closer to the quote.
    for _ in range(2):
        _, begin, finish, _ = best
        nearby = [score(begin + d, finish) for d in (-2, -1, 1, 2)]
        nearby += [score(begin, finish + d) for d in (-2, -1, 1, 2)]
        best = min([best, *(t for t in nearby if t)])
    _, begin, finish, differ = best
    region = norms[begin:finish]
    changed = [True] * len(region)
    agree = 0
    for op in Levenshtein.opcodes(quote_words, region):
        if op.tag == "equal":
            agree += op.dest_end - op.dest_start
            for k in range(op.dest_start, op.dest_end):
                changed[k] = False
    confidence = 1 - differ / max(m, len(region))
    return begin, finish, differ, agree, confidence, changed


def find_close(
    text: str, quote: str, *, near: int | None = None, limit: int = 3
) -> tuple[list[Close], bool]:
    """The passages close enough to the quote, best first, and whether the quote was too long
    to look for one."""
    folded_text, offsets = fold_text(text)
    forms = quote_foldings(quote)
    if not forms or not folded_text:
        return [], False
    folded_quote = forms[-1]
    quote_words = _words(folded_quote)
    if len(quote_words) > MAX_WORDS:
        return [], True
    if len(quote_words) < MIN_WORDS:
        return [], False
    norms = [norm for _, _, norm in quote_words]
    paragraphs = quote.strip().count("\n") + 1
    found: dict[tuple[int, int], Close] = {}
    for position in _candidates(
        folded_text, _seeds(folded_quote, quote_words), len(folded_quote) // 3 + 20
    ):
        start, end = _window(text, offsets, position, len(folded_quote), paragraphs)
        words = _words(folded_text, start, end)
        compared = _compare(norms, words) if words else None
        if compared is None:
            continue
        begin, finish, differ, agree, confidence, changed = compared
        if confidence < THRESHOLD or agree < MIN_EQUAL_WORDS:
            continue
        region = words[begin:finish]
        source_start = offsets[region[0][0]]
        source_end = offsets[region[-1][1] - 1] + 1
        source_start, source_end = snap_to_words(text, source_start, source_end)
        source_start, source_end = _like_quote(text, source_start, source_end, quote.strip())
        segments = _segments(text, offsets, region, changed, source_start, source_end)
        found[(source_start, source_end)] = Close(
            source_start, source_end, confidence, differ, segments
        )
    ranked = sorted(
        found.values(),
        key=lambda c: (-c.confidence, abs(c.start - near) if near is not None else c.start),
    )
    return ranked[:limit], False


def _like_quote(text: str, start: int, end: int, quote: str) -> tuple[int, int]:
    """Punctuation at the passage's ends kept only where the quote has some there too: a quote
    ending on a word is not offered with the next full stop or comma."""
    if is_word_char(quote[-1]):
        while end - 1 > start and not is_word_char(text[end - 1]):
            end -= 1
    if is_word_char(quote[0]):
        while start + 1 < end and not is_word_char(text[start]):
            start += 1
    return start, end


def _segments(text, offsets, region, changed, start: int, end: int):
    pieces: list[tuple[str, bool]] = []
    cursor = start
    for (word_start, word_end, _), differs in zip(region, changed, strict=True):
        a, b = offsets[word_start], offsets[word_end - 1] + 1
        a, b = max(a, cursor), min(max(b, a), end)
        if a > cursor:
            pieces.append((text[cursor:a], False))
        if b > a:
            pieces.append((text[a:b], differs))
        cursor = max(cursor, b)
    if cursor < end:
        pieces.append((text[cursor:end], False))
    merged: list[tuple[str, bool]] = []
    for piece, differs in pieces:
        if merged and merged[-1][1] == differs:
            merged[-1] = (merged[-1][0] + piece, differs)
        else:
            merged.append((piece, differs))
    return tuple(merged)
