"""Desk pages for one excerpt: reading it, editing it, and its history."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from desk.access import editor_required, reviewer_required, staff_required
from desk.decisions import decisions_for, panel_for
from desk.discussion import assignment_of, comments_about, mark_mentions_seen, subject_of
from desk.editing import edit_excerpt
from desk.forms import DecisionForm, ExcerptForm
from desk.history import compare, compare_with_form
from desk.models import Excerpt, Topic
from desk.publishing.revisions import EditRefused, StaleEdit
from desk.publishing.states import Action, Status
from desk.publishing.workflow import allowed_actions, refusal
from desk.readers_copy import copy_fingerprint, copy_of
from desk.readers_view import actors_as_copied
from desk.views.assignment import AssignmentForm
from desk.views.making import content_from_form
from sources.models import without_search_keys
from sources.url_numbers import query_number


@staff_required
def excerpt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    excerpt = get_object_or_404(
        Excerpt.objects.select_related(
            "source",
            "created_by",
            "current_revision__briefing",
            "current_revision__created_by",
            "current_revision__source_version__source",
            "published_revision",
            "proposed_version",
        ).defer(
            *without_search_keys("source"),
            *without_search_keys("current_revision__source_version__source"),
        ),
        pk=pk,
    )
    revision = excerpt.current_revision
    prefetch_related_objects([revision], "topics", "actors__aliases", "events")
    # Opening the excerpt is reading what mentioned you: it leaves the inbox.
    subject = subject_of(excerpt)
    mark_mentions_seen(subject, request.user)
    assignment = assignment_of(subject)
    return render(
        request,
        "desk/excerpt_detail.html",
        {
            "excerpt": excerpt,
            "revision": revision,
            "topics": revision.topics.all(),
            # With their aliases as an approval now would give them to readers (and their search).
            "actors": actors_as_copied(revision),
            "events": revision.events.all(),
            "actions": allowed_actions(excerpt, request.user),
            # Sent back with a decision: approving refuses if these links changed meanwhile.
            "links_seen": copy_fingerprint(copy_of(revision)),
            "panel": panel_for(excerpt, request.user, correcting=excerpt.in_correction),
            "correcting": excerpt.in_correction,
            "context": quote_in_paragraph(revision),
            "can_edit": refusal(excerpt, Action.EDIT, request.user) is None,
            "decision_form": DecisionForm(
                initial={
                    "correction_note": revision.correction_note,
                    "publish_at": timezone.localtime(excerpt.visible_from)
                    if excerpt.status == Status.SCHEDULED and excerpt.visible_from
                    else None,
                }
            ),
            "comments": comments_about(subject),
            "assignment": assignment,
            "assignment_form": AssignmentForm(
                initial={
                    "assignee": assignment.assignee_id if assignment else None,
                    "due_on": assignment.due_on if assignment else None,
                }
            ),
            "audit": excerpt.audit.select_related("actor", "revision"),
        },
    )


@dataclass(frozen=True)
class QuoteContext:
    before: str
    quote: str
    after: str


def quote_in_paragraph(revision) -> QuoteContext:
    """The quote with the rest of the paragraph(s) it stands in, from the version it quotes."""
    version = revision.source_version
    first, last = (
        version.block_at(revision.start),
        version.block_at(max(revision.start, revision.end - 1)),
    )
    start = first.start if first else revision.start
    end = last.end if last else revision.end
    text = version.text
    return QuoteContext(
        text[start : revision.start], text[revision.start : revision.end], text[revision.end : end]
    )


@staff_required
@require_http_methods(["GET"])
def excerpt_card(request: HttpRequest, pk: int) -> JsonResponse:
    """What the reader's card about a highlight shows: status, annotation, where to go."""
    excerpt = get_object_or_404(Excerpt.objects.select_related("current_revision"), pk=pk)
    annotation = " ".join(excerpt.current_revision.annotation.split())
    return JsonResponse(
        {
            "pk": excerpt.pk,
            "status": excerpt.status,
            "status_label": gettext("Correction in progress — the published version stays live")
            if excerpt.in_correction
            else excerpt.get_status_display(),
            "annotation": annotation[:300] + ("…" if len(annotation) > 300 else ""),
            "url": excerpt.get_absolute_url(),
        }
    )


@reviewer_required
@require_http_methods(["GET"])
def excerpt_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The step before withdrawing: what readers will see instead, and a last look."""
    excerpt = get_object_or_404(
        Excerpt.objects.select_related("current_revision", "published_revision__briefing"), pk=pk
    )
    decision = next(
        (d for d in decisions_for(excerpt, request.user) if d.action == Action.WITHDRAW), None
    )
    if decision is None or not decision.enabled:
        messages.error(
            request,
            decision.reason
            if decision
            else gettext("Only an item readers can see can be withdrawn."),
        )
        return redirect(excerpt)
    return render(
        request,
        "desk/excerpt_withdraw.html",
        {"excerpt": excerpt, "revision": excerpt.published_revision, "form": DecisionForm()},
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
        # A correction under way keeps the note its editor wrote for readers.
        "correction_note": revision.correction_note if excerpt.in_correction else "",
    }
    # Editing what readers see starts a correction: the page says so before anything is saved.
    corrects_live = excerpt.is_live or excerpt.in_correction
    form = ExcerptForm(request.POST if request.method == "POST" else None, initial=initial)
    conflict = conflict_rows = None
    if request.method == "POST" and form.is_valid():
        content = content_from_form(form, revision.source_version, revision.start, revision.end)
        try:
            with transaction.atomic():
                edited = edit_excerpt(
                    excerpt=excerpt,
                    base_revision_id=form.cleaned_data["base_revision"] or revision.pk,
                    content=content,
                    user=request.user,
                )
                _keep_correction_note(edited, form.cleaned_data.get("correction_note", ""))
        except StaleEdit as error:
            # Keep everything the editor typed, now based on the newer revision, so that saving
            # again is a deliberate choice made with both texts in view.
            conflict = error.current
            conflict_rows = compare_with_form(conflict, form.cleaned_data)
            data = request.POST.copy()
            data["base_revision"] = str(conflict.pk)
            form = ExcerptForm(data, initial=initial)
            form.is_valid()
            form.add_error(None, str(error))
        except EditRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                gettext(
                    "Saved as a new revision. Readers keep seeing the published version until a "
                    "reviewer publishes this correction."
                )
                if corrects_live
                else gettext("Saved as a new revision."),
            )
            return redirect(excerpt)
    return render(
        request,
        "desk/excerpt_edit.html",
        {
            "form": form,
            "excerpt": excerpt,
            "revision": revision,
            "conflict": conflict,
            "conflict_rows": conflict_rows,
            "corrects_live": corrects_live,
            "topic_names": Topic.objects.values_list("name", flat=True),
        },
    )


def _keep_correction_note(excerpt: Excerpt, note: str) -> None:
    """The editor's note for readers travels with the correction to the reviewer."""
    note = note.strip()
    if not note or not excerpt.in_correction:
        return
    revision = excerpt.current_revision
    revision.correction_note = note
    revision.save(allow_update=True, update_fields=["correction_note"])


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
