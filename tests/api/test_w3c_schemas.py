"""The JSON-LD export keeps every MUST of the W3C Web Annotation model (tests/api/w3c_annotation_schemas.py)."""

from __future__ import annotations

import copy
import json

import pytest
from jsonschema import Draft202012Validator

from tests.api import w3c_annotation_schemas as w3c
from tests.factories import TopicFactory

EXPORT = "/api/excerpts/export.jsonld"


def _errors(schema: dict, document) -> list[str]:
    validator = Draft202012Validator(schema, registry=w3c.registry())
    return sorted(error.message for error in validator.iter_errors(document))


@pytest.fixture
def exports(api, people, published, draft, correction):
    published.published_revision.topics.add(TopicFactory(name="Naïve"))
    return {
        persona: json.loads(api(people[persona]).get(EXPORT).content)
        for persona in ("anonymous", "editor", "reviewer")
    }


@pytest.mark.parametrize("persona", ["anonymous", "editor", "reviewer"])
def test_the_export_is_a_valid_collection_with_a_valid_page_of_valid_annotations(exports, persona):
    document = exports[persona]
    assert document["total"] >= 1
    assert _errors(w3c.COLLECTION, document) == []
    assert _errors(w3c.PAGE, document["first"]) == []
    for item in document["first"]["items"]:
        assert _errors(w3c.annotation(embedded=True), item) == []
        standalone = {"@context": w3c.CONTEXT, **item}
        assert _errors(w3c.annotation(), standalone) == []


def test_an_empty_export_is_a_valid_collection(api, db):
    document = json.loads(api().get(EXPORT).content)
    assert document["total"] == 0
    assert _errors(w3c.COLLECTION, document) == []


def test_the_schemas_catch_what_the_model_forbids(exports):
    document = exports["reviewer"]
    no_page_id = copy.deepcopy(document)
    del no_page_id["first"]["id"]
    assert _errors(w3c.COLLECTION, no_page_id)
    empty_with_page = {**copy.deepcopy(document), "total": 0}
    assert _errors(w3c.COLLECTION, empty_with_page)
    item = copy.deepcopy(document["first"]["items"][0])
    item["target"]["selector"][0].pop("exact")
    assert _errors(w3c.annotation(embedded=True), item)
    both = {**copy.deepcopy(document["first"]["items"][0]), "bodyValue": "x"}
    assert _errors(w3c.annotation(embedded=True), both)
    relative = {**copy.deepcopy(document["first"]["items"][0]), "id": "/items/1/"}
    assert _errors(w3c.annotation(embedded=True), relative)
