from django.contrib import admin

from events.models import Actor, ActorAlias, Event, EventActor


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    fields = ["name"]
    extra = 1


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ActorAliasInline]


class EventActorInline(admin.TabularInline):
    model = EventActor
    autocomplete_fields = ["actor"]
    extra = 1


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "place"]
    list_filter = ["participants__actor"]
    search_fields = ["title", "description", "place", "participants__actor__name"]
    inlines = [EventActorInline]
