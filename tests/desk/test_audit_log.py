"""The one audit log: every subject and shared record, one id per user action, sentences said at
display in the reader's language, never rewritten (the database refuses too), and the entries
recorded before it was one log taken in by a data migration with nothing lost."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from desk.history import describe
from desk.models import AuditEntry, RecordChange, SubjectKind
from desk.publishing import audit
from desk.publishing.states import Action
from desk.record_changes import record_topic_change, topic_details
from tests.factories import TopicFactory


def test_approve_and_publish_is_one_user_action_and_each_decision_its_own(
    as_user, submitted, editor, reviewer
):
    as_user(reviewer).post(
        reverse("desk:excerpt_transition", args=[submitted.pk, "approve_publish"]),
        {"seen_status": submitted.status, "seen_revision": submitted.current_revision_id},
    )
    approve, publish = AuditEntry.objects.about(SubjectKind.EXCERPT, submitted.pk).filter(
        action__in=[Action.APPROVE, Action.PUBLISH]
    )
    assert (approve.action, publish.action) == (Action.APPROVE, Action.PUBLISH)
    assert approve.action_id == publish.action_id
    submit = AuditEntry.objects.about(SubjectKind.EXCERPT, submitted.pk).get(action=Action.SUBMIT)
    assert submit.action_id != approve.action_id


def test_a_change_of_a_shared_record_is_an_entry_about_that_record(editor):
    topic = TopicFactory(name="borders")
    before = topic_details(topic)
    topic.name = "frontiers"
    topic.save()
    record_topic_change(topic, before, editor)
    [entry] = AuditEntry.objects.about(SubjectKind.TOPIC, topic.pk)
    assert entry.kind == AuditEntry.Kind.RECORD_CHANGED
    assert entry.excerpt_id is None and entry.actor == editor
    change = RecordChange.objects.get(kind="topic", record_id=topic.pk)
    assert entry.data == {"name": "frontiers", "fields": ["name"], "change": change.pk}
    assert entry.at == change.changed_at
    assert describe(entry) == "Changed the topic “frontiers”: name"
    with translation.override("pl"):
        assert describe(entry).startswith("Zmieniono: temat „frontiers” — ")


def test_the_sentence_is_said_when_read_in_the_readers_language(published):
    entry = published.audit.get(kind=AuditEntry.Kind.CREATED)
    assert describe(entry) == "Made as a draft"
    with translation.override("pl"):
        polish = describe(entry)
    assert polish and polish != "Made as a draft"


def test_an_entry_of_a_kind_nobody_registered_is_refused(draft, editor):
    with pytest.raises(ValueError, match="No sentence is registered"):
        audit.record("vanished", subject_id=draft.pk, excerpt=draft, actor=editor)
    assert not AuditEntry.objects.filter(kind="vanished").exists()


def test_the_database_refuses_to_rewrite_an_entry(published):
    entry = published.audit.first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE desk_auditentry SET note = 'rewritten' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.note != "rewritten"


def test_an_entry_about_an_excerpt_names_the_same_excerpt_twice(draft, editor):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.create(
            subject_id=draft.pk + 1000, excerpt=draft, kind=AuditEntry.Kind.COMMENTED
        )


@pytest.fixture
def latest_schema_after():
    """Later migrations are put back whatever happens, so no other test sees an old schema."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(target: str) -> None:
    MigrationExecutor(connection).migrate([("desk", target)])


@pytest.mark.django_db(transaction=True)
def test_the_entries_recorded_before_the_one_log_are_taken_in_with_nothing_lost(
    published, editor, latest_schema_after
):
    topic = TopicFactory(name="borders")
    before = topic_details(topic)
    topic.name = "frontiers"
    topic.save()
    record_topic_change(topic, before, editor)
    old = [
        (e.pk, e.kind, e.action, e.from_status, e.to_status, e.actor_id, e.note, e.at)
        for e in published.audit.order_by("pk")
    ]
    change = RecordChange.objects.get()
    migrate("0021_flagged_excerpts_index")  # the audit trail as it was: excerpts only
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM desk_auditentry")
        assert cursor.fetchone()[0] == len(old)
    migrate("0024_audit_log_subjects_required")
    entries = list(published.audit.order_by("pk"))
    assert [
        (e.pk, e.kind, e.action, e.from_status, e.to_status, e.actor_id, e.note, e.at)
        for e in entries
    ] == old
    assert {(e.subject_kind, e.subject_id) for e in entries} == {("excerpt", published.pk)}
    assert len({e.action_id for e in entries}) == len(entries)
    [taken_in] = AuditEntry.objects.about(SubjectKind.TOPIC, topic.pk)
    assert (taken_in.kind, taken_in.actor_id, taken_in.at) == (
        AuditEntry.Kind.RECORD_CHANGED,
        editor.pk,
        change.changed_at,
    )
    assert taken_in.data == {"name": "frontiers", "fields": ["name"], "change": change.pk}
    # The database refuses rewriting again once the log is whole.
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute("UPDATE desk_auditentry SET note = 'x' WHERE id = %s", [taken_in.pk])


def test_the_apis_audit_list_keeps_to_excerpts(as_user, published, editor, reviewer):
    topic = TopicFactory(name="borders")
    before = topic_details(topic)
    topic.name = "frontiers"
    topic.save()
    record_topic_change(topic, before, editor)
    rows = as_user(reviewer).get("/api/audit/").json()["results"]
    assert rows and {row["excerpt"] for row in rows} == {published.pk}
