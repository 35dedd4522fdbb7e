"""Digests: what readers could newly see, sent once, on time, to confirmed readers only."""

from __future__ import annotations

import itertools
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format

from desk.models import Briefing
from desk.readers_copy import carry, changed_items
from desk.states import Action
from desk.subscriptions.digests import build_digest, send_due_digests
from desk.subscriptions.models import Subscription
from desk.subscriptions.tasks import send_digests
from desk.workflow import perform
from tests.factories import BriefingFactory, excerpt_in, make_source, start_correction
from tests.subscriptions.conftest import READER, confirmation_path

EVIL = "He said <script>alert(1)</script> & <img src=x onerror=alert(2)>"


@pytest.fixture
def evil_source(db):
    return make_source(text=f"{EVIL}\nSecond paragraph of the text.", title="<b>Bold</b> title")


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


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def html_part(message) -> str:
    ((content, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return content


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
    from desk.subscriptions.digests import _claim

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


def test_corrections_readers_see_come_in_the_digest(
    briefing, subscribe, editor, reviewer, chief, clock
):
    item = publish_item(editor, reviewer, briefing)
    subscribe(briefing)
    clock.move(hours=2)
    corrected = start_correction(item, editor=editor)
    corrected = perform(corrected, Action.SUBMIT, editor)
    perform(corrected, Action.APPROVE, reviewer, correction_note="The date was <b>wrong</b>.")
    # Approved but not yet published: readers do not see the correction, nor does the digest.
    clock.move(days=1)
    assert send_due_digests() == 0
    fresh = perform(item.__class__.objects.get(pk=item.pk), Action.PUBLISH, reviewer)
    assert fresh.is_live
    clock.move(days=1)
    assert send_due_digests() == 1
    message = mail.outbox[-1]
    assert message.subject == "The border: 1 correction"
    assert "The date was <b>wrong</b>." in message.body
    page = html_part(message)
    assert "The date was &lt;b&gt;wrong&lt;/b&gt;." in page
    assert f"/items/{item.pk}/" in page


def test_a_carried_record_change_is_a_correction_too(
    briefing, subscribe, editor, reviewer, source, clock
):
    publish_item(editor, reviewer, briefing, source=source)
    subscribe(briefing)
    clock.move(hours=1)
    source.title = "Border talk, renamed"
    source.save()
    carry(changed_items(), reviewer, "The source's title was corrected.")
    clock.move(days=1)
    assert send_due_digests() == 1
    assert "The source's title was corrected." in mail.outbox[-1].body


def test_user_text_is_escaped_and_there_are_no_images_or_remote_assets(
    briefing, subscribe, editor, reviewer, evil_source, clock
):
    subscribe(briefing)
    Briefing.objects.filter(pk=briefing.pk).update(title="The <i>border</i>")
    publish_item(
        editor,
        reviewer,
        briefing,
        source=evil_source,
        quote=EVIL,
        annotation='See ![pixel](https://tracker.example/p.gif) <img src="https://t.example/x"> '
        "and [a link](https://example.org/).",
    )
    clock.move(days=1)
    assert send_due_digests() == 1
    message = mail.outbox[0]
    page = html_part(message)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in page
    assert "The &lt;i&gt;border&lt;/i&gt;" in page
    parser = _Tags()
    parser.feed(page)
    tags = {tag for tag, _ in parser.tags}
    assert not tags & {"img", "script", "style", "link", "iframe", "object", "form", "base"}
    for tag, attributes in parser.tags:
        assert not any(name.startswith("on") or name in ("src", "style") for name in attributes)
        if tag == "a":
            assert attributes["href"].startswith("http://testserver/"), attributes
    assert "tracker.example" not in page and "t.example" not in page
    # The plain-text part keeps the words as written, unescaped.
    assert EVIL in message.body
    assert message.subject == "The <i>border</i>: 1 new item"


def test_the_digest_is_written_in_the_readers_language(briefing, ask, editor, reviewer, clock):
    client = Client()
    client.cookies["django_language"] = "pl"
    ask(briefing, client=client)
    Client().post(confirmation_path(mail.outbox[0]))
    mail.outbox.clear()
    clock.move(minutes=1)
    # A source with no author: the words saying so are the interface's, the quote is not.
    unknown = make_source(text="A report without a byline.\nMore of it.")
    publish_item(editor, reviewer, briefing, source=unknown)
    clock.move(days=1)
    send_due_digests()
    message = mail.outbox[0]
    with translation.override("pl"):
        published = date_format(clock.now - timedelta(days=1), "j E Y")
    assert "autor nieznany" in message.body and "autor nieznany" in html_part(message)
    assert "author unknown" not in message.body
    assert published in message.body  # the month in Polish ("listopada")
    assert "A report without a byline." in message.body


def test_one_message_per_reader(briefing, subscribe, editor, reviewer, clock):
    for number in range(3):
        subscribe(briefing, email=f"reader{number}@example.org")
    publish_item(editor, reviewer, briefing)
    clock.move(days=1)
    assert send_due_digests() == 3
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("reader0@example.org",),
        ("reader1@example.org",),
        ("reader2@example.org",),
    ]
    links = {m.extra_headers["List-Unsubscribe"] for m in mail.outbox}
    assert len(links) == 3
    for message in mail.outbox:
        others = [
            f"reader{n}@example.org" for n in range(3) if [f"reader{n}@example.org"] != message.to
        ]
        for other in others:
            assert other not in message.body and other not in html_part(message)
            assert other not in message.message().as_string()


def test_building_a_digest_asks_the_same_questions_for_any_number_of_items(
    briefing, editor, reviewer, clock, django_assert_num_queries
):
    since = clock.now
    clock.move(minutes=1)
    for _ in range(2):
        publish_item(editor, reviewer, briefing)
    clock.move(hours=1)
    # Guards the N+1 of each item's revision and readers' copy (the citation) being read alone.
    with django_assert_num_queries(2):
        assert len(build_digest(briefing, since, clock.now).items) == 2
    clock.move(minutes=1)
    for _ in range(6):
        publish_item(editor, reviewer, briefing)
    clock.move(hours=1)
    with django_assert_num_queries(2):
        assert len(build_digest(briefing, since, clock.now).items) == 8


def test_one_connection_to_the_mail_server_serves_the_whole_run(
    briefing, subscribe, editor, reviewer, clock, monkeypatch
):
    from django.core.mail.backends.locmem import EmailBackend

    opened = []
    monkeypatch.setattr(EmailBackend, "open", lambda self: opened.append(self) or True)
    for number in range(3):
        subscribe(briefing, email=f"reader{number}@example.org")
    publish_item(editor, reviewer, briefing)
    clock.move(days=1)
    assert send_due_digests() == 3
    assert len({id(connection) for connection in opened}) == 1
