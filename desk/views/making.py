"""Making an excerpt: from a selection in the reader, or from a quote pasted into a form.

Either way the quote is cut from the source text by offsets; a pasted quote is only used to
find those offsets.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from desk.access import editor_required
from desk.editing import EditRefused, ExcerptContent, create_excerpt
from desk.forms import ExcerptForm, SelectionForm
from desk.models import Excerpt, Topic
from sources.anchoring import QUOTE_MAX_CHARS, Selector, closest_passage, find_quote
from sources.models import Source, SourceVersion


def content_from_form(
    form: ExcerptForm, version: SourceVersion, start: int, end: int
) -> ExcerptContent:
    data = form.cleaned_data
    return ExcerptContent(
        source_version=version,
        start=start,
        end=end,
        annotation=data["annotation"],
        briefing=data["briefing"],
        kind=data["kind"],
        topics=form.topic_objects(),
        actors=list(data["actors"]),
        events=list(data["events"]),
    )


def selection_url(source: Source, version: SourceVersion, selector: Selector, **extra) -> str:
    query = {"version": version.number, "start": selector.start, "end": selector.end, **extra}
    return reverse("desk:excerpt_from_selection", args=[source.pk]) + "?" + urlencode(query)


@editor_required
@require_http_methods(["GET", "POST"])
def excerpt_from_selection(request: HttpRequest, source_id: int) -> HttpResponse:
    """The form an editor fills after choosing a passage: the quote shown, the commentary typed."""
    source = get_object_or_404(Source, pk=source_id)
    selection = SelectionForm(request.POST if request.method == "POST" else request.GET)
    if not selection.is_valid():
        messages.error(
            request, "Select a passage in the text first, then choose “Make an excerpt”."
        )
        return redirect(source)
    version = get_object_or_404(
        SourceVersion, source=source, number=selection.cleaned_data["version"]
    )
    draft = ExcerptContent(
        source_version=version,
        start=selection.cleaned_data["start"],
        end=selection.cleaned_data["end"],
        annotation="",
        briefing=None,
        kind="",
    )
    try:
        selector = draft.selector()
    except EditRefused as error:
        messages.error(request, f"{error}")
        return redirect(source)
    initial = {"events": request.GET.getlist("event"), "actors": request.GET.getlist("actor")}
    form = ExcerptForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            excerpt = create_excerpt(
                content=content_from_form(form, version, selector.start, selector.end),
                user=request.user,
            )
        except EditRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Excerpt saved as a draft.")
            return redirect(excerpt)
    overlaps = Excerpt.objects.overlapping(version, selector.start, selector.end).select_related(
        "current_revision"
    )
    return render(
        request,
        "desk/excerpt_form.html",
        {
            "form": form,
            "source": source,
            "version": version,
            "selector": selector,
            "overlaps": overlaps,
            "topic_names": Topic.objects.values_list("name", flat=True),
        },
    )


class PastedQuoteForm(forms.Form):
    source = forms.ModelChoiceField(
        queryset=Source.objects.order_by("title", "pk"), empty_label="Choose a source"
    )
    quote = forms.CharField(
        label="Quote",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=QUOTE_MAX_CHARS * 2,
        help_text="Paste the passage as you copied it; the desk finds it in the source's text.",
        error_messages={"required": "Paste the quote: it cannot be empty or only spaces."},
    )

    def clean_quote(self) -> str:
        quote = self.cleaned_data["quote"]
        if not quote.strip():
            raise forms.ValidationError("Paste the quote: it cannot be empty or only spaces.")
        return quote


@editor_required
@require_http_methods(["GET", "POST"])
def excerpt_new(request: HttpRequest) -> HttpResponse:
    """Find a pasted quote in a source.

    One place goes straight on to the excerpt form; several ask which, each in its context;
    none shows the closest passage the source has instead.
    """
    form = PastedQuoteForm(
        request.POST if request.method == "POST" else None,
        initial={"source": request.GET.get("source")},
    )
    occurrences: list[tuple[Selector, str]] = []
    closest = closest_url = None
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        version = source.current_version
        found = find_quote(version.text, form.cleaned_data["quote"])
        if len(found) == 1:
            return redirect(selection_url(source, version, found[0]))
        occurrences = [(selector, selection_url(source, version, selector)) for selector in found]
        if not found:
            closest = closest_passage(version.text, form.cleaned_data["quote"])
            form.add_error(
                "quote",
                "This quote is not in the source's text, even allowing for "
                "differences of spaces, quote marks and dashes.",
            )
            if closest:
                closest_url = selection_url(
                    source, version, Selector.at(version.text, closest.start, closest.end)
                )
    return render(
        request,
        "desk/excerpt_new.html",
        {"form": form, "occurrences": occurrences, "closest": closest, "closest_url": closest_url},
    )
