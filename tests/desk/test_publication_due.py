"""A scheduled item goes up at its time with no request path publishing anything: readers and the
workflow compare with the clock, the one excerpt someone acts on records its own publication
first, and `manage.py publish_due` (cron) records the rest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from desk.models import AuditEntry, Excerpt
from desk.publishing.states import Action, Status
from desk.publishing.workflow import TransitionRefused, Why, perform
from tests.factories import excerpt_in


@pytest.fixture
def fallen_due(monkeypatch, editor, reviewer, source, briefing):
    """A scheduled item whose time has come, with no one having recorded its publication."""
    scheduled = excerpt_in("scheduled", editor=editor, reviewer=reviewer, source=source,
                           briefing=briefing, publish_at=timezone.now() + dt.timedelta(hours=1))  # fmt: skip
    later = timezone.now() + dt.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    return scheduled


def test_desk_pages_publish_nothing_yet_readers_see_it(client, as_user, reviewer, fallen_due):
    desk = as_user(reviewer)
    assert desk.get(reverse("desk:home")).status_code == 200
    assert desk.get(reverse("desk:review_queue")).status_code == 200
    assert Excerpt.objects.get(pk=fallen_due.pk).status == Status.SCHEDULED
    page = client.get(reverse("briefings:item", args=[fallen_due.published_revision.briefing.slug,
                                                      fallen_due.pk]))  # fmt: skip
    assert page.status_code == 200


def test_acting_on_it_records_its_publication_first(reviewer, fallen_due):
    withdrawn = perform(fallen_due, Action.WITHDRAW, reviewer, comment="Out of date.")
    assert withdrawn.status == Status.WITHDRAWN
    steps = list(AuditEntry.objects.filter(excerpt=fallen_due, kind="transition"))
    assert [(e.action, e.actor) for e in steps[-2:]] == [("publish", None), ("withdraw", reviewer)]


@pytest.mark.parametrize("action", [Action.REQUEST_CHANGES, Action.REJECT, Action.UNSCHEDULE])
def test_what_readers_already_see_cannot_be_taken_back_as_unpublished(reviewer, fallen_due, action):
    with pytest.raises(TransitionRefused) as refused:
        perform(fallen_due, action, reviewer, comment="Too late.")
    assert refused.value.why == Why.STATE
    excerpt = Excerpt.objects.get(pk=fallen_due.pk)
    assert excerpt.published_revision_id is not None and excerpt.is_live


def test_publish_due_records_the_rest(fallen_due):
    call_command("publish_due")
    assert Excerpt.objects.get(pk=fallen_due.pk).status == Status.PUBLISHED
    assert AuditEntry.objects.filter(excerpt=fallen_due, action="publish", actor=None).exists()
