"""The API's documentation page and token page in a browser, under the site's strict CSP."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_the_docs_render_with_nothing_blocked(page, live_server):
    blocked: list[str] = []
    page.on(
        "console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None
    )
    page.on("requestfailed", lambda r: blocked.append(r.url))
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.get_by_role("heading", name=re.compile("Briefing Desk API"))).to_be_visible()
    expect(page.get_by_text("/api/excerpts/{id}/approve/").first).to_be_visible()
    # Decisions need If-Match: the page says so before anyone tries one.
    expect(page.get_by_text(re.compile("workflow decision .* sends If-Match"))).to_be_visible()
    assert blocked == []


@pytest.mark.django_db(transaction=True)
def test_an_editor_makes_and_revokes_a_token(page, live_server, sign_in, password):
    UserFactory(username="edna", roles=["editor"])
    sign_in(page, "edna", password)
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("import script")
    page.get_by_role("button", name="Make token").click()
    secret = page.get_by_label("Secret").input_value()
    assert len(secret) > 40

    answer = page.request.get(
        f"{live_server.url}/api/excerpts/", headers={"Authorization": f"Token {secret}"}
    )
    assert answer.status == 200

    page.get_by_role("button", name="Revoke import script").click()
    expect(page.get_by_text("The token “import script” is revoked")).to_be_visible()
    expect(page.get_by_label("Secret")).to_have_count(0)
    answer = page.request.get(
        f"{live_server.url}/api/excerpts/", headers={"Authorization": f"Token {secret}"}
    )
    assert answer.status == 401
