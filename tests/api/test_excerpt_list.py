"""The excerpts API's list at scale: the same values as field by field, in constant queries."""

from __future__ import annotations

from unittest import mock

import pytest
from django.urls import reverse
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from desk.api import excerpt_output
from desk.api.excerpt_output import ExcerptSerializer
from desk.api.excerpts import ExcerptViewSet
from desk.models import Excerpt
from desk.publishing.workflow import allowed_actions
from tests.factories import excerpt_in

pytestmark = pytest.mark.django_db

# Every state the list must describe.
STATES = [
    "draft",
    "submitted",
    "changes_requested",
    "approved",
    "published",
    "rejected",
    "withdrawn",
]


def in_state(state, *, editor, reviewer, source, briefing=None):
    return excerpt_in(state, editor=editor, reviewer=reviewer, source=source, briefing=briefing)


@pytest.fixture
def every_state(editor, reviewer, source, briefing):
    return [
        in_state(state, editor=editor, reviewer=reviewer, source=source, briefing=briefing)
        for state in STATES
    ]


def listed(user, path="/api/excerpts/"):
    """The list's items as the view serializes them, and the request it served."""
    request = APIRequestFactory().get(path)
    request.user = user
    view = ExcerptViewSet.as_view({"get": "list"})
    response = view(request)
    assert response.status_code == 200
    return response.data["results"], response.renderer_context["request"]


@pytest.mark.parametrize("who", ["editor", "reviewer", "reviewer2", "chief"])
def test_each_item_has_the_values_of_the_generic_field_by_field_walk(request, who, every_state):
    user = request.getfixturevalue(who)
    items, drf_request = listed(user)
    assert len(items) == len(every_state)
    queryset = ExcerptViewSet(request=drf_request, format_kwarg=None).get_queryset()
    for item in items:
        excerpt = queryset.get(pk=item["id"])
        serializer = ExcerptSerializer(context={"request": drf_request})
        generic = serializers.ModelSerializer.to_representation(serializer, excerpt)
        assert item == generic
        assert list(item) == list(serializer.fields)
        # The links are the ones reverse() gives, and the actions the workflow's own.
        detail = reverse("api:excerpt-detail", args=[excerpt.pk])
        assert item["url"] == drf_request.build_absolute_uri(detail)
        public = excerpt.get_public_url() if excerpt.is_live else None
        assert item["public_url"] == (public and drf_request.build_absolute_uri(public))
        expected = [t.action.value.replace("_", "-") for t in allowed_actions(excerpt, user)]
        assert [action["name"] for action in item["allowed_actions"]] == expected
        for action in item["allowed_actions"]:
            path = reverse(f"api:excerpt-{action['name']}", args=[excerpt.pk])
            assert action["url"] == drf_request.build_absolute_uri(path)


def test_the_authors_own_excerpts_offer_no_four_eyes_decisions(chief, editor, reviewer, source):
    own = in_state("submitted", editor=chief, reviewer=reviewer, source=source)
    other = in_state("submitted", editor=editor, reviewer=reviewer, source=source)
    items, _ = listed(chief)
    names = {item["id"]: [a["name"] for a in item["allowed_actions"]] for item in items}
    assert "approve" not in names[own.pk] and "approve" in names[other.pk]


def test_links_are_reversed_once_per_response_not_per_item(reviewer, editor, source, briefing):
    for state in ("submitted", "published") * 5:
        in_state(state, editor=editor, reviewer=reviewer, source=source, briefing=briefing)
    with mock.patch.object(excerpt_output, "reverse", wraps=excerpt_output.reverse) as counted:
        items, _ = listed(reviewer)
    assert len(items) == 10
    # One per route name: the detail, the public page and each action offered.
    assert counted.call_count <= 2 + len(Excerpt._meta.get_field("status").choices)


