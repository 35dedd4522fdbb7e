"""Asking for a briefing by e-mail, confirming twice over, and the links' refusals."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse

from desk.subscriptions import sending, subscribing
from desk.subscriptions.models import Subscription
from desk.subscriptions.tokens import confirmation_token, unsubscribe_token
from tests.factories import BriefingFactory
from tests.subscriptions.conftest import READER, confirmation_path

NEUTRAL = "If the address can receive e-mail, a message is on its way"


def test_the_briefing_page_links_to_the_form_and_stays_cacheable(briefing):
    page = Client().get(reverse("briefings:detail", args=[briefing.slug]))
    assert reverse("subscriptions:subscribe", args=[briefing.slug]).encode() in page.content
    # The briefing page has no form of its own: no CSRF cookie, so it stays shared by all.
    assert not page.cookies and b"csrfmiddlewaretoken" not in page.content


def test_the_form_is_a_page_of_its_own_with_a_csrf_token(briefing):
    page = Client().get(reverse("subscriptions:subscribe", args=[briefing.slug]))
    assert page.status_code == 200
    assert b"csrfmiddlewaretoken" in page.content
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]


def test_the_form_refuses_a_post_without_csrf(briefing):
    client = Client(enforce_csrf_checks=True)
    url = reverse("subscriptions:subscribe", args=[briefing.slug])
    response = client.post(url, {"email": READER, "frequency": "daily"})
    assert response.status_code == 403
    assert not Subscription.objects.exists()


def test_asking_mails_a_confirmation_link_and_subscribes_nobody_yet(briefing, ask):
    response = ask(briefing)
    assert response.status_code == 302
    assert response["Location"] == reverse("subscriptions:asked", args=[briefing.slug])
    (message,) = mail.outbox
    assert message.to == [READER.replace("Example.org", "example.org")]
    assert message.cc == [] and message.bcc == []
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert briefing.title in message.subject
    assert confirmation_path(message)
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None and not subscription.is_active
    assert NEUTRAL in Client().get(response["Location"]).content.decode()


def test_the_answer_is_the_same_whether_or_not_the_address_is_subscribed(
    briefing, ask, subscribe, clock
):
    subscribe(briefing)
    clock.move(hours=1)
    again = ask(briefing, email=READER.upper())
    fresh = ask(briefing, email="someone.else@example.org")
    assert again.status_code == fresh.status_code == 302
    assert again["Location"] == fresh["Location"]
    assert Subscription.objects.count() == 2  # one per address, whatever the case typed


def test_asking_again_changes_nothing_until_confirmed(briefing, ask, subscribe, clock):
    subscription = subscribe(briefing, frequency="daily")
    clock.move(hours=1)
    ask(briefing, frequency="weekly")
    subscription.refresh_from_db()
    assert subscription.frequency == "daily" and subscription.is_active
    (message,) = mail.outbox
    Client().post(confirmation_path(message))
    subscription.refresh_from_db()
    assert subscription.frequency == "weekly" and subscription.is_active


def test_confirming_takes_a_button_not_a_visit(briefing, ask):
    ask(briefing)
    path = confirmation_path(mail.outbox[0])
    # A mail scanner fetching the link confirms nothing.
    page = Client().get(path)
    assert page.status_code == 200
    assert b'<form method="post">' in page.content and b"csrfmiddlewaretoken" in page.content
    assert Subscription.objects.get().confirmed_at is None
    done = Client().post(path)
    assert done.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.is_active and subscription.sent_up_to == subscription.confirmed_at
    assert subscription.language == "en-gb"


def test_the_confirm_button_needs_csrf(briefing, ask):
    ask(briefing)
    path = confirmation_path(mail.outbox[0])
    assert Client(enforce_csrf_checks=True).post(path).status_code == 403
    assert Subscription.objects.get().confirmed_at is None


def test_the_digest_language_is_the_interface_language_at_subscribe_time(briefing, ask):
    client = Client()
    client.cookies["django_language"] = "pl"
    ask(briefing, client=client)
    Client().post(confirmation_path(mail.outbox[0]))
    assert Subscription.objects.get().language == "pl"


def test_addresses_with_line_breaks_or_an_overlong_mailbox_are_refused_plainly(briefing, ask):
    for typed, says in [
        ("reader@example.org\r\n", "cannot contain line breaks"),
        ("reader@example.org\r\nBcc: many@example.org", "valid email address"),
        ("x" * 300 + "@example.org", "at most 254 characters"),
        ("x" * 65 + "@example.org", "at most 64 characters"),
        ("not an address", "valid email address"),
    ]:
        response = ask(briefing, email=typed)
        assert response.status_code == 200, typed
        assert says in response.content.decode(), typed
    assert not Subscription.objects.exists() and not mail.outbox


def test_one_client_address_is_throttled(briefing, ask):
    for number in range(subscribing.REQUESTS_PER_HOUR):
        assert ask(briefing, email=f"r{number}@example.org").status_code == 302
    refused = ask(briefing, email="one.more@example.org")
    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()
    assert len(mail.outbox) == subscribing.REQUESTS_PER_HOUR
    # Another client is not held back by the first.
    other = ask(briefing, email="other@example.org", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_one_address_is_not_sent_link_after_link(db, ask, clock):
    briefings = BriefingFactory.create_batch(7)
    for briefing in briefings[:2]:
        ask(briefing, REMOTE_ADDR=f"192.0.2.{briefing.pk}")
        ask(briefing, REMOTE_ADDR=f"198.51.100.{briefing.pk}")
    assert len(mail.outbox) == 2  # once per briefing within RESEND_AFTER
    for briefing in briefings[2:]:
        ask(briefing, REMOTE_ADDR=f"203.0.113.{briefing.pk}")
    assert len(mail.outbox) == subscribing.LINKS_PER_ADDRESS_PER_DAY
    clock.move(days=1, minutes=1)
    ask(briefings[0], REMOTE_ADDR="203.0.113.200")
    assert len(mail.outbox) == subscribing.LINKS_PER_ADDRESS_PER_DAY + 1


def test_private_or_unknown_briefings_have_no_form(db, ask):
    private = BriefingFactory(is_public=False)
    for slug in (private.slug, "no-such-briefing"):
        url = reverse("subscriptions:subscribe", args=[slug])
        assert Client().get(url).status_code == 404
        assert Client().post(url, {"email": READER, "frequency": "daily"}).status_code == 404
    assert not Subscription.objects.exists()


def test_wrong_methods_are_refused(briefing, ask):
    url = reverse("subscriptions:subscribe", args=[briefing.slug])
    assert Client().put(url).status_code == 405
    assert Client().post(reverse("subscriptions:asked", args=[briefing.slug])).status_code == 405
    token = confirmation_token(1, "daily", "en-gb")
    assert Client().delete(reverse("subscriptions:confirm", args=[token])).status_code == 405
    assert Client().put(reverse("subscriptions:unsubscribe", args=["x"])).status_code == 405


def test_every_role_sees_the_same_pages(briefing, as_user, editor, reviewer, outsider):
    for user in (None, outsider, editor, reviewer):
        client = as_user(user)
        assert (
            client.get(reverse("subscriptions:subscribe", args=[briefing.slug])).status_code == 200
        )
        assert client.get(reverse("subscriptions:asked", args=[briefing.slug])).status_code == 200


def test_tampered_and_expired_links_get_a_clear_page(briefing, ask, subscribe, monkeypatch):
    subscription = subscribe(briefing)
    good = confirmation_token(subscription.pk, "weekly", "en-gb")
    with monkeypatch.context() as past:
        import time

        then = time.time() - 8 * 24 * 3600
        past.setattr(time, "time", lambda: then)
        expired = confirmation_token(subscription.pk, "weekly", "en-gb")
    tampered = good[:-3] + ("aaa" if not good.endswith("aaa") else "bbb")
    leave = unsubscribe_token(subscription.pk)
    cases = {
        reverse("subscriptions:confirm", args=[expired]): "has expired",
        reverse("subscriptions:confirm", args=[tampered]): "not valid",
        reverse("subscriptions:confirm", args=["nonsense"]): "not valid",
        # A link to leave is not a link to confirm, nor the reverse.
        reverse("subscriptions:confirm", args=[leave]): "not valid",
        reverse("subscriptions:unsubscribe", args=[good]): "not valid",
        reverse("subscriptions:unsubscribe", args=[leave[:-2] + "xx"]): "not valid",
    }
    for path, says in cases.items():
        for method in ("get", "post"):
            response = getattr(Client(), method)(path)
            assert response.status_code == 400, (path, method)
            assert says in response.content.decode(), (path, method)
    subscription.refresh_from_db()
    assert subscription.frequency == "daily" and subscription.is_active


def test_a_link_from_before_unsubscribing_does_not_bring_the_subscription_back(
    briefing, ask, subscribe, clock
):
    ask(briefing)
    old_link = confirmation_path(mail.outbox[0])
    Client().post(old_link)
    subscription = Subscription.objects.get()
    clock.move(minutes=5)
    Client().post(reverse("subscriptions:unsubscribe", args=[unsubscribe_token(subscription.pk)]))
    clock.move(minutes=5)
    refused = Client().post(old_link)
    assert refused.status_code == 400
    subscription.refresh_from_db()
    assert not subscription.is_active
    # Asking again sends a new link, which works.
    mail.outbox.clear()
    ask(briefing)
    Client().post(confirmation_path(mail.outbox[0]))
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.confirmed_at == clock.now


def test_unconfirmed_addresses_are_forgotten_once_their_link_expired(briefing, ask, clock):
    ask(briefing)
    clock.move(days=7)
    assert sending.forget_unconfirmed() == 0
    clock.move(days=1, minutes=1)
    assert sending.forget_unconfirmed() == 1
    assert not Subscription.objects.exists()


def test_a_confirmation_the_mail_server_refused_can_be_asked_for_again_at_once(
    briefing, ask, monkeypatch
):
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise ConnectionRefusedError("the mail server is down")

    with monkeypatch.context() as broken:
        broken.setattr(EmailBackend, "send_messages", refuse)
        assert ask(briefing).status_code == 302
    assert Subscription.objects.get().confirmation_sent_at is None
    ask(briefing)
    assert len(mail.outbox) == 1


def test_reopening_a_confirmed_link_says_it_is_confirmed_without_a_button(briefing, ask):
    ask(briefing, frequency="weekly")
    path = confirmation_path(mail.outbox[0])
    Client().post(path)
    again = Client().get(path)
    assert again.status_code == 200
    text = again.content.decode()
    assert "Your subscription is confirmed" in text
    assert '<form method="post">' not in text and ">Confirm<" not in text
    assert Subscription.objects.get().is_active


def test_a_link_asking_for_another_frequency_still_asks_to_confirm(briefing, ask, subscribe, clock):
    subscribe(briefing, frequency="daily")
    clock.move(hours=1)
    ask(briefing, frequency="weekly")
    page = Client().get(confirmation_path(mail.outbox[0])).content.decode()
    assert '<form method="post">' in page and "Your subscription is confirmed" not in page
