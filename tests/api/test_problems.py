"""Every API error is RFC 9457 problem details, and every status is in the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from desk.models import ApiToken, Excerpt
from tests.api.problem_details import refused

PROBLEM = "application/problem+json"


def _is_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    document = response.json()
    assert document["status"] == status
    assert document["type"] and document["title"] and document["detail"]
    return document


@pytest.mark.parametrize("method", ["get", "post", "delete"])
@pytest.mark.parametrize("path", ["/api/nothing/", "/api/excerpts/1/nonsense/", "/api/a\nb/"])
def test_an_unknown_route_under_api_is_a_problem_404(api, method, path):
    _is_problem(getattr(api(), method)(path), 404)


def test_a_known_route_without_its_slash_is_still_redirected(api):
    response = api().get("/api/items?page_size=2")
    assert response.status_code == 301 and response["Location"] == "/api/items/?page_size=2"


def test_the_site_outside_the_api_keeps_its_html_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "text/html" in response["Content-Type"]


def test_a_wrong_method_is_a_problem_405(api):
    document = _is_problem(api().delete("/api/items/"), 405)
    assert "DELETE" in document["detail"]


@pytest.mark.parametrize(
    "path", ["/api/items/", "/api/excerpts/export.csv", "/api/excerpts/export.jsonld"]
)
def test_an_unknown_format_is_a_problem_406_not_a_404(api, published, path):
    _is_problem(api().get(path, {"format": "xml"}), 406)
    _is_problem(api().get(path, {"format": ""}), 406)


def test_exports_honour_accept(api, published):
    client = api()
    _is_problem(client.get("/api/excerpts/export.csv", HTTP_ACCEPT="application/json"), 406)
    as_json = client.get("/api/excerpts/export.jsonld", HTTP_ACCEPT="application/json")
    assert as_json["Content-Type"] == "application/json"
    assert as_json.json()["type"] == "AnnotationCollection"
    as_ld = client.get("/api/excerpts/export.jsonld", HTTP_ACCEPT="application/ld+json")
    assert as_ld["Content-Type"] == "application/ld+json"
    csv = client.get("/api/excerpts/export.csv", HTTP_ACCEPT="text/csv, */*;q=0.1")
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    _is_problem(client.get("/api/items/", HTTP_ACCEPT="text/html"), 406)


def test_a_body_in_a_format_the_api_cannot_read_is_a_problem_415(api, editor):
    response = api(editor).post("/api/excerpts/", "a=b", content_type="text/plain")
    _is_problem(response, 415)


def test_a_wrong_token_is_a_problem_401_with_its_challenge(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get("/api/items/")
    _is_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Token")


def test_a_reader_on_the_desks_list_is_a_problem_401_and_an_outsider_403(api, outsider):
    _is_problem(api().get("/api/excerpts/"), 401)
    _, secret = ApiToken.issue(user=outsider, name="t")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    _is_problem(client.get("/api/excerpts/"), 403)


def test_throttling_is_a_problem_429_with_retry_after(settings, db):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute"},
    }
    client = APIClient()
    client.get("/api/items/")
    response = client.get("/api/items/")
    _is_problem(response, 429)
    assert int(response["Retry-After"]) > 0
    cache.clear()


def test_preconditions_and_conflicts_are_problems(api, editor, draft):
    client = api(editor)
    url = f"/api/excerpts/{draft.pk}/"
    _is_problem(client.patch(url, {"annotation": "New."}, format="json"), 428)
    stale = _is_problem(
        client.patch(url, {"annotation": "New."}, format="json", HTTP_IF_MATCH='"rev-1-draft-0"'),
        412,
    )
    assert stale["detail"]


def test_a_four_eyes_refusal_is_a_problem_403_with_the_reason(api, editor, excerpt_in):
    submitted = excerpt_in("submitted")
    document = _is_problem(api(editor).post(f"/api/excerpts/{submitted.pk}/approve/"), 403)
    assert document["detail"]


@pytest.mark.parametrize("value", ["null", "0", "-3", "1.5", "ten", ""])
@pytest.mark.parametrize("path", ["/api/items/", "/api/briefings/", "/api/topics/"])
def test_a_page_size_that_is_no_whole_number_is_a_400_naming_it(
    api, reviewer, published, path, value
):
    response = api(reviewer).get(path, {"page_size": value})
    _is_problem(response, 400)
    assert refused(response) == {"page_size"}


def test_a_page_number_that_is_no_number_is_a_400_and_one_past_the_end_a_404(api, published):
    assert refused(api().get("/api/briefings/", {"page": "two"})) == {"page"}
    _is_problem(api().get("/api/briefings/", {"page": "9"}), 404)


@pytest.mark.parametrize("cursor", ["!!!", "bm9wZQ==", "cD0yMDI1LTEzLTQ1"])
def test_a_malformed_cursor_is_a_problem_400(api, reviewer, published, cursor):
    _is_problem(api(reviewer).get("/api/excerpts/", {"cursor": cursor}), 400)
    _is_problem(api().get("/api/items/", {"cursor": cursor}), 400)


def test_refused_fields_are_named_by_json_pointer(api, editor, source, briefing):
    response = api(editor).post(
        "/api/excerpts/",
        {"source": source.pk, "start": 0, "end": "x", "annotation": "N.", "briefing": "nowhere"},
        format="json",
    )
    document = _is_problem(response, 400)
    assert refused(response) == {"#/end", "#/briefing"}
    assert document["type"].startswith("tag:")
    assert not Excerpt.objects.exists()


def test_an_unknown_filter_choice_finds_nothing_but_a_malformed_one_is_refused(
    api, reviewer, published
):
    client = api(reviewer)
    assert client.get("/api/excerpts/", {"source": "999999"}).json()["results"] == []
    assert refused(client.get("/api/excerpts/", {"source": "ten"})) == {"source"}
    assert refused(client.get("/api/excerpts/", {"status": "nonsense"})) == {"status"}


def test_the_csv_exports_errors_have_a_body(api, reviewer):
    response = api(reviewer).get("/api/excerpts/export.csv", {"status": "nonsense"})
    _is_problem(response, 400)
    assert refused(response) == {"status"}


# The schema --------------------------------------------------------------------------------


@pytest.fixture
def schema(api, db):
    return api().get("/api/schema/", {"format": "json"}).json()


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_every_operation_documents_its_refusals_as_problems(schema):
    problem = {"$ref": "#/components/schemas/Problem"}
    assert schema["components"]["schemas"]["Problem"]["required"] == [
        "type",
        "title",
        "status",
        "detail",
    ]
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        assert {"401", "406"} <= set(responses), (method, path)
        for status, response in responses.items():
            if status.startswith("4"):
                (media_type,) = response["content"]
                assert media_type == PROBLEM, (method, path, status)
        if "{" in path:
            assert "404" in responses, (method, path)
        if method in ("post", "put", "patch") and "requestBody" in operation:
            assert {"400", "403", "415"} <= set(responses), (method, path)
        anonymous = {} in operation.get("security", [])
        assert ("429" in responses) == anonymous, (method, path)
        if anonymous:
            assert responses["429"]["content"][PROBLEM]["schema"] == problem


def test_the_schema_documents_partial_imports_and_stale_edits(schema):
    imports = schema["paths"]["/api/excerpts/import/"]["post"]["responses"]
    assert {"201", "207", "422"} <= set(imports)
    update = schema["paths"]["/api/excerpts/{id}/"]["patch"]["responses"]
    assert {"412", "428"} <= set(update)


def test_no_slug_pattern_refuses_a_slug_with_letters_beyond_ascii(schema, api, reviewer):
    from tests.factories import TopicFactory

    topic = TopicFactory(name="Naïve")
    assert "ï" in topic.slug
    assert r"^[-\w]+$" not in str(schema["components"]["schemas"])
    rows = api(reviewer).get("/api/topics/", {"page_size": 100}).json()["results"]
    slugs = [row["slug"] for row in rows]
    assert topic.slug in slugs


def test_page_parameters_say_they_count_from_one(schema):
    parameters = schema["paths"]["/api/briefings/"]["get"]["parameters"]
    sizes = {p["name"]: p["schema"] for p in parameters}
    assert sizes["page"]["minimum"] == 1 and sizes["page_size"]["minimum"] == 1


def test_an_old_cursor_keeps_working(api, reviewer, excerpt_in):
    for _ in range(3):
        excerpt_in("draft")
    page = api(reviewer).get("/api/excerpts/", {"page_size": 1}).json()
    assert api(reviewer).get(page["next"]).status_code == 200


# Imports say what became of each annotation ---------------------------------------------------


def _annotation(source, exact: str) -> dict:
    return {
        "type": "Annotation",
        "bodyValue": "N.",
        "target": {
            "source": f"http://testserver/sources/{source.pk}/",
            "selector": {"type": "TextQuoteSelector", "exact": exact},
        },
    }


def _import(client, payload, briefing):
    return client.post(f"/api/excerpts/import/?briefing={briefing.slug}", payload, format="json")


def test_an_import_where_all_arrive_is_201(api, editor, source, briefing):
    response = _import(api(editor), [_annotation(source, "The Council")], briefing)
    assert response.status_code == 201 and response.json()["created"] == 1


def test_a_partial_import_is_207_with_each_reason(api, editor, source, briefing):
    payload = [_annotation(source, "The Council"), _annotation(source, "words nowhere")]
    response = _import(api(editor), payload, briefing)
    assert response.status_code == 207
    first, second = response.json()["results"]
    assert first["excerpt"] and first["refused"] is None
    assert second["excerpt"] is None and "not in the source" in second["refused"]
    assert Excerpt.objects.count() == 1


def test_an_import_where_nothing_arrives_is_a_422_problem_with_each_reason(
    api, editor, source, briefing
):
    payload = [_annotation(source, "words nowhere"), {"type": "Note"}]
    response = _import(api(editor), payload, briefing)
    document = _is_problem(response, 422)
    assert document["created"] == 0 and document["refused"] == 2
    assert all(result["refused"] for result in document["results"])
    assert not Excerpt.objects.exists()


def test_an_import_for_no_briefing_is_a_problem_400(api, editor, source):
    response = api(editor).post("/api/excerpts/import/?briefing=nowhere", [], format="json")
    _is_problem(response, 400)
