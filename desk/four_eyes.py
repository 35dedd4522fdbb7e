"""Four eyes: who wrote the words an approval would put before readers.

Nobody may approve, schedule or publish an excerpt they made, nor one in which they wrote any
revision since readers' version was approved (every revision, when readers never saw one).
Counting every writer, not only the last, is what stops a colleague's small edit, or an edit
that changed nothing, from laundering someone's own unreviewed words.

The same holds for shared records (a source's details, an actor, an event, a topic): nobody may
carry changes into live items if they made any of them (desk.record_changes).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from desk.models import Excerpt, ExcerptRevision, RecordChange

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
    return Case(
        When(published_revision=F("current_revision"), then=Value(0)),
        default=Coalesce("published_revision__number", Value(0)),
        output_field=IntegerField(),
    )


def _written_by(user):
    return ExcerptRevision.objects.filter(
        excerpt=OuterRef("pk"), created_by=user, number__gt=OuterRef("approved_number")
    )


def with_part_of(excerpts, user):
    """These excerpts with the newest revision `user` wrote since readers' approved version,
    read in the same query: lists that ask four eyes of every excerpt make no query per row."""
    newest = _written_by(user).order_by("-number").values("number")[:1]
    return excerpts.alias(approved_number=_since_approval()).annotate(
        **{_annotation(user): Subquery(newest)}
    )


def not_written_by(excerpts, user):
    """The excerpts whose approval `user` may give: not made by them, and with no revision they
    wrote since readers' approved version (any revision, when readers never saw one)."""
    return (
        excerpts.exclude(created_by=user)
        .alias(approved_number=_since_approval())
        .exclude(Exists(_written_by(user)))
    )


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
