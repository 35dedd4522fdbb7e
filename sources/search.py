"""One search for the whole house: one folding of text, one query builder.

Text and queries are reduced to the same *search keys*, one per word, so that what differs only
in spelling matches:

- case, accents and typographic forms (Kuźnica = Kuznica = KUZNICA, ﬁ = fi, ’ = ');
- script: Cyrillic (and any other script) is written in Latin by anyascii, a maintained
  transliteration library (PyICU would offer the BGN/PCGN and ISO 9 transforms by name, but has
  no wheels, and `make run` must work with Python alone);
- romanisation: the ways the common systems (BGN/PCGN, ISO 9, the Belarusian and Ukrainian
  national systems, Polish, French and German forms) write one Cyrillic letter fold to one letter
  in the key: sh / š / sch / ch / sz, ch / č / tsch / tch / cz, ts / c; zh / ž; kh / h;
  ya / ja / ia; ou / u; w / v; -iy / -ij / -yj / -y. So Łukašenka, Lukashenka and Лукашэнка
  share a key, as do Loukachenko, Lukaschenko and Лукашенко. The price is a looser match in
  English (a search for "sell" also finds "shell"); ranking puts the closer rows first.

The keys are ASCII letters and digits only, which keeps them safe to put in a PostgreSQL tsquery
and an FTS5 query. Names that differ in more than spelling (Lukashenko and Lukashenka, Grodno and
Hrodna) are the actor register's aliases: desk.search expands them.

Each searchable row stores its keys, space-separated with a space at each end (`keys_text`);
`matching` narrows a queryset by a `Query` on such a column: every term must match one of its
alternatives, each a phrase of keys; a key of three letters or more matches the start of a word.
The databases index the keys columns (sources.search_index): SQLite with FTS5, PostgreSQL with a
tsvector that also holds the row's words stemmed in its source's language, which a term's words
as typed match too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from anyascii import anyascii
from django.db import connection
from django.db.models import Case, Q, QuerySet, Value, When

from sources.search_index import KeysMatch, KeysRank, fts5_available

MAX_WORDS = 12
# Longer "words" are not words; they also exceed what SQLite's LIKE accepts.
MAX_WORD_CHARS = 64
QUERY_MAX_CHARS = 200
# An expanded word searches at most this many spellings (an actor's names, bounded).
MAX_ALTERNATIVES = 24
# Shorter keys match whole words only: "ab" would otherwise match half the text.
PREFIX_FROM = 3
# Longer keys lose a last vowel when searched (see stem): inflection without a stemmer per language.
STEM_FROM = 6

# Apostrophes and soft signs (ь, ʹ, ʼ) are dropped inside a word, not taken as word breaks.
_APOSTROPHES = re.compile(r"['’ʼʹ`´]")
_WORD = re.compile(r"[a-z0-9]+")
# Romanisations of one letter, longest first; applied to lower-case ASCII.
_VARIANTS = [
    # ш, щ, ч and ц are written sh, sch, ch, tsch, tch, ts, sz, cz, c, š, č: one letter, "s".
    # (French ch is ш and BGN ch is ч; German ch is х, which this cannot tell apart.)
    ("shch", "s"),
    ("tsch", "s"),
    ("sch", "s"),
    ("tch", "s"),
    ("sh", "s"),
    ("ch", "s"),
    ("sz", "s"),
    ("cz", "s"),
    ("ts", "s"),
    ("tz", "s"),
    ("c", "s"),
    ("zh", "z"),
    ("kh", "h"),
    ("ou", "u"),
    ("ya", "a"),
    ("ia", "a"),
    ("ja", "a"),
    ("yu", "u"),
    ("iu", "u"),
    ("ju", "u"),
    ("ye", "e"),
    ("je", "e"),
    ("yo", "o"),
    ("jo", "o"),
    ("w", "v"),
    ("x", "ks"),
    ("y", "i"),
    ("j", "i"),
]
_VARIANT = re.compile("|".join(re.escape(old) for old, _ in _VARIANTS))
_REPLACEMENT = dict(_VARIANTS)
_DOUBLE = re.compile(r"(.)\1+")


def fold(text: str) -> str:
    """Lower case, without accents, typographic forms or repeated spaces (the script kept)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def latin_words(text: str) -> list[tuple[int, int, str]]:
    """Each word of `text` as (start, end, its ASCII transliteration in lower case)."""
    words = []
    for match in re.finditer(r"[\w'’ʼʹ`´]+", text):
        word = _APOSTROPHES.sub("", match.group())
        if not word:
            continue
        latin = anyascii(unicodedata.normalize("NFKC", word)).lower()
        parts = _WORD.findall(latin)
        if parts:
            words.append((match.start(), match.end(), "".join(parts)))
    return words


def key(latin: str) -> str:
    """The search key of one ASCII word: its romanisation variants folded to one spelling."""
    folded = _VARIANT.sub(lambda m: _REPLACEMENT[m.group()], latin)
    folded = _DOUBLE.sub(r"\1", folded)
    # Adjectival endings: -iy, -ij, -yj, -y all became -ii or -i.
    return folded[:-1] if folded.endswith("ii") else folded


def keys(text: str) -> list[str]:
    """The search keys of a text, word by word."""
    return [key(latin) for _, _, latin in latin_words(text)]


