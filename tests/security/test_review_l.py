"""Odd inputs on surfaces added lately, found by an adversarial review: each answers plainly."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources.originals import keep_original

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["line\nbreak.pdf", "carriage\r\nreturn.pdf", 'quote".pdf', "tab\there.pdf", "\x00.pdf"]
)
def test_an_original_with_an_odd_name_still_downloads(as_user, editor, name):
    # The editor's own upload: an original no version holds is its uploader's alone.
    original = keep_original(b"%PDF-1.7 text", name=name, user=editor)
    response = as_user(editor).get(reverse("sources:original", args=[original.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 text"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "\n" not in disposition and "\r" not in disposition


def _search(client, briefing, words: str) -> str:
    response = client.get(reverse("briefings:detail", args=[briefing.slug]), {"q": words})
    assert response.status_code == 200
    return response.content.decode()


def test_public_search_names_actors_as_readers_see_them(client, briefing, excerpt_in):
    # An actor renamed on the desk after publication: readers keep the approved name until a
    # reviewer carries the change (desk.readers_copy); search must not show the new one first.
    from tests.factories import ActorFactory, make_source

    actor = ActorFactory(name="Alyaksandr Lukashenka")
    source = make_source(text="Lukashenka met the envoy.\nA quiet day.", title="Notes")
    excerpt_in("published", source=source, quote="Lukashenka met the envoy.", actors=[actor])
    actor.name = "Alyaksandr Unreviewedname"
    actor.save()

    for words in ["Unreviewednam", "Lukashenka", "Lukoshenka"]:
        assert "Unreviewedname" not in _search(client, briefing, words), words
    assert "Alyaksandr Lukashenka" in _search(client, briefing, "Lukoshenka")


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1",
        "http://testserver:99999/briefings/x/items/1/",
        "http://testserver/briefings/%00/items/1/",
        "http://testserver/briefings/the-border/items/99999999999999999999999/",
        "javascript:alert(1)",
        "http://testserver/" + "a/" * 2000,
        "http://testserver\\@evil.example/",
    ],
)
def test_oembed_answers_an_odd_address_plainly(client, url):
    response = client.get("/briefings/oembed/", {"url": url})
    assert response.status_code in (400, 404)


HOSTILE = '</script><script>alert(1)</script><!-- "quoted" & {braces} \\cmd'


def test_a_hostile_quote_and_title_stay_text_on_every_item_surface(client, briefing, excerpt_in):
    from tests.factories import make_source

    source = make_source(text=f"{HOSTILE}\nA quiet day.", title=f"Title {HOSTILE}")
    item = excerpt_in("published", source=source, quote=HOSTILE)
    base = f"/briefings/{briefing.slug}/items/{item.pk}/"
    page = client.get(base).content.decode()
    assert "<script>alert(1)" not in page
    # One script element per JSON-LD block: the quote cannot close it early.
    for block in page.split('<script type="application/ld+json">')[1:]:
        assert "</script>" not in block.split("</script>", 1)[0]
        assert "<" not in block.split("</script>", 1)[0]
    # Files for reference managers carry the words as they are, but in their own syntax.
    answers = {path: client.get(base + path) for path in ["card/", "citation.ris", "citation.bib"]}
    answers = {k: v.content.decode() for k, v in answers.items() if v.status_code == 200}
    if "card/" in answers:
        assert "<script>alert(1)" not in answers["card/"]
    if "citation.ris" in answers:
        lines = answers["citation.ris"].split("\r\n")
        assert all(line == "" or line[:6].rstrip(" -").isalnum() for line in lines), lines
    if "citation.bib" in answers:
        depth = 0
        for char in answers["citation.bib"].replace("\\{", "").replace("\\}", ""):
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0
        assert depth == 0
        assert "\\cmd" not in answers["citation.bib"]
    oembed = client.get("/briefings/oembed/", {"url": f"http://testserver{base}"})
    if oembed.status_code == 200:
        assert "<script>" not in oembed.json()["html"]


def test_the_readers_web_annotation_export_shows_records_as_approved(client, excerpt_in):
    # Like the pages, feeds and CSV (tests/desk/test_readers_copy.py): a renamed actor, a
    # retitled event or topic, a source moved to another address reach readers only when a
    # reviewer carries them as a correction.
    from tests.factories import ActorFactory, EventFactory, TopicFactory, make_source

    actor, event = ActorFactory(name="Approved Actor"), EventFactory(title="Approved event")
    topic = TopicFactory(name="approved topic")
    source = make_source(text="The envoy came.\nA quiet day.", title="Notes")
    source.url = "https://example.org/approved"
    source.save()
    excerpt_in(
        "published",
        source=source,
        quote="The envoy came.",
        actors=[actor],
        events=[event],
        topics=[topic],
    )
    actor.name, event.title, topic.name = "Actor nobody reviewed", "Event nobody reviewed", "tnr"
    actor.save(), event.save(), topic.save()
    source.url = "https://example.org/nobody-reviewed"
    source.save()

    export = client.get("/api/excerpts/export.jsonld").content.decode()
    assert "nobody" not in export and '"tnr"' not in export
    for approved in ["Approved Actor", "Approved event", "approved topic", "example.org/approved"]:
        assert approved in export, approved


def test_the_briefing_pages_menus_name_records_as_approved(client, briefing, excerpt_in):
    # The filter menus are on the public page too: a source retitled, a topic renamed or an
    # event retitled on the desk shows there only once carried to readers as a correction.
    from tests.factories import EventFactory, TopicFactory, make_source

    event, topic = EventFactory(title="Approved event", date="2025-11-17"), TopicFactory(name="tap")
    source = make_source(text="The envoy came.\nA quiet day.", title="Approved title")
    excerpt_in("published", source=source, quote="The envoy came.", events=[event], topics=[topic])
    source.title, event.title, topic.name = "Title nobody reviewed", "Event nobody reviewed", "tnr"
    source.save(), event.save(), topic.save()

    page = client.get(reverse("briefings:detail", args=[briefing.slug])).content.decode()
    assert "nobody reviewed" not in page and ">tnr<" not in page
    assert "Approved title" in page and "Approved event" in page and ">tap<" in page
