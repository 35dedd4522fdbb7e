"""The Markdown export, rendered by two Markdown libraries, holds no tag or link that is not ours.

Newsletter tools render the export: a quote, title, citation or correction note that carried
HTML or Markdown would come out live. Python-Markdown and markdown-it-py (CommonMark, raw HTML
allowed) render it here, and every tag, attribute and link address in the result is checked.
"""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
from django.urls import reverse
from markdown_it import MarkdownIt

from desk.publishing.states import Action
from desk.publishing.workflow import perform
from tests.factories import BriefingFactory, make_excerpt, make_source, publish, start_correction

HOSTILE_QUOTE = "* Ministers said <img src=x onerror=alert(1)> it would [go](javascript:alert(2))"
HOSTILE_TEXT = f"{HOSTILE_QUOTE}.\n1. Then <script>alert(3)</script> came === | ~~gone~~"
ANNOTATION = (
    "Read [the report](https://example.org/report) and [this](javascript:alert(4)), "
    "![pixel](http://tracker.example/p.png) <iframe src=//evil></iframe>\n"
    "[ref]: javascript:alert(5)\n<javascript:alert(6)> [x](data:text/html,hi)"
)
# What the export itself writes: headings, quotes, paragraphs, emphasis, links, rules.
OUR_TAGS = {"h1", "p", "blockquote", "em", "strong", "a", "hr", "br"}
OUR_SCHEMES = ("http://", "https://", "mailto:")


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.words.append(data)


def _render(text: str) -> list[Tags]:
    rendered = []
    for html in (markdown.markdown(text), MarkdownIt("commonmark").render(text)):
        parser = Tags()
        parser.feed(html)
        rendered.append(parser)
    return rendered


@pytest.fixture
def hostile_export(client, editor, reviewer):
    briefing = BriefingFactory(title="<script>alert(7)</script> # [Border](javascript:alert(8))")
    source = make_source(text=HOSTILE_TEXT, title="<b onmouseover=alert(9)>Report</b>")
    item = publish(
        make_excerpt(
            editor=editor,
            source=source,
            briefing=briefing,
            quote=HOSTILE_QUOTE,
            annotation=ANNOTATION,
        ),
        editor=editor,
        reviewer=reviewer,
    )
    item = start_correction(item, editor=editor, annotation=ANNOTATION + " Fixed.")
    item = perform(item, Action.SUBMIT, editor)
    item = perform(
        item, Action.APPROVE, reviewer, correction_note="<script>alert(10)</script> *fixed*"
    )
    perform(item, Action.PUBLISH, reviewer)
    response = client.get(reverse("briefings:markdown", args=[briefing.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_rendered_by_two_libraries_the_export_has_only_our_tags_and_links(hostile_export):
    for rendered in _render(hostile_export):
        tags = {tag for tag, _ in rendered.tags}
        assert tags <= OUR_TAGS, tags - OUR_TAGS
        for tag, attributes in rendered.tags:
            for name, value in attributes:
                assert tag == "a" and name == "href", (tag, name, value)
                assert value.lower().startswith(OUR_SCHEMES), value


def test_hostile_words_stay_visible_as_words(hostile_export):
    for rendered in _render(hostile_export):
        words = "".join(rendered.words)
        assert "<img src=x onerror=alert(1)>" in words
        assert "<script>alert(10)</script>" in words
        assert "<script>alert(7)</script>" in words


def test_a_quote_that_starts_with_a_list_mark_stays_one_quote(hostile_export):
    for rendered in _render(hostile_export):
        tags = [tag for tag, _ in rendered.tags]
        assert "ul" not in tags and "li" not in tags and "ol" not in tags
        assert "* Ministers said" in "".join(rendered.words)


def test_allowed_links_survive_and_others_keep_only_their_words(hostile_export):
    for rendered in _render(hostile_export):
        hrefs = [dict(attributes)["href"] for tag, attributes in rendered.tags if tag == "a"]
        assert "https://example.org/report" in hrefs
        assert not any("javascript" in href or "data:" in href for href in hrefs)
        assert "this" in "".join(rendered.words)
