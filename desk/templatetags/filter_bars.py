"""{% if request.GET|filters_in_use:form %}: whether a person chose any of a filter bar's filters.

A bar folded on a phone opens when one is in use (or refused), so the person sees why the list
is short; a list's default view (the review queue opening on what waits) is not a choice.
"""

from __future__ import annotations

from django import forms, template
from django.http import QueryDict

register = template.Library()


@register.filter
def filters_in_use(query: QueryDict, form: forms.Form) -> bool:
    if form.errors:
        return True
    return any(value.strip() for name in form.fields for value in query.getlist(name))
