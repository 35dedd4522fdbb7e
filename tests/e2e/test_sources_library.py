"""The source library in a browser: adding a source three ways, reading it, its versions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sources.documents import read_file
from sources.models import Source
from tests.factories import UserFactory, make_excerpt, make_source
from tests.sources.pages import serving, standard_routes

SEEDS = Path(__file__).resolve().parents[2] / "desk" / "demo" / "seeds"
ESSAY = SEEDS / "003_4c57bf254df6c335.txt"


@pytest.fixture
def editor_page(page, live_server, sign_in, password):
    UserFactory(username="edna", roles=["editor"])
    sign_in(page, "edna", password)
    return page


@pytest.mark.django_db(transaction=True)
def test_upload_a_seed_preview_it_and_save_it(editor_page, live_server):
    page = editor_page
    page.goto(f"{live_server.url}/sources/")
    page.get_by_role("link", name="Add a source").click()
    expect(page.get_by_role("heading", name="Add a source")).to_be_visible()
    page.get_by_label("File", exact=True).set_input_files(str(ESSAY))
    page.get_by_role("button", name="Read the file").click()

    expect(page.get_by_role("heading", name="Preview of a new source")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Belarus Between East and West", level=3)
    ).to_be_visible()
    assert not Source.objects.exists()
    page.get_by_label("Title", exact=True).fill("Belarus Between East and West")
    page.get_by_label("Authors", exact=True).fill("Poprocki, Abby")
    page.get_by_label("Publication date").fill("2025")
    page.get_by_role("button", name="Save source").click()

    expect(page.get_by_text("The source is saved in the library.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Belarus Between East and West", level=1)
    ).to_be_visible()
    source = Source.objects.get()
    assert source.text == read_file(ESSAY.name, ESSAY.read_bytes()).text
    assert (source.author, source.outlet, source.published) == ("Abby Poprocki", "", "2025")
    assert source.authors == [{"family": "Poprocki", "given": "Abby"}]

    # The list shows it, with its date as precise as it is known and its outlet unknown.
    page.get_by_role("link", name="Sources", exact=True).click()
    row = page.get_by_role("row", name=re.compile("Belarus Between East and West"))
    expect(row).to_contain_text("2025")
    expect(row).to_contain_text("unknown")


@pytest.mark.django_db(transaction=True)
def test_paste_a_text_and_it_gets_a_working_title(editor_page, live_server):
    page = editor_page
    page.goto(f"{live_server.url}/sources/add/")
    page.get_by_label("Text", exact=True).fill(
        "Talks at the border\n\nThe two sides met on Monday and agreed on little."
    )
    page.get_by_role("button", name="Read the text").click()
    expect(page.get_by_role("heading", name="Talks at the border", level=3)).to_be_visible()
    page.get_by_role("button", name="Save source").click()
    expect(
        page.get_by_role("heading", name="[Untitled] Talks at the border The two sides met…")
    ).to_be_visible()
    expect(page.get_by_text("This source has no title")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_fetch_a_page_by_its_url_after_a_failure(editor_page, live_server, settings):
    settings.SOURCES_FETCH_ALLOW_LOOPBACK = True
    settings.SOURCES_FETCH_TIMEOUT = 2.0
    page = editor_page
    with serving(standard_routes()) as pages:
        page.goto(f"{live_server.url}/sources/add/")
        page.get_by_label("Web address").fill(f"{pages}/missing")
        page.get_by_role("button", name="Fetch the page").click()
        expect(page.get_by_role("alert")).to_contain_text("answered 404 Not Found")
        assert not Source.objects.exists()

        page.get_by_label("Web address").fill(f"{pages}/article")
        page.get_by_role("button", name="Fetch the page").click()
    expect(page.get_by_role("heading", name="Preview of a new source")).to_be_visible()
    expect(page.get_by_label("Outlet")).to_have_value("The Local Paper")
    expect(page.get_by_label("Publication date")).to_have_value("2025-11")
    page.get_by_role("button", name="Save source").click()
    expect(page.get_by_role("heading", name="Border crossing to reopen", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="What ministers said")).to_be_visible()
    expect(page.get_by_text("November 2025", exact=True)).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_highlight_opens_its_excerpt_and_selections_across_it_still_work(
    editor_page, live_server
):
    page = editor_page
    source = make_source(title="Border talk", author="A. Writer")
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(username="edna")
    excerpt = make_excerpt(editor=editor, source=source, quote="reopen “within weeks”")
    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    highlight = page.locator("mark.hl")
    expect(highlight).to_have_text("reopen “within weeks”")
    expect(page.get_by_text(re.compile(r"Excerpted: \d+% of the body text"))).to_be_visible()

    # A selection that starts before the highlight and ends inside it gives the stored offsets.
    paragraph = page.locator("#p2")
    paragraph.evaluate(
        """(p) => {
            const range = document.createRange();
            range.setStart(p.firstChild, 0);
            const mark = p.querySelector('mark');
            range.setEnd(mark.firstChild, 6);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            document.dispatchEvent(new Event('selectionchange'));
        }"""
    )
    start = source.text.index("Ministers")
    expect(page.locator("input[name=start]")).to_have_value(str(start))
    expect(page.locator("input[name=end]")).to_have_value(
        str(start + len("Ministers said the crossing would reopen"))
    )

    # Keyboard: focus the highlight and press Enter: a card about the excerpt opens in place,
    # and its link leads to the excerpt.
    page.evaluate("window.getSelection().removeAllRanges()")
    highlight.focus()
    page.keyboard.press("Enter")
    card = page.get_by_role("dialog", name=f"Excerpt {excerpt.pk}")
    expect(card).to_be_visible()
    expect(page).to_have_url(re.compile(rf"{source.get_absolute_url()}$"))
    card.get_by_role("link", name="Open the excerpt").press("Enter")
    expect(page).to_have_url(re.compile(rf"/desk/excerpts/{excerpt.pk}/$"))

    # Mouse: a click on the highlight opens the card too.
    page.go_back()
    page.locator("mark.hl").click()
    page.get_by_role("dialog", name=f"Excerpt {excerpt.pk}").get_by_role(
        "link", name="Open the excerpt"
    ).click()
    expect(page).to_have_url(re.compile(rf"/desk/excerpts/{excerpt.pk}/$"))


@pytest.mark.django_db(transaction=True)
def test_a_new_version_by_paste_and_its_diff(editor_page, live_server):
    page = editor_page
    source = make_source(title="Border talk")
    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    page.get_by_role("link", name="Import a new version").click()
    page.get_by_label("Text", exact=True).fill(source.text.replace("within weeks", "next month"))
    page.get_by_role("button", name="Read the text").click()
    expect(page.locator("ins")).to_contain_text("next month")
    page.get_by_role("button", name="Save as version 2").click()
    expect(page.get_by_text("Saved as version 2 of this source.")).to_be_visible()
    page.get_by_role("link", name="changes from version 1").click()
    expect(page.locator("del")).to_have_count(1)
    expect(page.locator("ins")).to_have_count(1)
    expect(page.locator("ins")).to_contain_text("next month")
    page.get_by_role("link", name="Version 1", exact=True).click()
    expect(page.get_by_text("You are reading an earlier text.")).to_be_visible()
    expect(page.get_by_text("within weeks")).to_be_visible()
