"""Searching published items: PostgreSQL full-text search, and a sound fallback elsewhere.

Each revision keeps `search_text`: its quote, annotation and source title, folded (lower case,
no accents) so that "Kuznica" finds "Kuźnica". PostgreSQL searches it with websearch syntax and a
GIN index over the same expression (see migration 0005); other databases require every word
to appear.
"""

from __future__ import annotations

import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, QuerySet

SEARCH_CONFIG = "simple"
MAX_WORDS = 12
# Longer "words" are not words; they also exceed what SQLite's LIKE accepts.
MAX_WORD_CHARS = 64
QUERY_MAX_CHARS = 200


def fold(text: str) -> str:
    """Lower case without accents or repeated spaces: what search compares."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def search_text_for(*, quote: str, annotation: str, source_title: str) -> str:
    return fold(f"{quote}\n{annotation}\n{source_title}")


def search(queryset: QuerySet, query: str, *, field: str) -> QuerySet:
    """Narrow `queryset` to rows whose `field` (a path to a search_text) matches the query."""
    words = [word[:MAX_WORD_CHARS] for word in fold(query[:QUERY_MAX_CHARS]).split()[:MAX_WORDS]]
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        vector = SearchVector(field, config=SEARCH_CONFIG)
        search_query = SearchQuery(" ".join(words), config=SEARCH_CONFIG, search_type="websearch")
        return (
            queryset.annotate(
                search_vector=vector, rank=SearchRank(F("search_vector"), search_query)
            )
            .filter(search_vector=search_query)
            .order_by("-rank", "-visible_from", "-pk")
        )
    for word in words:
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset
