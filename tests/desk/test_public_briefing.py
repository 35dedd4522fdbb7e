"""The public briefing: anyone can read it, and it shows published items only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import excerpt_in, make_excerpt, make_source, publish


def test_home_takes_a_reader_to_the_briefings(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("briefings:list")


def test_a_published_item_shows_quote_annotation_and_citation(client, published, briefing, source):
    html = client.get(briefing.get_absolute_url()).content.decode()
    revision = published.published_revision
    assert revision.quote in html
    assert revision.annotation_html in html
    assert "Border talk" in html and "A. Writer" in html and "The Paper" in html
    assert "November 2025" in html


def test_unknown_metadata_is_shown_as_unknown(client, editor, reviewer, briefing):
    source = make_source(text="Unattributed words that matter.", published="2025")
    excerpt = make_excerpt(
        editor=editor, source=source, briefing=briefing, quote="words that matter"
    )
    excerpt = publish(excerpt, editor=editor, reviewer=reviewer)
    html = client.get(briefing.get_absolute_url()).content.decode()
    assert "author unknown" in html and "outlet unknown" in html
    # Readers are told the title is unknown; the desk's "[Untitled] …" label stays on the desk.
    assert "title unknown" in html and "[Untitled]" not in html


def test_the_page_the_feed_and_the_markdown_say_the_same_of_an_unknown_title(
    client, editor, reviewer, briefing
):
    source = make_source(text="Unattributed words that matter.", published="2025")
    excerpt = make_excerpt(
        editor=editor, source=source, briefing=briefing, quote="words that matter"
    )
    publish(excerpt, editor=editor, reviewer=reviewer)
    for name in ("detail", "feed", "markdown"):
        said = client.get(reverse(f"briefings:{name}", args=[briefing.slug])).content.decode()
        assert "title unknown" in said and "[Untitled]" not in said, name


def test_the_permalink_stands_beside_the_date_not_after_a_correction(
    client, editor, reviewer, briefing, source
):
    excerpt = make_excerpt(editor=editor, source=source, briefing=briefing)
    excerpt = publish(excerpt, editor=editor, reviewer=reviewer)
    revision = excerpt.published_revision
    type(revision).objects.filter(pk=revision.pk).update(correction_note="The date was wrong.")
    from django.core.cache import cache

    cache.clear()
    html = client.get(briefing.get_absolute_url()).content.decode()
    meta = html[html.index('<p class="meta">') :]
    meta = meta[: meta.index("</p>")]
    # The correction is a block of its own: the permalink comes before it, beside the date.
    assert meta.index("Permalink") < meta.index("The date was wrong.")


@pytest.mark.parametrize(
    "state", ["draft", "submitted", "approved", "changes_requested", "rejected"]
)
def test_nothing_unpublished_reaches_a_public_page(
    client, editor, reviewer, source, briefing, state
):
    marker = f"MARKER-{state}-quote"
    marked = make_source(text=f"Intro line here.\n{marker} stands in this sentence.")
    excerpt = excerpt_in(
        state,
        editor=editor,
        reviewer=reviewer,
        comment="because",
        source=marked,
        briefing=briefing,
        quote=marker,
        annotation=f"NOTE-{state}",
    )
    pages = [
        reverse("briefings:list"),
        briefing.get_absolute_url(),
        reverse("briefings:item", args=[briefing.slug, excerpt.pk]),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert marker not in body and f"NOTE-{state}" not in body, url
    assert client.get(pages[2]).status_code == 404


def test_the_permalink_of_a_published_item(client, published, briefing):
    response = client.get(reverse("briefings:item", args=[briefing.slug, published.pk]))
    assert response.status_code == 200
    assert 'property="og:title"' in response.content.decode()


def test_a_private_briefing_is_not_public(client, published, briefing):
    briefing.is_public = False
    briefing.save()
    assert client.get(briefing.get_absolute_url()).status_code == 404
    assert (
        published.published_revision.quote
        not in client.get(reverse("briefings:list")).content.decode()
    )


def test_the_list_counts_published_items(client, published, briefing, draft):
    response = client.get(reverse("briefings:list"))
    [shown] = response.context["briefings"]
    assert shown.item_count == 1


def publish_many(editor, reviewer, briefing, count, *, topics=(), actors=(), events=()):
    source = make_source(text="\n".join(f"Sentence number {i} of the text." for i in range(count)))
    items = []
    for i in range(count):
        excerpt = make_excerpt(
            editor=editor,
            source=source,
            briefing=briefing,
            quote=f"Sentence number {i} ",
            topics=list(topics),
            actors=list(actors),
            events=list(events),
        )
        excerpt = publish(excerpt, editor=editor, reviewer=reviewer)
        items.append(excerpt)
    return items


# Ten items run in `make test-fast`; one and a hundred are slow (run by `make test` and CI).
@pytest.mark.parametrize(
    "count",
    [pytest.param(1, marks=pytest.mark.slow), 10, pytest.param(100, marks=pytest.mark.slow)],
)
def test_briefing_page_queries_do_not_grow_with_items(
    client, editor, reviewer, briefing, django_assert_num_queries, count
):
    # Prevents an N+1 over items' sources, topics, actors and events.
    from tests.factories import ActorFactory, EventFactory, TopicFactory

    publish_many(
        editor, reviewer, briefing, count,
        topics=[TopicFactory()], actors=[ActorFactory()], events=[EventFactory()],
    )  # fmt: skip
    # 11 on a first render: the items whose kept HTML is missing are loaded whole in one query
    # more (desk.public.fragments.page_rows), and the menus are drawn from readers' copies alone
    # in two (desk.public.filters: the items with a copy, and any published before copies were
    # taken); a later render of the page needs 3.
    with django_assert_num_queries(11):
        response = client.get(briefing.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 50)
