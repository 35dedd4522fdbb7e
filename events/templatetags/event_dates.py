"""Dates as pages show them, in the interface language, from what records keep (EDTF, ISO)."""

from __future__ import annotations

from django import template

from events.dates import EventDate

register = template.Library()


@register.filter
def edtf_in_words(edtf: str, kept: str = "") -> str:
    """An EDTF date in the interface language ("marzec 2025"); a readers' copy keeps the EDTF
    beside its English words, which stand in should the EDTF ever not read."""
    try:
        return EventDate.from_edtf(edtf).in_words()
    except (TypeError, ValueError):
        return kept or edtf
