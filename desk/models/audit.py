"""The audit log: one append-only record of everything done to every subject of the desk.

A subject is anything reviewed or shared: an excerpt, or a shared record (a source, an actor, an
event, a topic). Each entry says what kind of thing happened (`kind`, registered with the
sentence it is shown as: desk.publishing.audit), to which subject, with what data, by whom, when,
and as part of which single user action (`action_id`: "approve and publish" is one action, two
entries). Entries are never rewritten: the ORM refuses it, and the database too
(desk.publishing.audit installs the triggers).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desk.publishing.states import Status

_action: ContextVar[uuid.UUID | None] = ContextVar("desk_user_action", default=None)


def current_action_id() -> uuid.UUID:
    """The id of the user action under way (one_user_action), or a new one for a lone entry."""
    return _action.get() or uuid.uuid4()


@contextmanager
def one_user_action() -> Iterator[uuid.UUID]:
    """Everything recorded inside is one user action: its entries share one id. Nested, the
    outermost action wins (a decision inside "approve and publish" is part of it)."""
    if _action.get() is not None:
        yield _action.get()
        return
    token = _action.set(uuid.uuid4())
    try:
        yield _action.get()
    finally:
        _action.reset(token)


class SubjectKind(models.TextChoices):
    EXCERPT = "excerpt", _("excerpt")
    SOURCE = "source", _("source")
    ACTOR = "actor", _("actor")
    EVENT = "event", _("event")
    TOPIC = "topic", _("topic")


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail is append-only.")

    def delete(self):
        raise PermissionError("The audit trail is append-only.")

    def about(self, subject_kind: str, subject_id: int) -> AuditQuerySet:
        """Every entry about this one subject, oldest first."""
        return self.filter(subject_kind=subject_kind, subject_id=subject_id)


class AuditEntry(models.Model):
    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        TRANSITION = "transition", _("Changed state")
        COMMENTED = "commented", _("Commented")
        REANCHORED = "reanchored", _("Re-anchored")
        RECORD_CHANGED = "record_changed", _("Changed a shared record")
        CARRY_DECLINED = "carry_declined", _("Declined to carry changed records")

    subject_kind = models.CharField(
        max_length=20, choices=SubjectKind.choices, default=SubjectKind.EXCERPT
    )
    subject_id = models.PositiveBigIntegerField()
    # The excerpt again, as a foreign key, for an entry about one (its pages and the API read
    # it so); None for an entry about a shared record.
    excerpt = models.ForeignKey(
        "desk.Excerpt", null=True, blank=True, on_delete=models.PROTECT, related_name="audit"
    )
    revision = models.ForeignKey(
        "desk.ExcerptRevision", null=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    action = models.CharField(max_length=30, blank=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    # None when the desk itself acted, such as publishing a scheduled item when it fell due.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    # What the sentence shown for the entry needs beyond the columns above (a shared record's
    # name and the fields changed, say); read by the kind's registered sentence.
    data = models.JSONField(default=dict, blank=True)
    action_id = models.UUIDField(default=current_action_id, editable=False, db_index=True)
    at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["subject_kind", "subject_id", "at"], name="audit_subject_lookup")
        ]
        constraints = [
            # An entry about an excerpt names it twice (its pages read the foreign key): alike.
            models.CheckConstraint(
                condition=~Q(subject_kind="excerpt") | Q(excerpt=models.F("subject_id")),
                name="audit_excerpt_is_its_subject",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} {self.subject_kind} {self.subject_id}"
            f" at {self.at:%Y-%m-%d %H:%M}"
        )

    @property
    def to_status_label(self) -> str:
        """The state it moved to in the editors' words ("Changes requested", not its code)."""
        try:
            return str(Status(self.to_status).label)
        except ValueError:
            return self.to_status

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        if self.subject_kind == SubjectKind.EXCERPT and self.subject_id is None:
            self.subject_id = self.excerpt_id
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only.")
