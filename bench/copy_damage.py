"""How copying damages a quote: each function takes a quote and returns it as a copy from a PDF,
a word processor or a web page might arrive. The accuracy bench (bench/anchoring_accuracy.py)
and the anchoring property test (tests/sources/test_anchoring.py) paste quotes damaged so.
"""

from __future__ import annotations

import random
import unicodedata


def _straight(q, rng):
    table = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
    return q.translate(table)


def _spaced_hyphen(q, rng):
    return q.replace("—", " - ").replace("–", " - ")


def _double_hyphen(q, rng):
    return q.replace("—", "--").replace("–", "--")


def _line_breaks(q, rng):
    return " \n ".join(q.split(" "))


def _double_spaces(q, rng):
    return q.replace(" ", "  ")


def _inside_a_word(q, rng, mark):
    positions = [i for i in range(1, len(q)) if q[i - 1].isalpha() and q[i].isalpha()]
    if not positions:
        return q
    i = rng.choice(positions)
    return q[:i] + mark + q[i:]


def _soft_hyphen(q, rng):
    return _inside_a_word(q, rng, "\u00ad")


def _zero_width(q, rng):
    return _inside_a_word(q, rng, "\u200b")


def _line_end_hyphen(q, rng):
    return _inside_a_word(q, rng, "-\n")


def _no_diacritics(q, rng):
    decomposed = unicodedata.normalize("NFD", q)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _ligatures(q, rng):
    return q.replace("fi", "ﬁ").replace("fl", "ﬂ")


def _no_break_spaces(q, rng):
    return q.replace(" ", "\u00a0")


DAMAGE = [
    _straight,
    _spaced_hyphen,
    _double_hyphen,
    _line_breaks,
    _double_spaces,
    _soft_hyphen,
    _zero_width,
    _line_end_hyphen,
    _no_diacritics,
    _ligatures,
    _no_break_spaces,
]


def damaged(rng: random.Random, quote: str) -> str:
    out = quote
    for damage in rng.sample(DAMAGE, rng.randint(1, 3)):
        out = damage(out, rng)
    return out
