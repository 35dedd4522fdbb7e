"""Digests: what readers could newly see, sent once, on time, to confirmed readers only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client

from desk.models import Briefing
from desk.subscriptions.models import Subscription
from desk.subscriptions.sending import send_digests, send_due_digests
from tests.factories import BriefingFactory, excerpt_in
from tests.subscriptions.conftest import (
    READER,
    html_part,
    new_source,
    publish_item,
)


def test_a_digest_is_delivered_after_publishing(briefing, subscribe, editor, reviewer, clock):
    subscription = subscribe(briefing)
    item = publish_item(editor, reviewer, briefing)
    clock.move(days=1)
    assert send_due_digests() == 1
    (message,) = mail.outbox
    assert message.to == ["Reader.One@example.org"] and not message.cc and not message.bcc
    assert message.subject == "The border: 1 new item"
    item_url = f"http://testserver/briefings/the-border/items/{item.pk}/"
    assert item_url in message.body and item_url in html_part(message)
    assert item.published_revision.quote in message.body
    # RFC 8058: the one-click address, and the pair a mail program posts to it.
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://testserver/subscriptions/unsubscribe/")
    assert unsubscribe.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Id"] == "<the-border.testserver>"
    # The headers survive into the message as sent.
    sent = message.message()
    assert sent["List-Unsubscribe"] == unsubscribe
    assert sent["To"] == "Reader.One@example.org"
    subscription.refresh_from_db()
    assert subscription.last_sent_at == clock.now


def test_the_one_click_post_unsubscribes_and_a_visit_does_not(
    briefing, subscribe, editor, reviewer, clock
):
    subscription = subscribe(briefing)
    publish_item(editor, reviewer, briefing)
    clock.move(days=1)
    send_due_digests()
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.removeprefix("http://testserver")
    # A mail scanner or a prefetching client opens the link: nothing changes.
    page = Client().get(path)
    assert page.status_code == 200 and b'<form method="post">' in page.content
    subscription.refresh_from_db()
    assert subscription.is_active
    # The mail program's one click: a POST with no cookie and no CSRF token.
    one_click = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert one_click.status_code == 200
    assert not one_click.cookies
    subscription.refresh_from_db()
    assert not subscription.is_active and subscription.unsubscribed_at == clock.now
    # Again, harmlessly; and no more digests.
    assert Client().post(path).status_code == 200
    publish_item(editor, reviewer, briefing)
    clock.move(days=2)
    mail.outbox.clear()
    assert send_due_digests() == 0 and not mail.outbox


def test_the_unconfirmed_get_nothing(briefing, ask, editor, reviewer, clock):
    ask(briefing)
    mail.outbox.clear()
    publish_item(editor, reviewer, briefing)
    clock.move(days=8)
    assert send_due_digests() == 0 and not mail.outbox


@pytest.mark.parametrize(
    "state", ["draft", "submitted", "approved", "scheduled", "rejected", "withdrawn"]
)
def test_nothing_unpublished_is_ever_in_a_digest(
    state, briefing, subscribe, editor, reviewer, clock
):
    subscribe(briefing)
    excerpt_in(state, editor=editor, reviewer=reviewer, briefing=briefing, source=new_source())
    clock.move(days=1)
    assert send_due_digests() == 0 and not mail.outbox


def test_a_scheduled_item_comes_in_the_digest_after_its_time(
    briefing, subscribe, editor, reviewer, clock
):
    subscribe(briefing)
    later = clock.now + timedelta(hours=30)
    item = excerpt_in(
        "scheduled",
        editor=editor,
        reviewer=reviewer,
        briefing=briefing,
        source=new_source(),
        publish_at=later,
    )
    clock.move(days=1)
    assert send_due_digests() == 0
    clock.move(hours=7)
    assert send_due_digests() == 1
    assert f"/items/{item.pk}/" in mail.outbox[0].body


def test_private_briefings_and_other_briefings_stay_out(
    briefing, subscribe, editor, reviewer, clock
):
    subscription = subscribe(briefing)
    other = BriefingFactory(title="Elsewhere", slug="elsewhere")
    publish_item(editor, reviewer, other)
    clock.move(days=1)
    assert send_due_digests() == 0
    publish_item(editor, reviewer, briefing)
    Briefing.objects.filter(pk=briefing.pk).update(is_public=False)
    clock.move(days=1)
    assert send_due_digests() == 0 and not mail.outbox
    subscription.refresh_from_db()
    assert subscription.last_sent_at is None


def test_running_twice_sends_once(briefing, subscribe, editor, reviewer, clock):
    subscribe(briefing)
    publish_item(editor, reviewer, briefing)
    clock.move(days=1)
    assert send_due_digests() == 1
    assert send_due_digests() == 0
    # Through the task as the worker runs it, too (it also queues its next run).
    assert send_digests.enqueue().return_value == 0
    assert len(mail.outbox) == 1


def test_a_claimed_digest_is_not_sent_by_a_second_worker(
    briefing, subscribe, editor, reviewer, clock
):
    from desk.subscriptions.sending import _claim

    subscription = subscribe(briefing)
    publish_item(editor, reviewer, briefing)
    clock.move(days=1)
    seen_by_both = Subscription.objects.get(pk=subscription.pk)
    assert _claim(seen_by_both, clock.now, clock.now)
    assert not _claim(seen_by_both, clock.now, clock.now)


def test_a_refused_message_is_tried_again_next_run(
    briefing, subscribe, editor, reviewer, clock, monkeypatch, caplog
):
    subscription = subscribe(briefing)
    publish_item(editor, reviewer, briefing)
    clock.move(days=1)
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise ConnectionRefusedError(f"refused {messages[0].to}")

    with monkeypatch.context() as broken:
        broken.setattr(EmailBackend, "send_messages", refuse)
        assert send_due_digests() == 0
    subscription.refresh_from_db()
    assert subscription.last_sent_at is None
    assert READER.lower() not in caplog.text.lower()
    assert f"subscription {subscription.pk}" in caplog.text
    clock.move(minutes=15)
    assert send_due_digests() == 1


def test_daily_and_weekly_timing(briefing, subscribe, editor, reviewer, clock):
    daily = subscribe(briefing, email="daily@example.org", frequency="daily")
    weekly = subscribe(briefing, email="weekly@example.org", frequency="weekly")
    publish_item(editor, reviewer, briefing)
    clock.move(hours=20)
    assert send_due_digests() == 0
    clock.move(hours=4)
    assert send_due_digests() == 1
    assert mail.outbox[-1].to == ["daily@example.org"]
    # Something new an hour later waits for the next day.
    second = publish_item(editor, reviewer, briefing)
    clock.move(hours=1)
    assert send_due_digests() == 0
    clock.move(hours=23)
    assert send_due_digests() == 1
    assert f"/items/{second.pk}/" in mail.outbox[-1].body
    assert mail.outbox[-1].subject == "The border: 1 new item"
    clock.move(days=5)
    assert send_due_digests() == 1
    weekly_digest = mail.outbox[-1]
    assert weekly_digest.to == ["weekly@example.org"]
    assert weekly_digest.subject == "The border: 2 new items"
    daily.refresh_from_db()
    weekly.refresh_from_db()
    assert weekly.last_sent_at == clock.now


def test_nothing_new_sends_nothing(briefing, subscribe, clock):
    subscription = subscribe(briefing)
    clock.move(days=3)
    assert send_due_digests() == 0 and not mail.outbox
    subscription.refresh_from_db()
    assert subscription.last_sent_at is None
