"""Writing a subject's revisions: a new subject with its first revision, and an edit as a new one.

Every kind of subject saves its content the same way: the first revision makes a draft; an edit is
a new, whole revision, refused to whoever the rules table refuses an edit to, and refused as stale
when someone saved another since the edit began. The check and the switch are one conditional
UPDATE under a lock, so two simultaneous saves cannot both win. Editing a published subject starts
a correction: it goes back to draft while readers keep seeing the published revision. What the
content is, and how it is written, is the caller's (`write`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from desk.models import AuditEntry
from desk.publishing import audit
from desk.publishing.schedule import publish_if_due
from desk.publishing.states import Action, Status
from desk.publishing.subjects import Reviewed, ReviewedRevision, type_of
from desk.publishing.workflow import Why, refusal

# Writes the revision numbered `number` of the subject (saved, with its links); returns it.
Write = Callable[[Reviewed, int], ReviewedRevision]


class EditRefused(ValueError):
    """An edit the desk will not make: the kind of rule (desk.publishing.workflow.Why) and a
    message."""

    def __init__(self, message: str, why: Why = Why.INPUT):
        super().__init__(message)
        self.why = why


class StaleEdit(EditRefused):
    """Someone saved a newer revision since this edit began; nothing was overwritten."""

    def __init__(self, current: ReviewedRevision):
        super().__init__(
            gettext(
                "%(who)s saved a newer version (revision %(number)s) while you were editing. "
                "Nothing was overwritten: compare the two and choose what to keep."
            )
            % {"who": current.created_by, "number": current.number},
            Why.CONFLICT,
        )
        self.current = current


@transaction.atomic
def start(subject: Reviewed, user, write: Write) -> Reviewed:
    """Save a new subject (unsaved, its own fields set) as a draft with its first revision,
    recorded in the audit trail."""
    kind = type_of(subject)
    subject.status, subject.created_by = Status.DRAFT, user
    subject.save()
    revision = write(subject, 1)
    subject.current_revision = revision
    subject.save(update_fields=["current_revision"])
    audit.record(
        AuditEntry.Kind.CREATED,
        subject_kind=kind.kind,
        subject_id=subject.pk,
        to_status=Status.DRAFT,
        actor=user,
        **kind.audit_fields(subject, revision),
    )
    return subject


@transaction.atomic
def edit(
    subject: Reviewed,
    *,
    base_revision_id: int,
    user,
    write: Write,
    check: Callable[[Reviewed], None] | None = None,
) -> Reviewed:
    """Save an edit as a new revision, unless someone saved another since it began.

    `check` refuses (EditRefused) what this kind will not take once the subject is locked (an
    excerpt's edit that changes nothing, say); it runs after the stale and rules checks.
    """
    kind = type_of(subject)
    # A scheduled subject whose time came is published: editing it starts a correction.
    publish_if_due(kind, subject.pk)
    # Lock the subject: a second editor saving at the same moment waits here, then finds the
    # first one's revision and gets a StaleEdit instead of a clash of revision numbers.
    current = kind.model.objects.select_for_update().get(pk=subject.pk)
    if current.current_revision_id != base_revision_id:
        raise StaleEdit(
            kind.revision_model.objects.select_related("created_by").get(
                pk=current.current_revision_id
            )
        )
    refused = refusal(current, Action.EDIT, user)
    if refused:
        raise EditRefused(refused.message, refused.why)
    if check is not None:
        check(current)
    number = (kind.revisions_of(current.pk).aggregate(n=Max("number"))["n"] or 0) + 1
    revision = write(current, number)
    updated = kind.model.objects.filter(
        pk=current.pk, current_revision_id=base_revision_id, status=current.status
    ).update(current_revision=revision, status=Status.DRAFT)
    if not updated:
        latest = kind.model.objects.select_related("current_revision__created_by").get(
            pk=current.pk
        )
        raise StaleEdit(latest.current_revision)
    audit.record(
        AuditEntry.Kind.EDITED,
        subject_kind=kind.kind,
        subject_id=current.pk,
        from_status=current.status,
        to_status=Status.DRAFT,
        actor=user,
        **kind.audit_fields(current, revision),
    )
    current.refresh_from_db()
    return current
