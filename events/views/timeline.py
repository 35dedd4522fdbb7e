"""The desk's timeline: every event, filtered by actor, source, briefing and dates."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from events.access import staff_only
from events.filters import EventFilter
from events.models import Event
from events.timeline import build_timeline

# A drawing of more than this many rows helps nobody; the filters narrow it down.
TIMELINE_LIMIT = 300


@staff_only
@require_GET
def desk_timeline(request: HttpRequest) -> HttpResponse:
    events = EventFilter(request.GET, queryset=Event.objects.ordered())
    shown = list(events.qs[: TIMELINE_LIMIT + 1])
    return render(
        request,
        "events/timeline.html",
        {
            "filter": events,
            "timeline": build_timeline(shown[:TIMELINE_LIMIT]),
            "cut": len(shown) > TIMELINE_LIMIT,
            "limit": TIMELINE_LIMIT,
        },
    )
