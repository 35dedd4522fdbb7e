"""The briefing's Atom feeds keep the MUSTs of RFC 4287.

No maintained Atom validator is published on PyPI (feedvalidator is unmaintained and not
packaged), so the checks below are the RFC's own requirements for feeds and entries, written out.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from desk.publishing.states import Action
from desk.publishing.workflow import perform
from tests.factories import BriefingFactory, make_excerpt, make_source, publish, start_correction

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 3339 date-time, as §3.3 requires for every date construct.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _one(element, name: str, where: str):
    found = element.findall(f"{ATOM}{name}")
    assert len(found) == 1, f"{where} must contain exactly one atom:{name} (found {len(found)})"
    return found[0]


def _absolute_iri(value: str, where: str) -> None:
    # §4.2.6: an atom:id is an IRI, and §4.2.6 asks for one that is not relative.
    parts = urlsplit(value)
    assert parts.scheme in ("http", "https", "tag", "urn"), f"{where}: id {value!r} is relative"
    if parts.scheme in ("http", "https"):
        assert parts.netloc, f"{where}: id {value!r} has no host"


def _date(element, name: str, where: str) -> None:
    value = _one(element, name, where).text or ""
    assert RFC3339.match(value), f"{where}: atom:{name} {value!r} is not an RFC 3339 date-time"


def _person(person, where: str) -> None:
    # §3.2: a Person construct contains exactly one atom:name, which names someone.
    name = _one(person, "name", where)
    assert (name.text or "").strip(), f"{where}: an atom:author with an empty name"


def rfc4287_problems(body: bytes) -> list[str]:
    """Everything in this document that breaks a MUST of RFC 4287 (empty when it keeps all)."""
    problems = []
    try:
        feed = ET.fromstring(body)
        assert feed.tag == f"{ATOM}feed", "the document element must be atom:feed"
        _absolute_iri(_one(feed, "id", "feed").text or "", "feed")
        _one(feed, "title", "feed")
        _date(feed, "updated", "feed")
        feed_authors = feed.findall(f"{ATOM}author")
        for author in feed_authors:
            _person(author, "feed")
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in feed.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        assert len(alternates) == len(set(alternates)), "feed: two alternate links alike"
        assert any(link.get("rel") == "self" for link in feed.findall(f"{ATOM}link")), (
            "feed: no self link (SHOULD, kept here as a MUST)"
        )
        seen = set()
        for index, entry in enumerate(feed.findall(f"{ATOM}entry")):
            where = f"entry {index}"
            entry_id = _one(entry, "id", where).text or ""
            _absolute_iri(entry_id, where)
            updated = _one(entry, "updated", where).text
            _date(entry, "updated", where)
            assert (entry_id, updated) not in seen, f"{where}: same id and updated as another"
            seen.add((entry_id, updated))
            _one(entry, "title", where)
            authors = entry.findall(f"{ATOM}author")
            # §4.1.2: an entry has an author unless its feed has one.
            assert authors or feed_authors, f"{where}: no author, and the feed has none"
            for author in authors:
                _person(author, where)
            links = entry.findall(f"{ATOM}link")
            if not entry.findall(f"{ATOM}content"):
                assert any(link.get("rel", "alternate") == "alternate" for link in links), (
                    f"{where}: no content and no alternate link"
                )
            for link in links:
                assert link.get("href"), f"{where}: a link without href"
            for published in entry.findall(f"{ATOM}published"):
                assert RFC3339.match(published.text or ""), f"{where}: bad atom:published"
    except AssertionError as problem:
        # pytest adds its own explanation after the first line; the message is that line.
        problems.append(str(problem).split("\n")[0])
    return problems


@pytest.fixture
def feeds(client, editor, reviewer):
    briefing = BriefingFactory(slug="the-border")
    known = make_source(text="Known words said here.\nMore.", author="A. Writer")
    unknown = make_source(text="Unsigned words said here.\nMore.")
    publish(
        make_excerpt(editor=editor, source=known, briefing=briefing),
        editor=editor,
        reviewer=reviewer,
    )
    item = publish(
        make_excerpt(editor=editor, source=unknown, briefing=briefing),
        editor=editor,
        reviewer=reviewer,
    )
    item = start_correction(item, editor=editor, annotation="Corrected.")
    item = perform(item, Action.SUBMIT, editor)
    item = perform(item, Action.APPROVE, reviewer, correction_note="A date was wrong.")
    perform(item, Action.PUBLISH, reviewer)
    return {
        name: client.get(reverse(route, args=[briefing.slug])).content
        for name, route in (
            ("items", "briefings:feed"),
            ("corrections", "briefings:corrections_feed"),
        )
    }


@pytest.mark.parametrize("name", ["items", "corrections"])
def test_the_feeds_keep_every_must_of_rfc_4287(feeds, name):
    assert rfc4287_problems(feeds[name]) == []


@pytest.mark.parametrize("name", ["items", "corrections"])
def test_ids_are_absolute_and_no_author_is_empty(feeds, name):
    feed = ET.fromstring(feeds[name])
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith(("http://", "https://", "tag:"))
        for author in entry.findall(f"{ATOM}author"):
            assert author.find(f"{ATOM}name").text


def test_an_entry_whose_source_has_no_known_author_has_no_author_element(feeds):
    entries = ET.fromstring(feeds["items"]).findall(f"{ATOM}entry")
    authors = [[a.find(f"{ATOM}name").text for a in e.findall(f"{ATOM}author")] for e in entries]
    assert sorted(authors) == [[], ["A. Writer"]]


def test_the_checker_finds_what_the_old_feeds_had():
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC).isoformat()
    broken = (
        f'<feed xmlns="http://www.w3.org/2005/Atom"><id>/briefings/x/</id><title>t</title>'
        f'<updated>{now}</updated><link rel="self" href="http://h/f"/>'
        f"<entry><id>/briefings/x/items/1/</id><title>t</title><updated>{now}</updated>"
        f'<author><name></name></author><link href="http://h/1"/></entry></feed>'
    ).encode()
    assert rfc4287_problems(broken) == ["feed: id '/briefings/x/' is relative"]
    fixed_feed_id = broken.replace(b"<id>/briefings/x/</id>", b"<id>http://h/briefings/x/</id>")
    assert rfc4287_problems(fixed_feed_id) == ["entry 0: id '/briefings/x/items/1/' is relative"]
