"""Nothing unpublished reaches anyone outside the desk: not its text, count, filter or error."""

from __future__ import annotations

import pytest

from desk.models import Briefing
from tests.api.conftest import MARKER
from tests.factories import TopicFactory, make_excerpt, make_source, publish

# A search for part of the marker would find the drafts if it looked at them, and the part that
# a response may echo back (a collection's own URL) is not the whole marker.
PART = MARKER[:-4]
OPEN_ENDPOINTS = [
    "/api/items/",
    "/api/items/?q=" + PART,
    "/api/briefings/",
    "/api/briefings/the-border/",
    "/api/briefings/the-border/items/",
    "/api/excerpts/export.csv",
    "/api/excerpts/export.csv?q=" + PART,
    "/api/excerpts/export.jsonld",
    "/api/excerpts/export.jsonld?q=" + PART,
]


@pytest.fixture
def secrets_everywhere(secret_draft, correction, excerpt_in):
    """The marker in a draft, in a published item's correction, and in every other state."""
    for state in ["submitted", "approved", "scheduled", "changes_requested", "rejected"]:
        quote = f"{MARKER}-{state}"
        excerpt_in(state, source=make_source(text=f"Lead line.\n{quote} is here."), quote=quote)
    return correction


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
@pytest.mark.parametrize("url", OPEN_ENDPOINTS)
def test_no_marker_in_any_open_response(api, people, secrets_everywhere, persona, url):
    response = api(people[persona]).get(url)
    assert response.status_code == 200
    assert MARKER not in response.content.decode()


def test_readers_get_the_published_revision_not_the_correction(api, correction):
    item = api().get(f"/api/items/{correction.pk}/").json()
    assert item["annotation"] == "A comment."
    assert item["quote"] == correction.published_revision.quote


def test_a_search_for_draft_words_finds_nothing_for_readers(api, secrets_everywhere):
    assert api().get(f"/api/items/?q={MARKER}").json()["results"] == []
    assert api().get("/api/items/?q=Council").json()["results"] != []


def test_the_count_of_items_counts_only_published(api, secrets_everywhere):
    briefing = api().get("/api/briefings/the-border/").json()
    assert briefing["item_count"] == 1


def test_a_private_briefing_and_its_items_are_not_public(api, editor, published, briefing):
    Briefing.objects.filter(pk=briefing.pk).update(is_public=False)
    client = api()
    assert client.get("/api/briefings/").json()["results"] == []
    assert client.get("/api/briefings/the-border/").status_code == 404
    assert client.get("/api/briefings/the-border/items/").status_code == 404
    assert client.get(f"/api/items/{published.pk}/").status_code == 404
    assert client.get("/api/excerpts/export.csv").content.decode().count("\n") == 1
    # The desk's staff still see the briefing itself.
    assert api(editor).get("/api/briefings/the-border/").status_code == 200


def test_a_draft_is_not_found_with_no_words_of_it(api, secret_draft):
    response = api().get(f"/api/items/{secret_draft.pk}/")
    assert response.status_code == 404
    assert MARKER not in response.content.decode()


def test_staff_see_the_working_revision_and_where_the_published_one_is(api, reviewer, correction):
    body = api(reviewer).get(f"/api/excerpts/{correction.pk}/").json()
    assert MARKER in body["annotation"]
    assert body["published_revision"] == correction.published_revision_id != body["revision"]
    assert body["public_url"].endswith(f"/briefings/the-border/items/{correction.pk}/")


def test_a_search_too_long_to_be_words_is_400_not_an_error(api, published):
    assert api().get("/api/items/", {"q": "x" * 70_000}).status_code == 400


def test_a_briefings_items_take_the_reader_pages_filters(api, editor, reviewer, published):
    tagged = make_excerpt(
        editor=editor,
        source=published.source,
        briefing=published.current_revision.briefing,
        quote="Critics called the decision premature",
        topics=[TopicFactory(name="Critics")],
    )
    tagged = publish(tagged, editor=editor, reviewer=reviewer)
    draft_only = TopicFactory(name="Draft only")
    make_excerpt(editor=editor, source=published.source, quote="politically", topics=[draft_only])
    client = api()
    rows = client.get("/api/briefings/the-border/items/", {"topic": "critics"}).json()["results"]
    assert [row["id"] for row in rows] == [tagged.pk]
    # A topic only drafts use finds nothing for readers, as a topic that does not exist.
    hidden = client.get("/api/briefings/the-border/items/", {"topic": draft_only.slug})
    assert hidden.status_code == 200 and hidden.json()["results"] == []
    assert [
        r["id"]
        for r in client.get("/api/briefings/the-border/items/", {"q": "critics"}).json()["results"]
    ] == [tagged.pk]
