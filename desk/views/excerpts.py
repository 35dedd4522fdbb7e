"""Desk pages for one excerpt: making it from a selection, reading it, editing it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from desk.access import editor_required, staff_required
from desk.editing import EditRefused, ExcerptContent, StaleEdit, create_excerpt, edit_excerpt
from desk.forms import DecisionForm, ExcerptForm, SelectionForm
from desk.models import Excerpt, Topic
from desk.states import EDITABLE
from desk.workflow import allowed_actions
from sources.anchoring import Selector
from sources.models import Source, SourceVersion


def _content(form: ExcerptForm, version: SourceVersion, start: int, end: int) -> ExcerptContent:
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


@editor_required
@require_http_methods(["GET", "POST"])
def excerpt_from_selection(request: HttpRequest, source_id: int) -> HttpResponse:
    """The form an editor fills after selecting a passage in the reader."""
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
    try:
        selector = Selector.at(
            version.text, selection.cleaned_data["start"], selection.cleaned_data["end"]
        )
    except ValueError:
        messages.error(request, "That selection is not inside the text. Select the passage again.")
        return redirect(source)
    form = ExcerptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            excerpt = create_excerpt(
                content=_content(form, version, selector.start, selector.end), user=request.user
            )
        except EditRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Excerpt saved as a draft.")
            return redirect(excerpt)
    return render(
        request,
        "desk/excerpt_form.html",
        {
            "form": form,
            "source": source,
            "version": version,
            "selector": selector,
            "selection": selection.cleaned_data,
            "topic_names": Topic.objects.values_list("name", flat=True),
        },
    )


@staff_required
def excerpt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    excerpt = get_object_or_404(
        Excerpt.objects.select_related(
            "source",
            "created_by",
            "current_revision__briefing",
            "current_revision__created_by",
            "current_revision__source_version",
            "published_revision",
        ),
        pk=pk,
    )
    revision = excerpt.current_revision
    return render(
        request,
        "desk/excerpt_detail.html",
        {
            "excerpt": excerpt,
            "revision": revision,
            "topics": revision.topics.all(),
            "actors": revision.actors.all(),
            "events": revision.events.all(),
            "actions": allowed_actions(excerpt, request.user),
            "can_edit": excerpt.status in EDITABLE,
            "decision_form": DecisionForm(),
            "comments": excerpt.comments.select_related("author"),
            "audit": excerpt.audit.select_related("actor", "revision"),
        },
    )


@editor_required
@require_http_methods(["GET", "POST"])
def excerpt_edit(request: HttpRequest, pk: int) -> HttpResponse:
    excerpt = get_object_or_404(
        Excerpt.objects.select_related("current_revision__source_version"), pk=pk
    )
    revision = excerpt.current_revision
    if excerpt.status not in EDITABLE:
        messages.error(
            request, f"An excerpt that is “{excerpt.get_status_display()}” cannot be edited."
        )
        return redirect(excerpt)
    initial = {
        "annotation": revision.annotation,
        "kind": revision.kind,
        "briefing": revision.briefing_id,
        "topics": ", ".join(revision.topics.values_list("name", flat=True)),
        "actors": list(revision.actors.values_list("pk", flat=True)),
        "events": list(revision.events.values_list("pk", flat=True)),
        "base_revision": revision.pk,
    }
    form = ExcerptForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        content = _content(form, revision.source_version, revision.start, revision.end)
        try:
            edit_excerpt(
                excerpt=excerpt,
                base_revision_id=form.cleaned_data["base_revision"] or revision.pk,
                content=content,
                user=request.user,
            )
        except StaleEdit as error:
            # Keep everything the editor typed, now based on the newer revision, so that saving
            # again is a deliberate choice made with both texts in view.
            conflict = error.current
            data = request.POST.copy()
            data["base_revision"] = str(conflict.pk)
            form = ExcerptForm(data, initial=initial)
            form.is_valid()
            form.add_error(None, str(error))
        except EditRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Saved as a new revision.")
            return redirect(excerpt)
    return render(
        request,
        "desk/excerpt_edit.html",
        {"form": form, "excerpt": excerpt, "revision": revision, "conflict": conflict},
    )
