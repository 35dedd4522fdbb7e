"""Leaks of shared records around the readers' copy, each found by probing (issue 26, "Why" 2).

A live item shows readers its topics, source and actors as a reviewer approved them. These paths
read the desk's live records instead: the page grouped "By topic", and the public Source, Topic
and Actor filters (their menus, their values, what they match). Each test changes a record on
the desk as an editor alone may, and finds readers' surfaces unchanged until someone carries it.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from desk.public.cache import forget_local
from events.merging import merge_actors
from tests.factories import ActorFactory, TopicFactory, make_excerpt, make_source, publish


def _page(client, briefing, **query):
    """The briefing page as a reader gets it once the public state has moved for any reason
    (another publication, say): nothing kept from before the change answers for it."""
    cache.clear()
    forget_local()
    return client.get(briefing.get_absolute_url(), query)


def _options(html: str, name: str) -> dict[str, str]:
    """The public filter menu's choices, value → label."""
    select = re.search(rf'<select name="{name}".*?</select>', html, flags=re.S)
    assert select, name
    return {
        value: re.sub(r"\s+", " ", label).strip()
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select[0])
        if value
    }


def _listed(client, briefing, **query) -> list[int]:
    page = _page(client, briefing, **query)
    assert page.status_code == 200
    return [item.pk for item in page.context["page"].object_list]


def _api_listed(briefing, **query) -> list[int]:
    rows = APIClient().get(f"/api/briefings/{briefing.slug}/items/", query).json()
    return [row["id"] for row in rows["results"]]


@pytest.fixture
def tagged(editor, reviewer, source, briefing):
    topic = TopicFactory(name="Borders")
    excerpt = make_excerpt(editor=editor, source=source, briefing=briefing, topics=[topic])
    return publish(excerpt, editor=editor, reviewer=reviewer)


def test_the_page_by_topic_names_the_topic_as_approved(client, tagged, briefing):
    topic = tagged.published_revision.topics.get()
    topic.name = "Frontiers nobody reviewed"
    topic.save()
    page = _page(client, briefing, group="topic")
    assert [name for name, _ in page.context["groups"]] == ["Borders"]
    html = page.content.decode()
    assert "nobody reviewed" not in html
    assert ">Borders<" in html


def test_a_topic_renamed_with_a_new_slug_keeps_its_menu_entry_and_address(client, tagged, briefing):
    topic = tagged.published_revision.topics.get()
    topic.name, topic.slug = "Frontiers nobody reviewed", "frontiers-nobody-reviewed"
    topic.save()
    html = _page(client, briefing).content.decode()
    assert _options(html, "topic") == {"borders": "Borders"}
    assert "nobody-reviewed" not in html
    # The approved address still finds the item; the desk's new one is unknown to readers.
    assert _listed(client, briefing, topic="borders") == [tagged.pk]
    assert _api_listed(briefing, topic="borders") == [tagged.pk]
    refused = _page(client, briefing, topic="frontiers-nobody-reviewed")
    assert list(refused.context["page"].object_list) == []
    assert "nobody reviewed" not in refused.content.decode()


def test_an_untitled_source_retitled_on_the_desk_keeps_its_menu_label(
    client, editor, reviewer, briefing
):
    source = make_source(title="")
    excerpt = make_excerpt(editor=editor, source=source, briefing=briefing)
    item = publish(excerpt, editor=editor, reviewer=reviewer)
    before = _options(_page(client, briefing).content.decode(), "source")
    assert list(before) == [str(source.pk)]
    assert "title unknown" in before[str(source.pk)]

    source.title = "A title nobody reviewed"
    source.save()
    html = _page(client, briefing).content.decode()
    assert _options(html, "source") == before
    assert "nobody reviewed" not in html
    assert _listed(client, briefing, source=source.pk) == [item.pk]


def test_a_titled_source_retitled_on_the_desk_keeps_its_menu_label(
    client, tagged, source, briefing
):
    before = _options(_page(client, briefing).content.decode(), "source")
    source.title = "A title nobody reviewed"
    source.save()
    html = _page(client, briefing).content.decode()
    assert _options(html, "source") == before
    assert "nobody reviewed" not in html


def test_an_actor_merge_moves_no_live_item_in_the_actor_filter(
    client, editor, reviewer, source, briefing
):
    merged = ActorFactory(name="Pavel Latushka")
    kept = ActorFactory(name="Siarhei Tsikhanouski")
    theirs = publish(
        make_excerpt(editor=editor, source=source, briefing=briefing, actors=[kept]),
        editor=editor,
        reviewer=reviewer,
    )
    item = publish(
        make_excerpt(editor=editor, source=source, briefing=briefing, actors=[merged]),
        editor=editor,
        reviewer=reviewer,
    )
    merge_actors(keep=kept, merged=merged, by=editor)

    # Readers still find the item under the actor it was approved with, and only there.
    assert _listed(client, briefing, actor="Pavel Latushka") == [item.pk]
    assert _listed(client, briefing, actor="Siarhei Tsikhanouski") == [theirs.pk]
    assert _api_listed(briefing, actor="Pavel Latushka") == [item.pk]
    assert _api_listed(briefing, actor="Siarhei Tsikhanouski") == [theirs.pk]
    page = client.get(reverse("briefings:item", args=[briefing.slug, item.pk]))
    assert "Pavel Latushka" in page.content.decode()
    assert "Tsikhanouski" not in page.content.decode()
