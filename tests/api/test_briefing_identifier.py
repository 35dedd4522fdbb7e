"""One identifier for a briefing everywhere in the API: its slug."""

from __future__ import annotations

import json

import pytest

from tests.factories import BriefingFactory


def test_an_excerpt_is_made_for_a_briefing_named_by_slug_and_shows_that_slug(
    api, editor, source, briefing
):
    made = api(editor).post(
        "/api/excerpts/",
        {"source": source.pk, "start": 0, "end": 11, "annotation": "N.", "briefing": briefing.slug},
        format="json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["briefing"] == briefing.slug
    listed = api(editor).get("/api/excerpts/", {"briefing": briefing.slug}).json()["results"]
    assert [row["id"] for row in listed] == [made.json()["id"]]
    by_id = api(editor).post(
        "/api/excerpts/",
        {"source": source.pk, "start": 0, "end": 11, "annotation": "N.", "briefing": briefing.pk},
        format="json",
    )
    assert by_id.status_code == 400


def test_the_briefings_list_names_each_briefing_by_the_slug_its_paths_use(api, published):
    (row,) = api().get("/api/briefings/").json()["results"]
    assert row["items_url"].endswith(f"/api/briefings/{row['slug']}/items/")


@pytest.mark.parametrize("persona", ["anonymous", "reviewer"])
def test_the_exports_filter_by_slug_for_readers_and_staff_alike(api, people, published, persona):
    other = BriefingFactory(slug="elsewhere")
    client = api(people[persona])
    mine = client.get(
        "/api/excerpts/export.jsonld", {"briefing": published.published_revision.briefing.slug}
    )
    assert json.loads(mine.content)["total"] == 1
    theirs = client.get("/api/excerpts/export.jsonld", {"briefing": other.slug})
    assert json.loads(theirs.content)["total"] == 0
    csv = client.get(
        "/api/excerpts/export.csv", {"briefing": published.published_revision.briefing.slug}
    )
    assert len(csv.content.decode("utf-8-sig").strip().splitlines()) == 2
