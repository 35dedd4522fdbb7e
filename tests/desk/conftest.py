"""Fixtures of the desk's tests of shared records: one live item linking an actor, an event and a
topic, each a record that a change on the desk would show readers only once carried."""

from __future__ import annotations

import pytest

from tests.desk.shared_records import NAME, TEXT
from tests.factories import ActorFactory, EventFactory, TopicFactory, make_excerpt, make_source
from tests.factories import publish as publish_item


@pytest.fixture
def actor(db):
    return ActorFactory(name=NAME)


@pytest.fixture
def event(db):
    return EventFactory(title="Vilnius talks", date="2025-11-17", place="Vilnius")


@pytest.fixture
def topic(db):
    return TopicFactory(name="exile")


@pytest.fixture
def live_item(editor, reviewer, briefing, actor, event, topic):
    source = make_source(TEXT, title="Exile politics", author="A. Writer", outlet="The Paper")
    excerpt = make_excerpt(
        editor=editor,
        source=source,
        briefing=briefing,
        quote="Tsikhanouskaya spoke in Vilnius on Monday.",
        actors=[actor],
        events=[event],
        topics=[topic],
    )
    return publish_item(excerpt, editor=editor, reviewer=reviewer)
