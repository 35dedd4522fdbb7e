"""A decision that takes readers' copy takes only what the reviewer saw (issue #14).

Approving stores the item's links as they read at that moment: the source's citation, its actors
with their aliases, its events, its topics. Someone may change one of those records between the
reviewer opening the page and pressing Approve; the page carries a fingerprint of what it showed,
and the decision is refused as stale when the records no longer read so. Nothing is changed then.
"""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone, translation

from desk import readers_copy
from desk.models import AuditEntry, Excerpt, ReadersCopy
from desk.publishing.states import Action, Status
from desk.publishing.workflow import Seen, TransitionConflict, TransitionRefused, perform
from events.models import Actor, ActorAlias
from tests.desk.test_races import run_together
from tests.factories import (
    ActorFactory,
    EventFactory,
    TopicFactory,
    UserFactory,
    make_excerpt,
    make_source,
)

STALE = "changed since you opened it"


@pytest.fixture
def links(db):
    return {
        "source": make_source(
            "The minister spoke at the border on Monday.\nMore.", title="Border talk"
        ),
        "actor": ActorFactory(name="Maria Kalesnikava"),
        "event": EventFactory(title="Border summit", date="2025-11-17", place="Brest"),
        "topic": TopicFactory(name="Border"),
    }


@pytest.fixture
def item(editor, briefing, links):
    excerpt = make_excerpt(
        editor=editor,
        source=links["source"],
        briefing=briefing,
        actors=[links["actor"]],
        events=[links["event"]],
        topics=[links["topic"]],
    )
    return perform(excerpt, Action.SUBMIT, editor)


def _rename_actor(links):
    links["actor"].name = "Maryia Kalesnikava"
    links["actor"].save()


def _add_alias(links):
    ActorAlias.objects.create(actor=links["actor"], name="Калеснікава")


def _retitle_source(links):
    links["source"].title = "Talks at the border"
    links["source"].save()


def _redate_event(links):
    links["event"].date = "2025-11-18"
    links["event"].save()


def _move_event(links):
    links["event"].place = "Hrodna"
    links["event"].save()


def _rename_topic(links):
    links["topic"].name = "Borders"
    links["topic"].save()


CHANGES = [_rename_actor, _add_alias, _retitle_source, _redate_event, _move_event, _rename_topic]


def _open(client, excerpt) -> dict[str, str]:
    """Open the decision page; the hidden fields its decision form sends back."""
    page = client.get(reverse("desk:excerpt", args=[excerpt.pk])).content.decode()
    form = page[page.index('class="decision"') :]
    return dict(re.findall(r'type="hidden" name="(seen_\w+)" value="([^"]*)"', form))


def _decide(client, excerpt, action: str, seen: dict, **data) -> str:
    response = client.post(
        reverse("desk:excerpt_transition", args=[excerpt.pk, action]), {**seen, **data}, follow=True
    )
    assert response.status_code == 200
    return response.content.decode()


def _untouched(excerpt, status: str) -> None:
    excerpt.refresh_from_db()
    assert excerpt.status == status
    assert excerpt.published_revision_id is None and excerpt.readers_copy_id is None
    assert excerpt.current_revision.approved_by_id is None
    assert not ReadersCopy.objects.filter(excerpt=excerpt).exists()
    assert not AuditEntry.objects.filter(
        excerpt=excerpt, action__in=[Action.APPROVE, Action.PUBLISH, Action.SCHEDULE]
    ).exists()


def test_the_decision_page_sends_what_it_showed(as_user, reviewer, item):
    seen = _open(as_user(reviewer), item)
    assert seen["seen_status"] == "submitted"
    assert seen["seen_revision"] == str(item.current_revision_id)
    assert seen["seen_links"] == readers_copy.fingerprint_now(item.current_revision_id)


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__.lstrip("_") for c in CHANGES])
def test_approving_after_a_linked_record_changed_is_refused_until_reloaded(
    as_user, reviewer, item, links, change
):
    client = as_user(reviewer)
    seen = _open(client, item)
    change(links)

    page = _decide(client, item, "approve", seen)
    assert STALE in page and "Nothing was changed." in page
    _untouched(item, Status.SUBMITTED)

    # Reloaded, the reviewer sees the change, and approving takes the copy they saw.
    seen = _open(client, item)
    assert "Done:" in _decide(client, item, "approve", seen)
    item.refresh_from_db()
    assert item.status == Status.APPROVED
    copy = readers_copy.latest_for(item.current_revision)
    assert readers_copy.copy_fingerprint(copy.data) == seen["seen_links"]


