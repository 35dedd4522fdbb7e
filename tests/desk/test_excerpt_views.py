"""Desk pages for excerpts: each role, each method, and the state afterwards."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.models import Excerpt
from desk.publishing.states import Status


def selection_url(source, start, end, version=1):
    url = reverse("desk:excerpt_from_selection", args=[source.pk])
    return f"{url}?version={version}&start={start}&end={end}"


def test_the_form_shows_the_selected_quote_from_the_source(as_user, editor, source):
    response = as_user(editor).get(selection_url(source, 0, 20))
    assert response.status_code == 200
    assert source.text[0:20] in response.content.decode()


def test_saving_makes_a_draft_with_the_selected_quote(as_user, editor, source, briefing):
    response = as_user(editor).post(
        reverse("desk:excerpt_from_selection", args=[source.pk]),
        {
            "version": 1,
            "start": 4,
            "end": 15,
            "annotation": "Matters.",
            "kind": "claim",
            "briefing": briefing.pk,
        },
    )
    excerpt = Excerpt.objects.get()
    assert response.status_code == 302
    assert response["Location"] == excerpt.get_absolute_url()
    assert excerpt.status == Status.DRAFT
    assert excerpt.current_revision.quote == source.text[4:15]
    assert excerpt.created_by == editor


def test_a_posted_quote_is_ignored_the_offsets_decide(as_user, editor, source, briefing):
    as_user(editor).post(
        reverse("desk:excerpt_from_selection", args=[source.pk]),
        {
            "version": 1, "start": 0, "end": 11, "quote": "Forged words",
            "annotation": "x", "kind": "claim", "briefing": briefing.pk,
        },
    )  # fmt: skip
    # Offsets on whole words (a selection inside a word is widened to the whole word).
    assert Excerpt.objects.get().current_revision.quote == source.text[0:11] == "The Council"


@pytest.mark.parametrize(("start", "end"), [("5", "5"), ("9", "2"), ("0", "99999"), ("a", "b")])
def test_a_bad_selection_is_refused_with_a_message_and_saves_nothing(
    as_user, editor, source, briefing, start, end
):
    response = as_user(editor).post(
        reverse("desk:excerpt_from_selection", args=[source.pk]),
        {
            "version": 1,
            "start": start,
            "end": end,
            "annotation": "x",
            "kind": "claim",
            "briefing": briefing.pk,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Select" in response.content.decode()
    assert Excerpt.objects.count() == 0


def test_an_empty_annotation_keeps_the_form_with_an_error(as_user, editor, source, briefing):
    response = as_user(editor).post(
        reverse("desk:excerpt_from_selection", args=[source.pk]),
        {
            "version": 1,
            "start": 0,
            "end": 10,
            "annotation": "   ",
            "kind": "claim",
            "briefing": briefing.pk,
        },
    )
    assert response.status_code == 200
    assert (
        "cannot be only spaces" in response.content.decode()
        or "required" in response.content.decode()
    )
    assert Excerpt.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "expected"), [("reviewer", 403), ("outsider", 403), (None, 302)]
)
def test_only_editors_make_excerpts(as_user, request, source, briefing, persona, expected):
    user = request.getfixturevalue(persona) if persona else None
    response = as_user(user).post(
        reverse("desk:excerpt_from_selection", args=[source.pk]),
        {
            "version": 1,
            "start": 0,
            "end": 10,
            "annotation": "x",
            "kind": "claim",
            "briefing": briefing.pk,
        },
    )
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))
    assert Excerpt.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "expected"), [("editor2", 200), ("reviewer", 200), ("outsider", 403), (None, 302)]
)
def test_excerpt_page_is_for_desk_staff(as_user, request, draft, persona, expected):
    user = request.getfixturevalue(persona) if persona else None
    response = as_user(user).get(draft.get_absolute_url())
    assert response.status_code == expected


def test_transitions_through_the_page(as_user, draft, editor, reviewer):
    url = lambda action: reverse("desk:excerpt_transition", args=[draft.pk, action])  # noqa: E731
    as_user(editor).post(
        url("submit"), {"seen_status": "draft", "seen_revision": draft.current_revision_id}
    )
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    response = as_user(reviewer).post(
        url("approve_publish"),
        {"seen_status": "submitted", "seen_revision": draft.current_revision_id},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert "Published" in response.content.decode()


def test_the_author_is_refused_with_a_message(as_user, submitted, editor):
    response = as_user(editor).post(
        reverse("desk:excerpt_transition", args=[submitted.pk, "approve"]),
        {"seen_status": "submitted", "seen_revision": submitted.current_revision_id},
        follow=True,
    )
    assert "Only reviewers" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_transitions_only_take_post(as_user, submitted, reviewer):
    response = as_user(reviewer).get(
        reverse("desk:excerpt_transition", args=[submitted.pk, "approve"])
    )
    assert response.status_code == 405
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_an_unknown_action_is_refused(as_user, submitted, reviewer):
    response = as_user(reviewer).post(
        reverse("desk:excerpt_transition", args=[submitted.pk, "explode"]),
        {"seen_status": "submitted", "seen_revision": submitted.current_revision_id},
        follow=True,
    )
    assert "no such action" in response.content.decode()


def test_request_changes_without_comment_is_refused_on_the_page(as_user, submitted, reviewer):
    response = as_user(reviewer).post(
        reverse("desk:excerpt_transition", args=[submitted.pk, "request_changes"]),
        {"seen_status": "submitted", "seen_revision": submitted.current_revision_id, "comment": ""},
        follow=True,
    )
    assert "needs a comment" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_outsiders_cannot_act_or_comment(as_user, submitted, outsider):
    client = as_user(outsider)
    assert (
        client.post(reverse("desk:excerpt_transition", args=[submitted.pk, "approve"])).status_code
        == 403
    )
    assert (
        client.post(
            reverse("desk:excerpt_comment", args=[submitted.pk]), {"body": "hi"}
        ).status_code
        == 403
    )
    assert submitted.comments.count() == 0


def test_a_comment_is_recorded_in_the_trail(as_user, submitted, reviewer):
    as_user(reviewer).post(
        reverse("desk:excerpt_comment", args=[submitted.pk]), {"body": "Source?"}
    )
    assert submitted.comments.get().body == "Source?"
    assert submitted.audit.filter(kind="commented", actor=reviewer).exists()


@pytest.mark.parametrize(
    ("persona", "expected"), [("editor", 200), ("reviewer", 200), ("outsider", 403), (None, 302)]
)
def test_desk_home_and_queue_are_for_staff(as_user, request, persona, expected):
    user = request.getfixturevalue(persona) if persona else None
    client = as_user(user)
    assert client.get(reverse("desk:home")).status_code == expected
    assert client.get(reverse("desk:review_queue")).status_code == expected


def test_reviewers_home_does_not_ask_them_to_review_their_own(
    as_user, chief, source, briefing, submitted
):
    from desk.publishing.states import Action
    from desk.publishing.workflow import perform
    from tests.factories import make_excerpt

    own = perform(
        make_excerpt(editor=chief, source=source, briefing=briefing, quote="Ministers said"),
        Action.SUBMIT,
        chief,
    )
    response = as_user(chief).get(reverse("desk:home"))
    waiting = dict((title, items) for title, items, _ in response.context["sections"])[
        "Waiting for my review"
    ]
    assert submitted in waiting
    assert own not in waiting


def test_topics_that_slug_alike_are_two_topics_not_a_crash(as_user, editor, source, briefing):
    from desk.models import Topic

    for name in ["Border!", "Border?", "Ружа"]:
        response = as_user(editor).post(
            reverse("desk:excerpt_from_selection", args=[source.pk]),
            {"version": 1, "start": 0, "end": 10, "annotation": "x", "kind": "claim",
             "briefing": briefing.pk, "topics": name},
        )  # fmt: skip
        assert response.status_code == 302
    assert sorted(Topic.objects.values_list("slug", flat=True)) == ["border", "border-2", "ружа"]


def test_the_form_says_where_the_quote_is_by_paragraph_as_the_reader_numbers_them(
    as_user, editor, source
):
    text = source.current_version.text
    critics = text.index("Critics")
    one = as_user(editor).get(selection_url(source, critics, critics + len("Critics called")))
    page = one.content.decode()
    assert "(version 1, paragraph 3)" in page
    assert "characters" not in page
    two = as_user(editor).get(selection_url(source, text.index("Ministers"), critics + 7))
    assert "(version 1, paragraphs 2–3)" in two.content.decode()
