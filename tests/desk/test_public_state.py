"""The public ETag and Last-Modified move when readers' view moves, and only then.

Outsiders must not learn from the headers when the desk is at work: drafts, private briefings,
schedules set and taken back, and topics, sources or events that no live item shows never move
them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from desk.models import Briefing
from desk.publishing.states import Action
from desk.publishing.workflow import perform
from tests.factories import (
    BriefingFactory,
    EventFactory,
    TopicFactory,
    make_excerpt,
    make_source,
    publish,
)

PAGES = ["/briefings/", "/briefings/the-border/", "/briefings/the-border/feed/", "/sitemap.xml"]


@pytest.fixture
def headers(client, published):
    """The validators of every public page, as a reader's client sees them now."""

    def read() -> dict[str, tuple[str, str]]:
        responses = {url: client.get(url) for url in PAGES}
        return {url: (r["ETag"], r["Last-Modified"]) for url, r in responses.items()}

    return read


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block as if its transaction committed (the state renews after commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_draft_with_a_new_topic_moves_nothing(headers, committed, editor, source, briefing):
    before = headers()
    with committed():
        make_excerpt(editor=editor, source=source, briefing=briefing, topics=[TopicFactory()])
    assert headers() == before


def test_a_draft_submitted_approved_and_sent_back_moves_nothing(
    headers, committed, editor, reviewer, source, briefing
):
    before = headers()
    with committed():
        draft = make_excerpt(editor=editor, source=source, briefing=briefing)
        draft = perform(draft, Action.SUBMIT, editor)
        draft = perform(draft, Action.APPROVE, reviewer)
        perform(draft, Action.REQUEST_CHANGES, reviewer, comment="Not yet.")
    assert headers() == before


def test_a_schedule_set_and_taken_back_moves_nothing(
    headers, committed, editor, reviewer, source, briefing
):
    before = headers()
    with committed():
        draft = make_excerpt(editor=editor, source=source, briefing=briefing)
        draft = perform(perform(draft, Action.SUBMIT, editor), Action.APPROVE, reviewer)
        later = timezone.now() + dt.timedelta(days=1)
        scheduled = perform(draft, Action.SCHEDULE, reviewer, publish_at=later)
    assert headers() == before
    with committed():
        perform(scheduled, Action.REQUEST_CHANGES, reviewer, comment="Hold it.")
    assert headers() == before


def test_publishing_in_a_private_briefing_moves_nothing(
    headers, committed, editor, reviewer, source
):
    before = headers()
    with committed():
        private = BriefingFactory(is_public=False)
        item = make_excerpt(editor=editor, source=source, briefing=private, topics=[TopicFactory()])
        publish(item, editor=editor, reviewer=reviewer)
        private.title = "Renamed in private"
        private.save()
    assert headers() == before


def test_sources_and_events_no_live_item_shows_move_nothing(headers, committed):
    before = headers()
    with committed():
        source = make_source(text="A new article.\nNobody quoted it yet.")
        source.title = "Retitled"
        source.save()
        event = EventFactory()
        event.title = "Renamed"
        event.save()
    assert headers() == before


def test_what_readers_see_moves_them(headers, committed, editor, reviewer, source, briefing):
    before = headers()
    with committed():
        publish(
            make_excerpt(editor=editor, source=source, briefing=briefing),
            editor=editor,
            reviewer=reviewer,
        )
    published_again = headers()
    assert all(published_again[url][0] != before[url][0] for url in PAGES)


def test_renaming_a_topic_a_live_item_shows_moves_them(
    headers, committed, editor, reviewer, source, briefing
):
    topic = TopicFactory(name="Harbour")
    publish(
        make_excerpt(editor=editor, source=source, briefing=briefing, topics=[topic]),
        editor=editor,
        reviewer=reviewer,
    )
    before = headers()
    with committed():
        topic.name = "Harbours"
        topic.save()
    assert headers()["/briefings/the-border/"] != before["/briefings/the-border/"]


def test_a_briefing_made_private_moves_them(client, headers, committed, briefing):
    before = headers()
    with committed():
        briefing.is_public = False
        briefing.save()
    assert not Briefing.objects.public().exists()
    for url in ("/briefings/", "/sitemap.xml"):
        assert client.get(url)["ETag"] != before[url][0]
