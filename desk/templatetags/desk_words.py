"""The desk's records in the editors' words: audit lines, correction badges."""

from __future__ import annotations

from django import template
from django.utils import timezone

from desk.history import describe
from desk.states import Status

register = template.Library()


@register.filter
def audit_line(entry) -> str:
    return describe(entry)


@register.filter
def in_correction(excerpt) -> bool:
    """Readers see a published revision while a newer one is being corrected on the desk."""
    return (
        excerpt.published_revision_id is not None
        and excerpt.published_revision_id != excerpt.current_revision_id
        and excerpt.status != Status.WITHDRAWN
        and excerpt.visible_from is not None
        and excerpt.visible_from <= timezone.now()
    )
