"""The discussion of any subject of the desk: its comments, the people they mention, and who is
to review it.

A subject is named as the audit log names it: a `Subject`, a kind (desk.models.SubjectKind) and
an id. An excerpt is one (`subject_of(excerpt)`), a source another (`subject_of(source)`), and a
new kind of reviewed thing plugs in with a SubjectKind value, a line in SUBJECT_MODELS and,
when it has a desk page, a line in SUBJECT_PAGES. Comments and assignments about an excerpt also
keep it as a foreign key (its page, the inbox and the API read them so); these functions fill it.

Mutations are verbs that write, audit and announce in one user action (`comment_on`, `assign`,
`unassign`); every @name in a comment is recorded and told, whoever wrote the comment, by the
receiver below: a decision's comment (desk.publishing.workflow) is written without going
through here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import models, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from desk.desk_state import desk_changed
from desk.mentions import mentioned_people
from desk.models import Assignment, AuditEntry, Comment, Mention, SubjectKind, one_user_action
from desk.notifications import assigned as tell_assignee
from desk.notifications import is_muted, opted_in
from desk.publishing import audit
from desk.publishing.announcements import after_commit


@dataclass(frozen=True)
class Subject:
    """What is discussed: its kind and id, as the audit log names it."""

    kind: SubjectKind
    id: int

    def __str__(self) -> str:
        # As the desk's emails name it: "excerpt 12", "source 3".
        return f"{SubjectKind(self.kind).value} {self.id}"

    @property
    def excerpt_id(self) -> int | None:
        """The excerpt's id when the subject is one, for the foreign key kept beside it."""
        return self.id if self.kind == SubjectKind.EXCERPT else None


# The model of each kind of subject ("app_label.ModelName").
SUBJECT_MODELS: dict[SubjectKind, str] = {
    SubjectKind.EXCERPT: "desk.Excerpt",
    SubjectKind.SOURCE: "sources.Source",
    SubjectKind.ACTOR: "events.Actor",
    SubjectKind.EVENT: "events.Event",
    SubjectKind.TOPIC: "desk.Topic",
}

# Where the desk shows a subject, from its id alone (no query): the link in a mention's card and
# email. A kind without a page here is named without a link.
SUBJECT_PAGES: dict[SubjectKind, Callable[[int], str]] = {
    SubjectKind.EXCERPT: lambda pk: reverse("desk:excerpt", args=[pk]),
    SubjectKind.SOURCE: lambda pk: reverse("sources:reader", args=[pk]),
    SubjectKind.EVENT: lambda pk: reverse("events:detail", args=[pk]),
}


def subject_of(thing: models.Model) -> Subject:
    """The subject a saved excerpt, source, actor, event or topic is."""
    label = thing._meta.label
    for kind, model in SUBJECT_MODELS.items():
        if model == label:
            return Subject(kind, thing.pk)
    raise ValueError(f"A {label} is not a subject of the desk's discussion.")


def subject_of_comment(comment: Comment) -> Subject:
    return Subject(SubjectKind(comment.subject_kind), comment.subject_id)


def page_of(subject: Subject) -> str | None:
    """The path of the desk page showing the subject, or None when it has none."""
    page = SUBJECT_PAGES.get(subject.kind)
    return page(subject.id) if page else None


def comments_about(subject: Subject) -> models.QuerySet[Comment]:
    """The subject's comments with their authors, oldest first."""
    return Comment.objects.about(subject.kind, subject.id).select_related("author")


@transaction.atomic
def comment_on(subject: Subject, *, revision_id: int | None, user, body: str) -> Comment:
    """A comment on the subject (on this revision of an excerpt, or None), the mentions of the
    people it names, and its entry in the audit log: one user action."""
    with one_user_action():
        comment = Comment.objects.create(
            subject_kind=subject.kind,
            subject_id=subject.id,
            excerpt_id=subject.excerpt_id,
            revision_id=revision_id,
            author=user,
            body=body,
        )
        audit.record(
            AuditEntry.Kind.COMMENTED,
            subject_kind=subject.kind,
            subject_id=subject.id,
            excerpt_id=subject.excerpt_id,
            revision_id=revision_id,
            actor=user,
            note=body[:200],
        )
    return comment


def mark_mentions_seen(subject: Subject, person) -> int:
    """Opening the subject is reading what mentioned this person there: how many that was."""
    seen = Mention.objects.filter(
        person=person,
        comment__subject_kind=subject.kind,
        comment__subject_id=subject.id,
        seen_at__isnull=True,
    ).update(seen_at=timezone.now())
    if seen:
        # An UPDATE sends no signal, and the inbox's counts are kept until one moves them: on a
        # GET of the subject's page, nothing else tells them.
        desk_changed()
    return seen


@receiver(post_save, sender=Comment, dispatch_uid="desk_mentions_on_comment")
def _tell_the_mentioned(sender, instance: Comment, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        record_mentions(instance)


def record_mentions(comment: Comment) -> list[Mention]:
    """Record who the new comment names (desk.mentions says who that is), and tell those who
    want email, once the comment commits."""
    people = mentioned_people(comment.body, comment.author)
    if not people:
        return []
    mentions = Mention.objects.bulk_create(
        [Mention(comment=comment, person=person) for person in people], ignore_conflicts=True
    )
    readers = [] if is_muted() else opted_in(people)
    if not readers:
        return mentions
    subject = subject_of_comment(comment)
    page = page_of(subject)
    quote = ""
    if comment.excerpt_id is not None and comment.excerpt.current_revision:
        quote = comment.excerpt.current_revision.quote
    if len(quote) > 200:
        quote = quote[:199].rstrip() + "…"
    body = (
        f"{comment.author} wrote on {subject}" + (f", “{quote}”" if quote else "") + ":\n\n"
        f"{comment.body[:1000]}\n\n"
        + (f"Open it: {settings.SITE_URL.rstrip('/')}{page}\n\n" if page else "")
        + "You get this because email notifications are on in your desk preferences."
    )
    title = f"[Briefing Desk] {comment.author} mentioned you on {subject}"
    messages = [(title, body, settings.DEFAULT_FROM_EMAIL, [p.email]) for p in readers]
    after_commit(
        f"send mention emails for comment {comment.pk}",
        lambda: send_mass_mail(messages, fail_silently=False),
    )
    return mentions


def assignment_of(subject: Subject) -> Assignment | None:
    """Who is to review the subject and by when, or None when nobody is."""
    return (
        Assignment.objects.filter(subject_kind=subject.kind, subject_id=subject.id)
        .select_related("assignee", "assigned_by")
        .first()
    )


@transaction.atomic
def assign(subject: Subject, *, assignee, by, due_on: dt.date | None) -> Assignment:
    """Assign the subject to this person (replacing whoever was), told by email unless they
    assigned it to themselves."""
    assignment, _ = Assignment.objects.update_or_create(
        subject_kind=subject.kind,
        subject_id=subject.id,
        defaults={
            "excerpt_id": subject.excerpt_id,
            "assignee": assignee,
            "assigned_by": by,
            "due_on": due_on,
        },
    )
    if assignee != by:
        tell_assignee(str(subject), page_of(subject), assignee, by, due_on)
    return assignment


def unassign(subject: Subject) -> bool:
    """Nobody is to review the subject now; whether somebody was."""
    deleted, _ = Assignment.objects.filter(
        subject_kind=subject.kind, subject_id=subject.id
    ).delete()
    return bool(deleted)
