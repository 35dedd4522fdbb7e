"""Every endpoint × every persona, against an explicit table of status codes.

Written out by hand, not derived from the permission classes, so that a change of who may do
what that nobody meant shows up here as a failing cell. Each cell runs on a fresh database.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from desk.api.conditional import excerpt_etag
from desk.models import Excerpt

# Slow: left out by `make test-fast`, run by `make test` and CI.

PERSONAS = [
    "editor",
    "editor2",
    "reviewer",
    "reviewer2",
    "chief",
    "superuser",
    "outsider",
    "anonymous",
]


def codes(*statuses: int) -> dict[str, int]:
    """Expected statuses, in the order of PERSONAS."""
    assert len(statuses) == len(PERSONAS)
    return dict(zip(PERSONAS, statuses, strict=True))


OPEN = codes(200, 200, 200, 200, 200, 200, 200, 200)
STAFF = codes(200, 200, 200, 200, 200, 200, 403, 401)
EDITORS_CREATE = codes(201, 201, 403, 403, 201, 201, 403, 401)
EDITORS = codes(200, 200, 403, 403, 200, 200, 403, 401)
REVIEWERS = codes(403, 403, 200, 200, 200, 200, 403, 401)
STAFF_405 = codes(405, 405, 405, 405, 405, 405, 403, 401)
EDITORS_405 = codes(405, 405, 403, 403, 405, 405, 403, 401)
ALL_405 = codes(405, 405, 405, 405, 405, 405, 405, 405)
NOT_FOUND = codes(404, 404, 404, 404, 404, 404, 404, 404)
STAFF_201 = codes(201, 201, 201, 201, 201, 201, 403, 401)

LATER = (timezone.now() + dt.timedelta(days=3)).isoformat()

# (method, URL template, body, expected) — {name} is an object of the `world` fixture.
TABLE = [
    # Open to everyone: the front door, the schema, the docs, what readers see.
    ("get", "/api/", None, OPEN),
    ("get", "/api/schema/", None, OPEN),
    ("get", "/api/docs/", None, OPEN),
    ("get", "/api/items/", None, OPEN),
    ("get", "/api/items/{published}/", None, OPEN),
    ("get", "/api/items/{draft}/", None, NOT_FOUND),
    ("get", "/api/items/{submitted}/", None, NOT_FOUND),
    ("get", "/api/briefings/", None, OPEN),
    ("get", "/api/briefings/{briefing.slug}/", None, OPEN),
    ("get", "/api/briefings/{briefing.slug}/items/", None, OPEN),
    ("get", "/api/excerpts/export.csv", None, OPEN),
    ("get", "/api/excerpts/export.jsonld", None, OPEN),
    # The desk's own data: its staff only.
    ("get", "/api/excerpts/", None, STAFF),
    ("get", "/api/excerpts/{draft}/", None, STAFF),
    ("get", "/api/excerpts/{published}/", None, STAFF),
    ("get", "/api/excerpts/{draft}/comments/", None, STAFF),
    ("post", "/api/excerpts/{draft}/comments/", {"body": "Looks right."}, STAFF_201),
    ("get", "/api/audit/", None, STAFF),
    ("get", "/api/topics/", None, STAFF),
    ("get", "/api/topics/{topic}/", None, STAFF),
    # The library and the event register: the permissions their pages check.
    ("get", "/api/sources/", None, STAFF),
    ("get", "/api/sources/{source}/", None, STAFF),
    ("get", "/api/sources/{source}/versions/", None, STAFF),
    ("get", "/api/sources/{source}/versions/1/", None, STAFF),
    ("get", "/api/events/", None, STAFF),
    ("get", "/api/events/{event}/", None, STAFF),
    ("get", "/api/actors/", None, STAFF),
    ("get", "/api/actors/{actor}/", None, STAFF),
    # Making and editing: editors.
    ("post", "/api/excerpts/", "new", EDITORS_CREATE),
    ("patch", "/api/excerpts/{draft}/", {"annotation": "Better."}, EDITORS),
    ("put", "/api/excerpts/{draft}/", "whole", EDITORS),
    ("post", "/api/excerpts/import/?briefing={briefing.slug}", [], EDITORS),
    # The workflow, as desk/publishing/states.py says (the draft's author is `editor`).
    ("post", "/api/excerpts/{draft}/submit/", {}, EDITORS),
    ("post", "/api/excerpts/{submitted}/approve/", {}, REVIEWERS),
    ("post", "/api/excerpts/{submitted}/request-changes/", {"comment": "Why?"}, REVIEWERS),
    ("post", "/api/excerpts/{submitted}/reject/", {"comment": "No."}, REVIEWERS),
    ("post", "/api/excerpts/{approved}/schedule/", {"publish_at": LATER}, REVIEWERS),
    ("post", "/api/excerpts/{approved}/publish/", {}, REVIEWERS),
    ("post", "/api/excerpts/{published}/withdraw/", {"comment": "Wrong."}, REVIEWERS),
    ("post", "/api/excerpts/{rejected}/reopen/", {}, EDITORS),
    # Wrong methods.
    ("delete", "/api/excerpts/{draft}/", None, STAFF_405),
    ("get", "/api/excerpts/{draft}/submit/", None, STAFF_405),
    ("get", "/api/excerpts/import/", None, EDITORS_405),
    ("put", "/api/sources/{source}/", {}, STAFF_405),
    ("delete", "/api/audit/", None, STAFF_405),
    ("post", "/api/topics/", {"name": "new"}, STAFF_405),
    ("post", "/api/items/", {}, ALL_405),
    ("delete", "/api/items/{published}/", None, ALL_405),
    ("post", "/api/briefings/", {}, ALL_405),
    ("post", "/api/excerpts/export.csv", {}, ALL_405),
]


def _url(template: str, world) -> str:
    names = {}
    for part in template.split("{")[1:]:
        name = part.split("}")[0]
        obj = world[name.split(".")[0]]
        names[name] = getattr(obj, name.split(".")[1]) if "." in name else obj.pk
    for name, value in names.items():
        template = template.replace("{" + name + "}", str(value))
    return template


def _body(body, world):
    source, briefing = world["source"], world["briefing"]
    if body == "new":
        return {
            "source": source.pk,
            "start": 0,
            "end": 11,
            "annotation": "New.",
            "briefing": briefing.slug,
        }
    if body == "whole":
        return {"annotation": "Whole.", "kind": "assessment", "briefing": briefing.slug}
    return body


# Slow as a whole (run by `make test` and CI); `make test-fast` runs the decisions four eyes
# rules and what readers may not see of a draft, so a rule change gets a quick answer.
FAST = {
    "/api/excerpts/{submitted}/approve/",
    "/api/excerpts/{approved}/publish/",
    "/api/items/{draft}/",
    "/api/excerpts/{draft}/",
}
ROWS = [
    pytest.param(*row, id=f"{row[0]} {row[1]}", marks=[] if row[1] in FAST else [pytest.mark.slow])
    for row in TABLE
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "template", "body", "expected"), ROWS)
def test_matrix(api, people, world, persona, method, template, body, expected):
    user = people[persona]
    url = _url(template, world)
    headers = {}
    if method in ("patch", "put") and user is not None:
        headers["HTTP_IF_MATCH"] = excerpt_etag(Excerpt.objects.get(pk=world["draft"].pk), user)
    if method == "post" and template.startswith("/api/excerpts/{") and user is not None:
        # A decision names the state it was taken on, as every client must (428 without).
        shown = world[template.split("{")[1].split("}")[0]]
        headers["HTTP_IF_MATCH"] = excerpt_etag(Excerpt.objects.get(pk=shown.pk), user)
    response = getattr(api(user), method)(url, _body(body, world), format="json", **headers)
    assert response.status_code == expected[persona], response.content[:500]
