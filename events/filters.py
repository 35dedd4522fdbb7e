"""The one FilterSet of events, shared by the desk's event list and its timeline.

Source and briefing are the desk's business (its excerpts link events to both), and this app may
not import the desk: those two filters narrow through a hook (events/hooks.py), and are
offered only when it is set.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from events.dates import EventDate
from events.forms import EventDateField
from events.hooks import timeline_scope, timeline_scope_choices
from events.models import Actor, Event, EventQuerySet
from sources.models import Source


class EventDateFilter(django_filters.Filter):
    field_class = EventDateField


class EventFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        label=_("Actor"),
        method="filter_actor",
        max_length=200,
        help_text=_("Any spelling: Lukashenko finds Lukashenka."),
    )
    source = django_filters.ModelChoiceFilter(
        label=_("Source"),
        queryset=Source.objects.order_by("title", "pk"),
        method="filter_scope",
        empty_label=_("Any source"),
    )
    briefing = django_filters.CharFilter(label=_("Briefing"), method="filter_scope", max_length=200)
    date_from = EventDateFilter(
        label=_("From"), method="filter_from", help_text=_("e.g. 2020, or September 2025.")
    )
    date_to = EventDateFilter(label=_("To"), method="filter_to", help_text=_("e.g. 2025."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = timeline_scope()
        if self.scope is None:
            del self.filters["source"], self.filters["briefing"]
        elif (choices := timeline_scope_choices("briefing")) is not None:
            self.filters["briefing"] = django_filters.ChoiceFilter(
                field_name="briefing",
                label=_("Briefing"),
                choices=choices,
                method="filter_scope",
                empty_label=_("Any briefing"),
            )
            self.filters["briefing"].parent = self
            self.filters["briefing"].model = self._meta.model

    class Meta:
        model = Event
        fields: list[str] = []

    def filter_actor(self, queryset: EventQuerySet, name: str, value: str) -> EventQuerySet:
        return queryset.involving(Actor.objects.search(value))

    def filter_scope(self, queryset: EventQuerySet, name: str, value) -> EventQuerySet:
        return queryset.filter(self.scope(name, value)).distinct()

    def filter_from(self, queryset: EventQuerySet, name: str, value: EventDate) -> EventQuerySet:
        return queryset.in_range(value.bounds()[0], None)

    def filter_to(self, queryset: EventQuerySet, name: str, value: EventDate) -> EventQuerySet:
        return queryset.in_range(None, value.bounds()[1])
