"""Readers who subscribe by e-mail, and a clock the tests can move."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from desk.subscriptions.models import Subscription
from tests.factories import excerpt_in, make_source

READER = "Reader.One@Example.org"
CONFIRM_LINK = re.compile(r"http://testserver(/subscriptions/confirm/[^/\s]+/)")


class Clock:
    """The desk's clock (django.utils.timezone.now), held still and moved by hand: publication
    times, due digests and watermarks all read it, as they read the real one."""

    def __init__(self, monkeypatch) -> None:
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def move(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


def confirmation_path(message) -> str:
    return CONFIRM_LINK.search(message.body).group(1)


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Ask for a briefing by e-mail through the form, as an anonymous reader; the response."""

    def asking(briefing, email=READER, frequency="daily", client=None, **extra):
        client = client or Client()
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("subscriptions:subscribe", args=[briefing.slug]),
                {"email": email, "frequency": frequency},
                **extra,
            )

    return asking


@pytest.fixture
def subscribe(ask, clock, django_capture_on_commit_callbacks):
    """The whole double opt-in: ask, open the mailed link, press Confirm; the subscription.
    The clock then moves on a minute: what happens next happens after the confirmation."""

    def subscribing(briefing, email=READER, frequency="daily", client=None) -> Subscription:
        client = client or Client()
        before = len(mail.outbox)
        ask(briefing, email, frequency, client=client)
        (message,) = mail.outbox[before:]
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(confirmation_path(message))
        assert response.status_code == 200
        mail.outbox.clear()
        clock.move(minutes=1)
        return Subscription.objects.of_address(email).get(briefing=briefing)

    return subscribing


_texts = itertools.count(1)


def new_source():
    """A source of its own (the library refuses the same text twice)."""
    number = next(_texts)
    return make_source(text=f"Report number {number} on the border.\nIt says more.")


def publish_item(editor, reviewer, briefing, source=None, quote=None, annotation="A comment."):
    return excerpt_in(
        "published",
        editor=editor,
        reviewer=reviewer,
        briefing=briefing,
        source=source or new_source(),
        quote=quote,
        annotation=annotation,
    )


def html_part(message) -> str:
    ((content, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return content
