"""Annotations in the Hypothesis API's shape import as draft excerpts, their tags as topics."""

from __future__ import annotations

import pytest

from desk.models import Excerpt
from desk.states import Status
from tests.factories import make_source

URL = "https://news.example/2025/11/border"
TEXT = "Opening words.\nThe minister resigned on Friday after the vote.\nClosing words."


def _hypothesis(exact: str, *, text="Confirmed by two outlets.", tags=("Border", "Cabinet")):
    """One annotation as the Hypothesis API returns it (GET /api/annotations/{id})."""
    start = TEXT.find(exact) + 40  # offsets in the page as the browser rendered it
    return {
        "id": "VnK2YNBBEfCLj1fDKpAUfw",
        "created": "2025-11-20T10:00:00.000000+00:00",
        "updated": "2025-11-20T10:00:00.000000+00:00",
        "user": "acct:analyst@hypothes.is",
        "uri": URL,
        "text": text,
        "tags": list(tags),
        "group": "__world__",
        "permissions": {"read": ["group:__world__"]},
        "target": [
            {
                "source": URL,
                "selector": [
                    {
                        "type": "RangeSelector",
                        "endOffset": 27,
                        "startOffset": 0,
                        "endContainer": "/div[1]/p[2]",
                        "startContainer": "/div[1]/p[2]",
                    },
                    {"type": "TextPositionSelector", "start": start, "end": start + len(exact)},
                    {"type": "TextQuoteSelector", "exact": exact, "prefix": "", "suffix": " on"},
                ],
            }
        ],
        "document": {"title": ["Border news"]},
        "links": {"html": "https://hypothes.is/a/VnK2YNBBEfCLj1fDKpAUfw"},
        "flagged": False,
        "hidden": False,
    }


@pytest.fixture
def article(db):
    return make_source(text=TEXT, url=URL)


def _import(client, payload, briefing):
    return client.post(f"/api/excerpts/import/?briefing={briefing.slug}", payload, format="json")


@pytest.mark.parametrize(
    "shape",
    [
        lambda a: a,
        lambda a: [a],
        lambda a: {"total": 1, "rows": [a]},
    ],
    ids=["single", "list", "search response"],
)
def test_a_hypothesis_annotation_becomes_a_draft_with_its_tags_as_topics(
    api, editor, article, briefing, shape
):
    response = _import(api(editor), shape(_hypothesis("The minister resigned")), briefing)
    assert response.status_code == 201, response.content
    (result,) = response.json()["results"]
    assert result["annotation"] == "VnK2YNBBEfCLj1fDKpAUfw"
    excerpt = Excerpt.objects.get(pk=result["excerpt"])
    revision = excerpt.current_revision
    assert excerpt.status == Status.DRAFT and excerpt.created_by == editor
    assert revision.quote == "The minister resigned"
    assert TEXT[revision.start : revision.end] == "The minister resigned"
    assert revision.annotation == "Confirmed by two outlets."
    assert sorted(t.name for t in revision.topics.all()) == ["Border", "Cabinet"]


def test_a_search_response_reports_each_row(api, editor, article, briefing):
    rows = [_hypothesis("The minister resigned"), _hypothesis("not in the article at all")]
    response = _import(api(editor), {"total": 2, "rows": rows}, briefing)
    assert response.status_code == 207
    made, refused = response.json()["results"]
    assert made["excerpt"] and refused["refused"] and refused["excerpt"] is None
    assert Excerpt.objects.count() == 1


def test_a_hypothesis_annotation_of_a_page_the_desk_lacks_is_refused(api, editor, briefing):
    response = _import(api(editor), _hypothesis("The minister resigned"), briefing)
    assert response.status_code == 422
    assert URL in response.json()["results"][0]["refused"]
