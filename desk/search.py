"""Searching excerpts: the one query builder (sources.search) with the actor register's names.

Each revision keeps `search_text`: the search keys (sources.search) of its quote, annotation
and source title, so that "Kuznica" finds "Kuźnica" and "Лукашэнка" finds "Lukashenka".
PostgreSQL searches it with a tsquery over a GIN index on the same expression (migration 0005);
other databases with LIKE on the same keys.

A word (or two or three) that is an actor's name or alias, or a person's surname in one, also
searches every other name of that actor; the page says which, and `literal` turns it off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz import fuzz, process

from events.models import Actor, ActorAlias, ActorKind
from sources import search as one_search
from sources.search import (  # noqa: F401  (the desk's filters read the bounds from here)
    MAX_ALTERNATIVES,
    MAX_WORD_CHARS,
    MAX_WORDS,
    QUERY_MAX_CHARS,
    Query,
    Term,
    fold,
    keys,
    matched_spans,
    query_words,
)

# The longest run of query words tried as one name.
LONGEST_NAME = 3
SNIPPET_WORDS = 24
# How close a query must be to a name for "Did you mean …?" (rapidfuzz ratio, 0–100).
NEAR_MISS = 80


@lru_cache(maxsize=20_000)
def name_keys(name: str) -> tuple[str, ...]:
    """The keys of an actor's name, kept: every search reads every name."""
    return tuple(keys(name))


def search_text_for(*, quote: str, annotation: str, source_title: str) -> str:
    return one_search.keys_text(quote, annotation, source_title)


@dataclass
class _Names:
    """Every actor's spellings, keyed for lookup: a whole name, or a person's surname."""

    spellings: dict[int, tuple[str, list[str]]]
    by_keys: dict[tuple[str, ...], set[int]]
    people: set[int]


def _names(actors=None) -> _Names:
    """The names of these actors: a queryset (their names on the desk; by default every actor),
    or a mapping of actor id to every spelling readers see (names and aliases of their items'
    copies, desk.readers_copy), so that a name or alias changed on the desk and not yet carried
    to readers by a second person is neither searched for them nor suggested to them."""
    if isinstance(actors, dict):
        shown = actors
        register = Actor.objects.filter(pk__in=list(shown))
        rows = [(pk, shown[pk][0], kind) for pk, kind in register.values_list("pk", "kind")]
    else:
        shown = {}
        register = Actor.objects.all() if actors is None else actors
        rows = register.values_list("pk", "name", "kind")
    actors = {pk: (name, kind) for pk, name, kind in rows}
    spellings = {pk: (name, list(shown.get(pk) or [name])) for pk, (name, _) in actors.items()}
    if not shown:  # the desk's own search: every alias on the register
        aliases = ActorAlias.objects.filter(actor__in=register.values("pk"))
        for actor_id, alias in aliases.values_list("actor_id", "name"):
            spellings[actor_id][1].append(alias)
    by_keys: dict[tuple[str, ...], set[int]] = {}
    for pk, (_, names) in spellings.items():
        for name in names:
            spelling_keys = name_keys(name)
            if not spelling_keys:
                continue
            by_keys.setdefault(spelling_keys, set()).add(pk)
            if actors[pk][1] == ActorKind.PERSON and len(spelling_keys) > 1:
                by_keys.setdefault(spelling_keys[-1:], set()).add(pk)
    people = {pk for pk, (_, kind) in actors.items() if kind == ActorKind.PERSON}
    return _Names(spellings, by_keys, people)


def build_query(text: str, *, literal: bool = False, actors=None) -> Query:
    """The query for these words; unless literal, a name also searches its actor's other names.

    `actors` bounds whose names are known: readers' search passes the actors of published items
    only, so neither the expansion nor "did you mean" names an actor only drafts know."""
    if literal:
        return one_search.build(text)
    words = query_words(text)
    if not words:
        return Query()
    names = _names(actors)
    query = Query()
    i = 0
    while i < len(words):
        for n in range(min(LONGEST_NAME, len(words) - i), 0, -1):
            typed = [word for word, _ in words[i : i + n]]
            actors = names.by_keys.get(tuple(k for _, k in words[i : i + n]))
            if actors:
                break
        alternatives = [tuple(k for _, k in words[i : i + n])]
        if actors:
            for pk in sorted(actors):
                name, spellings = names.spellings[pk]
                added = []
                for spelling in spellings:
                    spelling_keys = name_keys(spelling)
                    if pk in names.people:
                        # Texts name people by their surname: "Lukashenka" finds "Alyaksandr
                        # Lukashenka" too, so each spelling's surname is searched alone.
                        spelling_keys = spelling_keys[-1:]
                    if spelling_keys and spelling_keys not in alternatives:
                        if len(alternatives) >= MAX_ALTERNATIVES:
                            break
                        alternatives.append(spelling_keys)
                        added.append(spelling.split()[-1] if pk in names.people else spelling)
                if added:
                    query.also.append((name, added))
        query.terms.append(Term(" ".join(typed), alternatives))
        i += n
    return query


def search(queryset, query: Query | str, *, field: str):
    """Narrow `queryset` to rows whose `field` (a path to a search_text) matches the query."""
    if isinstance(query, str):
        query = build_query(query)
    if not query:
        return queryset
    found = one_search.matching(queryset, query, field=field)
    return found.order_by("-rank", "-visible_from", "-pk")


def snippet(text: str, query: Query) -> SafeString:
    """A short stretch of `text` around its first matched word, the matched words marked."""
    spans = matched_spans(text, query)
    if not spans:
        return mark_safe("")
    words = [(m.start(), m.end()) for m in _word_iter(text)]
    first = next(i for i, (start, _) in enumerate(words) if start >= spans[0][0])
    begin = max(0, first - SNIPPET_WORDS // 3)
    end = min(len(words), begin + SNIPPET_WORDS)
    start_char, end_char = words[begin][0], words[end - 1][1]
    marked = {start for start, _ in spans}
    out = ["…" if begin > 0 else ""]
    position = start_char if begin > 0 else 0
    for w_start, w_end in words[begin:end]:
        out.append(escape(text[position:w_start]))
        word = escape(text[w_start:w_end])
        out.append(f"<mark>{word}</mark>" if w_start in marked else word)
        position = w_end
    out.append("…" if end < len(words) or end_char < len(text.rstrip()) else "")
    # Every piece of the reader's text went through escape().
    return mark_safe("".join(out))  # noqa: S308


def _word_iter(text: str):
    return re.finditer(r"[\w'’ʼʹ`´]+", text)


def did_you_mean(text: str, *, actors=None) -> str | None:
    """An actor's name close to what was typed (a near miss, not a match), or None."""
    typed = " ".join(keys(text[:QUERY_MAX_CHARS]))
    if not typed:
        return None
    names = _names(actors)
    choices = {}
    for pk, (name, spellings) in names.spellings.items():
        for spelling in spellings:
            spelling_keys = name_keys(spelling)
            choices[" ".join(spelling_keys)] = name
            if pk in names.people and spelling_keys:
                choices[spelling_keys[-1]] = name
    found = process.extractOne(typed, list(choices), scorer=fuzz.ratio, score_cutoff=NEAR_MISS)
    if found is None or found[0] == typed:
        return None
    return choices[found[0]]
