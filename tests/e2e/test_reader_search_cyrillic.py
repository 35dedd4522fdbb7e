"""A reader searches the demo briefing in Cyrillic: the Latin items come back with the words
marked, the page says which other names were searched, and the literal switch turns that off."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from desk.demo.loader import load_demo


@pytest.mark.django_db(transaction=True)
def test_reader_searches_in_cyrillic_and_switches_to_the_literal_words(browser, live_server):
    load_demo(password="a-long-demo-password-1")
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(live_server.url)
    page.get_by_role("link", name="Belarus and the West, 2025").click()

    page.get_by_text("Filter and search").click()
    page.get_by_label("Search", exact=True).fill("Лукашенко")
    page.get_by_role("button", name="Apply").click()

    # English items naming him as Lukashenka, and the Belarusian one, his name marked in each.
    expect(page.locator("mark", has_text="Lukashenka").first).to_be_visible()
    expect(page.locator("mark", has_text="Лукашэнкі")).to_be_visible()
    note = page.get_by_role("status").filter(has_text="Also searched")
    expect(note).to_contain_text("names of Alyaksandr Lukashenka")
    found = page.locator("article.item").count()
    assert found >= 2

    # Only the words typed (Лукашенко and its inflected forms), then back to every name.
    page.get_by_role("link", name="Search only the words you typed").click()
    expect(page.get_by_text("Searched only the words you typed")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Also searched")).to_have_count(0)
    page.get_by_role("link", name="Also search other names of the actors they name").click()
    expect(page.locator("article.item")).to_have_count(found)
