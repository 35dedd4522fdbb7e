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
import threading
import unicodedata
from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence

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


class Offsets(Sequence[int]):
    """Where each folded character came from: `offsets[i]` is an offset in the source text.

    Kept as runs (the folded character that starts each run and its source offset), since most
    of a text folds to itself one character for one: a 5 MB text needs a few hundred thousand
    runs instead of five million offsets, which makes it quick to build, store and load.
    """

    __slots__ = ("folded_starts", "source_starts", "length")

    def __init__(self) -> None:
        self.folded_starts = array("q")
        self.source_starts = array("q")
        self.length = 0

    def add(self, source: int, count: int = 1, *, same: bool = False) -> None:
        """`count` more folded characters from `source` on (or all from `source`, `same`)."""
        for k in range(count if same else 1):
            at = self.length + k
            if not (
                self.folded_starts
                and self.source_starts[-1] + at - self.folded_starts[-1] == source
            ):
                self.folded_starts.append(at)
                self.source_starts.append(source)
        self.length += count

    def pop(self) -> None:
        self.length -= 1
        if self.folded_starts and self.folded_starts[-1] == self.length:
            self.folded_starts.pop()
            self.source_starts.pop()

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.length))]
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError("folded offset out of range")
        run = bisect_right(self.folded_starts, index) - 1
        return self.source_starts[run] + index - self.folded_starts[run]


def fold(text: str) -> tuple[str, Offsets]:
    """Fold a text, with `offsets[i]` the offset in `text` that folded character i came from."""
    out: list[str] = []
    offsets = Offsets()
    last = ""
    for match in _TOKENS.finditer(text):
        kind, start = match.lastgroup, match.start()
        if kind == "plain":
            piece = match.group()
            out.append(piece)
            offsets.add(start, len(piece))
        elif kind == "dash":
            dash = start + len(match.group()) - len(match.group().lstrip())
            if last == "-":
                continue
            if last == " ":
                out.pop()
                offsets.pop()
            piece = "-"
            out.append(piece)
            offsets.add(dash)
        elif kind == "space":
            if not out or last in (" ", "-"):
                continue
            piece = " "
            out.append(piece)
            offsets.add(start)
        else:
            piece = fold_char(match.group())
            if not piece:
                continue
            if piece.isspace():
                if not out or last in (" ", "-"):
                    continue
                piece = " "
            out.append(piece)
            offsets.add(start, len(piece), same=True)
        last = piece[-1]
    if out and last == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets


# Re-anchoring every excerpt of a new version, and every quote pasted into a source, fold the
# same source text again and again: the last few are kept (and may be put here ready-made).
_KEPT = 8
_folded: OrderedDict[str, tuple[str, Offsets]] = OrderedDict()
_folding = threading.Lock()


def fold_text(text: str) -> tuple[str, Offsets]:
    """The text folded, from the few kept in this process, else folded now and kept."""
    with _folding:
        if text in _folded:
            _folded.move_to_end(text)
            return _folded[text]
    folded = fold(text)
    keep_folded(text, folded)
    return folded


def keep_folded(text: str, folded: tuple[str, Offsets]) -> None:
    """Keep a text's folding for the next quotes (one prepared elsewhere, say)."""
    with _folding:
        _folded[text] = folded
        _folded.move_to_end(text)
        while len(_folded) > _KEPT:
            _folded.popitem(last=False)


def is_folded(text: str) -> bool:
    with _folding:
        return text in _folded


def forget_folded() -> None:
    """Forget every folding kept in this process (as a new process starts)."""
    with _folding:
        _folded.clear()


def quote_foldings(quote: str) -> list[str]:
    """The folded forms a pasted quote may stand for: as pasted, and with words broken at line
    ends joined again."""
    forms = [fold(quote)[0]]
    if _LINE_END_HYPHEN.search(quote):
        joined = fold(_LINE_END_HYPHEN.sub("", quote))[0]
        if joined not in forms:
            forms.append(joined)
    return [form for form in forms if form]
