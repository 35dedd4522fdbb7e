"""The API's filter backend: a filter naming something that does not exist finds nothing.

django-filter refuses an unknown choice of a model (a topic slug, a source id) with a 400, as if
the request were malformed. It is well formed, and what it asks has a true answer: no items. A
value of the wrong kind (a word where an id is expected) is still refused, with the filter named.
"""

from __future__ import annotations

import re

import django_filters
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend


def _well_formed(filter_, value) -> bool:
    if getattr(filter_, "extra", {}).get("to_field_name"):
        return True
    values = value if isinstance(value, list) else [value]
    return all(re.fullmatch(r"-?[0-9]+", str(v)) for v in values)


def _only_unknown_choices(filterset) -> bool:
    for name, errors in filterset.form.errors.as_data().items():
        filter_ = filterset.filters.get(name)
        model_choice = isinstance(
            filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter
        )
        # Choices a FilterSet makes per request (a hook's briefings) are names of things too;
        # fixed choices (a kind, a status) are in the schema, and anything else is refused.
        base = filterset.base_filters.get(name)
        made_per_request = isinstance(filter_, django_filters.ChoiceFilter) and (
            not isinstance(base, django_filters.ChoiceFilter) or callable(base.extra.get("choices"))
        )
        if not (model_choice or made_per_request):
            return False
        if any(error.code != "invalid_choice" for error in errors):
            return False
        if made_per_request and not getattr(base, "takes_ids", False):
            continue
        value = filterset.form.data.getlist(name) if hasattr(filterset.form.data, "getlist") else []
        if isinstance(filter_, django_filters.ModelChoiceFilter) or made_per_request:
            value = value[-1] if value else ""
        if not _well_formed(filter_, value):
            return False
    return True


class ApiFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            if _only_unknown_choices(filterset):
                return queryset.none()
            raise utils.translate_validation(filterset.errors)
        return filterset.qs
