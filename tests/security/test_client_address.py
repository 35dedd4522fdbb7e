"""Client addresses behind the proxy, read once: sign-in lockouts, the API throttle and the logs.

The documented deployment has one proxy in front (TRUSTED_PROXY_COUNT=1): every request reaches
the desk from 127.0.0.1, and the proxy appends the address it saw to X-Forwarded-For. What the
client wrote there itself (the entries further left) proves nothing.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

import pytest
from axes.models import AccessFailureLog
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from desk.client_address import client_address
from desk.lockouts import cool_off

pytestmark = pytest.mark.django_db
PROXY = "127.0.0.1"
ATTACKER, VICTIM = "203.0.113.5", "198.51.100.7"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 5
    settings.LOGIN_LOCKOUT_MINUTES = 15


def through_proxy(address: str, claimed: str | None = None) -> dict:
    """What the proxy passes on: its own address, and the client's appended to the header."""
    forwarded = f"{claimed}, {address}" if claimed else address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def sign_in(client: Client, username: str, password: str, address: str, claimed=None):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        **through_proxy(address, claimed),
    )


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "10.9.9.9"}, "192.0.2.1"),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "10.9.9.9, 192.0.2.1"}, "192.0.2.1"),
        (
            2,
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.1.1.1, 192.0.2.1, 10.0.0.2"},
            "192.0.2.1",
        ),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "2001:db8::1"}, "2001:db8::1"),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "not an address"}, PROXY),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.1.1.1," * 2000}, PROXY),
        (1, {"REMOTE_ADDR": PROXY}, PROXY),
    ],
)
def test_the_client_is_the_address_the_trusted_proxy_appended(settings, proxies, meta, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", **meta)
    assert client_address(request) == expected


def test_five_bad_passwords_from_one_client_do_not_lock_out_the_victim(
    behind_proxy, editor, password
):
    attacker = Client()
    answers = [sign_in(attacker, editor.username, "wrong", ATTACKER).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    # The attacker is slowed down, even with the right password now, and told for how long ...
    locked = sign_in(attacker, editor.username, password, ATTACKER)
    assert locked.status_code == 429
    assert "Wait 15 minutes and try again" in locked.content.decode()
    # ... the same as when it claims to be someone else in the header it writes itself ...
    assert sign_in(Client(), editor.username, password, ATTACKER, VICTIM).status_code == 429
    # ... while the real user, from their own address, signs in.
    assert sign_in(Client(), editor.username, password, VICTIM).status_code == 302


def test_failed_sign_ins_are_logged_with_the_clients_address(behind_proxy, editor, caplog):
    with caplog.at_level(logging.INFO, logger="desk.security"):
        sign_in(Client(), editor.username, "wrong", ATTACKER)
    failures = [r for r in caplog.records if getattr(r, "event", "") == "login_failed"]
    assert [r.address for r in failures] == [ATTACKER]


def test_random_forwarded_for_does_not_escape_the_anonymous_throttle(settings, db):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    for proxies in (1, 0):
        cache.clear()
        settings.TRUSTED_PROXY_COUNT = proxies
        client = APIClient()
        statuses = [
            client.get("/api/items/", **through_proxy(ATTACKER, str(uuid.uuid4()))).status_code
            for _ in range(5)
        ]
        assert statuses == [200, 200, 200, 429, 429], proxies
    cache.clear()


def failures(username: str, address: str, count: int) -> None:
    AccessFailureLog.objects.bulk_create(
        AccessFailureLog(username=username, ip_address=address, user_agent="", path_info="/")
        for _ in range(count)
    )


def lockout_for(username: str, address: str) -> timedelta:
    request = RequestFactory().post("/accounts/login/", {"username": username})
    request.axes_ip_address = address
    return cool_off(request)


def test_each_new_lockout_of_the_same_user_and_address_lasts_twice_as_long(behind_proxy):
    assert lockout_for("edna", ATTACKER) == timedelta(minutes=15)
    failures("edna", ATTACKER, 5)
    assert lockout_for("edna", ATTACKER) == timedelta(minutes=15)
    failures("edna", ATTACKER, 5)
    assert lockout_for("edna", ATTACKER) == timedelta(minutes=30)
    failures("edna", ATTACKER, 10)
    assert lockout_for("edna", ATTACKER) == timedelta(minutes=120)
    failures("edna", ATTACKER, 500)
    assert lockout_for("edna", ATTACKER) == timedelta(days=1)
    # Another address, or another user, starts from the base again.
    assert lockout_for("edna", VICTIM) == timedelta(minutes=15)
    assert lockout_for("eddie", ATTACKER) == timedelta(minutes=15)


def test_a_successful_sign_in_forgets_earlier_lockouts(behind_proxy, editor, password):
    failures(editor.username, VICTIM, 15)
    assert lockout_for(editor.username, VICTIM) == timedelta(minutes=60)
    AccessFailureLog.objects.update(attempt_time=AccessFailureLog.objects.first().attempt_time)
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()
    assert sign_in(Client(), editor.username, password, VICTIM).status_code == 302
    assert lockout_for(editor.username, VICTIM) == timedelta(minutes=15)


def test_a_lockout_says_how_long_in_words():
    from desk.templatetags.durations import in_words

    assert in_words(timedelta(minutes=15)) == "15 minutes"
    assert in_words(timedelta(minutes=60)) == "1 hour"
    assert in_words(timedelta(minutes=90)) == "1 hour 30 minutes"
    assert in_words(timedelta(days=1)) == "1 day"
    assert in_words(timedelta(seconds=5)) == "1 minute"
