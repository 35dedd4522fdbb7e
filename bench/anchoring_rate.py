"""How many quotes per second the desk anchors in a 1 MB source, exactly, forgivingly and fuzzily.

Exact: the quote as it stands. Forgiving: the same quote as a paste mangles it (straight quote
marks and dashes, a doubled space), which find_quote finds by folding the text. Fuzzy: a quote
with a letter dropped, which only closest_passage can place. Each kind runs for a few seconds
(at least one quote) and reports quotes per second and the time per quote.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from bench.corpus import megabyte_text
from sources.anchoring import closest_passage, find_quote

_PASTE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"})


@dataclass
class AnchoringRate:
    kind: str
    quotes: int
    found: int
    quotes_per_second: float
    p50_ms: float
    p99_ms: float

    def as_json(self) -> dict:
        return asdict(self)


def _pasted(quote: str) -> str:
    """The quote as a copy and paste from a browser or a PDF leaves it."""
    pasted = quote.translate(_PASTE)
    return pasted.replace(" ", "  ", 1) if pasted == quote else pasted


def _mistyped(quote: str, rng: random.Random) -> str:
    """The quote with one letter dropped from one of its longer words."""
    words = quote.split(" ")
    long_words = [i for i, word in enumerate(words) if len(word) > 5] or [0]
    index = rng.choice(long_words)
    words[index] = words[index][:2] + words[index][3:]
    return " ".join(words)


def _time(kind: str, quotes: list, attempt: Callable[[object], bool], budget: float):
    durations, found = [], 0
    started = time.perf_counter()
    for quote in quotes:
        before = time.perf_counter()
        found += attempt(quote)
        durations.append(time.perf_counter() - before)
        if time.perf_counter() - started > budget:
            break
    durations_ms = sorted(d * 1000 for d in durations)
    p99_index = min(len(durations_ms) - 1, round(0.99 * (len(durations_ms) - 1)))
    return AnchoringRate(
        kind=kind,
        quotes=len(durations),
        found=found,
        quotes_per_second=len(durations) / sum(durations),
        p50_ms=statistics.median(durations_ms),
        p99_ms=durations_ms[p99_index],
    )


def measure(budget_seconds: float = 4.0) -> tuple[int, list[AnchoringRate]]:
    """(size of the text in characters, the three rates)."""
    rng = random.Random(1)
    text, spans = megabyte_text()
    sample = rng.sample(spans, min(len(spans), 2000))
    exact = [(text[a:b], a, b) for a, b in sample]

    def exact_attempt(item) -> bool:
        quote, start, end = item
        found = find_quote(text, quote)
        return len(found) == 1 and (found[0].start, found[0].end) == (start, end)

    def forgiving_attempt(item) -> bool:
        quote, start, end = item
        found = find_quote(text, _pasted(quote))
        return len(found) == 1 and (found[0].start, found[0].end) == (start, end)

    def fuzzy_attempt(item) -> bool:
        quote, start, end = item
        # The 1 MB text repeats its paragraphs under new numbers, so the passage found may be
        # another copy of the same words: a close match anywhere counts.
        closest = closest_passage(text, _mistyped(quote, rng))
        return closest is not None and closest.score >= 90

    rates = [
        _time("exact", exact, exact_attempt, budget_seconds),
        _time("forgiving", exact[:200], forgiving_attempt, budget_seconds),
        _time("fuzzy", exact[:50], fuzzy_attempt, budget_seconds),
    ]
    return len(text), rates
