"""In the browser, the excerpt form: the buttons that adjust the quote by a word stand under the
quote they adjust, above the fields, and pressing Enter in a field still saves."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from desk.models import Excerpt
from tests.factories import BriefingFactory, UserFactory, make_source

PARAGRAPH = "Ministers said the crossing would reopen within weeks, according to officials."


@pytest.mark.django_db(transaction=True)
def test_the_word_buttons_stand_under_the_quote_and_enter_still_saves(
    page, live_server, sign_in, password
):
    UserFactory(username="edna", roles=["editor"])
    BriefingFactory(title="The border")
    source = make_source(text=f"Border talk\n{PARAGRAPH}", title="Border talk")
    version = source.current_version
    start = version.text.index("the crossing")
    end = start + len("the crossing would reopen")
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, "edna", password)
    page.goto(
        f"{live_server.url}{reverse('desk:excerpt_from_selection', args=[source.pk])}"
        f"?version={version.number}&start={start}&end={end}"
    )
    quote = page.locator("#chosen-quote").bounding_box()
    adjust = page.get_by_role("group", name="Adjust the quote by a word").bounding_box()
    annotation = page.get_by_label("Annotation").bounding_box()
    save = page.get_by_role("button", name="Save excerpt").bounding_box()
    # Under the quote, before the fields: the person sees what a button changes as they press it.
    assert quote["y"] < adjust["y"] < annotation["y"] < save["y"]
    assert adjust["y"] - (quote["y"] + quote["height"]) < 150
    expect(page.get_by_role("button", name="One more word at the end")).to_be_in_viewport()

    page.get_by_role("button", name="One more word at the end").click()
    expect(page.locator("#chosen-quote")).to_have_text("the crossing would reopen within")
    page.get_by_label("Annotation").fill("No date yet.")
    page.get_by_label("Briefing").select_option(label="The border")
    page.get_by_role("button", name="Save excerpt").click()
    expect(page.get_by_text("Excerpt saved as a draft.")).to_be_visible()
    assert Excerpt.objects.get().current_revision.quote == "the crossing would reopen within"


@pytest.mark.django_db(transaction=True)
def test_enter_in_a_field_saves_rather_than_adjusting_without_script(
    browser, live_server, password
):
    UserFactory(username="edna", roles=["editor"])
    BriefingFactory(title="The border")
    source = make_source(text=f"Border talk\n{PARAGRAPH}", title="Border talk")
    version = source.current_version
    start = version.text.index("the crossing")
    end = start + len("the crossing would reopen")
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("edna")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.goto(
        f"{live_server.url}{reverse('desk:excerpt_from_selection', args=[source.pk])}"
        f"?version={version.number}&start={start}&end={end}"
    )
    page.get_by_label("Annotation").fill("No date yet.")
    page.get_by_label("Briefing").select_option(label="The border")
    # Enter in a one-line field sends the form's first submit button: it must save.
    page.locator("form input[type=text]:visible").first.press("Enter")
    expect(page.get_by_text("Excerpt saved as a draft.")).to_be_visible()
    assert Excerpt.objects.get().current_revision.quote == "the crossing would reopen"


@pytest.mark.django_db(transaction=True)
def test_a_pasted_quote_offers_the_sources_that_hold_it_first(page, live_server, sign_in, password):
    UserFactory(username="edna", roles=["editor"])
    for n in range(1, 4):
        make_source(title=f"Another paper {n}", text=f"Queues at the border, day {n}.")
    border = make_source(title="Border talk", outlet="The Paper", text=f"Border talk\n{PARAGRAPH}")
    make_source(title="Zebra notes", text=f"Quoted later: {PARAGRAPH}")
    sign_in(page, "edna", password)
    page.goto(f"{live_server.url}{reverse('desk:excerpt_new')}")
    heading = page.get_by_role("heading", name="Which source is this from?")
    # Not a labelled region: "Source" must keep naming the menu alone.
    finder = page.locator("section", has=heading)
    expect(heading).to_be_hidden()
    page.get_by_label("Quote").fill("the crossing would reopen within weeks")
    expect(finder).to_be_visible()
    expect(finder.get_by_text("2 sources hold this quote")).to_be_visible()
    offered = finder.get_by_role("button")
    expect(offered).to_have_count(2)
    # The menu lists them first, then every other source.
    first = page.get_by_label("Source").locator("optgroup").first
    expect(first).to_have_attribute("label", "Sources with this quote")
    expect(first.locator("option")).to_have_count(2)
    finder.get_by_role("button", name="Border talk — The Paper").click()
    expect(page.get_by_label("Source")).to_have_value(str(border.pk))
    page.get_by_role("button", name="Find the quote").click()
    expect(page.get_by_role("heading", name="New excerpt")).to_be_visible()
    expect(page.locator("#chosen-quote")).to_have_text("the crossing would reopen within weeks")
