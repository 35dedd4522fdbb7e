"""Workflow transitions through the API: desk.publishing.workflow's answers, in HTTP."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from desk.models import AuditEntry, Comment
from desk.publishing.states import Status
from tests.api.deciding import decide
from tests.api.problem_details import refused
from tests.factories import make_excerpt


def _act(client, excerpt, action, **data):
    if "if_match" in data:
        tag = data.pop("if_match")
        return decide(client, excerpt.pk, action, data, if_match=tag)
    return decide(client, excerpt.pk, action, data)


def test_submit_answers_with_the_excerpt_and_records_it(api, editor, draft):
    response = _act(api(editor), draft, "submit")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted" and response.json()["allowed_actions"] == []
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert AuditEntry.objects.filter(excerpt=draft, action="submit", actor=editor).exists()


def test_nobody_approves_their_own_excerpt(api, chief, source, briefing):
    mine = make_excerpt(editor=chief, source=source, briefing=briefing)
    client = api(chief)
    assert _act(client, mine, "submit").status_code == 200
    response = _act(client, mine, "approve")
    assert response.status_code == 403
    assert "Four eyes" in response.json()["detail"]
    mine.refresh_from_db()
    assert mine.status == Status.SUBMITTED


def test_a_role_refusal_is_403_and_says_whose_job_it_is(api, editor, submitted):
    response = _act(api(editor), submitted, "approve")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only reviewers can approve."


def test_an_action_the_state_does_not_allow_is_409(api, reviewer, draft):
    response = _act(api(reviewer), draft, "approve")
    assert response.status_code == 409
    assert "cannot be sent" in response.json()["detail"]


def test_withdrawing_what_readers_cannot_see_is_409(api, reviewer, submitted):
    response = _act(api(reviewer), submitted, "withdraw", comment="Gone.")
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("action", "data", "words"),
    [
        ("request-changes", {}, "needs a comment"),
        ("reject", {"comment": "   "}, "needs a comment"),
        ("schedule", {}, "date and time"),
        ("schedule", {"publish_at": "2001-01-01T00:00:00Z"}, "future"),
    ],
)
def test_missing_input_is_400(api, reviewer, excerpt_in, action, data, words):
    excerpt = excerpt_in("approved")
    response = _act(api(reviewer), excerpt, action, **data)
    assert response.status_code == 400
    assert words in response.json()["detail"]
    excerpt.refresh_from_db()
    assert excerpt.status == Status.APPROVED


def test_a_malformed_publish_time_is_400_before_the_workflow(api, reviewer, excerpt_in):
    response = _act(api(reviewer), excerpt_in("approved"), "schedule", publish_at="soon")
    assert response.status_code == 400 and "#/publish_at" in refused(response)


def test_a_correction_needs_its_note_to_be_published(api, editor, reviewer2, correction):
    editor_client, reviewer_client = api(editor), api(reviewer2)
    assert _act(editor_client, correction, "submit").status_code == 200
    refused = _act(reviewer_client, correction, "approve")
    assert refused.status_code == 400
    assert "correction note" in refused.json()["detail"]
    approved = _act(reviewer_client, correction, "approve", correction_note="Fixed a name.")
    assert approved.status_code == 200
    published = _act(reviewer_client, correction, "publish")
    assert published.status_code == 200
    assert published.json()["published_revision"] == published.json()["revision"]


def test_sending_back_keeps_the_comment(api, reviewer, submitted):
    assert (
        _act(api(reviewer), submitted, "request-changes", comment="Cite the minister.").status_code
        == 200
    )
    assert Comment.objects.get(excerpt=submitted).body == "Cite the minister."


def test_scheduling_then_publishing_early(api, reviewer, excerpt_in):
    excerpt = excerpt_in("approved")
    when = (timezone.now() + dt.timedelta(hours=5)).isoformat()
    scheduled = _act(api(reviewer), excerpt, "schedule", publish_at=when)
    assert scheduled.status_code == 200 and scheduled.json()["status"] == "scheduled"
    assert scheduled.json()["is_live"] is False


def test_acting_on_a_stale_view_is_409_naming_who_acted(api, reviewer, reviewer2, submitted):
    mine, theirs = api(reviewer), api(reviewer2)
    seen = mine.get(f"/api/excerpts/{submitted.pk}/")["ETag"]
    assert _act(theirs, submitted, "reject", comment="No.").status_code == 200
    response = _act(mine, submitted, "approve", if_match=seen)
    assert response.status_code == 409
    assert "Someone acted first" in response.json()["detail"]
    assert "ray" in response.json()["detail"]
    submitted.refresh_from_db()
    assert submitted.status == Status.REJECTED


def test_a_current_if_match_lets_the_action_through(api, reviewer, submitted):
    client = api(reviewer)
    etag = client.get(f"/api/excerpts/{submitted.pk}/")["ETag"]
    assert _act(client, submitted, "approve", if_match=etag).status_code == 200


def test_an_if_match_that_is_no_excerpt_tag_is_412(api, reviewer, submitted):
    response = _act(api(reviewer), submitted, "approve", if_match='"something-else"')
    assert response.status_code == 412


def test_the_race_itself_is_409(api, reviewer, reviewer2, submitted, monkeypatch):
    """Another reviewer's decision lands between the API reading the excerpt and acting on it."""
    from desk.publishing import workflow

    real = workflow.perform

    def racing(excerpt, action, user, **kwargs):
        real(excerpt, "reject", reviewer2, comment="Mine first.")
        return real(excerpt, action, user, **kwargs)

    monkeypatch.setattr("desk.api.transitions.perform", racing)
    response = _act(api(reviewer), submitted, "approve")
    assert response.status_code == 409
    assert "Someone acted first" in response.json()["detail"]


