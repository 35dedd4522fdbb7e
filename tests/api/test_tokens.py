"""Personal API tokens: made and revoked in the desk, stored hashed, refused once dead."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from desk.models import ApiToken
from desk.models.token import hash_secret
from tests.factories import TopicFactory


def _with(secret: str, keyword: str = "Token") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {secret}")
    return client


def test_only_the_hash_is_stored(editor):
    token, secret = ApiToken.issue(user=editor, name="script")
    token.refresh_from_db()
    assert token.key_hash == hash_secret(secret) and secret not in token.key_hash
    assert token.key_prefix == secret[:8]
    assert len(secret) >= 40


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "token"])
def test_a_token_acts_as_its_owner(editor, keyword):
    token, secret = ApiToken.issue(user=editor, name="script")
    response = _with(secret, keyword).get("/api/excerpts/")
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_use_is_recorded_at_most_once_a_minute(editor, django_assert_num_queries):
    TopicFactory()
    _, secret = ApiToken.issue(user=editor, name="script")
    client = _with(secret)
    client.get("/api/topics/")
    # The token with its user, the user's groups, the topics and their count: no write.
    with django_assert_num_queries(4):
        client.get("/api/topics/")


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("Token nonsense", "not known"),
        ("Token", "in one piece"),
        ("Token a b", "in one piece"),
        # Credentials of another kind are not taken for none: the client thinks it signed in.
        ("Basic ZWRuYTpzZWNyZXQ=", "reads only"),
        ("abc123", "reads only"),
    ],
)
def test_a_bad_token_is_401_with_a_reason(db, header, words):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/items/")
    assert response.status_code == 401
    assert words in response.json()["detail"]
    assert response["WWW-Authenticate"] == 'Token realm="api"'


def test_a_revoked_token_is_refused(editor):
    token, secret = ApiToken.issue(user=editor, name="script")
    token.revoke()
    response = _with(secret).get("/api/excerpts/")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_an_expired_token_is_refused(editor):
    token, secret = ApiToken.issue(
        user=editor, name="script", expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = _with(secret).get("/api/excerpts/")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    assert not ApiToken.objects.active().filter(pk=token.pk).exists()


def test_a_disabled_account_cannot_use_its_token(editor):
    _, secret = ApiToken.issue(user=editor, name="script")
    editor.is_active = False
    editor.save()
    assert _with(secret).get("/api/excerpts/").status_code == 401


def test_a_token_carries_no_more_than_its_owners_roles(reviewer, outsider, draft):
    _, mine = ApiToken.issue(user=outsider, name="script")
    assert _with(mine).get("/api/excerpts/").status_code == 403
    _, theirs = ApiToken.issue(user=reviewer, name="script")
    assert _with(theirs).post("/api/excerpts/", {}, format="json").status_code == 403


def test_the_token_page_makes_a_token_and_shows_its_secret_once(as_user, editor):
    client = as_user(editor)
    page = client.post(reverse("desk:tokens"), {"name": "import script", "expires_on": ""})
    assert page.status_code == 200
    html = page.content.decode()
    secret = re.search(r'id="token-secret" type="text" readonly value="([^"]+)"', html).group(1)
    token = ApiToken.objects.get(user=editor)
    assert token.name == "import script" and token.expires_at is None
    assert token.key_hash == hash_secret(secret)
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    again = client.get(reverse("desk:tokens")).content.decode()
    assert secret not in again and "import script" in again and token.key_prefix in again
    assert _with(secret).get("/api/excerpts/").status_code == 200


def test_an_expiry_day_ends_the_token_after_that_day(as_user, editor):
    day = timezone.localdate() + dt.timedelta(days=3)
    as_user(editor).post(reverse("desk:tokens"), {"name": "short", "expires_on": day.isoformat()})
    token = ApiToken.objects.get(user=editor)
    assert timezone.localtime(token.expires_at).date() == day + dt.timedelta(days=1)
    assert timezone.localtime(token.expires_at).time() == dt.time.min


def test_an_expiry_in_the_past_is_refused(as_user, editor):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page = as_user(editor).post(
        reverse("desk:tokens"), {"name": "late", "expires_on": yesterday.isoformat()}
    )
    assert "That day has passed" in page.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_from_the_page(as_user, editor):
    token, secret = ApiToken.issue(user=editor, name="script")
    response = as_user(editor).post(reverse("desk:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert _with(secret).get("/api/excerpts/").status_code == 401


def test_nobody_revokes_or_sees_anothers_token(as_user, editor, editor2):
    token, _ = ApiToken.issue(user=editor, name="edna's script")
    client = as_user(editor2)
    assert client.post(reverse("desk:token_revoke", args=[token.pk])).status_code == 404
    assert "edna&#x27;s script" not in client.get(reverse("desk:tokens")).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("editor", 200),
        ("reviewer", 200),
        ("chief", 200),
        ("superuser", 200),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_the_token_page_is_for_desk_staff(as_user, people, persona, expected):
    assert as_user(people[persona]).get(reverse("desk:tokens")).status_code == expected


def test_revoking_takes_post_only(as_user, editor):
    token, _ = ApiToken.issue(user=editor, name="script")
    assert as_user(editor).get(reverse("desk:token_revoke", args=[token.pk])).status_code == 405


def test_the_navigation_offers_the_token_page_to_staff_only(as_user, editor, outsider):
    assert "API tokens" in as_user(editor).get(reverse("desk:home")).content.decode()
    assert "API tokens" not in as_user(outsider).get(reverse("briefings:list")).content.decode()
