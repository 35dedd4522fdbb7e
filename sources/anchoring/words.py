"""Whole words and paragraphs: where a quote may start and end, and which paragraph holds it.

A word is a run of characters that are not separators. The separators are written out as one
string, not taken from Unicode categories, because the database checks the same rule with the
same string (desk.models.revision: `char_before`, `char_after`) and must agree with Python on
every character. A character missing from the list counts as part of a word, which errs on the
side of refusing a cut, never of allowing one inside a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Whitespace (with no-break and typographic spaces and the zero-width space), ASCII punctuation,
# and the quote marks, dashes and punctuation of typeset text. Soft hyphens and zero-width joiners
# sit inside words, so they are not here.
SEPARATORS = (
    " \t\n\r\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u200b\u2028\u2029\u202f\u205f\u3000"
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    "‘’‚‛“”„‟«»‹›′″…‐‑‒–—―−·•¡¿§¶†‡"
    "、。，！？；：（）［］｛｝「」『』〈〉《》"
)
_SEPARATOR_SET = frozenset(SEPARATORS)
# A class for regular expressions: one separator character.
SEPARATOR_CLASS = "[" + re.escape(SEPARATORS) + "]"
_SENTENCE_END = frozenset(".!?…")


def is_word_char(ch: str) -> bool:
    return ch not in _SEPARATOR_SET


def starts_inside_word(text: str, start: int) -> bool:
    """True when a quote starting here would cut a word of the text in two."""
    return 0 < start < len(text) and is_word_char(text[start - 1]) and is_word_char(text[start])


def ends_inside_word(text: str, end: int) -> bool:
    """True when a quote ending here would cut a word of the text in two."""
    return 0 < end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end])


def is_whole_words(text: str, start: int, end: int) -> bool:
    return not starts_inside_word(text, start) and not ends_inside_word(text, end)


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to whole words and trimmed of the spaces a selection picks up."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while starts_inside_word(text, start):
        start -= 1
    while ends_inside_word(text, end):
        end += 1
    return start, end


def _previous_word_start(text: str, position: int) -> int:
    i = position
    while i > 0 and text[i - 1].isspace():
        i -= 1
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return i


def _next_word_end(text: str, position: int) -> int:
    i = position
    while i < len(text) and text[i].isspace():
        i += 1
    while i < len(text) and not text[i].isspace():
        i += 1
    return i


def adjust_by_words(text: str, start: int, end: int, *, edge: str, step: int) -> tuple[int, int]:
    """The span with one word more (step 1) or one word less (step -1) at its `edge`
    ("start" or "end"). A span never shrinks to nothing: the last word stays."""
    if edge == "start" and step > 0:
        start = _previous_word_start(text, start)
    elif edge == "start":
        after = _next_word_end(text, start)
        following = after
        while following < end and text[following].isspace():
            following += 1
        if following < end:
            start = following
    elif edge == "end" and step > 0:
        end = _next_word_end(text, end)
    else:
        before = _previous_word_start(text, end)
        preceding = before
        while preceding > start and text[preceding - 1].isspace():
            preceding -= 1
        if preceding > start:
            end = preceding
    return start, end


def ends_a_sentence(quote: str) -> bool:
    stripped = quote.rstrip("\"'”’»)] ")
    return bool(stripped) and stripped[-1] in _SENTENCE_END


@dataclass(frozen=True)
class Paragraph:
    """One line of a stored text (a paragraph or a heading): its number from 1 and offsets."""

    number: int
    start: int
    end: int


def paragraph_at(text: str, offset: int) -> Paragraph:
    """The paragraph holding this offset (an offset at a line break belongs to the line before)."""
    offset = max(0, min(offset, len(text)))
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end == -1 else end
    return Paragraph(number=text.count("\n", 0, start) + 1, start=start, end=end)


def paragraphs_of(text: str, start: int, end: int) -> range:
    """The numbers (from 1) of the paragraphs a span touches."""
    first = paragraph_at(text, start).number
    last = first + text.count("\n", start, max(start, end - 1))
    return range(first, last + 1)
