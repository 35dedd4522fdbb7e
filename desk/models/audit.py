"""The audit trail: an append-only record of everything done to an excerpt."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail is append-only.")

    def delete(self):
        raise PermissionError("The audit trail is append-only.")


class AuditEntry(models.Model):
    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        TRANSITION = "transition", _("Changed state")
        COMMENTED = "commented", _("Commented")
        REANCHORED = "reanchored", _("Re-anchored")

    excerpt = models.ForeignKey("desk.Excerpt", on_delete=models.PROTECT, related_name="audit")
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
    at = models.DateTimeField(auto_now_add=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} excerpt {self.excerpt_id} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only.")
