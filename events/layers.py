"""What the events app adds to other apps' pages through their hooks."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from events.models import DateSuggestion, SuggestionStatus


def reader_suggestions_layer(request, source, version) -> dict:
    """For SOURCE_READER_LAYERS: a link from the reader to the events its dates suggest."""
    counts = DateSuggestion.objects.filter(source_version=version).aggregate(
        found=Count("pk"), waiting=Count("pk", filter=Q(status=SuggestionStatus.PENDING))
    )
    return {
        "template": "events/_reader_layer.html",
        "url": reverse("events:source_suggestions", args=[source.pk]),
        **counts,
    }
