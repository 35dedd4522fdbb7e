"""Fast on the uncached path: canonical cache keys, items rendered once, menus built once."""

from __future__ import annotations

import pytest
from django.test.signals import template_rendered

from tests.factories import EventFactory, TopicFactory, make_excerpt, make_source, publish

ITEM_TEMPLATE = "briefings/_item_content.html"  # what is kept of each item


@pytest.fixture
def items(editor, reviewer, briefing):
    topic = TopicFactory(name="Harbour")
    source = make_source(text="One line here.\nAnother line there.\nA third line.")
    made = []
    for quote in ("One line here", "Another line there"):
        excerpt = make_excerpt(
            editor=editor,
            source=source,
            briefing=briefing,
            quote=quote,
            topics=[topic],
            events=[EventFactory(date="2021-24")],
        )
        made.append(publish(excerpt, editor=editor, reviewer=reviewer))
    return made


@pytest.fixture
def renders():
    """How many times a template was rendered since the fixture began."""
    names: list[str] = []

    def record(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    yield names.count
    template_rendered.disconnect(record)


@pytest.fixture
def item_renders(renders):
    return lambda: renders(ITEM_TEMPLATE)


def test_junk_parameters_share_the_canonical_pages_cache_entry(
    client, items, briefing, django_assert_num_queries
):
    canonical = client.get(briefing.get_absolute_url(), {"topic": "harbour"})
    assert canonical.status_code == 200
    junk = [
        {"topic": "harbour", "utm_source": "newsletter"},
        {"utm_campaign": "x", "topic": "harbour", "fbclid": "123"},
        {"topic": "harbour", "random": "a" * 50},
    ]
    for params in junk:
        with django_assert_num_queries(0):  # served from the canonical page's entry
            response = client.get(briefing.get_absolute_url(), params)
        assert response.status_code == 200
        assert response["ETag"] == canonical["ETag"]
        assert response.content == canonical.content


@pytest.mark.parametrize(
    "junk",
    [{"page": "abc"}, {"page": "1"}, {"page": "¹"}, {"group": "sideways"}, {"group": "latest"}],
)
def test_values_the_page_treats_as_its_default_share_its_entry(
    client, items, briefing, django_assert_num_queries, junk
):
    canonical = client.get(briefing.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(briefing.get_absolute_url(), junk)
    assert response.status_code == 200
    assert response["ETag"] == canonical["ETag"]


def test_junk_never_reaches_the_page_links(client, items, briefing):
    html = client.get(briefing.get_absolute_url(), {"topic": "harbour", "utm_x": "evil"})
    assert "utm_x" not in html.content.decode()
    assert "evil" not in html.content.decode()


def test_a_filter_value_that_is_no_choice_is_refused_once(
    client, items, briefing, django_assert_num_queries
):
    first = client.get(briefing.get_absolute_url(), {"topic": "no-such-topic"})
    assert "Select a valid choice" in first.content.decode()
    assert first.context["page"].paginator.count == 0
    with django_assert_num_queries(0):
        again = client.get(briefing.get_absolute_url(), {"topic": "no-such-topic", "x": "1"})
    assert again.content == first.content


def test_each_items_html_is_rendered_once(client, items, briefing, item_renders):
    client.get(briefing.get_absolute_url())
    assert item_renders() == 2
    # Other filters, searches and pages assemble the same kept fragments.
    client.get(briefing.get_absolute_url(), {"topic": "harbour"})
    client.get(briefing.get_absolute_url(), {"q": "line"})
    client.get(briefing.get_absolute_url(), {"group": "timeline"})
    assert item_renders() == 2


def test_publishing_another_item_renders_only_that_one(
    client, items, briefing, editor, reviewer, item_renders, django_capture_on_commit_callbacks
):
    client.get(briefing.get_absolute_url())
    source = items[0].source
    with django_capture_on_commit_callbacks(execute=True):
        publish(
            make_excerpt(editor=editor, source=source, briefing=briefing, quote="A third line"),
            editor=editor,
            reviewer=reviewer,
        )
    page = client.get(briefing.get_absolute_url()).content.decode()
    assert "A third line" in page
    assert item_renders() == 3


def test_renaming_a_topic_an_item_shows_renders_it_again(
    client, items, briefing, item_renders, django_capture_on_commit_callbacks
):
    client.get(briefing.get_absolute_url())
    topic = items[0].published_revision.topics.get()
    with django_capture_on_commit_callbacks(execute=True):
        topic.name = "Harbours"
        topic.save()
    # Readers keep the approved name (desk.readers_copy), in items and menus alike, until a
    # reviewer carries the change to them as a correction.
    assert "Harbours" not in client.get(briefing.get_absolute_url()).content.decode()
    assert item_renders() == 4


def test_the_filter_menus_are_built_once_per_public_state(client, items, briefing):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(briefing.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        client.get(briefing.get_absolute_url(), {"kind": "claim"})
    # A new page of the same state: the topic, source and event menus come from the cache, and
    # the kept items need no topics or events either.
    tables = ('FROM "desk_topic"', 'FROM "sources_source"', 'FROM "events_event"')
    assert [q["sql"] for q in queries if any(table in q["sql"] for table in tables)] == []


def test_the_filter_form_is_drawn_once_per_state_and_values(client, items, briefing, renders):
    client.get(briefing.get_absolute_url())
    # Another arrangement of the same items: the same form, kept.
    client.get(briefing.get_absolute_url(), {"group": "topic"})
    assert renders("briefings/_filter_fields.html") == 1
    html = client.get(briefing.get_absolute_url(), {"topic": "harbour"}).content.decode()
    assert renders("briefings/_filter_fields.html") == 2
    assert '<option value="harbour" selected>Harbour</option>' in html


def test_without_the_page_cache_items_are_still_kept(client, items, briefing, settings, renders):
    settings.PUBLIC_PAGE_CACHE = False
    first = client.get(briefing.get_absolute_url())
    second = client.get(briefing.get_absolute_url())
    assert first.content == second.content
    assert renders("briefings/detail.html") == 2  # the page itself is drawn each time
    assert renders(ITEM_TEMPLATE) == 2  # its items once


def test_a_page_rendered_again_loads_only_its_rows(
    client, items, briefing, settings, django_assert_num_queries
):
    settings.PUBLIC_PAGE_CACHE = False
    client.get(briefing.get_absolute_url())
    # The briefing, the count and the page's rows (only the columns that find each kept item;
    # no source, revision, readers' copy, links or corrections): an N+1 or a reload would show.
    with django_assert_num_queries(3) as queries:
        page = client.get(briefing.get_absolute_url())
    columns = queries.captured_queries[-1]["sql"].split(" FROM ")[0]
    assert '"desk_excerpt"."id"' in columns
    for whole in ("desk_excerptrevision", "sources_source", "desk_readerscopy", "desk_briefing"):
        assert whole not in columns
    assert "Another line there" in page.content.decode()


def test_a_worker_keeps_the_items_it_read_in_its_own_memory(
    client, items, briefing, settings, item_renders, monkeypatch
):
    from django.core.cache import cache, caches

    from desk.public import cache as public_cache

    # The worker trusts the public state it last read for LOCAL_STATE_SECONDS; on a loaded
    # machine two requests can be further apart than that, and the state would be renewed
    # between them. Trusted for the whole test, the items' keys stay what they were.
    monkeypatch.setattr(public_cache, "LOCAL_STATE_SECONDS", 3600)
    settings.PUBLIC_PAGE_CACHE = False
    url = briefing.get_absolute_url()
    client.get(url)
    assert item_renders() == 2
    # The shared cache lost them (an eviction, a restart of Redis): this worker still has them.
    cache.clear()
    assert "Another line there" in client.get(url).content.decode()
    assert item_renders() == 2
    # A worker with nothing in its memory, and nothing shared: drawn again, once, and shared.
    caches["in_process"].clear()
    client.get(url)
    assert item_renders() == 4
    # The next such worker reads the shared copies instead of drawing them.
    caches["in_process"].clear()
    assert "Another line there" in client.get(url).content.decode()
    assert item_renders() == 4


def test_a_deployment_without_a_cache_keeps_nothing_in_memory_either(
    client, items, briefing, settings, item_renders
):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    client.get(briefing.get_absolute_url())
    client.get(briefing.get_absolute_url())
    assert item_renders() == 4
