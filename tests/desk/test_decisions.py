"""Decisions that explain themselves: three notes for three audiences, reasons for what is closed,
and a look before withdrawing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.models import Comment
from desk.publishing.states import Action, Status
from desk.publishing.workflow import perform
from tests.factories import excerpt_in, make_excerpt

FOUR_EYES = "You wrote or last edited this; another reviewer must approve it."


def test_the_author_with_both_roles_sees_why_approve_is_closed(as_user, chief, source, briefing):
    excerpt = perform(
        make_excerpt(editor=chief, source=source, briefing=briefing), Action.SUBMIT, chief
    )
    page = as_user(chief).get(excerpt.get_absolute_url()).content.decode()
    assert FOUR_EYES in page
    assert 'disabled aria-describedby="why-approve">Approve</button>' in page
    assert "Approve and publish" not in page


def test_an_editor_is_told_only_reviewers_decide(as_user, editor, submitted):
    page = as_user(editor).get(submitted.get_absolute_url()).content.decode()
    assert "Only reviewers can approve." in page
    assert "Request changes" in page  # shown, closed, with its reason


def test_a_reviewer_sees_open_decisions_and_no_reasons(as_user, reviewer, submitted):
    page = as_user(reviewer).get(submitted.get_absolute_url()).content.decode()
    assert "Approve and publish" in page
    assert FOUR_EYES not in page
    assert "Not available to you now" not in page


def test_a_state_that_does_not_allow_a_decision_does_not_list_it(as_user, reviewer, submitted):
    page = as_user(reviewer).get(submitted.get_absolute_url()).content.decode()
    assert "Withdraw" not in page and "Reopen as draft" not in page


def test_withdrawing_asks_first_for_the_public_note_and_a_confirmation(
    as_user, reviewer, published
):
    client = as_user(reviewer)
    detail = client.get(published.get_absolute_url()).content.decode()
    confirm_url = reverse("desk:excerpt_withdraw", args=[published.pk])
    assert confirm_url in detail  # a link to the step before, not a button that acts

    page = client.get(confirm_url).content.decode()
    assert "Public note (readers see this)" in page
    assert "I understand readers will no longer see this item" in page

    url = reverse("desk:excerpt_transition", args=[published.pk, "withdraw"])
    seen = {"seen_status": published.status, "seen_revision": published.current_revision_id}
    client.post(url, {**seen, "public_note": "The minister's words were misattributed."})
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED  # not confirmed: nothing happened

    client.post(
        url, {**seen, "public_note": "The minister's words were misattributed.", "confirm": "on"}
    )
    published.refresh_from_db()
    assert published.status == Status.WITHDRAWN
    assert published.withdrawal_note == "The minister's words were misattributed."


def test_the_withdrawal_step_is_refused_to_editors_and_for_items_readers_cannot_see(
    as_user, editor, reviewer, published, source, briefing
):
    url = reverse("desk:excerpt_withdraw", args=[published.pk])
    assert as_user(editor).get(url).status_code == 403
    unseen = make_excerpt(editor=editor, source=source, briefing=briefing, quote="Ministers said")
    response = as_user(reviewer).get(reverse("desk:excerpt_withdraw", args=[unseen.pk]))
    assert response.status_code == 302
    assert response["Location"] == unseen.get_absolute_url()


def test_the_desk_comment_stays_off_the_public_page(as_user, reviewer, submitted, client):
    as_user(reviewer).post(
        reverse("desk:excerpt_transition", args=[submitted.pk, "approve_publish"]),
        {
            "seen_status": submitted.status,
            "seen_revision": submitted.current_revision_id,
            "comment": "Internal: checked against the recording.",
        },
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED
    # One comment box, one comment, though "approve and publish" is two decisions.
    assert Comment.objects.filter(excerpt=submitted, body__startswith="Internal").count() == 1
    public = client.get(submitted.get_public_url()).content.decode()
    assert "checked against the recording" not in public


@pytest.fixture
def correcting(published, editor2, as_user):
    client = as_user(editor2)
    revision = published.current_revision
    page = client.get(reverse("desk:excerpt_edit", args=[published.pk])).content.decode()
    assert "Saving starts a correction" in page
    client.post(
        reverse("desk:excerpt_edit", args=[published.pk]),
        {
            "annotation": "Corrected commentary.",
            "kind": revision.kind,
            "briefing": revision.briefing_id,
            "base_revision": revision.pk,
            "correction_note": "The date was wrong.",
        },
    )
    published.refresh_from_db()
    return published


def test_the_editors_correction_note_reaches_the_reviewer(correcting, as_user, reviewer):
    assert correcting.status == Status.DRAFT
    assert correcting.current_revision.correction_note == "The date was wrong."
    page = as_user(reviewer).get(correcting.get_absolute_url()).content.decode()
    assert "Correction in progress — the published version stays live" in page
    assert "Readers see revision 1" in page


def test_a_correction_submitted_shows_the_reviewer_the_note_prefilled(
    correcting, as_user, editor2, reviewer
):
    excerpt = perform(correcting, Action.SUBMIT, editor2)
    page = as_user(reviewer).get(excerpt.get_absolute_url()).content.decode()
    assert "Correction note (readers see this)" in page
    assert 'value="The date was wrong."' in page


def test_a_correction_badge_in_desk_lists(correcting, as_user, editor):
    page = as_user(editor).get(reverse("desk:review_queue") + "?status=draft").content.decode()
    assert "Correction in progress — the published version stays live" in page


def test_the_page_the_lists_and_the_readers_card_agree_on_a_correction_in_progress(
    correcting, as_user, reviewer
):
    """One answer (Excerpt.in_correction): the card asked whether readers could see the item,
    so a correction in a briefing not yet public was "in progress" on the page and in the lists
    but a plain draft on the card."""
    briefing = correcting.published_revision.briefing
    briefing.is_public = False
    briefing.save()
    client = as_user(reviewer)
    badge = "Correction in progress — the published version stays live"
    assert badge in client.get(correcting.get_absolute_url()).content.decode()
    listed = client.get(reverse("desk:review_queue") + "?status=draft").content.decode()
    assert badge in listed
    card = client.get(reverse("desk:excerpt_card", args=[correcting.pk])).json()
    assert card["status_label"] == badge


def test_the_conflict_page_compares_every_field_and_says_what_each_choice_keeps(
    as_user, editor, editor2, draft
):
    revision = draft.current_revision
    form = {
        "annotation": "Mine.",
        "kind": "forecast",
        "briefing": revision.briefing_id,
        "base_revision": revision.pk,
    }
    as_user(editor).post(
        reverse("desk:excerpt_edit", args=[draft.pk]), {**form, "annotation": "Theirs."}
    )
    page = (
        as_user(editor2).post(reverse("desk:excerpt_edit", args=[draft.pk]), form).content.decode()
    )
    assert "Kind of statement" in page and "Forecast" in page and "Claim" in page
    assert "Discard my changes and keep theirs" in page
    assert "keeps your version as the newest revision" in page
    assert "leave yours" not in page
    draft.refresh_from_db()
    assert draft.current_revision.annotation == "Theirs."


def test_excerpt_in_scheduled_offers_reschedule_and_unschedule(
    as_user, editor, reviewer, source, briefing
):
    excerpt = excerpt_in(
        "scheduled", editor=editor, reviewer=reviewer, source=source, briefing=briefing
    )
    page = as_user(reviewer).get(excerpt.get_absolute_url()).content.decode()
    assert ">Reschedule</button>" in page and ">Unschedule</button>" in page
    assert "Publishes " in page


def test_the_readers_card_tells_status_and_annotation(as_user, editor, outsider, submitted):
    url = reverse("desk:excerpt_card", args=[submitted.pk])
    data = as_user(editor).get(url).json()
    assert data == {
        "pk": submitted.pk,
        "status": "submitted",
        "status_label": "Submitted for review",
        "annotation": submitted.current_revision.annotation,
        "url": submitted.get_absolute_url(),
    }
    assert as_user(outsider).get(url).status_code == 403
    assert as_user(None).get(url).status_code == 302


def test_approving_scheduling_and_publishing_never_read_the_sources_text_again(submitted, reviewer):
    """A decision writes who and when on the revision; re-validating its quote against the
    source read the source's whole text (megabytes for a long report) at every step."""
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    with CaptureQueriesContext(connection) as queries:
        approved = perform(submitted, Action.APPROVE, reviewer)
        scheduled = perform(
            approved,
            Action.SCHEDULE,
            reviewer,
            publish_at=timezone.now() + dt.timedelta(days=1),
        )
        perform(scheduled, Action.PUBLISH, reviewer)
    texts = [q["sql"] for q in queries if '"sources_sourceversion"."text"' in q["sql"]]
    assert len(queries) > 10  # the decisions ran and were captured
    assert texts == []
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED
    assert submitted.current_revision.approved_by == reviewer
