"""The desk's records in the editors' words: audit lines, correction badges."""

from __future__ import annotations

from django import template

from desk.history import describe

register = template.Library()


@register.filter
def audit_line(entry) -> str:
    return describe(entry)


@register.filter
def in_correction(excerpt) -> bool:
    """Readers see a published revision while a newer one is being corrected on the desk."""
    return excerpt.in_correction
