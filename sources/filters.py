"""Finding sources in the library: by outlet, author, date, what is known of them, and words."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import gettext_lazy as _

from sources.dates import PartialDate, Precision
from sources.models import Source

METADATA_FIELDS = [
    ("title", _("a title")),
    ("author", _("an author")),
    ("outlet", _("an outlet")),
    ("published", _("a publication date")),
    ("url", _("a URL")),
]
SORTS = [
    ("-published", _("Newest first")),
    ("published", _("Oldest first")),
    ("title", _("Title")),
    ("-added", _("Recently added")),
]
DEFAULT_SORT = "-published"


def outlet_choices() -> list[tuple[str, str]]:
    outlets = Source.objects.exclude(outlet="").order_by("outlet").values_list("outlet", flat=True)
    return [(outlet, outlet) for outlet in outlets.distinct()]


class PartialDateField(forms.CharField):
    """A date to the year, month or day: 2025, 2025-11 or 2025-11-17."""

    def to_python(self, value) -> PartialDate | None:
        value = super().to_python(value).strip()
        if not value:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as error:
            # The reason may quote what was typed, "%" and all: a parameter, never the format.
            raise forms.ValidationError(
                "%(reason)s", params={"reason": str(error)}, code="invalid"
            ) from None


class PartialDateFilter(django_filters.Filter):
    field_class = PartialDateField


def _could_be_on_or_after(day: dt.date) -> Q:
    """Sources whose date, at its own precision, may fall on `day` or later."""
    return (
        Q(published_precision=Precision.DAY, published_on__gte=day)
        | Q(published_precision=Precision.MONTH, published_on__gte=day.replace(day=1))
        | Q(published_precision=Precision.YEAR, published_on__gte=day.replace(month=1, day=1))
    )


class SourceFilter(django_filters.FilterSet):
    # Bounded: each word is one more condition on every source's text.
    q = django_filters.CharFilter(method="filter_words", label=_("Search"), max_length=200)
    outlet = django_filters.ChoiceFilter(choices=outlet_choices, empty_label=_("Any outlet"))
    # Any spelling or script (sources.search) of the names a source carries, its author among them.
    author = django_filters.CharFilter(method="filter_author", label=_("Author"), max_length=200)
    published_from = PartialDateFilter(
        method="filter_from",
        label=_("Published from"),
        help_text=_("e.g. 2025 or 2025-11"),
        widget=forms.TextInput(attrs={"aria-describedby": "id_published_from_helptext"}),
    )
    published_to = PartialDateFilter(
        method="filter_to",
        label=_("Published until"),
        help_text=_("e.g. 2025 or 2025-11"),
        widget=forms.TextInput(attrs={"aria-describedby": "id_published_to_helptext"}),
    )
    has = django_filters.ChoiceFilter(
        choices=METADATA_FIELDS, method="filter_has", label=_("Has"), empty_label=_("Anything")
    )
    lacks = django_filters.ChoiceFilter(
        choices=METADATA_FIELDS, method="filter_lacks", label=_("Lacks"), empty_label=_("Nothing")
    )
    sort = django_filters.ChoiceFilter(
        choices=SORTS, method="filter_sort", label=_("Sort"), empty_label=None
    )

    class Meta:
        model = Source
        fields: list[str] = []

    def filter_words(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)

    def filter_author(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value, names_only=True)

    def filter_from(self, queryset: QuerySet, name: str, value: PartialDate) -> QuerySet:
        # A date known only to the month or year is kept if it could fall within the range.
        return queryset.filter(_could_be_on_or_after(value.earliest))

    def filter_to(self, queryset: QuerySet, name: str, value: PartialDate) -> QuerySet:
        return queryset.filter(published_on__lte=value.latest)

    def filter_has(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.exclude(**{value: ""})

    def filter_lacks(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{value: ""})

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return sort_sources(queryset, value)


def sort_sources(queryset: QuerySet, sort: str) -> QuerySet:
    """Sources in the order asked for; unknown dates last whichever way dates are sorted."""
    title = Lower(Coalesce(NullIf("title", Value("")), "working_title"))
    orders = {
        "-published": [F("published_on").desc(nulls_last=True), title, "pk"],
        "published": [F("published_on").asc(nulls_last=True), title, "pk"],
        "title": [title, "pk"],
        "-added": ["-added_at", "-pk"],
    }
    return queryset.order_by(*orders.get(sort, orders[DEFAULT_SORT]))
