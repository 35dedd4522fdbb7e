"""Requests built to break the API get a 4xx that says why, never a 500.

A cursor is the API's own opaque token, but a client can edit it: its position is compared with
a date or an id, so a forged one used to surface as a 500. A JSON body nested 100,000 deep made
the parser recurse until Python gave up; a body that names an exotic charset was decoded with it.
"""

from __future__ import annotations

import base64
import encodings.punycode
import json
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.django_db

LISTS = ["/api/items/", "/api/excerpts/", "/api/audit/"]


def cursor(**tokens) -> str:
    return base64.b64encode(urlencode(tokens).encode()).decode()


FORGED = [
    cursor(p="not-a-date"),
    cursor(p="9" * 40),
    cursor(p="2025-13-45T99:00:00"),
    cursor(p="\x00"),
    cursor(p="1e309", r="1"),
    "x",
    base64.b64encode(b"\xff\xfe").decode(),
]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("forged", FORGED)
def test_a_forged_cursor_is_a_bad_request_with_a_reason(api, editor, published, url, forged):
    response = api(editor).get(url, {"cursor": forged})
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


@pytest.mark.parametrize("url", LISTS)
def test_an_empty_cursor_is_the_first_page_as_the_schema_allows(api, editor, published, url):
    empty = api(editor).get(url, {"cursor": ""})
    assert empty.status_code == 200, empty.content
    assert empty.json()["results"] == api(editor).get(url).json()["results"]


@pytest.mark.parametrize("url", LISTS)
def test_the_cursors_the_api_gives_out_still_work(api, editor, published, url):
    first = api(editor).get(url, {"page_size": 1})
    assert first.status_code == 200
    following = first.json().get("next")
    if following:
        assert api(editor).get(following).status_code == 200


@pytest.mark.parametrize("depth", [100_000, 5_000])
def test_json_nested_too_deep_is_a_bad_request(api, editor, depth):
    body = "[" * depth + "]" * depth
    response = api(editor).post("/api/excerpts/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


def test_deep_json_is_refused_by_the_annotation_import_too(api, editor):
    body = '{"a":' * 100_000 + "1" + "}" * 100_000
    response = api(editor).post("/api/excerpts/import/", body, content_type="application/ld+json")
    assert response.status_code == 400


@pytest.mark.parametrize("charset", ["punycode", "unicode_escape", "utf-7", "no-such-codec"])
def test_json_in_an_exotic_charset_is_refused_without_decoding_it(
    api, editor, monkeypatch, charset
):
    calls = []
    monkeypatch.setattr(
        encodings.punycode, "punycode_decode", lambda text, errors: calls.append(text) or ""
    )
    body = json.dumps({"quote": "a" * 900_000}).encode()
    response = api(editor).post(
        "/api/excerpts/", body, content_type=f"application/json; charset={charset}"
    )
    assert response.status_code == 400
    assert "UTF-8" in response.json()["detail"]
    assert calls == []


def test_json_that_is_not_utf8_is_refused(api, editor):
    body = '{"quote": "Café"}'.encode("latin-1")
    response = api(editor).post("/api/excerpts/", body, content_type="application/json")
    assert response.status_code == 400


def test_a_json_body_over_the_limit_is_refused_before_it_is_read(api, editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"quote": "a" * 2000})
    response = api(editor).post("/api/excerpts/", body, content_type="application/json")
    assert response.status_code == 413
    assert "1,000 bytes" in response.json()["detail"]


def test_an_import_for_a_briefing_named_with_a_nul_is_refused_plainly(api, editor):
    # PostgreSQL refuses a NUL inside a query string; the desk answers as for an unknown briefing.
    response = api(editor).post(
        "/api/excerpts/import/?briefing=a%00b", "[]", content_type="application/ld+json"
    )
    assert response.status_code == 400
    assert "Name the briefing" in response.json()["detail"]


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/events/", "date_from"),
        ("/api/events/", "date_to"),
        ("/api/sources/", "published_from"),
        ("/api/sources/", "published_to"),
    ],
)
@pytest.mark.parametrize("typed", ["50%", "c%dx", "%(reason)s", "100 %s"])
def test_a_date_that_is_not_a_date_is_refused_plainly_even_with_a_percent_sign(
    api, editor, url, parameter, typed
):
    # The refusal quotes what was typed; a "%" in it once reached a format string (a 500).
    response = api(editor).get(url, {parameter: typed})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
