"""The W3C Web Annotation export and import, by the model's own rules (§3.2, §4.2.9, §5.2)."""

from __future__ import annotations

import json

from desk.models import Excerpt

EXPORT = "/api/excerpts/export.jsonld"


def _import(client, payload, briefing):
    return client.post(
        f"/api/excerpts/import/?briefing={briefing.slug}",
        json.dumps(payload),
        content_type="application/ld+json",
    )


def _annotation(source, **fields) -> dict:
    return {
        "type": "Annotation",
        "target": {
            "source": f"http://testserver/sources/{source.pk}/",
            "selector": {"type": "TextQuoteSelector", "exact": "The Council"},
        },
        **fields,
    }


def test_the_page_has_an_id_and_names_its_collection(api, published):
    body = json.loads(api().get(EXPORT).content)
    page = body["first"]
    assert page["type"] == "AnnotationPage"
    assert page["id"].startswith(body["id"]) and page["id"] != body["id"]
    assert page["partOf"] == body["id"] and body["last"] == page["id"]
    assert page["startIndex"] == 0 and len(page["items"]) == body["total"] == 1


def test_an_empty_export_is_a_collection_with_no_page(api, db):
    body = json.loads(api().get(EXPORT).content)
    assert body["type"] == "AnnotationCollection" and body["total"] == 0
    assert "first" not in body and "last" not in body


def test_a_quote_refining_a_fragment_is_placed(api, editor, source, briefing):
    # The model's example 32: a FragmentSelector refined by a TextQuoteSelector.
    annotation = _annotation(source, bodyValue="N.")
    annotation["target"]["selector"] = {
        "type": "FragmentSelector",
        "value": "para5",
        "refinedBy": {"type": "TextQuoteSelector", "exact": "The Council"},
    }
    response = _import(api(editor), annotation, briefing)
    assert response.status_code == 201, response.content
    assert Excerpt.objects.get().current_revision.quote == "The Council"


def test_a_position_inside_another_selectors_part_is_refused_with_that_reason(
    api, editor, source, briefing
):
    annotation = _annotation(source, bodyValue="N.")
    annotation["target"]["selector"] = {
        "type": "CssSelector",
        "value": "#para5",
        "refinedBy": {"type": "TextPositionSelector", "start": 0, "end": 11},
    }
    response = _import(api(editor), annotation, briefing)
    assert response.status_code == 422
    assert "inside another selector" in response.json()["results"][0]["refused"]
    assert not Excerpt.objects.exists()


def test_body_value_is_the_annotations_text(api, editor, source, briefing):
    _import(api(editor), _annotation(source, bodyValue="Plain words."), briefing)
    assert Excerpt.objects.get().current_revision.annotation == "Plain words."


def test_a_string_body_is_an_external_resource_and_goes_out_as_one(
    api, editor, reviewer, source, briefing
):
    iri = "https://example.org/comments/1"
    _import(api(editor), _annotation(source, body=iri), briefing)
    excerpt = Excerpt.objects.get()
    assert excerpt.current_revision.annotation == f"<{iri}>"
    exported = json.loads(api(reviewer).get(EXPORT).content)
    (item,) = exported["first"]["items"]
    assert iri in item["body"]


def test_a_string_body_that_is_no_web_address_is_not_made_text(api, editor, source, briefing):
    response = _import(api(editor), _annotation(source, body="javascript:alert(1)"), briefing)
    assert response.status_code in (201, 422)
    assert not Excerpt.objects.filter(current_revision__annotation__contains="javascript")
