"""One script per word in text recognised from a scan.

Tesseract reading with several languages at once (English with Russian, say) may set a Cyrillic
"а" inside an English word, or a Latin "o" inside a Russian one: the two look alike on the page,
so the text looks right and is not. Stored so, a quote typed from the page would not be found,
and readers would be given letters the source never printed. A letter that has a twin in the
word's own script is set right; a word whose mixing cannot be set right so is left as read, and
its paragraph is marked for checking against the original.
"""

from __future__ import annotations

import re
import unicodedata

# Cyrillic letters drawn the same as a Latin one, and back (lower and upper case).
LATIN_TWIN = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "һ": "h", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H",
    "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "У": "Y",
}  # fmt: skip
CYRILLIC_TWIN = {latin: cyrillic for cyrillic, latin in LATIN_TWIN.items()}

_WORD = re.compile(r"[^\W\d_]+")


def _script(letter: str) -> str:
    name = unicodedata.name(letter, "")
    if name.startswith("LATIN"):
        return "latin"
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    return "other"


def one_script(word: str) -> tuple[str, bool]:
    """The word with look-alike letters of the other script set in its own; and whether it still
    mixes scripts (it could not be set right)."""
    scripts = [_script(letter) for letter in word]
    latin, cyrillic = scripts.count("latin"), scripts.count("cyrillic")
    if not latin or not cyrillic:
        return word, False
    if latin == cyrillic:
        return word, True
    own, twins = ("latin", LATIN_TWIN) if latin > cyrillic else ("cyrillic", CYRILLIC_TWIN)
    letters = []
    for letter, script in zip(word, scripts, strict=True):
        if script in {own, "other"}:
            letters.append(letter)
        elif letter in twins:
            letters.append(twins[letter])
        else:
            return word, True
    return "".join(letters), False


def one_script_per_word(text: str) -> tuple[str, int]:
    """The text with each word's look-alike letters set in the word's own script (the text
    keeps its length: every change is one letter for one), and how many words still mix."""
    mixed = 0

    def repair(match: re.Match) -> str:
        nonlocal mixed
        word, still_mixed = one_script(match.group())
        mixed += still_mixed
        return word

    return _WORD.sub(repair, text), mixed
