"""From a date in a source to an event, in a browser: the form reads the date back as typed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from desk.demo.loader import load_demo
from events.models import Event

DEMO_PASSWORD = "a-demo-password-for-e2e"


@pytest.mark.django_db(transaction=True)
def test_an_editor_makes_an_event_of_a_suggested_date(page, live_server, sign_in):
    load_demo(password=DEMO_PASSWORD)
    sign_in(page, "editor", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/events/suggestions/")
    page.get_by_role("link", name="Belarus Between East and West").click()
    expect(page.get_by_text("15 dates mentioned, 15 waiting for an editor.")).to_be_visible()

    page.get_by_role("link", name="Make an event of “since 2012”").click()
    expect(page.get_by_role("heading", name="New event")).to_be_visible()
    expect(page.locator("blockquote mark")).to_have_text("since 2012")
    page.get_by_label("Title").fill("Belarus's GDP stagnates")

    date = page.get_by_label("Date")
    understood = page.locator("output.understood")
    date.fill("31 September 2025")
    expect(understood).to_have_text(
        "“31 September 2025” is not a date: September 2025 has 30 days."
    )
    date.fill("since 2012")
    expect(understood).to_have_text("Understood as: since 2012 (EDTF 2012/..)")
    page.get_by_label("Actor 1", exact=True).select_option(label="Belarus")
    page.get_by_label("Role of actor 1").fill("economy")
    page.get_by_role("button", name="Record event").click()

    expect(page.get_by_text("Event recorded, dated since 2012 (EDTF 2012/..).")).to_be_visible()
    # The desk takes over: an excerpt of the sentence, already linked to the new event.
    expect(page.get_by_role("heading", name="New excerpt")).to_be_visible()
    expect(page.locator("mark")).to_contain_text("since 2012")
    expect(page.get_by_role("list", name="Events: chosen")).to_contain_text(
        "Belarus's GDP stagnates"
    )
    event = Event.objects.get(title="Belarus's GDP stagnates")
    assert (event.date, event.suggestions.get().status) == ("2012/..", "used")


@pytest.mark.django_db(transaction=True)
def test_a_date_typed_before_the_page_finished_loading_is_read_all_the_same(
    page, live_server, sign_in
):
    from tests.factories import PASSWORD, UserFactory

    UserFactory(username="edna", roles=["editor"])
    sign_in(page, "edna", PASSWORD)

    # A slow connection: the form's script arrives a second after the form can be typed in.
    def late(route):
        page.wait_for_timeout(1000)
        route.continue_()

    page.route("**/js/events*.js", late)
    page.goto(f"{live_server.url}/events/new/", wait_until="commit")
    page.get_by_label("Date").fill("winter 2021–22")
    expect(page.locator("output.understood")).to_have_text(
        "Understood as: winter 2021–22 (EDTF 2021-24)"
    )
