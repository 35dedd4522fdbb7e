"""Dates of the library in the interface language: a publication date from the ISO date records
keep, and the moments versions were imported or checked."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.dateformat import format as time_format
from django.utils.formats import date_format

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


@register.filter
def date_and_time(value: dt.datetime | None) -> str:
    """'25 Nov 2026 16:30' in English, '25 listopada 2026 16:30' in Polish: the interface
    language's own date format, then the time on the 24-hour clock."""
    if not isinstance(value, dt.datetime):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{date_format(local, 'DATE_FORMAT')} {time_format(local, 'H:i')}"
