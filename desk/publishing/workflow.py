"""Carrying out the review workflow on any subject: each transition guarded, atomic, recorded.

desk.publishing.states says what is allowed; this module checks it against the subject as it is in
the database at that instant and moves it with one conditional UPDATE, so that of two reviewers
acting at once exactly one wins and the other is told who did. What a decision does beyond the
kernel's own fields (the readers' copy it takes, the input it needs, who is told) is the
subject's kind's (desk.publishing.subjects.SubjectType); nothing here names an excerpt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from desk.models import AuditEntry, Comment, one_user_action
from desk.publishing import audit, four_eyes
from desk.publishing.announcements import announce_decision, announce_publication_change
from desk.publishing.schedule import publish_if_due
from desk.publishing.states import DECISIONS, TRANSITIONS, Action, Role, Status, Transition
from desk.publishing.subjects import Reviewed, SubjectType, type_of
from desk.roles import has_role

# Actions after which what readers see may have changed.
PUBLIC_ACTIONS = frozenset(
    {
        Action.PUBLISH,
        Action.SCHEDULE,
        Action.RESCHEDULE,
        Action.UNSCHEDULE,
        Action.WITHDRAW,
        Action.REQUEST_CHANGES,
        Action.REJECT,
    }
)


# Decisions that send an approved or scheduled revision back before readers see it.
TAKING_BACK = frozenset({Action.REQUEST_CHANGES, Action.REJECT, Action.UNSCHEDULE})

# Decisions that take readers' copy of the links: approving always; scheduling and publishing
# when the revision has none yet (approved before copies were taken).
TAKING_A_COPY = frozenset({Action.APPROVE, Action.SCHEDULE, Action.PUBLISH})


class Why(models.TextChoices):
    """What kind of rule refused an action: the API answers 403 for who, 409 for when."""

    ROLE = "role", _("The person lacks the role")
    FOUR_EYES = "four_eyes", _("The person made or wrote part of it")
    FOUR_EYES_RECORDS = (
        "four_eyes_records",
        _("The person changed a record it shows, and nobody else has seen the change"),
    )
    STATE = "state", _("The excerpt is not in a state that allows it")  # any subject
    CONFLICT = "conflict", _("Someone else acted first")
    INPUT = "input", _("Something the action needs is missing")


@dataclass(frozen=True)
class Refusal:
    why: Why
    message: str

    def __str__(self) -> str:
        return self.message


class TransitionRefused(ValueError):
    """An action this person may not take now: the kind of rule and the reason in plain words."""

    def __init__(self, message: str, why: Why = Why.INPUT):
        super().__init__(message)
        self.refusal = Refusal(why, message)

    @property
    def why(self) -> Why:
        return self.refusal.why

    @property
    def message(self) -> str:
        return self.refusal.message


class TransitionConflict(TransitionRefused):
    """Someone else changed the subject first; nothing was done."""

    def __init__(self, message: str):
        super().__init__(message, Why.CONFLICT)


@dataclass(frozen=True)
class Seen:
    """The subject as the person deciding saw it: acting on a stale view is a conflict.

    `links` is the fingerprint of what an approval would copy for readers of the shared records
    it shows (for an excerpt, desk.readers_copy.copy_fingerprint), as the page or the API's ETag
    showed them; None when the client did not send one.
    """

    status: str
    revision: int | None
    links: str | None = None

    @classmethod
    def of(cls, subject: Reviewed) -> Seen:
        return cls(subject.status, subject.current_revision_id)

    def same_state(self, other: Seen) -> bool:
        return (self.status, self.revision) == (other.status, other.revision)


def may_take_a_copy(subject: Reviewed) -> bool:
    """Whether a decision that starts from the subject's state could take readers' copy of its
    links: only then is what the person saw of them part of the decision."""
    return any(subject.status in TRANSITIONS[action].sources for action in TAKING_A_COPY)


def state_now(subject: Reviewed) -> Status:
    """The subject's state as readers know it: a scheduled one whose time came is published.

    The stored status catches up when someone acts on it or `publish_due` runs.
    """
    if subject.status == Status.SCHEDULED and subject.is_published:
        return Status.PUBLISHED
    return Status(subject.status)


def refusal(subject: Reviewed, action: Action, user) -> Refusal | None:
    """Why this user may not take this action on the subject as loaded, or None if they may.

    It only answers; nothing is done. Pages use it to explain a disabled action.
    """
    kind = type_of(subject)
    transition = TRANSITIONS[action]
    state = state_now(subject)
    if not has_role(user, transition.role):
        return Refusal(Why.ROLE, _only_role_can(kind, transition.role, action))
    if state not in transition.sources:
        if action == Action.EDIT:
            message = gettext(kind.words.cannot_edit) % {"state": state.label}
        else:
            message = gettext(kind.words.cannot_send) % {
                "state": state.label,
                "target": transition.target.label,
            }
        return Refusal(Why.STATE, message)
    if transition.four_eyes:
        wrote = four_eyes.refusal(subject, user)
        if wrote:
            return Refusal(Why.FOUR_EYES, wrote)
        changed = kind.records_refusal(subject, user)
        if changed:
            return Refusal(Why.FOUR_EYES_RECORDS, changed)
    if action == Action.WITHDRAW and not subject.is_published:
        return Refusal(Why.STATE, gettext(kind.words.only_live_withdrawn))
    if action == Action.SCHEDULE and subject.is_published:
        return Refusal(
            Why.STATE,
            gettext("A correction to a published item is published at once, not scheduled."),
        )
    return None


def _only_role_can(kind: SubjectType, role: Role, action: Action) -> str:
    # Whole sentences per role: a language may not build them from the labels.
    if action == Action.EDIT:
        if role == Role.REVIEWER:
            return gettext(kind.words.only_reviewers_edit)
        return gettext(kind.words.only_editors_edit)
    if role == Role.REVIEWER:
        said = gettext("Only reviewers can %(action)s.")
    else:
        said = gettext("Only editors can %(action)s.")
    return said % {"action": action.label.lower()}


def allowed_actions(subject: Reviewed, user) -> list[Transition]:
    """The decisions this user can take on this subject now, for showing as buttons."""
    return [TRANSITIONS[a] for a in DECISIONS if refusal(subject, a, user) is None]


def _check_input(
    subject: Reviewed, transition: Transition, comment: str, publish_at, correction_note: str
) -> None:
    if transition.needs_comment and not comment.strip():
        if transition.action == Action.WITHDRAW:
            said = gettext("“%(action)s” needs a public note saying why.")
        else:
            said = gettext("“%(action)s” needs a comment saying why.")
        raise TransitionRefused(said % {"action": transition.action.label})
    type_of(subject).check_input(subject, transition)
    if transition.action in (Action.SCHEDULE, Action.RESCHEDULE):
        if publish_at is None:
            raise TransitionRefused(gettext("Give the date and time to publish at."))
        if publish_at <= timezone.now():
            raise TransitionRefused(
                gettext(
                    "The publication time must be in the future; to publish now, choose "
                    "“Publish now”."
                )
            )
    if transition.action in (Action.APPROVE, Action.PUBLISH) and subject.in_correction:
        current = subject.current_revision
        if not (correction_note.strip() or (current and current.correction_note)):
            raise TransitionRefused(
                gettext("This changes a published item: write a correction note for readers.")
            )


def perform(
    subject: Reviewed,
    action: Action | str,
    user,
    *,
    seen: Seen | None = None,
    comment: str = "",
    publish_at: dt.datetime | None = None,
    correction_note: str = "",
) -> Reviewed:
    """Take a workflow decision on the subject as the given user; returns the fresh subject.

    `seen` is the state the person decided on (by default, the subject as passed in). Raises
    TransitionRefused carrying the kind of rule and the reason when the rules forbid it, and
    TransitionConflict when someone else moved the subject since it was seen. Its audit entries
    are one user action, or part of the one under way ("approve and publish").
    """
    with one_user_action():
        return _decide(
            subject,
            action,
            user,
            seen=seen,
            comment=comment,
            publish_at=publish_at,
            correction_note=correction_note,
        )


@transaction.atomic
def _decide(
    subject: Reviewed,
    action: Action | str,
    user,
    *,
    seen: Seen | None = None,
    comment: str = "",
    publish_at: dt.datetime | None = None,
    correction_note: str = "",
) -> Reviewed:
    try:
        action = Action(action)
    except ValueError:
        raise TransitionRefused(gettext("There is no such action.")) from None
    if action == Action.CARRY:
        raise TransitionRefused(
            gettext("Changed records are carried on the page of changed records.")
        )
    if action not in DECISIONS:
        raise TransitionRefused(gettext("Edits are saved from the editor, as a new revision."))
    kind = type_of(subject)
    model = kind.model
    transition = TRANSITIONS[action]
    seen = seen or Seen.of(subject)
    if publish_if_due(kind, subject.pk) and seen.status == Status.SCHEDULED:
        # Only the clock moved it: what the person saw scheduled is what readers now see.
        seen = replace(seen, status=Status.PUBLISHED)
    fresh = model.objects.select_related("current_revision", "published_revision").get(
        pk=subject.pk
    )
    if not Seen.of(fresh).same_state(seen):
        raise TransitionConflict(_conflict_message(kind, fresh, user))
    reason = refusal(fresh, action, user)
    if reason:
        raise TransitionRefused(reason.message, reason.why)
    _check_input(fresh, transition, comment, publish_at, correction_note)

    revision = fresh.current_revision
    kept, copy = (
        kind.copy_to_take(action, revision, seen) if action in TAKING_A_COPY else (None, None)
    )

    now = timezone.now()
    changes: dict = {"status": transition.target, "updated_at": now}
    if action == Action.APPROVE:
        revision.approved_by, revision.approved_at = user, now
        if correction_note.strip():
            revision.correction_note = correction_note.strip()
        revision.save(
            allow_update=True, update_fields=["approved_by", "approved_at", "correction_note"]
        )
        # What readers will see of its links is fixed now, as the reviewer approved it.
        kind.take_copy(fresh, revision, user, copy)
    elif action in (Action.PUBLISH, Action.SCHEDULE):
        if correction_note.strip():
            revision.correction_note = correction_note.strip()
        when = publish_at if action == Action.SCHEDULE else now
        revision.published_at = when
        revision.save(allow_update=True, update_fields=["published_at", "correction_note"])
        kept = kept or kind.take_copy(fresh, revision, user, copy)
        changes.update(
            published_revision=revision, visible_from=when, **kind.published_fields(kept)
        )
        if fresh.first_published_at is None:
            changes["first_published_at"] = when
    elif action in TAKING_BACK and fresh.status in (Status.APPROVED, Status.SCHEDULED):
        changes.update(take_back(kind, fresh, revision))
    elif action == Action.RESCHEDULE:
        revision.published_at = publish_at
        revision.save(allow_update=True, update_fields=["published_at"])
        changes["visible_from"] = publish_at
        if fresh.first_published_at == fresh.visible_from:
            changes["first_published_at"] = publish_at
    elif action == Action.WITHDRAW:
        changes["withdrawal_note"] = comment.strip()
    elif action == Action.REOPEN and fresh.status == Status.WITHDRAWN:
        changes.update(
            published_revision=None,
            visible_from=None,
            withdrawal_note="",
            **kind.withdrawn_fields(),
        )

    updated = model.objects.filter(
        pk=fresh.pk, status=fresh.status, current_revision_id=fresh.current_revision_id
    ).update(**changes)
    if not updated:
        raise TransitionConflict(_conflict_message(kind, model.objects.get(pk=fresh.pk), user))
    if comment.strip() and action != Action.WITHDRAW:
        # With the subject's discussion (desk.discussion records the @names in it).
        Comment.objects.create(
            subject_kind=kind.kind,
            subject_id=fresh.pk,
            author=user,
            body=comment.strip(),
            **kind.discussion_fields(fresh, revision),
        )
    audit.record(
        AuditEntry.Kind.TRANSITION,
        subject_kind=kind.kind,
        subject_id=fresh.pk,
        action=action,
        from_status=fresh.status,
        to_status=transition.target,
        actor=user,
        note=comment.strip()
        or correction_note.strip()
        or (publish_at.isoformat() if publish_at else ""),
        **kind.audit_fields(fresh, revision),
    )
    fresh.refresh_from_db()
    if fresh.published_revision_id is not None or action in PUBLIC_ACTIONS:
        announce_publication_change(model)
    announce_decision(model, fresh.pk, action, revision.pk)
    kind.told(fresh, action, user, comment.strip())
    return fresh


def take_back(kind: SubjectType, subject: Reviewed, revision) -> dict:
    """An approved or scheduled revision goes back before readers saw it: nothing it was to
    publish (its time, its correction note) stays behind to surface later. Returns the subject's
    fields to change (the clock's hold of a flagged item takes it back the same way)."""
    revision.published_at, revision.correction_note = None, ""
    revision.save(allow_update=True, update_fields=["published_at", "correction_note"])
    changes: dict = {}
    if subject.published_revision_id == revision.pk:
        changes.update(published_revision=None, visible_from=None, **kind.withdrawn_fields())
        if subject.first_published_at == subject.visible_from:
            changes["first_published_at"] = None
    return changes


def last_decision(kind: SubjectType, subject: Reviewed):
    return (
        AuditEntry.objects.about(kind.kind, subject.pk)
        .filter(kind=AuditEntry.Kind.TRANSITION)
        .select_related("actor")
        .last()
    )


def _conflict_message(kind: SubjectType, current: Reviewed, user) -> str:
    last = last_decision(kind, current)
    status = current.get_status_display()
    if last and last.actor_id is not None and last.actor_id == user.pk:
        # Their own step in another window or tab: "someone … by you" would read as a stranger.
        said = gettext(kind.words.conflict_own)
    elif last and last.actor:
        said = gettext(kind.words.conflict_by)
    else:
        said = gettext(kind.words.conflict)
    return said % {"status": status, "who": last.actor if last else ""}
