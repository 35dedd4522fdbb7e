"""Four eyes over everyone who wrote: nobody approves, schedules or publishes words they wrote
since readers' version was approved, however small their part, and an edit that changes nothing
is refused instead of making its saver a writer. (Issue: "an empty edit launders authorship".)"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from desk.models import Excerpt
from desk.publishing.four_eyes import awaiting_review_by
from desk.publishing.revisions import EditRefused
from desk.publishing.states import Action, Status
from desk.publishing.workflow import TransitionRefused, Why, perform, refusal
from tests.factories import edit, excerpt_in, make_excerpt, start_correction


def api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _etag(client, excerpt) -> str:
    return client.get(f"/api/excerpts/{excerpt.pk}/")["ETag"]


def test_an_empty_patch_is_refused_and_does_not_launder_the_chiefs_words(editor, chief, draft):
    """The walk-around: editor makes it, chief rewrites it, editor sends an empty PATCH and
    submits, chief approves and publishes his own unreviewed words."""
    rewritten = edit(draft, chief, "The chief's own unreviewed words.")
    client = api(editor)
    response = client.patch(
        f"/api/excerpts/{draft.pk}/", {}, format="json", HTTP_IF_MATCH=_etag(client, draft)
    )
    assert response.status_code == 400
    assert "Nothing changed" in response.json()["detail"]
    assert rewritten.revisions.count() == 2
    submitted = perform(Excerpt.objects.get(pk=draft.pk), Action.SUBMIT, editor)

    chief_client = api(chief)
    response = chief_client.post(f"/api/excerpts/{draft.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    assert "Four eyes" in response.json()["detail"]
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_an_edit_that_changes_nothing_is_refused_on_the_form(as_user, editor, draft):
    revision = draft.current_revision
    response = as_user(editor).post(
        reverse("desk:excerpt_edit", args=[draft.pk]),
        {
            "annotation": revision.annotation,
            "kind": revision.kind,
            "briefing": revision.briefing_id,
            "base_revision": revision.pk,
        },
    )
    assert response.status_code == 200
    assert "Nothing changed" in response.content.decode()
    draft.refresh_from_db()
    assert draft.current_revision_id == revision.pk and draft.revisions.count() == 1


def test_an_edit_that_changes_nothing_is_refused_on_a_published_item(published, editor2):
    with pytest.raises(EditRefused, match="Nothing changed"):
        edit(published, editor2, published.current_revision.annotation)
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED and published.revisions.count() == 1


def test_a_colleagues_typo_fix_does_not_let_the_chief_approve_his_rewrite(
    editor, chief, reviewer, draft
):
    edit(draft, chief, "The chief rewrote the annotation entirely.")
    fixed = edit(draft, editor, "The chief rewrote the annotation entirely!")  # a typo fix
    submitted = perform(fixed, Action.SUBMIT, editor)
    with pytest.raises(TransitionRefused) as refused:
        perform(submitted, Action.APPROVE, chief)
    assert refused.value.why == Why.FOUR_EYES
    assert "revision 2" in refused.value.message
    approved = perform(submitted, Action.APPROVE, reviewer)
    assert approved.status == Status.APPROVED


@pytest.mark.parametrize("action", [Action.SCHEDULE, Action.PUBLISH])
def test_a_writer_may_not_schedule_or_publish_what_another_approved(
    editor, chief, reviewer, draft, action
):
    edit(draft, chief, "Chief's paragraph.")
    approved = perform(
        perform(Excerpt.objects.get(pk=draft.pk), Action.SUBMIT, editor), Action.APPROVE, reviewer
    )
    reason = refusal(approved, action, chief)
    assert reason is not None and reason.why == Why.FOUR_EYES
    assert action not in [t.action for t in _allowed(approved, chief)]


def _allowed(excerpt, user):
    from desk.publishing.workflow import allowed_actions

    return allowed_actions(excerpt, user)


def test_a_correction_counts_everyone_who_wrote_since_readers_version(
    published, chief, editor2, reviewer
):
    corrected = start_correction(published, editor=chief, annotation="Chief's correction.")
    typo = edit(corrected, editor2, "Chief's correction, spelled right.")
    submitted = perform(typo, Action.SUBMIT, editor2)
    with pytest.raises(TransitionRefused, match="Four eyes"):
        perform(submitted, Action.APPROVE, chief, correction_note="Fixed.")
    assert (
        perform(submitted, Action.APPROVE, reviewer, correction_note="Fixed.").status
        == Status.APPROVED
    )


def test_words_already_approved_for_readers_no_longer_bind_their_writer(
    editor, chief, reviewer, editor2, draft
):
    """Chief's revision went through another reviewer and readers saw it: a later correction
    written by someone else is chief's to review."""
    edit(draft, chief, "Chief's words, reviewed by Rita.")
    published = excerpt_in(
        "published", editor=editor, reviewer=reviewer, excerpt=Excerpt.objects.get(pk=draft.pk)
    )
    corrected = start_correction(published, editor=editor2, annotation="Eddie's correction.")
    submitted = perform(corrected, Action.SUBMIT, editor2)
    approved = perform(submitted, Action.APPROVE, chief, correction_note="Eddie fixed it.")
    assert approved.status == Status.APPROVED


