"""The desk home offers each person the boxes of their role, and each item once."""

from __future__ import annotations

from desk.inbox import attention_total, sections_for
from desk.models import Assignment
from desk.publishing.states import Action
from desk.publishing.workflow import perform
from tests.factories import make_excerpt, make_source


def test_editors_get_no_assigned_box_since_only_reviewers_are_assigned(editor):
    keys = [section.key for section in sections_for(editor)]
    assert "assigned" not in keys and "review" not in keys
    assert "sent_back" in keys


def test_a_reviewers_assigned_item_is_shown_once_and_counted_once(as_user, editor, reviewer):
    source = make_source()
    assigned = perform(make_excerpt(editor=editor, source=source), Action.SUBMIT, editor)
    other = perform(
        make_excerpt(editor=editor, source=source, quote="Ministers said"), Action.SUBMIT, editor
    )
    Assignment.objects.create(excerpt=assigned, assignee=reviewer, assigned_by=reviewer)
    sections = {section.key: section for section in sections_for(reviewer)}
    assert [e.pk for e in sections["assigned"].entries] == [assigned.pk]
    assert [e.pk for e in sections["review"].entries] == [other.pk]
    assert (sections["assigned"].count, sections["review"].count) == (1, 1)
    assert attention_total(reviewer) == 2
    page = as_user(reviewer).get("/desk/").content.decode()
    attention = page.split('id="overview-heading"')[0]  # "at a glance" below lists every state
    assert attention.count(f'href="/desk/excerpts/{assigned.pk}/"') == 1


def test_a_reviewers_desk_does_not_ask_them_to_select_a_passage(as_user, reviewer, editor):
    assert "select a passage" not in as_user(reviewer).get("/desk/").content.decode()
    assert "select a passage" in as_user(editor).get("/desk/").content.decode()
