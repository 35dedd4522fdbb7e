"""Which decisions send which events, signed, to a real receiver on 127.0.0.1; and what never goes."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from desk.models import Excerpt
from desk.publishing.states import Action
from desk.readers_copy import carry, changed_items
from desk.webhooks.models import Delivery, DeliveryState, Endpoint
from desk.webhooks.tasks import publish_when_due
from tests.factories import BriefingFactory, start_correction
from tests.factories import excerpt_in as brought_to


def bodies(receiver) -> list[dict]:
    return [json.loads(request.body) for request in receiver.requests]


def test_a_published_item_is_delivered_signed_and_verifies(
    endpoint, receiver, excerpt_in, reviewer, decide
):
    approved = excerpt_in("approved")
    decide(approved, Action.PUBLISH, reviewer)

    [request] = receiver.requests
    assert request.path == "/hooks"
    assert request.headers["content-type"] == "application/json"
    assert "cookie" not in request.headers
    # The Standard Webhooks library of a receiver accepts it with the endpoint's secret.
    message = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert message["type"] == "item.published"
    assert request.headers["webhook-id"].startswith("msg_")
    delivery = Delivery.objects.get()
    assert delivery.message_id == request.headers["webhook-id"]
    assert delivery.state == DeliveryState.DELIVERED
    assert delivery.attempt_count == 1 and delivery.finished_at is not None
    attempt = delivery.attempts.get()
    assert attempt.succeeded and attempt.response_status == 200
    assert attempt.outcome == "Delivered: the receiver answered 200 OK."
    assert attempt.response_excerpt == "ok"


def test_another_secret_does_not_verify(endpoint, receiver, excerpt_in, reviewer, decide):
    from standardwebhooks.webhooks import WebhookVerificationError

    from desk.webhooks.models import new_secret

    decide(excerpt_in("approved"), Action.PUBLISH, reviewer)
    [request] = receiver.requests
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(request.body, request.headers)
    tampered = request.body.replace(b"item.published", b"item.withdrawn")
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint.secret).verify(tampered, request.headers)


def test_the_published_message_holds_what_readers_see(
    endpoint, receiver, excerpt_in, reviewer, decide, settings
):
    settings.SITE_URL = "https://desk.example.org"
    approved = excerpt_in("approved")
    item = decide(approved, Action.PUBLISH, reviewer)

    [message] = bodies(receiver)
    assert set(message) == {"type", "timestamp", "data"}
    data = message["data"]
    assert data["id"] == item.pk
    assert data["briefing"] == "the-border"
    assert data["quote"] == item.published_revision.quote
    assert data["public_url"] == f"https://desk.example.org/briefings/the-border/items/{item.pk}/"
    assert data["api_url"] == f"https://desk.example.org/api/items/{item.pk}/"
    # Only the public API's fields: nothing of the desk's workflow or people.
    assert not {"status", "created_by", "comments", "current_revision"} & set(data)


def test_a_correction_sends_item_corrected_with_its_note(
    endpoint, receiver, published, editor, reviewer, decide
):
    draft = start_correction(published, editor=editor, annotation="Two crossings, not three.")
    decide(draft, Action.SUBMIT, editor)
    # Neither a submitted nor an approved correction is seen by readers: nothing is sent yet.
    approved = decide(
        Excerpt.objects.get(pk=published.pk),
        Action.APPROVE,
        reviewer,
        correction_note="The number of crossings was wrong.",
    )
    assert receiver.requests == []
    decide(approved, Action.PUBLISH, reviewer)

    [message] = bodies(receiver)
    assert message["type"] == "item.corrected"
    assert message["data"]["correction_note"] == "The number of crossings was wrong."
    assert message["data"]["annotation"] == "Two crossings, not three."


def test_a_withdrawal_sends_item_withdrawn_with_the_public_note(
    endpoint, receiver, published, reviewer, decide
):
    decide(published, Action.WITHDRAW, reviewer, comment="The source retracted it.")

    [message] = bodies(receiver)
    assert message["type"] == "item.withdrawn"
    assert message["data"]["id"] == published.pk
    assert message["data"]["withdrawal_note"] == "The source retracted it."
    assert message["data"]["public_url"].endswith(f"/items/{published.pk}/")
    # Readers no longer see its quote; neither does the receiver.
    assert "quote" not in message["data"]


def test_drafts_and_decisions_readers_do_not_see_send_nothing(
    endpoint, receiver, editor, reviewer, source, briefing, decide
):
    from tests.factories import make_excerpt

    draft = make_excerpt(editor=editor, source=source, briefing=briefing)
    excerpt = decide(draft, Action.SUBMIT, editor)
    excerpt = decide(excerpt, Action.REQUEST_CHANGES, reviewer, comment="Shorter.")
    excerpt = decide(excerpt, Action.SUBMIT, editor)
    excerpt = decide(excerpt, Action.APPROVE, reviewer)
    decide(excerpt, Action.SCHEDULE, reviewer, publish_at=timezone.now() + dt.timedelta(days=1))
    assert receiver.requests == []
    assert not Delivery.objects.exists()


def test_an_item_in_a_private_briefing_sends_nothing(
    endpoint, receiver, editor, reviewer, source, decide
):
    private = BriefingFactory(title="Internal", slug="internal", is_public=False)
    approved = brought_to(
        "approved", editor=editor, reviewer=reviewer, source=source, briefing=private
    )
    item = decide(approved, Action.PUBLISH, reviewer)
    decide(item, Action.WITHDRAW, reviewer, comment="Gone.")
    assert receiver.requests == []
    assert not Delivery.objects.exists()


def test_each_endpoint_gets_only_the_events_it_chose_and_a_paused_one_none(
    endpoint, receiver, published, reviewer, decide
):
    Endpoint.objects.create(url=f"{receiver.url}/paused", is_active=False)
    Endpoint.objects.create(url=f"{receiver.url}/published-only", sends_withdrawn=False)
    decide(published, Action.WITHDRAW, reviewer, comment="Retracted.")
    assert [request.path for request in receiver.requests] == ["/hooks"]


def test_a_scheduled_item_sends_item_published_when_publish_due_records_it(
    endpoint, receiver, excerpt_in, django_capture_on_commit_callbacks
):
    scheduled = excerpt_in("scheduled")
    assert receiver.requests == []
    # Its time comes (moved to the past, as the clock would); cron runs publish_due.
    Excerpt.objects.filter(pk=scheduled.pk).update(
        visible_from=timezone.now() - dt.timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_due", stdout=io.StringIO())
    [message] = bodies(receiver)
    assert message["type"] == "item.published"
    assert message["data"]["id"] == scheduled.pk


def test_the_task_queued_for_a_scheduled_time_records_the_publication_once(
    endpoint, receiver, excerpt_in, django_capture_on_commit_callbacks
):
    scheduled = excerpt_in("scheduled")
    # Its time comes (moved to the past, as the clock would).
    Excerpt.objects.filter(pk=scheduled.pk).update(
        visible_from=timezone.now() - dt.timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_when_due.call(scheduled.pk) is True
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_when_due.call(scheduled.pk) is False
    assert [m["type"] for m in bodies(receiver)] == ["item.published"]


def test_no_endpoint_means_no_delivery_and_no_work(excerpt_in, reviewer, decide):
    decide(excerpt_in("approved"), Action.PUBLISH, reviewer)
    assert not Delivery.objects.exists()


def test_a_shared_record_correction_carried_to_readers_sends_item_corrected(
    endpoint, receiver, published, reviewer, django_capture_on_commit_callbacks
):
    source = published.source
    source.title = "The corrected title"
    source.save()
    changed = changed_items()
    assert [item.excerpt.pk for item in changed] == [published.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert carry(changed, reviewer, "The report's title was misspelt.") == 1

    [message] = bodies(receiver)
    assert message["type"] == "item.corrected"
    assert message["data"]["id"] == published.pk
    assert message["data"]["record_correction_note"] == "The report's title was misspelt."