def test_the_review_queue_leaves_out_what_the_reviewer_wrote(
    editor, chief, reviewer, draft, source, briefing
):
    edit(draft, chief, "Chief's paragraph.")
    fixed = edit(draft, editor, "Chief's paragraph, fixed.")
    perform(fixed, Action.SUBMIT, editor)
    untouched = excerpt_in("submitted", editor=editor, reviewer=reviewer, source=source,
                           briefing=briefing, quote="Critics called the decision premature")  # fmt: skip
    assert list(awaiting_review_by(Excerpt.objects.all(), chief)) == [untouched]
    assert set(awaiting_review_by(Excerpt.objects.all(), reviewer)) == {untouched, fixed}


def test_the_maker_still_may_not_approve_even_after_others_rewrote_it(
    chief, editor, reviewer, source, briefing
):
    mine = excerpt_in("draft", editor=chief, reviewer=reviewer, source=source, briefing=briefing)
    edit(mine, editor, "Rewritten by Edna.")
    submitted = perform(Excerpt.objects.get(pk=mine.pk), Action.SUBMIT, editor)
    with pytest.raises(TransitionRefused, match="you made this excerpt"):
        perform(submitted, Action.APPROVE, chief)


def test_the_api_offers_a_writer_no_approval_in_lists_or_details(editor, chief, reviewer, draft):
    edit(draft, chief, "Chief's paragraph.")
    fixed = edit(draft, editor, "Chief's paragraph, fixed.")
    perform(fixed, Action.SUBMIT, editor)

    def offered(user) -> tuple[list, list]:
        client = api(user)
        listed = client.get("/api/excerpts/").json()["results"][0]["allowed_actions"]
        detail = client.get(f"/api/excerpts/{draft.pk}/").json()["allowed_actions"]
        return [a["name"] for a in listed], [a["name"] for a in detail]

    assert offered(chief) == (["request-changes", "reject"], ["request-changes", "reject"])
    assert "approve" in offered(reviewer)[0] and "approve" in offered(reviewer)[1]


def test_each_row_of_a_list_is_judged_by_its_own_approved_revision(
    editor, chief, reviewer, source, briefing
):
    """Readers' approved revision number is read per row: a list holding an item approved at
    revision 1 and, updated later, one approved at revision 4 must not judge the first by the
    second's number (the chief wrote revision 2 of the first, after its approval)."""
    corrected = excerpt_in("published", editor=editor, reviewer=reviewer, source=source,
                           briefing=briefing, quote="The Council met on Monday to discuss the border.")  # fmt: skip
    start_correction(corrected, editor=chief, annotation="The chief's correction.")
    fixed = edit(corrected, editor, "The chief's correction, fixed.")
    perform(fixed, Action.SUBMIT, editor)
    newer = make_excerpt(editor=editor, source=source, briefing=briefing,
                         quote="Critics called the decision premature—and politically motivated.")  # fmt: skip
    for n in range(3):
        newer = edit(newer, editor, f"Draft {n}.")
    newer = excerpt_in("published", editor=editor, reviewer=reviewer, excerpt=newer)
    assert newer.published_revision.number == 4
    assert Excerpt.objects.filter(pk=newer.pk).get().updated_at >= fixed.updated_at

    listed = {
        row["id"]: [a["name"] for a in row["allowed_actions"]]
        for row in api(chief).get("/api/excerpts/").json()["results"]
    }
    assert "approve" not in listed[corrected.pk]
    assert corrected not in awaiting_review_by(Excerpt.objects.all(), chief)
