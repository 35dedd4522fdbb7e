"""Scheduled subjects falling due: the desk records their publication when their time has come.

Readers never wait for the record (they compare `visible_from` with the clock); it keeps the
desk's state, audit trail, webhooks and digests true. The desk's clock (desk.periodic) runs
`publish_due` every few seconds for every kind of subject; the subject acted on catches up in
`desk.publishing.workflow.perform`, and the task webhooks queue for an item's time may get there
first. A kind may hold some back (an excerpt whose quote a newer source version moved:
`SubjectType.due_condition`, and desk.scheduled holds them).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from desk.models import AuditEntry
from desk.publishing import audit
from desk.publishing.announcements import announce_decision, announce_publication_change
from desk.publishing.states import Action, Status
from desk.publishing.subjects import SubjectType, registered


def publish_if_due(kind: SubjectType, pk: int, now: dt.datetime | None = None) -> bool:
    """Record the publication of this one subject if it is scheduled and its time has come.

    Readers never depend on it (they compare `visible_from` with the clock); it keeps the desk's
    state and audit trail true before anyone acts on it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = kind.model.objects.filter(
            kind.due_condition(), pk=pk, status=Status.SCHEDULED, visible_from__lte=now
        )
        revision_id = due.values_list("current_revision_id", flat=True).first()
        if revision_id is None or not due.update(status=Status.PUBLISHED):
            return False
        revision = kind.revision_model(pk=revision_id)
        audit.record(
            AuditEntry.Kind.TRANSITION,
            subject_kind=kind.kind,
            subject_id=pk,
            action=Action.PUBLISH,
            from_status=Status.SCHEDULED,
            to_status=Status.PUBLISHED,
            actor=None,
            note="Published at its scheduled time.",
            **kind.audit_fields(kind.model(pk=pk), revision),
        )
        announce_decision(kind.model, pk, Action.PUBLISH, revision_id)
    return True


def publish_due(now: dt.datetime | None = None) -> int:
    """Record the publication of every scheduled subject of every kind that fell due; returns how
    many were published. Periodic work of the desk's clock (desk.periodic)."""
    now = now or timezone.now()
    count = 0
    for kind in registered():
        due = kind.model.objects.filter(status=Status.SCHEDULED, visible_from__lte=now)
        published = sum(publish_if_due(kind, pk, now) for pk in due.values_list("pk", flat=True))
        if published:
            announce_publication_change(kind.model)
        count += published
    return count