def test_allowed_actions_are_the_workflows(api, reviewer, editor, submitted):
    names = [
        a["name"]
        for a in api(reviewer).get(f"/api/excerpts/{submitted.pk}/").json()["allowed_actions"]
    ]
    assert set(names) == {"request-changes", "reject", "approve"}
    assert api(editor).get(f"/api/excerpts/{submitted.pk}/").json()["allowed_actions"] == []
    action = api(reviewer).get(f"/api/excerpts/{submitted.pk}/").json()["allowed_actions"][0]
    assert action["url"].endswith(f"/api/excerpts/{submitted.pk}/{action['name']}/")


def test_an_unknown_excerpt_is_404(api, reviewer):
    assert api(reviewer).post("/api/excerpts/999999/approve/").status_code == 404


DECISIONS_WITHOUT_A_TAG = [
    ("submitted", "approve", {}),
    ("submitted", "reject", {"comment": "No."}),
    ("submitted", "request-changes", {"comment": "Shorter."}),
    ("approved", "publish", {}),
    ("approved", "schedule", {"publish_at": "2030-01-01T09:00:00Z"}),
]


@pytest.mark.parametrize(("state", "action", "data"), DECISIONS_WITHOUT_A_TAG)
@pytest.mark.parametrize("header", [None, "*"])
def test_a_decision_that_names_no_state_is_428_and_changes_nothing(
    api, reviewer, excerpt_in, state, action, data, header
):
    excerpt = excerpt_in(state)
    before = (excerpt.status, excerpt.current_revision_id, excerpt.published_revision_id)
    response = decide(api(reviewer), excerpt.pk, action, data, if_match=header)
    assert response.status_code == 428
    assert response["Content-Type"] == "application/problem+json"
    document = response.json()
    assert document["status"] == 428 and "If-Match" in document["detail"]
    # The current tag comes with the refusal, so the client can look again and decide on it.
    assert response["ETag"] == api(reviewer).get(f"/api/excerpts/{excerpt.pk}/")["ETag"]
    excerpt.refresh_from_db()
    assert (excerpt.status, excerpt.current_revision_id, excerpt.published_revision_id) == before
    assert not AuditEntry.objects.filter(excerpt=excerpt, action=action.replace("-", "_")).exists()


def test_the_author_submitting_without_a_tag_is_428_too(api, editor, draft):
    response = decide(api(editor), draft.pk, "submit", if_match=None)
    assert response.status_code == 428
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_who_may_not_act_hears_that_before_the_missing_tag(api, editor, reviewer, excerpt_in):
    # A tag would not change these answers, so they are given as without one.
    submitted, draft = excerpt_in("submitted"), excerpt_in("draft")
    assert decide(api(editor), submitted.pk, "approve", if_match=None).status_code == 403
    assert decide(api(reviewer), draft.pk, "approve", if_match=None).status_code == 409


def test_the_schema_says_decisions_require_if_match(api):
    schema = api().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/excerpts/{id}/approve/"]["post"]
    header = next(p for p in operation["parameters"] if p["name"] == "If-Match")
    assert header["in"] == "header" and header["required"] is True
    assert "428" in operation["responses"]
