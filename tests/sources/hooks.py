"""Stand-ins for what the desk gives the source library through settings: a reader layer and
the excerpt counts of the list."""

from __future__ import annotations

from django.db import connection

from sources.hooks import ReaderLayer, ReaderMark, SourceCount

STATUSES = [("draft", "Draft"), ("submitted", "Submitted for review"), ("published", "Published")]
# Tests put the marks they want the layer to show here, as ReaderMark's fields.
MARKS: list[dict] = []


def layer(request, source, version) -> ReaderLayer:
    return ReaderLayer(marks=[ReaderMark(**mark) for mark in MARKS], statuses=STATUSES)


def counts(source_ids: list[int]) -> dict[int, list[SourceCount]]:
    # One query, as the desk's hook makes: the list's query count must not grow with its page.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {pk: [SourceCount("2 drafts", 2), SourceCount("1 published", 1)] for pk in source_ids}


def not_a_layer(request, source, version) -> dict:
    """A hook that still answers the untyped way."""
    return {"marks": []}
