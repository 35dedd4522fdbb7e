"""Stand-ins for what the desk gives the source library through settings: a reader layer and
the excerpt counts of the list."""

from __future__ import annotations

from django.db import connection

STATUSES = [("draft", "Draft"), ("submitted", "Submitted for review"), ("published", "Published")]
# Tests put the marks they want the layer to show here.
MARKS: list[dict] = []


def layer(request, source, version) -> dict:
    return {
        "template": None,
        "marks": list(MARKS),
        "statuses": STATUSES,
        "excerpt_url": None,
    }


def counts(source_ids: list[int]) -> dict[int, dict[str, int]]:
    # One query, as the desk's hook makes: the list's query count must not grow with its page.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {pk: {"Draft": 2, "Published": 1} for pk in source_ids}
