"""Event suggestions: the dates each source mentions, for editors to make events of or dismiss."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from events.access import permission_needed, staff_only
from events.models import DateSuggestion, SuggestionRefused, SuggestionStatus
from events.suggestions import suggest_events
from sources.models import Source
from sources.structure import BODY_KINDS, BlockKind


@staff_only
@require_GET
def suggestion_index(request: HttpRequest) -> HttpResponse:
    """Sources with the dates found in their current text, those still waiting first."""
    pending = Q(current_version__date_suggestions__status=SuggestionStatus.PENDING)
    sources = Source.objects.filter(current_version__isnull=False).annotate(
        found=Count("current_version__date_suggestions"),
        waiting=Count("current_version__date_suggestions", filter=pending),
    )
    page = Paginator(sources.order_by("-waiting", "-published_on", "title", "pk"), 25)
    return render(
        request, "events/suggestion_index.html", {"page": page.get_page(request.GET.get("page"))}
    )


@staff_only
@require_GET
def source_suggestions(request: HttpRequest, source_id: int) -> HttpResponse:
    """Every date the source's current text mentions, each in its sentence."""
    source = get_object_or_404(Source.objects.with_current_text(), pk=source_id)
    version = source.current_version
    if version is None:
        suggestions = []
    else:
        # Found on first view (and again after a new version); never twice for the same words.
        version.source = source
        suggest_events(version)
        suggestions = list(DateSuggestion.objects.for_version(version).select_related("event"))
    for suggestion in suggestions:
        suggestion.source_version = version  # the text once, not once per suggestion
        # A date in a caption or an author's bio is still a date, but the editor should know.
        block = version.block_at(suggestion.start)
        aside = block is not None and block.kind not in BODY_KINDS
        suggestion.block_label = BlockKind(block.kind).label if aside else ""
    waiting = [s for s in suggestions if s.status == SuggestionStatus.PENDING]
    return render(
        request,
        "events/source_suggestions.html",
        {
            "source": source,
            "version": version,
            "suggestions": suggestions,
            "waiting": len(waiting),
            "can_edit": request.user.has_perm("events.add_event"),
        },
    )


@permission_needed("events.add_event")
@require_POST
def dismiss_suggestion(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(DateSuggestion.objects.select_related("source_version"), pk=pk)
    return _decide(request, suggestion, suggestion.dismiss, gettext("Dismissed: “%(phrase)s”."))


@permission_needed("events.add_event")
@require_POST
def restore_suggestion(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(DateSuggestion.objects.select_related("source_version"), pk=pk)
    return _decide(
        request,
        suggestion,
        suggestion.restore,
        gettext("Back among the suggestions: “%(phrase)s”."),
    )


def _decide(request: HttpRequest, suggestion: DateSuggestion, decide, done: str) -> HttpResponse:
    try:
        decide(request.user)
    except SuggestionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done % {"phrase": suggestion.phrase})
    url = reverse("events:source_suggestions", args=[suggestion.source_version.source_id])
    return redirect(f"{url}#suggestion-{suggestion.pk}")
