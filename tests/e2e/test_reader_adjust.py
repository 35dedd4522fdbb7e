"""In the reader, an editor adjusts a selected passage by a word at either end before saving it,
with the mouse and the keyboard, and the desk stores the adjusted words of the source."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from desk.models import Excerpt
from tests.factories import BriefingFactory, UserFactory, make_excerpt, make_source

PARAGRAPH = "Ministers said the crossing would reopen within weeks, according to officials."

# Selects characters [start, end) of the paragraph's text, as a person dragging the mouse would.
SELECT = """([needle, start, end]) => {
  const block = [...document.querySelectorAll("#reader-text .block")]
    .find((b) => b.textContent.includes(needle));
  const node = document.createTreeWalker(block, NodeFilter.SHOW_TEXT).nextNode();
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


@pytest.mark.django_db(transaction=True)
def test_an_editor_extends_a_selection_in_the_reader_by_a_word_and_saves_it(
    page, live_server, sign_in, password
):
    UserFactory(username="edna", roles=["editor"])
    briefing = BriefingFactory(title="The border")
    source = make_source(text=f"Border talk\n{PARAGRAPH}\nA closing line.", title="Border talk")
    sign_in(page, "edna", password)
    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    adjust = page.get_by_role("group", name="Adjust the quote by a word")
    expect(adjust.get_by_role("button", name="One more word at the end")).to_be_disabled()

    # A selection that ends in the middle of a word shows the whole word, as the desk stores it.
    start = PARAGRAPH.index("the crossing")
    page.evaluate(SELECT, ["Ministers said", start, start + len("the crossing would reop")])
    chosen = page.locator("#chosen-in-reader")
    expect(chosen).to_have_text("the crossing would reopen")

    # Mouse: one more word at the end takes "within", not the rest of a cut word.
    adjust.get_by_role("button", name="One more word at the end").click()
    expect(chosen).to_have_text("the crossing would reopen within")
    # Keyboard: one word less at the start, then one more back, then one less again.
    adjust.get_by_role("button", name="One word less at the start").focus()
    page.keyboard.press("Enter")
    expect(chosen).to_have_text("crossing would reopen within")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    expect(chosen).to_have_text("the crossing would reopen within")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(chosen).to_have_text("crossing would reopen within")
    page.get_by_role("button", name="One word less at the end").click()
    page.get_by_role("button", name="One more word at the end").click()
    # The passage stays selected in its paragraph, as adjusted.
    assert page.evaluate("window.getSelection().toString()") == "crossing would reopen within"

    page.get_by_role("button", name="Make an excerpt from the selection").click()
    expect(page.get_by_role("heading", name="New excerpt")).to_be_visible()
    expect(page.locator("#chosen-quote")).to_have_text("crossing would reopen within")
    page.get_by_label("Annotation").fill("No date yet.")
    page.get_by_label("Briefing").select_option(label=briefing.title)
    page.get_by_role("button", name="Save excerpt").click()
    expect(page.get_by_text("Excerpt saved as a draft.")).to_be_visible()
    expect(page.locator(".quote-preview blockquote")).to_have_text("crossing would reopen within")
    revision = Excerpt.objects.get().current_revision
    assert revision.quote == "crossing would reopen within"
    assert source.current_version.text[revision.start : revision.end] == revision.quote


@pytest.mark.django_db(transaction=True)
def test_the_last_word_of_a_selection_in_the_reader_stays(page, live_server, sign_in, password):
    UserFactory(username="edna", roles=["editor"])
    source = make_source(text=f"Border talk\n{PARAGRAPH}", title="Border talk")
    sign_in(page, "edna", password)
    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    start = PARAGRAPH.index("crossing")
    page.evaluate(SELECT, ["Ministers said", start, start + len("crossing")])
    chosen = page.locator("#chosen-in-reader")
    expect(chosen).to_have_text("crossing")
    page.get_by_role("button", name="One word less at the end").click()
    page.get_by_role("button", name="One word less at the start").click()
    expect(chosen).to_have_text("crossing")
    # One more word at the start crosses nothing but a space.
    page.get_by_role("button", name="One more word at the start").click()
    expect(chosen).to_have_text("the crossing")


@pytest.mark.django_db(transaction=True)
def test_a_selection_from_the_middle_of_a_word_shows_and_sends_whole_words(
    page, live_server, sign_in, password
):
    UserFactory(username="edna", roles=["editor"])
    source = make_source(text=f"Border talk\n{PARAGRAPH}", title="Border talk")
    sign_in(page, "edna", password)
    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    # From inside "crossing" to inside "reopen", as a hurried drag does.
    start = PARAGRAPH.index("rossing")
    page.evaluate(SELECT, ["Ministers said", start, start + len("rossing would reo")])
    chosen = page.locator("#chosen-in-reader")
    expect(chosen).to_have_text("crossing would reopen")
    # One more word at the start is a whole new word, not the rest of the cut one.
    page.get_by_role("button", name="One more word at the start").click()
    expect(chosen).to_have_text("the crossing would reopen")
    page.get_by_role("button", name="Make an excerpt from the selection").click()
    expect(page.locator("#chosen-quote")).to_have_text("the crossing would reopen")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", [(1280, 800), (375, 812)], ids=["desktop", "phone"])
def test_the_panel_for_a_chosen_passage_is_in_sight_without_scrolling(
    page, live_server, sign_in, password, size
):
    """A sidebar taller than the screen (a long note, many highlights) kept the panel below it."""
    editor = UserFactory(username="edna", roles=["editor"])
    paragraphs = [f"Paragraph {n}: {PARAGRAPH}" for n in range(1, 40)]
    source = make_source(
        text="Border talk\n" + "\n".join(paragraphs),
        title="Border talk",
        note="Background for the desk. " * 60,
    )
    for n in (1, 2, 3):
        make_excerpt(editor=editor, source=source, quote=f"Paragraph {n}: Ministers said")
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, "edna", password)
    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    make = page.get_by_role("button", name="Make an excerpt from the selection")
    sidebar = page.get_by_role("complementary", name="About this source")
    assert sidebar.evaluate("(aside) => aside.scrollHeight") > height  # taller than the screen

    # A passage well down the text, chosen with the mouse as a person does.
    passage = page.locator("#reader-text .block", has_text="Paragraph 20:")
    passage.scroll_into_view_if_needed()
    box = passage.bounding_box()
    page.mouse.move(box["x"] + 2, box["y"] + 8)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 8, steps=5)
    page.mouse.up()

    expect(page.locator("#chosen-in-reader")).to_contain_text("Paragraph 20")
    expect(make).to_be_enabled()
    expect(make).to_be_in_viewport(ratio=1)
    expect(page.get_by_role("button", name="One more word at the end")).to_be_in_viewport(ratio=1)
    if shots := os.environ.get("DESK_SCREENSHOTS"):  # a folder, to look at the page by eye
        page.screenshot(path=f"{shots}/reader-panel-{width}x{height}.png")
    make.click()
    expect(page.locator("#chosen-quote")).to_contain_text("Paragraph 20")
