"""Which workflow decisions become webhook events, and what the messages say.

Only what readers can see is ever sent. A publication is an event when the item is live through
`Excerpt.objects.published()` (a public briefing, due, not withdrawn) with the very revision just
published: "item.corrected" when that revision corrects an earlier published one (it carries a
correction note), "item.published" otherwise; a correction of shared records carried into a live
item (desk.readers_copy.carry) is an "item.corrected" too. A withdrawal is an event when the item
is among `Excerpt.objects.withdrawn_from(briefing)` of a public briefing. Drafts, decisions
readers do not see and items of private briefings send nothing. The item's data is the public
API's (`/api/items/{id}/`), so a receiver learns nothing a reader could not.

A scheduled item goes live at its time whether or not anything runs; its "item.published" goes
out when the desk records the publication: by a task queued for that time (publish_when_due), by
`manage.py publish_due`, or when someone next acts on it.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from desk.project.site_url import absolute
from desk.publishing.states import Action
from desk.readers_view import Publication
from desk.webhooks.models import Delivery, Endpoint, EventType

SCHEDULING = frozenset({Action.SCHEDULE, Action.RESCHEDULE})


def message_body(event_type: str, data: dict) -> str:
    """The JSON body of a message, in the Standard Webhooks shape: type, timestamp, data."""
    message = {"type": str(event_type), "timestamp": timezone.now().isoformat(), "data": data}
    return json.dumps(message, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def queue_message(
    event_type: str, data: dict, *, endpoints, excerpt_id: int | None = None
) -> list[Delivery]:
    """One delivery of this message per endpoint, each queued once the rows are committed."""
    from desk.webhooks.delivering import queue_attempt

    body = message_body(event_type, data)
    now = timezone.now()
    with transaction.atomic():
        deliveries = [
            Delivery.objects.create(
                endpoint=endpoint,
                event_type=event_type,
                payload=body,
                excerpt_id=excerpt_id,
                next_attempt_at=now,
            )
            for endpoint in endpoints
        ]
        for delivery in deliveries:
            queue_attempt(delivery)
    return deliveries


def _live_item(excerpt_id: int, revision_id: int | None):
    """The item as readers see it now, if they see this revision of it; None otherwise."""
    from desk.models import Excerpt

    return (
        Excerpt.objects.for_public_page()
        .filter(pk=excerpt_id, published_revision_id=revision_id)
        .first()
    )


def _corrects_earlier(item) -> bool:
    from desk.models import ExcerptRevision

    earlier = (
        ExcerptRevision.objects.filter(excerpt_id=item.pk, published_at__isnull=False)
        .exclude(pk=item.published_revision_id)
        .exists()
    )
    return earlier and bool(Publication.of(item).correction_note)


def item_data(item) -> dict:
    """What readers see of a live item: the public API's item, and its API address."""
    from desk.api.briefings import PublishedItemSerializer

    data = dict(PublishedItemSerializer(item).data)
    data["api_url"] = absolute(reverse("api:item-detail", args=[item.pk]))
    return data


def withdrawn_data(excerpt_id: int) -> dict | None:
    """What readers see of an item withdrawn from a public briefing; None for any other."""
    from desk.models import Briefing, Excerpt

    excerpt = (
        Excerpt.objects.select_related("published_revision__briefing")
        .filter(pk=excerpt_id, published_revision__isnull=False)
        .first()
    )
    if excerpt is None:
        return None
    item = Publication.of(excerpt)
    briefing = Briefing.objects.public().filter(slug=item.briefing.slug).first()
    if briefing is None:
        return None
    if not Excerpt.objects.withdrawn_from(briefing).filter(pk=excerpt_id).exists():
        return None
    if not item.withdrawn:  # restored between the two reads: nothing to tell
        return None
    return {
        "id": item.id,
        "briefing": item.briefing.slug,
        # The permalink stays: it answers 410 Gone with the public note.
        "public_url": absolute(item.url),
        "withdrawal_note": item.withdrawal_note,
        "withdrawn_at": item.withdrawn_at.isoformat(),
    }


def publication_event(excerpt_id: int, revision_id: int | None) -> list[Delivery]:
    item = _live_item(excerpt_id, revision_id)
    if item is None:
        return []
    event_type = EventType.CORRECTED if _corrects_earlier(item) else EventType.PUBLISHED
    endpoints = list(Endpoint.objects.wanting(event_type))
    if not endpoints:
        return []
    return queue_message(event_type, item_data(item), endpoints=endpoints, excerpt_id=excerpt_id)


def carried_correction_event(excerpt_id: int, revision_id: int | None) -> list[Delivery]:
    """A correction of a shared record (an actor's name, a source's title …) carried into a live
    item: readers see it corrected, with its note, without a new revision of the quote."""
    item = _live_item(excerpt_id, revision_id)
    if item is None:
        return []
    endpoints = list(Endpoint.objects.wanting(EventType.CORRECTED))
    if not endpoints:
        return []
    data = item_data(item)
    return queue_message(EventType.CORRECTED, data, endpoints=endpoints, excerpt_id=excerpt_id)


def withdrawal_event(excerpt_id: int) -> list[Delivery]:
    endpoints = list(Endpoint.objects.wanting(EventType.WITHDRAWN))
    if not endpoints:
        return []
    data = withdrawn_data(excerpt_id)
    if data is None:
        return []
    return queue_message(EventType.WITHDRAWN, data, endpoints=endpoints, excerpt_id=excerpt_id)


def watch_schedule(excerpt_id: int) -> None:
    """Queue the recording of a scheduled publication for its time, when someone listens and the
    task queue can wait (the database queue can; tasks run at once cannot)."""
    from desk.models import Excerpt
    from desk.webhooks.tasks import publish_when_due

    if not Endpoint.objects.wanting(EventType.PUBLISHED).exists():
        return
    if not publish_when_due.get_backend().supports_defer:
        return
    when = Excerpt.objects.upcoming().filter(pk=excerpt_id).values_list("visible_from", flat=True)
    if when:
        publish_when_due.using(run_after=when[0]).enqueue(excerpt_id)


def _decision_recorded(sender, subject_id: int, action: str, revision_id=None, **kwargs) -> None:
    excerpt_id = subject_id
    if action == Action.PUBLISH:
        publication_event(excerpt_id, revision_id)
    elif action == Action.CARRY:
        carried_correction_event(excerpt_id, revision_id)
    elif action == Action.WITHDRAW:
        withdrawal_event(excerpt_id)
    elif action in SCHEDULING:
        watch_schedule(excerpt_id)


def send_test_message(endpoint: Endpoint) -> Delivery:
    """A test message to this endpoint, whatever events it chose and even while paused."""
    data = {
        "endpoint": endpoint.description or endpoint.url,
        "message": "A test message from Briefing Desk. It says nothing about any item.",
        "site": absolute("/"),
    }
    return queue_message(EventType.TEST, data, endpoints=[endpoint])[0]


def connect() -> None:
    from desk.models import Excerpt
    from desk.publishing.announcements import decision_recorded

    decision_recorded.connect(
        _decision_recorded, sender=Excerpt, dispatch_uid="webhooks-decision-recorded"
    )
