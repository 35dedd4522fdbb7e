"""Pages in templates: `{{ revision|quoted_pages }}` gives "p. 4" or "pp. 4–5" for a quote in a
paged source (a PDF, a scan) and "" otherwise; `{% pages_of version start end %}` the same for
offsets not yet saved as a revision."""

from __future__ import annotations

from django import template

from sources import pages

register = template.Library()


@register.filter
def quoted_pages(revision) -> str:
    return pages.quoted_pages(revision)


@register.simple_tag
def pages_of(version, start, end) -> str:
    found = pages.pages_for(version, start, end)
    return str(found) if found else ""
