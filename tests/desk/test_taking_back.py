"""Schedules taken back leave nothing behind: sending an approved or scheduled revision back to
the editor clears what it was to publish (its time, its correction note), so nothing withdrawn
surfaces later on the item, the briefing or the corrections feed."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from desk.models import Excerpt
from desk.publishing.states import Action, Status
from desk.publishing.workflow import perform
from tests.factories import edit, excerpt_in, start_correction

PULLED = "PULLED-BACK NOTE"
# Every way an approved or scheduled revision goes back towards its editor.
PATHS = [
    ("approved", Action.REQUEST_CHANGES),
    ("approved", Action.REJECT),
    ("scheduled", Action.REQUEST_CHANGES),
    ("scheduled", Action.REJECT),
    ("scheduled", Action.UNSCHEDULE),
]


def _approved_with_note(draft, editor, reviewer, state):
    excerpt = perform(draft, Action.SUBMIT, editor)
    excerpt = perform(excerpt, Action.APPROVE, reviewer, correction_note=PULLED)
    if state == "scheduled":
        excerpt = perform(
            excerpt,
            Action.SCHEDULE,
            reviewer,
            publish_at=timezone.now() + dt.timedelta(hours=1),
        )
    return excerpt


@pytest.mark.parametrize(("state", "action"), PATHS)
def test_taking_back_clears_the_time_and_the_note(draft, editor, reviewer, state, action):
    excerpt = _approved_with_note(draft, editor, reviewer, state)
    revision = excerpt.current_revision
    assert revision.correction_note == PULLED
    back = perform(excerpt, action, reviewer, comment="Not yet.")
    revision.refresh_from_db()
    assert (revision.published_at, revision.correction_note) == (None, "")
    assert back.published_revision_id is None and back.visible_from is None
    assert back.first_published_at is None


def _time_passes(monkeypatch, hours: int) -> None:
    later = timezone.now() + dt.timedelta(hours=hours)
    monkeypatch.setattr(timezone, "now", lambda: later)


def _public_texts(client, briefing, excerpt) -> list[str]:
    feed = client.get(reverse("briefings:corrections_feed", args=[briefing.slug]))
    ET.fromstring(feed.content)  # still a valid feed
    return [
        client.get(reverse("briefings:item", args=[briefing.slug, excerpt.pk])).content.decode(),
        client.get(briefing.get_absolute_url()).content.decode(),
        feed.content.decode(),
        client.get("/api/items/").content.decode(),
    ]


@pytest.mark.parametrize(("state", "action"), PATHS)
def test_a_pulled_back_note_never_reaches_readers(
    client, monkeypatch, draft, editor, reviewer, briefing, state, action
):
    """The walk-around: approve with a note, schedule, send back before the time, publish
    another revision; once the first time passes, the withdrawn note must not appear."""
    excerpt = _approved_with_note(draft, editor, reviewer, state)
    excerpt = perform(excerpt, action, reviewer, comment="Not this one.")
    if excerpt.status == Status.REJECTED:
        excerpt = perform(excerpt, Action.REOPEN, editor)
    if excerpt.status == Status.APPROVED:  # unscheduled: back to the editor from approved
        excerpt = perform(excerpt, Action.REQUEST_CHANGES, reviewer, comment="Redo it.")
    excerpt = edit(excerpt, editor, "The version readers should see.")
    published = excerpt_in("published", editor=editor, reviewer=reviewer, excerpt=excerpt)
    assert published.status == Status.PUBLISHED
    _time_passes(monkeypatch, hours=2)
    for text in _public_texts(client, briefing, published):
        assert PULLED not in text
        assert "The version readers should see." in text or "<feed" in text


def test_a_correction_sent_back_keeps_only_the_note_finally_approved(
    client, monkeypatch, published, editor, reviewer, briefing
):
    corrected = start_correction(published, editor=editor, annotation="First try.")
    corrected = perform(corrected, Action.SUBMIT, editor)
    corrected = perform(corrected, Action.APPROVE, reviewer, correction_note=PULLED)
    corrected = perform(corrected, Action.REQUEST_CHANGES, reviewer, comment="Not quite.")
    assert corrected.published_revision_id == published.published_revision_id  # still up
    corrected = edit(corrected, editor, "Second try.")
    corrected = perform(corrected, Action.SUBMIT, editor)
    corrected = perform(corrected, Action.APPROVE, reviewer, correction_note="The final note.")
    perform(corrected, Action.PUBLISH, reviewer)
    _time_passes(monkeypatch, hours=2)
    texts = _public_texts(client, briefing, Excerpt.objects.get(pk=published.pk))
    assert all(PULLED not in text for text in texts)
    assert "The final note." in texts[0] and "The final note." in texts[2]
