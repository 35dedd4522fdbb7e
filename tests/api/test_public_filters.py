"""Public filters know only public things: a value only drafts or a private briefing use is
answered exactly as a value that does not exist, in the pages, the API and the exports.

The walk-around this closes: `/api/items/?topic=<slug>` answered 200 for a topic used only by
drafts (even in a private briefing) and 400 for an unknown one, so anyone could learn which topics
the desk was working on.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from desk.models import Briefing
from tests.factories import (
    BriefingFactory,
    EventFactory,
    TopicFactory,
    make_excerpt,
    make_source,
    publish,
)

ENDPOINTS = [
    "/api/items/",
    "/api/briefings/the-border/items/",
    "/api/excerpts/export.csv",
    "/api/excerpts/export.jsonld",
    "/briefings/the-border/",
]
UNKNOWN_TOPIC = "no-such-topic"
UNKNOWN_ID = "987654"


@pytest.fixture
def hidden(editor, reviewer, published, briefing):
    """A topic, event and source that only drafts use, and a topic only a private briefing's
    published item uses; beside them a public item's topic, which readers may filter by."""
    draft_topic = TopicFactory(name="Secret merger")
    draft_event = EventFactory(title="Secret meeting")
    draft_source = make_source(text="Leaked memo.\nThe memo says this.")
    make_excerpt(
        editor=editor,
        source=draft_source,
        briefing=briefing,
        topics=[draft_topic],
        events=[draft_event],
    )
    private_topic = TopicFactory(name="Internal")
    publish(
        make_excerpt(
            editor=editor,
            source=published.source,
            briefing=BriefingFactory(is_public=False, slug="internal"),
            topics=[private_topic],
        ),
        editor=editor,
        reviewer=reviewer,
    )
    # Published with its topic through review: readers see the topics a reviewer approved.
    public_topic = TopicFactory(name="Harbour")
    publish(
        make_excerpt(
            editor=editor, source=published.source, briefing=briefing, topics=[public_topic]
        ),
        editor=editor,
        reviewer=reviewer,
    )
    return {
        "draft topic": ("topic", draft_topic.slug, UNKNOWN_TOPIC),
        "private topic": ("topic", private_topic.slug, UNKNOWN_TOPIC),
        "draft event": ("event", str(draft_event.pk), UNKNOWN_ID),
        "draft source": ("source", str(draft_source.pk), UNKNOWN_ID),
        "public topic": public_topic.slug,
    }


def _answer(client, url: str, name: str, value: str):
    """Status and body, with the query's own echo (links, a collection's IRI) set aside."""
    response = client.get(url, {name: value})
    echo = f"{name}={value}"
    # The language link carries the page's own address back, percent-encoded.
    body = response.content.decode().replace(quote(echo, safe=""), "ECHO")
    return response.status_code, body.replace(echo, "ECHO")


# The exports filter by topic, not by event or source.
CASES = [(url, "draft topic") for url in ENDPOINTS] + [(url, "private topic") for url in ENDPOINTS]
CASES += [
    (url, what)
    for url in ENDPOINTS
    if "/export" not in url
    for what in ("draft event", "draft source")
]


@pytest.mark.parametrize("url, what", CASES)
def test_a_value_readers_cannot_see_is_answered_as_an_unknown_one(client, hidden, url, what):
    name, secret, unknown = hidden[what]
    assert _answer(client, url, name, secret) == _answer(client, url, name, unknown)


@pytest.mark.parametrize("url", ENDPOINTS[:4])
def test_the_api_and_exports_find_nothing_for_a_draft_topic_as_for_an_unknown_one(
    client, hidden, url
):
    # A well-formed filter naming nothing readers can see is answered with no items (a 400
    # would tell schema-valid input from invalid wrongly): the same for a draft's topic.
    _, secret, _ = hidden["draft topic"]
    public = client.get(url, {"topic": hidden["public topic"]})
    for value in (secret, UNKNOWN_TOPIC):
        response = client.get(url, {"topic": value})
        assert response.status_code == 200
        assert "The Council met" not in response.content.decode()
    assert public.status_code == 200 and "The Council met" in public.content.decode()


def test_a_private_briefing_is_no_choice_for_readers(client, hidden):
    assert Briefing.objects.filter(slug="internal").exists()
    private = _answer(client, "/api/items/", "briefing", "internal")
    assert private == _answer(client, "/api/items/", "briefing", "nowhere")
    assert private[0] == 200 and '"results":[]' in private[1]


def test_the_page_menu_offers_only_what_public_items_use(client, hidden):
    html = client.get("/briefings/the-border/").content.decode()
    assert "Harbour" in html
    assert "Secret merger" not in html and "Internal" not in html
    assert "Secret meeting" not in html and "Leaked memo" not in html


def test_staff_still_filter_their_exports_by_a_draft_topic(api, editor, hidden):
    _, secret, _ = hidden["draft topic"]
    response = api(editor).get("/api/excerpts/export.csv", {"topic": secret})
    assert response.status_code == 200
    assert response.content.decode().count("\n") == 2  # the header and the draft


@pytest.mark.parametrize("name", ["source", "event"])
@pytest.mark.parametrize("value", ["false", "1.5", "x"])
def test_a_word_where_a_record_number_belongs_is_malformed_not_unknown(client, hidden, name, value):
    # The schema says these take a record's number: a word is refused (400) naming the filter,
    # while a number nobody may see finds nothing (200), as an unknown one does.
    refused = client.get(f"/api/items/?{name}={value}")
    assert refused.status_code == 400
    assert name in refused.content.decode()
    assert client.get(f"/api/items/?{name}={UNKNOWN_ID}").status_code == 200
