"""Asking for a briefing by e-mail, confirming, and leaving: the state changes of a subscription.

Asking never tells the asker anything about the address (the answer is the same whether it is
subscribed, pending or new), and never changes a subscription: it only sends the address a
confirmation link, which carries what was asked. Links to one address are rationed, and so are
requests from one client, so the form cannot be used to fill someone's inbox.
"""

from __future__ import annotations

import hashlib
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from desk.models import Briefing
from desk.project.client_address import network_of
from desk.subscriptions.models import Subscription
from desk.subscriptions.sending import ensure_digests_scheduled, send_confirmation
from desk.subscriptions.tokens import ConfirmationRequest, LinkRefused

# One client address may ask this many times an hour (any briefing, any address).
REQUESTS_PER_HOUR = 5
# One address gets a confirmation link for one briefing at most this often, and at most this many
# links a day for all briefings together.
RESEND_AFTER = timedelta(minutes=10)
LINKS_PER_ADDRESS_PER_DAY = 5


def _hashed(text: str) -> str:
    # Keyed with SECRET_KEY, so the cache holds no readable client or e-mail address.
    return hashlib.sha256(f"{settings.SECRET_KEY}:{text}".encode()).hexdigest()[:32]


def over_the_limit(client: str) -> bool:
    """Count one request from this client address; whether it is over this hour's allowance.
    An IPv6 client is its /64 (desk.project.client_address.network_of)."""
    window = int(time.time() // 3600)
    digest = _hashed(network_of(client))
    key = f"subscriptions:asked:{digest}:{window}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr: count this one as the first
        cache.set(key, 1, 3600)
        count = 1
    return count > REQUESTS_PER_HOUR


def _language(code: str) -> str:
    known = dict(settings.LANGUAGES)
    return code if code in known else settings.LANGUAGE_CODE


def request_subscription(
    *, briefing: Briefing, email: str, frequency: str, language: str, now: datetime | None = None
) -> None:
    """Send this address a link to confirm a subscription to the briefing, unless it was sent
    one a moment ago or many today. Says nothing of what it did, on purpose.

    Nor does its timing: whether the address is new, asked a moment ago or is over its daily
    links, the same statements run (an insert that may find the row there, the same reads, one
    update, one cache write) and one job is queued, which mails the link only if one is due:
    deciding not to send costs the request what sending does (16.6 against 11.2 ms told whether
    an address had asked recently).
    """
    now = now or timezone.now()
    language = _language(language)
    with transaction.atomic():
        # Made if missing, in the same one statement whether or not it is: a concurrent request
        # for the same address finds the row either way.
        Subscription.objects.bulk_create(
            [Subscription(briefing=briefing, email=email, frequency=frequency, language=language)],
            ignore_conflicts=True,
        )
        subscription = (
            Subscription.objects.select_for_update()
            .filter(briefing=briefing)
            .of_address(email)
            .get()
        )
        recent = subscription.confirmation_sent_at
        sent_today = (
            Subscription.objects.of_address(email)
            .filter(confirmation_sent_at__gt=now - timedelta(days=1))
            .count()
        )
        links = _links_sent(email, now)
        send = (
            (recent is None or recent <= now - RESEND_AFTER)
            and sent_today < LINKS_PER_ADDRESS_PER_DAY
            and len(links) < LINKS_PER_ADDRESS_PER_DAY
        )
        _count_links(email, [*links, now.timestamp()] if send else links)
        sent_at = now if send else recent
        Subscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=sent_at)
        pk = subscription.pk
        # The queue's record holds the subscription's number, never the address; a job with no
        # link due is queued all the same and does nothing.
        transaction.on_commit(
            lambda: send_confirmation.enqueue(
                pk, frequency=frequency, language=language, link_due=send
            )
        )


def _links_key(email: str) -> str:
    return f"subscriptions:links:{_hashed(email.lower())}"


def _links_sent(email: str, now: datetime) -> list[float]:
    """When links went to this address in the last day. Links, not subscriptions: asked for
    again after each resend pause, one briefing would otherwise send a link every RESEND_AFTER,
    all day long."""
    day_ago = now.timestamp() - 24 * 3600
    return [at for at in cache.get(_links_key(email), []) if at > day_ago]


def _count_links(email: str, sent: list[float]) -> None:
    cache.set(_links_key(email), sent, 24 * 3600)


def confirm(request: ConfirmationRequest, now: datetime | None = None) -> Subscription:
    """The owner of the address confirmed: the subscription starts now (or, if it was running,
    takes the frequency and language just asked for). LinkRefused for a link that no longer
    names a subscription, or that predates the reader's unsubscribing."""
    now = now or timezone.now()
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .select_related("briefing")
            .filter(pk=request.subscription_id, briefing__is_public=True)
            .first()
        )
        if subscription is None:
            raise LinkRefused
        left = subscription.unsubscribed_at
        if left is not None and request.requested_at < left.replace(microsecond=0):
            raise LinkRefused(expired=True)
        subscription.frequency = request.frequency
        subscription.language = _language(request.language)
        if not subscription.is_active:
            # Only what readers can see from now on: no digest of the briefing's past.
            subscription.confirmed_at = subscription.sent_up_to = now
            subscription.unsubscribed_at = subscription.last_sent_at = None
        subscription.save()
        transaction.on_commit(ensure_digests_scheduled)
    return subscription


def unsubscribe(subscription_id: int, now: datetime | None = None) -> Subscription | None:
    """No more digests for this subscription (at once, and again harmlessly); None when the
    subscription no longer exists (its briefing was deleted): nothing is sent to it either."""
    now = now or timezone.now()
    Subscription.objects.filter(pk=subscription_id, unsubscribed_at__isnull=True).update(
        unsubscribed_at=now
    )
    return Subscription.objects.select_related("briefing").filter(pk=subscription_id).first()
