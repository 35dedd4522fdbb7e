"""Comments between editors and reviewers on an excerpt."""

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
