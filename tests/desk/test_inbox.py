"""Needs attention: the desk home tells each person what to do next, and the navigation counts it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from desk.desk_state import desk_changed
from desk.excerpts import add_comment
from desk.inbox import attention_total, sections_for
from desk.models import AnchorStatus, Assignment, Excerpt
from desk.publishing.states import Action
from desk.publishing.workflow import perform
from tests.factories import excerpt_in, make_excerpt, make_source


def _section(user, key):
    return next(s for s in sections_for(user) if s.key == key)


def test_sent_back_shows_the_reviewers_comment_and_what_to_do(as_user, editor, reviewer, submitted):
    perform(submitted, Action.REQUEST_CHANGES, reviewer, comment="Cite the minister by name.")
    page = as_user(editor).get(reverse("desk:home")).content.decode()
    assert "Sent back to me" in page
    assert "Revise it and submit again" in page
    assert "Cite the minister by name." in page
    assert _section(editor, "sent_back").count == 1


def test_the_editors_own_later_comment_does_not_hide_the_reviewers(editor, reviewer, submitted):
    sent_back = perform(submitted, Action.REQUEST_CHANGES, reviewer, comment="Shorter, please.")
    add_comment(sent_back, editor, "On it.")
    entry = _section(editor, "sent_back").entries[0]
    assert entry.reviewer_comment == "Shorter, please."
    assert entry.reviewer_name == reviewer.username


def test_waiting_for_my_review_leaves_out_my_own(chief, reviewer, submitted, source, briefing):
    own = perform(
        make_excerpt(editor=chief, source=source, briefing=briefing), Action.SUBMIT, chief
    )
    entries = _section(chief, "review").entries
    assert submitted in entries and own not in entries


def test_assigned_to_me_shows_the_due_date(as_user, reviewer, editor, submitted):
    client = as_user(editor)
    due = timezone.now().date() + dt.timedelta(days=3)
    client.post(
        reverse("desk:excerpt_assign", args=[submitted.pk]),
        {"assignee": reviewer.pk, "due_on": due.isoformat()},
    )
    assignment = Assignment.objects.get(excerpt=submitted)
    assert (assignment.assignee, assignment.assigned_by, assignment.due_on) == (
        reviewer,
        editor,
        due,
    )
    page = as_user(reviewer).get(reverse("desk:home")).content.decode()
    assert f"due {due.day} {due:%b %Y}" in page
    assert _section(reviewer, "assigned").count == 1


def test_a_reviewer_claims_an_excerpt(as_user, reviewer, submitted):
    as_user(reviewer).post(reverse("desk:excerpt_assign", args=[submitted.pk]), {"claim": "1"})
    assert Assignment.objects.get(excerpt=submitted).assignee == reviewer


def test_an_editor_cannot_claim_and_an_editor_cannot_be_assigned(as_user, editor, submitted):
    client = as_user(editor)
    client.post(reverse("desk:excerpt_assign", args=[submitted.pk]), {"claim": "1"})
    client.post(reverse("desk:excerpt_assign", args=[submitted.pk]), {"assignee": editor.pk})
    assert not Assignment.objects.filter(excerpt=submitted).exists()


def test_flagged_by_reanchoring_is_listed_for_its_editors_and_the_reviewers(
    editor, editor2, reviewer, draft
):
    Excerpt.objects.filter(pk=draft.pk).update(anchor_status=AnchorStatus.MISSING)
    section = _section(editor, "flagged")
    assert [e.pk for e in section.entries] == [draft.pk]
    assert section.todo == "Check the quote"
    assert [e.pk for e in _section(reviewer, "flagged").entries] == [draft.pk]
    assert _section(editor2, "flagged").entries == []  # not theirs


def test_my_scheduled_items_with_their_times(as_user, editor, reviewer, source, briefing):
    when = timezone.now() + dt.timedelta(hours=3)
    excerpt = excerpt_in(
        "scheduled", editor=editor, reviewer=reviewer, source=source, briefing=briefing,
        publish_at=when,
    )  # fmt: skip
    assert _section(editor, "scheduled").entries == [excerpt]
    assert _section(reviewer, "scheduled").entries == [excerpt]  # they approved it
    page = as_user(editor).get(reverse("desk:home")).content.decode()
    assert "Publishes " in page


def test_the_navigation_counts_what_waits(as_user, editor, reviewer, submitted):
    assert attention_total(reviewer) == 1
    assert attention_total(editor) == 0
    page = as_user(reviewer).get(reverse("desk:home")).content.decode()
    assert '<span class="nav-count"' in page
    perform(submitted, Action.REQUEST_CHANGES, reviewer, comment="Again.")
    assert attention_total(editor) == 1
    assert attention_total(reviewer) == 0


def _navigation_count(page: str) -> int:
    found = re.search(r'<span class="nav-count"[^>]*>(\d+)<', page)
    return int(found.group(1)) if found else 0


def test_the_desk_home_shows_the_navigation_count_every_other_page_shows(
    as_user, editor, reviewer, source, briefing
):
    # Something in every section the navigation counts, and in the two it does not.
    waiting = perform(make_excerpt(editor=editor, source=source), Action.SUBMIT, editor)
    assigned = perform(make_excerpt(editor=editor, source=source), Action.SUBMIT, editor)
    as_user(editor).post(
        reverse("desk:excerpt_assign", args=[assigned.pk]), {"assignee": reviewer.pk}
    )
    add_comment(waiting, editor, "@rita please look")
    Excerpt.objects.filter(pk=waiting.pk).update(anchor_status=AnchorStatus.MISSING)
    excerpt_in(
        "scheduled", editor=editor, reviewer=reviewer, source=make_source("Another text."),
        briefing=briefing,
        publish_at=timezone.now() + dt.timedelta(hours=3),
    )  # fmt: skip
    client = as_user(reviewer)
    home = _navigation_count(client.get(reverse("desk:home")).content.decode())
    elsewhere = _navigation_count(client.get(reverse("desk:review_queue")).content.decode())
    # Waiting for review, assigned (counted once, not again as waiting) and one mention.
    assert home == elsewhere == attention_total(reviewer) == 3


@pytest.mark.parametrize("many", [1, 12])
def test_the_desk_home_costs_the_same_whatever_it_lists(
    as_user, editor, reviewer, many, django_assert_num_queries
):
    source = make_source()
    for n in range(many):
        excerpt = perform(
            make_excerpt(editor=editor, source=source, annotation=f"Note {n}"),
            Action.SUBMIT,
            editor,
        )
        perform(excerpt, Action.REQUEST_CHANGES, reviewer, comment=f"Fix {n} @edna")
    client = as_user(editor)
    client.get(reverse("desk:home"))
    desk_changed()  # as after any change on the desk: everything is listed and counted afresh
    # The inbox's sections (an editor's five: no "Assigned to me", which only reviewers can be)
    # and the desk's five each list with one query, both are counted in one more each, and the
    # next scheduled publication is asked (how long the counts and the page are kept): no
    # query per excerpt (source, author, revision, comment), and none more once a section holds
    # more than it shows (12 sent back, 10 listed).
    with django_assert_num_queries(QUERIES):
        client.get(reverse("desk:home"))
    # Then kept (desk.desk_state) until something changes: the session, user and roles only.
    with django_assert_num_queries(KEPT_QUERIES):
        client.get(reverse("desk:home"))


QUERIES = 16
KEPT_QUERIES = 3
