"""FilterSets for lists the desk's pages do not have: all published items, the audit trail, actors.

Excerpts, published items, sources and events use the FilterSets of their HTML lists
(desk.filters, desk.public.filters, sources.filters, events.filters). These belong in those
modules too once a page lists the same things, so that the page and the API keep filtering alike.
"""

from __future__ import annotations

import copy

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from desk.filters import ExcerptFilter
from desk.models import AuditEntry, Briefing
from events.filters import EventFilter
from events.models import Actor, ActorKind


class WholeNumberFilter(django_filters.Filter):
    field_class = forms.IntegerField


class AuditFilter(django_filters.FilterSet):
    # A whole number, as the schema says (NumberFilter would take 1.5 and 3e301).
    excerpt = extend_schema_field({"type": "integer", "minimum": -(2**53), "maximum": 2**53})(
        WholeNumberFilter(field_name="excerpt_id", min_value=-(2**53), max_value=2**53)
    )
    kind = django_filters.ChoiceFilter(choices=AuditEntry.Kind.choices)
    actor = django_filters.CharFilter(
        field_name="actor__username", max_length=150, help_text="A username."
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []


class ActorFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        method="filter_name",
        max_length=200,
        help_text="Any spelling, or the start of a word of a name.",
    )
    kind = django_filters.ChoiceFilter(choices=ActorKind.choices)

    class Meta:
        model = Actor
        fields: list[str] = []

    def filter_name(self, queryset, name, value):
        return queryset.filter(pk__in=Actor.objects.search(value).values("pk"))


class EventApiFilter(EventFilter):
    """The event list's FilterSet, its source filter's type told to the schema.

    That filter works through a hook (settings.EVENT_TIMELINE_SCOPES), so the schema cannot see
    from the Event model that its value is a source's id.
    """

    source = extend_schema_field(OpenApiTypes.INT)(
        copy.deepcopy(EventFilter.declared_filters["source"])
    )


class ExcerptApiFilter(ExcerptFilter):
    """The review queue's FilterSet with the API's one name for a briefing: its slug.

    The desk's pages pick a briefing from a menu (by id); everywhere in the API, from the paths
    of /api/briefings/ to an excerpt's own `briefing` and the exports, a briefing is its slug.
    """

    briefing = django_filters.ModelChoiceFilter(
        field_name="current_revision__briefing",
        queryset=Briefing.objects.all(),
        to_field_name="slug",
        help_text="A briefing's slug.",
    )
