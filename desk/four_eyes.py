"""Four eyes over the shared records an excerpt shows.

Who wrote an excerpt's words is the kernel's question for every subject
(desk.publishing.four_eyes). The same rule holds for shared records (a source's details, an
actor, an event, a topic): nobody may carry changes into live items if they made any of them
(desk.record_changes). Nor may anyone
approve, schedule or publish an item linking a record they changed, until another person has
seen the change: took a readers' copy showing that record (by approving an item that links it,
or by carrying it) after the change. Approving takes the copy, so the change would otherwise
reach readers on its maker's word alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from desk.models import Excerpt, ExcerptRevision, ReadersCopy, RecordChange, RecordKind
from desk.publishing.four_eyes import unseen_changes
from desk.record_changes import FIELD_LABELS

# Four eyes over the records an item links: its source, actors, events and topics.

# Each linked kind of record: the revision's link table, its column, and how a readers' copy's
# revision reaches the record (a copy shows every record its revision links).
_LINKS = {
    RecordKind.ACTOR: (ExcerptRevision.actors.through, "actor_id", "revision__actors"),
    RecordKind.EVENT: (ExcerptRevision.events.through, "event_id", "revision__events"),
    RecordKind.TOPIC: (ExcerptRevision.topics.through, "topic_id", "revision__topics"),
}


def copies_showing() -> tuple:
    """Readers' copies of excerpts, and how one reaches each kind of record it shows (for the
    kernel's `seen_by_another`). A copy taken to decline a change shows readers the record as it
    was: nobody saw the change, so it does not count."""
    paths = {RecordKind.SOURCE: "excerpt__source_id"}
    paths.update({kind: path for kind, (_through, _column, path) in _LINKS.items()})
    return ReadersCopy.objects.filter(declined__isnull=True), paths


def _unseen_changes(user, *, source, revision):
    """`user`'s changes, newest first, of the source and of the records this revision links
    (ids, or references to an outer query) that nobody else has seen since."""
    linked = Q(kind=RecordKind.SOURCE, record_id=source)
    for kind, (through, column, _path) in _LINKS.items():
        ids = through.objects.filter(excerptrevision_id=revision).values(column)
        linked |= Q(kind=kind, record_id__in=ids)
    return unseen_changes(user, linked)


def unseen_changes_in_list(user):
    """The same, for the excerpt of each row of an outer list: its source, its working revision."""
    return _unseen_changes(
        user, source=OuterRef("source_id"), revision=OuterRef(OuterRef("current_revision_id"))
    )


def unseen_change(excerpt: Excerpt, user) -> RecordChange | None:
    """The newest change `user` made to a record the excerpt's working revision links (its
    source, actors, events, topics) that nobody else has seen since; else None."""
    if user.pk is None:
        return None
    name = f"four_eyes_changed_{user.pk}"  # desk.publishing.four_eyes.with_part_of
    if name in excerpt.__dict__:  # read with the list
        pk = excerpt.__dict__[name]
        return None if pk is None else RecordChange.objects.get(pk=pk)
    if excerpt.current_revision_id is None:
        return None
    return _unseen_changes(
        user, source=excerpt.source_id, revision=excerpt.current_revision_id
    ).first()


# What was done, in the desk's words, when a change touched one thing readers see.
_DONE = {
    (RecordKind.ACTOR, "name"): _("renamed the actor “{name}”"),
    (RecordKind.ACTOR, "aliases"): _("changed the other names of the actor “{name}”"),
    (RecordKind.SOURCE, "title"): _("retitled the source “{name}”"),
    (RecordKind.EVENT, "title"): _("retitled the event “{name}”"),
    (RecordKind.EVENT, "date"): _("redated the event “{name}”"),
    (RecordKind.TOPIC, "name"): _("renamed the topic “{name}”"),
}


def _what_was_done(change: RecordChange) -> str:
    fields = change.fields_changed
    if len(fields) == 1 and (change.kind, fields[0]) in _DONE:
        return str(_DONE[(change.kind, fields[0])]).format(name=change.name)
    return gettext("changed the {kind} “{name}” ({fields})").format(
        kind=change.get_kind_display(),
        name=change.name,
        fields=", ".join(str(FIELD_LABELS.get(f, f)) for f in fields),
    )


def records_refusal(excerpt: Excerpt, user) -> str | None:
    """Why four eyes keeps this user from approving, scheduling or publishing the excerpt: they
    changed a record it links and nobody else has seen the change; else None."""
    change = unseen_change(excerpt, user)
    if change is None:
        return None
    when = formats.date_format(timezone.localtime(change.changed_at), "DATETIME_FORMAT")
    return gettext(
        "Four eyes: you {done} on {when}, and nobody else has approved or carried an item "
        "showing it since — another reviewer must approve, schedule or publish items that "
        "show it."
    ).format(done=_what_was_done(change), when=when)


def carry_refusal(changes: Iterable[RecordChange], user) -> str | None:
    """Why four eyes keeps this user from carrying these changes of shared records into live
    items (they made one of them); else None."""
    mine: dict[tuple[str, int], RecordChange] = {}
    for change in changes:
        if change.changed_by_id == user.pk:
            mine[(change.kind, change.record_id)] = change
    if not mine:
        return None
    named = "; ".join(
        gettext("the {kind} “{name}”").format(kind=change.get_kind_display(), name=change.name)
        for change in mine.values()
    )
    return gettext(
        "Four eyes: you changed {records} since readers' copy was taken, so another reviewer "
        "must carry these changes."
    ).format(records=named)
