"""The one place the desk finds quotes: pasted, selected, re-anchored on a new version, imported.

`locate` returns every place a quote stands, each with its kind (exact, forgiving, approximate),
a confidence and its context; every place starts and ends on whole words of the source.
See /README.md, "Quotes you can trust", for what each kind forgives and the measured accuracy.
"""

from sources.anchoring.folding import fold, fold_text
from sources.anchoring.matching import (
    CONTEXT_CHARS,
    LONG_CONTEXT_CHARS,
    MAX_OCCURRENCES,
    QUOTE_MAX_CHARS,
    Closest,
    Kind,
    Match,
    Search,
    Selector,
    closest_passage,
    find_quote,
    locate,
    selection,
)
from sources.anchoring.words import (
    SEPARATORS,
    Paragraph,
    adjust_by_words,
    ends_a_sentence,
    ends_inside_word,
    is_whole_words,
    paragraph_at,
    paragraphs_of,
    snap_to_words,
    starts_inside_word,
)

__all__ = [
    "CONTEXT_CHARS",
    "LONG_CONTEXT_CHARS",
    "MAX_OCCURRENCES",
    "QUOTE_MAX_CHARS",
    "SEPARATORS",
    "Closest",
    "Kind",
    "Match",
    "Paragraph",
    "Search",
    "Selector",
    "adjust_by_words",
    "ends_a_sentence",
    "ends_inside_word",
    "closest_passage",
    "find_quote",
    "fold",
    "fold_text",
    "is_whole_words",
    "locate",
    "paragraph_at",
    "paragraphs_of",
    "selection",
    "snap_to_words",
    "starts_inside_word",
]
