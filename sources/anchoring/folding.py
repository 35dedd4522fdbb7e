"""Folding a text for forgiving comparison, keeping a map back to the source's own offsets.

What copying and pasting does to a quote is undone on both sides: whitespace and line breaks,
soft hyphens and zero-width characters, curly or straight quote marks and apostrophes, every
dash (and a spaced hyphen typed for one), NFKC forms and ligatures, letters with or without
their diacritics. A match found in the folded text is cut from the source through the map, so
the stored quote is always the source's own text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array

_QUOTES = {
    **dict.fromkeys("‘’‚‛′`´ʼʻ", "'"),
    **dict.fromkeys("“”„‟″«»‹›", '"'),
}
# Letters that carry a diacritic Unicode does not decompose, and ligatures NFKD leaves whole.
_LETTERS = {
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H",
    "ı": "i", "ŀ": "l", "Ŀ": "L", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
}  # fmt: skip
# Invisible in print, and sometimes put into a text or a copy of it.
_DROPPED = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
DASHES = "-‐‑‒–—―−﹘﹣－⸺⸻"

# Printable ASCII words joined by single spaces are copied whole: that is most of a text, and
# copying runs is many times faster than going character by character. The backtick and the
# hyphen are left out because they fold to something else.
_TOKENS = re.compile(
    r"(?P<plain>[!-,.-_a-~]+(?: [!-,.-_a-~]+)*)"
    rf"|(?P<dash>\s*[{re.escape(DASHES)}]+\s*)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.DOTALL,
)
# A word broken at a line end in a copy ("negoti-\nations"): the hyphen is the typesetter's.
_LINE_END_HYPHEN = re.compile(r"(?<=\w)[-\u00ad‐]\s*\n\s*(?=\w)")


@functools.lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """What one character folds to: "" for the invisible ones and for combining marks."""
    if ch in _DROPPED:
        return ""
    if ch in _QUOTES:
        return _QUOTES[ch]
    if ch in _LETTERS:
        return _LETTERS[ch]
    out = []
    for part in unicodedata.normalize("NFKD", ch):
        if unicodedata.combining(part):
            continue
        part = _QUOTES.get(part, _LETTERS.get(part, part))
        out.append("-" if part in DASHES else part)
    return "".join(out)


def fold(text: str) -> tuple[str, array]:
    """Fold a text, with `offsets[i]` the offset in `text` that folded character i came from."""
    out: list[str] = []
    offsets = array("l")
    last = ""
    for match in _TOKENS.finditer(text):
        kind, start = match.lastgroup, match.start()
        if kind == "plain":
            piece = match.group()
            out.append(piece)
            offsets.extend(range(start, match.end()))
        elif kind == "dash":
            dash = start + len(match.group()) - len(match.group().lstrip())
            if last == "-":
                continue
            if last == " ":
                out.pop()
                offsets.pop()
            piece = "-"
            out.append(piece)
            offsets.append(dash)
        elif kind == "space":
            if not out or last in (" ", "-"):
                continue
            piece = " "
            out.append(piece)
            offsets.append(start)
        else:
            piece = fold_char(match.group())
            if not piece:
                continue
            if piece.isspace():
                if not out or last in (" ", "-"):
                    continue
                piece = " "
            out.append(piece)
            offsets.extend([start] * len(piece))
        last = piece[-1]
    if out and last == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets


# Re-anchoring every excerpt of a new version, and a failed paste looking for a close passage,
# fold the same source text again and again: keep the last few.
fold_text = functools.lru_cache(maxsize=8)(fold)


def quote_foldings(quote: str) -> list[str]:
    """The folded forms a pasted quote may stand for: as pasted, and with words broken at line
    ends joined again."""
    forms = [fold(quote)[0]]
    if _LINE_END_HYPHEN.search(quote):
        joined = fold(_LINE_END_HYPHEN.sub("", quote))[0]
        if joined not in forms:
            forms.append(joined)
    return [form for form in forms if form]
