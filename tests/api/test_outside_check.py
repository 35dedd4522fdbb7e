"""An outside check of every published item, through the API alone.

For each item readers get from /api/items/, a desk token is enough to prove that its quote is the
captured source text at its offsets, that whoever approved it wrote none of the revisions since
readers' previous approved version (nor made the excerpt), and that every correction readers see
carries its note and date. The desk below is built to tempt each rule: rewrites by the reviewer's
colleagues, a correction, a pulled-back scheduled note, a withdrawal.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from desk.models import Excerpt
from desk.publishing.states import Action
from desk.publishing.workflow import TransitionRefused, perform
from tests.factories import edit, excerpt_in, make_excerpt, make_source, start_correction

TEXT = "\n".join(
    [
        "The Council met on Monday to discuss the border.",
        "Ministers said the crossing would reopen “within weeks”, according to officials.",
        "Critics called the decision premature—and politically motivated.",
        "Trade across the border fell by a third over the summer.",
        "Observers expect talks to resume before the winter.",
    ]
)


def _all(client, url: str) -> list[dict]:
    rows = []
    while url:
        page = client.get(url).json()
        rows += page["results"]
        url = page.get("next")
    return rows


def check_published(anonymous, staff) -> int:
    """Every rule above, for every published item; returns how many items were checked."""
    now = timezone.now()
    items = _all(anonymous, "/api/items/")
    for item in items:
        where = f"item {item['id']}"
        version = staff.get(
            f"/api/sources/{item['source_id']}/versions/{item['source_version']}/"
        ).json()
        assert version["text"][item["start"] : item["end"]] == item["quote"], where

        revisions = staff.get(f"/api/excerpts/{item['id']}/revisions/").json()
        by_number = {r["number"]: r for r in revisions}
        shown = by_number[item["revision"]]
        assert (shown["quote"], shown["start"], shown["end"]) == (
            item["quote"],
            item["start"],
            item["end"],
        ), where
        approver = shown["approved_by"]
        assert approver, where
        previous = max(
            (
                r["number"]
                for r in revisions
                if r["number"] < shown["number"] and r["published_at"] and r["approved_by"]
            ),
            default=0,
        )
        writers = {r["written_by"] for r in revisions if previous < r["number"] <= shown["number"]}
        assert approver not in writers | {revisions[0]["written_by"]}, where

        seen = [
            r for r in revisions if r["published_at"] and dt.datetime.fromisoformat(
                r["published_at"].replace("Z", "+00:00")) <= now
        ]  # fmt: skip
        for correction in seen[1:]:
            assert correction["correction_note"].strip(), where
        if item["correction_note"]:
            assert item["published_at"], where
        assert item["correction_note"] == shown["correction_note"], where
    return len(items)


@pytest.fixture
def busy_desk(editor, editor2, reviewer, reviewer2, chief, briefing):
    source = make_source(text=TEXT, title="Border talk", author="A. Writer")

    def make(quote: str, by=editor) -> Excerpt:
        return make_excerpt(editor=by, source=source, briefing=briefing, quote=quote)

    # Plainly reviewed.
    excerpt_in("published", editor=editor, reviewer=reviewer, excerpt=make("The Council met"))
    # Chief's rewrite, reviewed by Rita; then Eddie's correction, which chief may review.
    rewritten = make("Ministers said the crossing")
    edit(rewritten, chief, "Chief's view, reviewed by Rita.")
    published = excerpt_in(
        "published", editor=editor, reviewer=reviewer, excerpt=Excerpt.objects.get(pk=rewritten.pk)
    )
    corrected = perform(
        start_correction(published, editor=editor2, annotation="Eddie's correction."),
        Action.SUBMIT,
        editor2,
    )
    corrected = perform(corrected, Action.APPROVE, chief, correction_note="Eddie fixed a date.")
    perform(corrected, Action.PUBLISH, chief)
    # Chief's words laundered by Edna's typo fix: chief is refused, Ray decides.
    laundered = make("Critics called the decision premature")
    edit(laundered, chief, "Chief's own unreviewed words.")
    laundered = perform(edit(laundered, editor, "Chief's own unreviewed words!"), "submit", editor)
    with pytest.raises(TransitionRefused):
        perform(laundered, Action.APPROVE, chief)
    perform(perform(laundered, Action.APPROVE, reviewer2), Action.PUBLISH, reviewer2)
    # A note approved, scheduled and pulled back before its time.
    pulled = perform(make("Trade across the border"), Action.SUBMIT, editor)
    pulled = perform(pulled, Action.APPROVE, reviewer, correction_note="Pulled back note.")
    pulled = perform(
        pulled, Action.SCHEDULE, reviewer, publish_at=timezone.now() + dt.timedelta(hours=1)
    )
    pulled = perform(pulled, Action.REQUEST_CHANGES, reviewer, comment="Not yet.")
    pulled = perform(edit(pulled, editor, "Reworded."), Action.SUBMIT, editor)
    perform(perform(pulled, Action.APPROVE, reviewer), Action.PUBLISH, reviewer)
    # Withdrawn: not among the items.
    excerpt_in("withdrawn", editor=editor, reviewer=reviewer, excerpt=make("Observers expect"))


def test_every_published_item_passes_the_outside_check(api, token_client, busy_desk, reviewer):
    checked = check_published(api(), token_client(reviewer))
    assert checked == 4


def test_the_outside_check_catches_a_self_approval(api, token_client, busy_desk, reviewer):
    """The check is not blind: an approval recorded for its own writer is found."""
    item = Excerpt.objects.published().order_by("pk").first()
    revision = item.published_revision
    revision.approved_by = revision.created_by
    revision.save(allow_update=True, update_fields=["approved_by"])
    with pytest.raises(AssertionError, match=f"item {item.pk}"):
        check_published(api(), token_client(reviewer))
