"""What the excerpt form's pickers can choose from, asked again while the form is open.

An editor who makes an actor or an event in another tab finds it in the form they left without
reloading it (which would lose the annotation typed so far): the picker asks here when it gains
focus and when its tab is shown again. The lists are the ones the form itself renders, so their
size is bounded the same way.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from desk.access import editor_required
from desk.models import Topic
from events.models import Actor, Event


def _actors() -> list[dict]:
    return [
        {
            "value": str(actor.pk),
            "label": str(actor),
            "also": ", ".join(alias.name for alias in actor.aliases.all()),
        }
        for actor in Actor.objects.with_aliases()
    ]


def _events() -> list[dict]:
    return [{"value": str(event.pk), "label": str(event)} for event in Event.objects.all()]


def _topics() -> list[dict]:
    return [{"value": name, "label": name} for name in Topic.objects.values_list("name", flat=True)]


CHOICES = {"actors": _actors, "events": _events, "topics": _topics}


@editor_required
@require_GET
def picker_choices(request: HttpRequest, kind: str) -> JsonResponse:
    if kind not in CHOICES:
        raise Http404
    response = JsonResponse({"items": CHOICES[kind]()})
    response["Cache-Control"] = "private, no-store"
    return response
