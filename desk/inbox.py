"""Needs attention: what each person on the desk should do next, and how much of it there is.

Each section is one question about the signed-in person (what was sent back to me, what waits
for my review …) answered by one QuerySet; the page and the navigation's count ask the same ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext

from desk.desk_state import kept
from desk.models import Comment, Excerpt, Mention
from desk.publishing.four_eyes import awaiting_review_by
from desk.publishing.states import Status
from desk.readers_copy import waiting_to_carry
from desk.roles import is_editor, is_reviewer, is_staff_member


@dataclass
class Section:
    key: str
    title: str
    todo: str  # what to do with each entry, in a word or two
    entries: list = field(default_factory=list)
    count: int = 0
    # Shown as one line with its count and a link, never row by row, and only when something
    # waits: the page it links to lists the rows.
    counted_only: bool = False


def _mine(user) -> Q:
    return Q(created_by=user) | Q(current_revision__created_by=user)


def sent_back(user):
    """My excerpts a reviewer sent back, with the comment that came with it."""
    # The newest comment by someone other than the person who wrote it: the reviewer's reason.
    reviewers_word = (
        Comment.objects.filter(excerpt=OuterRef("pk"))
        .exclude(author=OuterRef("created_by"))
        .exclude(author=OuterRef("current_revision__created_by"))
        .order_by("-created_at", "-pk")
    )
    return (
        Excerpt.objects.with_current()
        .filter(_mine(user), status=Status.CHANGES_REQUESTED)
        .annotate(
            reviewer_comment=Subquery(reviewers_word.values("body")[:1]),
            reviewer_name=Subquery(reviewers_word.values("author__username")[:1]),
        )
    )


def waiting_for_review(user):
    # What is assigned to them waits under "Assigned to me", not here as well.
    return awaiting_review_by(Excerpt.objects.with_current(), user).exclude(
        assignment__assignee=user
    )


def assigned_to(user):
    """Excerpts assigned to me that still wait for a decision."""
    return (
        Excerpt.objects.with_current()
        .select_related("assignment")
        .filter(assignment__assignee=user)
        .exclude(status__in=[Status.PUBLISHED, Status.REJECTED, Status.WITHDRAWN])
        .order_by("assignment__due_on", "-updated_at")
    )


def flagged(user):
    """Excerpts whose quote changed or vanished in a newer version of their source, that this
    person should act on (every one for reviewers; editors, the ones they made or edited)."""
    return Excerpt.objects.with_current().flagged_for(user)


def mentions_of(user):
    """Comments naming me that I have not opened yet."""
    return (
        Mention.objects.filter(person=user, seen_at__isnull=True)
        .select_related("comment__author", "comment__excerpt__current_revision")
        .order_by("-comment__created_at")
    )


def my_scheduled(user):
    """Items I made or approved that are scheduled and not yet up."""
    return (
        Excerpt.objects.with_current()
        .filter(
            Q(created_by=user) | Q(current_revision__approved_by=user),
            status=Status.SCHEDULED,
            visible_from__gt=timezone.now(),
        )
        .order_by("visible_from")
    )


def sections_for(user, *, limit: int = 10) -> list[Section]:
    """The person's inbox, section by section; empty sections are kept so the page is stable,
    except a line counted only (changes waiting to be carried), shown when something waits."""
    sections: list[Section] = []
    if is_editor(user):
        sections.append(
            Section(
                "sent_back",
                gettext("Sent back to me"),
                gettext("Revise it and submit again"),
                sent_back(user),
            )
        )
    if is_reviewer(user):
        # Only reviewers are assigned work (desk.views.assignment), so only they see the box.
        sections.append(
            Section("assigned", gettext("Assigned to me"), gettext("Review it"), assigned_to(user))
        )
        sections.append(
            Section(
                "review",
                gettext("Waiting for my review"),
                gettext("Review it"),
                waiting_for_review(user),
            )
        )
        sections.append(
            Section(
                "carry",
                gettext("Changes to shared records"),
                gettext("Carry or decline them"),
                waiting_to_carry(),
                counted_only=True,
            )
        )
    sections.append(
        Section(
            "flagged", gettext("Flagged by re-anchoring"), gettext("Check the quote"), flagged(user)
        )
    )
    sections.append(
        Section("mentions", gettext("Mentions of me"), gettext("Read and reply"), mentions_of(user))
    )
    sections.append(
        Section(
            "scheduled",
            gettext("My scheduled items"),
            gettext("Check the time"),
            my_scheduled(user),
        )
    )
    counts = kept_together(user, {section.key: section.entries for section in sections}, "inbox")
    for section in sections:
        section.entries = [] if section.counted_only else list(section.entries[:limit])
        section.count = counts[section.key]
    return [s for s in sections if s.count or not s.counted_only]


def counted_together(user, querysets: dict) -> dict[str, int]:
    """The size of each queryset, all in one query: the page asks the same number of questions
    with ten things waiting as with ten thousand."""
    aliases = {f"count_{n}": key for n, key in enumerate(querysets)}  # keys may be any words
    counts = {alias: _count(querysets[key]) for alias, key in aliases.items()}
    row = get_user_model().objects.filter(pk=user.pk).values(**counts).first() or {}
    return {key: row.get(alias, 0) for alias, key in aliases.items()}


def kept_together(user, querysets: dict, name: str) -> dict[str, int]:
    """counted_together, kept under the desk's state (desk.desk_state) for this person and their
    roles, and no later than the next scheduled publication: counts that compare with the clock
    ("Scheduled", "Recently published") change then without anyone acting."""
    parts = (user.pk, is_editor(user), is_reviewer(user), get_language(), *querysets)

    def count() -> tuple[dict[str, int], float | None]:
        return counted_together(user, querysets), next_publication()

    counts, _ = kept(name, parts, count, until=lambda answer: answer[1])
    return counts


def next_publication() -> float | None:
    """When the next scheduled item goes up (a timestamp), or None: what the desk counts and
    lists by the clock changes then without anyone acting."""
    due = (
        Excerpt.objects.filter(status=Status.SCHEDULED, visible_from__gt=timezone.now())
        .aggregate(due=Min("visible_from"))["due"]
    )  # fmt: skip
    return due.timestamp() if due else None


def _count(queryset) -> Coalesce:
    """A queryset's size as a scalar subquery, so several counts share one query."""
    counted = (
        queryset.order_by()
        .annotate(one=Value(1, output_field=IntegerField()))
        .values("one")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# The sections the navigation's count adds up (the desk home shows more of them).
COUNTED_IN_NAVIGATION = ("assigned", "mentions", "sent_back", "review")


def navigation_total(sections: list[Section]) -> int:
    """The navigation's count from sections already counted: the desk home asks no more."""
    return sum(s.count for s in sections if s.key in COUNTED_IN_NAVIGATION)


def attention_total(user) -> int:
    """How many things wait for this person, in one query, for the navigation."""
    counts = {"mentions": _count(mentions_of(user))}
    if is_editor(user):
        counts["sent_back"] = _count(
            Excerpt.objects.filter(_mine(user), status=Status.CHANGES_REQUESTED)
        )
    if is_reviewer(user):
        counts["assigned"] = _count(assigned_to(user))
        counts["review"] = _count(
            awaiting_review_by(Excerpt.objects.all(), user).exclude(assignment__assignee=user)
        )
    row = get_user_model().objects.filter(pk=user.pk).values(**counts).first() or {}
    return sum(row.values())


def attention_counts(request) -> dict:
    """Template context: the count beside "Desk" in the navigation, computed only when shown."""
    user = getattr(request, "user", None)

    def total() -> int:
        if user is None or not is_staff_member(user):
            return 0
        # Kept under the desk's state: every desk page shows it, and counting reads the library.
        parts = (user.pk, is_editor(user), is_reviewer(user))
        return kept("attention", parts, lambda: attention_total(user))

    return {"attention_total": SimpleLazyObject(total)}
