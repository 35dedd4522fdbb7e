"""Subscriber addresses never leave the server: no page, API, export, feed, backup or log line."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from desk.subscriptions.models import Subscription
from desk.subscriptions.sending import send_due_digests
from desk.subscriptions.tokens import unsubscribe_token
from tests.factories import excerpt_in, make_source

ADDRESS = "very.private.reader@example.org"


@pytest.fixture
def subscribed_world(briefing, subscribe, ask, editor, reviewer, clock, caplog):
    caplog.set_level(logging.DEBUG)
    subscription = subscribe(briefing, email=ADDRESS)
    ask(briefing, email="pending.reader@example.org")
    item = excerpt_in(
        "published", editor=editor, reviewer=reviewer, briefing=briefing, source=make_source()
    )
    clock.move(days=1)
    assert send_due_digests() == 1
    # Over the limit: the refusal is logged as a security event, with the client, not the address.
    for _ in range(6):
        ask(briefing, email=ADDRESS.upper())
    unsubscribe = reverse("subscriptions:unsubscribe", args=[unsubscribe_token(subscription.pk)])
    Client().get(unsubscribe)
    Client().post(unsubscribe)
    Client().get(reverse("subscriptions:confirm", args=["tampered"]))
    return subscription, item


def _said(content: bytes | str) -> str:
    text = content.decode() if isinstance(content, bytes) else content
    return text.lower()


def test_no_public_page_api_export_or_feed_shows_an_address(
    subscribed_world, briefing, as_user, editor, reviewer
):
    _, item = subscribed_world
    urls = [
        reverse("briefings:list"),
        reverse("briefings:detail", args=[briefing.slug]),
        reverse("briefings:item", args=[briefing.slug, item.pk]),
        reverse("briefings:feed", args=[briefing.slug]),
        reverse("briefings:corrections_feed", args=[briefing.slug]),
        reverse("briefings:markdown", args=[briefing.slug]),
        reverse("sitemap"),
        reverse("subscriptions:subscribe", args=[briefing.slug]),
        reverse("subscriptions:asked", args=[briefing.slug]),
        "/api/briefings/",
        f"/api/briefings/{briefing.slug}/",
        f"/api/briefings/{briefing.slug}/items/",
        "/api/items/",
        "/api/excerpts/",
        "/api/audit/",
        "/api/excerpts/export.csv",
        "/api/excerpts/export.jsonld",
        "/api/schema/",
        reverse("desk:home"),
    ]
    for user in (None, editor, reviewer):
        client = as_user(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 302, 401, 403), (url, response.status_code)
            body = b"".join(response) if response.streaming else response.content
            assert ADDRESS not in _said(body), url
            assert "pending.reader" not in _said(body), url


def test_no_log_line_names_an_address(subscribed_world, caplog):
    # Django's own SQL log (DEBUG=True only) would quote every query's values; it is off here
    # as in production, and no other logger may say the address.
    lines = [
        f"{record.name} {record.getMessage()} {record.__dict__}"
        for record in caplog.get_records("setup") + caplog.records
        if record.name != "django.db.backends"
    ]
    assert any("subscribe_throttled" in line for line in lines)
    assert not [line for line in lines if ADDRESS in line.lower() or "pending.reader" in line]


def test_the_backup_holds_no_address(subscribed_world, tmp_path):
    path = tmp_path / "desk.json"
    call_command("export_desk", str(path))
    assert ADDRESS not in path.read_text().lower()


def test_the_task_queue_is_given_the_subscriptions_number_not_its_address(
    briefing, ask, monkeypatch
):
    # The database queue keeps every task's arguments where anyone looking at it can read them.
    from desk.subscriptions import subscribing

    queued = []

    class Recorder:
        def enqueue(self, *args, **kwargs):
            queued.append((args, kwargs))

    monkeypatch.setattr(subscribing, "send_confirmation", Recorder())
    ask(briefing, email=ADDRESS)
    ((args, kwargs),) = queued
    assert args == (Subscription.objects.get().pk,)
    assert kwargs == {"frequency": "daily", "language": "en-gb", "link_due": True}


def test_a_subscription_never_names_its_address():
    subscription = Subscription(pk=7, briefing_id=3, email=ADDRESS)
    assert ADDRESS not in str(subscription) and ADDRESS not in repr(subscription)


def test_nobody_sees_the_addresses_in_the_admin(subscribed_world, superuser):
    client = Client()
    client.force_login(superuser)
    assert client.get("/admin/subscriptions/subscription/").status_code == 404
    assert ADDRESS not in _said(client.get("/admin/").content)
    assert mail.outbox  # the digest went to its reader, and only there
