"""In the browser: an administrator runs the team and the briefings, as a person does."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from rest_framework.test import APIClient

from desk.models import ApiToken, Briefing, Excerpt
from tests.factories import UserFactory, make_excerpt, make_source, publish

PASSAGE = "Ministers said the crossing would reopen “within weeks”, according to officials."


@pytest.mark.django_db(transaction=True)
def test_an_administrator_makes_a_briefing_and_invites_an_editor_who_fills_it(
    page, live_server, sign_in, sign_out, password
):
    UserFactory(username="ada", roles=["administrator"])
    rita = UserFactory(username="rita", roles=["reviewer"])
    source = make_source(title="Border talk", published="2025-11")

    sign_in(page, "ada", password)
    expect(page.get_by_role("heading", name="Team")).to_be_visible()  # where her work is
    page.get_by_role("link", name="Manage briefings").click()
    page.get_by_role("link", name="New briefing").click()
    page.get_by_label("Title").fill("Belarus borders")
    page.get_by_label("Description").fill("Crossings, queues and what ministers promise.")
    page.get_by_label("Public").check()
    page.get_by_role("button", name="Make briefing").click()
    expect(page.get_by_text("Briefing “Belarus borders” made")).to_be_visible()

    page.get_by_role("link", name="Team").click()
    page.get_by_label("Username").fill("nina")
    page.get_by_label("E-mail address").fill("nina@example.org")
    page.get_by_role("group", name="Roles").get_by_label("Editor").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to nina@example.org.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^nina invited"))).to_contain_text("Editor")
    sign_out(page)

    # Nina follows the link in her e-mail, chooses a password and signs in.
    assert [message.to for message in mail.outbox] == [["nina@example.org"]]
    link = re.search(r"http\S+/accounts/welcome/\S+/", mail.outbox[0].body).group(0)
    page.goto(live_server.url + "/accounts/" + link.split("/accounts/", 1)[1])
    page.get_by_label("New password", exact=True).fill("nina-chooses-a-long-one")
    page.get_by_label("New password confirmation").fill("nina-chooses-a-long-one")
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_text("Your password is set.")).to_be_visible()
    sign_in(page, "nina", "nina-chooses-a-long-one")

    # She makes an excerpt into the new briefing.
    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    page.get_by_text(PASSAGE).select_text()
    page.get_by_role("button", name="Make an excerpt from the selection").click()
    page.get_by_label("Annotation").fill("A promise without a date.")
    page.get_by_label("Briefing").select_option(label="Belarus borders")
    page.get_by_role("button", name="Save excerpt").click()
    expect(page.get_by_text("Excerpt saved as a draft.")).to_be_visible()

    excerpt = Excerpt.objects.get()
    assert excerpt.created_by.username == "nina"
    publish(excerpt, editor=excerpt.created_by, reviewer=rita)
    page.goto(f"{live_server.url}/briefings/")
    page.get_by_role("link", name="Belarus borders").click()
    expect(page.locator("blockquote")).to_contain_text(PASSAGE)
    assert Briefing.objects.get().summary == "Crossings, queues and what ministers promise."


@pytest.mark.django_db(transaction=True)
def test_a_deactivated_reviewer_cannot_sign_in_or_use_a_token_and_their_work_stays(
    browser, page, live_server, sign_in, password
):
    UserFactory(username="ada", roles=["administrator"])
    edna = UserFactory(username="edna", roles=["editor"])
    rita = UserFactory(username="rita", roles=["reviewer"])
    published = publish(make_excerpt(editor=edna), editor=edna, reviewer=rita)
    _token, secret = ApiToken.issue(user=rita, name="her script")

    # Rita is at work in her own browser.
    hers = browser.new_context()
    rita_page = hers.new_page()
    sign_in(rita_page, "rita", password)

    sign_in(page, "ada", password)
    page.get_by_role("link", name="rita").first.click()
    expect(page.get_by_text("1 API token in use.")).to_be_visible()
    page.get_by_role("button", name="Deactivate rita").click()
    expect(page.get_by_text("rita is deactivated")).to_be_visible()
    expect(page.get_by_role("button", name="Reactivate rita")).to_be_visible()
    page.get_by_role("link", name="Team").first.click()
    expect(page.get_by_role("heading", name="Deactivated")).to_be_visible()

    # Her open session ends, she cannot sign in again, and her token is refused.
    rita_page.goto(f"{live_server.url}/desk/")
    expect(rita_page).to_have_url(re.compile(r"/accounts/login/"))
    rita_page.get_by_label("Username").fill("rita")
    rita_page.get_by_label("Password").fill(password)
    rita_page.get_by_role("button", name="Sign in").click()
    expect(rita_page.get_by_text("Signed in as rita")).to_have_count(0)
    hers.close()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/excerpts/").status_code == 401

    # What she approved is still published, and still hers in the desk's record.
    page.get_by_role("link", name="rita").first.click()
    expect(page.get_by_role("listitem").filter(has_text="→ published")).to_contain_text(
        "The Council met"
    )
    published.refresh_from_db()
    assert published.status == "published" and published.published_revision.approved_by == rita
