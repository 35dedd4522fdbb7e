"""In the browser: an editor renames an actor and is told that published items keep the old name;
a reviewer follows the desk's entry to the changed records, carries the change into one item and
not the other, and readers see the new name on that item alone (issue #31, item 3)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import (
    ActorFactory,
    BriefingFactory,
    UserFactory,
    make_excerpt,
    make_source,
    publish,
)

OLD, NEW = "Sviatlana Tsikhanouskaya", "Sviatlana Tikhanovskaya"
QUOTES = ("Tsikhanouskaya spoke in Vilnius on Monday.", "Tsikhanouskaya met ministers in Warsaw.")


@pytest.fixture
def two_items(db):
    editor = UserFactory(username="edna", roles=["editor"])
    reviewer = UserFactory(username="rita", roles=["reviewer"])
    UserFactory(username="ray", roles=["reviewer"])
    briefing = BriefingFactory(title="Exile politics", slug="exile-politics")
    actor = ActorFactory(name=OLD)
    items = [
        publish(
            make_excerpt(
                editor=editor,
                source=make_source(quote, title=f"Report {n}"),
                briefing=briefing,
                quote=quote,
                actors=[actor],
            ),
            editor=editor,
            reviewer=reviewer,
        )  # fmt: skip
        for n, quote in enumerate(QUOTES)
    ]
    return actor, briefing, items


@pytest.mark.django_db(transaction=True)
def test_a_rename_reaches_readers_only_where_a_reviewer_carries_it(
    page, browser, live_server, sign_in, sign_out, two_items, password
):
    actor, briefing, (carried, kept) = two_items
    sign_in(page, "edna", password)
    page.goto(f"{live_server.url}{reverse('events:actor_edit', args=[actor.slug])}")
    page.get_by_label("Canonical name").fill(NEW)
    page.get_by_role("button", name="Save actor").click()
    expect(
        page.get_by_text(
            "2 published items show this actor; a reviewer must carry the change before "
            "readers see it."
        )
    ).to_be_visible()
    sign_out(page)

    sign_in(page, "ray", password)
    page.goto(f"{live_server.url}/desk/")
    page.get_by_role(
        "link", name="Changes to shared records waiting to be carried (2 items)"
    ).click()
    expect(page.get_by_role("heading", name="Changed records on published items")).to_be_visible()
    expect(page.locator("del", has_text="Tsikhanouskaya").first).to_be_visible()
    expect(page.locator("ins", has_text="Tikhanovskaya").first).to_be_visible()
    page.get_by_label(QUOTES[1]).uncheck()
    page.get_by_label("Correction note for readers").fill("Her name as she spells it.")
    page.get_by_role("button", name="Correct the ticked items").click()
    expect(page.get_by_text("Corrected 1 published item.")).to_be_visible()
    # The unticked item still waits, and the desk says so.
    expect(page.get_by_label(QUOTES[1])).to_be_checked()
    expect(page.get_by_label(QUOTES[0])).to_have_count(0)

    reader = browser.new_context().new_page()
    reader.goto(f"{live_server.url}{reverse('briefings:item', args=[briefing.slug, carried.pk])}")
    expect(reader.get_by_text(NEW).first).to_be_visible()
    expect(reader.get_by_text("Her name as she spells it.").first).to_be_visible()
    reader.goto(f"{live_server.url}{reverse('briefings:item', args=[briefing.slug, kept.pk])}")
    expect(reader.get_by_text(OLD).first).to_be_visible()
    expect(reader.get_by_text(NEW)).to_have_count(0)
