"""Admin pages for events, actors and date suggestions: search over every spelling."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin
from django.db.models import Count, Q

from events.models import Actor, ActorAlias, DateSuggestion, Event, EventActor, fold_name
from events.signals import announce_change, details_of


class TellsOfChanges(admin.ModelAdmin):
    """An admin's change of what readers may be shown is told like an editor's
    (events.signals.record_changed), once the inlines (an actor's aliases) are saved too."""

    def save_model(self, request, obj, form, change):
        if change:
            obj._details_before = details_of(type(obj).objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = form.instance.__dict__.pop("_details_before", None)
        if before is not None:
            announce_change(form.instance, before, request.user)

    def delete_model(self, request, obj):
        announce_change(obj, details_of(obj), request.user, after={"deleted": True})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            announce_change(obj, details_of(obj), request.user, after={"deleted": True})
        super().delete_queryset(request, queryset)


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    fields = ["name"]
    extra = 1


@admin.register(Actor)
class ActorAdmin(TellsOfChanges):
    list_display = ["name", "kind", "alias_list", "event_count"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ActorAliasInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("aliases")
            .annotate(event_count=Count("events", distinct=True))
        )

    def get_search_results(self, request, queryset, search_term):
        # Accents and case do not count: "Ruginiene" finds Ruginienė.
        results, duplicates = super().get_search_results(request, queryset, search_term)
        folded = fold_name(search_term)
        if folded:
            spelled = Q(folded_name__contains=folded) | Q(aliases__folded_name__contains=folded)
            results = results | queryset.filter(spelled)
            duplicates = True
        return results, duplicates

    @admin.display(description="aliases")
    def alias_list(self, actor: Actor) -> str:
        return ", ".join(alias.name for alias in actor.aliases.all())

    @admin.display(description="events", ordering="event_count")
    def event_count(self, actor: Actor) -> int:
        return actor.event_count


class EventActorInline(admin.TabularInline):
    model = EventActor
    autocomplete_fields = ["actor"]
    extra = 1


class PeriodFilter(admin.SimpleListFilter):
    """Events that may have happened in a decade, or in one of the last few years."""

    title = "date range"
    parameter_name = "period"

    def lookups(self, request, model_admin):
        this_year = dt.date.today().year
        years = [(str(year), str(year)) for year in range(this_year, this_year - 3, -1)]
        decades = [(f"{d}s", f"{d}s") for d in range(this_year // 10 * 10, 1940, -10)]
        return [*years, *decades, ("open", "open-ended")]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value == "open":
            return queryset.filter(Q(date_start__isnull=True) | Q(date_end__isnull=True))
        if value.endswith("s"):
            first = int(value[:-1])
            return queryset.in_range(dt.date(first, 1, 1), dt.date(first + 9, 12, 31))
        year = int(value)
        return queryset.in_range(dt.date(year, 1, 1), dt.date(year, 12, 31))


@admin.register(Event)
class EventAdmin(TellsOfChanges):
    list_display = ["title", "date_as_written", "date", "date_precision", "place"]
    list_filter = ["date_precision", PeriodFilter, "participants__actor"]
    search_fields = [
        "title",
        "description",
        "place",
        "participants__actor__name",
        "participants__actor__aliases__name",
    ]
    inlines = [EventActorInline]
    readonly_fields = ["date_start", "date_end", "date_precision", "created_by", "created_at"]

    @admin.display(description="date", ordering="date_start")
    def date_as_written(self, event: Event) -> str:
        return str(event.event_date)

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(DateSuggestion)
class DateSuggestionAdmin(admin.ModelAdmin):
    list_display = ["phrase", "date", "year_inferred", "status", "source_version", "event"]
    list_filter = ["status", "year_inferred"]
    search_fields = ["phrase", "date", "source_version__source__title"]
    raw_id_fields = ["source_version", "event", "decided_by"]
    list_select_related = ["source_version__source", "event"]
