"""Endpoints on private or loopback addresses are refused, when registered and when sent to."""

from __future__ import annotations

import socket

import pytest
from django.utils import timezone

from desk.webhooks import delivering
from desk.webhooks.addresses import refusal_for
from desk.webhooks.events import message_body
from desk.webhooks.forms import EndpointForm
from desk.webhooks.models import Delivery, Endpoint, EventType


@pytest.fixture(autouse=True)
def _no_switch(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://127.0.0.1:8000/hooks", "a loopback address"),
        ("http://[::1]/hooks", "a loopback address"),
        ("http://localhost/hooks", "a loopback address"),
        ("http://10.1.2.3/hooks", "a private network address"),
        ("http://192.168.0.10/hooks", "a private network address"),
        ("http://169.254.169.254/latest/meta-data", "a link-local address"),
        ("http://[::ffff:127.0.0.1]/hooks", "a loopback address"),
        ("http://[64:ff9b::a01:203]/hooks", "a private network address"),
        ("http://[2002:7f00:1::1]/hooks", "a 6to4 address"),
        ("http://0.0.0.0/hooks", "a reserved address"),
        ("ftp://example.org/hooks", "must start with https:// or http://"),
        ("https://user:secret@example.org/hooks", "Leave the user name and password out"),
    ],
)
def test_a_private_loopback_or_odd_address_is_refused_in_plain_words(url, words):
    reason = refusal_for(url)
    assert reason is not None and words in reason


def test_the_form_refuses_a_loopback_endpoint_and_saves_nothing(db):
    form = EndpointForm(data={"url": "http://127.0.0.1/hooks", "sends_published": "on"})
    assert not form.is_valid()
    assert form.errors["url"] == [
        "Webhooks are not sent to a loopback address, which is the desk's own server; the "
        "setting WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=1 allows one for a receiver on the same "
        "machine (127.0.0.1)."
    ]
    assert not Endpoint.objects.exists()


def test_the_form_needs_one_event_at_least(db, monkeypatch):
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda *a, **k: [(2, 1, 6, "", ("93.184.215.14", 443))]
    )
    form = EndpointForm(data={"url": "https://hooks.example.org/desk"})
    assert not form.is_valid()
    assert form.non_field_errors() == ["Choose at least one event to send."]


def test_a_name_that_resolves_to_a_private_address_is_refused(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(2, 1, 6, "", ("10.0.0.5", 443))])
    assert refusal_for("https://hooks.example.org/desk") == (
        "Webhooks are not sent to a private network address (“hooks.example.org” is 10.0.0.5)."
    )


def test_the_switch_allows_the_desks_own_network_but_never_link_local_or_tunnels(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    assert refusal_for("http://127.0.0.1:9/hooks") is None
    assert refusal_for("http://10.1.2.3/hooks") is None
    assert "link-local" in refusal_for("http://169.254.169.254/latest/meta-data")
    assert "6to4" in refusal_for("http://[2002:a01:203::1]/hooks")
    assert "reserved" in refusal_for("http://0.0.0.0/hooks")


def test_a_name_moved_to_a_private_address_after_registration_is_not_sent_to(db, monkeypatch):
    """DNS rebinding: public when registered, private when the delivery goes out."""
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda *a, **k: [(2, 1, 6, "", ("93.184.215.14", 443))]
    )
    form = EndpointForm(data={"url": "https://hooks.example.org/desk", "sends_published": "on"})
    assert form.is_valid(), form.errors
    endpoint = form.save()
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda *a, **k: [(2, 1, 6, "", ("192.168.1.20", 443))]
    )
    connected = []
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: connected.append(a))
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event_type=EventType.TEST,
        payload=message_body(EventType.TEST, {}),
        next_attempt_at=timezone.now(),
    )
    assert delivering.attempt(delivery.pk) == "retrying"
    assert connected == []
    assert delivery.attempts.get().outcome == (
        "Not sent: Webhooks are not sent to a private network address "
        "(“hooks.example.org” is 192.168.1.20)."
    )


def test_a_local_receiver_gets_nothing_once_the_switch_is_off(db, settings):
    from tests.webhooks.receiver import receiving

    with receiving() as receiver:
        endpoint = Endpoint.objects.create(url=f"{receiver.url}/hooks")
        delivery = Delivery.objects.create(
            endpoint=endpoint,
            event_type=EventType.TEST,
            payload=message_body(EventType.TEST, {}),
            next_attempt_at=timezone.now(),
        )
        delivering.attempt(delivery.pk)
        assert receiver.requests == []
    assert "loopback" in delivery.attempts.get().outcome
