"""Workflow decisions on an excerpt, its comments, and the review queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from desk.access import staff_required
from desk.excerpts import add_comment
from desk.filters import ExcerptFilter
from desk.forms import CommentForm, DecisionForm
from desk.mentions import warn_of_unknown_names
from desk.models import Excerpt, one_user_action
from desk.notifications import told_together
from desk.publishing.states import Action, Status
from desk.publishing.workflow import Seen, TransitionRefused, perform
from sources.url_numbers import whole_number


@staff_required
@require_POST
def excerpt_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Take one workflow action; the rules live in desk.publishing.workflow, not here."""
    get_object_or_404(Excerpt.objects.only("pk"), pk=pk)
    # The form says which status and revision the person was looking at, and what an approval
    # would copy of its links, so that acting on a stale page is a conflict, not a surprise.
    seen = Seen(
        request.POST.get("seen_status", ""),
        whole_number(request.POST.get("seen_revision")),
        request.POST.get("seen_links", "").strip()[:64] or None,
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            gettext("The decision could not be read: %(errors)s")
            % {"errors": form.errors.as_text()},
        )
        return redirect("desk:excerpt", pk=pk)
    data = form.cleaned_data
    steps = [Action.APPROVE, Action.PUBLISH] if action == "approve_publish" else [action]
    try:
        # "Approve and publish" is one user action: its audit entries share one id.
        with one_user_action(), transaction.atomic(), told_together():
            for number, step in enumerate(steps):
                excerpt = perform(
                    Excerpt(pk=pk),
                    step,
                    request.user,
                    seen=seen,
                    # One comment box: its comment is said once, with the first decision.
                    comment=form.comment_for(step) if number == 0 else "",
                    publish_at=data["publish_at"],
                    correction_note=data["correction_note"],
                )
                seen = Seen.of(excerpt)
    except TransitionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            gettext("Done: the excerpt is now “%(status)s”.")
            % {"status": excerpt.get_status_display()},
        )
        # A withdrawal's note is public, not a comment: it mentions nobody.
        said = [form.comment_for(step) for step in steps if step != Action.WITHDRAW]
        warn_of_unknown_names(request, " ".join(said))
    return redirect("desk:excerpt", pk=pk)


@staff_required
@require_POST
def excerpt_comment(request: HttpRequest, pk: int) -> HttpResponse:
    excerpt = get_object_or_404(Excerpt, pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        add_comment(excerpt, request.user, form.cleaned_data["body"])
        messages.success(request, gettext("Comment added."))
        warn_of_unknown_names(request, form.cleaned_data["body"])
    else:
        messages.error(request, gettext("Write a comment first (up to 5,000 characters)."))
    return redirect("desk:excerpt", pk=pk)


@staff_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Every excerpt on the desk, filtered and sorted; it opens on what waits for review."""
    data = request.GET.copy()
    if not data:
        data["status"] = Status.SUBMITTED
    filters = ExcerptFilter(data, queryset=Excerpt.objects.with_current())
    filters.offer_kept_menus()
    page = Paginator(filters.qs, 25).get_page(request.GET.get("page"))
    return render(request, "desk/review_queue.html", {"filter": filters, "page": page})
