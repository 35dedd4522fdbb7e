"""The review workflow's rules: roles, four eyes, required comments, conflicts."""

from __future__ import annotations

import pytest

from desk.models import AuditEntry, Comment, Excerpt
from desk.publishing.states import Action, Status
from desk.publishing.workflow import TransitionConflict, TransitionRefused, perform
from tests.factories import edit


def test_submit_then_approve_then_publish_records_each_step(draft, editor, reviewer):
    excerpt = perform(draft, Action.SUBMIT, editor)
    excerpt = perform(excerpt, Action.APPROVE, reviewer)
    excerpt = perform(excerpt, Action.PUBLISH, reviewer)
    excerpt.refresh_from_db()
    assert excerpt.status == Status.PUBLISHED
    assert excerpt.published_revision_id == excerpt.current_revision_id
    assert excerpt.is_live
    steps = list(
        AuditEntry.objects.filter(excerpt=excerpt).values_list(
            "kind", "from_status", "to_status", "actor"
        )
    )
    assert steps == [
        ("created", "", "draft", editor.pk),
        ("transition", "draft", "submitted", editor.pk),
        ("transition", "submitted", "approved", reviewer.pk),
        ("transition", "approved", "published", reviewer.pk),
    ]
    revision = excerpt.current_revision
    revision.refresh_from_db()
    assert revision.approved_by == reviewer


def test_nobody_approves_their_own_excerpt_even_with_both_roles(chief, source, briefing):
    from tests.factories import make_excerpt

    excerpt = perform(
        make_excerpt(editor=chief, source=source, briefing=briefing), Action.SUBMIT, chief
    )
    with pytest.raises(TransitionRefused, match="Four eyes"):
        perform(excerpt, Action.APPROVE, chief)
    excerpt.refresh_from_db()
    assert excerpt.status == Status.SUBMITTED


def test_a_superuser_cannot_approve_their_own_excerpt(superuser, source, briefing):
    from tests.factories import make_excerpt

    excerpt = perform(
        make_excerpt(editor=superuser, source=source, briefing=briefing), Action.SUBMIT, superuser
    )
    with pytest.raises(TransitionRefused, match="Four eyes"):
        perform(excerpt, Action.APPROVE, superuser)


def test_the_last_editor_cannot_approve_either(submitted, chief, editor, reviewer):
    """chief edits the excerpt someone else made, then may not approve it."""
    excerpt = perform(submitted, Action.REQUEST_CHANGES, reviewer, comment="Tighten it.")
    edit(excerpt, chief, "Tightened.")
    excerpt = perform(Excerpt.objects.get(pk=excerpt.pk), Action.SUBMIT, chief)
    with pytest.raises(TransitionRefused, match="Four eyes"):
        perform(excerpt, Action.APPROVE, chief)
    assert perform(excerpt, Action.APPROVE, reviewer).status == Status.APPROVED


@pytest.mark.parametrize("role_fixture", ["editor2", "outsider"])
def test_only_reviewers_approve(submitted, request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    with pytest.raises(TransitionRefused, match="Only reviewers"):
        perform(submitted, Action.APPROVE, user)


def test_reviewers_do_not_submit(draft, reviewer):
    with pytest.raises(TransitionRefused, match="Only editors"):
        perform(draft, Action.SUBMIT, reviewer)


@pytest.mark.parametrize("action", [Action.REQUEST_CHANGES, Action.REJECT])
def test_sending_back_or_rejecting_needs_a_comment(submitted, reviewer, action):
    with pytest.raises(TransitionRefused, match="needs a comment"):
        perform(submitted, action, reviewer, comment="   ")
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_sending_back_keeps_the_comment(submitted, reviewer):
    excerpt = perform(submitted, Action.REQUEST_CHANGES, reviewer, comment="Cite the minister.")
    assert excerpt.status == Status.CHANGES_REQUESTED
    assert Comment.objects.get(excerpt=excerpt).body == "Cite the minister."


def test_a_draft_cannot_be_approved(draft, reviewer):
    with pytest.raises(TransitionRefused, match="cannot be sent"):
        perform(draft, Action.APPROVE, reviewer)


def test_acting_on_a_stale_view_is_a_conflict_naming_who_acted(submitted, reviewer, reviewer2):
    stale = Excerpt.objects.get(pk=submitted.pk)
    perform(submitted, Action.APPROVE, reviewer)
    with pytest.raises(TransitionConflict, match="by rita"):
        perform(stale, Action.APPROVE, reviewer2)
    assert AuditEntry.objects.filter(excerpt=submitted, action=Action.APPROVE).count() == 1


def test_a_stale_view_of_ones_own_step_says_so_rather_than_naming_oneself(
    submitted, reviewer, reviewer2
):
    stale = Excerpt.objects.get(pk=submitted.pk)
    perform(submitted, Action.REQUEST_CHANGES, reviewer, comment="Which report?")
    with pytest.raises(TransitionConflict) as refused:
        perform(stale, Action.APPROVE, reviewer)  # the same reviewer, from an older tab
    assert "You acted on this excerpt in another window or tab" in str(refused.value)
    assert "Someone acted first" not in str(refused.value)
    assert str(reviewer) not in str(refused.value)
    submitted.refresh_from_db()
    assert submitted.status == Status.CHANGES_REQUESTED
