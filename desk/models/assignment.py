"""Who is to review a subject of the desk, and by when: set by a colleague or claimed by the
reviewer. A subject is named as the audit log names it (desk.models.SubjectKind and an id);
desk.discussion assigns and reads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from desk.models.audit import SubjectKind


class Assignment(models.Model):
    subject_kind = models.CharField(
        max_length=20, choices=SubjectKind.choices, default=SubjectKind.EXCERPT
    )
    subject_id = models.PositiveBigIntegerField()
    # The excerpt again, for an assignment of one (the inbox and the excerpt's page read it so);
    # None for any other subject.
    excerpt = models.OneToOneField(
        "desk.Excerpt", null=True, blank=True, on_delete=models.CASCADE, related_name="assignment"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="desk_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField("due", null=True, blank=True)
    assigned_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subject_kind", "subject_id"], name="one_assignment_per_subject"
            ),
            # An assignment of an excerpt names it twice (the inbox reads the foreign key):
            # alike; of anything else it names no excerpt.
            models.CheckConstraint(
                condition=Q(subject_kind=SubjectKind.EXCERPT, excerpt=F("subject_id"))
                | (~Q(subject_kind=SubjectKind.EXCERPT) & Q(excerpt__isnull=True)),
                name="assignment_excerpt_is_its_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_kind.capitalize()} {self.subject_id} assigned to {self.assignee}"

    def save(self, *args, **kwargs) -> None:
        if self.subject_kind == SubjectKind.EXCERPT and self.subject_id is None:
            self.subject_id = self.excerpt_id
        super().save(*args, **kwargs)
