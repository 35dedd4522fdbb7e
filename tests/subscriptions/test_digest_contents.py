"""What a digest says: corrections, escaped text, the reader's language, one message each."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format

from desk.models import Briefing
from desk.publishing.states import Action
from desk.publishing.workflow import perform
from desk.readers_copy import carry, changed_items
from desk.subscriptions.digests import build_digest
from desk.subscriptions.sending import send_due_digests
from tests.factories import make_source, start_correction
from tests.subscriptions.conftest import (
    confirmation_path,
    html_part,
    publish_item,
)

EVIL = "He said <script>alert(1)</script> & <img src=x onerror=alert(2)>"


@pytest.fixture
def evil_source(db):
    return make_source(text=f"{EVIL}\nSecond paragraph of the text.", title="<b>Bold</b> title")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


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


def test_the_digest_marks_the_commentary_with_the_briefings_language(
    briefing, subscribe, editor, reviewer, clock
):
    Briefing.objects.filter(pk=briefing.pk).update(language="be")
    subscribe(briefing)
    publish_item(editor, reviewer, briefing, annotation="Каментар рэдакцыі.")
    clock.move(days=1)
    assert send_due_digests() == 1
    page = html_part(mail.outbox[0])
    # The message's own words are the reader's; the annotation is the briefing's.
    assert '<html lang="en-gb">' in page
    assert '<p lang="be">Каментар рэдакцыі.</p>' in page
