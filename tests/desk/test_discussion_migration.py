"""Comments and assignments recorded before they named their subject are taken in by a data
migration with nothing lost; the way back is refused rather than losing another subject's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from desk.excerpts import add_comment
from desk.models import Assignment, Comment
from desk.publishing.states import Action
from desk.publishing.workflow import perform


@pytest.fixture
def latest_schema_after():
    """Later migrations are put back whatever happens, so no other test sees an old schema."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(target: str) -> None:
    MigrationExecutor(connection).migrate([("desk", target)])


def _rows(table: str, columns: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} ORDER BY id")  # noqa: S608 - our names
        return [tuple(row) for row in cursor.fetchall()]


COMMENT = "id, excerpt_id, revision_id, author_id, body, created_at"
ASSIGNMENT = "id, excerpt_id, assignee_id, assigned_by_id, due_on, assigned_at"
MENTION = "id, comment_id, person_id, seen_at"


@pytest.mark.django_db(transaction=True)
def test_comments_and_assignments_recorded_before_subjects_are_taken_in_with_nothing_lost(
    submitted, editor, reviewer, latest_schema_after
):
    add_comment(submitted, editor, "@rita can you look?")
    Assignment.objects.create(
        excerpt=submitted, assignee=reviewer, assigned_by=editor, due_on=dt.date(2026, 12, 24)
    )
    perform(submitted, Action.REQUEST_CHANGES, reviewer, comment="Cite the minister.")
    old = (_rows("desk_comment", COMMENT), _rows("desk_assignment", ASSIGNMENT))
    mentions = _rows("desk_mention", MENTION)
    assert len(old[0]) == 2 and len(old[1]) == 1 and len(mentions) == 1

    migrate("0028_excerpt_scheduled_in_order_index")  # excerpts' comments only
    assert (_rows("desk_comment", COMMENT), _rows("desk_assignment", ASSIGNMENT)) == old
    migrate("0031_discussion_subjects_required")
    assert (_rows("desk_comment", COMMENT), _rows("desk_assignment", ASSIGNMENT)) == old
    assert _rows("desk_mention", MENTION) == mentions
    assert {(c.subject_kind, c.subject_id, c.excerpt_id) for c in Comment.objects.all()} == {
        ("excerpt", submitted.pk, submitted.pk)
    }
    assignment = Assignment.objects.get()
    assert (assignment.subject_kind, assignment.subject_id) == ("excerpt", submitted.pk)
    assert [c.body for c in Comment.objects.about("excerpt", submitted.pk)] == [
        "@rita can you look?",
        "Cite the minister.",
    ]


@pytest.mark.django_db(transaction=True)
def test_going_back_is_refused_rather_than_losing_another_subjects_comments(
    source, editor, latest_schema_after
):
    Comment.objects.create(
        subject_kind="source", subject_id=source.pk, author=editor, body="Keep me."
    )
    with pytest.raises(RuntimeError, match="cannot keep them"):
        migrate("0028_excerpt_scheduled_in_order_index")
    assert Comment.objects.get().body == "Keep me."
