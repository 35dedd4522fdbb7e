"""Annotations in the Hypothesis API's shape import as draft excerpts, their tags as topics."""

from __future__ import annotations

import pytest

from desk.models import Excerpt
from desk.publishing.states import Status
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
    rows[1]["id"] = "a2nd-annotation-id"
    response = _import(api(editor), {"total": 2, "rows": rows}, briefing)
    assert response.status_code == 207
    made, refused = response.json()["results"]
    assert made["excerpt"] and refused["refused"] and refused["excerpt"] is None
    assert Excerpt.objects.count() == 1


def test_a_hypothesis_annotation_of_a_page_the_desk_lacks_is_refused(api, editor, briefing):
    response = _import(api(editor), _hypothesis("The minister resigned"), briefing)
    assert response.status_code == 422
    assert URL in response.json()["results"][0]["refused"]


# The shapes Hypothesis really sends: h's API JSON (above), h's own JSON-LD for the same
# annotation (GET /api/annotations/{id}.jsonld), and what its client posts, with the document's
# related addresses in `document.link`.


def _h_jsonld(exact: str, *, annotation_id="VnK2YNBBEfCLj1fDKpAUfw", text="Confirmed."):
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": f"https://hypothes.is/a/{annotation_id}",
        "created": "2025-11-20T10:00:00.000000+00:00",
        "modified": "2025-11-20T10:00:00.000000+00:00",
        "creator": "acct:analyst@hypothes.is",
        "body": [
            {"type": "TextualBody", "value": text, "format": "text/markdown"},
            {"type": "TextualBody", "purpose": "tagging", "value": "Border"},
        ],
        "target": [
            {
                "source": URL,
                "selector": [{"type": "TextQuoteSelector", "exact": exact, "suffix": " on"}],
            }
        ],
    }


def _highlight():
    # A highlight: the quote and nothing said about it.
    annotation = _hypothesis("The minister resigned", text="", tags=())
    annotation["id"] = "highlight-1"
    return annotation


def _page_note():
    annotation = _hypothesis("The minister resigned", text="The whole article is biased.")
    annotation["id"] = "page-note-1"
    annotation["target"] = [{"source": URL}]
    return annotation


def _reply():
    annotation = _hypothesis("The minister resigned", text="Agreed, see the vote.")
    annotation["id"] = "reply-1"
    annotation["references"] = ["VnK2YNBBEfCLj1fDKpAUfw"]
    annotation["target"] = [{"source": URL}]
    return annotation


def _at(address: str, annotation_id: str, *, links=()):
    annotation = _hypothesis("The minister resigned")
    annotation["id"] = annotation_id
    annotation["uri"] = address
    annotation["target"][0]["source"] = address
    if links:
        annotation["document"]["link"] = [{"href": link} for link in links]
    return annotation


@pytest.mark.parametrize(
    ("shape", "made", "reason"),
    [
        (lambda: _hypothesis("The minister resigned"), True, None),
        (lambda: _h_jsonld("The minister resigned"), True, None),
        (lambda: _at(URL + "/", "trailing-slash"), True, None),
        (lambda: _at(URL + "?utm_source=newsletter&utm_medium=email", "utm"), True, None),
        (lambda: _at(URL.replace("https:", "http:"), "http"), True, None),
        (
            lambda: _at("HTTPS://NEWS.example/2025/11/border#comments", "case-and-fragment"),
            True,
            None,
        ),
        (
            lambda: _at("https://m.news.example/b?id=7", "related", links=["x", URL]),
            True,
            None,
        ),
        (_page_note, False, "Not a quote: this target names a whole page"),
        (_reply, False, "Not a quote: a reply to another annotation"),
        (_highlight, True, None),
        (lambda: _at("https://news.example/2025/11/other", "elsewhere"), False, "has no source"),
    ],
    ids=[
        "h API",
        "h JSON-LD",
        "trailing slash",
        "utm parameters",
        "http for https",
        "host case and fragment",
        "document.link",
        "page note",
        "reply",
        "highlight",
        "another page",
    ],
)
def test_each_shape_hypothesis_sends_has_its_outcome(
    api, editor, article, briefing, shape, made, reason
):
    response = _import(api(editor), shape(), briefing)
    (result,) = response.json()["results"]
    if made:
        assert response.status_code == 201, response.content
        revision = Excerpt.objects.get(pk=result["excerpt"]).current_revision
        assert revision.quote == "The minister resigned"
        assert revision.source_version.source == article
    else:
        assert response.status_code == 422, response.content
        assert reason in result["refused"]
        assert Excerpt.objects.count() == 0


def test_a_search_response_of_every_kind_is_a_207_that_says_what_each_row_was(
    api, editor, article, briefing
):
    rows = [_hypothesis("The minister resigned"), _page_note(), _reply(), _at(URL + "/", "slash")]
    response = _import(api(editor), {"total": 4, "rows": rows}, briefing)
    assert response.status_code == 207
    results = response.json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2, 3]
    assert [r["excerpt"] is not None for r in results] == [True, False, False, True]
    assert results[1]["refused"].startswith("Not a quote")
    assert results[2]["refused"].startswith("Not a quote")
    assert response.json()["created"] == 2 and response.json()["refused"] == 2


