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
    original = keep_original(b"%PDF-1.7 text", name=name)
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
