"""The desk's working pages cost the same number of queries for one excerpt or a full page.

The desk home and the sources list have theirs next to their other tests (test_inbox.py,
tests/sources/test_source_list.py); the review queue and the reader are here. Their server time
at 100,000 excerpts is measured by the bench (bench/targets.py: "desk at scale").
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.models import Excerpt
from desk.publishing.states import Action
from desk.publishing.workflow import perform
from tests.factories import TopicFactory, make_excerpt, make_source

pytestmark = pytest.mark.django_db

QUEUE = reverse("desk:review_queue")


def submitted_excerpts(count, *, editor, source, briefing):
    """Submitted excerpts, each with its own topic: what the queue lists and the reader marks."""
    taken = source.excerpts.count()
    for n in range(taken, taken + count):
        excerpt = make_excerpt(
            editor=editor,
            source=source,
            briefing=briefing,
            quote=f"Minister {n} said the border would reopen.",
            annotation=f"Note {n}",
            topics=[TopicFactory()],
        )
        perform(excerpt, Action.SUBMIT, editor)


@pytest.fixture
def long_source():
    return make_source(
        "\n".join(
            f"Minister {n} said the border would reopen. Nobody else spoke." for n in range(25)
        )
    )


def test_the_review_queue_takes_the_same_queries_for_1_or_20_excerpts(
    as_user, editor, reviewer, long_source, briefing, django_assert_num_queries
):
    client = as_user(reviewer)
    submitted_excerpts(1, editor=editor, source=long_source, briefing=briefing)
    client.get(QUEUE)  # the session and roles, as any page
    # Prevents an N+1 over the listed excerpts (source, author, revision, briefing): the
    # rows and their count are one query each.
    with django_assert_num_queries(QUEUE_QUERIES):
        first = client.get(QUEUE)
    submitted_excerpts(19, editor=editor, source=long_source, briefing=briefing)
    client.get(QUEUE)  # the navigation's count, counted afresh once and then kept
    with django_assert_num_queries(QUEUE_QUERIES):
        full = client.get(QUEUE)
    assert first.status_code == full.status_code == 200
    assert "Minister 19 said" in full.content.decode()
    assert "Minister 19 said" not in first.content.decode()


def test_the_reader_takes_the_same_queries_for_1_or_20_excerpts(
    as_user, editor, long_source, briefing, django_assert_num_queries
):
    client = as_user(editor)
    url = long_source.get_absolute_url()
    submitted_excerpts(1, editor=editor, source=long_source, briefing=briefing)
    client.get(url)
    # Prevents an N+1 over the marked excerpts: the desk's layer reads all marks in one query,
    # the events' layer counts its dates in one, whatever the number of excerpts.
    with django_assert_num_queries(READER_QUERIES):
        one = client.get(url).content.decode()
    submitted_excerpts(19, editor=editor, source=long_source, briefing=briefing)
    client.get(url)
    with django_assert_num_queries(READER_QUERIES):
        many = client.get(url).content.decode()
    assert one.count("<mark ") < many.count("<mark ")
    # Each mark opens its own excerpt's page.
    for excerpt in Excerpt.objects.filter(source=long_source):
        assert f'data-href="{reverse("desk:excerpt", args=[excerpt.pk])}"' in many


@pytest.mark.parametrize("signed_in", [True, False])
def test_no_list_loads_a_sources_search_keys(
    client, as_user, editor, reviewer, long_source, briefing, signed_in
):
    """A source's search keys hold its whole text, folded (megabytes for a long report): pages
    that list excerpts with their source must leave them in the database, where search reads
    them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from desk.public.cache import forget_local
    from tests.factories import publish

    submitted_excerpts(3, editor=editor, source=long_source, briefing=briefing)
    item = publish(
        make_excerpt(editor=editor, source=long_source, briefing=briefing,
                     quote="Minister 24 said the border would reopen."),
        editor=editor, reviewer=reviewer,
    )  # fmt: skip
    forget_local()
    if signed_in:
        client = as_user(reviewer)
        pages = [QUEUE, reverse("desk:home"), "/api/excerpts/", reverse("sources:list"),
                 long_source.get_absolute_url(), reverse("desk:excerpt", args=[item.pk])]  # fmt: skip
    else:
        pages = [briefing.get_absolute_url(), item.get_public_url(), "/api/items/",
                 reverse("briefings:timeline", args=[briefing.slug])]  # fmt: skip
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200, page
        for query in queries:
            columns = query["sql"].split(" FROM ")[0]
            assert '"sources_source"."search_text"' not in columns, (page, columns)
            assert '"sources_source"."search_names"' not in columns, (page, columns)


# session, user, groups, the count, the rows (their source, author, revision and briefing
# joined); the navigation's count and the briefing, topic and author menus are kept
# (desk.desk_state).
QUEUE_QUERIES = 5
# session, user, permissions ×2, source, marks, their anchors, roles, anchors by version, the
# events' date counts, versions; the navigation's count is kept.
READER_QUERIES = 11
