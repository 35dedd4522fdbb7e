"""In the browser: actors, events and topics are picked by typing, with the keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    BriefingFactory,
    EventFactory,
    TopicFactory,
    UserFactory,
    make_excerpt,
)


@pytest.mark.django_db(transaction=True)
def test_an_editor_picks_an_actor_by_another_spelling_and_an_event_by_its_date(
    page, live_server, sign_in, password
):
    editor = UserFactory(username="edna", roles=["editor"])
    actor = ActorFactory(name="Alexander Lukashenko")
    ActorAliasFactory(actor=actor, name="Aliaksandr Lukashenka")
    ActorFactory(name="Sviatlana Tsikhanouskaya")
    event = EventFactory(title="Crossings reopened", date="2025-11-17")
    excerpt = make_excerpt(editor=editor, briefing=BriefingFactory())
    sign_in(page, "edna", password)
    page.goto(f"{live_server.url}/desk/excerpts/{excerpt.pk}/edit/")

    search = page.get_by_role("combobox", name="Search actors")
    search.fill("lukashenka")
    listbox = page.get_by_role("listbox", name="Matching actors")
    expect(listbox.get_by_role("option")).to_have_count(2)  # him, and "New actor …"
    expect(listbox.get_by_role("option").first).to_contain_text("Alexander Lukashenko")
    search.press("Enter")
    expect(page.get_by_role("button", name="Remove Alexander Lukashenko")).to_be_visible()
    expect(page.get_by_label("Actors", exact=True).locator("option:checked")).to_have_text(
        "Alexander Lukashenko"
    )

    events = page.get_by_role("combobox", name="Search events")
    events.fill("17 November")
    events.press("ArrowDown")  # onto "New event …"
    events.press("ArrowUp")  # back onto the event
    events.press("Enter")
    expect(page.get_by_role("button", name=f"Remove {event}")).to_be_visible()

    topics = page.get_by_role("combobox", name="Search topics")
    topics.fill("border crossings")
    expect(page.get_by_role("option", name="Add new topic “border crossings”")).to_be_visible()
    topics.press("Enter")
    expect(page.get_by_label("Topics", exact=True)).to_have_value("border crossings")

    page.get_by_role("button", name="Save as new revision").click()
    expect(page.get_by_text("Saved as a new revision.")).to_be_visible()
    excerpt.refresh_from_db()
    revision = excerpt.current_revision
    assert list(revision.actors.all()) == [actor]
    assert list(revision.events.all()) == [event]
    assert [t.name for t in revision.topics.all()] == ["border crossings"]


@pytest.mark.django_db(transaction=True)
def test_enter_takes_the_existing_topic_and_a_new_one_is_an_explicit_choice(
    page, live_server, sign_in, password
):
    editor = UserFactory(username="edna", roles=["editor"])
    TopicFactory(name="sanctions")
    TopicFactory(name="sanctuary cities")
    excerpt = make_excerpt(editor=editor, briefing=BriefingFactory())
    sign_in(page, "edna", password)
    page.goto(f"{live_server.url}/desk/excerpts/{excerpt.pk}/edit/")

    topics = page.get_by_role("combobox", name="Search topics")
    topics.fill("sanc")
    options = page.get_by_role("listbox", name="Matching topics").get_by_role("option")
    # The topics the desk has come first; making a new one is offered last, in so many words.
    expect(options).to_have_text(["sanctions", "sanctuary cities", "Add new topic “sanc”"])
    active = topics.get_attribute("aria-activedescendant")
    assert active == options.first.get_attribute("id")
    topics.press("Enter")
    expect(page.get_by_label("Topics", exact=True)).to_have_value("sanctions")
    # The field under the picker offers no second list of its own.
    expect(page.get_by_label("Topics", exact=True)).not_to_have_attribute("list", "topic-names")

    # Only choosing the labelled option, by arrow keys, makes a new topic.
    topics.fill("sanc")
    for _ in range(3):
        topics.press("ArrowDown")
    expect(options.last).to_have_class(re.compile(r"\bis-active\b"))
    topics.press("Enter")
    expect(page.get_by_label("Topics", exact=True)).to_have_value("sanctions, sanc")
