"""Whether a PDF's text layer can be trusted: a damaged one is read as a scan instead.

A text layer can be there and still be wrong: glyphs the file gives no Unicode value for
(fonts re-encoded by a print-to-file workflow come out as control characters), or letters whose
Unicode map points at other letters or whose order is scrambled (Chromium's "Save as PDF" once
read as "h L i P t r e s s"). Stored as it is, such text would be quoted as the source's words.
The checks read the text the desk would store: the share of characters without Unicode, the
share of one-letter fragments among the words, and a model of the words themselves (in every
language the desk reads, nearly every word has a vowel; a scrambled or shifted alphabet leaves
runs of consonants).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext

# More than this share of characters without Unicode: the layer is not text.
MOST_UNMAPPED = 0.02
# Prose in the desk's languages has under 3% lone letters (its one-letter words aside) and under
# 1% of words without a vowel (the seed articles); a scrambled or shifted layer has far more.
MOST_ONE_LETTER = 0.15
MOST_WITHOUT_VOWEL = 0.12
# Words mostly of Latin-1's accented letters: no language the desk reads writes them so.
MOST_FOREIGN = 0.02
_LATIN1_LETTERS = re.compile(r"[\u00c0-\u00ff]")
_WORD = re.compile(r"[^\W\d_]+")
_VOWELS = set("aeiouyáéíóúýàèìòùäëïöüąęóаеёиоуыэюяіїєў")
# One-letter words of the desk's languages (English, Polish, Russian, Belarusian, Ukrainian).
_ONE_LETTER_WORDS = set("aiowzuвксуяіиаоєї")


@dataclass(frozen=True)
class Damage:
    """Why a text layer cannot be trusted, in the editors' words."""

    reason: str
    figure: float


def damage(text: str, *, characters: int, unmapped: int) -> Damage | None:
    """The damage found in a text layer, or None when it reads as text."""
    if characters and unmapped / characters > MOST_UNMAPPED:
        return Damage(
            gettext("%(share)s of its characters have no letter behind them in the file")
            % {"share": f"{unmapped / characters:.0%}"},
            unmapped / characters,
        )
    words = _WORD.findall(text.lower())
    if len(words) < 30:
        return None
    single = [w for w in words if len(w) == 1 and w not in _ONE_LETTER_WORDS]
    if len(single) / len(words) > MOST_ONE_LETTER:
        return Damage(
            gettext("its letters are stored out of order (%(share)s of its words are lone letters)")
            % {"share": f"{len(single) / len(words):.0%}"},
            len(single) / len(words),
        )
    # Cyrillic set in an 8-bit font without a Unicode map reads as Latin-1 ("Ðåàêöèÿ").
    foreign = [w for w in words if len(_LATIN1_LETTERS.findall(w)) * 2 >= len(w) >= 3]
    if len(foreign) / len(words) > MOST_FOREIGN:
        return Damage(
            gettext("%(share)s of its words come out in the letters of another alphabet")
            % {"share": f"{len(foreign) / len(words):.0%}"},
            len(foreign) / len(words),
        )
    longer = [w for w in words if len(w) >= 2]
    without_vowel = [w for w in longer if not _VOWELS.intersection(w)]
    if longer and len(without_vowel) / len(longer) > MOST_WITHOUT_VOWEL:
        return Damage(
            gettext("its words are not words of any language (%(share)s have no vowel)")
            % {"share": f"{len(without_vowel) / len(longer):.0%}"},
            len(without_vowel) / len(longer),
        )
    return None
