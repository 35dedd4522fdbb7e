"""Scheduled items falling due: the desk records their publication when their time has come.

Readers never wait for it (they compare `visible_from` with the clock); it keeps the desk's state
and audit trail true. The excerpt acted on catches up in `desk.workflow.perform`; the rest are
recorded by `manage.py publish_due` (cron) or by the task webhooks queue for an item's time.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from desk.models import AuditEntry, Excerpt
from desk.signals import announce_decision, announce_publication_change
from desk.states import Action, Status


def publish_if_due(pk: int, now: dt.datetime | None = None) -> bool:
    """Record the publication of this one excerpt if it is scheduled and its time has come.

    Readers never depend on it (they compare `visible_from` with the clock); it keeps the desk's
    state and audit trail true before anyone acts on the excerpt.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = Excerpt.objects.filter(pk=pk, status=Status.SCHEDULED, visible_from__lte=now)
        revision_id = due.values_list("current_revision_id", flat=True).first()
        if revision_id is None or not due.update(status=Status.PUBLISHED):
            return False
        AuditEntry.objects.create(
            excerpt_id=pk,
            revision_id=revision_id,
            kind=AuditEntry.Kind.TRANSITION,
            action=Action.PUBLISH,
            from_status=Status.SCHEDULED,
            to_status=Status.PUBLISHED,
            actor=None,
            note="Published at its scheduled time.",
        )
        announce_decision(pk, Action.PUBLISH, revision_id)
    return True


def publish_due(now: dt.datetime | None = None) -> int:
    """Record the publication of every scheduled excerpt that fell due; returns how many.

    For cron (`manage.py publish_due`): no request path runs it.
    """
    now = now or timezone.now()
    due = Excerpt.objects.filter(status=Status.SCHEDULED, visible_from__lte=now)
    count = sum(publish_if_due(pk, now) for pk in due.values_list("pk", flat=True))
    if count:
        announce_publication_change()
    return count
