"""The readers' copy: what readers see of an item, written once when a reviewer approves it.

A revision's quote and annotation never change, but the records it links to do: a source's
title, an actor's name, an event's date, a topic's name. Readers see the copy taken at approval,
so editing a shared record never changes a live item by itself; a reviewer carries such a change
into the live items as a correction with a note, which takes a new copy.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from desk.readers_view import Links


class ReadersCopy(models.Model):
    """One copy of an item as readers see it; never changed once written."""

    excerpt = models.ForeignKey(
        "desk.Excerpt", on_delete=models.CASCADE, related_name="readers_copies"
    )
    revision = models.ForeignKey("desk.ExcerptRevision", on_delete=models.PROTECT, related_name="+")
    # The citation, topics, actors and events as they read when the copy was taken; read only
    # through `links` (desk.readers_view.Links.parse knows every shape ever stored).
    data = models.JSONField()
    # Empty for the copy taken at approval; the public note of a carried correction otherwise.
    correction_note = models.TextField(blank=True)
    # Set when a reviewer declined to carry changed records into the item: the links as the desk
    # had them then (readers keep `data`). The change no longer waits until the records change
    # again; None for every other copy.
    declined = models.JSONField(null=True, blank=True, default=None)
    made_at = models.DateTimeField(default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # What readers' search reads (desk.search): the revision's quote and annotation with the
    # source's title as this copy has it, not as the desk has it now.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["made_at", "pk"]
        verbose_name_plural = "readers' copies"

    def __str__(self) -> str:
        return f"Readers' copy of excerpt {self.excerpt_id}, revision {self.revision_id}"

    @cached_property
    def links(self) -> Links:
        """What this copy shows readers, typed."""
        return Links.parse(self.data)

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError("A readers' copy is never changed; take a new one.")
        self.search_text = self.search_text_of(self.revision, self.data)
        super().save(*args, **kwargs)

    @staticmethod
    def search_text_of(revision, data: dict) -> str:
        from desk.search import search_text_for

        return search_text_for(
            quote=revision.quote,
            annotation=revision.annotation,
            source_title=" ".join(c.display_title for c in Links.parse(data).citations),
        )

    def delete(self, *args, **kwargs):
        raise ValidationError("A readers' copy is never deleted.")
