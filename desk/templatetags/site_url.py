"""{{ path|absolute }}: the absolute URL of a path, from SITE_URL (never the request's Host)."""

from django import template

from desk.project import site_url

register = template.Library()


@register.filter
def absolute(path: str) -> str:
    return site_url.absolute(str(path))
