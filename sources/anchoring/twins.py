"""Telling a quote's own place from its twins by the words around it.

A quote can stand word for word in more than one place (a pull quote repeats a sentence of the
body), or stand edited in its own place while an unedited twin stands elsewhere. Given the
context it was captured in (the words just before and after it), the place that kept clearly
more of that context is the quote's own. When no place stands out by a clear margin, the desk
does not guess: the search says so and a person chooses.
"""

from __future__ import annotations

from dataclasses import dataclass

# A place must keep this many more characters of the captured context than every other place to
# be taken for the quote's own: about three words, more than the edge of a shared phrase gives.
MARGIN = 16
# Close passages this much less alike than the closest one are not its twins.
CONFIDENCE_MARGIN = 0.05


def kept_context(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters of the given context still stand right around this place."""
    score = 0
    for a, b in zip(
        reversed(text[max(0, start - len(prefix)) : start]), reversed(prefix), strict=False
    ):
        if a != b:
            break
        score += 1
    for a, b in zip(text[end : end + len(suffix)], suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


@dataclass(frozen=True)
class Contender:
    """A place that may be the quote's own: its quote's words, or a close passage."""

    start: int
    end: int
    kept: int
    close: bool = False
    confidence: float = 1.0

    def overlaps(self, other: Contender) -> bool:
        return self.start < other.end and other.start < self.end


def contenders(found: list[Contender], close: list[Contender]) -> list[Contender]:
    """The places that compete to be the quote's own: every place holding its words, and the
    closest passages where none of those holds them (a place counted once)."""
    chosen: list[Contender] = []
    for place in found:
        if not any(place.overlaps(other) for other in chosen):
            chosen.append(place)
    best = max((c.confidence for c in close), default=0.0)
    for passage in close:
        if passage.confidence < best - CONFIDENCE_MARGIN:
            continue
        if not any(passage.overlaps(other) for other in chosen):
            chosen.append(passage)
    return chosen


def decide(places: list[Contender]) -> Contender | None:
    """The quote's own place: the only one, or the one that kept at least MARGIN characters
    more of its context than any other. None when the context cannot tell them apart."""
    if not places:
        return None
    ranked = sorted(places, key=lambda place: -place.kept)
    if len(ranked) == 1 or ranked[0].kept - ranked[1].kept >= MARGIN:
        return ranked[0]
    return None
