"""Seeding the bench database, part one: the library around the excerpts.

Users and a signed-in reviewer's session, 1,000 sources with their text, topics, 500 actors
with aliases, 5,000 events with their actors, and 20 briefings. Rows go in with bench.bulk, so
each carries what its model's save() works out (hashes, blocks, sort dates, folded names, slugs).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.module_loading import import_string

from bench.bulk import bulk_save
from bench.corpus import SEARCH_TERM, seed_texts, sentence_spans, source_text
from desk.models import Briefing, Topic
from desk.roles import EDITORS_GROUP, REVIEWERS_GROUP
from events.models import Actor, ActorAlias, ActorKind, Event, EventActor
from sources.models import Source, SourceVersion

SOURCES = 1_000
ACTORS = 500
EVENTS = 5_000
BRIEFINGS = 20
BENCH_BRIEFING_SLUG = "bench-briefing"
FILTER_TOPIC = "Energy"
TOPICS = [
    FILTER_TOPIC, "Borders", "Migration", "Prisoners", "Diplomacy", "Trade", "Potash", "Aviation",
    "Elections", "Media", "Military", "Nuclear", "Opposition", "Courts", "Religion", "Economy",
    "Transit", "Fertilisers", "Banking", "Tobacco", "Smuggling", "Refugees", "Weather balloons",
    "Railways", "Grain", "Visas", "Embassies", "Minorities", "Education", "Health",
]  # fmt: skip
_FIRST = [
    "Anna", "Boris", "Clara", "Dmitri", "Elena", "Filip", "Galina", "Henrik", "Irina", "Jonas",
    "Katia", "Leon", "Marta", "Nikolai", "Olga", "Pavel", "Rasa", "Stefan", "Tatiana", "Uladz",
    "Vera", "Wiktor", "Yana", "Zofia", "Aleks",
]  # fmt: skip
_LAST = [
    "Adamovich", "Baranau", "Czerny", "Dubrova", "Eismont", "Fedorov", "Gajdys", "Hrynko",
    "Ivaskevich", "Jankauskas", "Kazlou", "Lebedzeu", "Marcinkevic", "Nowak", "Orlova",
    "Petrauskas", "Rudnik", "Sokal", "Tarasevich", "Vilkas",
]  # fmt: skip
_PLACES = ["Minsk", "Vilnius", "Warsaw", "Grodno", "Brest", "Riga", "Kyiv", "Washington"]
_OUTLETS = ["Saratoga Foundation", "ECFR", "", "Baltic Review", "Minsk Monitor", "Eastern Desk"]
_PUBLISHED = ["2025-11", "2025-12", "2025", "2024-03-15", "", "2023-07"]
_EVENT_DATES = ["2025-11-17", "2025-09", "2024", "2023~", "2021/2022", "2025-12-13", "2022-23"]


@dataclass
class SourceRef:
    """A seeded source's version (with its source) and the spans of its text one may quote."""

    version: SourceVersion
    with_term: list[tuple[int, int]]
    without_term: list[tuple[int, int]]

    @property
    def source_id(self) -> int:
        return self.version.source_id

    @property
    def text(self) -> str:
        return self.version.text

    @property
    def spans(self) -> list[tuple[int, int]]:
        return self.with_term + self.without_term


@dataclass
class Library:
    editor_ids: list[int]
    reviewer_id: int
    session_key: str
    sources: list[SourceRef]
    topic_ids: list[int]
    filter_topic: Topic
    actor_ids: list[int]
    filter_actor: Actor
    event_ids: list[int]
    bench_briefing: Briefing
    other_briefing_ids: list[int] = field(default_factory=list)


@transaction.atomic
def seed_library(rng: random.Random) -> Library:
    editor_ids, reviewer = _users()
    topics = bulk_save(Topic, (Topic(name=name) for name in TOPICS))
    actors = _actors()
    briefings = bulk_save(
        Briefing,
        [
            Briefing(
                title="Bench briefing: fifty published items",
                slug=BENCH_BRIEFING_SLUG,
                summary="The page the bench measures: exactly fifty published items.",
            )
        ]
        + [
            Briefing(title=f"Briefing {n}", slug=f"briefing-{n}", summary=f"Briefing number {n}.")
            for n in range(2, BRIEFINGS + 1)
        ],
    )
    return Library(
        editor_ids=editor_ids,
        reviewer_id=reviewer.pk,
        session_key=_session_for(reviewer),
        sources=_sources(editor_ids[0]),
        topic_ids=[t.pk for t in topics],
        filter_topic=topics[0],
        actor_ids=[a.pk for a in actors],
        filter_actor=actors[0],
        event_ids=_events(rng, [a.pk for a in actors], editor_ids[0]),
        bench_briefing=briefings[0],
        other_briefing_ids=[b.pk for b in briefings[1:]],
    )


