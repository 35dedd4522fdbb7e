"""Carrying out the review workflow: each transition guarded, atomic, and recorded.

desk.states says what is allowed; this module checks it against the excerpt as it is in the
database at that instant and moves it with one conditional UPDATE, so that of two reviewers
acting at once exactly one wins and the other is told who did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from desk import readers_copy
from desk.four_eyes import four_eyes_refusal, records_refusal
from desk.models import AuditEntry, Comment, Excerpt, ReadersCopy, one_user_action
from desk.notifications import notify
from desk.roles import has_role
from desk.scheduled import publish_if_due
from desk.signals import announce_decision, announce_publication_change
from desk.states import DECISIONS, TRANSITIONS, Action, Role, Status, Transition

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
    STATE = "state", _("The excerpt is not in a state that allows it")
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
    """Someone else changed the excerpt first; nothing was done."""

    def __init__(self, message: str):
        super().__init__(message, Why.CONFLICT)


@dataclass(frozen=True)
class Seen:
    """The excerpt as the person deciding saw it: acting on a stale view is a conflict.

    `links` is the fingerprint of what an approval would copy for readers of its source, actors,
    events and topics (desk.readers_copy.copy_fingerprint), as the page or the API's ETag showed
    them; None when the client did not send one.
    """

    status: str
    revision: int | None
    links: str | None = None

    @classmethod
    def of(cls, excerpt: Excerpt) -> Seen:
        return cls(excerpt.status, excerpt.current_revision_id)

    def same_state(self, other: Seen) -> bool:
        return (self.status, self.revision) == (other.status, other.revision)


def may_take_a_copy(excerpt: Excerpt) -> bool:
    """Whether a decision that starts from the excerpt's state could take readers' copy of its
    links: only then is what the person saw of them part of the decision."""
    return any(excerpt.status in TRANSITIONS[action].sources for action in TAKING_A_COPY)


def state_now(excerpt: Excerpt) -> Status:
    """The excerpt's state as readers know it: a scheduled item whose time came is published.

    The stored status catches up when someone acts on the excerpt or `publish_due` runs.
    """
    if excerpt.status == Status.SCHEDULED and excerpt.is_published:
        return Status.PUBLISHED
    return Status(excerpt.status)


def refusal(excerpt: Excerpt, action: Action, user) -> Refusal | None:
    """Why this user may not take this action on the excerpt as loaded, or None if they may.

    It only answers; nothing is done. Pages use it to explain a disabled action.
    """
    transition = TRANSITIONS[action]
    state = state_now(excerpt)
    if not has_role(user, transition.role):
        return Refusal(Why.ROLE, _only_role_can(transition.role, action))
    if state not in transition.sources:
        if action == Action.EDIT:
            message = gettext("An excerpt that is “%(state)s” cannot be edited.") % {
                "state": state.label
            }
        else:
            message = gettext("An excerpt that is “%(state)s” cannot be sent to “%(target)s”.") % {
                "state": state.label,
                "target": transition.target.label,
            }
        return Refusal(Why.STATE, message)
    if transition.four_eyes:
        wrote = four_eyes_refusal(excerpt, user)
        if wrote:
            return Refusal(Why.FOUR_EYES, wrote)
        changed = records_refusal(excerpt, user)
        if changed:
            return Refusal(Why.FOUR_EYES_RECORDS, changed)
    if action == Action.WITHDRAW and not excerpt.is_published:
        return Refusal(Why.STATE, gettext("Only an excerpt that readers can see can be withdrawn."))
    if action == Action.SCHEDULE and excerpt.is_published:
        return Refusal(
            Why.STATE,
            gettext("A correction to a published item is published at once, not scheduled."),
        )
    return None


def _only_role_can(role: Role, action: Action) -> str:
    # Whole sentences per role: a language may not build them from the labels.
    if action == Action.EDIT:
        if role == Role.REVIEWER:
            return gettext("Only reviewers can edit excerpts.")
        return gettext("Only editors can edit excerpts.")
    if role == Role.REVIEWER:
        said = gettext("Only reviewers can %(action)s.")
    else:
        said = gettext("Only editors can %(action)s.")
    return said % {"action": action.label.lower()}


def allowed_actions(excerpt: Excerpt, user) -> list[Transition]:
    """The decisions this user can take on this excerpt now, for showing as buttons."""
    return [TRANSITIONS[a] for a in DECISIONS if refusal(excerpt, a, user) is None]


def _check_input(
    excerpt: Excerpt, transition: Transition, comment: str, publish_at, correction_note: str
) -> None:
    if transition.needs_comment and not comment.strip():
        if transition.action == Action.WITHDRAW:
            said = gettext("“%(action)s” needs a public note saying why.")
        else:
            said = gettext("“%(action)s” needs a comment saying why.")
        raise TransitionRefused(said % {"action": transition.action.label})
    toward_readers = (Action.SUBMIT, Action.APPROVE, Action.PUBLISH, Action.SCHEDULE)
    if transition.action in toward_readers and not excerpt.current_revision.annotation.strip():
        # A highlight imported from another tool: a draft until an editor says something of it.
        raise TransitionRefused(
            gettext(
                "This excerpt has no annotation yet (it was imported as a highlight): edit it "
                "and write one before it goes further."
            )
        )
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
    if transition.action in (Action.APPROVE, Action.PUBLISH) and excerpt.in_correction:
        current = excerpt.current_revision
        if not (correction_note.strip() or (current and current.correction_note)):
            raise TransitionRefused(
                gettext("This changes a published item: write a correction note for readers.")
            )


def perform(
    excerpt: Excerpt,
    action: Action | str,
    user,
    *,
    seen: Seen | None = None,
    comment: str = "",
    publish_at: dt.datetime | None = None,
    correction_note: str = "",
) -> Excerpt:
    """Take a workflow decision on the excerpt as the given user; returns the fresh excerpt.

    `seen` is the state the person decided on (by default, the excerpt as passed in). Raises
    TransitionRefused carrying the kind of rule and the reason when the rules forbid it, and
    TransitionConflict when someone else moved the excerpt since it was seen. Its audit entries
    are one user action, or part of the one under way ("approve and publish").
    """
    with one_user_action():
        return _decide(
            excerpt,
            action,
            user,
            seen=seen,
            comment=comment,
            publish_at=publish_at,
            correction_note=correction_note,
        )


@transaction.atomic
def _decide(
    excerpt: Excerpt,
    action: Action | str,
    user,
    *,
    seen: Seen | None = None,
    comment: str = "",
    publish_at: dt.datetime | None = None,
    correction_note: str = "",
) -> Excerpt:
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
    transition = TRANSITIONS[action]
    seen = seen or Seen.of(excerpt)
    if publish_if_due(excerpt.pk) and seen.status == Status.SCHEDULED:
        # Only the clock moved it: what the person saw scheduled is what readers now see.
        seen = replace(seen, status=Status.PUBLISHED)
    fresh = Excerpt.objects.select_related("current_revision", "published_revision").get(
        pk=excerpt.pk
    )
    if not Seen.of(fresh).same_state(seen):
        raise TransitionConflict(_conflict_message(fresh, user))
    reason = refusal(fresh, action, user)
    if reason:
        raise TransitionRefused(reason.message, reason.why)
    _check_input(fresh, transition, comment, publish_at, correction_note)

    revision = fresh.current_revision
    copied, copy = _copy_to_take(action, revision, seen)

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
        readers_copy.take(fresh, revision, user, data=copy)
    elif action in (Action.PUBLISH, Action.SCHEDULE):
        if correction_note.strip():
            revision.correction_note = correction_note.strip()
        when = publish_at if action == Action.SCHEDULE else now
        revision.published_at = when
        revision.save(allow_update=True, update_fields=["published_at", "correction_note"])
        copied = copied or readers_copy.take(fresh, revision, user, data=copy)
        changes.update(published_revision=revision, visible_from=when, readers_copy=copied)
        if fresh.first_published_at is None:
            changes["first_published_at"] = when
    elif action in TAKING_BACK and fresh.status in (Status.APPROVED, Status.SCHEDULED):
        _take_back(fresh, revision, changes)
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
            published_revision=None, visible_from=None, withdrawal_note="", readers_copy=None
        )

    updated = Excerpt.objects.filter(
        pk=fresh.pk, status=fresh.status, current_revision_id=fresh.current_revision_id
    ).update(**changes)
    if not updated:
        raise TransitionConflict(_conflict_message(Excerpt.objects.get(pk=fresh.pk), user))
    if comment.strip() and action != Action.WITHDRAW:
        Comment.objects.create(excerpt=fresh, revision=revision, author=user, body=comment.strip())
    AuditEntry.objects.create(
        excerpt=fresh,
        revision=revision,
        kind=AuditEntry.Kind.TRANSITION,
        action=action,
        from_status=fresh.status,
        to_status=transition.target,
        actor=user,
        note=comment.strip()
        or correction_note.strip()
        or (publish_at.isoformat() if publish_at else ""),
    )
    fresh.refresh_from_db()
    if fresh.published_revision_id is not None or action in PUBLIC_ACTIONS:
        announce_publication_change()
    announce_decision(fresh.pk, action, revision.pk)
    notify(fresh, action, user, comment=comment.strip())
    return fresh


def _copy_to_take(action: Action, revision, seen: Seen) -> tuple[ReadersCopy | None, dict | None]:
    """The readers' copy this decision keeps (taken earlier of the same revision), or the data of
    the one it takes, read now and checked against what the person saw; (None, None) if neither.
    """
    if action not in TAKING_A_COPY:
        return None, None
    if action != Action.APPROVE:
        earlier = readers_copy.latest_for(revision)
        if earlier is not None:
            return earlier, None
    # Read once: the copy stored is exactly the one compared with what the person saw.
    copy = readers_copy.copy_now(revision.pk)
    # Compared only when the person sent what they saw: the desk's pages always do; an older API
    # client sending only status and revision (an ETag without it) is answered as before.
    if seen.links is not None and readers_copy.copy_fingerprint(copy) != seen.links:
        raise TransitionConflict(
            gettext(
                "The source, actors, events or topics this item shows changed since you opened "
                "it: reload to see them before you decide. Nothing was changed."
            )
        )
    return None, copy


def _take_back(fresh: Excerpt, revision, changes: dict) -> None:
    """An approved or scheduled revision goes back before readers saw it: nothing it was to
    publish (its time, its correction note) stays behind to surface later."""
    revision.published_at, revision.correction_note = None, ""
    revision.save(allow_update=True, update_fields=["published_at", "correction_note"])
    if fresh.published_revision_id == revision.pk:
        changes.update(published_revision=None, visible_from=None, readers_copy=None)
        if fresh.first_published_at == fresh.visible_from:
            changes["first_published_at"] = None


def _conflict_message(current: Excerpt, user) -> str:
    last = current.audit.filter(kind=AuditEntry.Kind.TRANSITION).select_related("actor").last()
    status = current.get_status_display()
    if last and last.actor_id is not None and last.actor_id == user.pk:
        # Their own step in another window or tab: "someone … by you" would read as a stranger.
        said = gettext(
            "You acted on this excerpt in another window or tab: it is now “%(status)s”. "
            "Nothing was changed; reload to see it."
        )
    elif last and last.actor:
        said = gettext(
            "Someone acted first: this excerpt is now “%(status)s” by %(who)s. "
            "Nothing was changed; reload to see it."
        )
    else:
        said = gettext(
            "Someone acted first: this excerpt is now “%(status)s”. "
            "Nothing was changed; reload to see it."
        )
    return said % {"status": status, "who": last.actor if last else ""}


@transaction.atomic
def add_comment(excerpt: Excerpt, user, body: str) -> Comment:
    """A comment on the excerpt's current revision, recorded in the audit trail."""
    from desk.discussion import comment_on, subject_of

    return comment_on(
        subject_of(excerpt), revision_id=excerpt.current_revision_id, user=user, body=body
    )
