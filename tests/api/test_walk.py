"""The API walk: an excerpt made with a token, through review, to readers, without a page."""

from __future__ import annotations

import json

from desk.models import ApiToken
from tests.api.deciding import decide
from tests.factories import make_source


def test_from_a_token_to_a_reader(token_client, editor, reviewer, briefing, api):
    source = make_source(
        text="Talks resumed.\nThe envoy said the border would reopen in spring.\nNothing more.",
        url="https://news.example.org/envoy",
    )
    author = token_client(editor)

    made = author.post(
        "/api/excerpts/",
        {
            "source": source.pk,
            "quote": "the border would reopen in spring",
            "annotation": "A first date for the reopening.",
            "kind": "claim",
            "briefing": briefing.slug,
            "topics": ["Border"],
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    excerpt = made.json()
    url = f"/api/excerpts/{excerpt['id']}/"

    submitted = author.post(url + "submit/", HTTP_IF_MATCH=made["ETag"])
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"

    # The author holds no reviewer role: refused, and nothing changes.
    refused = decide(author, excerpt["id"], "approve")
    assert refused.status_code == 403
    assert author.get(url).json()["status"] == "submitted"

    # Nor may the author approve with both roles: four eyes.
    editor.groups.add(*reviewer.groups.all())
    both = token_client(editor)
    four_eyes = decide(both, excerpt["id"], "approve")
    assert four_eyes.status_code == 403 and "Four eyes" in four_eyes.json()["detail"]

    # Nobody outside the desk sees it yet.
    anonymous = api()
    assert anonymous.get(f"/api/items/{excerpt['id']}/").status_code == 404

    reviewing = token_client(reviewer, keyword="Bearer")
    # Without saying which state it decides on, the approval is refused (428).
    assert reviewing.post(url + "approve/").status_code == 428
    approved = decide(reviewing, excerpt["id"], "approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    published = reviewing.post(url + "publish/", HTTP_IF_MATCH=approved["ETag"])
    assert published.status_code == 200 and published.json()["is_live"] is True

    item = anonymous.get(f"/api/items/{excerpt['id']}/")
    assert item.status_code == 200
    assert item.json()["quote"] == "the border would reopen in spring"
    assert item.json()["annotation"] == "A first date for the reopening."
    assert item.json()["topics"] == ["Border"]

    exported = json.loads(anonymous.get("/api/excerpts/export.jsonld").content)
    (annotation,) = exported["first"]["items"]
    assert annotation["target"]["source"] == "https://news.example.org/envoy"
    assert annotation["target"]["selector"][0]["exact"] == "the border would reopen in spring"
    assert annotation["body"][0]["value"] == "A first date for the reopening."
    assert {"type": "TextualBody", "purpose": "tagging", "value": "Border"} in annotation["body"]
    assert ApiToken.objects.filter(user=editor, last_used_at__isnull=False).exists()
