"""Needs your attention, for reviewers: changes to shared records waiting to be carried into
published items (issue #31, item 3), linking to the page where they are carried or declined."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from desk.desk_state import desk_changed
from desk.inbox import sections_for
from tests.desk.shared_records import URL, carry
from tests.factories import make_excerpt, make_source
from tests.factories import publish as publish_item


def _rename(client, actor, name: str = "Sviatlana Tikhanovskaya") -> None:
    response = client.post(
        reverse("events:actor_edit", args=[actor.slug]),
        {"name": name, "kind": "person", "aliases": "", "description": ""},
    )
    assert response.status_code == 302


def _publish_naming(actor, editor, reviewer, n: int) -> None:
    for number in range(n):
        text = f"Tsikhanouskaya spoke, statement {number}."
        item = make_excerpt(editor=editor, source=make_source(text), quote=text, actors=[actor])
        publish_item(item, editor=editor, reviewer=reviewer)


def _entry(html: str) -> str | None:
    found = re.search(r'<a href="/desk/shared-records/">([^<]*)</a>', html)
    return found.group(1) if found else None


def test_a_reviewer_is_told_how_many_items_wait_and_where(
    as_user, editor, editor2, reviewer, actor
):
    _publish_naming(actor, editor, reviewer, 3)
    _rename(as_user(editor2), actor)
    home = as_user(reviewer).get(reverse("desk:home")).content.decode()
    assert _entry(home) == "Changes to shared records waiting to be carried (3 items)"
    section = next(s for s in sections_for(reviewer) if s.key == "carry")
    assert (section.count, section.entries) == (3, [])


def test_editors_are_not_shown_the_entry(as_user, editor, editor2, reviewer, actor):
    _publish_naming(actor, editor, reviewer, 1)
    _rename(as_user(editor2), actor)
    assert _entry(as_user(editor).get(reverse("desk:home")).content.decode()) is None
    assert "carry" not in [s.key for s in sections_for(editor)]


def test_nothing_waiting_shows_no_entry(as_user, editor, reviewer, actor):
    _publish_naming(actor, editor, reviewer, 1)
    home = as_user(reviewer).get(reverse("desk:home")).content.decode()
    assert _entry(home) is None
    assert "waiting to be carried" not in home


def test_carried_and_declined_items_no_longer_wait(
    as_user, editor, editor2, reviewer, actor, live_item
):
    _publish_naming(actor, editor, reviewer, 2)
    _rename(as_user(editor2), actor)
    desk = as_user(reviewer)
    assert "(3 items)" in _entry(desk.get(reverse("desk:home")).content.decode())
    listing = desk.get(URL).content.decode()
    ids = re.findall(r'name="items" value="(\d+)"', listing)
    seen = re.search(r'name="seen" value="([^"]+)"', listing).group(1)
    desk.post(URL, {"seen": seen, "items": ids[:1], "note": "Renamed.", "do": "carry"})
    assert _entry(desk.get(reverse("desk:home")).content.decode()).endswith("(2 items)")
    listing = desk.get(URL).content.decode()
    seen = re.search(r'name="seen" value="([^"]+)"', listing).group(1)
    desk.post(URL, {"seen": seen, "items": ids[1:2], "do": "decline"})
    assert _entry(desk.get(reverse("desk:home")).content.decode()).endswith("(1 item)")
    assert carry(desk).status_code == 302
    assert _entry(desk.get(reverse("desk:home")).content.decode()) is None


@pytest.mark.parametrize("waiting", [0, 1, 6])
def test_the_reviewers_desk_home_costs_the_same_whatever_waits(
    as_user, editor, editor2, reviewer, actor, waiting, django_assert_num_queries
):
    # Counted inside the inbox's one count query, and nothing listed: no query per waiting item
    # (its links, its records' changes), and none for the entry itself.
    _publish_naming(actor, editor, reviewer, waiting)
    if waiting:
        _rename(as_user(editor2), actor)
    client = as_user(reviewer)
    client.get(reverse("desk:home"))
    desk_changed()  # counted afresh, as after any change on the desk (desk.desk_state)
    with django_assert_num_queries(REVIEWERS_HOME_QUERIES):
        client.get(reverse("desk:home"))


# A reviewer's fresh count: an editor's (tests/desk/test_inbox.py) and "Assigned to me".
REVIEWERS_HOME_QUERIES = 17


def _retitle_source(item) -> None:
    from sources.signals import announce_details_change, citation_details

    source = item.source
    before = citation_details(source)
    source.title = "A new title"
    source.save()
    announce_details_change(source, before, None)


def _redate_event(item) -> None:
    from events.signals import announce_change, details_of

    event = item.published_revision.events.get()
    before = details_of(event)
    event.date = "2025-11-18"
    event.save()
    announce_change(event, before, None)


def _rename_topic(item) -> None:
    from desk.record_changes import record_topic_change, topic_details

    topic = item.published_revision.topics.get()
    before = topic_details(topic)
    topic.name = "exiles"
    topic.save()
    record_topic_change(topic, before, None)


@pytest.mark.parametrize("change", [_retitle_source, _redate_event, _rename_topic])
def test_a_source_an_event_or_a_topic_waits_too(as_user, reviewer, live_item, change):
    change(live_item)
    home = as_user(reviewer).get(reverse("desk:home")).content.decode()
    assert _entry(home) == "Changes to shared records waiting to be carried (1 item)"


def test_a_record_changed_and_changed_back_waits_for_nothing(
    as_user, editor, editor2, reviewer, actor
):
    # The page compares copies and lists nothing; the desk home must not promise what it lacks.
    _publish_naming(actor, editor, reviewer, 2)
    _rename(as_user(editor2), actor)
    _rename(as_user(editor2), actor, "Sviatlana Tsikhanouskaya")
    desk = as_user(reviewer)
    assert "No published item shows" in desk.get(URL).content.decode()
    assert _entry(desk.get(reverse("desk:home")).content.decode()) is None
    # Changed again after that, it waits again.
    _rename(as_user(editor2), actor, "S. Tsikhanouskaya")
    assert _entry(desk.get(reverse("desk:home")).content.decode()).endswith("(2 items)")
