"""FilterSets for excerpts, shared by the desk's lists and the API."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q

from desk.models import Briefing, Excerpt, StatementKind, Topic
from desk.states import Status
from events.models import Actor
from sources.models import Source


def _users(request=None):
    return (
        get_user_model()
        .objects.filter(excerpts_created__isnull=False)
        .distinct()
        .order_by("username")
    )


class ExcerptFilter(django_filters.FilterSet):
    """The desk's view of excerpts: what they say now (their working revision)."""

    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    briefing = django_filters.ModelChoiceFilter(
        field_name="current_revision__briefing",
        queryset=Briefing.objects.all(),
        empty_label="Any briefing",
    )
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.order_by("title", "pk"), empty_label="Any source"
    )
    topic = django_filters.ModelChoiceFilter(
        field_name="current_revision__topics",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label="Any topic",
    )
    actor = django_filters.CharFilter(
        method="filter_actor", label="Actor", help_text="Any spelling: canonical name or alias."
    )
    kind = django_filters.ChoiceFilter(
        field_name="current_revision__kind", choices=StatementKind.choices, empty_label="Any kind"
    )
    editor = django_filters.ModelChoiceFilter(
        field_name="created_by", queryset=_users, label="Made by", empty_label="Anyone"
    )
    updated = django_filters.DateFromToRangeFilter(
        field_name="updated_at",
        label="Last changed between",
        widget=django_filters.widgets.RangeWidget(attrs={"type": "date"}),
    )
    q = django_filters.CharFilter(method="filter_text", label="Words")
    ordering = django_filters.OrderingFilter(
        fields=(("updated_at", "updated"), ("created_at", "created"), ("status", "status")),
        field_labels={"updated_at": "Last changed", "created_at": "Created", "status": "Status"},
        empty_label="Newest change first",
    )

    class Meta:
        model = Excerpt
        fields: list[str] = []

    def filter_actor(self, queryset, name, value):
        if not value.strip():
            return queryset
        actors = Actor.objects.matching(value)
        return queryset.filter(current_revision__actors__in=actors).distinct()

    def filter_text(self, queryset, name, value):
        words = value.split()
        for word in words[:10]:
            queryset = queryset.filter(
                Q(current_revision__quote__icontains=word)
                | Q(current_revision__annotation__icontains=word)
            )
        return queryset

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by("-updated_at", "-pk")
        return queryset
