"""The whole path in a browser: an editor's selection becomes a published briefing item."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import BriefingFactory, UserFactory, make_source

PASSAGE = "Ministers said the crossing would reopen “within weeks”, according to officials."


@pytest.mark.django_db(transaction=True)
def test_editor_selects_reviewer_approves_reader_reads(
    page, live_server, sign_in, sign_out, password
):
    UserFactory(username="edna", roles=["editor"])
    UserFactory(username="rita", roles=["reviewer"])
    source = make_source(
        title="Border talk", author="A. Writer", outlet="The Paper", published="2025-11"
    )
    briefing = BriefingFactory(title="The border", slug="the-border")

    # The editor selects a passage in the reader and saves it with an annotation.
    sign_in(page, "edna", password)
    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    page.get_by_text(PASSAGE).select_text()
    page.get_by_role("button", name="Make an excerpt from the selection").click()
    expect(page.get_by_role("heading", name="New excerpt")).to_be_visible()
    expect(page.locator("mark")).to_have_text(PASSAGE)
    page.get_by_label("Annotation").fill("Officials promise a date; *nobody* names one.")
    page.get_by_label("Briefing").select_option(label=briefing.title)
    page.get_by_role("button", name="Save excerpt").click()
    expect(page.get_by_text("Excerpt saved as a draft.")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Done: the excerpt is now “Submitted for review”.")).to_be_visible()
    sign_out(page)

    # The reviewer finds it waiting and approves it.
    sign_in(page, "rita", password)
    waiting = page.get_by_role("region", name="Waiting for my review")
    waiting.get_by_role("link", name="Ministers said the crossing").click()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("Done: the excerpt is now “Published”.")).to_be_visible()
    sign_out(page)

    # A reader with no account finds the quote and the annotation on the briefing.
    page.goto(live_server.url)
    page.get_by_role("link", name="The border").click()
    expect(page.locator("blockquote")).to_contain_text(PASSAGE)
    expect(page.get_by_text("Officials promise a date; nobody names one.")).to_be_visible()
    expect(page.get_by_role("link", name="Border talk")).to_have_count(0)  # no URL known
    expect(page.locator("cite")).to_contain_text("A. Writer")
