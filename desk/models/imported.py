"""Annotations imported from other tools, so the same one sent again makes no second draft."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedAnnotation(models.Model):
    """The draft made from one target of an annotation another tool named by its id.

    An annotation with several targets makes a draft for each; its id with the target's place
    names each one. The database holds it: an id and target make one draft, even when two
    imports of the same file race.
    """

    annotation = models.CharField(max_length=2000)
    target = models.PositiveSmallIntegerField(default=0)
    excerpt = models.ForeignKey("desk.Excerpt", on_delete=models.PROTECT, related_name="+")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["annotation", "target"], name="one_draft_per_imported_target"
            )
        ]
        verbose_name = _("imported annotation")

    def __str__(self) -> str:
        return f"{self.annotation} #{self.target} → excerpt {self.excerpt_id}"
