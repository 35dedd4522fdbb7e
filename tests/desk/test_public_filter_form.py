"""The public filter form as screen readers and phones meet it: every description a field points
at is on the page, a box to tick comes before its label, and the date pair has no stray dash."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse


class References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described_by: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        self.described_by += (attrs.get("aria-describedby") or "").split()


@pytest.mark.parametrize(
    "params", [{}, {"q": "harbour", "literal": "on"}, {"topic": "no-such-topic"}]
)
def test_every_description_a_filter_field_points_at_is_on_the_page(
    client, briefing, published, params
):
    html = client.get(reverse("briefings:detail", args=[briefing.slug]), params).content.decode()
    page = References()
    page.feed(html)
    assert 'id="id_q"' in html
    assert [ref for ref in page.described_by if ref not in page.ids] == []
    if "topic" in params:  # a refused choice is said, and the menu points at what was said
        assert 'aria-describedby="id_topic_error"' in html and 'id="id_topic_error"' in html


def test_the_filter_forms_box_and_dates_read_in_order(client, briefing, published):
    html = client.get(reverse("briefings:detail", args=[briefing.slug])).content.decode()
    box = html.index('id="id_literal"')
    assert box < html.index('<label for="id_literal">Only these words (not other names)</label>')
    pair = html[html.index('id="id_published_0"') : html.index('id="id_published_1"')]
    assert "-<" not in pair and "> -" not in pair
