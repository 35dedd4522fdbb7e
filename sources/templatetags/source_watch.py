"""Watching in templates: `{% watch_of source as watch %}` and `{% if watch|watched_by:user %}`."""

from __future__ import annotations

from django import template

from sources.models import Watch

register = template.Library()


@register.simple_tag
def watch_of(source) -> Watch | None:
    return Watch.objects.filter(source=source).first()


@register.filter
def watched_by(watch: Watch | None, user) -> bool:
    return watch is not None and watch.watchers.filter(pk=user.pk).exists()
