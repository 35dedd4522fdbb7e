"""In the browser: a secret shown only once can be copied with one button."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory


@pytest.fixture
def clipboard(context, live_server):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    return lambda page: page.evaluate("navigator.clipboard.readText()")


@pytest.mark.django_db(transaction=True)
def test_a_new_api_token_and_a_webhook_secret_are_copied_by_their_buttons(
    page, live_server, sign_in, password, clipboard
):
    UserFactory(username="ada", roles=["administrator", "editor"])
    sign_in(page, "ada", password)

    page.goto(f"{live_server.url}/desk/tokens/")
    page.get_by_label("Name").fill("import script")
    page.get_by_role("button", name="Make token").click()
    secret = page.get_by_role("textbox", name="Secret").input_value()
    page.get_by_role("button", name="Copy the token").click()
    expect(page.get_by_text("Copied.")).to_be_visible()
    assert clipboard(page) == secret

    page.goto(f"{live_server.url}/desk/webhooks/new/")
    page.get_by_label("Address").fill("https://93.184.215.14/hooks")
    page.get_by_role("button", name="Add the endpoint").click()
    secret = page.get_by_role("textbox", name="Secret").input_value()
    page.get_by_role("button", name="Copy the secret").click()
    expect(page.get_by_text("Copied.")).to_be_visible()
    assert clipboard(page) == secret and secret.startswith("whsec_")
