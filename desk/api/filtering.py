"""The API's filter backend: a filter naming something that does not exist finds nothing, and
one the schema forbids is refused.

django-filter refuses an unknown choice of a model (a topic slug, a source id) with a 400, as if
the request were malformed. It is well formed, and what it asks has a true answer: no items. A
value of the wrong kind (a word where an id is expected) is still refused, with the filter named.
"""

from __future__ import annotations

import re

import django_filters
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


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


# Filters that take a value repeated (?topic=a&topic=b); any other is given once.
MANY_VALUED = (
    django_filters.MultipleChoiceFilter,
    django_filters.ModelMultipleChoiceFilter,
    django_filters.BaseInFilter,
)
# What every list takes besides its filters: pages, a cursor, a format.
PAGE_PARAMETERS = {"page", "page_size", "cursor", "format"}
# How a query string may say yes or no, as the schema's booleans are sent.
BOOLEAN_WORDS = {"true", "false", "1", "0"}


def _malformed(filterset, query) -> dict[str, list[str]]:
    """What the schema forbids and django-filter would pass over as "no filter": a word where
    yes or no belongs, an empty term in an ordering, a value longer than the filter takes.
    An empty value stays "no filter" (the schema says allowEmptyValue)."""
    errors: dict[str, list[str]] = {}
    for name, filter_ in filterset.filters.items():
        values = [value for value in query.getlist(name) if value != ""]
        if not values:
            continue
        if len(values) > 1 and not isinstance(filter_, MANY_VALUED):
            errors[name] = ["Give this filter once."]
            continue
        if isinstance(filter_, django_filters.BooleanFilter):
            if any(value.lower() not in BOOLEAN_WORDS for value in values):
                errors[name] = ["Give true or false."]
        elif isinstance(filter_, django_filters.OrderingFilter) and any(
            "" in (term.strip() for term in value.split(",")) for value in values
        ):
            errors[name] = ["Name each field to order by once, separated by commas."]
        # A filter a FilterSet remakes per request (a menu of briefings) keeps its declared limit.
        declared = filterset.base_filters.get(name)
        longest = filter_.extra.get("max_length") or (
            declared.extra.get("max_length") if declared is not None else None
        )
        if longest and any(len(value) > longest for value in values):
            errors[name] = [f"At most {longest} characters."]
    return errors


def _parameters(filterset) -> set[str]:
    """The query parameters a FilterSet reads: a range reads two (published_after/_before)."""
    names = set()
    for name, field in filterset.form.fields.items():
        suffixes = getattr(field.widget, "suffixes", None)
        names |= {f"{name}_{suffix}" for suffix in suffixes} if suffixes else {name}
    return names


class ApiFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        malformed = _malformed(filterset, request.query_params)
        if request.method in ("GET", "HEAD"):
            known = _parameters(filterset) | PAGE_PARAMETERS
            for name in sorted(set(request.query_params) - known):
                # A misspelt filter (?topc=) would otherwise answer everything, unfiltered.
                malformed[name] = ["This list has no such filter."]
        if malformed:
            raise ValidationError(malformed)
        if not filterset.is_valid():
            if _only_unknown_choices(filterset):
                return queryset.none()
            raise utils.translate_validation(filterset.errors)
        return filterset.qs
