"""Nobody approves their own change of a record an item links (issue #14, four eyes).

Approving takes the item's readers' copy, so a reviewer who renamed an actor, changed its aliases,
retitled a source or redated an event would put that change before readers on their word alone
by approving a colleague's item that links the record. Until someone else has taken a readers'
copy showing the record since the change (approved an item that links it, or carried it), the
one who changed it may not approve, schedule or publish such an item: the excerpt's page, the
inbox and the API say so. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from desk import readers_copy
from desk.inbox import waiting_for_review
from desk.models import Excerpt, ReadersCopy, RecordChange
from desk.publishing.states import Action, Status
from desk.publishing.workflow import TransitionRefused, Why, perform, refusal
from desk.readers_copy import changed_items, fingerprint
from events.models import Actor
from tests.factories import ActorFactory, EventFactory, TopicFactory, make_excerpt, make_source
from tests.factories import publish as publish_item

NAME = "Alexander Lukashenka"
TEXT = "Lukashenka spoke in Minsk on Monday.\nThe ministers met in Brussels later."
QUOTE = "Lukashenka spoke in Minsk on Monday."


def api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def actor(db):
    return ActorFactory(name=NAME)


@pytest.fixture
def event(db):
    return EventFactory(title="Minsk talks", date="2025-11-17", place="Minsk")


@pytest.fixture
def shared(actor, event, briefing):
    """The source and links every item here shares."""
    source = make_source(TEXT, title="Belarus today", author="A. Writer", outlet="The Paper")
    return {"source": source, "briefing": briefing, "actors": [actor], "events": [event]}


@pytest.fixture
def make_item(editor, shared):
    """A new item by the editor, linking the shared source, actor and event, submitted."""

    def make(**links):
        excerpt = make_excerpt(editor=editor, quote=QUOTE, **{**shared, **links})
        return perform(excerpt, Action.SUBMIT, editor)

    return make


# Each shared record, changed through the desk's own form for it, by the given client.
def _rename_actor(client, actor, event, source):
    return client.post(
        reverse("events:actor_edit", args=[actor.slug]),
        {"name": "Aliaksandr Lukashenka", "kind": "person", "aliases": "", "description": ""},
    )


def _add_alias(client, actor, event, source):
    return client.post(
        reverse("events:actor_edit", args=[actor.slug]),
        {"name": actor.name, "kind": "person", "aliases": "Lukashenko", "description": ""},
    )


def _retitle_source(client, actor, event, source):
    return client.post(
        reverse("sources:edit", args=[source.pk]),
        {"title": "A title nobody else read", "author": source.author, "outlet": source.outlet,
         "url": "", "published": "", "language": "en", "note": ""},
    )  # fmt: skip


def _redate_event(client, actor, event, source):
    return client.post(
        reverse("events:edit", args=[event.pk]),
        {"title": event.title, "date": "18 November 2025", "place": event.place,
         "description": "", "actors-TOTAL_FORMS": "0", "actors-INITIAL_FORMS": "0"},
    )  # fmt: skip


CHANGES = {
    "actor renamed": (_rename_actor, "you renamed the actor “Aliaksandr Lukashenka”"),
    "alias added": (_add_alias, "you changed the other names of the actor “Alexander Lukashenka”"),
    "source retitled": (_retitle_source, "you retitled the source “A title nobody else read”"),
    "event redated": (_redate_event, "you redated the event “Minsk talks”"),
}


def _change(kind, user, as_user, shared):
    change, _said = CHANGES[kind]
    response = change(as_user(user), shared["actors"][0], shared["events"][0], shared["source"])
    assert response.status_code == 302
    assert RecordChange.objects.filter(changed_by=user).exists()


def _offered(user, excerpt) -> tuple[list[str], list[str]]:
    """The actions the API offers `user` on the excerpt: in the list, and on its own."""
    client = api(user)
    listed = next(
        row for row in client.get("/api/excerpts/").json()["results"] if row["id"] == excerpt.pk
    )
    detail = client.get(f"/api/excerpts/{excerpt.pk}/").json()
    return [a["name"] for a in listed["allowed_actions"]], [
        a["name"] for a in detail["allowed_actions"]
    ]


# The walk-around, refused everywhere decisions are offered; another reviewer approves.


@pytest.mark.parametrize("kind", CHANGES)
def test_whoever_changed_a_linked_record_cannot_approve_the_item(
    as_user, chief, reviewer2, make_item, shared, kind
):
    item = make_item()
    _change(kind, chief, as_user, shared)
    said = CHANGES[kind][1]

    # desk.publishing.workflow
    with pytest.raises(TransitionRefused) as refused:
        perform(Excerpt.objects.get(pk=item.pk), Action.APPROVE, chief)
    assert refused.value.why == Why.FOUR_EYES_RECORDS
    assert f"Four eyes: {said} on " in refused.value.message
    assert "another reviewer must approve, schedule or publish items that show it" in (
        refused.value.message
    )

    # The excerpt's page: Approve disabled, with the reason; pressing it anyway changes nothing.
    desk = as_user(chief)
    page = desk.get(reverse("desk:excerpt", args=[item.pk])).content.decode()
    panel = page[page.index('id="decide-heading"') :]
    assert "approve_publish" not in panel
    assert f"Four eyes: {said}" in page[page.index("Not available to you now") :]
    response = desk.post(
        reverse("desk:excerpt_transition", args=[item.pk, "approve_publish"]),
        {"seen_status": "submitted", "seen_revision": item.current_revision_id},
        follow=True,
    )
    assert f"Four eyes: {said}" in response.content.decode()

    # The API: not offered in the list nor on its own, and 403 with the problem's detail.
    assert "approve" not in _offered(chief, item)[0]
    assert "approve" not in _offered(chief, item)[1]
    response = api(chief).post(f"/api/excerpts/{item.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert f"Four eyes: {said}" in response.json()["detail"]

    # The inbox leaves it out of what waits for the chief's review.
    assert item.pk not in waiting_for_review(chief).values_list("pk", flat=True)

    item.refresh_from_db()
    assert (item.status, item.readers_copy_id) == (Status.SUBMITTED, None)
    assert not ReadersCopy.objects.filter(excerpt=item).exists()

    # Someone who changed nothing approves.
    assert "approve" in _offered(reviewer2, item)[0]
    assert item.pk in waiting_for_review(reviewer2).values_list("pk", flat=True)
    approved = perform(Excerpt.objects.get(pk=item.pk), Action.APPROVE, reviewer2)
    assert approved.status == Status.APPROVED
    assert approved.current_revision.approved_by == reviewer2


@pytest.mark.parametrize("action", [Action.SCHEDULE, Action.PUBLISH])
def test_nor_schedule_or_publish_it(as_user, chief, reviewer, reviewer2, make_item, shared, action):
    item = perform(make_item(), Action.APPROVE, reviewer)
    _change("actor renamed", chief, as_user, shared)
    reason = refusal(Excerpt.objects.get(pk=item.pk), action, chief)
    assert reason is not None and reason.why == Why.FOUR_EYES_RECORDS
    slug = action.value
    response = api(chief).post(
        f"/api/excerpts/{item.pk}/{slug}/", {"publish_at": "2099-01-01T10:00:00Z"}, format="json"
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == Status.APPROVED and item.visible_from is None
    assert refusal(Excerpt.objects.get(pk=item.pk), action, reviewer2) is None


# When the change counts as seen.


def test_once_another_reviewer_approved_an_item_showing_it_the_changer_may_approve(
    as_user, chief, reviewer2, make_item, shared
):
    first, second = make_item(), make_item()
    _change("actor renamed", chief, as_user, shared)
    perform(Excerpt.objects.get(pk=first.pk), Action.APPROVE, reviewer2)
    approved = perform(Excerpt.objects.get(pk=second.pk), Action.APPROVE, chief)
    assert approved.status == Status.APPROVED


def test_once_another_reviewer_carried_it_the_changer_may_approve(
    as_user, chief, editor, reviewer, reviewer2, make_item, shared
):
    live = publish_item(
        make_excerpt(editor=editor, quote=QUOTE, **shared), editor=editor, reviewer=reviewer
    )
    item = make_item()
    _change("actor renamed", chief, as_user, shared)
    assert refusal(Excerpt.objects.get(pk=item.pk), Action.APPROVE, chief) is not None
    seen = changed_items()
    response = as_user(reviewer2).post(
        "/desk/shared-records/",
        {
            "note": "Her name as spelt now.",
            "seen": fingerprint(seen),
            "items": [i.excerpt.pk for i in seen],
        },
    )
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.readers_copy.made_by == reviewer2
    assert refusal(Excerpt.objects.get(pk=item.pk), Action.APPROVE, chief) is None


def test_a_copy_taken_before_the_change_does_not_count(
    as_user, chief, reviewer2, make_item, shared
):
    first, second = make_item(), make_item()
    perform(Excerpt.objects.get(pk=first.pk), Action.APPROVE, reviewer2)
    _change("actor renamed", chief, as_user, shared)
    assert refusal(Excerpt.objects.get(pk=second.pk), Action.APPROVE, chief) is not None


def test_a_copy_the_changer_took_does_not_count(as_user, chief, reviewer2, make_item, shared):
    first, second = make_item(), make_item()
    _change("actor renamed", chief, as_user, shared)
    # A copy taken by the changer (from code: the rules refuse it on every page) is no one else's.
    readers_copy.take(first, first.current_revision, chief)
    assert refusal(Excerpt.objects.get(pk=second.pk), Action.APPROVE, chief) is not None


def test_a_change_after_it_was_seen_counts_again(as_user, chief, reviewer2, make_item, shared):
    first, second = make_item(), make_item()
    _change("actor renamed", chief, as_user, shared)
    perform(Excerpt.objects.get(pk=first.pk), Action.APPROVE, reviewer2)
    _change("alias added", chief, as_user, shared)
    reason = refusal(Excerpt.objects.get(pk=second.pk), Action.APPROVE, chief)
    assert reason is not None and "other names" in reason.message


def test_a_copy_of_another_record_does_not_count(
    as_user, chief, reviewer2, make_item, shared, briefing
):
    item = make_item()
    other = make_excerpt(
        editor=item.created_by,
        source=make_source("Another text.\nMore."),
        briefing=briefing,
        actors=[ActorFactory()],
    )
    _change("event redated", chief, as_user, shared)
    perform(perform(other, Action.SUBMIT, item.created_by), Action.APPROVE, reviewer2)
    assert refusal(Excerpt.objects.get(pk=item.pk), Action.APPROVE, chief) is not None


def test_changes_of_records_it_does_not_link_or_by_others_do_not_bind(
    as_user, chief, editor2, make_item, shared
):
    item = make_item(topics=[TopicFactory()])
    stranger = ActorFactory(name="Somebody Else")
    as_user(chief).post(
        reverse("events:actor_edit", args=[stranger.slug]),
        {"name": "Somebody Else Entirely", "kind": "person", "aliases": "", "description": ""},
    )
    _change("source retitled", editor2, as_user, shared)
    # Changed from code with nobody recorded: no one to hold to it.
    Actor.objects.filter(pk=shared["actors"][0].pk).update(name="Renamed by a command")
    assert RecordChange.objects.filter(changed_by=chief).exists()
    assert perform(Excerpt.objects.get(pk=item.pk), Action.APPROVE, chief).status == (
        Status.APPROVED
    )


def test_superusers_are_held_to_it_too(as_user, superuser, reviewer, make_item, shared):
    item = make_item()
    _change("event redated", superuser, as_user, shared)
    with pytest.raises(TransitionRefused, match="you redated the event"):
        perform(Excerpt.objects.get(pk=item.pk), Action.APPROVE, superuser)
    assert perform(Excerpt.objects.get(pk=item.pk), Action.APPROVE, reviewer).status == (
        Status.APPROVED
    )


# Lists read it with their rows.


def test_the_api_list_reads_it_in_a_constant_number_of_queries(as_user, chief, make_item, shared):
    # Whether the asker changed a record each row links is read with the row (a subquery), not
    # per row; the change itself is read once per kind of answer, for its reason.
    make_item()
    _change("actor renamed", chief, as_user, shared)
    client = api(chief)
    client.get("/api/excerpts/")
    with CaptureQueriesContext(connection) as one:
        first = client.get("/api/excerpts/", {"page_size": 50}).json()["results"]
    for _ in range(12):
        make_item()
    with CaptureQueriesContext(connection) as many:
        rows = client.get("/api/excerpts/", {"page_size": 50}).json()["results"]
    assert len(many) == len(one)
    assert len(rows) == 13 and len(first) == 1
    assert all("approve" not in [a["name"] for a in row["allowed_actions"]] for row in rows)
