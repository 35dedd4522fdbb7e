"""Quotes you can trust, in a browser: what the paste form offers, adjusting a quote by a word,
and a new version of a source reported before and after it is saved."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from desk.models import AnchorStatus, Excerpt
from sources.importing import SourceMetadata, import_source
from tests.factories import BriefingFactory, UserFactory, make_excerpt

SEEDS = Path(__file__).resolve().parents[2] / "desk" / "demo" / "seeds"


@pytest.fixture
def editor_page(page, live_server, sign_in, password):
    UserFactory(username="edna", roles=["editor"])
    sign_in(page, "edna", password)
    return page


@pytest.fixture
def ioffe(transactional_db):
    text = (SEEDS / "000_e180362b89ccddc6.txt").read_text(encoding="utf-8")
    return import_source(text=text, metadata=SourceMetadata(title="Swallowing the Red Pill"))


def paste(page, live_server, source, quote: str) -> None:
    page.goto(f"{live_server.url}/desk/excerpts/new/")
    page.get_by_label("Source").select_option(label=source.display_title)
    page.get_by_label("Quote").fill(quote)
    page.get_by_role("button", name="Find the quote").click()


@pytest.mark.django_db(transaction=True)
def test_an_unrelated_sentence_gets_no_fragment(editor_page, live_server, ioffe):
    page = editor_page
    paste(page, live_server, ioffe, "The cat sat on the mat and watched the sunset.")
    expect(page.get_by_text("This quote is not in the source's text")).to_be_visible()
    expect(page.get_by_text("Nothing close to this quote was found in the source.")).to_be_visible()
    expect(page.get_by_role("link", name="Quote this passage instead")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_a_damaged_quote_is_found_adjusted_by_a_word_and_saved_as_the_source_words(
    editor_page, live_server, ioffe
):
    BriefingFactory(title="Belarus watch")
    page = editor_page
    # A spaced hyphen for the dash, no diacritics, a soft hyphen, a line break.
    paste(
        page,
        live_server,
        ioffe,
        "in stark contradiction to the intransigent stance emphasized by Lithuanian\n"
        "Prime Minister Inga Ruginie\u00adne",
    )
    expect(page.get_by_role("heading", name="New excerpt")).to_be_visible()
    expect(page.get_by_text("Found: the source has the same words")).to_be_visible()
    chosen = page.locator("#chosen-quote")
    expect(chosen).to_have_text(
        "in stark contradiction to the intransigent stance emphasized by Lithuanian "
        "Prime Minister Inga Ruginienė"
    )
    page.get_by_label("Annotation").fill("Vilnius and Warsaw part ways.")
    page.get_by_role("button", name="One word less at the start").click()
    expect(chosen).to_have_text(re.compile(r"^stark contradiction"))
    page.get_by_role("button", name="One more word at the start").focus()
    page.keyboard.press("Enter")
    expect(chosen).to_have_text(re.compile(r"^in stark contradiction .* Ruginienė$"))
    expect(page.get_by_label("Annotation")).to_have_value("Vilnius and Warsaw part ways.")
    page.get_by_role("button", name="One more word at the end").click()
    expect(chosen).to_have_text(re.compile(r"Ruginienė\.?$|Ruginienė,? \S+$"))
    page.get_by_role("button", name="One word less at the end").click()
    page.get_by_role("button", name="Save excerpt").click()
    expect(page.get_by_text("Excerpt saved as a draft.")).to_be_visible()
    revision = Excerpt.objects.get().current_revision
    assert revision.quote.endswith("Prime Minister Inga Ruginienė")
    assert ioffe.text[revision.start : revision.end] == revision.quote


@pytest.mark.django_db(transaction=True)
def test_a_new_version_is_reported_before_and_after_saving(editor_page, live_server, ioffe):
    page = editor_page
    editor = UserFactory._meta.model.objects.get(username="edna")
    briefing = BriefingFactory(title="Belarus watch")
    kept = make_excerpt(
        editor=editor, source=ioffe, briefing=briefing, quote="Poland reopened two border crossings"
    )
    changed = make_excerpt(
        editor=editor,
        source=ioffe,
        briefing=briefing,
        quote="The Kuźnica checkpoint had been closed in 2021",
    )
    page.goto(f"{live_server.url}{ioffe.get_absolute_url()}")
    page.get_by_role("link", name="Import a new version").click()
    new_text = "A new first paragraph.\n" + ioffe.text.replace(
        "had been closed in 2021", "had been shut in 2021"
    )
    page.get_by_label("Text", exact=True).fill(new_text)
    page.get_by_role("button", name="Read the text").click()

    report = page.get_by_role("region", name="What happens to the excerpts of this source")
    expect(report).to_contain_text("Of 2 excerpts: 1 moves unchanged, 1 changed, 0 gone.")
    expect(report).to_contain_text(f"Excerpt {changed.pk}: the quoted words changed")
    expect(report.locator("mark.differs")).to_have_text("shut")
    expect(report).to_contain_text(f"Excerpt {kept.pk}: moves with its words unchanged")
    assert ioffe.versions.count() == 1  # nothing saved yet

    page.get_by_role("button", name="Save as version 2").click()
    expect(page.get_by_text("Saved as version 2 of this source.")).to_be_visible()
    expect(page.get_by_text("Of 2 excerpts: 1 moved unchanged, 1 changed, 0 gone.")).to_be_visible()
    expect(page.get_by_text("Version 2: 1 moved unchanged, 1 changed, 0 orphaned")).to_be_visible()
    changed.refresh_from_db()
    assert changed.anchor_status == AnchorStatus.CHANGED
    assert changed.current_revision.quote == "The Kuźnica checkpoint had been closed in 2021"

    page.goto(f"{live_server.url}{changed.get_absolute_url()}")
    expect(page.get_by_role("heading", name="In version 2")).to_be_visible()
    expect(page.get_by_text("The Kuźnica checkpoint had been shut in 2021")).to_be_visible()
