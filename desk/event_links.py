"""The desk's side of the events app's hooks: excerpts on event pages, timeline scopes, and
turning a suggested date into an excerpt of its sentence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from desk.models import Briefing, Excerpt
from desk.roles import is_editor
from events.hooks import EventPageLayer, ScopeChoice
from sources.models import without_search_keys


@dataclass(frozen=True, kw_only=True)
class ExcerptsOnEvent(EventPageLayer):
    """The excerpts that speak of an event, grouped by their source."""

    by_source: dict = field(default_factory=dict)
    count: int = 0


def event_excerpts_layer(request, event) -> ExcerptsOnEvent:
    """For EVENT_PAGE_LAYERS: the excerpts that speak of the event, by source.

    Several sources on one event is corroboration made visible.
    """
    excerpts = (
        Excerpt.objects.filter(current_revision__events=event)
        .select_related("source", "current_revision")
        .defer(*without_search_keys("source"))
        .order_by("source__title", "current_revision__start")
    )
    by_source: dict = defaultdict(list)
    for excerpt in excerpts:
        by_source[excerpt.source].append(excerpt)
    return ExcerptsOnEvent(
        template="desk/event_layer.html", by_source=dict(by_source), count=len(excerpts)
    )


def timeline_scope(name: str, value) -> Q:
    """For EVENT_TIMELINE_SCOPES: events that excerpts of this source or briefing speak of."""
    if name == "source":
        return Q(excerpt_revisions__source_version__source=value)
    if name == "briefing":
        return Q(excerpt_revisions__briefing__slug=value)
    return Q()


def timeline_scope_choices(name: str) -> list[ScopeChoice] | None:
    """For EVENT_TIMELINE_SCOPE_CHOICES: the briefings to choose from."""
    if name == "briefing":
        return [ScopeChoice(*row) for row in Briefing.objects.values_list("slug", "title")]
    return None


def excerpt_for_suggestion(request, event, suggestion) -> str | None:
    """For EVENT_FROM_SUGGESTION_REDIRECT: on to an excerpt of the sentence, linked to the event."""
    if not is_editor(request.user):
        return None
    query = {
        "version": suggestion.source_version.number,
        "start": suggestion.sentence_start,
        "end": suggestion.sentence_end,
        "event": event.pk,
    }
    url = reverse("desk:excerpt_from_selection", args=[suggestion.source_version.source_id])
    return f"{url}?{urlencode(query)}"
