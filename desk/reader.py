"""The desk's layer on the source reader: its excerpts marked in the text, and the action to
make a new one from a selection."""

from __future__ import annotations

from django.urls import reverse

from desk.models import Excerpt
from desk.roles import is_editor
from desk.states import Status


def excerpt_layer(request, source, version) -> dict:
    """Excerpt marks on this version of the source, and where a selection becomes an excerpt."""
    revisions = (
        Excerpt.objects.filter(source=source, current_revision__source_version=version)
        .values_list("pk", "status", "current_revision__start", "current_revision__end")
        .order_by("current_revision__start")
    )
    marks = [
        {
            "start": start,
            "end": end,
            "status": status,
            "label": Status(status).label,
            "url": reverse("desk:excerpt", args=[pk]),
            "pk": pk,
        }
        for pk, status, start, end in revisions
    ]
    return {
        "template": "desk/reader_layer.html",
        "marks": marks,
        "statuses": Status.choices,
        "excerpt_url": reverse("desk:excerpt_from_selection", args=[source.pk])
        if is_editor(request.user)
        else None,
    }
