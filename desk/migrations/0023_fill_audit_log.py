"""The audit log takes in what the desk recorded before it was one log: every excerpt's entries
name their subject and get an action id of their own (nothing tells which of them a single user
action made together), and every recorded change of a shared record becomes an entry about that
record, with its time, its author, its name and the fields it changed. Nothing is lost: the
entries keep every column they had, and the changes stay in their own table for four eyes."""

import uuid

from django.db import migrations


def fill(apps, schema_editor):
    AuditEntry = apps.get_model("desk", "AuditEntry")
    RecordChange = apps.get_model("desk", "RecordChange")
    entries = list(AuditEntry.objects.only("pk", "excerpt_id"))
    for entry in entries:
        entry.subject_kind = "excerpt"
        entry.subject_id = entry.excerpt_id
        entry.action_id = uuid.uuid4()
    AuditEntry.objects.bulk_update(
        entries, ["subject_kind", "subject_id", "action_id"], batch_size=1000
    )
    changes = RecordChange.objects.order_by("changed_at", "pk").iterator(chunk_size=1000)
    AuditEntry.objects.bulk_create(
        (
            AuditEntry(
                subject_kind=change.kind,
                subject_id=change.record_id,
                kind="record_changed",
                actor_id=change.changed_by_id,
                at=change.changed_at,
                action_id=uuid.uuid4(),
                data={
                    "name": change.name,
                    "fields": _fields_changed(change.before, change.after),
                    "change": change.pk,
                },
            )
            for change in changes
        ),
        batch_size=1000,
    )


def _fields_changed(before: dict, after: dict) -> list[str]:
    # As RecordChange.fields_changed says it (historical models carry no methods).
    keys = list(after) + [k for k in before if k not in after]
    return [k for k in keys if before.get(k) != after.get(k)]


def unfill(apps, schema_editor):
    apps.get_model("desk", "AuditEntry").objects.filter(kind="record_changed").delete()


class Migration(migrations.Migration):
    dependencies = [("desk", "0022_structured_audit_log")]

    operations = [migrations.RunPython(fill, unfill)]
