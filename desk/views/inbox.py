"""The desk's home: what needs the signed-in person's attention, then the desk at a glance."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, gettext

from desk.access import staff_required
from desk.desk_state import kept
from desk.inbox import counted_together, navigation_total, next_publication, sections_for
from desk.models import Excerpt
from desk.publishing.states import Status
from desk.roles import is_editor, is_reviewer


@staff_required
def desk_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    # What the page lists and counts is kept under the desk's state (desk.desk_state) for this
    # person, their roles and language, and no later than the next scheduled publication: at
    # 100,000 excerpts, eleven lists and two counts were most of its time. Times are worded when
    # the page is drawn ("in 3 minutes"), never kept.
    parts = (user.pk, is_editor(user), is_reviewer(user), get_language())
    attention, glance, _ = kept("home", parts, lambda: _gathered(user), until=lambda a: a[2])
    return render(
        request,
        "desk/home.html",
        {
            "attention": attention,
            # The same questions the navigation's count asks, already answered above.
            "attention_total": navigation_total(attention),
            "overview": glance,
            # Every section by title, for whoever reads the page's context as one list.
            "sections": [(s.title, s.entries, s.count) for s in attention] + glance,
        },
    )


def _gathered(user) -> tuple[list, list, float | None]:
    """The inbox's sections and the desk at a glance, each list read, and when they go stale."""
    now = timezone.now()
    excerpts = Excerpt.objects.with_current()
    overview = [
        (gettext("My drafts"), excerpts.filter(created_by=user, status=Status.DRAFT)),
        (gettext("Waiting for review"), excerpts.filter(status=Status.SUBMITTED)),
        (gettext("Approved, not yet published"), excerpts.filter(status=Status.APPROVED)),
        # A scheduled item counts as published once its time has come, whether or not cron's
        # publish_due has recorded it yet: the desk compares with the clock, as readers do.
        (
            gettext("Scheduled"),
            excerpts.filter(status=Status.SCHEDULED, visible_from__gt=now).order_by("visible_from"),
        ),
        (
            gettext("Recently published"),
            excerpts.filter(
                Q(status=Status.PUBLISHED) | Q(status=Status.SCHEDULED, visible_from__lte=now)
            ),
        ),
    ]
    attention = sections_for(user)
    counts = counted_together(user, dict(overview))
    glance = [(title, list(qs[:10]), counts[title]) for title, qs in overview]
    return attention, glance, next_publication()
