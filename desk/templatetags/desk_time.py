"""Times as the desk shows them: in the person's own zone, always naming the zone."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats, timezone
from django.utils.dateformat import format as date_format
from django.utils.timesince import timeuntil
from django.utils.translation import gettext

register = template.Library()


def _day_and_time(local: dt.datetime) -> str:
    # The interface language's date ("25 Nov 2026", Polish "25 listopada 2026"), then the time.
    return f"{formats.date_format(local, 'DATE_FORMAT')} {date_format(local, 'H:i T')}"


@register.filter
def moment(value: dt.datetime | None) -> str:
    """'25 Nov 2026 16:30 CET': a time on the desk, in the viewer's zone, with the zone."""
    if not isinstance(value, dt.datetime):
        return ""
    return _day_and_time(timezone.localtime(value))


@register.filter
def publishes(value: dt.datetime | None) -> str:
    """'Publishes 16:30 CET (in 3 minutes)', with the date when it is not today."""
    if not isinstance(value, dt.datetime):
        return ""
    now = timezone.now()
    local = timezone.localtime(value)
    same_day = local.date() == timezone.localtime(now).date()
    shown = date_format(local, "H:i T") if same_day else _day_and_time(local)
    if value <= now:
        return gettext("Due since %(time)s") % {"time": shown}
    return gettext("Publishes %(time)s (in %(wait)s)") % {
        "time": shown,
        "wait": timeuntil(value, now, depth=2),
    }


@register.filter
def audit_note(note: str) -> str:
    """A note as people read it: a stored ISO time (a schedule) becomes a time in their zone."""
    try:
        when = dt.datetime.fromisoformat(note.strip())
    except (AttributeError, ValueError):
        return note
    if timezone.is_naive(when):
        return note
    return gettext("To publish at %(time)s") % {"time": moment(when)}
