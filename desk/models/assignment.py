"""Who is to review an excerpt, and by when: set by a colleague or claimed by the reviewer."""

from django.conf import settings
from django.db import models


class Assignment(models.Model):
    excerpt = models.OneToOneField(
        "desk.Excerpt", on_delete=models.CASCADE, related_name="assignment"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="desk_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField("due", null=True, blank=True)
    assigned_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Excerpt {self.excerpt_id} assigned to {self.assignee}"
