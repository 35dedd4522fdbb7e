"""The discussion of any subject: comments, @mentions and assignments through desk.discussion work
for a subject that is not an excerpt (a source here), and the database keeps each one's subject
and excerpt alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from desk.discussion import (
    Subject,
    assign,
    assignment_of,
    comment_on,
    comments_about,
    mark_mentions_seen,
    subject_of,
    unassign,
)
from desk.inbox import sections_for
from desk.models import Assignment, AuditEntry, Comment, Mention, SubjectKind
from desk.publishing.states import Action
from desk.publishing.workflow import perform


def test_a_source_is_commented_on_without_an_excerpt(source, editor, reviewer):
    subject = subject_of(source)
    assert subject == Subject(SubjectKind.SOURCE, source.pk)
    comment = comment_on(subject, revision_id=None, user=editor, body="Is this the final text?")
    comment.refresh_from_db()
    assert (comment.subject_kind, comment.subject_id) == ("source", source.pk)
    assert comment.excerpt_id is None and comment.revision_id is None
    assert list(comments_about(subject)) == [comment]
    assert not Comment.objects.about(SubjectKind.EXCERPT, source.pk).exists()
    [entry] = AuditEntry.objects.about(SubjectKind.SOURCE, source.pk)
    assert (entry.kind, entry.actor, entry.excerpt_id) == (
        AuditEntry.Kind.COMMENTED,
        editor,
        None,
    )
    assert entry.note == "Is this the final text?"


def test_a_comment_and_its_audit_entry_are_one_user_action(draft, editor):
    comment = comment_on(
        subject_of(draft), revision_id=draft.current_revision_id, user=editor, body="Check it."
    )
    entry = AuditEntry.objects.about(SubjectKind.EXCERPT, draft.pk).get(
        kind=AuditEntry.Kind.COMMENTED
    )
    assert (comment.excerpt_id, comment.subject_id) == (draft.pk, draft.pk)
    assert entry.excerpt_id == draft.pk and entry.revision_id == draft.current_revision_id
    assert list(draft.comments.all()) == [comment]


def test_a_mention_on_a_source_is_recorded_told_shown_and_cleared(
    as_user, source, editor, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    reviewer.email = "rita@example.org"
    reviewer.save()
    subject = subject_of(source)
    with django_capture_on_commit_callbacks(execute=True):
        comment_on(subject, revision_id=None, user=editor, body="@rita is the date right?")
    mention = Mention.objects.get()
    assert mention.person == reviewer and mention.comment.excerpt_id is None
    [message] = mailoutbox
    assert message.subject == f"[Briefing Desk] edna mentioned you on source {source.pk}"
    assert reverse("sources:reader", args=[source.pk]) in message.body
    assert "is the date right?" in message.body

    home = as_user(reviewer).get(reverse("desk:home")).content.decode()
    card = home.split(f"mentioned you on source {source.pk}")[0].rsplit("<li>", 1)[1]
    assert f'href="{reverse("sources:reader", args=[source.pk])}"' in card
    assert mark_mentions_seen(subject, reviewer) == 1
    mentions = next(s for s in sections_for(reviewer) if s.key == "mentions")
    assert mentions.count == 0


def test_opening_an_excerpt_does_not_clear_a_mention_about_something_else(
    as_user, source, draft, editor, reviewer
):
    comment_on(subject_of(source), revision_id=None, user=editor, body="@rita see the source")
    as_user(reviewer).get(draft.get_absolute_url())
    assert Mention.objects.get().seen_at is None


def test_a_source_is_assigned_reassigned_and_unassigned(
    source, editor, reviewer, reviewer2, mailoutbox, django_capture_on_commit_callbacks
):
    reviewer.email = "rita@example.org"
    reviewer.save()
    subject = subject_of(source)
    due = dt.date(2026, 12, 24)
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign(subject, assignee=reviewer, by=editor, due_on=due)
    assignment.refresh_from_db()
    assert (assignment.subject_kind, assignment.subject_id) == ("source", source.pk)
    assert assignment.excerpt_id is None and assignment.due_on == due
    [message] = mailoutbox
    assert message.subject == f"[Briefing Desk] Source {source.pk} assigned to you by edna"
    assert "due 24 December 2026" in message.body

    assign(subject, assignee=reviewer2, by=reviewer2, due_on=None)
    assert Assignment.objects.count() == 1
    assert assignment_of(subject).assignee == reviewer2
    assert len(mailoutbox) == 1  # who claims it is not told
    assert unassign(subject) is True
    assert assignment_of(subject) is None
    assert unassign(subject) is False


def test_an_excerpts_assignment_is_still_its_own(draft, editor, reviewer):
    assign(subject_of(draft), assignee=reviewer, by=editor, due_on=None)
    draft.refresh_from_db()
    assert draft.assignment.assignee == reviewer
    assert draft.assignment.subject_id == draft.pk


def test_a_decisions_comment_names_its_excerpt_as_subject(submitted, reviewer):
    perform(submitted, Action.REQUEST_CHANGES, reviewer, comment="Shorter, please.")
    comment = Comment.objects.get()
    assert (comment.subject_kind, comment.subject_id, comment.excerpt_id) == (
        "excerpt",
        submitted.pk,
        submitted.pk,
    )


def test_something_that_is_no_subject_is_refused(draft):
    with pytest.raises(ValueError, match="not a subject"):
        subject_of(draft.current_revision)


@pytest.mark.parametrize(
    "kind, names_excerpt",
    [("excerpt", "another"), ("source", "the same")],
    ids=["an excerpt naming another", "a source naming an excerpt"],
)
def test_the_database_keeps_subject_and_excerpt_alike(draft, editor, kind, names_excerpt):
    subject_id = draft.pk + 1000 if names_excerpt == "another" else draft.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(
            subject_kind=kind, subject_id=subject_id, excerpt=draft, author=editor, body="x"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            subject_kind=kind,
            subject_id=subject_id,
            excerpt=draft,
            assignee=editor,
            assigned_by=editor,
        )


def test_the_database_keeps_one_assignment_per_subject(source, editor, reviewer):
    Assignment.objects.create(
        subject_kind="source", subject_id=source.pk, assignee=reviewer, assigned_by=editor
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            subject_kind="source", subject_id=source.pk, assignee=editor, assigned_by=editor
        )
