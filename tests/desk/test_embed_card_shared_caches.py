"""The embeddable card is the same for everyone: no cookie set, none varied on, so shared caches
(a CDN, a proxy) keep one copy of it for every site that frames it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import excerpt_in, make_source


@pytest.fixture
def card_url(editor, reviewer, briefing):
    item = excerpt_in(
        "published",
        editor=editor,
        reviewer=reviewer,
        briefing=briefing,
        source=make_source(title="Border talk", author=""),
    )
    return reverse("briefings:card", args=[briefing.slug, item.pk])


def _cards(card_url, editor):
    anonymous = Client().get(card_url)
    polish = Client()
    polish.cookies["django_language"] = "pl"
    signed_in = Client()
    signed_in.force_login(editor)
    signed_in.cookies["django_language"] = "pl"
    signed_in.cookies["desk_tz"] = "Pacific/Auckland"
    return [anonymous, polish.get(card_url), signed_in.get(card_url)]


def test_the_card_varies_on_no_cookie_and_sets_none(card_url, editor):
    anonymous, polish, signed_in = _cards(card_url, editor)
    for response in (anonymous, polish, signed_in):
        assert response.status_code == 200
        assert "Cookie" not in response.get("Vary", "")
        assert not response.cookies and "Set-Cookie" not in response.headers
    # Readers' copies may be kept by shared caches, under the item's keys; an answer to someone
    # signed in never is (issue #33), though its content is the same.
    for response in (anonymous, polish):
        assert response["Cache-Control"].startswith("public, ")
        assert "briefing:" in response["Surrogate-Key"] and "item:" in response["Surrogate-Key"]
    assert signed_in["Cache-Control"] == "private, no-store"
    assert "Surrogate-Key" not in signed_in
    for response in (anonymous, polish, signed_in):
        # Framed anywhere, and only this page.
        assert "X-Frame-Options" not in response.headers
        assert "frame-ancestors *" in response["Content-Security-Policy"]


def test_the_card_is_the_same_for_everyone_whatever_their_cookies(card_url, editor):
    anonymous, polish, signed_in = _cards(card_url, editor)
    assert anonymous.content == polish.content == signed_in.content
    assert b"author unknown" in anonymous.content  # the site's language, not the cookie's
    assert {r["Content-Language"] for r in (anonymous, polish, signed_in)} == {"en-gb"}


def test_other_public_pages_still_vary_on_cookie(card_url, briefing):
    page = Client().get(reverse("briefings:detail", args=[briefing.slug]))
    assert "Cookie" in page["Vary"]
    assert page["X-Frame-Options"] == "DENY"
