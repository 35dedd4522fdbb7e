"""A source's authors are people (or organisations), each one cited as one, on every surface
readers get, and read back as several by the software people cite with: pandoc (APA, its RIS
and BibTeX readers), rispy, bibtexparser, feedparser. (Issue #32: "several authors are people,
not one string".)"""

from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser

import bibtexparser
import feedparser
import pytest
import rispy
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
from django.test import Client
from django.urls import reverse

from desk.models import ReadersCopy
from desk.public import citations
from desk.readers_copy import changed_items
from desk.readers_view import VERSION, Links
from sources.authors import Author
from tests.factories import BriefingFactory, excerpt_in, make_source

pytestmark = pytest.mark.django_db

TWO = "Anna Kowalczyk; Pavel Sergeev"


@pytest.fixture
def two_authors(editor, reviewer):
    source = make_source(
        text="Words said here.\nMore words.",
        title="Crossings reopen",
        # As a PDF's metadata states them and the form used to keep them.
        author=TWO,
        outlet="Nasha Niva",
        published="2025-11-17",
    )
    item = excerpt_in(
        "published",
        editor=editor,
        reviewer=reviewer,
        source=source,
        briefing=BriefingFactory(slug="two"),
        quote="Words said here.",
    )
    return source, item


def _get(item, route: str) -> str:
    return Client().get(reverse(f"briefings:{route}", args=["two", item.pk])).content.decode()


def _pandoc(arguments: list[str], stdin: str) -> str:
    answer = subprocess.run(
        [citations.PANDOC, *arguments], input=stdin, capture_output=True, text=True, timeout=60
    )
    assert answer.returncode == 0, answer.stderr
    return answer.stdout


def test_the_csl_record_has_each_author_by_family_and_given_name(two_authors):
    _, item = two_authors
    (record,) = json.loads(_get(item, "item_csl"))
    assert record["author"] == [
        {"family": "Kowalczyk", "given": "Anna"},
        {"family": "Sergeev", "given": "Pavel"},
    ]


def test_apa_names_each_author_by_family_name_and_initial(two_authors):
    _, item = two_authors
    record = citations.item_csl(item.published_revision.briefing, item)
    apa = str(dict(citations.formatted(record))["APA"])
    assert apa.startswith("Kowalczyk, A., &amp; Sergeev, P. (2025")


@pytest.mark.parametrize("route", ["item_ris", "item_bibtex"])
def test_pandoc_reads_two_authors_from_the_ris_and_bibtex_files(two_authors, route):
    _, item = two_authors
    reader = "ris" if route == "item_ris" else "bibtex"
    (record,) = json.loads(_pandoc([f"--from={reader}", "--to=csljson"], _get(item, route)))
    assert [(a["family"], a["given"]) for a in record["author"]] == [
        ("Kowalczyk", "Anna"),
        ("Sergeev", "Pavel"),
    ]


def test_rispy_reads_one_author_a_line(two_authors):
    _, item = two_authors
    (entry,) = rispy.loads(_get(item, "item_ris"))
    assert entry["authors"] == ["Kowalczyk, Anna", "Sergeev, Pavel"]


def test_bibtexparser_reads_two_authors_and_an_organisation_as_one(editor, reviewer):
    source = make_source(
        text="Words said here.\nMore.",
        author="Kowalczyk, Anna; Ministry of Foreign Affairs and Trade",
    )
    item = excerpt_in(
        "published",
        editor=editor,
        reviewer=reviewer,
        source=source,
        briefing=BriefingFactory(slug="two"),
        quote="Words said here.",
    )
    library = bibtexparser.parse_string(
        _get(item, "item_bibtex"), append_middleware=[SeparateCoAuthors(), SplitNameParts()]
    )
    (entry,) = library.entries
    names = entry.fields_dict["author"].value
    assert [(n.last, n.first) for n in names] == [
        (["Kowalczyk"], ["Anna"]),
        (["{Ministry of Foreign Affairs and Trade}"], []),
    ]


def test_the_page_has_one_citation_author_meta_tag_per_author(two_authors):
    _, item = two_authors

    class Meta(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag, attrs):
            attributes = dict(attrs)
            if tag == "meta" and attributes.get("name") == "citation_author":
                self.found.append(attributes["content"])

    meta = Meta()
    meta.found = []
    meta.feed(_get(item, "item"))
    assert meta.found == ["Kowalczyk, Anna", "Sergeev, Pavel"]


