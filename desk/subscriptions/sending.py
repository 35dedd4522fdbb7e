"""Readers' e-mail going out: the confirmation link, the digests that are due, and the tasks
that send them (Django's Tasks API, through sources.queues).

The tasks take only numbers and words, never an address: the queue's records are kept in the
database and shown to whoever looks at the queue.

Sending digests is safe to run twice, or on two workers at once: a digest is claimed by moving
its subscription's watermark with one conditional UPDATE before the message goes out, so only
one run sends it, and given back if the mail server refuses it, so the next run tries again. No
transaction is held open while talking to the mail server (on SQLite that would hold the one
write lock). Each run first forgets the addresses never confirmed whose link has expired.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.mail import get_connection
from django.utils import timezone

from desk.subscriptions.digests import Digest, build_digest
from desk.subscriptions.mail import confirmation_message, digest_message
from desk.subscriptions.models import Subscription
from desk.subscriptions.tokens import CONFIRM_WITHIN
from sources.queues import Queue, task

logger = logging.getLogger(__name__)

RUN_EVERY = timedelta(minutes=15)
# A publication is written at the moment it is decided and committed a moment later; a digest
# covers readers' view up to a little while ago, so nothing being committed now is skipped.
SETTLED_AFTER = timedelta(minutes=2)
BATCH = 200


class ConfirmationNotSent(Exception):
    """The mail server did not take a confirmation link; says which subscription, not to whom."""

    def __init__(self, subscription_id: int, reason: str) -> None:
        super().__init__(f"Confirmation for subscription {subscription_id} not sent ({reason})")


@task(queue_name=Queue.DELIVERIES)
def send_confirmation(
    subscription_id: int, frequency: str, language: str, link_due: bool = True
) -> bool:
    """Mail the link that confirms a subscription; False when the request is gone meanwhile, or
    when no link was due (every request queues this job, so that its timing does not say
    whether the address asked recently: see subscribing.request_subscription)."""
    if not link_due:
        return False
    subscription = (
        Subscription.objects.select_related("briefing").filter(pk=subscription_id).first()
    )
    if subscription is None:
        return False
    try:
        confirmation_message(subscription, frequency, language).send()
    except Exception as error:
        # Not sent: the reader may ask again at once rather than wait out the resend pause.
        Subscription.objects.filter(pk=subscription_id).update(confirmation_sent_at=None)
        # The mail server's refusal quotes the address, and the queue keeps a failed task's
        # traceback and logs it: the task fails with the subscription's number only.
        raise ConfirmationNotSent(subscription_id, type(error).__name__) from None
    return True


def forget_unconfirmed(now: datetime | None = None) -> int:
    """Delete the addresses that were never confirmed and whose link has expired: kept for
    nothing, they should not be kept at all. How many."""
    cutoff = (now or timezone.now()) - CONFIRM_WITHIN - timedelta(days=1)
    stale = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).exclude(
        confirmation_sent_at__gte=cutoff
    )
    deleted, _ = stale.delete()
    return deleted


def _claim(subscription: Subscription, until: datetime, now: datetime) -> bool:
    """Take this digest for sending: whoever moves the watermark first sends it."""
    return bool(
        Subscription.objects.filter(
            pk=subscription.pk,
            sent_up_to=subscription.sent_up_to,
            confirmed_at__isnull=False,
            unsubscribed_at__isnull=True,
        ).update(sent_up_to=until, last_sent_at=now)
    )


def _give_back(subscription: Subscription, until: datetime) -> None:
    Subscription.objects.filter(pk=subscription.pk, sent_up_to=until).update(
        sent_up_to=subscription.sent_up_to, last_sent_at=subscription.last_sent_at
    )


def send_due_digests(now: datetime | None = None) -> int:
    """Send every digest that is due and has something new; how many were sent."""
    now = now or timezone.now()
    until = now - SETTLED_AFTER
    forget_unconfirmed(now)
    built: dict[tuple[int, datetime], Digest] = {}
    connection = get_connection()
    sent, last_pk = 0, 0
    try:
        while True:
            # In batches, each read whole before anything is written (SQLite cannot write a
            # table while a cursor on it is open).
            batch = list(
                Subscription.objects.due(now)
                .filter(pk__gt=last_pk, sent_up_to__lt=until)
                .select_related("briefing")
                .order_by("pk")[:BATCH]
            )
            if not batch:
                break
            last_pk = batch[-1].pk
            for subscription in batch:
                key = (subscription.briefing_id, subscription.sent_up_to)
                if key not in built:
                    built[key] = build_digest(subscription.briefing, subscription.sent_up_to, until)
                digest = built[key]
                if digest.is_empty or not _claim(subscription, until, now):
                    continue
                try:
                    # One connection to the mail server for the whole run, opened when needed.
                    connection.open()
                    digest_message(subscription, digest, connection=connection).send()
                except Exception as error:
                    _give_back(subscription, until)
                    connection.close()  # the next message opens a fresh one
                    # The subscription's number only: a mail error would quote the address.
                    logger.warning(
                        "Digest for subscription %s not sent (%s); tried again next run",
                        subscription.pk,
                        type(error).__name__,
                    )
                    continue
                sent += 1
    finally:
        connection.close()
    return sent


def ensure_digests_scheduled() -> None:
    """Queue the periodic digest run unless one is already waiting in the queue."""
    if _already_queued(send_digests):
        return
    send_digests.using(run_after=timezone.now() + RUN_EVERY).enqueue()


def _already_queued(task) -> bool:
    # Tasks run at once (tests) have no queue to wait in: queuing again would run in a loop.
    if task.get_backend().__class__.__name__ != "DatabaseBackend":
        return True
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists()


@task(queue_name=Queue.PERIODIC)
def send_digests() -> int:
    """Send the digests that are due: how many were sent. The desk's clock (desk.periodic) queues
    it every few minutes; each digest is claimed before it is sent, so a run queued twice sends
    nothing twice."""
    return send_due_digests()
