"""A reader whose browser asks for Polish still gets English, switches to Polish in the footer,
and reads the same briefing with the interface in Polish and the quotes in their own words."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import make_excerpt, make_source, publish


@pytest.mark.django_db(transaction=True)
def test_reader_switches_the_interface_to_polish(browser, live_server, editor, reviewer, briefing):
    source = make_source(text="The council met on Monday.\nIt agreed nothing.")
    excerpt = make_excerpt(
        editor=editor, source=source, briefing=briefing, quote="The council met on Monday"
    )
    publish(excerpt, editor=editor, reviewer=reviewer)
    context = browser.new_context(locale="pl-PL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}{briefing.get_absolute_url()}")
    # The browser's language is not the reader's choice: English until they switch.
    expect(page.get_by_text("Filter and search")).to_be_visible()

    page.get_by_role("link", name="Language").click()
    page.get_by_label("Polski").check()
    page.get_by_role("button", name="Change language").click()

    # Back on the same briefing, in Polish; the quote is still the source's own words.
    expect(page).to_have_url(f"{live_server.url}{briefing.get_absolute_url()}")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_text("Filtruj i szukaj")).to_be_visible()
    expect(page.get_by_role("link", name="Stały link")).to_be_visible()
    expect(page.locator("blockquote")).to_have_text("The council met on Monday")

    # And back to English the same way.
    page.get_by_role("link", name="Język").click()
    page.get_by_label("English").check()
    page.get_by_role("button", name="Zmień język").click()
    expect(page.get_by_text("Filter and search")).to_be_visible()
    context.close()
