"""Attempts, retries with backoff, giving up, and what a receiver's answer leaves in the log."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from desk.webhooks import delivering
from desk.webhooks.events import message_body
from desk.webhooks.models import Delivery, DeliveryState, Endpoint, EventType
from tests.webhooks.receiver import answer, closed_port_url, silent_for


def waiting_delivery(endpoint: Endpoint) -> Delivery:
    body = message_body(EventType.TEST, {"message": "hello"})
    return Delivery.objects.create(
        endpoint=endpoint, event_type=EventType.TEST, payload=body, next_attempt_at=timezone.now()
    )


def test_the_wait_grows_four_times_from_thirty_seconds_up_to_twelve_hours(settings):
    settings.WEBHOOKS_FIRST_RETRY_SECONDS = 30
    waits = [delivering.wait_before_retry(n).total_seconds() for n in range(1, 9)]
    assert waits == [30, 120, 480, 1920, 7680, 30720, 43200, 43200]


def test_a_500_is_retried_later_then_delivered_with_the_same_id_and_body(endpoint, receiver):
    receiver.answers(answer(500, b"database down"), answer(204, b""))
    delivery = waiting_delivery(endpoint)
    before = timezone.now()

    assert delivering.attempt(delivery.pk) == DeliveryState.RETRYING
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.RETRYING and delivery.attempt_count == 1
    # 30 seconds, and up to a tenth more so that retries do not all arrive together.
    assert before + dt.timedelta(seconds=30) <= delivery.next_attempt_at
    assert delivery.next_attempt_at <= timezone.now() + dt.timedelta(seconds=33)
    first = delivery.attempts.get()
    assert not first.succeeded and first.response_status == 500
    assert first.outcome == "The receiver answered 500 Internal Server Error."
    assert first.response_excerpt == "database down"

    # Not before its time: a task run early (or twice) sends nothing.
    assert delivering.attempt(delivery.pk) == "not due"
    assert len(receiver.requests) == 1

    assert delivering.attempt(delivery.pk, now=delivery.next_attempt_at) == DeliveryState.DELIVERED
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED and delivery.next_attempt_at is None
    assert [a.outcome for a in delivery.attempts.all()][1] == (
        "Delivered: the receiver answered 204 No Content."
    )
    one, two = receiver.requests
    assert one.body == two.body
    assert one.headers["webhook-id"] == two.headers["webhook-id"] == delivery.message_id
    # Each attempt is signed at its own time, and each verifies.
    for request in (one, two):
        Webhook(endpoint.secret).verify(request.body, request.headers)


def test_a_delivered_message_is_not_sent_again_when_its_task_runs_twice(endpoint, receiver):
    delivery = waiting_delivery(endpoint)
    assert delivering.attempt(delivery.pk) == DeliveryState.DELIVERED
    assert delivering.attempt(delivery.pk) == DeliveryState.DELIVERED
    assert len(receiver.requests) == 1
    assert delivery.attempts.count() == 1


def test_a_claim_taken_by_another_worker_sends_nothing(endpoint, receiver):
    delivery = waiting_delivery(endpoint)
    stale = Delivery.objects.get(pk=delivery.pk)
    assert delivering._claim(stale, timezone.now())
    # The second worker read the row before the first claimed it.
    assert not delivering._claim(stale, timezone.now())


def test_a_refused_connection_is_retried(db, receiver):
    endpoint = Endpoint.objects.create(url=closed_port_url())
    delivery = waiting_delivery(endpoint)
    assert delivering.attempt(delivery.pk) == DeliveryState.RETRYING
    attempt = delivery.attempts.get()
    assert attempt.outcome == "127.0.0.1 could not be reached."
    assert attempt.response_status is None


@pytest.mark.slow  # waits out the one-second timeout
def test_a_receiver_that_does_not_answer_in_time_is_retried(endpoint, receiver):
    receiver.answers(silent_for(3))
    delivery = waiting_delivery(endpoint)
    assert delivering.attempt(delivery.pk) == DeliveryState.RETRYING
    attempt = delivery.attempts.get()
    assert attempt.outcome == "No answer within 1 second."
    assert attempt.duration_ms < 2500


def test_the_desk_gives_up_after_the_last_attempt(endpoint, receiver, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 3
    receiver.answers(answer(503))
    delivery = waiting_delivery(endpoint)
    for _ in range(3):
        delivery.refresh_from_db()
        delivering.attempt(delivery.pk, now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempt_count == 3 and delivery.next_attempt_at is None
    assert delivery.finished_at is not None
    assert delivery.attempts.count() == 3
    assert len(receiver.requests) == 3
    # Given up: no further attempt, whatever runs.
    assert delivering.attempt(delivery.pk, now=timezone.now() + dt.timedelta(days=2)) == "failed"
    assert len(receiver.requests) == 3


def test_retry_now_gives_a_given_up_delivery_one_more_attempt(
    endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    receiver.answers(answer(500), answer(200))
    delivery = waiting_delivery(endpoint)
    delivering.attempt(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        assert delivering.retry_now(delivery)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED and delivery.attempt_count == 2
    assert not delivering.retry_now(delivery)


def test_a_redirect_is_not_followed(endpoint, receiver):
    receiver.answers(answer(302, headers={"Location": "http://10.0.0.1/steal"}))
    delivery = waiting_delivery(endpoint)
    assert delivering.attempt(delivery.pk) == DeliveryState.RETRYING
    assert len(receiver.requests) == 1
    assert "webhooks do not follow redirects" in delivery.attempts.get().outcome


def test_only_the_start_of_a_long_answer_is_kept(endpoint, receiver):
    receiver.answers(answer(200, b"x" * 100_000))
    delivery = waiting_delivery(endpoint)
    delivering.attempt(delivery.pk)
    assert delivery.attempts.get().response_excerpt == "x" * 500


def test_no_cookie_is_kept_or_sent(endpoint, receiver):
    receiver.answers(answer(500, headers={"Set-Cookie": "session=abc"}), answer(200))
    delivery = waiting_delivery(endpoint)
    delivering.attempt(delivery.pk)
    delivery.refresh_from_db()
    delivering.attempt(delivery.pk, now=delivery.next_attempt_at)
    assert all("cookie" not in request.headers for request in receiver.requests)


def test_a_paused_endpoint_keeps_its_deliveries_waiting_until_resumed(
    endpoint, receiver, published, django_capture_on_commit_callbacks
):
    body = message_body(EventType.PUBLISHED, {"id": published.pk})
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event_type=EventType.PUBLISHED,
        payload=body,
        excerpt=published,
        next_attempt_at=timezone.now(),
    )
    Endpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    assert delivering.attempt(delivery.pk) == "paused"
    assert receiver.requests == []
    endpoint.refresh_from_db()
    Endpoint.objects.filter(pk=endpoint.pk).update(is_active=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert delivering.resume_deliveries(endpoint) == 1
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED


def test_a_rotated_secret_signs_beside_the_old_one_for_its_grace_period(endpoint, receiver):
    old = endpoint.secret
    new = endpoint.rotate_secret(dt.timedelta(hours=24))
    assert new != old and new.startswith("whsec_")
    delivering.attempt(waiting_delivery(endpoint).pk)
    [request] = receiver.requests
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    Webhook(old).verify(request.body, request.headers)
    Webhook(new).verify(request.body, request.headers)

    endpoint.refresh_from_db()
    after_grace = timezone.now() + dt.timedelta(hours=25)
    assert endpoint.signing_secrets(after_grace) == [new]


def test_a_rotation_without_grace_drops_the_old_secret_at_once(endpoint, receiver):
    old = endpoint.secret
    endpoint.rotate_secret(dt.timedelta(0))
    delivering.attempt(waiting_delivery(endpoint).pk)
    [request] = receiver.requests
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(request.body, request.headers)


def test_send_due_webhooks_sends_what_a_lost_worker_left(endpoint, receiver):
    delivery = waiting_delivery(endpoint)
    # A worker claimed it ten minutes ago, then died: its lease has passed.
    ten_minutes_ago = timezone.now() - dt.timedelta(minutes=10)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=ten_minutes_ago)
    delivery.refresh_from_db()
    assert delivering._claim(delivery, ten_minutes_ago)
    out = io.StringIO()
    call_command("send_due_webhooks", stdout=out)
    assert out.getvalue().strip() == "1 webhook deliveries attempted."
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED
    # The lost attempt counts: the one that went out is the second.
    assert delivery.attempt_count == 2
    assert [a.number for a in delivery.attempts.all()] == [2]
