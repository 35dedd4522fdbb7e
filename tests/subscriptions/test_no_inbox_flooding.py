"""The subscribe form cannot be used to fill someone's inbox, from one network or many, and a
confirmation the mail server refuses leaves no address in the task queue or the logs."""

from __future__ import annotations

import logging
import smtplib

from django.core import mail

from desk.subscriptions import subscribing
from desk.subscriptions.models import Subscription
from desk.subscriptions.sending import send_confirmation

VICTIM = "flooded.reader@example.org"


def test_one_address_gets_at_most_the_days_links_however_often_it_is_asked_for(
    briefing, ask, clock
):
    # A new client each time (any botnet), each after the resend pause: still five links a day.
    for number in range(30):
        ask(briefing, email=VICTIM, REMOTE_ADDR=f"198.51.100.{number + 1}")
        clock.move(minutes=11)
    assert len(mail.outbox) == subscribing.LINKS_PER_ADDRESS_PER_DAY
    clock.move(days=1)
    ask(briefing, email=VICTIM, REMOTE_ADDR="203.0.113.9")
    assert len(mail.outbox) == subscribing.LINKS_PER_ADDRESS_PER_DAY + 1


def test_one_ipv6_network_counts_as_one_client(briefing, ask):
    # Anyone on an IPv6 network holds its 2**64 addresses: the allowance is the network's.
    for number in range(subscribing.REQUESTS_PER_HOUR):
        response = ask(briefing, email=f"r{number}@example.org", REMOTE_ADDR=f"2001:db8::{number}")
        assert response.status_code == 302
    refused = ask(briefing, email="one.more@example.org", REMOTE_ADDR="2001:db8::ffff:1")
    assert refused.status_code == 429
    # Another network is another client.
    assert ask(briefing, email="other@example.org", REMOTE_ADDR="2001:db8:1::1").status_code == 302


def test_a_refused_confirmation_leaves_no_address_in_the_queue_or_the_logs(
    briefing, monkeypatch, caplog
):
    from django.core.mail.backends.locmem import EmailBackend

    caplog.set_level(logging.DEBUG)
    subscription = Subscription.objects.create(
        briefing=briefing, email=VICTIM, frequency="daily", language="en-gb"
    )

    def refuse(self, messages):
        # What smtplib raises names every refused recipient.
        raise smtplib.SMTPRecipientsRefused({VICTIM: (550, b"5.1.1 no such user")})

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    result = send_confirmation.enqueue(subscription.pk, frequency="daily", language="en-gb")
    # The task failed, and the queue's record says so, without the address.
    assert result.errors
    assert all(VICTIM not in error.traceback for error in result.errors)
    lines = [
        f"{record.getMessage()} {record.__dict__} {record.exc_text or ''}"
        for record in caplog.records
    ]
    for record in caplog.records:
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    assert not [line for line in lines if VICTIM in line]
