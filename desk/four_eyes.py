"""Four eyes: who wrote the words an approval would put before readers.

Nobody may approve, schedule or publish an excerpt they made, nor one in which they wrote any
revision since readers' version was approved (every revision, when readers never saw one).
Counting every writer, not only the last, is what stops a colleague's small edit, or an edit
that changed nothing, from laundering someone's own unreviewed words.

The same holds for shared records (a source's details, an actor, an event, a topic): nobody may
carry changes into live items if they made any of them (desk.record_changes). Nor may anyone
approve, schedule or publish an item linking a record they changed, until another person has
seen the change: took a readers' copy showing that record (by approving an item that links it,
or by carrying it) after the change. Approving takes the copy, so the change would otherwise
reach readers on its maker's word alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from desk.models import Excerpt, ExcerptRevision, ReadersCopy, RecordChange, RecordKind
from desk.record_changes import FIELD_LABELS

# Enough of each revision to tell who wrote it and where it stands; never its text.
AUTHORS_ONLY = ExcerptRevision.objects.only("id", "excerpt_id", "number", "created_by_id")


def _approved_number(excerpt: Excerpt, revisions) -> int:
    """The number of readers' approved revision, when a newer one is on its way; else 0."""
    if excerpt.published_revision_id in (None, excerpt.current_revision_id):
        return 0
    return next((r.number for r in revisions if r.pk == excerpt.published_revision_id), 0)


def writers(excerpt: Excerpt) -> dict[int, int]:
    """Who wrote what an approval of the excerpt's working revision would publish: each writer's
    user id with the newest revision number they wrote. (The maker is refused on top of these.)
    """
    revisions = list(AUTHORS_ONLY.filter(excerpt_id=excerpt.pk))
    since = _approved_number(excerpt, revisions)
    wrote: dict[int, int] = {}
    for revision in sorted(revisions, key=lambda r: r.number):
        if revision.number > since:
            wrote[revision.created_by_id] = revision.number
    return wrote


def _annotation(user) -> str:
    return f"four_eyes_wrote_{user.pk}"


def wrote_since_approval(excerpt: Excerpt, user) -> int | None:
    """The newest revision `user` wrote since readers' approved version, or None."""
    name = _annotation(user)
    if name in excerpt.__dict__:  # read with the list, by with_part_of()
        return excerpt.__dict__[name]
    return writers(excerpt).get(user.pk)


def four_eyes_refusal(excerpt: Excerpt, user) -> str | None:
    """Why four eyes keeps this user from approving, scheduling or publishing it; else None."""
    if user.pk == excerpt.created_by_id:
        return "Four eyes: you made this excerpt, so another reviewer must decide."
    number = wrote_since_approval(excerpt, user)
    if number is None:
        return None
    since = (
        "since readers' version was approved"
        if excerpt.published_revision_id not in (None, excerpt.current_revision_id)
        else "of it"
    )
    return (
        f"Four eyes: you wrote revision {number} {since}, so another reviewer must decide "
        "on these words."
    )


def _since_approval():
    # Readers' approved revision, unless it is the one being decided on (a first publication
    # that is scheduled); 0 when readers never saw one.
    # The number is read by a subquery, not a join: a list of ten thousand excerpts waiting for
    # review then reads it only for the rows where this person wrote a revision at all, instead
    # of joining every excerpt to its published revision (a scan of all revisions).
    # No ordering: revisions' default order joins their excerpt, whose table would then shadow
    # the outer excerpt this subquery must read (the list would get one number for every row).
    approved = ExcerptRevision.objects.filter(pk=OuterRef("published_revision_id")).order_by()
    return Case(
        When(published_revision=F("current_revision"), then=Value(0)),
        default=Coalesce(Subquery(approved.values("number")), Value(0)),
        output_field=IntegerField(),
    )


def _written_by(user):
    return ExcerptRevision.objects.filter(
        excerpt=OuterRef("pk"), created_by=user, number__gt=OuterRef("approved_number")
    )


