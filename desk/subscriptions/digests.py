"""What a digest holds, and sending the digests that are due.

A digest is what readers could newly see in one briefing between two moments: the items first
published then and the corrections made then, read through the same QuerySet verbs as the public
pages (`for_briefing`, `corrections`), so a draft, a scheduled item not yet due, a withdrawn item
or a private briefing can never reach a subscriber. Nothing new, no message.

Sending is safe to run twice, or on two workers at once: a digest is claimed by moving its
subscription's watermark with one conditional UPDATE before the message goes out, so only one
run sends it, and given back if the mail server refuses it, so the next run tries again. No
transaction is held open while talking to the mail server (on SQLite that would hold the one
write lock).
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.mail import get_connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from desk.models import Briefing, Excerpt
from desk.readers_copy import corrections_seen
from desk.readers_view import Publication
from desk.site_url import absolute
from desk.subscriptions.models import Subscription

logger = logging.getLogger(__name__)

RUN_EVERY = timedelta(minutes=15)
# A publication is written at the moment it is decided and committed a moment later; a digest
# covers readers' view up to a little while ago, so nothing being committed now is skipped.
SETTLED_AFTER = timedelta(minutes=2)
MOST_ITEMS = 50
BATCH = 200


@dataclass(frozen=True)
class DigestItem:
    url: str
    quote: str
    annotation: str  # plain text: the e-mail shows words, never the annotation's markup
    title: str
    has_title: bool
    author: str
    outlet: str
    published_at: datetime


@dataclass(frozen=True)
class DigestCorrection:
    url: str
    note: str
    quote: str
    corrected_at: datetime


@dataclass(frozen=True)
class Digest:
    briefing: Briefing
    items: list[DigestItem] = field(default_factory=list)
    more_items: int = 0  # new items beyond MOST_ITEMS, left to the briefing's page
    corrections: list[DigestCorrection] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.items and not self.corrections

    @property
    def url(self) -> str:
        return absolute(self.briefing.get_absolute_url())


def _words(text: str, count: int) -> str:
    return Truncator(" ".join(text.split())).words(count, truncate="…")


def _item_url(briefing: Briefing, pk: int) -> str:
    return absolute(reverse("briefings:item", args=[briefing.slug, pk]))


def build_digest(briefing: Briefing, since: datetime, until: datetime) -> Digest:
    """What readers could newly see in the briefing after `since` and up to `until`; a fixed
    number of queries however many items there are."""
    new = (
        Excerpt.objects.for_briefing(briefing)
        .filter(first_published_at__gt=since, first_published_at__lte=until)
        .select_related("published_revision", "readers_copy")
        .defer("published_revision__search_text")
        .order_by("first_published_at", "pk")
    )
    found = list(new[: MOST_ITEMS + 1])
    more = new.count() - MOST_ITEMS if len(found) > MOST_ITEMS else 0
    items = []
    for excerpt in found[:MOST_ITEMS]:
        item = Publication.of(excerpt, briefing=briefing)
        citation = item.citation
        items.append(
            DigestItem(
                url=absolute(item.url),
                quote=_words(item.quote, 80),
                annotation=_words(html.unescape(strip_tags(item.annotation_html)), 60),
                title=citation.title,
                has_title=citation.has_title,
                author=citation.author,
                outlet=citation.outlet,
                published_at=item.first_published_at,
            )
        )
    corrections = _corrections(briefing, since, until, {excerpt.pk for excerpt in found})
    return Digest(briefing, items, more, corrections)


def _corrections(briefing: Briefing, since, until, new_items: set[int]) -> list[DigestCorrection]:
    # An item corrected since `since` was published again then (a corrected revision) or had a
    # record change carried into it then (a newer readers' copy): only those can have one.
    touched = Excerpt.objects.filter(
        Q(visible_from__gt=since) | Q(readers_copy__made_at__gt=since)
    ).filter(published_revision__briefing=briefing)
    found = [
        correction
        for correction in corrections_seen(touched, briefing)
        if since < correction.published_at <= until and correction.excerpt_id not in new_items
    ]
    if not found:
        return []
    corrected = (
        Excerpt.objects.for_briefing(briefing)
        .filter(pk__in={c.excerpt_id for c in found})
        .select_related("published_revision")
        .only("pk", "published_revision__quote")
    )
    quotes = {excerpt.pk: Publication.of(excerpt).quote for excerpt in corrected}
    return [
        DigestCorrection(
            url=_item_url(briefing, c.excerpt_id),
            note=c.correction_note,
            quote=_words(quotes.get(c.excerpt_id, ""), 16),
            corrected_at=c.published_at,
        )
        for c in sorted(found, key=lambda c: (c.published_at, c.excerpt_id))
    ]


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
    from desk.subscriptions.mail import digest_message
    from desk.subscriptions.subscribing import forget_unconfirmed

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
    from desk.subscriptions.tasks import send_digests

    if _already_queued(send_digests):
        return
    send_digests.using(run_after=timezone.now() + RUN_EVERY).enqueue()


def _already_queued(task) -> bool:
    # Tasks run at once (tests) have no queue to wait in: queuing again would run in a loop.
    if task.get_backend().__class__.__name__ != "DatabaseBackend":
        return True
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists()