def _users() -> tuple[list[int], object]:
    User = get_user_model()
    groups = {g.name: g for g in Group.objects.filter(name__in=[EDITORS_GROUP, REVIEWERS_GROUP])}
    editors = []
    for name in ("bench-editor", "bench-editor2"):
        user = User.objects.create_user(name, email=f"{name}@example.org", password=None)
        user.groups.add(groups[EDITORS_GROUP])
        editors.append(user.pk)
    reviewer = User.objects.create_user("bench-reviewer", "bench-reviewer@example.org", None)
    reviewer.groups.add(groups[REVIEWERS_GROUP])
    return editors, reviewer


def _session_for(user) -> str:
    """A signed-in session made through the configured session engine, as login() would."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    # As force_login() does: the first backend that can load a user back from a session.
    store[BACKEND_SESSION_KEY] = next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if hasattr(import_string(path), "get_user")
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _sources(editor_id: int) -> list[SourceRef]:
    titles = [text.split("\n")[0][:200] for text in seed_texts()]
    sources = bulk_save(
        Source,
        (
            Source(
                # Every seventh source has no title of its own, as some imports do not.
                title="" if index % 7 == 3 else f"{titles[index % len(titles)]} ({index + 1})",
                working_title=Source.working_title_for(source_text(index)),
                author="" if index % 5 == 2 else f"{_FIRST[index % 25]} {_LAST[index % 20]}",
                outlet=_OUTLETS[index % len(_OUTLETS)],
                url="" if index % 4 == 1 else f"https://example.org/articles/{index + 1}",
                language="en",
                published=_PUBLISHED[index % len(_PUBLISHED)],
                added_by_id=editor_id,
            )
            for index in range(SOURCES)
        ),
        batch_size=500,
    )
    versions = bulk_save(
        SourceVersion,
        (
            SourceVersion(
                source=source,
                number=1,
                text=source_text(index),
                imported_from=f"bench-{index + 1}.txt",
                created_by_id=editor_id,
            )
            for index, source in enumerate(sources)
        ),
        batch_size=200,
    )
    for source, version in zip(sources, versions, strict=True):
        source.current_version = version
    Source.objects.bulk_update(sources, ["current_version"], batch_size=500)
    refs = []
    for version in versions:
        spans = sentence_spans(version.text)
        term = [s for s in spans if SEARCH_TERM in version.text[s[0] : s[1]].casefold()]
        refs.append(SourceRef(version, term, [s for s in spans if s not in term]))
    return refs


def _actors() -> list[Actor]:
    names = [f"{first} {last}" for first in _FIRST for last in _LAST][:ACTORS]
    actors = bulk_save(
        Actor,
        (
            Actor(
                name=name,
                kind=ActorKind.PERSON if n % 10 else ActorKind.ORGANISATION,
                description=f"Bench actor {n + 1}.",
            )
            for n, name in enumerate(names)
        ),
    )
    bulk_save(
        ActorAlias,
        (
            ActorAlias(actor_id=actor.pk, name=f"{actor.name[0]}. {actor.name.split()[-1]}")
            for actor in actors[::2]
        ),
    )
    # The filter actor is also "known" by the search term, so that a search for its surname is
    # expanded to all its names (desk.search) and narrows to the items holding the term: the
    # bench's searched page measures an alias-expanded search.
    bulk_save(ActorAlias, [ActorAlias(actor_id=actors[0].pk, name=SEARCH_TERM.capitalize())])
    return actors


def _events(rng: random.Random, actor_ids: list[int], editor_id: int) -> list[int]:
    events = bulk_save(
        Event,
        (
            Event(
                title=f"Talks in {_PLACES[n % len(_PLACES)]}, round {n + 1}",
                place=_PLACES[n % len(_PLACES)],
                date=_EVENT_DATES[n % len(_EVENT_DATES)],
                created_by_id=editor_id,
            )
            for n in range(EVENTS)
        ),
    )
    bulk_save(
        EventActor,
        (
            EventActor(event_id=event.pk, actor_id=actor_id, role=role)
            for event in events
            for actor_id, role in zip(
                rng.sample(actor_ids, 2), ("host", "guest")[: rng.randint(1, 2)], strict=False
            )
        ),
        batch_size=5000,
    )
    return [e.pk for e in events]
