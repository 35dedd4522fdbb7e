"""Delivering a message: one attempt at a time, retried with backoff, logged, then given up.

Each attempt first claims the delivery with one conditional UPDATE (its attempt count as the
guard, and a lease as its next time), so that a task run twice, or a retry queued while someone
pressed "Retry now", sends once. A worker that dies after claiming leaves the delivery due again
when the lease ends, for `manage.py send_due_webhooks`. A failed attempt is retried after
WEBHOOKS_FIRST_RETRY_SECONDS, four times longer after each failure (at most 12 hours, with up to a
tenth more at random so that many retries do not arrive together), until
WEBHOOKS_MAX_ATTEMPTS attempts; then the desk gives up and the log says so. The tasks that make
the attempts (deliver_webhook, send_due_webhooks) live here, beside what they run.
"""

from __future__ import annotations

import datetime as dt
import logging
import random

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from desk.webhooks.models import Attempt, Delivery, DeliveryState, EventType
from desk.webhooks.sending import Outcome, send, signed_headers
from sources.queues import Queue, task

logger = logging.getLogger(__name__)

BACKOFF_FACTOR = 4
LONGEST_WAIT = dt.timedelta(hours=12)
# How long a claimed attempt may take before the delivery counts as due again.
LEASE_MARGIN = dt.timedelta(seconds=60)


def max_attempts() -> int:
    return int(getattr(settings, "WEBHOOKS_MAX_ATTEMPTS", 8))


def wait_before_retry(failed_attempts: int) -> dt.timedelta:
    """How long to wait after this many failed attempts: 30 s, 2 min, 8 min, 32 min, … by default,
    at most 12 hours."""
    first = int(getattr(settings, "WEBHOOKS_FIRST_RETRY_SECONDS", 30))
    wait = dt.timedelta(seconds=first * BACKOFF_FACTOR ** max(failed_attempts - 1, 0))
    return min(wait, LONGEST_WAIT)


def _jitter(wait: dt.timedelta) -> dt.timedelta:
    return wait + wait * random.uniform(0, 0.1)  # noqa: S311 - spreading retries, not a secret


def queue_attempt(delivery: Delivery) -> None:
    """Queue the next attempt at its time, once the delivery row is committed.

    A backend that cannot defer (tasks run at once, in tests) gets only attempts due now; later
    ones wait for `send_due_webhooks`, which is also the safety net for an attempt lost with its
    worker.
    """
    delivery_id, when = delivery.pk, delivery.next_attempt_at

    def enqueue() -> None:
        if when is None:
            return
        if when <= timezone.now():
            deliver_webhook.enqueue(delivery_id)
        elif deliver_webhook.get_backend().supports_defer:
            deliver_webhook.using(run_after=when).enqueue(delivery_id)

    transaction.on_commit(enqueue, robust=True)


def _claim(delivery: Delivery, now: dt.datetime) -> bool:
    lease = now + dt.timedelta(seconds=float(getattr(settings, "WEBHOOKS_TIMEOUT", 5)))
    return bool(
        Delivery.objects.filter(
            pk=delivery.pk,
            state=delivery.state,
            attempt_count=delivery.attempt_count,
            next_attempt_at__lte=now,
        ).update(attempt_count=delivery.attempt_count + 1, next_attempt_at=lease + LEASE_MARGIN)
    )


# Messages that carry what readers see of an item (its quote, its note): sent only while they do.
ITEM_NEWS = frozenset({EventType.PUBLISHED, EventType.CORRECTED})


def _no_longer_seen(delivery: Delivery) -> bool:
    """Whether readers stopped seeing the item this message was written for while it waited (it
    was withdrawn, its briefing made private, or it was deleted): then its body is not sent."""
    if delivery.event_type not in ITEM_NEWS:
        return False
    from desk.models import Excerpt

    return (
        delivery.excerpt_id is None
        or not Excerpt.objects.published().filter(pk=delivery.excerpt_id).exists()
    )