def test_the_same_annotation_twice_makes_one_draft(api, editor, article, briefing):
    annotation = _hypothesis("The minister resigned")
    first = _import(api(editor), annotation, briefing)
    assert first.status_code == 201
    again = _import(api(editor), [annotation, annotation], briefing)
    assert again.status_code == 200, again.content
    made = first.json()["results"][0]["excerpt"]
    assert [r["excerpt"] for r in again.json()["results"]] == [made, made]
    assert all(r["imported_before"] for r in again.json()["results"])
    assert again.json()["created"] == 0
    assert Excerpt.objects.count() == 1


def test_an_annotation_without_an_id_is_imported_each_time(api, editor, article, briefing):
    # Nothing names it, so nothing says it is the same one: each import is a new draft.
    annotation = _h_jsonld("The minister resigned")
    del annotation["id"]
    for _ in range(2):
        assert _import(api(editor), annotation, briefing).status_code == 201
    assert Excerpt.objects.count() == 2


def test_a_target_whose_source_is_an_object_is_read(api, editor, article, briefing):
    annotation = _h_jsonld("The minister resigned")
    annotation["target"] = {
        "source": {"id": URL, "type": "Text", "format": "text/html"},
        "selector": {"type": "TextQuoteSelector", "exact": "The minister resigned"},
    }
    response = _import(api(editor), annotation, briefing)
    assert response.status_code == 201, response.content


def test_each_target_of_an_annotation_is_a_draft_or_a_refusal_of_its_own(
    api, editor, article, briefing
):
    annotation = _h_jsonld("The minister resigned")
    annotation["target"] = [
        {"source": URL, "selector": {"type": "TextQuoteSelector", "exact": "Opening words."}},
        {"source": URL, "selector": {"type": "TextQuoteSelector", "exact": "absent words"}},
        {"source": URL, "selector": {"type": "TextQuoteSelector", "exact": "Closing words."}},
    ]
    response = _import(api(editor), annotation, briefing)
    assert response.status_code == 207
    results = response.json()["results"]
    assert [(r["index"], r["target"]) for r in results] == [(0, 0), (0, 1), (0, 2)]
    assert results[1]["refused"] and results[1]["excerpt"] is None
    quotes = sorted(e.current_revision.quote for e in Excerpt.objects.all())
    assert quotes == ["Closing words.", "Opening words."]
    # Sent again, the two made are not made twice and the refused one is refused again.
    again = _import(api(editor), annotation, briefing).json()
    assert [r["imported_before"] for r in again["results"]] == [True, False, True]
    assert Excerpt.objects.count() == 2


def test_readers_export_imports_back_to_the_same_source(
    api, editor, reviewer, briefing, django_capture_on_commit_callbacks
):
    from tests.factories import make_excerpt, publish

    source = make_source(text=TEXT)  # no address of its own: exported at the item's page
    publish(
        make_excerpt(
            editor=editor, source=source, briefing=briefing, quote="The minister resigned"
        ),
        editor=editor,
        reviewer=reviewer,
    )
    exported = api().get("/api/excerpts/export.jsonld").json()
    (annotation,) = exported["first"]["items"]
    assert "/briefings/" in annotation["target"]["source"]
    annotation["id"] += "#copy"
    response = _import(api(editor), annotation, briefing)
    assert response.status_code == 201, response.content
    made = Excerpt.objects.get(pk=response.json()["results"][0]["excerpt"])
    assert made.source == source


def test_a_highlight_is_a_draft_that_waits_for_its_annotation(api, editor, article, briefing):
    """Hypothesis highlights carry a quote and nothing said of it: imported as a draft, which
    cannot be submitted until an editor writes its annotation."""
    from desk.editing import ExcerptContent, edit_excerpt
    from tests.api.deciding import decide

    client = api(editor)
    response = _import(client, _highlight(), briefing)
    assert response.status_code == 201, response.content
    (result,) = response.json()["results"]
    assert "waits for an annotation" in result["waiting"]
    excerpt = Excerpt.objects.get(pk=result["excerpt"])
    assert excerpt.status == Status.DRAFT and excerpt.current_revision.annotation == ""

    refused = decide(client, excerpt.pk, "submit")
    assert refused.status_code in (400, 409), refused.content
    assert "no annotation yet" in refused.json()["detail"]
    excerpt.refresh_from_db()
    assert excerpt.status == Status.DRAFT

    revision = excerpt.current_revision
    content = ExcerptContent(
        source_version=revision.source_version,
        start=revision.start,
        end=revision.end,
        annotation="Said on the record, twice.",
        briefing=revision.briefing,
        kind=revision.kind,
    )
    edit_excerpt(excerpt=excerpt, base_revision_id=revision.pk, content=content, user=editor)
    assert decide(client, excerpt.pk, "submit").status_code == 200
    excerpt.refresh_from_db()
    assert excerpt.status == Status.SUBMITTED


def test_an_annotation_with_words_reports_nothing_waiting(api, editor, article, briefing):
    response = _import(api(editor), _hypothesis("The minister resigned"), briefing)
    assert response.json()["results"][0]["waiting"] is None
