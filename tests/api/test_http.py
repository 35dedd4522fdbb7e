"""The API's HTTP manners: conditional reads, CSRF for sessions, throttling for strangers."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.api.deciding import decide, seen_tag


def test_a_list_answers_304_to_a_client_that_has_it(api, published):
    client = api()
    first = client.get("/api/items/")
    assert first.status_code == 200 and first["ETag"]
    again = client.get("/api/items/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_list_tag_changes_when_the_list_does(api, published, reviewer):
    client = api()
    before = client.get("/api/items/")["ETag"]
    assert decide(api(reviewer), published.pk, "withdraw", {"comment": "Wrong."}).status_code == 200
    after = client.get("/api/items/", HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after.json()["results"] == []


def test_responses_are_private_and_vary_by_who_asks(api, published):
    response = api().get("/api/items/")
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    assert "Authorization" in response["Vary"] and "Cookie" in response["Vary"]


def test_a_session_write_needs_the_csrf_token(editor, draft):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    tag = seen_tag(client, draft.pk)
    refused = client.post(f"/api/excerpts/{draft.pk}/submit/", {}, format="json", HTTP_IF_MATCH=tag)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/api/docs/")  # any page that hands out the token
    token = client.cookies["csrftoken"].value
    done = client.post(
        f"/api/excerpts/{draft.pk}/submit/",
        {},
        format="json",
        HTTP_X_CSRFTOKEN=token,
        HTTP_IF_MATCH=tag,
    )
    assert done.status_code == 200


def test_a_token_write_needs_no_csrf_token(token_client, editor, draft):
    client = token_client(editor)
    client.handler.enforce_csrf_checks = True
    assert decide(client, draft.pk, "submit").status_code == 200


def test_anonymous_clients_are_throttled(settings, db):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    client = APIClient()
    statuses = [client.get("/api/items/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Retry-After" in client.get("/api/items/")
    cache.clear()


def test_signed_in_clients_are_not_throttled(settings, api, editor):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute"},
    }
    client = api(editor)
    assert {client.get("/api/items/").status_code for _ in range(3)} == {200}
    cache.clear()


def test_the_front_door_lists_the_endpoints(api):
    body = api().get("/api/").json()
    assert {
        "excerpts",
        "items",
        "briefings",
        "sources",
        "events",
        "actors",
        "topics",
        "audit",
    } <= set(body)


@pytest.mark.parametrize("ordering", ["", "status", "-created"])
@pytest.mark.parametrize("page_size", ["2", "500"])
def test_cursor_pages_follow_on(api, reviewer, excerpt_in, page_size, ordering):
    made = {excerpt_in(state).pk for state in ["draft", "submitted", "draft", "rejected", "draft"]}
    client = api(reviewer)
    page = client.get("/api/excerpts/", {"page_size": page_size, "ordering": ordering}).json()
    seen = [row["id"] for row in page["results"]]
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [row["id"] for row in page["results"]]
    assert sorted(seen) == sorted(made)


def test_the_review_queues_ordering_is_the_apis(api, reviewer, excerpt_in):
    made = [excerpt_in("draft").pk for _ in range(3)]
    rows = api(reviewer).get("/api/excerpts/", {"ordering": "created"}).json()["results"]
    assert [row["id"] for row in rows] == made
    rows = api(reviewer).get("/api/excerpts/", {"ordering": "-created"}).json()["results"]
    assert [row["id"] for row in rows] == made[::-1]
    assert api(reviewer).get("/api/excerpts/", {"ordering": "nonsense"}).status_code == 400


def test_the_review_queues_filters_are_the_apis(api, reviewer, excerpt_in, draft):
    excerpt_in("submitted")
    rows = api(reviewer).get("/api/excerpts/", {"status": "submitted"}).json()["results"]
    assert [row["status"] for row in rows] == ["submitted"]


@pytest.mark.parametrize("method", ["head", "options"])
def test_head_and_options_answer_like_get(api, editor, draft, method):
    for url in [
        "/api/excerpts/",
        f"/api/excerpts/{draft.pk}/",
        f"/api/excerpts/{draft.pk}/comments/",
    ]:
        assert getattr(api(editor), method)(url).status_code == 200
