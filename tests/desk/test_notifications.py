"""Email after commit: reviewers on submission, editors on decisions, unless they opt out."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from desk.models import Preference
from desk.publishing.states import Action
from desk.publishing.workflow import perform


def test_reviewers_hear_of_a_submission_after_commit(
    draft, editor, reviewer, reviewer2, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        perform(draft, Action.SUBMIT, editor)
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([reviewer.email, reviewer2.email])
    assert "submit for review" in mail.outbox[0].subject


def test_the_editor_hears_of_a_decision_with_the_comment(
    submitted, editor, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        perform(submitted, Action.REQUEST_CHANGES, reviewer, comment="Name the source.")
    [message] = mail.outbox
    assert message.to == [editor.email]
    assert "Name the source." in message.body


def test_nobody_is_mailed_about_their_own_action(draft, chief, django_capture_on_commit_callbacks):
    from tests.factories import make_excerpt

    excerpt = make_excerpt(
        editor=chief,
        source=draft.source,
        briefing=draft.current_revision.briefing,
        quote="Ministers",
    )
    with django_capture_on_commit_callbacks(execute=True):
        perform(excerpt, Action.SUBMIT, chief)
    assert chief.email not in [m.to[0] for m in mail.outbox]


def test_a_person_can_turn_notifications_off(
    as_user, submitted, editor, reviewer, django_capture_on_commit_callbacks
):
    as_user(editor).post(reverse("desk:preferences"), {})  # unchecked box
    assert Preference.objects.get(user=editor).email_notifications is False
    with django_capture_on_commit_callbacks(execute=True):
        perform(submitted, Action.REJECT, reviewer, comment="Out of scope.")
    assert mail.outbox == []


@pytest.mark.parametrize(("persona", "expected"), [("editor", 200), ("outsider", 403), (None, 302)])
def test_preferences_page_roles(as_user, request, persona, expected):
    user = request.getfixturevalue(persona) if persona else None
    assert as_user(user).get(reverse("desk:preferences")).status_code == expected


def test_approve_and_publish_mails_the_editor_once(
    as_user, submitted, editor, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(reviewer).post(
            reverse("desk:excerpt_transition", args=[submitted.pk, "approve_publish"]),
            {
                "seen_status": submitted.status,
                "seen_revision": submitted.current_revision_id,
                "comment": "Well sourced.",
            },
        )
    submitted.refresh_from_db()
    assert submitted.status == "published"
    [message] = mailoutbox
    assert message.body.count("Well sourced.") == 1
    assert message.to == [editor.email]
    assert "approved and published" in message.subject
    assert "approved and published" in message.body


def test_a_lone_approval_still_says_approve(
    submitted, editor, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        perform(submitted, Action.APPROVE, reviewer)
    [message] = mailoutbox
    assert "approve" in message.subject and "published" not in message.subject
