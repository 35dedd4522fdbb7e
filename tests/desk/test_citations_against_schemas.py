"""What the desk offers for citing, checked by the standards' own tools: each CSL-JSON file
against the Citation Style Language's published schema (tests/desk/schemas/README.md), and each
item's schema.org JSON-LD expanded by pyld, the JSON-LD processor, with its authors coming out
as people and organisations. (Issue #32.)

Nothing is fetched: pyld is given a document loader that answers only for schema.org's context.
schema.org's own context file is not kept here (its licence, CC BY-SA, would bind the file);
the loader serves the one mapping that context makes for every term the desk writes: each is a
schema.org term (`@vocab`).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from django.test import Client
from django.urls import reverse
from pyld import jsonld

from desk.demo.loader import load_demo
from desk.models import Excerpt
from desk.public import citations
from sources.models import Source
from tests.factories import BriefingFactory, excerpt_in, make_source

pytestmark = pytest.mark.django_db

CSL_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "csl-data.json").read_text())
SCHEMA = "https://schema.org/"
AUTHORS = "Anna Kowalczyk; Ioffe,; Madonna; Viasna (organisation); Reuters"


def _valid_csl(records: list) -> None:
    jsonschema.Draft7Validator.check_schema(CSL_SCHEMA)
    errors = [e.message for e in jsonschema.Draft7Validator(CSL_SCHEMA).iter_errors(records)]
    assert not errors


@pytest.fixture
def many_authors(editor, reviewer):
    source = make_source(
        text="Words said here.\nMore words.",
        title="Crossings reopen",
        author=AUTHORS,
        outlet="Nasha Niva",
        published="2025-11",
        url="https://news.example/crossings",
    )
    item = excerpt_in(
        "published",
        editor=editor,
        reviewer=reviewer,
        source=source,
        briefing=BriefingFactory(slug="many"),
        quote="Words said here.",
    )
    return source, item


def test_an_items_csl_file_is_valid_csl_data(many_authors):
    _, item = many_authors
    records = json.loads(
        Client().get(reverse("briefings:item_csl", args=["many", item.pk])).content
    )
    assert [name.get("family") or name.get("literal") for name in records[0]["author"]] == [
        "Kowalczyk",
        "Ioffe",
        "Madonna",
        "Viasna",
        "Reuters",
    ]
    _valid_csl(records)


def test_a_source_with_nothing_known_is_valid_csl_data():
    source = make_source(text="Words said here.\nMore words.")
    _valid_csl([citations.source_csl(Source.objects.get(pk=source.pk))])


def test_every_demo_items_csl_record_is_valid_csl_data():
    load_demo(password="a-long-demo-password-1")
    items = Excerpt.objects.for_public_page().select_related("published_revision__briefing")
    records = [citations.item_csl(item.published_revision.briefing, item) for item in items]
    assert len(records) >= 9
    _valid_csl(records)


def _schema_org_only(url: str, options=None) -> dict:
    assert url.rstrip("/") + "/" == SCHEMA, f"the JSON-LD asked for another context: {url}"
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": {"@context": {"@vocab": SCHEMA}},
    }


def _expanded_json_ld(item) -> list:
    page = Client().get(reverse("briefings:item", args=["many", item.pk])).content.decode()
    opening = '<script type="application/ld+json">'
    start = page.index(opening) + len(opening)
    data = json.loads(page[start : page.index("</script>", start)])
    return jsonld.expand(data, {"documentLoader": _schema_org_only})


def test_pyld_expands_the_authors_as_people_and_organisations(many_authors):
    _, item = many_authors
    (quotation,) = _expanded_json_ld(item)
    assert quotation["@type"] == [f"{SCHEMA}Quotation"]
    (cited,) = quotation[f"{SCHEMA}citation"]
    authors = [
        (
            author["@type"][0].removeprefix(SCHEMA),
            author[f"{SCHEMA}name"][0]["@value"],
            [v["@value"] for v in author.get(f"{SCHEMA}familyName", [])],
            [v["@value"] for v in author.get(f"{SCHEMA}givenName", [])],
        )
        for author in cited[f"{SCHEMA}author"]
    ]
    assert authors == [
        ("Person", "Anna Kowalczyk", ["Kowalczyk"], ["Anna"]),
        ("Person", "Ioffe", ["Ioffe"], []),
        ("Person", "Madonna", [], []),
        ("Organization", "Viasna", [], []),
        ("Organization", "Reuters", [], []),
    ]
    (publisher,) = cited[f"{SCHEMA}publisher"]
    assert publisher["@type"] == [f"{SCHEMA}Organization"]
