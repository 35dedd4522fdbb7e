"""Client addresses behind the proxy, read once: sign-in lockouts, the API throttle and the logs.

The documented deployment has one proxy in front (TRUSTED_PROXY_COUNT=1): every request reaches
the desk from 127.0.0.1, and the proxy appends the address it saw to X-Forwarded-For. What the
client wrote there itself (the entries further left) proves nothing.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import uuid
from datetime import timedelta

import pytest
from axes.models import AccessFailureLog
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from desk.project.client_address import UNKNOWN, client_address, client_network
from desk.project.lockouts import account_pause, cool_off
from tests.factories import UserFactory

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
        # What the proxy wrote is no address: one shared unknown client, never the proxy.
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "not an address"}, UNKNOWN),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.1.1.1," * 2000}, UNKNOWN),
        # However long the part the client wrote, the proxy's entry is read from the right.
        (
            1,
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "9.9.9.9, " * 2000 + ATTACKER},
            ATTACKER,
        ),
        (
            2,
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "x" * 9000 + ", 192.0.2.1, 10.0.0.2"},
            "192.0.2.1",
        ),
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


LONG_HEADER = "9.9.9.9, " * 1000  # 9,000 characters written by the client, left of the proxy's


def test_an_over_long_forwarded_for_is_read_from_the_right(behind_proxy, editor, password, caplog):
    """Over 2,000 characters used to be read as absent: the request looked like the proxy's
    own, logged as 127.0.0.1 with fresh lockout, throttle and subscription limits."""
    attacker = Client()
    with caplog.at_level(logging.INFO, logger="desk.security"):
        answers = [
            sign_in(attacker, editor.username, "wrong", ATTACKER, LONG_HEADER).status_code
            for _ in range(5)
        ]
    assert answers == [200, 200, 200, 200, 429]
    failed = [r.address for r in caplog.records if getattr(r, "event", "") == "login_failed"]
    assert failed and set(failed) == {ATTACKER}
    # The short header from the same client meets the same lockout.
    assert sign_in(Client(), editor.username, password, ATTACKER).status_code == 429
    assert sign_in(Client(), editor.username, password, VICTIM).status_code == 302


@pytest.mark.parametrize(
    ("address", "counted"),
    [
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),
        ("2001:db8:1:2::1", "2001:db8:1:2::"),
        ("2001:db8:1:3::1", "2001:db8:1:3::"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("192.0.2.1", "192.0.2.1"),
    ],
)
def test_an_ipv6_client_is_counted_by_its_64(settings, address, counted):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", **through_proxy(address))
    assert client_network(request) == counted
    # The logs keep the address itself.
    assert client_address(request) == str(ipaddress.ip_address(address))


def test_wrong_passwords_from_one_ipv6_64_lock_it_however_many_addresses(
    behind_proxy, editor, password
):
    """15 wrong passwords from one /64, each from another address, never locked."""
    answers = [
        sign_in(Client(), editor.username, "wrong", f"2001:db8:1:2::{n:x}").status_code
        for n in range(1, 6)
    ]
    assert answers == [200, 200, 200, 200, 429]
    assert sign_in(Client(), editor.username, password, "2001:db8:1:2::ffff").status_code == 429
    # The user's own network is another /64: not locked.
    assert sign_in(Client(), editor.username, password, "2001:db8:1:3::1").status_code == 302


def test_one_ipv6_64_is_one_client_for_the_api_throttle(settings, db):
    """125 of 125 requests from one /64 passed a 120-a-minute limit."""
    cache.clear()
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    client = APIClient()
    statuses = [
        client.get("/api/items/", **through_proxy(f"2001:db8:1:2::{n:x}")).status_code
        for n in range(1, 6)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    assert client.get("/api/items/", **through_proxy("2001:db8:1:3::1")).status_code == 200
    cache.clear()


@pytest.fixture
def account_limit(behind_proxy, settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 8


def test_a_guess_spread_over_many_addresses_pauses_the_account(account_limit, editor, password):
    # Two wrong passwords from each of four addresses: no address reaches its own limit.
    addresses = [f"203.0.113.{n}" for n in range(10, 14)]
    for address in addresses:
        for _ in range(2):
            assert sign_in(Client(), editor.username, "wrong", address).status_code == 200
    # The account now takes no sign-in from a new address, not even with the right password,
    # and the page says so in plain words.
    paused = sign_in(Client(), editor.username, password, "203.0.113.99")
    assert paused.status_code == 429
    page = paused.content.decode()
    assert "Too many wrong passwords were tried for this account" in page
    assert re.search(r"Wait (59 minutes|1 hour) and try again", page)
    # Another account is not touched.
    other = UserFactory(username="other", roles=["editor"])
    assert sign_in(Client(), other.username, password, "203.0.113.99").status_code == 302


def test_the_pause_spares_an_address_the_user_signed_in_from(account_limit, editor, password):
    assert sign_in(Client(), editor.username, password, VICTIM).status_code == 302
    for n in range(8):
        sign_in(Client(), editor.username, "wrong", f"203.0.113.{n}")
    assert sign_in(Client(), editor.username, password, "203.0.113.99").status_code == 429
    assert sign_in(Client(), editor.username, password, VICTIM).status_code == 302


def test_the_pause_ends_when_the_oldest_guess_is_an_hour_old(account_limit, editor, password):
    failures(editor.username, ATTACKER, 8)
    assert account_pause(editor.username, "203.0.113.99") is not None
    AccessFailureLog.objects.update(attempt_time=timezone.now() - timedelta(minutes=61))
    assert account_pause(editor.username, "203.0.113.99") is None
    assert sign_in(Client(), editor.username, password, "203.0.113.99").status_code == 302
