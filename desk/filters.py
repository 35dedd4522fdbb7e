"""The desk's FilterSet for excerpts, shared by its lists and the API.

Readers filter published items with desk.public.filters instead.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from desk.desk_state import kept
from desk.models import Briefing, Excerpt, StatementKind, Topic
from desk.publishing.states import Status
from desk.search import QUERY_MAX_CHARS, search
from events.models import Actor
from sources.models import Source


class DateRange(django_filters.widgets.DateRangeWidget):
    """Two date boxes, each named for screen readers ("… from", "… until")."""

    # Django's own template for the pair: django-filter's puts a bare "-" between the boxes,
    # which, when they wrap onto two lines on a phone, is left standing alone at a line's end.
    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self, label):
        super().__init__(attrs={"type": "date"})
        self.label = label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for widget, word in zip(
            context["widget"]["subwidgets"], (gettext("from"), gettext("until")), strict=False
        ):
            widget["attrs"]["aria-label"] = f"{self.label} {word}"
        return context


def _users(request=None):
    # EXISTS, not a join made DISTINCT: the few people on the desk each look up one excerpt they
    # made by index, where the join would read every excerpt in the library.
    made = Excerpt.objects.filter(created_by=OuterRef("pk"))
    return get_user_model().objects.filter(Exists(made)).order_by("username")


class ExcerptFilter(django_filters.FilterSet):
    """The desk's view of excerpts: what they say now (their working revision)."""

    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label=_("Any status"))
    briefing = django_filters.ModelChoiceFilter(
        field_name="current_revision__briefing",
        label=_("Briefing"),
        queryset=Briefing.objects.all(),
        empty_label=_("Any briefing"),
    )
    # A library of thousands of sources is no drop-down: the desk filters by words of a source's
    # title or outlet, and links (the reader, the API) pass a source's id.
    source = django_filters.NumberFilter(
        field_name="source",
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**53,
        decimal_places=0,
    )
    source_name = django_filters.CharFilter(
        method="filter_source_name",
        label=_("Source"),
        max_length=200,
        help_text=_("Words of its title or outlet."),
    )
    topic = django_filters.ModelChoiceFilter(
        field_name="current_revision__topics",
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label=_("Any topic"),
    )
    actor = django_filters.CharFilter(
        method="filter_actor",
        label=_("Actor"),
        help_text=_("Any spelling: canonical name or alias."),
        max_length=200,
    )
    kind = django_filters.ChoiceFilter(
        field_name="current_revision__kind",
        label=_("Kind of statement"),
        choices=StatementKind.choices,
        empty_label=_("Any kind"),
    )
    editor = django_filters.ModelChoiceFilter(
        field_name="created_by", queryset=_users, label=_("Made by"), empty_label=_("Anyone")
    )
    updated = django_filters.DateFromToRangeFilter(
        field_name="updated_at",
        label=_("Last changed between"),
        widget=DateRange(_("Last changed")),
    )
    q = django_filters.CharFilter(
        method="filter_text", label=_("Words"), max_length=QUERY_MAX_CHARS
    )
    ordering = django_filters.OrderingFilter(
        fields=(("updated_at", "updated"), ("created_at", "created"), ("status", "status")),
        field_labels={
            "updated_at": _("Last changed"),
            "created_at": _("Created"),
            "status": _("Status"),
        },
        empty_label=_("Newest change first"),
    )

    class Meta:
        model = Excerpt
        fields: list[str] = []

    def offer_kept_menus(self) -> None:
        """Draw the briefing, topic and author menus from choices kept under the desk's state
        (desk.desk_state): the review queue asks three queries fewer on every page, and a new
        topic or briefing moves the state, so it shows at once. A value chosen is still
        checked against the database, as the field itself does."""
        names = ("briefing", "topic", "editor")
        fields = self.form.fields

        def menus() -> dict[str, list[tuple[str, str]]]:
            return {
                name: [(str(value), label) for value, label in fields[name].choices if value != ""]
                for name in names
            }

        for name, choices in kept("review-menus", (), menus).items():
            fields[name].widget.choices = [("", fields[name].empty_label), *choices]

    def filter_source_name(self, queryset, name, value):
        # Any spelling or script of the words (sources.search), as everywhere else.
        sources = Source.objects.search(value, names_only=True, ranked=False)
        return queryset.filter(source__in=sources)

    def filter_actor(self, queryset, name, value):
        if not value.strip():
            return queryset
        actors = Actor.objects.matching(value)
        return queryset.filter(current_revision__actors__in=actors).distinct()

    def filter_text(self, queryset, name, value):
        # The one search (desk.search): spellings, scripts and an actor's other names.
        return search(queryset, value, field="current_revision__search_text")

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by("-updated_at", "-pk")
        return queryset