def test_the_list_takes_the_same_queries_for_5_or_25_excerpts(
    api, editor, reviewer, source, django_assert_num_queries
):
    client = api(reviewer)
    for n in range(5):
        in_state(("submitted", "published")[n % 2], editor=editor, reviewer=reviewer, source=source)
    client.get("/api/excerpts/")  # the session and the user's roles, as on every request
    # Prevents an N+1 over items: topics, actors and events, people and briefings are read for
    # the whole page, links and allowed actions need no query (session, user, groups, page,
    # topics, actors, events, people, briefings).
    with django_assert_num_queries(QUERIES):
        assert len(client.get("/api/excerpts/").json()["results"]) == 5
    for n in range(20):  # a full page
        in_state(("submitted", "published")[n % 2], editor=editor, reviewer=reviewer, source=source)
    with django_assert_num_queries(QUERIES):
        assert len(client.get("/api/excerpts/").json()["results"]) == 25


QUERIES = 9


def test_the_list_shows_each_excerpts_own_topics_actors_and_events(api, editor, source, briefing):
    from tests.factories import ActorFactory, EventFactory, TopicFactory, make_excerpt

    harbour, quay = TopicFactory(name="Harbour"), TopicFactory(name="Quay")
    actor, event = ActorFactory(), EventFactory()
    linked = make_excerpt(
        editor=editor, source=source, briefing=briefing,
        topics=[quay, harbour], actors=[actor], events=[event],
    )  # fmt: skip
    bare = make_excerpt(editor=editor, source=source, briefing=briefing)
    client = api(editor)
    # The list loads the links for its whole page at once; each item still shows its own, as
    # its detail does, in the topics' own order.
    by_id = {item["id"]: item for item in client.get("/api/excerpts/").json()["results"]}
    for excerpt in (linked, bare):
        detail = client.get(f"/api/excerpts/{excerpt.pk}/").json()
        for links in ("topics", "actors", "events"):
            assert by_id[excerpt.pk][links] == detail[links]
    assert by_id[linked.pk]["topics"] == ["Harbour", "Quay"]
    assert (by_id[linked.pk]["actors"], by_id[linked.pk]["events"]) == ([actor.pk], [event.pk])
    assert (by_id[bare.pk]["topics"], by_id[bare.pk]["events"]) == ([], [])


@pytest.mark.parametrize("who", ["editor", "reviewer", "chief"])
def test_each_listed_item_says_byte_for_byte_what_the_excerpt_says_alone(
    api, request, who, every_state, editor, reviewer, chief, source, briefing
):
    """The list is drawn from rows of values, the single excerpt from its model instance: the
    same JSON, key for key and in the same order, whoever asks (four eyes differs by person)."""
    import datetime as dt
    import json

    from django.utils import timezone

    from desk.publishing.states import Action
    from desk.publishing.workflow import perform
    from tests.factories import (
        ActorFactory,
        EventFactory,
        TopicFactory,
        edit,
        make_excerpt,
        publish,
        start_correction,
    )

    linked = make_excerpt(
        editor=editor, source=source, briefing=briefing,
        topics=[TopicFactory(name="Quay"), TopicFactory(name="Harbour")],
        actors=[ActorFactory()], events=[EventFactory()],
    )  # fmt: skip
    start_correction(publish(linked, editor=editor, reviewer=reviewer), editor=editor)
    excerpt_in(
        "scheduled", editor=editor, reviewer=reviewer, source=source, briefing=briefing,
        publish_at=timezone.now() + dt.timedelta(hours=2),
    )  # fmt: skip
    # Someone with both roles who wrote part of another's excerpt may not approve it.
    written = make_excerpt(editor=editor, source=source, briefing=briefing)
    perform(edit(written, chief), Action.SUBMIT, chief)
    client = api(request.getfixturevalue(who))
    items = json.loads(client.get("/api/excerpts/?page_size=50").content)["results"]
    assert len(items) == len(every_state) + 3
    for item in items:
        alone = json.loads(client.get(f"/api/excerpts/{item['id']}/").content)
        assert json.dumps(item) == json.dumps(alone)
