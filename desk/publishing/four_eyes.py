"""Four eyes: who wrote the words an approval would put before readers, for any subject.

Nobody may approve, schedule or publish a subject they made, nor one in which they wrote any
revision since readers' version was approved (every revision, when readers never saw one).
Counting every writer, not only the last, is what stops a colleague's small edit, or an edit
that changed nothing, from laundering someone's own unreviewed words.

The same holds for the shared records a subject shows (a source's details, an actor, an event, a
topic): nobody may approve it while it links a record they changed that nobody else has seen
since. Which records a subject links is its kind's (desk.publishing.subjects.SubjectType); who has
seen a change is the same question for every kind: did another person take a readers' copy of
any subject showing that record after the change (`seen_by_another`).
"""

from __future__ import annotations

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from desk.models import RecordChange
from desk.publishing.states import Status
from desk.publishing.subjects import Reviewed, SubjectType, registered, type_of


def _authors_only(kind: SubjectType):
    # Enough of each revision to tell who wrote it and where it stands; never its text.
    return kind.revision_model.objects.only(
        "id", f"{kind.subject_field}_id", "number", "created_by_id"
    )


def _approved_number(subject: Reviewed, revisions) -> int:
    """The number of readers' approved revision, when a newer one is on its way; else 0."""
    if subject.published_revision_id in (None, subject.current_revision_id):
        return 0
    return next((r.number for r in revisions if r.pk == subject.published_revision_id), 0)


def writers(subject: Reviewed) -> dict[int, int]:
    """Who wrote what an approval of the subject's working revision would publish: each writer's
    user id with the newest revision number they wrote. (The maker is refused on top of these.)
    """
    kind = type_of(subject)
    revisions = list(_authors_only(kind).filter(**{f"{kind.subject_field}_id": subject.pk}))
    since = _approved_number(subject, revisions)
    wrote: dict[int, int] = {}
    for revision in sorted(revisions, key=lambda r: r.number):
        if revision.number > since:
            wrote[revision.created_by_id] = revision.number
    return wrote


def _annotation(user) -> str:
    return f"four_eyes_wrote_{user.pk}"


def _changed_annotation(user) -> str:
    return f"four_eyes_changed_{user.pk}"


def wrote_since_approval(subject: Reviewed, user) -> int | None:
    """The newest revision `user` wrote since readers' approved version, or None."""
    name = _annotation(user)
    if name in subject.__dict__:  # read with the list, by with_part_of()
        return subject.__dict__[name]
    return writers(subject).get(user.pk)


def refusal(subject: Reviewed, user) -> str | None:
    """Why four eyes keeps this user from approving, scheduling or publishing it for having made
    or written it; else None. (Shared records: the subject type's `records_refusal`.)"""
    words = type_of(subject).words
    if user.pk == subject.created_by_id:
        return gettext(words.made_it)
    number = wrote_since_approval(subject, user)
    if number is None:
        return None
    if subject.published_revision_id not in (None, subject.current_revision_id):
        return gettext(words.wrote_since) % {"number": number}
    return gettext(words.wrote) % {"number": number}


def _since_approval(kind: SubjectType):
    # Readers' approved revision, unless it is the one being decided on (a first publication
    # that is scheduled); 0 when readers never saw one.
    # The number is read by a subquery, not a join: a list of ten thousand subjects waiting for
    # review then reads it only for the rows where this person wrote a revision at all, instead
    # of joining every subject to its published revision (a scan of all revisions).
    # No ordering: revisions' default order may join their subject, whose table would then
    # shadow the outer subject this subquery must read (the list would get one number for all).
    approved = kind.revision_model.objects.filter(pk=OuterRef("published_revision_id")).order_by()
    return Case(
        When(published_revision=F("current_revision"), then=Value(0)),
        default=Coalesce(Subquery(approved.values("number")), Value(0)),
        output_field=IntegerField(),
    )


def _written_by(kind: SubjectType, user):
    return kind.revision_model.objects.filter(
        **{kind.subject_field: OuterRef("pk")},
        created_by=user,
        number__gt=OuterRef("approved_number"),
    )


def with_part_of(subjects, user):
    """These subjects with the newest revision `user` wrote since readers' approved version, and
    the newest change `user` made to a record they link that nobody else has seen, read in the
    same query: lists that ask four eyes of every row make no query per row."""
    kind = type_of(subjects.model)
    newest = _written_by(kind, user).order_by("-number").values("number")[:1]
    annotations = {_annotation(user): Subquery(newest)}
    changed = kind.unseen_changes_in_list(user)
    if changed is not None:
        annotations[_changed_annotation(user)] = Subquery(changed.values("pk")[:1])
    return subjects.alias(approved_number=_since_approval(kind)).annotate(**annotations)


def not_written_by(subjects, user):
    """The subjects whose approval `user` may give: not made by them, with no revision they
    wrote since readers' approved version (any revision, when readers never saw one), and
    linking no record they changed that nobody else has seen since."""
    kind = type_of(subjects.model)
    mine = (
        subjects.exclude(created_by=user)
        .alias(approved_number=_since_approval(kind))
        .exclude(Exists(_written_by(kind, user)))
    )
    changed = kind.unseen_changes_in_list(user)
    return mine if changed is None else mine.exclude(Exists(changed))


def awaiting_review_by(subjects, user):
    """The submitted ones of these subjects this user may review: four eyes allows it."""
    return not_written_by(subjects.filter(status=Status.SUBMITTED), user)


def seen_by_another(user) -> Q:
    """The change (the outer RecordChange row) was seen by someone else: a person other than
    `user` took a readers' copy of any subject showing its record after it was made."""
    seen = Q(pk__in=[])
    for kind in registered():
        showing = kind.copies_showing()
        if showing is None:
            continue
        copies, paths = showing
        copies = copies.filter(made_at__gt=OuterRef("changed_at"), made_by__isnull=False).exclude(
            made_by=user.pk
        )
        for record_kind, path in paths.items():
            seen |= Q(kind=record_kind) & Exists(copies.filter(**{path: OuterRef("record_id")}))
    return seen


def unseen_changes(user, linked: Q):
    """`user`'s changes of the records `linked` names that nobody else has seen since, newest
    first."""
    return (
        RecordChange.objects.filter(linked, changed_by=user.pk)
        .exclude(seen_by_another(user))
        .order_by("-changed_at", "-pk")
    )


def changed_unseen(subject: Reviewed, user) -> bool:
    """Whether `user` changed a record the subject links that nobody else has seen since,
    without reading the change when the list already says (for grouping answers)."""
    name = _changed_annotation(user)
    if name in subject.__dict__:
        return subject.__dict__[name] is not None
    return type_of(subject).records_refusal(subject, user) is not None
