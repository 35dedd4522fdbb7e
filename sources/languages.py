"""A source's language, told from its text when the person importing it did not say.

py3langid (a maintained port of langid.py, a small wheel) names the language; a guess from a
short text is no guess at all, so texts under a few words keep the language blank (unknown).
"""

from __future__ import annotations

import py3langid

# Fewer letters than this and the detector's answer is noise.
ENOUGH_LETTERS = 40
# The detector reads this much; more changes nothing but the time it takes.
SAMPLE_CHARS = 20_000


def detect_language(text: str) -> str:
    """The language code of `text` (en, ru, be, pl, …), or "" when it is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < ENOUGH_LETTERS:
        return ""
    language, _ = py3langid.classify(sample)
    return language
