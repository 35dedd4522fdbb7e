"""The demo's Belarusian text (written for the demo): imported, quoted and found across scripts;
loading the demo twice changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.demo.loader import load_demo
from desk.models import Excerpt
from events.models import ActorAlias
from sources.models import Source

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_belarusian_text_honestly_labelled_and_loads_twice_alike(client):
    load_demo(password="a-long-demo-password-1")
    counts = (Source.objects.count(), Excerpt.objects.count(), ActorAlias.objects.count())
    again = load_demo(password="a-long-demo-password-1")
    assert (again.sources, again.excerpts) == (0, 0)
    assert counts == (Source.objects.count(), Excerpt.objects.count(), ActorAlias.objects.count())
    belarusian = Source.objects.get(language="be")
    assert "Written for the Briefing Desk demo" in belarusian.note
    assert belarusian.url == "" and belarusian.published == ""

    slug = "belarus-and-the-west-2025"
    by_spelling = {}
    for spelling in ("Lukashenko", "Лукашенко", "Łukašenka", "LUKASHENKA"):
        response = client.get(reverse("briefings:detail", args=[slug]), {"q": spelling})
        by_spelling[spelling] = {item.pk for item in response.context["page"].object_list}
    assert len({frozenset(found) for found in by_spelling.values()}) == 1
    found = by_spelling["Лукашенко"]
    quotes = Excerpt.objects.filter(pk__in=found).values_list(
        "published_revision__quote", flat=True
    )
    assert any("Лукашэнкі" in quote for quote in quotes)
    assert any("Lukashenka" in quote for quote in quotes)
