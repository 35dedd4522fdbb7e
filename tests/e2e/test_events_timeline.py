"""The desk's timeline of the demo briefing, in a browser: in order, precise, legible on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from desk.demo.loader import load_demo

DEMO_PASSWORD = "a-demo-password-for-e2e"
# The demo's events as readers see them, in timeline order (desk/demo/briefing.toml).
IN_ORDER = [
    "1991",
    "1994",
    "1996",
    "1997",
    "1998",
    "2000",
    "since 2020",
    "2020",
    "2021",
    "winter 2021–22",
    "February 2022",
    "18 February 2022",
    "2023",
    "September 2025",
    "29 October 2025",
    "17 November 2025",
    "20 November 2025",
    "13 December 2025",
]


@pytest.mark.django_db(transaction=True)
def test_the_timeline_shows_the_demo_events_in_order_with_their_precision(
    page, live_server, sign_in
):
    load_demo(password=DEMO_PASSWORD)
    sign_in(page, "reviewer", DEMO_PASSWORD)
    page.get_by_role("link", name="Events", exact=True).first.click()
    page.get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("heading", name="Timeline", level=1)).to_be_visible()

    listed = page.get_by_role("list", name="The events in order").get_by_role("listitem")
    expect(listed).to_have_count(len(IN_ORDER))
    dates = [text.split(" — ")[0].strip() for text in listed.all_inner_texts()]
    assert dates == IN_ORDER
    expect(listed.nth(9)).to_contain_text("Over 30,000 Russian troops stationed in Belarus")

    # The drawing: one row per event, a year drawn as a bar, a single day as a dot.
    chart = page.get_by_role("img", name="Timeline of 18 events, 1991 to 2025")
    expect(chart).to_be_visible()
    year_bar = page.locator(".timeline-row--year rect").first
    day_dot = page.locator(".timeline-row--day circle").first
    assert year_bar.bounding_box()["width"] > day_dot.bounding_box()["width"]
    expect(page.locator(".timeline-row--season rect")).to_have_count(1)

    # Narrowed to one actor by another spelling of his name.
    page.get_by_role("textbox", name="Actor").fill("Lukashenko")
    page.get_by_role("button", name="Filter").click()
    expect(listed).to_have_count(7)
    expect(listed.first).to_contain_text("1991")

    # On a phone the page does not scroll sideways, and every row stays readable.
    page.set_viewport_size({"width": 375, "height": 800})
    page.get_by_role("link", name="Clear filters").click()
    expect(listed).to_have_count(len(IN_ORDER))
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    title = page.locator(".timeline-title").nth(8)
    expect(title).to_be_visible()
    box = title.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    expect(page.get_by_text("winter 2021–22").first).to_be_visible()