def test_what_the_approval_copies_is_what_the_page_showed(as_user, reviewer, item, links):
    client = as_user(reviewer)
    _rename_actor(links)
    assert (
        "Maryia Kalesnikava" in client.get(reverse("desk:excerpt", args=[item.pk])).content.decode()
    )
    _decide(client, item, "approve", _open(client, item))
    copy = readers_copy.latest_for(Excerpt.objects.get(pk=item.pk).current_revision)
    assert [a["name"] for a in copy.data["actors"]] == ["Maryia Kalesnikava"]


def test_approve_and_publish_after_a_change_publishes_nothing(as_user, reviewer, item, links):
    desk = as_user(reviewer)
    seen = _open(desk, item)
    _retitle_source(links)
    assert STALE in _decide(desk, item, "approve_publish", seen)
    _untouched(item, Status.SUBMITTED)
    assert not Excerpt.objects.published().filter(pk=item.pk).exists()


def test_unchanged_links_let_the_decision_through(as_user, reviewer, item):
    client = as_user(reviewer)
    assert "Done:" in _decide(client, item, "approve_publish", _open(client, item))
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.readers_copy_id is not None


def test_a_change_no_copy_would_show_does_not_refuse(as_user, reviewer, item, links):
    client = as_user(reviewer)
    seen = _open(client, item)
    # The event's description is not in readers' copy of the item.
    links["event"].description = "Talks on the crossing."
    links["event"].save()
    assert "Done:" in _decide(client, item, "approve", seen)


def test_a_decision_sent_without_the_fingerprint_is_taken_as_before(as_user, reviewer, item, links):
    """Older clients send only status and revision: they are checked on those alone."""
    client = as_user(reviewer)
    seen = _open(client, item)
    del seen["seen_links"]
    _rename_actor(links)
    assert "Done:" in _decide(client, item, "approve", seen)
    assert Excerpt.objects.get(pk=item.pk).status == Status.APPROVED


def test_a_changed_status_is_still_named_first(as_user, reviewer, reviewer2, item, links):
    client = as_user(reviewer)
    seen = _open(client, item)
    _rename_actor(links)
    perform(Excerpt.objects.get(pk=item.pk), Action.REJECT, reviewer2, comment="No.")
    assert "Someone acted first" in _decide(client, item, "approve", seen)


def test_publishing_an_approved_item_keeps_the_copy_taken_at_approval(
    as_user, reviewer, reviewer2, item, links
):
    """The copy was taken when it was approved: a later change waits to be carried, and does not
    hold up publishing."""
    approved = perform(item, Action.APPROVE, reviewer)
    client = as_user(reviewer2)
    seen = _open(client, approved)
    _rename_actor(links)
    assert "Done:" in _decide(client, approved, "publish", seen)
    approved.refresh_from_db()
    assert approved.status == Status.PUBLISHED
    assert [a["name"] for a in approved.readers_copy.data["actors"]] == ["Maria Kalesnikava"]


