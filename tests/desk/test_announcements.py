"""What a decision announces after commit, when the cache, the mail server or the queue fails.

The decision is saved before any of it runs (desk.publishing.announcements): a failure is logged,
never turns the saved decision into an error page, and never drops what was queued after it.
These tests commit for real (transactional_db), as a request in production does, so the
announcements run inside the request exactly where a failure would reach the reviewer.
"""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.core.cache.backends.locmem import LocMemCache
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from desk.models import Excerpt
from desk.publishing.states import Action, Status
from desk.webhooks.models import Delivery, DeliveryState, Endpoint
from tests.webhooks.receiver import receiving

pytestmark = pytest.mark.django_db(transaction=True)


class CacheThatIsDown(LocMemCache):
    """A shared cache whose server cannot be reached: every read and write fails."""

    def get(self, *args, **kwargs):
        raise ConnectionError("the cache server is down")

    set = add = delete = get_many = set_many = get


class MailServerThatRefuses(BaseEmailBackend):
    """A mail provider's API answering an error (not an OSError, as an HTTP API's client raises)."""

    def send_messages(self, messages):
        raise RuntimeError("the mail provider refused the message")


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOKS_TIMEOUT = 1
    with receiving() as running:
        yield running


@pytest.fixture
def listening(receiver, editor):
    """A webhook endpoint that wants to hear of publications."""
    return Endpoint.objects.create(
        url=f"{receiver.url}/hooks",
        description="Newsroom CMS",
        created_by=editor,
    )


def approve_and_publish(client, excerpt):
    return client.post(
        reverse("desk:excerpt_transition", args=[excerpt.pk, "approve_publish"]),
        {"seen_status": excerpt.status, "seen_revision": excerpt.current_revision_id},
    )


def assert_published(excerpt, response):
    assert response.status_code == 302
    excerpt.refresh_from_db()
    assert excerpt.status == Status.PUBLISHED
    assert excerpt.published_revision_id == excerpt.current_revision_id


def test_a_cache_that_is_down_does_not_undo_the_page_nor_drop_the_webhook_and_mail(
    as_user, submitted, editor, reviewer, listening, receiver, settings, caplog
):
    settings.CACHES = {
        "default": {"BACKEND": f"{__name__}.CacheThatIsDown"},
        "in_process": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    with caplog.at_level(logging.ERROR, logger="desk.announcements"):
        response = approve_and_publish(as_user(reviewer), submitted)
    assert_published(submitted, response)
    # Queued after the renewal of the public state, and still sent.
    assert [d.state for d in Delivery.objects.all()] == [DeliveryState.DELIVERED]
    assert len(receiver.requests) == 1
    assert [m.to for m in mail.outbox] == [[editor.email]]  # one email: "approved and published"
    assert "renew the public state" in caplog.text
    assert "cache server is down" in caplog.text


def test_a_mail_server_that_refuses_does_not_undo_the_page_nor_drop_the_webhook(
    as_user, submitted, reviewer, listening, receiver, settings, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.MailServerThatRefuses"
    with caplog.at_level(logging.ERROR, logger="desk.announcements"):
        response = approve_and_publish(as_user(reviewer), submitted)
    assert_published(submitted, response)
    assert len(receiver.requests) == 1
    assert f"send review notifications for excerpt {submitted.pk}" in caplog.text


def test_a_queue_that_cannot_be_reached_does_not_undo_the_page_nor_drop_the_mail(
    as_user, submitted, editor, reviewer, listening, receiver, monkeypatch, caplog
):
    from desk.webhooks.delivering import deliver_webhook

    def unreachable(*args, **kwargs):
        raise ConnectionError("the task queue cannot be reached")

    monkeypatch.setattr(type(deliver_webhook.get_backend()), "enqueue", unreachable)
    with caplog.at_level(logging.ERROR):
        response = approve_and_publish(as_user(reviewer), submitted)
    assert_published(submitted, response)
    # The delivery is kept for send_due_webhooks, the safety net for an attempt never queued.
    [delivery] = Delivery.objects.all()
    assert delivery.state == DeliveryState.PENDING
    assert receiver.requests == []
    assert [m.to for m in mail.outbox] == [[editor.email]]  # one email: "approved and published"
    assert "task queue cannot be reached" in caplog.text


def test_a_failing_announcement_is_logged_and_the_next_one_still_runs(db, caplog):
    from django.db import transaction

    from desk.publishing.announcements import after_commit

    heard = []

    def fail():
        raise ConnectionError("down")

    with caplog.at_level(logging.ERROR, logger="desk.announcements"), transaction.atomic():
        after_commit("renew the public state", fail)
        after_commit("mail the editor", lambda: heard.append("mail"))
        assert heard == []  # nothing before the commit
    assert heard == ["mail"]
    assert "Could not renew the public state" in caplog.text


def test_a_failing_receiver_does_not_keep_the_others_from_hearing(db, caplog):
    from django.dispatch import Signal

    from desk.publishing.announcements import send

    happened = Signal()
    heard = []

    def failing(sender, **kwargs):
        raise ConnectionError("down")

    def listening(sender, **kwargs):
        heard.append(kwargs["action"])

    happened.connect(failing, weak=False)
    happened.connect(listening, weak=False)
    with caplog.at_level(logging.ERROR, logger="desk.announcements"):
        send(happened, "announce a publication", sender=Excerpt, action=Action.PUBLISH)
    assert heard == [Action.PUBLISH]
    assert "announce a publication in" in caplog.text
