"""Comments between editors and reviewers on an excerpt, and the people they mention."""

from django.conf import settings
from django.db import models


class Comment(models.Model):
    excerpt = models.ForeignKey("desk.Excerpt", on_delete=models.CASCADE, related_name="comments")
    revision = models.ForeignKey(
        "desk.ExcerptRevision", null=True, on_delete=models.SET_NULL, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on excerpt {self.excerpt_id}"


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
