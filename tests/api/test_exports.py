"""Exports (CSV, W3C Web Annotation JSON-LD) and the import of Web Annotations as drafts."""

from __future__ import annotations

import csv
import io
import json

import pytest

from desk.editing import ExcerptContent, create_excerpt
from desk.models import Excerpt
from desk.publishing.states import Status
from sources.models import Source
from tests.factories import TopicFactory, make_excerpt, make_source

URL = "https://news.example.org/border-talk"


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _annotations(response) -> list[dict]:
    return json.loads(response.content)["first"]["items"]


def test_readers_export_published_items_as_published(api, correction):
    response = api().get("/api/excerpts/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    (row,) = _rows(response)
    assert row["annotation"] == "A comment." and "status" not in row
    assert row["public_url"].endswith(f"/briefings/the-border/items/{correction.pk}/")


def test_staff_export_every_excerpt_as_it_stands(api, reviewer, correction, secret_draft):
    rows = _rows(api(reviewer).get("/api/excerpts/export.csv"))
    assert {row["status"] for row in rows} == {"draft"}
    assert any("Corrected" in row["annotation"] for row in rows)
    assert len(rows) == 2


def test_the_staff_export_takes_the_review_queues_filters(api, reviewer, excerpt_in, draft):
    excerpt_in("submitted")
    rows = _rows(api(reviewer).get("/api/excerpts/export.csv?status=submitted"))
    assert [row["status"] for row in rows] == ["submitted"]
    assert api(reviewer).get("/api/excerpts/export.csv?status=nonsense").status_code == 400


def test_a_cell_that_a_spreadsheet_would_run_is_kept_as_text(api, editor, briefing):
    source = make_source(text="Intro.\n=SUM(A1:A9) was typed here.")
    make_excerpt(editor=editor, source=source, briefing=briefing, quote="=SUM(A1:A9)")
    (row,) = _rows(api(editor).get("/api/excerpts/export.csv"))
    assert row["quote"] == "'=SUM(A1:A9)"


def test_the_json_ld_is_a_web_annotation_collection(api, published):
    response = api().get("/api/excerpts/export.jsonld", HTTP_ACCEPT="application/ld+json")
    assert response["Content-Type"] == "application/ld+json"
    body = json.loads(response.content)
    assert body["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert body["type"] == "AnnotationCollection" and body["total"] == 1
    (annotation,) = body["first"]["items"]
    revision = published.published_revision
    assert annotation["type"] == "Annotation"
    assert annotation["id"].endswith(f"/briefings/the-border/items/{published.pk}/")
    assert annotation["body"][0] == {
        "type": "TextualBody",
        "purpose": "commenting",
        "value": "A comment.",
        "format": "text/markdown",
    }
    # The source has no address of its own: readers' export targets the item's page, where
    # the quote's words stand (the desk's /sources/N/ is for its staff), by the words alone.
    (quote,) = annotation["target"]["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": revision.quote,
        "prefix": revision.prefix,
        "suffix": revision.suffix,
    }
    assert annotation["target"]["source"] == annotation["id"]
    assert "/sources/" not in response.content.decode()
    assert "creator" not in annotation


def test_the_source_is_named_by_its_own_url_when_known(api, editor, briefing):
    source = make_source(text="A line.\nQuoted words here.", url=URL)
    make_excerpt(editor=editor, source=source, briefing=briefing, quote="Quoted words")
    (annotation,) = _annotations(api(editor).get("/api/excerpts/export.jsonld"))
    assert annotation["target"]["source"] == URL
    assert annotation["creator"] == {"type": "Person", "nickname": "edna"}


def _import(client, payload, briefing, content_type="application/ld+json"):
    return client.post(
        f"/api/excerpts/import/?briefing={briefing.slug}",
        json.dumps(payload),
        content_type=content_type,
    )


def test_export_then_import_gives_the_same_excerpts(api, editor, editor2, briefing):
    source = make_source(
        text="Alpha said yes.\nBeta said no.\nAlpha said yes.\nGamma abstained.", url=URL
    )
    make_excerpt(
        editor=editor,
        source=source,
        briefing=briefing,
        quote="Beta said no.",
        annotation="Beta *refused*.",
        kind="reported_fact",
        topics=[TopicFactory(name="Votes"), TopicFactory(name="Beta")],
    )
    second = make_excerpt(editor=editor, source=source, briefing=briefing, quote="Gamma abstained")
    # The repeated sentence: its second occurrence, which only the offsets and context tell apart.
    text = source.current_version.text
    start = text.index("Alpha said yes.", 1)
    create_excerpt(
        content=ExcerptContent(
            source_version=source.current_version,
            start=start,
            end=start + len("Alpha said yes."),
            annotation="The second yes.",
            briefing=briefing,
            kind="claim",
        ),
        user=editor,
    )
    exported = json.loads(api(editor).get("/api/excerpts/export.jsonld").content)

    def described(excerpts):
        return sorted(
            (
                e.current_revision.quote,
                e.current_revision.start,
                e.current_revision.end,
                e.current_revision.annotation,
                e.current_revision.kind,
                sorted(t.name for t in e.current_revision.topics.all()),
            )
            for e in excerpts
        )

    before = described(Excerpt.objects.all())
    # A fresh desk: the excerpts are gone, the source stays.
    originals = list(Excerpt.objects.values_list("pk", flat=True))
    response = _import(api(editor2), exported, briefing)
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["created"] == 3 and report["refused"] == 0
    made = Excerpt.objects.exclude(pk__in=originals)
    assert described(made) == before
    assert {e.status for e in made} == {Status.DRAFT}
    assert {e.created_by for e in made} == {editor2}
    assert second.pk in originals


def test_import_reads_other_tools_annotations(api, editor, briefing):
    make_source(text="Intro line.\nThe minister resigned on Friday.\nEnd.", url=URL)
    hypothesis_like = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": "urn:uuid:1",
        "bodyValue": "Resignation confirmed.",
        "target": {
            "source": URL,
            "selector": {
                "type": "TextQuoteSelector",
                "exact": "minister  resigned",
                "prefix": "The ",
            },
        },
    }
    report = _import(api(editor), hypothesis_like, briefing, "application/json").json()
    (result,) = report["results"]
    assert result["annotation"] == "urn:uuid:1" and result["refused"] is None
    excerpt = Excerpt.objects.get(pk=result["excerpt"])
    assert excerpt.current_revision.quote == "minister resigned"
    assert excerpt.current_revision.annotation == "Resignation confirmed."


def test_stale_offsets_fall_back_to_the_quote(api, editor, briefing):
    make_source(text="New first line.\nThe minister resigned.", url=URL)
    annotation = {
        "type": "Annotation",
        "body": {"type": "TextualBody", "value": "N."},
        "target": {
            "source": URL,
            "selector": [
                {"type": "TextPositionSelector", "start": 0, "end": 12},
                {"type": "TextQuoteSelector", "exact": "The minister"},
            ],
        },
    }
    report = _import(api(editor), [annotation], briefing).json()
    excerpt = Excerpt.objects.get(pk=report["results"][0]["excerpt"])
    assert excerpt.current_revision.start == len("New first line.\n")


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ("just text", "not an Annotation object"),
        ({"type": "Note"}, "not of type Annotation"),
        ({"type": "Annotation"}, "no target"),
        ({"type": "Annotation", "target": URL}, "Not a quote: this target names a whole page"),
        ({"type": "Annotation", "target": {"source": URL}}, "Not a quote"),
        (
            {"type": "Annotation", "target": {"source": {"type": "Text"}, "selector": []}},
            "names no source with a selector",
        ),
        (
            {
                "type": "Annotation",
                "target": {"source": URL, "selector": {"type": "CssSelector", "value": "p"}},
            },
            "neither a TextQuoteSelector",
        ),
        (
            {
                "type": "Annotation",
                "target": {
                    "source": "https://elsewhere.example/x",
                    "selector": {"type": "TextQuoteSelector", "exact": "x"},
                },
            },
            "has no source",
        ),
        (
            {
                "type": "Annotation",
                "target": {
                    "source": URL,
                    "selector": {"type": "TextQuoteSelector", "exact": "absent words"},
                },
            },
            "not in the source's text",
        ),
    ],
)
def test_each_unusable_annotation_is_refused_with_its_reason(api, editor, briefing, item, reason):
    make_source(text="Intro line.\nThe minister resigned.", url=URL)
    report = _import(api(editor), [item], briefing).json()
    assert report["created"] == 0
    assert reason in report["results"][0]["refused"]
    assert not Excerpt.objects.exists()


@pytest.mark.parametrize(
    ("query", "payload", "words"),
    [
        ("", [], "Name the briefing"),
        ("?briefing=nope", [], "Name the briefing"),
        ("?briefing=the-border", 42, "Send an Annotation"),
        ("?briefing=the-border", {"type": "AnnotationCollection"}, "no page"),
    ],
)
def test_an_import_that_is_not_annotations_is_400(api, editor, briefing, query, payload, words):
    response = api(editor).post(f"/api/excerpts/import/{query}", payload, format="json")
    assert response.status_code == 400
    assert words in response.json()["detail"]


def test_a_desk_source_uri_is_understood(api, editor, source, briefing):
    uri = f"http://testserver/sources/{source.pk}/"
    annotation = {
        "type": "Annotation",
        "bodyValue": "N.",
        "target": {
            "source": uri,
            "selector": {"type": "TextQuoteSelector", "exact": "The Council"},
        },
    }
    assert _import(api(editor), annotation, briefing).json()["created"] == 1
    assert Source.objects.count() == 1
