"""Who changed a shared record, and how: an append-only row for every saved change of what
readers see of a source, an actor, an event or a topic.

Readers see these records through items' copies (desk.models.readers_copy); a change reaches
them only when a reviewer carries it, and four eyes (desk.four_eyes) refuses the carry to
whoever made any of the changes it would carry. These rows are how the desk knows who that was.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    SOURCE = "source", _("source")
    ACTOR = "actor", _("actor")
    EVENT = "event", _("event")
    TOPIC = "topic", _("topic")


class RecordChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The record of changes is append-only.")

    def delete(self):
        raise PermissionError("The record of changes is append-only.")

    def of(self, records: dict[str, set[int]]) -> RecordChangeQuerySet:
        """Changes of these records, given as {kind: record ids}."""
        wanted = Q(pk__in=[])
        for kind, ids in records.items():
            if ids:
                wanted |= Q(kind=kind, record_id__in=sorted(ids))
        return self.filter(wanted)


class RecordChange(models.Model):
    """One saved change of a shared record: what readers would see before and after it."""

    kind = models.CharField(max_length=10, choices=RecordKind.choices)
    # Not a foreign key: the record may be merged away or deleted, its history stays.
    record_id = models.PositiveBigIntegerField()
    # The record's name after the change, to tell people which record it was.
    name = models.CharField(max_length=500)
    # Only what readers can be shown of the record (names, titles, dates, the citation).
    before = models.JSONField()
    after = models.JSONField()
    # None when no person is known, such as a command run on the server.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    objects = RecordChangeQuerySet.as_manager()

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [
            models.Index(fields=["kind", "record_id", "changed_at"], name="record_change_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id} changed at {self.changed_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("The record of changes is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The record of changes is append-only.")

    @property
    def fields_changed(self) -> list[str]:
        """The names of the fields this change touched, in the record's own order."""
        keys = list(self.after) + [k for k in self.before if k not in self.after]
        return [k for k in keys if self.before.get(k) != self.after.get(k)]
