"""{{ a_timedelta|in_words }}: "15 minutes", "2 hours", "1 day" — how people say a wait."""

from __future__ import annotations

from datetime import timedelta

from django import template

register = template.Library()

_UNITS = (("day", 86400), ("hour", 3600), ("minute", 60))


@register.filter
def in_words(duration: timedelta | None) -> str:
    if not isinstance(duration, timedelta):
        return ""
    seconds = max(int(duration.total_seconds()), 60)
    parts = []
    for name, size in _UNITS:
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {name}{'' if count == 1 else 's'}")
    return " ".join(parts[:2])
