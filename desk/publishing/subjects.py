"""What a reviewed thing is to the kernel: its two model bases, and the one place it plugs in.

A *subject* is anything the desk reviews and publishes (an excerpt today; claims and editions
next). Its model stands on `Reviewed` (its state, readers' revision, when readers see it) and its
revisions on `ReviewedRevision` (who wrote it, who approved it, when it went up, its correction
note): the kernel's rules read only these fields. Everything else a decision does to one kind of
subject (the readers' copy it takes, the input it needs, who is told) is that kind's `SubjectType`,
registered once when its app is ready; `perform` (desk.publishing.workflow) looks it up by the
subject's model and calls it for the effects only. Wagtail's RevisionMixin / DraftStateMixin split,
taken as a shape, without its generic machinery.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from desk.publishing.states import Status

if TYPE_CHECKING:
    from desk.publishing.states import Action, Transition

# What a review decision writes on a revision (desk.publishing.workflow); a revision's content
# is never changed once saved.
DECISION_FIELDS = frozenset({"approved_by", "approved_at", "published_at", "correction_note"})


class Reviewed(models.Model):
    """A subject's state on its way to readers. The concrete model adds `current_revision` and
    `published_revision` (one-to-one with its revision model) and `created_by`.

    `current_revision` is the working copy editors and reviewers see; `published_revision` is
    what readers see, from `visible_from` on. A correction is a newer current revision under
    review while the published one stays up.
    """

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    visible_from = models.DateTimeField(null=True, blank=True)
    first_published_at = models.DateTimeField(null=True, blank=True)
    withdrawal_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        """Its published revision is due and not withdrawn (readers' pages may ask more, such as
        a public briefing: the subject type's `readers_condition`)."""
        return (
            self.published_revision_id is not None
            and self.status != Status.WITHDRAWN
            and self.visible_from is not None
            and self.visible_from <= timezone.now()
        )

    @property
    def in_correction(self) -> bool:
        """A correction is in progress: a newer revision is on the desk while the published one,
        due and not withdrawn, stays what the desk has published."""
        return self.is_published and self.published_revision_id != self.current_revision_id


def readers_see(now) -> Q:
    """The kernel's rule of what readers see of any subject: a published revision, due, not
    withdrawn. A subject type adds its own condition (an excerpt's briefing must be public)."""
    return Q(published_revision__isnull=False, visible_from__lte=now) & ~Q(status=Status.WITHDRAWN)


def readers_will_see(now) -> Q:
    """Scheduled for readers: the same rule, with `visible_from` still ahead."""
    return Q(published_revision__isnull=False, visible_from__gt=now) & ~Q(status=Status.WITHDRAWN)


class ReviewedRevision(models.Model):
    """One whole, unchangeable version of a subject's content. The concrete model adds the
    foreign key to its subject (named by the subject type's `subject_field`) and its content.

    It answers the two questions four eyes asks of a revision: who wrote it (`created_by`, with
    `number` telling which revisions came since readers' approved one) and which shared records
    it links (`linked_records`).
    """

    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    correction_note = models.TextField(blank=True)

    class Meta:
        abstract = True

    def linked_records(self) -> dict[str, set[int]]:
        """The shared records this revision shows readers, by kind (desk.models.RecordKind)."""
        return {}

    def refuse_rewrite(self, kwargs: dict[str, Any]) -> bool:
        """Refuse to change a saved revision, except for what a decision records; True when the
        save only records a decision (its content, checked when it was saved, is not read again).
        Pops the `allow_update` flag the kernel passes."""
        if self.pk is None:
            kwargs.pop("allow_update", None)
            return False
        if not kwargs.pop("allow_update", False):
            raise ValidationError("A revision is never changed once saved; make a new one.")
        fields = kwargs.get("update_fields")
        return fields is not None and set(fields) <= DECISION_FIELDS


@dataclass(frozen=True)
class Words:
    """What the kernel says of one kind of subject, as whole sentences (a language may not build
    them from a noun). Each holds %(state)s or %(target)s where the rules need it."""

    made_it: str  # four eyes: the person made the subject
    wrote: str  # four eyes: %(number)s, the revision the person wrote (whole sentence)
    wrote_since: str  # the same, when readers have an approved revision
    only_editors_edit: str
    only_reviewers_edit: str
    cannot_edit: str  # %(state)s
    cannot_send: str  # %(state)s, %(target)s
    only_live_withdrawn: str
    conflict_own: str  # %(status)s
    conflict_by: str  # %(status)s, %(who)s
    conflict: str  # %(status)s


class SubjectType:
    """How one kind of subject plugs into the kernel. Subclass it, name the models, override the
    effects the kind has, and `register` an instance when the app is ready.

    Every hook has a default that does nothing beyond the kernel's own work, so a new kind of
    subject writes only what is its own.
    """

    kind: str  # desk.models.SubjectKind value, also the audit log's subject kind
    model: type[Reviewed]
    revision_model: type[ReviewedRevision]
    subject_field: str  # the revision's foreign key to its subject
    words: Words

    # Readers.

    def readers_condition(self) -> Q:
        """What readers seeing a subject of this kind needs beyond the kernel's rule."""
        return Q()

    def readers_figures(self, seen: Q) -> dict[str, Any]:
        """Aggregates (named) that move when readers' view of this kind moves beyond the kernel's
        own (a new published revision, a withdrawal): the public state's fingerprint reads them."""
        return {}

    def due_condition(self) -> Q:
        """What a scheduled subject must meet for the clock to record it as published."""
        return Q()

    # Four eyes over the shared records a subject links.

    def records_refusal(self, subject, user) -> str | None:
        """Why `user` may not approve it: they changed a record it links nobody else has seen."""
        return None

    def unseen_changes_in_list(self, user):
        """A subquery of such changes for each row of an outer list of subjects, or None."""
        return None

    def copies_showing(self) -> tuple[models.QuerySet, dict[str, str]] | None:
        """This kind's readers' copies and, by record kind, the lookup from a copy to the records
        it shows: a copy taken by another person after a change means they saw it."""
        return None

    # A decision's effects.

    def check_input(self, subject, transition: Transition) -> None:
        """Refuse (TransitionRefused) what this kind needs before a decision."""

    def copy_to_take(self, action: Action, revision, seen) -> tuple[Any, Any]:
        """The readers' copy the decision keeps, or the data of the one it takes: (kept, data)."""
        return None, None

    def take_copy(self, subject, revision, user, data) -> Any:
        """Store the readers' copy of the approved revision; returns it."""
        return None

    def published_fields(self, copy) -> dict[str, Any]:
        """The subject's fields a publication or schedule sets beside the kernel's."""
        return {}

    def withdrawn_fields(self) -> dict[str, Any]:
        """The subject's fields cleared when readers' revision is taken away."""
        return {}

    def discussion_fields(self, subject, revision) -> dict[str, Any]:
        """Columns of a comment about this subject beside its kind and id (desk.discussion)."""
        return {}

    def audit_fields(self, subject, revision) -> dict[str, Any]:
        """Columns of an audit entry about this subject beside its kind and id."""
        return {"data": {"revision": revision.pk if revision else None}}

    def told(self, subject, action: Action, user, comment: str) -> None:
        """Tell the people who follow the subject, after commit."""

    def revisions_of(self, subject_id) -> models.QuerySet:
        return self.revision_model.objects.filter(**{f"{self.subject_field}_id": subject_id})


_TYPES: dict[str, SubjectType] = {}


def register(subject_type: SubjectType) -> SubjectType:
    """Plug a kind of subject into the kernel (from its AppConfig.ready)."""
    _TYPES[subject_type.model._meta.label_lower] = subject_type
    return subject_type


def type_of(subject: Reviewed | type[Reviewed]) -> SubjectType:
    """The kind of subject this is, as registered; a model nobody registered is a programming
    error, said plainly."""
    model = subject if isinstance(subject, type) else type(subject)
    try:
        return _TYPES[model._meta.label_lower]
    except KeyError:
        raise LookupError(f"{model._meta.label} is not a subject of the kernel.") from None


def registered() -> list[SubjectType]:
    return list(_TYPES.values())
