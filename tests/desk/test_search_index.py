"""The databases' full-text indexes (sources.search_index, desk.search_index): FTS5 on SQLite, a
stemmed tsvector on PostgreSQL; what readers' search reads (the title readers see)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk import readers_copy
from desk.models import Excerpt
from desk.public.cache import forget_local
from desk.search import search
from sources.models import Source
from sources.search_index import fts_table
from tests.factories import make_source

pytestmark = pytest.mark.django_db

SQLITE = connection.vendor == "sqlite"
POSTGRESQL = connection.vendor == "postgresql"
# What FTS5 would read as syntax if a reader's words ever reached it unquoted.
HOSTILE = [
    '"',
    '""',
    "*",
    "Kuźnica*",
    "NEAR(",
    "NEAR(Kuznica border, 2)",
    "-",
    "-Kuznica",
    ":",
    "search_text: Kuznica",
    "{search_names} : border",
    "^",
    "^Kuznica",
    '"unbalanced',
    'Kuznica" OR "x',
    "AND OR NOT",
    "(",
    "Kuznica)",
    "\x00",
    "Kuz\x00nica",
    "'; DROP TABLE desk_excerptrevision; --",
    "+",
    "Kuznica + border",
]


@pytest.fixture
def border(excerpt_in):
    source = make_source(
        text="The border crossing at Kuźnica reopened for lorries.\nNothing else.",
        title="Frontier notes",
        language="en",
    )
    return excerpt_in("published", source=source, quote="The border crossing at Kuźnica reopened")


def _forget_public_pages() -> None:
    # Tests roll back instead of committing, so the public state that keys the cache never moves.
    cache.clear()
    forget_local()


def _found(client, briefing, q: str) -> list[int]:
    response = client.get(reverse("briefings:detail", args=[briefing.slug]), {"q": q})
    assert response.status_code == 200
    return [item.pk for item in response.context["page"].object_list]


@pytest.mark.parametrize("words", HOSTILE)
def test_nothing_a_reader_types_is_read_as_index_syntax(
    client, as_user, editor, briefing, border, words
):
    # Each page that searches: readers' briefing, the API, the review queue, the library. The
    # API refuses a NUL character as a bad request before any search.
    answers = {200, 400} if "\x00" in words else {200}
    response = client.get(reverse("briefings:detail", args=[briefing.slug]), {"q": words})
    assert response.status_code in answers
    if response.status_code == 200:
        assert [item.pk for item in response.context["page"].object_list] in ([], [border.pk])
    assert client.get("/api/items/", {"q": words}).status_code in answers
    assert as_user(editor).get(reverse("desk:review_queue"), {"q": words}).status_code in answers
    assert as_user(editor).get(reverse("sources:list"), {"q": words}).status_code in answers
    list(Source.objects.search(words, names_only=True))
    list(search(Excerpt.objects.all(), words, field="current_revision__search_text"))


def test_quotes_and_operators_around_a_word_are_only_punctuation(client, briefing, border):
    for words in ['"Kuznica"', "Kuznica*", "-Kuznica", "(Kuznica", "^Kuznica", "Kuznica:"]:
        assert _found(client, briefing, words) == [border.pk]
    # NEAR and OR are words to look for, not operators.
    assert _found(client, briefing, "NEAR(Kuznica") == []
    assert _found(client, briefing, "Kuznica OR Warsaw") == []


@pytest.mark.skipif(not SQLITE, reason="FTS5 is SQLite's index")
def test_sqlite_searches_with_fts5_match_ranked_by_bm25(border):
    with CaptureQueriesContext(connection) as queries:
        found = list(
            search(Excerpt.objects.all(), "Kuznica", field="current_revision__search_text")
        )
    assert found == [border]
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "MATCH" in sql and "bm25" in sql and " LIKE " not in sql


@pytest.mark.skipif(not SQLITE, reason="FTS5 is SQLite's index")
def test_the_fts5_index_follows_every_write(editor, briefing, border):
    source = border.current_revision.source_version.source
    source.title = "Renamed notes"
    source.save()
    assert list(Source.objects.search("renamed")) == [source]
    assert list(Source.objects.search("Frontier", names_only=True)) == []
    with connection.cursor() as cursor:
        for table in ["sources_source", "desk_excerptrevision", "desk_readerscopy"]:
            fts = fts_table(table)
            # FTS5 compares its index with the rows' own keys, column by column.
            check = f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)"  # noqa: S608
            cursor.execute(check)


@pytest.mark.skipif(not SQLITE, reason="SQLite drops a rebuilt table's triggers")
def test_triggers_a_rebuilt_table_lost_are_put_back_after_migrate(editor, briefing, border):
    from desk.search_index import install_after_migrate

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER desk_excerptrevision_search_update")
    # Written while the trigger is missing: the index does not know it yet.
    revision = border.current_revision
    revision_keys = f"{revision.search_text} zanzibar "
    type(revision).objects.filter(pk=revision.pk).update(search_text=revision_keys)
    field = "current_revision__search_text"
    assert list(search(Excerpt.objects.all(), "zanzibar", field=field)) == []
    install_after_migrate(sender=None)
    assert list(search(Excerpt.objects.all(), "zanzibar", field=field)) == [border]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            ["desk_excerptrevision_search_%"],
        )
        assert cursor.fetchone()[0] == 3


@pytest.mark.skipif(not POSTGRESQL, reason="stemming uses PostgreSQL's configurations")
@pytest.mark.parametrize(
    ("language", "text", "query"),
    [
        ("en", "The firms were sanctioned last year.", "sanctions"),
        ("en", "Sanctions hit the refineries.", "sanctioned"),
        ("ru", "Итоги выборов объявили вечером.", "выборах"),
        ("ru", "Наблюдатели говорили о выборах.", "выборов"),
    ],
)
def test_postgresql_stems_in_the_sources_language(
    client, excerpt_in, briefing, language, text, query
):
    own = make_source(text=text, title="Notes", language=language)
    item = excerpt_in("published", source=own, quote=text)
    # The same words in a language PostgreSQL cannot stem (Polish, in 15) match only as written.
    unstemmed = make_source(text=f"{text}\nA second copy.", title="Notes", language="pl")
    excerpt_in("published", source=unstemmed, quote=text)
    assert _found(client, briefing, query) == [item.pk]
    assert Source.objects.search(query).get() == own


@pytest.mark.skipif(not POSTGRESQL, reason="stemming uses PostgreSQL's configurations")
def test_a_source_given_its_language_later_is_stemmed_in_it(client, excerpt_in, briefing):
    text = "The firms were sanctioned last year."
    source = make_source(text=text, title="Notes", language="pl")
    item = excerpt_in("published", source=source, quote=text)
    assert _found(client, briefing, "sanctions") == []
    source.language = "en"
    source.save()
    _forget_public_pages()
    assert _found(client, briefing, "sanctions") == [item.pk]
    assert list(Source.objects.search("sanctions")) == [source]


@pytest.mark.skipif(not POSTGRESQL, reason="stemming uses PostgreSQL's configurations")
def test_stop_words_and_cross_script_spellings_still_match_on_postgresql(client, briefing, border):
    assert _found(client, briefing, "the Kuznica") == [border.pk]
    assert _found(client, briefing, "Кузніца") == [border.pk]


def test_a_retitle_not_yet_carried_is_found_on_the_desk_not_by_readers(
    client, as_user, editor, reviewer, briefing, border
):
    source = border.current_revision.source_version.source
    source.title = "Zanzibar dispatch"
    source.save()
    desk = as_user(editor).get(reverse("desk:review_queue"), {"q": "Zanzibar"})
    assert desk.status_code == 200
    assert "The border crossing" in desk.content.decode()
    assert _found(client, briefing, "Zanzibar") == []
    assert client.get("/api/items/", {"q": "Zanzibar"}).json()["results"] == []
    # Readers still find it by the title they see.
    assert _found(client, briefing, "Frontier notes") == [border.pk]

    # Carried to readers (a new copy, as desk.readers_copy.carry takes it): found by readers.
    live = Excerpt.objects.get(pk=border.pk)
    copy = readers_copy.take(live, live.published_revision, reviewer, "Retitled.")
    Excerpt.objects.filter(pk=live.pk).update(readers_copy=copy)
    _forget_public_pages()
    assert _found(client, briefing, "Zanzibar") == [border.pk]
    assert _found(client, briefing, "Frontier notes") == []
