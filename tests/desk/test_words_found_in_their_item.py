"""A searched briefing page shows under each item the words found in it: inside that item's
article, never after it, where it read as the start of the next item."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import make_source


class WordsFound(HTMLParser):
    """For each "Words found" snippet, the id of the article it stands in ("" for none)."""

    def __init__(self) -> None:
        super().__init__()
        self.articles: list[str] = []
        self.found_in: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.articles.append(attrs.get("id") or "?")
        elif tag == "p" and "snippet" in (attrs.get("class") or "").split():
            self.found_in.append(self.articles[-1] if self.articles else "")

    def handle_endtag(self, tag):
        if tag == "article" and self.articles:
            self.articles.pop()


@pytest.fixture
def two_items(excerpt_in):
    source = make_source(text="The harbour reopened on Monday.\nThe ferry stayed in port.")
    first = excerpt_in("published", source=source, quote="The harbour reopened on Monday.")
    second = excerpt_in("published", source=source, quote="The ferry stayed in port.")
    return first, second


@pytest.mark.parametrize("group", ["latest", "timeline", "topic"])
def test_the_words_found_stand_inside_their_own_item(client, briefing, two_items, group):
    first, _ = two_items
    url = reverse("briefings:detail", args=[briefing.slug])
    html = client.get(url, {"q": "harbour", "group": group}).content.decode()
    parser = WordsFound()
    parser.feed(html)
    assert "<mark>harbour</mark>" in html.lower()
    # Grouped by topic an item may show twice, so its article has no id there ("?").
    assert parser.found_in == (["?"] if group == "topic" else [f"item-{first.pk}"])


def test_the_item_page_and_an_unsearched_page_keep_one_article_per_item(
    client, briefing, two_items
):
    first, _ = two_items
    page = client.get(reverse("briefings:detail", args=[briefing.slug])).content.decode()
    assert page.count("<article") == page.count("</article>") == 2
    assert f'id="item-{first.pk}"' in page
    one = client.get(reverse("briefings:item", args=[briefing.slug, first.pk])).content.decode()
    assert one.count("<article") == 1 and f'<article class="item" id="item-{first.pk}">' in one