@pytest.mark.parametrize("action", ["publish", "schedule"])
def test_scheduling_or_publishing_that_takes_the_copy_checks_it_too(
    as_user, reviewer, item, links, action
):
    """An item approved before copies were taken gets its copy when scheduled or published."""
    Excerpt.objects.filter(pk=item.pk).update(status=Status.APPROVED)
    client = as_user(reviewer)
    seen = _open(client, item)
    _redate_event(links)
    when = timezone.localtime(timezone.now() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert STALE in _decide(client, item, action, seen, publish_at=when)
    _untouched(item, Status.APPROVED)

    assert "Done:" in _decide(client, item, action, _open(client, item), publish_at=when)
    item.refresh_from_db()
    assert item.readers_copy.data["events"][0]["date"] == "2025-11-18"


def test_the_fingerprint_is_the_same_in_every_interface_language(item):
    with translation.override("pl"):
        polish = readers_copy.fingerprint_now(item.current_revision_id)
    assert readers_copy.fingerprint_now(item.current_revision_id) == polish


def test_perform_refuses_a_stale_fingerprint_and_changes_nothing(reviewer, item, links):
    seen = Seen(item.status, item.current_revision_id, "0" * 16)
    with pytest.raises(TransitionConflict, match=STALE):
        perform(Excerpt.objects.get(pk=item.pk), Action.APPROVE, reviewer, seen=seen)
    _untouched(item, Status.SUBMITTED)


# Slow: the race runs threads on their own connections (SQLite and PostgreSQL alike).
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_rename_racing_an_approval_never_reaches_readers_unseen():
    editor = UserFactory(username="author", roles=["editor"])
    reviewer = UserFactory(username="rev", roles=["reviewer"])
    actor = ActorFactory(name="Name 0")
    source = make_source()
    for round_ in range(1, 6):
        item = perform(make_excerpt(editor=editor, source=source, actors=[actor]), "submit", editor)
        revision = item.current_revision_id
        seen = Seen(item.status, revision, readers_copy.fingerprint_now(revision))

        def rename(name=f"Name {round_}"):
            actor.name = name
            actor.save()

        def approve(pk=item.pk, seen=seen):
            return perform(Excerpt.objects.get(pk=pk), Action.APPROVE, reviewer, seen=seen)

        results = run_together([rename, approve])
        item.refresh_from_db()
        if isinstance(results[1], Excerpt):
            # Approved: with exactly the links the reviewer saw, never the rename.
            copy = readers_copy.latest_for(item.current_revision)
            assert readers_copy.copy_fingerprint(copy.data) == seen.links
            assert copy.data["actors"][0]["name"] == f"Name {round_ - 1}"
        else:
            assert isinstance(results[1], TransitionRefused), results
            assert STALE in str(results[1])
            assert item.status == Status.SUBMITTED
            assert not ReadersCopy.objects.filter(excerpt=item).exists()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite holds one write lock: nothing commits while an approval runs",
)
def test_a_rename_committed_while_the_approval_runs_is_not_in_its_copy(monkeypatch):
    """The interleaving the barrier race cannot force on PostgreSQL: another connection commits
    a rename after the approval read the links and before it commits. The copy holds the links
    as compared with what the reviewer saw; the rename waits to be carried like any later one."""
    editor = UserFactory(username="author", roles=["editor"])
    reviewer = UserFactory(username="rev", roles=["reviewer"])
    actor = ActorFactory(name="As seen")
    item = perform(make_excerpt(editor=editor, actors=[actor]), Action.SUBMIT, editor)
    revision = item.current_revision_id
    seen = Seen(item.status, revision, readers_copy.fingerprint_now(revision))
    read = readers_copy.copy_now

    def rename_elsewhere():
        try:
            Actor.objects.filter(pk=actor.pk).update(name="Renamed meanwhile")
        finally:
            connections.close_all()

    def read_then_rename(revision_id):
        data = read(revision_id)
        thread = threading.Thread(target=rename_elsewhere)
        thread.start()
        thread.join(timeout=30)
        return data

    monkeypatch.setattr(readers_copy, "copy_now", read_then_rename)
    approved = perform(Excerpt.objects.get(pk=item.pk), Action.APPROVE, reviewer, seen=seen)
    assert approved.status == Status.APPROVED
    assert Actor.objects.get(pk=actor.pk).name == "Renamed meanwhile"
    copy = readers_copy.latest_for(approved.current_revision)
    assert [a["name"] for a in copy.data["actors"]] == ["As seen"]
    assert readers_copy.copy_fingerprint(copy.data) == seen.links
