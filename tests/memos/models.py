"""A memo: a short text with topics, reviewed and published through the kernel."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from desk.publishing.subjects import Reviewed, ReviewedRevision, readers_see


class MemoQuerySet(models.QuerySet):
    def published(self):
        return self.filter(readers_see(timezone.now()))


class Memo(Reviewed):
    current_revision = models.OneToOneField(
        "memos.MemoRevision", null=True, on_delete=models.PROTECT, related_name="+"
    )
    published_revision = models.OneToOneField(
        "memos.MemoRevision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    readers_copy = models.ForeignKey(
        "memos.MemoCopy", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = MemoQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Memo {self.pk}"


class MemoRevision(ReviewedRevision):
    memo = models.ForeignKey(Memo, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField()
    topics = models.ManyToManyField("desk.Topic", blank=True, related_name="memo_revisions")

    class Meta:
        ordering = ["memo", "number"]

    def linked_records(self) -> dict[str, set[int]]:
        return {"topic": {t.pk for t in self.topics.all()}}

    def save(self, *args, **kwargs) -> None:
        self.refuse_rewrite(kwargs)
        super().save(*args, **kwargs)


class MemoCopy(models.Model):
    """What readers see of a memo's topics, taken at approval; never changed."""

    memo = models.ForeignKey(Memo, on_delete=models.CASCADE, related_name="copies")
    revision = models.ForeignKey(MemoRevision, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField()
    made_at = models.DateTimeField(default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Readers' copy of memo {self.memo_id}"
