"""Making and editing excerpts through the API: the same anchoring and revisions as the desk."""

from __future__ import annotations

import pytest

from desk.api.conditional import excerpt_etag
from desk.models import Excerpt, Topic
from tests.api.deciding import decide
from tests.api.problem_details import refused
from tests.factories import ActorFactory, EventFactory, make_source

REPEATED = "The border stays shut. Officials met. The border stays shut, they said again."


def _new(client, **fields):
    return client.post("/api/excerpts/", fields, format="json")


def test_made_from_offsets_with_links(api, editor, source, briefing):
    actor, event = ActorFactory(), EventFactory()
    response = _new(
        api(editor),
        source=source.pk,
        start=0,
        end=11,
        annotation="What they *said*.",
        kind="reported_fact",
        briefing=briefing.slug,
        topics=["Borders", " borders ", "Trade  talks"],
        actors=[actor.pk],
        events=[event.pk],
    )
    assert response.status_code == 201, response.content
    body = response.json()
    excerpt = Excerpt.objects.get(pk=body["id"])
    revision = excerpt.current_revision
    assert (revision.start, revision.end, revision.quote) == (0, 11, "The Council")
    assert (
        body["status"] == "draft" and body["annotation_html"] == "<p>What they <em>said</em>.</p>"
    )
    assert body["topics"] == ["Borders", "Trade talks"]
    assert body["actors"] == [actor.pk] and body["events"] == [event.pk]
    assert response["Location"] == f"/api/excerpts/{excerpt.pk}/"
    assert response["ETag"] == excerpt_etag(excerpt, editor)
    assert [a["name"] for a in body["allowed_actions"]] == ["submit"]


def test_a_pasted_quote_is_found_forgivingly_and_cut_from_the_source(api, editor, source, briefing):
    response = _new(
        api(editor),
        source=source.pk,
        quote='would reopen  "within weeks"',
        annotation="Note.",
        briefing=briefing.slug,
    )
    assert response.status_code == 201, response.content
    assert response.json()["quote"] == "would reopen “within weeks”"


def test_an_ambiguous_quote_lists_its_occurrences_then_takes_the_one_chosen(api, editor, briefing):
    source = make_source(text=REPEATED)
    client = api(editor)
    fields = {
        "source": source.pk,
        "quote": "The border stays shut",
        "annotation": "N.",
        "briefing": briefing.slug,
    }
    response = _new(client, **fields)
    assert response.status_code == 400
    occurrences = response.json()["occurrences"]
    assert [(o["index"], o["start"]) for o in occurrences] == [(0, 0), (1, 38)]
    assert occurrences[1]["before"].endswith("Officials met. ")
    assert not Excerpt.objects.exists()
    chosen = _new(client, **fields, occurrence=1)
    assert chosen.status_code == 201
    assert chosen.json()["start"] == 38
    assert _new(client, **fields, occurrence=2).status_code == 400