def keys_text(*texts: str) -> str:
    """What a searchable row stores: its keys, space-separated, a space at each end."""
    words = [k for text in texts for k in keys(text)]
    return f" {' '.join(words)} " if words else ""


@dataclass
class Term:
    """One word of a query (or a name of several words) and every spelling it also searches."""

    words: str
    alternatives: list[tuple[str, ...]]


@dataclass
class Query:
    terms: list[Term] = field(default_factory=list)
    # What the reader is told was also searched: (whose names, the spellings added).
    also: list[tuple[str, list[str]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def all_keys(self) -> set[str]:
        return {k for term in self.terms for alt in term.alternatives for k in alt}


def query_words(text: str) -> list[tuple[str, str]]:
    """A query's words, bounded, each as (the word as typed, its key)."""
    words = []
    for start, end, latin in latin_words(text[:QUERY_MAX_CHARS]):
        words.append((text[start:end], key(latin[:MAX_WORD_CHARS])))
    return words[:MAX_WORDS]


def build(text: str) -> Query:
    """A literal query: each word must appear, in any spelling of its letters."""
    return Query(terms=[Term(word, [(k,)]) for word, k in query_words(text)])


def stem(k: str) -> str:
    """A key as searched: a long word without its last vowel, so that the start matches the
    word's inflected forms in any language (Лукашэнка: Лукашэнкі, Лукашэнку, Lukashenka's)."""
    return k[:-1] if len(k) >= STEM_FROM and k[-1] in "aeiou" else k


def _phrase(alt: tuple[str, ...]) -> tuple[list[str], bool]:
    """The keys of one alternative as searched, and whether its last one may begin a word."""
    return [*alt[:-1], stem(alt[-1])], len(alt[-1]) >= PREFIX_FROM


def _tsquery(query: Query) -> tuple[str, tuple[str, ...]]:
    """The query as PostgreSQL SQL: per term, its keys' alternatives (configuration simple) or
    the words as typed, stemmed in every language the desk stems (sources.search_index)."""
    sql, params = [], []
    for term in query.terms:
        alts = []
        for alt in term.alternatives[:MAX_ALTERNATIVES]:
            words, prefix = _phrase(alt)
            alts.append(" <-> ".join(words) + (":*" if prefix else ""))
        # Keys are [a-z0-9] only: the raw tsquery cannot be broken out of. The typed words are
        # a parameter, parsed by PostgreSQL as plain text.
        sql.append("(to_tsquery('simple'::regconfig, %s) || search_stems(%s))")
        params += ["(" + " | ".join(f"({alt})" for alt in alts) + ")", term.words]
    return " && ".join(sql), tuple(params)


def _fts5_query(query: Query) -> str:
    """The query in FTS5's syntax: every key is inside a quoted string (keys are [a-z0-9], and a
    quote would be doubled), so nothing a reader types is ever FTS5 syntax."""
    terms = []
    for term in query.terms:
        alts = []
        for alt in term.alternatives[:MAX_ALTERNATIVES]:
            words, prefix = _phrase(alt)
            quoted = '"' + " ".join(words).replace('"', '""') + '"'
            alts.append(quoted + ("*" if prefix else ""))
        terms.append("(" + " OR ".join(alts) + ")")
    return " AND ".join(terms)


def _contains(alt: tuple[str, ...]) -> str:
    # A short last key is a whole word; a longer one may begin a longer word.
    words, prefix = _phrase(alt)
    return " " + " ".join(words) + ("" if prefix else " ")


def matching(queryset: QuerySet, query: Query, *, field: str, ranked: bool = True) -> QuerySet:
    """Narrow `queryset` to rows whose keys column `field` matches, annotated with `rank`
    (higher is better) from the database's full-text index (sources.search_index).

    `ranked=False` leaves the rank out, for a queryset used inside another query (`pk__in=…`):
    there the order means nothing, and on SQLite the rank's join to the index cannot be moved
    into a subquery."""
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        sql, params = _tsquery(query)
    elif connection.vendor == "sqlite" and fts5_available():
        sql, params = _fts5_query(query), ()
    else:
        return _matching_with_like(queryset, query, field=field)
    matched = queryset.filter(KeysMatch(field, sql, params))
    if not ranked:
        return matched
    # On SQLite the rank joins the FTS5 table (bm25 in the same pass as the match).
    rank = KeysRank(field, sql, params, join=connection.vendor == "sqlite")
    return matched.annotate(rank=rank)


def _matching_with_like(queryset: QuerySet, query: Query, *, field: str) -> QuerySet:
    """Without a full-text index (an SQLite without FTS5): LIKE on the same keys."""
    rank = Value(0)
    for term in query.terms:
        condition = Q()
        for alt in term.alternatives[:MAX_ALTERNATIVES]:
            condition |= Q(**{f"{field}__contains": _contains(alt)})
        queryset = queryset.filter(condition)
        # The words as typed, whole, count most.
        typed = term.alternatives[0]
        whole = Q(**{f"{field}__contains": f" {' '.join(typed)} "})
        rank = rank + Case(When(whole, then=Value(2)), default=Value(1))
    return queryset.annotate(rank=rank)


def matched_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Where in `text` the query's words stand (word by word), for highlighting."""
    wanted = query.all_keys
    spans = []
    for start, end, latin in latin_words(text):
        word = key(latin)
        if any(word == k or (len(k) >= PREFIX_FROM and word.startswith(stem(k))) for k in wanted):
            spans.append((start, end))
    return spans
