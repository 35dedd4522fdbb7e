"""In the browser: a correction never takes an item down, and concurrent edits lose nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import BriefingFactory, UserFactory, make_excerpt, make_source, publish

QUOTE = "Ministers said the crossing would reopen"


@pytest.fixture
def published_item(db):
    editor = UserFactory(username="edna", roles=["editor"])
    UserFactory(username="eddie", roles=["editor"])
    reviewer = UserFactory(username="rita", roles=["reviewer"])
    briefing = BriefingFactory(title="The border", slug="the-border")
    excerpt = make_excerpt(
        editor=editor, source=make_source(title="Border talk"), briefing=briefing, quote=QUOTE,
        annotation="Original commentary.",
    )  # fmt: skip
    excerpt = publish(excerpt, editor=editor, reviewer=reviewer)
    return excerpt, briefing


@pytest.mark.django_db(transaction=True)
def test_a_correction_goes_up_only_once_approved(
    page, browser, live_server, sign_in, sign_out, published_item, password
):
    excerpt, briefing = published_item
    public_url = f"{live_server.url}{briefing.get_absolute_url()}"
    reader = browser.new_context().new_page()

    sign_in(page, "edna", password)
    page.goto(f"{live_server.url}{excerpt.get_absolute_url()}")
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Annotation").fill("Corrected commentary.")
    page.get_by_role("button", name="Save as new revision").click()
    expect(page.get_by_text("Readers see revision 1")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()

    reader.goto(public_url)
    expect(reader.get_by_text("Original commentary.")).to_be_visible()
    expect(reader.get_by_text("Corrected commentary.")).to_have_count(0)
    sign_out(page)

    sign_in(page, "rita", password)
    page.goto(f"{live_server.url}{excerpt.get_absolute_url()}")
    page.get_by_label("Correction note").fill("The first version misread the minister.")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("Done: the excerpt is now “Published”.")).to_be_visible()

    reader.goto(public_url)
    expect(reader.get_by_text("Corrected commentary.")).to_be_visible()
    expect(reader.get_by_text("Original commentary.")).to_have_count(0)
    expect(
        reader.locator(".item").get_by_text("The first version misread the minister.")
    ).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_one_excerpt_keep_both_texts(
    browser, live_server, sign_in, published_item, password
):
    excerpt, _ = published_item
    first, second = browser.new_context().new_page(), browser.new_context().new_page()
    sign_in(first, "edna", password)
    sign_in(second, "eddie", password)
    edit_url = f"{live_server.url}/desk/excerpts/{excerpt.pk}/edit/"
    first.goto(edit_url)
    second.goto(edit_url)

    first.get_by_label("Annotation").fill("Edna's version.")
    first.get_by_role("button", name="Save as new revision").click()
    expect(first.get_by_text("Saved as a new revision.")).to_be_visible()

    second.get_by_label("Annotation").fill("Eddie's version.")
    second.get_by_role("button", name="Save as new revision").click()
    expect(
        second.get_by_role("heading", name="Saved meanwhile by edna (revision 2)")
    ).to_be_visible()
    expect(second.get_by_text("Edna's version.").first).to_be_visible()
    expect(second.get_by_label("Annotation")).to_have_value("Eddie's version.")

    # Eddie chooses to keep his text, knowingly, over Edna's.
    second.get_by_role("button", name="Save as new revision").click()
    expect(second.get_by_text("Saved as a new revision.")).to_be_visible()
    excerpt.refresh_from_db()
    assert excerpt.current_revision.annotation == "Eddie's version."
    assert excerpt.revisions.get(number=2).annotation == "Edna's version."
