"""In the browser, on a phone (375 px): the desk header stays short and the review queue's first
excerpt is on the first screen; the account links and the filters are one tap away."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import BriefingFactory, UserFactory, excerpt_in, make_source

PHONE = {"width": 375, "height": 740}
QUOTE = "Ministers said the crossing would reopen"


@pytest.fixture
def desk(db):
    admin = UserFactory(
        username="ada", roles=["editor", "reviewer"], is_staff=True, is_superuser=True
    )
    edna = UserFactory(username="edna", roles=["editor"])
    rita = UserFactory(username="rita", roles=["reviewer"])
    briefing = BriefingFactory(title="The border", slug="the-border")
    source = make_source(title="Border talk", text=f"{QUOTE} in spring. Nobody else did.")
    excerpt = excerpt_in(
        "submitted", editor=edna, reviewer=rita, source=source, briefing=briefing, quote=QUOTE
    )
    return {"admin": admin, "excerpt": excerpt}


def _header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_header_is_two_lines_and_the_queue_starts_on_the_first_screen(
    page, live_server, sign_in, desk, password
):
    sign_in(page, "ada", password)  # every link of the header: administrator and webhooks
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/desk/review/")
    brand = page.get_by_role("link", name="Briefing Desk").bounding_box()
    links = page.get_by_role("link", name="Review queue").bounding_box()
    # Two lines: the brand and "Menu", then the desk's links; the header took 226 px before.
    assert links["y"] >= brand["y"] + brand["height"] - 1
    assert _header_height(page) <= 90, _header_height(page)
    first = page.get_by_role("link", name=f"“{QUOTE}”")
    expect(first).to_be_in_viewport(ratio=1)

    # The account's links are behind one "Menu" disclosure, and work from there.
    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_hidden()
    page.locator("header").get_by_text("Menu").click()
    expect(page.get_by_text("Signed in as ada")).to_be_visible()
    expect(page.get_by_role("link", name="Webhooks")).to_be_visible()
    page.locator("header").get_by_text("Menu").click()
    # Every desk link fits the bar's width: none is cut at the edge.
    events = page.get_by_role("link", name="Events").bounding_box()
    assert events["x"] + events["width"] <= PHONE["width"]

    # The filters are folded until asked for.
    status = page.get_by_label("Status")
    expect(status).to_be_hidden()
    page.get_by_text("Filters", exact=True).click()
    expect(status).to_be_visible()
    status.select_option("approved")
    page.get_by_role("button", name="Filter").click()
    # A filter in use keeps them open, so the person sees why the list is short.
    expect(page.get_by_label("Status")).to_be_visible()
    expect(page.get_by_text("Nothing here.")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_on_a_wide_screen_nothing_is_folded(page, live_server, sign_in, desk, password):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, "ada", password)
    page.goto(f"{live_server.url}/desk/review/")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("link", name="Webhooks")).to_be_visible()
    expect(page.get_by_label("Status")).to_be_visible()
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(page.get_by_text("Filters", exact=True)).to_be_hidden()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375])
def test_the_permalink_stands_on_the_line_of_the_date_after_a_correction(
    browser, live_server, desk, width
):
    excerpt = desk["excerpt"]
    item = excerpt_in(
        "published",
        editor=excerpt.created_by,
        reviewer=UserFactory(username="rex", roles=["reviewer"]),
        source=excerpt.source,
        briefing=excerpt.current_revision.briefing,
        quote="Nobody else did",
    )
    revision = item.published_revision
    type(revision).objects.filter(pk=revision.pk).update(
        correction_note="The minister's name was misspelt."
    )
    page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    page.goto(f"{live_server.url}{item.published_revision.briefing.get_absolute_url()}")
    link = page.get_by_role("link", name="Permalink")
    permalink = link.bounding_box()
    line = link.locator("xpath=..").bounding_box()  # the line that starts "Published …"
    correction = page.get_by_text("The minister's name was misspelt.").first.bounding_box()
    # Beside the date on the first line, not alone on a line after the correction note.
    assert permalink["y"] - line["y"] < permalink["height"]
    assert correction["y"] > permalink["y"]
