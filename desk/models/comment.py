"""Comments between editors and reviewers on a subject of the desk, and the people they mention.

A subject is named as the audit log names it (desk.models.SubjectKind and an id): an excerpt, a
shared record, or the next kind of reviewed thing. desk.discussion writes and reads them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from desk.models.audit import SubjectKind


class CommentQuerySet(models.QuerySet):
    def about(self, subject_kind: str, subject_id: int) -> CommentQuerySet:
        """Every comment about this one subject, oldest first."""
        return self.filter(subject_kind=subject_kind, subject_id=subject_id)


class Comment(models.Model):
    subject_kind = models.CharField(
        max_length=20, choices=SubjectKind.choices, default=SubjectKind.EXCERPT
    )
    subject_id = models.PositiveBigIntegerField()
    # The excerpt again, as a foreign key, for a comment about one (its page, the inbox and the
    # API read it so); None for a comment about any other subject.
    excerpt = models.ForeignKey(
        "desk.Excerpt", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    revision = models.ForeignKey(
        "desk.ExcerptRevision", null=True, on_delete=models.SET_NULL, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["subject_kind", "subject_id", "created_at"], name="comment_subject_lookup"
            )
        ]
        constraints = [
            # A comment about an excerpt names it twice (its page reads the foreign key): alike;
            # about anything else it names no excerpt.
            models.CheckConstraint(
                condition=Q(subject_kind=SubjectKind.EXCERPT, excerpt=F("subject_id"))
                | (~Q(subject_kind=SubjectKind.EXCERPT) & Q(excerpt__isnull=True)),
                name="comment_excerpt_is_its_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.subject_kind} {self.subject_id}"

    def save(self, *args, **kwargs) -> None:
        # Written with only the excerpt (as older callers do): it is the subject.
        if self.subject_kind == SubjectKind.EXCERPT and self.subject_id is None:
            self.subject_id = self.excerpt_id
        super().save(*args, **kwargs)


class Mention(models.Model):
    """Someone named with @username in a comment: it waits in their inbox until they look."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_mentions"
    )
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "person"], name="mention_once_per_comment")
        ]
        indexes = [models.Index(fields=["person", "seen_at"], name="mention_unseen")]

    def __str__(self) -> str:
        return f"{self.person} mentioned in comment {self.comment_id}"