def test_json_ld_names_two_people(two_authors):
    _, item = two_authors
    page = _get(item, "item")
    start = page.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(page[start : page.index("</script>", start)])
    assert data["citation"]["author"] == [
        {
            "@type": "Person",
            "name": "Anna Kowalczyk",
            "givenName": "Anna",
            "familyName": "Kowalczyk",
        },
        {"@type": "Person", "name": "Pavel Sergeev", "givenName": "Pavel", "familyName": "Sergeev"},
    ]


def test_feedparser_sees_two_atom_authors(two_authors):
    _, item = two_authors
    feed = feedparser.parse(Client().get(reverse("briefings:feed", args=["two"])).content)
    (entry,) = feed.entries
    assert [a["name"] for a in entry.authors] == ["Anna Kowalczyk", "Pavel Sergeev"]


def test_an_author_changed_on_the_desk_reaches_no_reader_until_carried(two_authors):
    source, item = two_authors
    source.authors = [{"family": "Nobodyreviewed", "given": "Anna"}]
    source.save()
    (record,) = json.loads(_get(item, "item_csl"))
    assert [a["family"] for a in record["author"]] == ["Kowalczyk", "Sergeev"]
    assert "Nobodyreviewed" not in _get(item, "item")
    assert "Nobodyreviewed" not in _get(item, "item_ris")
    assert [changed.excerpt.pk for changed in changed_items()] == [item.pk]


def test_a_copy_stored_before_the_list_is_read_with_its_authors_split(two_authors):
    source, item = two_authors
    stored = ReadersCopy.objects.get(excerpt=item)
    data = json.loads(json.dumps(stored.data))
    assert data["version"] == VERSION == 3
    # The shape-2 copy as it was stored before authors were a list: one string.
    data["version"] = 2
    for citation in data["citations"]:
        del citation["authors"]
        citation["author"] = TWO
    ReadersCopy.objects.filter(pk=stored.pk).update(data=data)

    links = Links.parse(data)
    assert links.citation.authors == (
        Author(family="Kowalczyk", given="Anna"),
        Author(family="Sergeev", given="Pavel"),
    )
    # The source, split the same way by its migration, still matches the copy: nothing to carry.
    assert changed_items() == []
    (record,) = json.loads(_get(item, "item_csl"))
    assert record["author"][1] == {"family": "Sergeev", "given": "Pavel"}


def test_the_public_api_gives_each_approved_author(two_authors):
    source, item = two_authors
    source.authors = [{"organisation": "Nobodyreviewed"}]
    source.save()
    cited = Client().get(f"/api/items/{item.pk}/").json()["source"]
    assert cited["author"] == TWO
    assert cited["authors"] == [
        {"kind": "person", "name": "Anna Kowalczyk", "family": "Kowalczyk", "given": "Anna"},
        {"kind": "person", "name": "Pavel Sergeev", "family": "Sergeev", "given": "Pavel"},
    ]


def test_the_library_api_gives_the_sources_authors_now(two_authors, as_user, editor):
    source, _ = two_authors
    source.authors = [{"organisation": "Viasna"}, {"literal": "Madonna"}]
    source.save()
    data = as_user(editor).get(f"/api/sources/{source.pk}/").json()
    assert data["authors"] == [
        {"kind": "organisation", "name": "Viasna", "family": "", "given": ""},
        {"kind": "person", "name": "Madonna", "family": "", "given": ""},
    ]


def test_splitting_a_name_differently_is_a_change_recorded_with_who_made_it(
    two_authors, as_user, editor2
):
    source, item = two_authors
    response = as_user(editor2).post(
        reverse("sources:edit", args=[source.pk]),
        {"title": source.title, "outlet": source.outlet, "published": source.published,
         "author": "Kowalczyk, Anna\nPavel Sergeev (organisation)"},
    )  # fmt: skip
    assert response.status_code == 302
    source.refresh_from_db()
    # The names read as before; the second is now an organisation's.
    assert source.author == TWO
    (changed,) = changed_items()
    assert changed.excerpt.pk == item.pk
    assert [made.by for made in changed.changed_by()] == [editor2]
