"""A source's publication date in the interface language, from the ISO date records keep."""

from __future__ import annotations

from django import template

from sources.dates import PartialDate

register = template.Library()


@register.filter
def published_in_words(published: str, kept: str = "") -> str:
    """2025-03 as "March 2025" (Polish "marzec 2025"); the English words a readers' copy kept
    stand in should the date ever not read."""
    try:
        return PartialDate.parse(published).in_words()
    except (AttributeError, TypeError, ValueError):
        return kept or published
