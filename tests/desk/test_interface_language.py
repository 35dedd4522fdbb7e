"""The interface in Polish: chosen with the switch only, kept apart in every cache, complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation.trans_real import DjangoTranslation

from tests.factories import EventFactory, TopicFactory, make_excerpt, make_source, publish

PO_FILE = Path(settings.BASE_DIR) / "locale" / "pl" / "LC_MESSAGES" / "django.po"
# The scripts' words (static/js), served by the javascript_catalog view.
JS_PO_FILE = PO_FILE.with_name("djangojs.po")


def in_polish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    return client


@pytest.fixture
def item(editor, reviewer, briefing):
    source = make_source(text="The council met on Monday.\nIt agreed nothing.")
    excerpt = make_excerpt(
        editor=editor,
        source=source,
        briefing=briefing,
        quote="The council met on Monday",
        topics=[TopicFactory(name="Harbour")],
    )
    return publish(excerpt, editor=editor, reviewer=reviewer)


def test_english_for_every_browser_until_the_reader_switches(client, item, briefing):
    page = client.get(briefing.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="pl,uk;q=0.8")
    assert page["Content-Language"] == "en-gb"
    assert "Accept-Language" not in page.get("Vary", "")
    html = page.content.decode()
    assert '<html lang="en-gb">' in html
    assert "Filter and search" in html
    assert "Filtruj i szukaj" not in html


def test_the_switch_stores_the_choice_and_goes_back(client, item, briefing):
    back = briefing.get_absolute_url()
    chooser = client.get(reverse("set_language"), {"next": back})
    assert chooser.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in chooser.content.decode()
    assert f'name="next" value="{back}"' in chooser.content.decode()

    answer = client.post(reverse("set_language"), {"language": "pl", "next": back})
    assert answer.status_code == 302
    assert answer["Location"] == back
    assert answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"

    html = client.get(back).content.decode()
    assert '<html lang="pl">' in html
    assert "Filtruj i szukaj" in html
    assert "Opublikowano" in html  # the item's own fragment
    assert "The council met on Monday" in html  # the quote stays the source's words


def test_the_switch_never_sends_a_reader_to_another_site(client):
    chooser = client.get(reverse("set_language"), {"next": "https://evil.example/"})
    assert 'name="next" value="/"' in chooser.content.decode()
    answer = client.post(
        reverse("set_language"), {"language": "pl", "next": "https://evil.example/"}
    )
    assert "evil.example" not in answer.get("Location", "")


def test_an_unknown_language_in_the_cookie_is_english(client, briefing, item):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert "Filter and search" in client.get(briefing.get_absolute_url()).content.decode()


def test_cached_pages_and_items_are_kept_per_language(client, item, briefing):
    url = briefing.get_absolute_url()
    english = client.get(url)
    assert "Filter and search" in english.content.decode()
    polish = in_polish(client).get(url)
    assert polish["ETag"] != english["ETag"]
    assert "Filtruj i szukaj" in polish.content.decode()
    assert "Opublikowano" in polish.content.decode()
    assert "Published" not in polish.content.decode()
    # The English reader still gets English from the cache, and a Polish ETag is no 304 for them.
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    again = client.get(url, HTTP_IF_NONE_MATCH=polish["ETag"])
    assert again.status_code == 200
    assert "Filter and search" in again.content.decode()
    assert "Opublikowano" not in again.content.decode()
    assert "Temat" not in again.content.decode()  # the filter menus too


def test_dates_are_written_the_polish_way(client, item, briefing):
    html = in_polish(client).get(briefing.get_absolute_url()).content.decode()
    # After a day number Polish declines the month ("25 listopada"): the E format, not F.
    with translation.override("pl"):
        assert date_format(item.first_published_at, "j E Y") in html
        assert date_format(item.first_published_at, "j F Y") not in html


def test_the_polish_catalogue_is_complete_and_compiled():
    with PO_FILE.open("rb") as po:
        catalogue = read_po(po, locale="pl")
    messages = [message for message in catalogue if message.id]
    assert messages
    for message in messages:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
    # The committed .mo says what the .po says (compilemessages was run after the last edit).
    with translation.override("pl"):
        for message in messages:
            if isinstance(message.id, str):
                if message.context:
                    shown = translation.pgettext(message.context, message.id)
                else:
                    shown = translation.gettext(message.id)
                assert shown == message.string, message.id


def _english_messages() -> list[str]:
    with PO_FILE.open("rb") as po:
        catalogue = read_po(po, locale="pl")
    return [
        m.id
        for m in catalogue
        if isinstance(m.id, str)
        and m.id
        and "%" not in m.id
        and "{" not in m.id
        and m.string != m.id
    ]


@pytest.mark.parametrize(
    "page",
    ["briefings:list", "briefing", "item", "timeline", "login", "missing", "language"],
)
def test_public_pages_in_polish_keep_no_english_interface_words(client, item, briefing, page):
    urls = {
        "briefings:list": reverse("briefings:list"),
        "briefing": briefing.get_absolute_url(),
        "item": reverse("briefings:item", args=[briefing.slug, item.pk]),
        "timeline": reverse("briefings:timeline", args=[briefing.slug]),
        "login": reverse("login"),
        "missing": "/briefings/no-such-briefing/",
        "language": reverse("set_language"),
    }
    english = client.get(urls[page]).content.decode()
    polish = in_polish(client).get(urls[page]).content.decode()

    def shown(words: str, html: str) -> bool:
        return bool(re.search(rf">\s*{re.escape(words)}\s*<", html))

    in_english = [words for words in _english_messages() if shown(words, english)]
    assert len(in_english) >= 3  # the page does show interface words
    assert [words for words in in_english if shown(words, polish)] == []


def test_the_public_timeline_speaks_polish(client, editor, reviewer, briefing):
    source = make_source(text="The vote was in March.\nNothing else.")
    excerpt = make_excerpt(
        editor=editor,
        source=source,
        briefing=briefing,
        quote="The vote was in March",
        events=[EventFactory(date="2021-03-14")],
    )
    publish(excerpt, editor=editor, reviewer=reviewer)
    url = reverse("briefings:timeline", args=[briefing.slug])
    english = client.get(url).content.decode()
    assert "Timeline of 1 event, 2021" in english
    assert "The events in order" in english
    polish = in_polish(client).get(url).content.decode()
    assert "Oś czasu z 1 wydarzeniem, 2021" in polish
    assert "Wydarzenia po kolei" in polish
    # The axis's month marks ("Apr") are the language's own abbreviations.
    assert ">Apr<" in english
    assert ">Kwi<" in polish


def test_event_dates_on_the_public_timeline_are_in_the_interface_language(
    client, editor, reviewer, briefing
):
    source = make_source(text="The talks ran all spring.\nThe vote came later.")
    excerpt = make_excerpt(
        editor=editor,
        source=source,
        briefing=briefing,
        quote="The talks ran all spring",
        events=[
            EventFactory(title="Talks", date="2025-03"),
            EventFactory(title="Vote", date="2025-03-03"),
            EventFactory(title="Founding", date="1998~"),
        ],
    )
    publish(excerpt, editor=editor, reviewer=reviewer)
    url = reverse("briefings:timeline", args=[briefing.slug])
    english = client.get(url).content.decode()
    assert ">March 2025<" in english
    assert ">3 March 2025<" in english
    assert ">c. 1998<" in english
    polish = in_polish(client).get(url).content.decode()
    # A month on its own in the nominative, after a day in the genitive, as Polish writes them.
    assert ">marzec 2025<" in polish
    assert ">3 marca 2025<" in polish
    assert ">ok. 1998<" in polish
    assert "March" not in polish
    # The item page's event tags read the same way, from the readers' copy.
    item = client.get(reverse("briefings:item", args=[briefing.slug, excerpt.pk])).content.decode()
    assert "Talks (<time>marzec 2025</time>)" in item


def test_desk_dates_follow_the_interface_language(client, editor):
    source = make_source(text="A text.\nAnother line.")
    client.force_login(editor)
    url = reverse("sources:list")
    english = client.get(url).content.decode()
    polish = in_polish(client).get(url).content.decode()
    reader = client.get(source.get_absolute_url()).content.decode()
    added = timezone.localtime(source.added_at)
    # The language's own date format: "25 Nov 2026" in English, "25 listopada 2026" in Polish.
    with translation.override("en-gb"):
        assert date_format(added, "j M Y") in english
    with translation.override("pl"):
        assert date_format(added, "j E Y") in polish
        assert f"{date_format(added, 'j E Y')} {date_format(added, 'H:i')}" in reader


def test_the_scripts_words_are_in_polish_too(client):
    with JS_PO_FILE.open("rb") as po:
        catalogue = read_po(po, locale="pl")
    messages = [message for message in catalogue if message.id]
    assert messages
    compiled = DjangoTranslation("pl", domain="djangojs")
    for message in messages:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, message.id
        if isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, message.id
    url = reverse("javascript_catalog")
    english = client.get(url)
    assert english.status_code == 200
    assert "no-store" in english["Cache-Control"]  # never one language served to another
    assert "Otw\\u00f3rz wypis" not in english.content.decode()
    assert "Otw\\u00f3rz wypis" in in_polish(client).get(url).content.decode()
