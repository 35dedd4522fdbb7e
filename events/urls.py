from django.urls import path

from events.views import actors, events, suggestions, timeline

app_name = "events"
urlpatterns = [
    path("", events.event_list, name="list"),
    path("new/", events.event_create, name="create"),
    path("<int:pk>/", events.event_detail, name="detail"),
    path("<int:pk>/edit/", events.event_edit, name="edit"),
    path("dates/understand/", events.understand_date, name="understand_date"),
    path("timeline/", timeline.desk_timeline, name="timeline"),
    path("actors/", actors.actor_list, name="actors"),
    path("actors/new/", actors.actor_create, name="actor_create"),
    path("actors/<slug:slug>/", actors.actor_detail, name="actor"),
    path("actors/<slug:slug>/edit/", actors.actor_edit, name="actor_edit"),
    path("actors/<slug:slug>/merge/", actors.actor_merge, name="actor_merge"),
    path("suggestions/", suggestions.suggestion_index, name="suggestions"),
    path(
        "suggestions/sources/<int:source_id>/",
        suggestions.source_suggestions,
        name="source_suggestions",
    ),
    path(
        "suggestions/<int:pk>/dismiss/", suggestions.dismiss_suggestion, name="dismiss_suggestion"
    ),
    path(
        "suggestions/<int:pk>/restore/", suggestions.restore_suggestion, name="restore_suggestion"
    ),
]