def with_part_of(excerpts, user):
    """These excerpts with the newest revision `user` wrote since readers' approved version, and
    the newest change `user` made to a record they link that nobody else has seen, read in the
    same query: lists that ask four eyes of every excerpt make no query per row."""
    newest = _written_by(user).order_by("-number").values("number")[:1]
    changed = _unseen_changes_in_list(user).values("pk")[:1]
    return excerpts.alias(approved_number=_since_approval()).annotate(
        **{_annotation(user): Subquery(newest), _changed_annotation(user): Subquery(changed)}
    )


def not_written_by(excerpts, user):
    """The excerpts whose approval `user` may give: not made by them, with no revision they
    wrote since readers' approved version (any revision, when readers never saw one), and
    linking no record they changed that nobody else has seen since."""
    return (
        excerpts.exclude(created_by=user)
        .alias(approved_number=_since_approval())
        .exclude(Exists(_written_by(user)))
        .exclude(Exists(_unseen_changes_in_list(user)))
    )


# Four eyes over the records an item links: its source, actors, events and topics.

# Each linked kind of record: the revision's link table, its column, and how a readers' copy's
# revision reaches the record (a copy shows every record its revision links).
_LINKS = {
    RecordKind.ACTOR: (ExcerptRevision.actors.through, "actor_id", "revision__actors"),
    RecordKind.EVENT: (ExcerptRevision.events.through, "event_id", "revision__events"),
    RecordKind.TOPIC: (ExcerptRevision.topics.through, "topic_id", "revision__topics"),
}


def _seen_by_another(user) -> Q:
    """The change (the outer row) was seen by someone else: a person other than `user` took a
    readers' copy showing its record after it was made."""
    # A copy taken to decline the change shows readers the record as it was: nobody saw it.
    copies = ReadersCopy.objects.filter(
        made_at__gt=OuterRef("changed_at"), made_by__isnull=False, declined__isnull=True
    ).exclude(made_by=user.pk)
    record = OuterRef("record_id")
    seen = Q(kind=RecordKind.SOURCE) & Exists(copies.filter(excerpt__source_id=record))
    for kind, (_through, _column, path) in _LINKS.items():
        seen |= Q(kind=kind) & Exists(copies.filter(**{path: record}))
    return seen


def _unseen_changes(user, *, source, revision):
    """`user`'s changes, newest first, of the source and of the records this revision links
    (ids, or references to an outer query) that nobody else has seen since."""
    linked = Q(kind=RecordKind.SOURCE, record_id=source)
    for kind, (through, column, _path) in _LINKS.items():
        ids = through.objects.filter(excerptrevision_id=revision).values(column)
        linked |= Q(kind=kind, record_id__in=ids)
    return (
        RecordChange.objects.filter(linked, changed_by=user.pk)
        .exclude(_seen_by_another(user))
        .order_by("-changed_at", "-pk")
    )


def _unseen_changes_in_list(user):
    """The same, for the excerpt of each row of an outer list: its source, its working revision."""
    return _unseen_changes(
        user, source=OuterRef("source_id"), revision=OuterRef(OuterRef("current_revision_id"))
    )


def _changed_annotation(user) -> str:
    return f"four_eyes_changed_{user.pk}"


def unseen_change(excerpt: Excerpt, user) -> RecordChange | None:
    """The newest change `user` made to a record the excerpt's working revision links (its
    source, actors, events, topics) that nobody else has seen since; else None."""
    if user.pk is None:
        return None
    name = _changed_annotation(user)
    if name in excerpt.__dict__:  # read with the list, by with_part_of()
        pk = excerpt.__dict__[name]
        return None if pk is None else RecordChange.objects.get(pk=pk)
    if excerpt.current_revision_id is None:
        return None
    return _unseen_changes(
        user, source=excerpt.source_id, revision=excerpt.current_revision_id
    ).first()


def changed_unseen(excerpt: Excerpt, user) -> bool:
    """Whether `user` changed a record the excerpt links that nobody else has seen since,
    without reading the change when the list already says (for grouping answers)."""
    name = _changed_annotation(user)
    if name in excerpt.__dict__:
        return excerpt.__dict__[name] is not None
    return unseen_change(excerpt, user) is not None


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
