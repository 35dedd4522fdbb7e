"""Bad input to the desk's forms and public filters: always a 4xx or the form again, never a 500,
and nothing changed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.models import AuditEntry, Comment, Excerpt

hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "\x00", "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
                     "' OR 1=1 --", "<script>alert(1)</script>", "%00", "../../etc/passwd", "9" * 40, "-1",
                     "2025-02-30", "１２３", "\u202e", "a" * 70_000]),
)  # fmt: skip
CHECKS = dict(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def snapshot():
    return (Excerpt.objects.count(), Comment.objects.count(), AuditEntry.objects.count())


@pytest.mark.slow
@settings(**CHECKS)
@given(
    start=hostile_text,
    end=hostile_text,
    version=hostile_text,
    annotation=hostile_text,
    kind=hostile_text,
    briefing=hostile_text,
)
def test_excerpt_form_survives_anything(
    editor, source, start, end, version, annotation, kind, briefing
):
    client = Client()
    client.force_login(editor)
    before = snapshot()
    response = client.post(
        reverse("desk:excerpt_from_selection", args=[source.pk]),
        {
            "start": start,
            "end": end,
            "version": version,
            "annotation": annotation,
            "kind": kind,
            "briefing": briefing,
        },
    )
    assert response.status_code in (200, 302, 404)
    assert snapshot() == before


@pytest.mark.slow
@settings(**CHECKS)
@given(action=st.sampled_from(["approve", "reject", "submit", "publish", "schedule", "withdraw", "x"]),
       comment=hostile_text, publish_at=hostile_text, seen_status=hostile_text, seen_revision=hostile_text)  # fmt: skip
def test_decisions_survive_anything(
    submitted, reviewer, action, comment, publish_at, seen_status, seen_revision
):
    client = Client()
    client.force_login(reviewer)
    response = client.post(
        reverse("desk:excerpt_transition", args=[submitted.pk, action]),
        {
            "comment": comment,
            "publish_at": publish_at,
            "seen_status": seen_status,
            "seen_revision": seen_revision,
        },
    )
    assert response.status_code in (302, 400)


@pytest.mark.slow
@settings(**CHECKS)
@given(params=st.dictionaries(
    st.sampled_from(["q", "topic", "actor", "source", "event", "kind", "published_after", "published_before", "group", "page"]),
    hostile_text, max_size=5))  # fmt: skip
def test_public_filters_survive_anything(published, briefing, params):
    response = Client().get(briefing.get_absolute_url(), params)
    assert response.status_code == 200


@pytest.mark.slow
@settings(**CHECKS)
@given(params=st.dictionaries(
    st.sampled_from(["q", "topic", "actor", "source", "status", "kind", "editor", "updated_after", "ordering", "page"]),
    hostile_text, max_size=5))  # fmt: skip
def test_review_queue_filters_survive_anything(reviewer, submitted, params):
    client = Client()
    client.force_login(reviewer)
    assert client.get(reverse("desk:review_queue"), params).status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/desk/excerpts/999999/", "/desk/excerpts/999999/edit/", "/desk/excerpts/999999/history/"],
)
def test_unknown_ids_are_404(as_user, editor, url):
    assert as_user(editor).get(url).status_code == 404


def test_unknown_briefing_and_item_are_404(client, published, briefing):
    assert client.get("/briefings/nope/").status_code == 404
    assert client.get(f"/briefings/{briefing.slug}/items/999999/").status_code == 404


def test_a_comment_over_the_limit_is_refused(as_user, submitted, reviewer):
    response = as_user(reviewer).post(
        reverse("desk:excerpt_comment", args=[submitted.pk]), {"body": "x" * 5001}, follow=True
    )
    assert "up to 5,000" in response.content.decode()
    assert submitted.comments.count() == 0


def test_an_annotation_over_the_limit_is_refused(as_user, editor, source, briefing):
    response = as_user(editor).post(
        reverse("desk:excerpt_from_selection", args=[source.pk]),
        {
            "version": 1,
            "start": 0,
            "end": 10,
            "annotation": "x" * 20_001,
            "kind": "claim",
            "briefing": briefing.pk,
        },
    )
    assert response.status_code == 200
    assert (
        "at most 20000 characters" in response.content.decode()
        or "20,000" in response.content.decode()
    )
    assert Excerpt.objects.count() == 0


def test_a_date_that_is_not_a_date_when_scheduling(as_user, submitted, reviewer):
    from desk.publishing.states import Action
    from desk.publishing.workflow import perform

    approved = perform(submitted, Action.APPROVE, reviewer)
    response = as_user(reviewer).post(
        reverse("desk:excerpt_transition", args=[approved.pk, "schedule"]),
        {
            "seen_status": "approved",
            "seen_revision": approved.current_revision_id,
            "publish_at": "next Tuesday",
        },
        follow=True,
    )
    assert "Enter a valid date/time" in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == "approved"
