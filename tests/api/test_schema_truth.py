"""What the schema says of query parameters is what the API does: an empty filter is no filter
(allowEmptyValue), a word where yes or no belongs, an empty ordering term or a value longer than
the filter takes is refused with the parameter named, and no text parameter takes a NUL."""

from __future__ import annotations

import pytest

from tests.api.problem_details import refused


@pytest.fixture
def schema(api, db):
    return api().get("/api/schema/", {"format": "json"}).json()


def _parameters(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    yield path, method, parameter


def test_every_filter_says_an_empty_value_is_no_filter(schema):
    for path, _, parameter in _parameters(schema):
        if parameter["name"] in ("page", "page_size", "cursor", "format"):
            assert not parameter.get("allowEmptyValue"), (path, parameter["name"])
        else:
            assert parameter.get("allowEmptyValue") is True, (path, parameter["name"])


def test_no_text_parameter_admits_a_nul(schema):
    def strings(node):
        if node.get("type") == "string" and "enum" not in node:
            yield node
        for option in node.get("anyOf", []):
            yield from strings(option)
        if isinstance(node.get("items"), dict):
            yield from strings(node["items"])

    for path, _, parameter in _parameters(schema):
        for node in strings(parameter["schema"]):
            assert "pattern" in node or node.get("format") in ("date", "date-time", "uuid"), (
                path,
                parameter["name"],
            )


@pytest.mark.parametrize(
    "query", ["?kind=", "?literal=", "?q=&briefing=&kind=&literal=", "?published_before="]
)
def test_empty_filters_are_no_filters(api, published, query):
    everything = api().get("/api/items/").json()["results"]
    response = api().get(f"/api/items/{query}")
    assert response.status_code == 200, response.content
    assert response.json()["results"] == everything


@pytest.mark.parametrize(
    ("path", "query", "parameter"),
    [
        ("/api/items/", "literal=25019", "literal"),
        ("/api/items/", "literal=yes-please", "literal"),
        ("/api/excerpts/", "ordering=,,,", "ordering"),
        ("/api/excerpts/", "ordering=created,,status", "ordering"),
        ("/api/events/", "briefing=" + "x" * 500, "briefing"),
        ("/api/actors/", "name=a&name=b", "name"),
    ],
)
def test_a_value_the_schema_forbids_is_refused_naming_its_parameter(
    api, editor, published, path, query, parameter
):
    response = api(editor).get(f"{path}?{query}")
    assert response.status_code == 400, response.content
    assert refused(response) == {parameter}


@pytest.mark.parametrize("value", ["true", "false", "1", "0", "True"])
def test_yes_or_no_as_the_schema_sends_it(api, published, value):
    assert api().get(f"/api/items/?literal={value}").status_code == 200


def test_an_id_filter_says_how_large_an_id_may_be(schema, api, editor):
    excerpts = schema["paths"]["/api/excerpts/"]["get"]["parameters"]
    source = next(p for p in excerpts if p["name"] == "source")
    assert source["schema"]["maximum"] == 2**53
    response = api(editor).get(f"/api/excerpts/?source={2**53 + 1}")
    assert response.status_code == 400 and refused(response) == {"source"}


@pytest.mark.parametrize("path", ["/api/items/", "/api/excerpts/", "/api/sources/"])
def test_a_misspelt_filter_is_refused_rather_than_answering_everything(api, editor, path):
    response = api(editor).get(f"{path}?topc=border")
    assert response.status_code == 400
    assert refused(response) == {"topc"}


def test_a_date_range_reads_both_of_its_parameters(api, published):
    query = "published_after=2000-01-01&published_before=2100-01-01"
    assert api().get(f"/api/items/?{query}").status_code == 200


def test_an_empty_authorization_header_is_refused(db):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="")
    assert client.get("/api/items/").status_code == 401


def test_every_operation_documents_a_malformed_request(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "400" in operation["responses"], (method, path)


@pytest.mark.parametrize(
    ("path", "query", "parameter"),
    [
        ("/api/sources/", "published_from=2020-13", "published_from"),
        ("/api/sources/", "published_to=2021-04-31", "published_to"),
        ("/api/items/", "published_after=last+spring", "published_after"),
    ],
)
def test_a_date_the_desk_cannot_read_is_refused_naming_its_parameter(
    api, editor, path, query, parameter
):
    response = api(editor).get(f"{path}?{query}")
    assert response.status_code == 400, response.content
    assert refused(response) == {parameter}


def test_a_briefing_slug_with_a_nul_names_no_briefing(api, editor, briefing):
    """PostgreSQL refuses a NUL in a query: a slug holding one was a 500 (schemathesis found it)."""
    response = api(editor).post(
        "/api/excerpts/",
        {"source": 1, "quote": "x", "annotation": "x", "briefing": "bad\x00slug"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "#/briefing" in refused(response)
