"""Desk pages for events: the list, an event's page, and the form that records one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from events.access import permission_needed, staff_only
from events.dates import EventDate
from events.filters import EventFilter
from events.forms import EventDateField, EventForm, ParticipantFormSet
from events.from_suggestion import recorded_alike, short_title
from events.hooks import after_suggestion_url, change_notice, event_page_layers
from events.models import (
    Actor,
    DateSuggestion,
    Event,
    EventActor,
    SuggestionRefused,
    SuggestionStatus,
)
from events.signals import announce_change, details_of
from events.suggestions import default_year_of
from sources.url_numbers import id_or_404, query_number


@staff_only
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    events = EventFilter(request.GET, queryset=Event.objects.ordered().with_participants())
    page = Paginator(events.qs, 50).get_page(request.GET.get("page"))
    return render(request, "events/list.html", {"filter": events, "page": page})


@staff_only
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An event, its actors, and what other apps add: the desk shows the excerpts citing it."""
    event = get_object_or_404(Event.objects.with_participants(), pk=pk)
    # Other apps add to this page through EVENT_PAGE_LAYERS, so that this app never imports them.
    layers = event_page_layers(request, event)
    found_in = event.suggestions.select_related("source_version__source").order_by("pk")
    return render(
        request,
        "events/detail.html",
        {"event": event, "layers": layers, "found_in": found_in},
    )


@permission_needed("events.add_event")
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    suggestion = None
    if "suggestion" in request.GET:
        suggestion = get_object_or_404(
            DateSuggestion.objects.select_related("source_version__source", "event"),
            pk=id_or_404(request.GET["suggestion"], what="date suggestion"),
        )
        if suggestion.status != SuggestionStatus.PENDING:
            messages.info(request, _done(suggestion))
            return redirect(suggestion.event or _suggestions_url(suggestion))
    return _event_form(request, Event(), suggestion)


@permission_needed("events.change_event")
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _event_form(request, get_object_or_404(Event, pk=pk), None)


@staff_only
@require_GET
def understand_date(request: HttpRequest) -> JsonResponse:
    """How the desk reads a typed date, for the form to show while the editor types."""
    field = EventDateField(default_year=query_number(request, "year", low=1, high=9999))
    try:
        date: EventDate | None = field.clean(request.GET.get("text", ""))
    except ValidationError as error:
        return JsonResponse({"ok": False, "error": " ".join(error.messages)})
    if date is None:
        return JsonResponse({"ok": False, "error": ""})
    return JsonResponse({"ok": True, "shown": date.in_words(), "edtf": date.edtf()})


def _event_form(
    request: HttpRequest, event: Event, suggestion: DateSuggestion | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    default_year = default_year_of(suggestion.source_version.source) if suggestion else None
    initial, participants, alike = {}, [], []
    if event.pk is None and request.method == "GET" and "title" in request.GET:
        # "New event" from a picker: what the editor had typed there.
        initial["title"] = request.GET["title"][:300]
    if suggestion is not None:
        initial = {"title": short_title(suggestion), "date": str(suggestion.event_date)}
        alike = recorded_alike(suggestion)
        participants = [{"actor": a.pk} for a in Actor.objects.named_in(suggestion.sentence)]
    # Read before the form is validated, which writes the typed title and date into `event`.
    before = details_of(event) if event.pk else None
    form = EventForm(data, instance=event, initial=initial, default_year=default_year)
    form_valid = data is not None and form.is_valid()
    formset = ParticipantFormSet(
        data,
        instance=form.instance,
        prefix="actors",
        initial=participants,
        extra=max(3, len(participants) + 1),
    )
    if data is not None and formset.is_valid() and form_valid and "preview" not in data:
        created = event.pk is None
        try:
            with transaction.atomic():
                event = form.save(commit=False)
                if created:
                    event.created_by = request.user
                event.save()
                formset.instance = event
                formset.save()
                changed = before is not None and announce_change(event, before, request.user)
                if suggestion is not None:
                    suggestion.use(event, request.user)
        except SuggestionRefused as error:
            form.add_error(None, str(error))
        else:
            date = event.event_date
            said = (
                gettext("Event recorded, dated %(date)s (EDTF %(edtf)s).")
                if created
                else gettext("Event saved, dated %(date)s (EDTF %(edtf)s).")
            )
            messages.success(request, said % {"date": date.in_words(), "edtf": date.edtf()})
            notice = change_notice(request, event) if changed else None
            if notice is not None:
                messages.info(request, notice.message())
            return redirect(_after_save(request, event, suggestion))
    roles = EventActor.objects.exclude(role="").values_list("role", flat=True).distinct()
    return render(
        request,
        "events/form.html",
        {
            "form": form,
            "formset": formset,
            "event": event if event.pk else None,
            "suggestion": suggestion,
            "recorded_alike": alike,
            "default_year": default_year,
            "roles": sorted(set(roles)),
        },
    )


def _after_save(request: HttpRequest, event: Event, suggestion: DateSuggestion | None) -> str:
    if suggestion is None:
        return event.get_absolute_url()
    # The editor chose to carry on through the source's dates rather than quote the sentence.
    if request.POST.get("then") == "dates":
        return _suggestions_url(suggestion)
    # Otherwise the desk takes over: its excerpt form, prefilled with the sentence.
    return after_suggestion_url(request, event, suggestion) or event.get_absolute_url()


def _suggestions_url(suggestion: DateSuggestion) -> str:
    url = reverse("events:source_suggestions", args=[suggestion.source_version.source_id])
    return f"{url}#suggestion-{suggestion.pk}"


def _done(suggestion: DateSuggestion) -> str:
    if suggestion.status == SuggestionStatus.USED:
        return gettext("That date was already made into an event.")
    return gettext("That date was already dismissed.")
