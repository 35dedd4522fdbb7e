"""Who changed which shared record: a RecordChange for every change of what readers may be shown
of a source, an actor, an event or a topic.

The leaf apps announce their records' changes (sources.signals.details_changed,
events.signals.record_changed) and never know the desk; the desk records its own topics here too.
The shared-records page shows who made each change waiting to be carried into live items, and
four eyes (desk.four_eyes.carry_refusal) refuses the carry to anyone who made one of them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from desk.models import AuditEntry, RecordChange, SubjectKind, Topic
from desk.models.record_change import RecordKind
from desk.publishing import audit

# What each field is called on the desk's pages.
FIELD_LABELS = {
    "title": _("title"),
    "author": _("author"),
    "outlet": _("outlet"),
    "url": _("address"),
    "published": _("date"),
    "name": _("name"),
    "aliases": _("other names"),
    "date": _("date"),
    "place": _("place"),
    "slug": _("address"),
    "merged_into": _("merged into another actor"),
    "deleted": _("deleted"),
}


def write_change(kind: RecordKind, record_id: int, name: str, before: dict, after: dict, user):
    """Write down that `user` changed this record from `before` to `after` (if it changed)."""
    if before == after:
        return None
    change = RecordChange.objects.create(
        kind=kind,
        record_id=record_id,
        name=str(name)[:500],
        before=before,
        after=after,
        changed_by=user if user is not None and user.is_authenticated else None,
    )
    # The audit log's line about the record; the change itself (before and after) stays in its
    # own row, which four eyes reads.
    audit.record(
        AuditEntry.Kind.RECORD_CHANGED,
        subject_kind=kind,
        subject_id=record_id,
        actor=change.changed_by,
        at=change.changed_at,
        data={"name": change.name, "fields": change.fields_changed, "change": change.pk},
    )
    return change


def topic_details(topic: Topic) -> dict[str, str]:
    """What readers may be shown of a topic: its name, and the address its filter uses."""
    return {"name": topic.name, "slug": topic.slug}


def record_topic_change(topic: Topic, before: dict, user, after: dict | None = None) -> bool:
    """Write down `user`'s change of the topic, if readers could see it; whether they could."""
    after = topic_details(topic) if after is None else after
    return write_change(RecordKind.TOPIC, topic.pk, topic.name, before, after, user) is not None


def _source_changed(sender, source, before, after, user=None, **kwargs) -> None:
    write_change(RecordKind.SOURCE, source.pk, source.display_title, before, after, user)


def _actor_or_event_changed(sender, record, before, after, user=None, **kwargs) -> None:
    from events.models import Actor

    if isinstance(record, Actor):
        write_change(RecordKind.ACTOR, record.pk, record.name, before, after, user)
    else:
        write_change(RecordKind.EVENT, record.pk, record.title, before, after, user)


def connect() -> None:
    from events.signals import record_changed
    from sources.signals import details_changed

    details_changed.connect(_source_changed, dispatch_uid="desk-record-source-change")
    record_changed.connect(_actor_or_event_changed, dispatch_uid="desk-record-events-change")


def describe(change: RecordChange) -> str:
    """The change in the desk's words: `actor “Name”: name, other names`."""
    fields = ", ".join(str(FIELD_LABELS.get(name, name)) for name in change.fields_changed)
    return gettext("{kind} “{name}”: {fields}").format(
        kind=change.get_kind_display(), name=change.name, fields=fields
    )


@audit.register(AuditEntry.Kind.RECORD_CHANGED)
def _record_changed(entry: AuditEntry) -> str:
    fields = ", ".join(str(FIELD_LABELS.get(name, name)) for name in entry.data.get("fields", []))
    kind = entry.subject_kind
    return gettext("Changed the %(kind)s “%(name)s”: %(fields)s") % {
        "kind": SubjectKind(kind).label if kind in SubjectKind.values else kind,
        "name": entry.data.get("name", ""),
        "fields": fields,
    }


def records_of(excerpt, parts: Iterable[str], then: dict, now: dict) -> dict[str, set[int]]:
    """The shared records behind these changed parts of a live item's copy, as {kind: ids}:
    those it links to now, and (for actors and events) those its readers' copy named."""
    revision = excerpt.published_revision
    records: dict[str, set[int]] = {kind: set() for kind in RecordKind.values}
    if "source" in parts:
        records[RecordKind.SOURCE].add(revision.source_version.source_id)
    for part, kind in (("actors", RecordKind.ACTOR), ("events", RecordKind.EVENT)):
        if part in parts:
            records[kind].update(thing["id"] for thing in then[part] + now[part])
    if "topics" in parts:
        records[RecordKind.TOPIC].update(topic.pk for topic in revision.topics.all())
    return records


def changes_since(wanted: list[tuple[object, dict[str, set[int]], object]]) -> dict:
    """For each (key, records, since): the recorded changes of those records made after
    `since`, oldest first, read in one query for all of them."""
    merged: dict[str, set[int]] = {kind: set() for kind in RecordKind.values}
    for _key, records, _since in wanted:
        for kind, ids in records.items():
            merged[kind] |= ids
    if not wanted or not any(merged.values()):
        return {key: [] for key, _, _ in wanted}
    oldest = min(since for _, _, since in wanted)
    rows = list(
        RecordChange.objects.of(merged)
        .filter(changed_at__gt=oldest)
        .select_related("changed_by")
        .order_by("changed_at", "pk")
    )
    return {
        key: [c for c in rows if c.changed_at > since and c.record_id in records.get(c.kind, ())]
        for key, records, since in wanted
    }
