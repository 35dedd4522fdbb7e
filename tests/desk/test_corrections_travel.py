"""Corrections and annotations as they travel: the two Atom feeds, the Markdown export and the CSV.

Readers see two kinds of correction beside an item: a corrected revision's note, and a changed
record (a retitled source) carried into the item with a note. Every shape readers take away says
what the item's page says, and a feed reader learns of a correction from the entry's <updated>.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import markdown
import pytest
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date
from markdown_it import MarkdownIt

from desk.public.cache import current_state
from desk.publishing.states import Action
from desk.publishing.workflow import perform
from desk.readers_copy import carry, changed_items
from tests.factories import BriefingFactory, make_excerpt, make_source, publish, start_correction

ATOM = "{http://www.w3.org/2005/Atom}"
ANNOTATION = (
    "The **timing** matters: see [the report](https://example.org/r?a=1&b=2) and _why_.\n\n"
    "- first point\n- second <script>alert(1)</script> point\n\n"
    "[bad](javascript:alert(2)) <img src=x onerror=alert(3)>"
)


@pytest.fixture
def briefing(db):
    return BriefingFactory(slug="the-border", title="The border")


@pytest.fixture
def item(briefing, editor, reviewer):
    source = make_source(text="Known words said here.\nMore.", title="The first title")
    return publish(
        make_excerpt(editor=editor, source=source, briefing=briefing, annotation=ANNOTATION),
        editor=editor,
        reviewer=reviewer,
    )


def _correct(item, editor, reviewer, note="A date was wrong."):
    item = start_correction(item, editor=editor, annotation=ANNOTATION + " Fixed.")
    item = perform(item, Action.SUBMIT, editor)
    item = perform(item, Action.APPROVE, reviewer, correction_note=note)
    return perform(item, Action.PUBLISH, reviewer)


def _carry_retitle(item, reviewer, note="The source's title was brought up to date."):
    source = item.source
    source.title = "The second title"
    source.save()
    assert carry(changed_items(), reviewer, note) == 1
    item.refresh_from_db()
    return item


def _entries(briefing, route="briefings:feed") -> list:
    body = Client().get(reverse(route, args=[briefing.slug])).content
    return ET.fromstring(body).findall(f"{ATOM}entry")


def _feed(briefing, route: str):
    return ET.fromstring(Client().get(reverse(route, args=[briefing.slug])).content)


def test_each_feed_has_its_own_id(item, briefing):
    items = _feed(briefing, "briefings:feed").find(f"{ATOM}id").text
    corrections = _feed(briefing, "briefings:corrections_feed").find(f"{ATOM}id").text
    assert items != corrections
    assert items == f"http://testserver{reverse('briefings:feed', args=[briefing.slug])}"
    assert corrections.endswith(reverse("briefings:corrections_feed", args=[briefing.slug]))


@pytest.mark.parametrize("route", ["briefings:feed", "briefings:corrections_feed"])
def test_if_modified_since_is_answered_304_until_readers_view_moves(item, briefing, route):
    url = reverse(route, args=[briefing.slug])
    first = Client().get(url)
    assert first.status_code == 200
    since = first["Last-Modified"]
    assert Client().get(url, headers={"if-modified-since": since}).status_code == 304
    earlier = http_date(current_state()["changed_at"] - 3600)
    assert Client().get(url, headers={"if-modified-since": earlier}).status_code == 200
    # RFC 9110 §13.1.3: a recipient that has an ETag to compare ignores the date.
    answer = Client().get(url, headers={"if-modified-since": since, "if-none-match": '"other"'})
    assert answer.status_code == 200
    assert Client().get(url, headers={"if-modified-since": "yesterday"}).status_code == 200


def test_a_corrected_entry_is_updated_later_than_it_was_published(
    item, briefing, editor, reviewer, django_capture_on_commit_callbacks
):
    (before,) = _entries(briefing)
    assert before.find(f"{ATOM}updated").text == before.find(f"{ATOM}published").text
    with django_capture_on_commit_callbacks(execute=True):
        _correct(item, editor, reviewer)
    (after,) = _entries(briefing)
    assert after.find(f"{ATOM}updated").text > before.find(f"{ATOM}updated").text


def test_a_carried_correction_moves_the_entry_too(
    item, briefing, reviewer, django_capture_on_commit_callbacks
):
    (before,) = _entries(briefing)
    with django_capture_on_commit_callbacks(execute=True):
        _carry_retitle(item, reviewer)
    (after,) = _entries(briefing)
    assert after.find(f"{ATOM}updated").text > before.find(f"{ATOM}updated").text


def _markdown(briefing) -> str:
    response = Client().get(reverse("briefings:markdown", args=[briefing.slug]))
    assert response.status_code == 200
    return response.content.decode()


def _csv_notes() -> list[str]:
    body = Client().get("/api/excerpts/export.csv").content.decode()
    return [row["correction_note"] for row in csv.DictReader(io.StringIO(body))]


def test_markdown_and_csv_carry_both_corrections_readers_see(
    item, briefing, editor, reviewer, django_capture_on_commit_callbacks
):
    assert _csv_notes() == [""]
    with django_capture_on_commit_callbacks(execute=True):
        item = _correct(item, editor, reviewer, note="A date was wrong.")
        _carry_retitle(item, reviewer, note="The title was brought up to date.")
    page = Client().get(reverse("briefings:item", args=[briefing.slug, item.pk])).content.decode()
    exported = _markdown(briefing)
    for note in ("A date was wrong.", "The title was brought up to date."):
        assert note in page
        assert f": {note}*" in exported
    assert exported.count("*Corrected on ") == 2
    assert _csv_notes() == ["A date was wrong.\nThe title was brought up to date."]


def test_the_annotation_travels_as_markdown_readers_see_it(item, briefing):
    exported = _markdown(briefing)
    assert "The **timing** matters" in exported
    assert "\\*\\*timing" not in exported
    for html in (markdown.markdown(exported), MarkdownIt("commonmark").render(exported)):
        assert "<strong>timing</strong>" in html
        assert "<em>why</em>" in html
        assert '<a href="https://example.org/r?a=1&amp;b=2">the report</a>' in html
        assert "<li>first point</li>" in html
        assert "<script" not in html and "<img" not in html
        assert "javascript:" not in html
        # The link readers cannot follow keeps its words, as on the item's page.
        assert "bad" in html
