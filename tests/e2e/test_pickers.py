"""In the browser: actors, events and topics are picked by typing, with the keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from desk.models import Topic
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
    search.press("ArrowDown")
    search.press("Enter")
    expect(page.get_by_role("button", name="Remove Alexander Lukashenko")).to_be_visible()
    expect(search).to_have_value("")
    # One control per field: the list the picker drives is out of sight, and carries the choice.
    actors_select = page.locator("select[name=actors]")
    expect(actors_select).to_be_hidden()
    expect(actors_select.locator("option:checked")).to_have_text("Alexander Lukashenko")

    events = page.get_by_role("combobox", name="Search events")
    events.fill("17 November")
    events.press("ArrowDown")  # onto the event
    events.press("ArrowDown")  # onto "New event …"
    events.press("ArrowUp")  # back onto the event
    events.press("Enter")
    expect(page.get_by_role("button", name=f"Remove {event}")).to_be_visible()

    topics = page.get_by_role("combobox", name="Search topics")
    topics.fill("border crossings")
    expect(page.get_by_role("option", name="Add new topic “border crossings”…")).to_be_visible()
    topics.press("ArrowDown")
    page.once("dialog", lambda dialog: dialog.accept())
    topics.press("Enter")
    expect(page.get_by_role("button", name="Remove border crossings")).to_be_visible()

    page.get_by_role("button", name="Save as new revision").click()
    expect(page.get_by_text("Saved as a new revision.")).to_be_visible()
    excerpt.refresh_from_db()
    revision = excerpt.current_revision
    assert list(revision.actors.all()) == [actor]
    assert list(revision.events.all()) == [event]
    assert [t.name for t in revision.topics.all()] == ["border crossings"]


@pytest.mark.django_db(transaction=True)
def test_arrow_down_and_enter_take_the_existing_topic_and_a_new_one_is_asked_for(
    page, live_server, sign_in, password
):
    editor = UserFactory(username="edna", roles=["editor"])
    TopicFactory(name="borders")
    TopicFactory(name="sanctions")
    excerpt = make_excerpt(editor=editor, briefing=BriefingFactory())
    sign_in(page, "edna", password)
    page.goto(f"{live_server.url}/desk/excerpts/{excerpt.pk}/edit/")

    topics = page.get_by_role("combobox", name="Search topics")
    topics.fill("bord")
    options = page.get_by_role("listbox", name="Matching topics").get_by_role("option")
    # The topics the desk has come first; making a new one is offered last, in so many words.
    expect(options).to_have_text(["borders", "Add new topic “bord”…"])
    # Nothing is active while typing: Enter alone takes no guess and does not send the form.
    assert topics.get_attribute("aria-activedescendant") is None
    topics.press("Enter")
    expect(page.get_by_role("button", name="Remove borders")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/edit/$"))
    # ArrowDown lands on the first match, Enter chooses it, and the typed text is cleared.
    topics.press("ArrowDown")
    assert topics.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    topics.press("Enter")
    expect(page.get_by_role("button", name="Remove borders")).to_be_visible()
    expect(topics).to_have_value("")

    # The new topic is the last option and asks first; saying no adds nothing.
    topics.fill("sanc")
    topics.press("ArrowDown")
    topics.press("ArrowDown")
    expect(options.last).to_have_class(re.compile(r"\bis-active\b"))
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    topics.press("Enter")
    assert asked == ["Make a new topic “sanc”? It will be offered to everyone on the desk."]
    expect(page.get_by_role("button", name="Remove sanc")).to_have_count(0)

    page.get_by_role("button", name="Save as new revision").click()
    expect(page.get_by_text("Saved as a new revision.")).to_be_visible()
    excerpt.refresh_from_db()
    assert [t.name for t in excerpt.current_revision.topics.all()] == ["borders"]
    assert Topic.objects.filter(name__iexact="sanc").count() == 0


@pytest.mark.django_db(transaction=True)
def test_an_actor_made_in_another_tab_is_found_by_the_open_form_without_a_reload(
    page, live_server, sign_in, password
):
    editor = UserFactory(username="edna", roles=["editor"])
    ActorFactory(name="Alexander Lukashenko")
    excerpt = make_excerpt(editor=editor, briefing=BriefingFactory())
    sign_in(page, "edna", password)
    page.goto(f"{live_server.url}/desk/excerpts/{excerpt.pk}/edit/")
    page.get_by_label("Annotation").fill("Typed before the new actor existed.")

    actors = page.get_by_role("combobox", name="Search actors")
    actors.fill("Kallas")
    options = page.get_by_role("listbox", name="Matching actors").get_by_role("option")
    expect(options).to_have_text(["New actor “Kallas”… (opens in a new tab)"])
    actors.press("Enter")  # nothing active: no tab opens on a stray key
    assert len(page.context.pages) == 1
    actors.press("ArrowDown")
    with page.context.expect_page() as opened:
        actors.press("Enter")
    expect(actors).to_have_value("")
    other = opened.value
    other.get_by_label("Canonical name").fill("Kaja Kallas")
    other.get_by_role("button", name="Add to the register").click()
    expect(other.get_by_text("Kaja Kallas added to the register.")).to_be_visible()
    other.close()

    page.bring_to_front()
    actors.blur()
    actors.fill("kallas")
    expect(options.first).to_have_text("Kaja Kallas")
    actors.press("ArrowDown")
    actors.press("Enter")
    expect(page.get_by_role("button", name="Remove Kaja Kallas")).to_be_visible()
    expect(page.get_by_label("Annotation")).to_have_value("Typed before the new actor existed.")
    page.get_by_role("button", name="Save as new revision").click()
    expect(page.get_by_text("Saved as a new revision.")).to_be_visible()
    excerpt.refresh_from_db()
    assert [a.name for a in excerpt.current_revision.actors.all()] == ["Kaja Kallas"]
