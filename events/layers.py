"""What the events app adds to other apps' pages through their hooks."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse

from events.models import DateSuggestion, SuggestionStatus
from sources.hooks import ReaderLayer


@dataclass(frozen=True, kw_only=True)
class SuggestionsLayer(ReaderLayer):
    """A link from the reader to the events its dates suggest: how many found, how many wait."""

    url: str
    found: int
    waiting: int


def reader_suggestions_layer(request, source, version) -> SuggestionsLayer:
    """For SOURCE_READER_LAYERS: a link from the reader to the events its dates suggest."""
    counts = DateSuggestion.objects.filter(source_version=version).aggregate(
        found=Count("pk"), waiting=Count("pk", filter=Q(status=SuggestionStatus.PENDING))
    )
    return SuggestionsLayer(
        template="events/_reader_layer.html",
        url=reverse("events:source_suggestions", args=[source.pk]),
        **counts,
    )