def _send(delivery: Delivery, now: dt.datetime) -> Outcome:
    endpoint = delivery.endpoint
    headers = signed_headers(
        message_id=delivery.message_id,
        body=delivery.payload,
        secrets=endpoint.signing_secrets(now),
        at=now,
    )
    try:
        return send(endpoint.url, delivery.payload, headers)
    except Exception:
        # A fault of the desk's, not the receiver's: logged in full, retried like any failure.
        logger.exception("webhook delivery %s failed unexpectedly", delivery.pk)
        return Outcome(False, _("The desk could not send it (an internal error, logged)."))


def attempt(delivery_id: int, now: dt.datetime | None = None) -> str:
    """Try to send this delivery if it is due: its state afterwards, or why nothing was done."""
    now = now or timezone.now()
    delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None:
        return "gone"
    if not delivery.is_waiting:
        return str(delivery.state)
    if delivery.next_attempt_at > now:
        return "not due"
    if delivery.held_by_pause:
        # Kept waiting: resuming the endpoint queues it again (resume_deliveries).
        return "paused"
    if not _claim(delivery, now):
        return "taken"
    number = delivery.attempt_count + 1
    unseen = _no_longer_seen(delivery)
    if unseen:
        outcome = Outcome(False, _("Not sent: readers no longer see this item."))
    else:
        outcome = _send(delivery, now)
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery,
            number=number,
            at=now,
            succeeded=outcome.succeeded,
            outcome=outcome.description[:300],
            response_status=outcome.status,
            response_excerpt=outcome.excerpt,
            duration_ms=outcome.duration_ms,
        )
        delivery.attempt_count = number
        if outcome.succeeded:
            delivery.state, delivery.next_attempt_at = DeliveryState.DELIVERED, None
            delivery.finished_at = timezone.now()
        elif unseen or number >= max_attempts():
            delivery.state, delivery.next_attempt_at = DeliveryState.FAILED, None
            delivery.finished_at = timezone.now()
        else:
            delivery.state = DeliveryState.RETRYING
            delivery.next_attempt_at = now + _jitter(wait_before_retry(number))
        delivery.save(update_fields=["state", "attempt_count", "next_attempt_at", "finished_at"])
        queue_attempt(delivery)
    return str(delivery.state)


def retry_now(delivery: Delivery) -> bool:
    """Make a waiting or given-up delivery due now and queue it; False if it was delivered.

    One more attempt for one given up: if it fails too, the desk gives up again.
    """
    updated = Delivery.objects.filter(
        pk=delivery.pk,
        state__in=[DeliveryState.PENDING, DeliveryState.RETRYING, DeliveryState.FAILED],
    ).update(
        state=DeliveryState.RETRYING if delivery.attempt_count else DeliveryState.PENDING,
        next_attempt_at=timezone.now(),
        finished_at=None,
    )
    if not updated:
        return False
    delivery.refresh_from_db()
    queue_attempt(delivery)
    return True


def resume_deliveries(endpoint) -> int:
    """Queue again what waited while the endpoint was paused; how many deliveries wait."""
    waiting = list(Delivery.objects.filter(endpoint=endpoint).waiting())
    for delivery in waiting:
        queue_attempt(delivery)
    return len(waiting)


def send_due(now: dt.datetime | None = None) -> int:
    """Attempt every delivery whose time has come; how many were attempted."""
    now = now or timezone.now()
    ids = list(Delivery.objects.due(now).order_by("next_attempt_at").values_list("pk", flat=True))
    return sum(attempt(pk, now) not in ("not due", "taken", "gone", "paused") for pk in ids)


@task(queue_name=Queue.DELIVERIES)
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at sending a delivery, if it is due: its state afterwards."""
    return attempt(delivery_id)


@task(queue_name=Queue.DELIVERIES)
def send_due_webhooks() -> int:
    """Attempt every delivery whose time has come (one a lost worker took with it, say): how
    many. Queued by the desk's clock (desk.periodic)."""
    return send_due()
