"""Making an excerpt: from a selection in the reader, or from a quote pasted into a form.

Either way the quote is cut from the source text by offsets, on whole words; a pasted quote is
only used to find those offsets (sources.anchoring.locate). Before saving, the editor sees the
passage in its paragraph and can take a word more or less at either end.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from desk.access import editor_required
from desk.editing import ExcerptContent, create_excerpt
from desk.forms import ExcerptForm, SelectionForm
from desk.models import Excerpt, Topic
from desk.publishing.revisions import EditRefused
from sources.anchoring import (
    QUOTE_MAX_CHARS,
    Kind,
    Selector,
    adjust_by_words,
    locate,
    paragraph_at,
)
from sources.models import Source, SourceVersion
from sources.quote_index import ready_version
from sources.search import Query, Term, keys, matching

# "Which source is this from?": the quote's first words are looked up as one phrase, and at most
# this many sources are offered (the best first).
FINDER_WORDS = 16
FINDER_FEWEST_WORDS = 3
FINDER_LIMIT = 5
# Around a passage in a long paragraph, this much of the paragraph is shown on either side.
PARAGRAPH_SHOWN_CHARS = 600
ADJUSTMENTS = {
    "start-more": ("start", 1),
    "start-less": ("start", -1),
    "end-more": ("end", 1),
    "end-less": ("end", -1),
}


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


def selection_url(source: Source, version: SourceVersion, selector, **extra) -> str:
    query = {"version": version.number, "start": selector.start, "end": selector.end, **extra}
    return reverse("desk:excerpt_from_selection", args=[source.pk]) + "?" + urlencode(query)


@dataclass(frozen=True)
class InParagraph:
    """A passage with the rest of the paragraph(s) around it, cut short when very long."""

    before: str
    quote: str
    after: str
    cut_before: bool
    cut_after: bool


def in_paragraph(text: str, selector: Selector) -> InParagraph:
    first = paragraph_at(text, selector.start)
    last = paragraph_at(text, max(selector.start, selector.end - 1))
    start = max(first.start, selector.start - PARAGRAPH_SHOWN_CHARS)
    end = min(last.end, selector.end + PARAGRAPH_SHOWN_CHARS)
    return InParagraph(
        text[start : selector.start],
        selector.exact,
        text[selector.end : end],
        start > first.start,
        end < last.end,
    )


def paragraph_numbers(version: SourceVersion, selector: Selector) -> tuple[int, int] | None:
    """The first and last paragraph of a passage, numbered as the reader numbers them (empty
    lines do not count), to say where it is in words editors know; None if one is not found."""
    first = version.block_at(selector.start)
    last = version.block_at(max(selector.start, selector.end))
    return (first.number, last.number) if first and last else None


def _typed(form_class, data) -> dict:
    """What the editor typed so far, to show again when the passage is adjusted (not saved)."""
    form = form_class()
    return {
        name: field.widget.value_from_datadict(data, None, name)
        for name, field in form.fields.items()
    }


@editor_required
@require_http_methods(["GET", "POST"])
def excerpt_from_selection(request: HttpRequest, source_id: int) -> HttpResponse:
    """The form an editor fills after choosing a passage: the quote shown in its paragraph, a
    word more or less at either end, and the commentary typed."""
    source = get_object_or_404(Source, pk=source_id)
    selection = SelectionForm(request.POST if request.method == "POST" else request.GET)
    if not selection.is_valid():
        messages.error(
            request, gettext("Select a passage in the text first, then choose “Make an excerpt”.")
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
    adjustment = (
        ADJUSTMENTS.get(request.POST.get("adjust", "")) if request.method == "POST" else None
    )
    if adjustment:
        edge, step = adjustment
        start, end = adjust_by_words(
            version.text, selector.start, selector.end, edge=edge, step=step
        )
        selector = Selector.at(version.text, start, end)
        form = ExcerptForm(initial=_typed(ExcerptForm, request.POST))
    else:
        form = ExcerptForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and not adjustment and form.is_valid():
        try:
            excerpt = create_excerpt(
                content=content_from_form(form, version, selector.start, selector.end),
                user=request.user,
            )
        except EditRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("Excerpt saved as a draft."))
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
            "paragraphs": paragraph_numbers(version, selector),
            "passage": in_paragraph(version.text, selector),
            "found": request.GET.get("found", ""),
            "overlaps": overlaps,
            "topic_names": Topic.objects.values_list("name", flat=True),
        },
    )


class PastedQuoteForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Source"),
        queryset=Source.objects.order_by("title", "pk"),
        empty_label=_("Choose a source"),
    )
    quote = forms.CharField(
        label=_("Quote"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=QUOTE_MAX_CHARS * 2,
        help_text=_("Paste the passage as you copied it; the desk finds it in the source's text."),
        error_messages={"required": _("Paste the quote: it cannot be empty or only spaces.")},
    )

    def clean_quote(self) -> str:
        quote = self.cleaned_data["quote"]
        if not quote.strip():
            raise forms.ValidationError(_("Paste the quote: it cannot be empty or only spaces."))
        return quote


NOT_FOUND = _(
    "This quote is not in the source's text, even allowing for differences of spaces, line "
    "breaks, quote marks, dashes, hyphenation and accents."
)


@editor_required
@require_http_methods(["GET", "POST"])
def excerpt_new(request: HttpRequest) -> HttpResponse:
    """Find a pasted quote in a source.

    One place goes straight on to the excerpt form; several ask which, each in its context;
    none shows the passages close enough to be the quote reworded, with their differences
    marked, or says plainly that nothing close was found.
    """
    form = PastedQuoteForm(
        request.POST if request.method == "POST" else None,
        initial={"source": request.GET.get("source")},
    )
    occurrences: list[tuple[Selector, str]] = []
    close: list[tuple] = []
    search = None
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        version = source.current_version
        ready_version(version)
        search = locate(version.text, form.cleaned_data["quote"])
        found = search.found
        if len(found) == 1 and not search.more:
            extra = {"found": found[0].kind} if found[0].kind != Kind.EXACT else {}
            return redirect(selection_url(source, version, found[0], **extra))
        occurrences = [(match, selection_url(source, version, match)) for match in found]
        if not found:
            form.add_error("quote", NOT_FOUND)
            close = [(match, selection_url(source, version, match)) for match in search.close]
    return render(
        request,
        "desk/excerpt_new.html",
        {
            "form": form,
            "search": search,
            "occurrences": occurrences,
            "close": close,
            # The best close passage, for the page's tests and older templates.
            "closest": close[0][0] if close else None,
        },
    )


def sources_with_quote(quote: str, *, limit: int = FINDER_LIMIT) -> list[Source]:
    """The sources whose current text holds these words in this order, whatever their case,
    accents, quote marks or script (the search keys, sources.search), best first.

    Bounded: the database's full-text index answers with a phrase of the quote's first words,
    and only the few sources it ranks highest have their keys compared, in the database, with
    the same words as one run; no source's text is read here.
    """
    words = keys(quote)[:FINDER_WORDS]
    if len(words) < FINDER_FEWEST_WORDS:
        return []
    phrase = Query(terms=[Term(" ".join(words), [tuple(words)])])
    ranked = matching(Source.objects.all(), phrase, field="search_text").order_by("-rank", "pk")
    candidates = list(ranked.values_list("pk", flat=True)[: limit * 2])
    # The index may match a stemmed or prefixed last word, or (PostgreSQL) the stems alone:
    # the keys as one run, with a space before the first, are the quote itself.
    run = " " + " ".join(words[:-1]) + (" " if len(words) > 1 else "") + words[-1]
    held = Source.objects.only("pk", "title", "working_title", "outlet", "author").filter(
        pk__in=candidates, search_text__contains=run
    )
    by_pk = {source.pk: source for source in held}
    return [by_pk[pk] for pk in candidates if pk in by_pk][:limit]


@editor_required
@require_GET
def excerpt_new_sources(request: HttpRequest) -> JsonResponse:
    """The sources that hold a pasted quote, for the new-excerpt form to offer first."""
    quote = request.GET.get("quote", "")
    if len(quote) > QUOTE_MAX_CHARS * 2:
        return JsonResponse(
            {
                "error": gettext(
                    "The quote is too long to look for: paste at most %(count)s characters."
                )
                % {"count": QUOTE_MAX_CHARS * 2}
            },
            status=400,
        )
    found = sources_with_quote(quote)
    return JsonResponse(
        {
            "sources": [
                {
                    "id": source.pk,
                    "title": source.display_title,
                    "outlet": source.outlet,
                    "author": source.author,
                }
                for source in found
            ]
        }
    )
