"""Where a stored revision's quote stands in a later version of its source.

A revision is never rewritten (the database refuses it); when a new version of the source comes,
re-anchoring writes one row per revision and version instead: the quote moved with its words
unchanged, changed (with the passage proposed in its place), or gone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from desk.models.excerpt import AnchorStatus


class RevisionAnchorQuerySet(models.QuerySet):
    def in_version(self, version) -> RevisionAnchorQuerySet:
        """Anchors found in this version of a source."""
        return self.filter(source_version=version)


class RevisionAnchor(models.Model):
    """The anchor of revision R in version V: its place there, or that its words changed or went."""

    revision = models.ForeignKey(
        "desk.ExcerptRevision", on_delete=models.CASCADE, related_name="anchors"
    )
    source_version = models.ForeignKey(
        "sources.SourceVersion", on_delete=models.CASCADE, related_name="revision_anchors"
    )
    status = models.CharField(max_length=10, choices=AnchorStatus.choices)
    # Where the quote stands (moved) or the passage proposed in its place (changed); none if gone.
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    # How close the proposed passage is, in the editors' words ("close: 2 words differ").
    note = models.CharField(max_length=200, blank=True)
    # None when the desk re-anchored on its own, as it does for every new version.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RevisionAnchorQuerySet.as_manager()

    class Meta:
        ordering = ["source_version", "start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "source_version"], name="anchor_once_per_revision_and_version"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AnchorStatus.values), name="anchor_status_known"
            ),
            models.CheckConstraint(
                condition=(Q(start__isnull=True) & Q(end__isnull=True)) | Q(end__gt=F("start")),
                name="anchor_offsets_whole",
            ),
            models.CheckConstraint(
                condition=~Q(status=AnchorStatus.OK) | Q(start__isnull=False),
                name="anchor_moved_has_offsets",
            ),
        ]

    def __str__(self) -> str:
        return f"Revision {self.revision_id} in version {self.source_version_id}: {self.status}"

    @property
    def text(self) -> str:
        if self.start is None:
            return ""
        return self.source_version.text[self.start : self.end]
