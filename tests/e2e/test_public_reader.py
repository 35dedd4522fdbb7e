"""An anonymous reader on the demo briefing, at desktop and phone widths."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from desk.demo.loader import load_demo


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 800}]
)
def test_reader_explores_the_demo_briefing(browser, live_server, viewport):
    load_demo(password="a-long-demo-password-1")
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(live_server.url)
    page.get_by_role("link", name="Belarus and the West, 2025").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Belarus and the West, 2025")
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")

    # Switch grouping.
    page.get_by_role("link", name="By topic").click()
    expect(page.get_by_role("heading", name="political prisoners")).to_be_visible()

    # Filter by an actor under another spelling of the name.
    page.get_by_text("Filter and search").click()
    page.get_by_label("Actor").fill("Lukashenko")
    page.get_by_role("button", name="Apply").click()
    # Still grouped by topic: the item stands under each of its two topics.
    expect(
        page.get_by_text("In September 2025, Belarus unexpectedly released").first
    ).to_be_visible()
    expect(page.get_by_text("On November 17, Poland reopened")).to_have_count(0)
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_role("link", name="Latest first").click()

    # Search for a word.
    page.get_by_text("Filter and search").click()
    page.get_by_label("Search").fill("potash")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("article.item")).to_have_count(1)
    expect(page.locator("blockquote")).to_contain_text("sanctions on potash")

    # Open the item's permalink.
    page.get_by_role("link", name="Permalink").click()
    expect(page.locator("blockquote")).to_contain_text("123 political prisoners")
    assert page.locator("meta[property='og:title']").get_attribute("content")
    page.get_by_role("link", name="← Belarus and the West, 2025").click()

    # Follow the timeline: events in order, with their precision.
    page.get_by_role("link", name="Timeline", exact=True).click()
    items = page.locator("ol li").all_inner_texts()
    text = "\n".join(items)
    order = ["1996", "since 2020", "September 2025", "17 November 2025", "13 December 2025"]
    assert [text.index(date) for date in order] == sorted(text.index(date) for date in order)
    # Only events that published items speak of: the troops' winter is in a submitted excerpt.
    assert "winter 2021–22" not in text
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")

    # Read the feed, as a feed reader would fetch it.
    feed = page.request.get(f"{live_server.url}/briefings/belarus-and-the-west-2025/feed/")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    # One entry per published item of the demo: eight in English, one in Belarusian.
    assert feed.text().count("<entry>") == 9
