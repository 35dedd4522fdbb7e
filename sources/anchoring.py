"""Finding a quote in a source text, and describing where it is.

A quote is anchored the way the W3C Web Annotation model does it: a TextQuoteSelector (the exact
text with some context before and after) and a TextPositionSelector (start and end offsets), both
against one version of the text. Finding a pasted quote forgives what copying and pasting does to
text (whitespace, straight or curly quotes, dash variants, Unicode forms) but the stored quote is
always cut from the source itself.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

CONTEXT_CHARS = 32
QUOTE_MAX_CHARS = 5000

_EQUIVALENTS = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
}


@dataclass(frozen=True)
class Selector:
    """Where a quote stands in one text: its offsets and its exact words with their context."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str

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
        )

    def context(self, width: int = 80) -> tuple[str, str, str]:
        """The words before, the quote, and the words after, for showing an occurrence."""
        return self.prefix[-width:], self.exact, self.suffix[:width]


@dataclass(frozen=True)
class Closest:
    """The passage of a text most like a quote that was not found."""

    start: int
    end: int
    passage: str
    score: float


def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return "".join(_EQUIVALENTS.get(c, c) for c in folded)


# Printable ASCII but the backtick folds to itself: such runs are copied whole, which makes
# folding a long text several times faster than going character by character.
_TOKENS = re.compile(r"(?P<plain>[!-_a-~]+)|(?P<space>\s+)|(?P<other>.)", re.DOTALL)


def fold(text: str) -> tuple[str, list[int]]:
    """Fold a text for forgiving comparison, with a map from each folded char to its offset.

    Whitespace runs become one space, quote marks and dashes their plain ASCII forms, and each
    character its NFKC form. `offsets[i]` is where folded character i came from.
    """
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    offsets: list[int] = []
    for match in _TOKENS.finditer(text):
        kind, start = match.lastgroup, match.start()
        if kind == "plain":
            out.append(match.group())
            offsets.extend(range(start, match.end()))
        elif kind == "space":
            if out and out[-1] != " ":
                out.append(" ")
                offsets.append(start)
        else:
            folded = _fold_char(match.group())
            out.extend(folded)
            offsets.extend([start] * len(folded))
    if out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets


# A failed paste folds the same source text twice (find, then closest passage); so does
# re-anchoring every excerpt of one new version. Keep the last few.
_fold_text = functools.lru_cache(maxsize=8)(fold)


def _all_occurrences(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    position = haystack.find(needle)
    while position != -1:
        found.append(position)
        position = haystack.find(needle, position + 1)
    return found


def find_quote(text: str, quote: str) -> list[Selector]:
    """Every place the quote stands in the text: the exact ones first, then the places that
    match once spaces, quote marks, dashes and Unicode forms are forgiven.

    A pasted "-" may stand for the source's "—" even where a plain "-" also exists, so the
    forgiving matches are offered too, and the editor chooses.
    """
    quote = quote.strip()
    if not quote:
        return []
    found = [
        Selector.at(text, start, start + len(quote)) for start in _all_occurrences(text, quote)
    ]
    folded_text, offsets = _fold_text(text)
    folded_quote, _ = fold(quote)
    if not folded_quote:
        return found
    seen = {(selector.start, selector.end) for selector in found}
    for start in _all_occurrences(folded_text, folded_quote):
        end = offsets[start + len(folded_quote) - 1] + 1
        if (offsets[start], end) not in seen:
            seen.add((offsets[start], end))
            found.append(Selector.at(text, offsets[start], end))
    return found


def closest_passage(text: str, quote: str) -> Closest | None:
    """The passage most like the quote, for telling an editor what the source says instead."""
    folded_text, offsets = _fold_text(text)
    folded_quote, _ = fold(quote)
    if not folded_text or not folded_quote:
        return None
    found = fuzz.partial_ratio_alignment(folded_quote, folded_text)
    if found is None or found.dest_end <= found.dest_start:
        return None
    start = offsets[found.dest_start]
    end = offsets[found.dest_end - 1] + 1
    return Closest(start=start, end=end, passage=text[start:end], score=found.score)
