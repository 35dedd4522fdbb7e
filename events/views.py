"""Staff pages for events and actors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from events.models import Actor, Event


def _require_staff(request: HttpRequest) -> None:
    if not request.user.has_perm("events.view_event"):
        raise PermissionDenied("Events and actors are for the desk's editors and reviewers.")


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    events = Event.objects.prefetch_related("participants__actor")
    return render(request, "events/list.html", {"events": events})


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    event = get_object_or_404(Event.objects.prefetch_related("participants__actor"), pk=pk)
    return render(request, "events/detail.html", {"event": event})


@login_required
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    _require_staff(request)
    actor = get_object_or_404(Actor.objects.prefetch_related("aliases"), slug=slug)
    events = Event.objects.filter(participants__actor=actor).distinct()
    return render(request, "events/actor.html", {"actor": actor, "events": events})