def test_a_quote_not_in_the_text_gets_the_closest_passage(api, editor, source, briefing):
    response = _new(
        api(editor),
        source=source.pk,
        quote="Ministers said the crossing will reopen soon",
        annotation="N.",
        briefing=briefing.slug,
    )
    assert response.status_code == 400
    body = response.json()
    assert "not in the source's text" in body["detail"] and "#/quote" in refused(response)
    assert "Ministers said the crossing would reopen" in body["closest"]["passage"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"start": 5}, "#/end"),
        ({"start": 9, "end": 3}, "#/end"),
        ({"start": 0, "end": 4, "quote": "The"}, "#"),
        ({}, "#"),
        ({"start": 0, "end": 4, "version": 9}, "#/version"),
        ({"start": 0, "end": 4, "annotation": "   "}, "#/annotation"),
        ({"start": 0, "end": 4, "kind": "gossip"}, "#/kind"),
        ({"start": 0, "end": 4, "actors": [999999]}, "#/actors"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(api, editor, source, briefing, fields, field):
    data = {"source": source.pk, "annotation": "N.", "briefing": briefing.slug, **fields}
    response = _new(api(editor), **data)
    assert response.status_code == 400
    assert field in refused(response)
    assert not Excerpt.objects.exists()


def test_offsets_past_the_text_are_refused_by_the_desks_own_check(api, editor, source, briefing):
    response = _new(
        api(editor), source=source.pk, start=0, end=100000, annotation="N.", briefing=briefing.slug
    )
    assert response.status_code == 400
    assert "outside the text" in response.json()["detail"]


def test_a_refused_excerpt_leaves_no_new_topic(api, editor, source, briefing):
    response = _new(
        api(editor),
        source=source.pk,
        start=0,
        end=100000,
        annotation="N.",
        briefing=briefing.slug,
        topics=["Orphan"],
    )
    assert response.status_code == 400
    assert not Topic.objects.filter(name="Orphan").exists()


def _patch(client, excerpt, etag, **fields):
    headers = {} if etag is None else {"HTTP_IF_MATCH": etag}
    return client.patch(f"/api/excerpts/{excerpt.pk}/", fields, format="json", **headers)


def test_an_edit_needs_if_match(api, editor, draft):
    response = _patch(api(editor), draft, None, annotation="Changed.")
    assert response.status_code == 428
    draft.refresh_from_db()
    assert draft.current_revision.annotation == "A comment."


def test_an_edit_makes_a_revision_and_keeps_what_it_did_not_name(api, editor2, draft):
    client = api(editor2)
    read = client.get(f"/api/excerpts/{draft.pk}/")
    response = _patch(client, draft, read["ETag"], annotation="Changed.")
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    revision = draft.current_revision
    assert (revision.number, revision.annotation, revision.created_by) == (2, "Changed.", editor2)
    assert (revision.quote, revision.kind) == (
        "The Council met on Monday to discuss the border.",
        "claim",
    )
    assert response["ETag"] != read["ETag"] and response.json()["revision_number"] == 2


def test_an_edit_can_move_the_quote_by_pasting_it(api, editor, draft):
    client = api(editor)
    etag = client.get(f"/api/excerpts/{draft.pk}/")["ETag"]
    response = _patch(client, draft, etag, quote="politically motivated")
    assert response.status_code == 200, response.content
    assert response.json()["quote"] == "politically motivated"


def test_a_stale_if_match_is_412_with_the_current_etag(api, editor, editor2, draft):
    mine, theirs = api(editor), api(editor2)
    seen = mine.get(f"/api/excerpts/{draft.pk}/")["ETag"]
    assert (
        _patch(
            theirs, draft, theirs.get(f"/api/excerpts/{draft.pk}/")["ETag"], annotation="Theirs."
        ).status_code
        == 200
    )
    response = _patch(mine, draft, seen, annotation="Mine.")
    assert response.status_code == 412
    draft.refresh_from_db()
    assert response["ETag"] == excerpt_etag(draft, editor)
    assert draft.current_revision.annotation == "Theirs."


def test_a_weak_tag_never_passes_if_match(api, editor, draft):
    client = api(editor)
    etag = client.get(f"/api/excerpts/{draft.pk}/")["ETag"]
    assert _patch(client, draft, f"W/{etag}", annotation="X.").status_code == 412


def test_a_race_lost_inside_the_save_is_412(api, editor, draft, monkeypatch):
    """Another save lands between the If-Match check and desk.editing's own: StaleEdit."""
    from desk import editing

    client = api(editor)
    etag = client.get(f"/api/excerpts/{draft.pk}/")["ETag"]
    real = editing.edit_excerpt

    def racing(**kwargs):
        revision = draft.current_revision
        real(
            excerpt=draft,
            base_revision_id=revision.pk,
            content=editing.ExcerptContent(
                source_version=revision.source_version,
                start=revision.start,
                end=revision.end,
                annotation="First.",
                briefing=revision.briefing,
                kind=revision.kind,
            ),
            user=editor,
        )
        return real(**kwargs)

    monkeypatch.setattr("desk.api.excerpts.edit_excerpt", racing)
    response = _patch(client, draft, etag, annotation="Second.")
    assert response.status_code == 412
    assert "saved a newer version" in response.json()["detail"]
    # (The racing save shares this test's transaction, so it is rolled back with the refusal.)
    draft.refresh_from_db()
    assert draft.current_revision.annotation != "Second."


def test_a_submitted_excerpt_cannot_be_edited(api, editor, submitted):
    client = api(editor)
    etag = client.get(f"/api/excerpts/{submitted.pk}/")["ETag"]
    response = _patch(client, submitted, etag, annotation="Sneaky.")
    assert response.status_code == 409
    assert "cannot be edited" in response.json()["detail"]


def test_put_needs_the_whole_content(api, editor, draft):
    client = api(editor)
    etag = client.get(f"/api/excerpts/{draft.pk}/")["ETag"]
    response = client.put(
        f"/api/excerpts/{draft.pk}/",
        {"annotation": "Only this."},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 400
    assert "#/briefing" in refused(response)


def test_an_excerpt_stays_with_its_source(api, editor, draft):
    other = make_source(text="Something else entirely, said elsewhere.")
    client = api(editor)
    etag = client.get(f"/api/excerpts/{draft.pk}/")["ETag"]
    response = _patch(client, draft, etag, source=other.pk, start=0, end=9)
    assert response.status_code == 400
    assert "stays with its source" in response.json()["detail"]


def test_a_read_is_304_when_the_client_has_it(api, editor, draft, django_assert_num_queries):
    client = api(editor)
    first = client.get(f"/api/excerpts/{draft.pk}/")
    assert first.status_code == 200
    # Session, user, groups, and the excerpt's own row: nothing of its links.
    with django_assert_num_queries(4):
        again = client.get(f"/api/excerpts/{draft.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]


def test_the_etag_changes_with_the_state_and_the_person(api, editor, editor2, reviewer, draft):
    before = api(editor).get(f"/api/excerpts/{draft.pk}/")["ETag"]
    assert api(editor2).get(f"/api/excerpts/{draft.pk}/")["ETag"] != before
    assert decide(api(editor), draft.pk, "submit").status_code == 200
    after = api(editor).get(f"/api/excerpts/{draft.pk}/", HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after["ETag"] != before
    assert after.json()["status"] == "submitted"


def test_topic_names_with_the_same_slug_are_two_topics(api, editor, source, briefing):
    response = _new(
        api(editor),
        source=source.pk,
        start=0,
        end=11,
        annotation="N.",
        briefing=briefing.slug,
        topics=["Border!", "Border?"],
    )
    assert response.status_code == 201
    assert sorted(response.json()["topics"]) == ["Border!", "Border?"]
    assert sorted(Topic.objects.values_list("slug", flat=True)) == ["border", "border-2"]
