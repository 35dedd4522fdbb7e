"""Published means frozen: readers see an item's citation, actors, events and topics as they read
when a reviewer approved it. Retitling a source, renaming an actor or retitling an event changes
no live item by itself; the desk lists the items that would change, and a reviewer carries the
change into all of them as one correction readers can see. (Issue: "shared records change
published text without review".)"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from desk.models import AuditEntry, Excerpt
from tests.desk.shared_records import page_form
from tests.factories import ActorFactory, EventFactory, TopicFactory, make_excerpt, publish


@pytest.fixture
def live_item(editor, reviewer, source, briefing):
    excerpt = make_excerpt(
        editor=editor,
        source=source,
        briefing=briefing,
        topics=[TopicFactory(name="borders")],
        actors=[ActorFactory(name="Alyaksandr Lukashenka")],
        events=[EventFactory(title="Border reopening", date="2025-11-17")],
    )
    return publish(excerpt, editor=editor, reviewer=reviewer)


def _articles(html: str) -> str:
    """The items on a page, without its filter menus."""
    return " ".join(re.findall(r'<article class="item".*?</article>', html, flags=re.S))


def _reader_views(client, briefing, item) -> dict[str, str]:
    """The item as anonymous readers get it: its page, the briefing, the feed, Markdown, API."""
    page = client.get(reverse("briefings:item", args=[briefing.slug, item.pk])).content.decode()
    return {
        "item": _articles(page),
        "briefing": _articles(client.get(briefing.get_absolute_url()).content.decode()),
        "api": client.get(f"/api/items/{item.pk}/").content.decode(),
        "feed": client.get(reverse("briefings:feed", args=[briefing.slug])).content.decode(),
        "markdown": client.get(
            reverse("briefings:markdown", args=[briefing.slug])
        ).content.decode(),
        "csv": client.get("/api/excerpts/export.csv").content.decode(),
        "timeline": client.get(
            reverse("briefings:timeline", args=[briefing.slug])
        ).content.decode(),
    }


# Where each kind of record shows: every view cites the source; actors and events show on pages
# and in the API.
SHOWN_IN = {
    "source": ["item", "briefing", "api", "feed", "markdown", "csv"],
    "actors": ["item", "briefing", "api", "csv"],
    "events": ["item", "briefing", "api", "timeline", "csv"],
}


def _retitle_source(source):
    source.title = "A title nobody reviewed"
    source.save()


def _rename_actor(item):
    actor = item.published_revision.actors.get()
    actor.name = "A name nobody reviewed"
    actor.save()


def _retitle_event(item):
    event = item.published_revision.events.get()
    event.title, event.date = "An event nobody reviewed", "2024-01-02"
    event.save()


WALKS = {
    "retitled source": (lambda item, source: _retitle_source(source), "Border talk", "source"),
    "renamed actor": (lambda item, source: _rename_actor(item), "Alyaksandr Lukashenka", "actors"),
    "retitled event": (lambda item, source: _retitle_event(item), "Border reopening", "events"),
}


@pytest.mark.parametrize("walk", WALKS)
def test_editing_a_shared_record_changes_no_live_item(client, live_item, source, briefing, walk):
    change, approved_words, part = WALKS[walk]
    change(live_item, source)
    views = _reader_views(client, briefing, live_item)
    for name, text in views.items():
        assert "nobody reviewed" not in text, name
    for name in SHOWN_IN[part]:
        assert approved_words in views[name], name


@pytest.mark.parametrize("walk", WALKS)
def test_the_desk_lists_the_change_and_a_reviewer_carries_it_with_a_note(
    client, as_user, live_item, source, briefing, reviewer, walk
):
    change, _, part = WALKS[walk]
    change(live_item, source)
    desk = as_user(reviewer)
    listing = desk.get(reverse("desk:shared_records"))
    assert live_item.published_revision.quote in listing.content.decode()
    assert part in listing.content.decode()

    response = desk.post(
        reverse("desk:shared_records"), {"note": "Renamed in our records.", **page_form(listing)}
    )
    assert response.status_code == 302
    views = _reader_views(client, briefing, live_item)
    for name in SHOWN_IN[part]:
        assert "nobody reviewed" in views[name], name
    for name in ["item", "briefing", "api"]:
        assert "Renamed in our records." in views[name], name
    assert "Corrected on" in views["item"]
    corrections = client.get(reverse("briefings:corrections_feed", args=[briefing.slug]))
    assert "Renamed in our records." in corrections.content.decode()
    assert AuditEntry.objects.filter(excerpt=live_item, action="carry_correction").exists()
    assert "No published item shows" in desk.get(reverse("desk:shared_records")).content.decode()


def test_carrying_needs_a_note_and_a_reviewer(client, as_user, live_item, source, editor, reviewer):
    _retitle_source(source)
    before = Excerpt.objects.get(pk=live_item.pk).readers_copy_id
    as_user(editor).post(reverse("desk:shared_records"), {"note": "Sneaky."})
    page = as_user(reviewer).post(reverse("desk:shared_records"), {"note": "  "})
    assert "Write the correction note" in page.content.decode()
    assert Excerpt.objects.get(pk=live_item.pk).readers_copy_id == before


def test_the_copy_is_taken_at_approval_not_at_publication(
    client, editor, reviewer, source, briefing
):
    from desk.publishing.states import Action
    from desk.publishing.workflow import perform

    excerpt = make_excerpt(
        editor=editor, source=source, briefing=briefing, actors=[ActorFactory(name="Approved")]
    )
    approved = perform(perform(excerpt, Action.SUBMIT, editor), Action.APPROVE, reviewer)
    actor = approved.current_revision.actors.get()
    actor.name = "Renamed between approval and publication"
    actor.save()
    published = perform(approved, Action.PUBLISH, reviewer)
    page = client.get(reverse("briefings:item", args=[briefing.slug, published.pk]))
    assert "Approved" in page.content.decode()
    assert "Renamed between" not in page.content.decode()


def test_items_published_before_copies_get_theirs_from_the_migration(live_item):
    import importlib

    from django.apps import apps

    from desk.readers_copy import changed_items, links_of

    migration = importlib.import_module("desk.migrations.0015_readers_copies_of_published_items")
    Excerpt.objects.filter(pk=live_item.pk).update(readers_copy=None)  # as before copies existed
    migration.take_copies(apps, None)
    item = Excerpt.objects.select_related("readers_copy").get(pk=live_item.pk)
    # The migration stored the first shape (one citation, actors without aliases); read through
    # the one parser (desk.readers_view.Links) it says what the records say now, so nothing waits
    # to be carried.
    assert "citation" in item.readers_copy.data
    assert "version" not in item.readers_copy.data
    assert item.readers_copy.links == links_of(item.published_revision)
    assert changed_items() == []


def test_a_change_made_after_the_reviewer_looked_is_not_carried(
    client, as_user, live_item, source, briefing, editor, reviewer
):
    # The reviewer reads the list (a retitled source), then an editor renames an actor before
    # the reviewer presses the button: carrying now would publish a name nobody reviewed.
    source.title = "A title the reviewer read"
    source.save()
    desk = as_user(reviewer)
    seen = page_form(desk.get(reverse("desk:shared_records")))
    _rename_actor(live_item)
    before = Excerpt.objects.get(pk=live_item.pk).readers_copy_id

    page = desk.post(reverse("desk:shared_records"), {"note": "Retitled.", **seen})

    assert page.status_code == 200
    assert "changed since you opened this page" in page.content.decode()
    assert Excerpt.objects.get(pk=live_item.pk).readers_copy_id == before
    assert "nobody reviewed" not in client.get(f"/api/items/{live_item.pk}/").content.decode()
    # Looking again shows both changes, and carrying them then works.
    again = desk.get(reverse("desk:shared_records"))
    assert "A name nobody reviewed" in again.content.decode()
    response = desk.post(reverse("desk:shared_records"), {"note": "Both.", **page_form(again)})
    assert response.status_code == 302
    assert Excerpt.objects.get(pk=live_item.pk).readers_copy_id != before


def test_the_list_shows_the_words_readers_would_see(as_user, live_item, reviewer):
    _rename_actor(live_item)
    page = as_user(reviewer).get(reverse("desk:shared_records")).content.decode()
    assert "Alyaksandr Lukashenka" in page  # what readers see now
    assert "A name nobody reviewed" in page  # what carrying would show them
