"""Desk pages for one excerpt: reading it, editing it, and its history."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from desk.access import editor_required, staff_required
from desk.editing import EditRefused, StaleEdit, edit_excerpt
from desk.forms import DecisionForm, ExcerptForm
from desk.history import compare
from desk.models import Excerpt, Topic
from desk.states import Action
from desk.views.making import content_from_form
from desk.workflow import allowed_actions, refusal
from sources.url_numbers import query_number


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
            "proposed_version",
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
            "can_edit": refusal(excerpt, Action.EDIT, request.user) is None,
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
    refused = refusal(excerpt, Action.EDIT, request.user)
    if refused:
        messages.error(request, refused.message)
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
    form = ExcerptForm(request.POST if request.method == "POST" else None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        content = content_from_form(form, revision.source_version, revision.start, revision.end)
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
        {
            "form": form,
            "excerpt": excerpt,
            "revision": revision,
            "conflict": conflict,
            "topic_names": Topic.objects.values_list("name", flat=True),
        },
    )


@staff_required
def excerpt_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every revision of an excerpt, and the differences between any two."""
    excerpt = get_object_or_404(Excerpt, pk=pk)
    revisions = list(
        excerpt.revisions.select_related("created_by", "approved_by", "briefing", "source_version")
        .prefetch_related("topics", "actors", "events")
        .order_by("number")
    )
    by_number = {revision.number: revision for revision in revisions}
    latest = revisions[-1].number

    def chosen(name: str, default: int) -> int:
        number = query_number(request, name, default=default, low=1, high=latest)
        return number if number in by_number else default

    old_number = chosen("from", max(1, latest - 1))
    new_number = chosen("to", latest)
    return render(
        request,
        "desk/excerpt_history.html",
        {
            "excerpt": excerpt,
            "revisions": revisions,
            "old": by_number[old_number],
            "new": by_number[new_number],
            "changes": compare(by_number[old_number], by_number[new_number]),
        },
    )
