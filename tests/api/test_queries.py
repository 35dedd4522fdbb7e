"""Every list answers in the same number of queries for one item as for twenty."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    BriefingFactory,
    EventFactory,
    TopicFactory,
    make_excerpt,
    make_source,
    publish,
)


@pytest.fixture
def grow(editor, reviewer, source, briefing):
    """Add n published excerpts, each with a topic, an actor and an event of its own, and as
    many more sources and briefings."""
    counter = itertools.count()

    def add(n: int) -> None:
        for _ in range(n):
            number = next(counter)
            BriefingFactory()
            make_source(text=f"Source number {number} says something.")
            actor = ActorFactory()
            ActorAliasFactory(actor=actor)
            event = EventFactory()
            event.actors.add(actor, through_defaults={"role": "party"})
            excerpt = make_excerpt(
                editor=editor,
                source=source,
                briefing=briefing,
                topics=[TopicFactory()],
                actors=[actor],
                events=[event],
            )
            excerpt = publish(excerpt, editor=editor, reviewer=reviewer)

    return add


# (URL, who asks, the N+1 that the count guards against)
LISTS = [
    ("/api/excerpts/", "reviewer", "each excerpt's revision, people, topics, actors, events"),
    ("/api/items/", None, "each item's published revision, source, topics, actors, events"),
    ("/api/briefings/the-border/items/", None, "the same, for one briefing"),
    ("/api/audit/", "reviewer", "each entry's actor"),
    ("/api/events/", "reviewer", "each event's participants and their actors"),
    ("/api/actors/", "reviewer", "each actor's aliases"),
    ("/api/topics/", "reviewer", "nothing: topics have no links"),
    ("/api/sources/", "reviewer", "each source's current version"),
    ("/api/briefings/", None, "each briefing's count of published items"),
    ("/api/excerpts/export.csv", None, "each item's links, for readers"),
    ("/api/excerpts/export.csv", "reviewer", "each excerpt's links, for the desk"),
    ("/api/excerpts/export.jsonld", None, "each item's topics"),
    ("/api/excerpts/export.jsonld", "reviewer", "each excerpt's topics and author"),
]


# Slow as a whole (run by `make test` and CI); `make test-fast` counts readers' list, which
# every change to what an item's row loads goes through.
FAST = {("/api/items/", None)}
CASES = [
    pytest.param(
        url, persona, guards, id=f"{url} {persona}",
        marks=[] if (url, persona) in FAST else [pytest.mark.slow],
    )
    for url, persona, guards in LISTS
]  # fmt: skip


@pytest.mark.parametrize(("url", "persona", "guards"), CASES)
def test_queries_do_not_grow_with_the_page(
    api, people, grow, url, persona, guards, django_assert_num_queries
):
    client = api(people[persona] if persona else None)
    grow(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url, {"page_size": 50}).status_code == 200
    grow(19)
    with django_assert_num_queries(len(one)):
        response = client.get(url, {"page_size": 50})
    assert response.status_code == 200
    if response["Content-Type"] == "application/json" and "results" in response.json():
        assert len(response.json()["results"]) >= 20
