"""Carrying out the review workflow: each transition guarded, atomic, and recorded.

desk.states says what is allowed; this module checks it against the excerpt as it is in the
database at that instant and moves it with one conditional UPDATE, so that of two reviewers
acting at once exactly one wins and the other is told who did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from desk.models import AuditEntry, Comment, Excerpt
from desk.notifications import notify
from desk.roles import has_role
from desk.signals import announce_publication_change
from desk.states import TRANSITIONS, Action, Status, Transition

# Actions after which what readers see may have changed.
PUBLIC_ACTIONS = frozenset(
    {Action.PUBLISH, Action.SCHEDULE, Action.WITHDRAW, Action.REQUEST_CHANGES, Action.REJECT}
)


class TransitionRefused(ValueError):
    """A transition this person may not make now, with the reason in plain words."""


class TransitionConflict(TransitionRefused):
    """Someone else changed the excerpt first; nothing was done."""


class Why(models.TextChoices):
    """What kind of rule refused a transition: the API answers 403 for who, 409 for when."""

    ROLE = "role", "The person lacks the role"
    FOUR_EYES = "four_eyes", "The person made or last edited it"
    STATE = "state", "The excerpt is not in a state that allows it"


@dataclass(frozen=True)
class Refusal:
    why: Why
    message: str

    def __str__(self) -> str:
        return self.message


def refusal(excerpt: Excerpt, action: Action, user) -> Refusal | None:
    """Why this user may not take this action on the excerpt as loaded, or None if they may."""
    transition = TRANSITIONS[action]
    if not has_role(user, transition.role):
        return Refusal(
            Why.ROLE, f"Only {transition.role.label.lower()}s can {action.label.lower()}."
        )
    if excerpt.status not in transition.sources:
        return Refusal(
            Why.STATE,
            f"An excerpt that is “{excerpt.get_status_display()}” "
            f"cannot be sent to “{transition.target.label}”.",
        )
    if transition.four_eyes and user.pk in (excerpt.created_by_id, excerpt.last_editor_id):
        return Refusal(
            Why.FOUR_EYES,
            "Four eyes: you made or last edited this excerpt, so another reviewer must decide.",
        )
    if action == Action.WITHDRAW and not excerpt.is_published:
        return Refusal(Why.STATE, "Only an excerpt that readers can see can be withdrawn.")
    if action == Action.SCHEDULE and excerpt.is_published:
        return Refusal(
            Why.STATE, "A correction to a published item is published at once, not scheduled."
        )
    return None


def allowed_actions(excerpt: Excerpt, user) -> list[Transition]:
    """The transitions this user can make on this excerpt now, for showing as buttons."""
    return [t for action, t in TRANSITIONS.items() if refusal(excerpt, action, user) is None]


def _check_input(
    excerpt: Excerpt, transition: Transition, comment: str, publish_at, correction_note: str
) -> None:
    if transition.needs_comment and not comment.strip():
        what = "a public note" if transition.action == Action.WITHDRAW else "a comment"
        raise TransitionRefused(f"“{transition.action.label}” needs {what} saying why.")
    if transition.action == Action.SCHEDULE:
        if publish_at is None:
            raise TransitionRefused("Give the date and time to publish at.")
        if publish_at <= timezone.now():
            raise TransitionRefused(
                "The publication time must be in the future; to publish now, choose “Publish now”."
            )
    needs_note = (
        excerpt.published_revision_id is not None
        and excerpt.published_revision_id != excerpt.current_revision_id
    )
    if (
        transition.action in (Action.APPROVE, Action.PUBLISH)
        and needs_note
        and excerpt.status != Status.WITHDRAWN
    ):
        current = excerpt.current_revision
        if not (correction_note.strip() or (current and current.correction_note)):
            raise TransitionRefused(
                "This changes a published item: write a correction note for readers."
            )


@transaction.atomic
def perform(
    excerpt: Excerpt,
    action: Action | str,
    user,
    *,
    comment: str = "",
    publish_at: dt.datetime | None = None,
    correction_note: str = "",
) -> Excerpt:
    """Take a workflow action on the excerpt as the given user; returns the fresh excerpt.

    Raises TransitionRefused (with the reason) when the rules forbid it, and TransitionConflict
    when someone else moved the excerpt first.
    """
    action = Action(action)
    transition = TRANSITIONS[action]
    publish_due()
    fresh = Excerpt.objects.select_related("current_revision", "published_revision").get(
        pk=excerpt.pk
    )
    if fresh.status != excerpt.status or fresh.current_revision_id != excerpt.current_revision_id:
        raise TransitionConflict(_conflict_message(fresh))
    reason = refusal(fresh, action, user)
    if reason:
        raise TransitionRefused(reason.message)
    _check_input(fresh, transition, comment, publish_at, correction_note)

    now = timezone.now()
    revision = fresh.current_revision
    changes: dict = {"status": transition.target, "updated_at": now}
    if action == Action.APPROVE:
        revision.approved_by, revision.approved_at = user, now
        if correction_note.strip():
            revision.correction_note = correction_note.strip()
        revision.save(
            allow_update=True, update_fields=["approved_by", "approved_at", "correction_note"]
        )
    elif action in (Action.PUBLISH, Action.SCHEDULE):
        if correction_note.strip():
            revision.correction_note = correction_note.strip()
        when = publish_at if action == Action.SCHEDULE else now
        revision.published_at = when
        revision.save(allow_update=True, update_fields=["published_at", "correction_note"])
        changes.update(published_revision=revision, visible_from=when)
        if fresh.first_published_at is None:
            changes["first_published_at"] = when
    elif action in (Action.REQUEST_CHANGES, Action.REJECT) and fresh.status == Status.SCHEDULED:
        # Not yet seen by readers: taking it back means it never goes up.
        changes.update(published_revision=None, visible_from=None, first_published_at=None)
    elif action == Action.WITHDRAW:
        changes["withdrawal_note"] = comment.strip()
    elif action == Action.REOPEN and fresh.status == Status.WITHDRAWN:
        changes.update(published_revision=None, visible_from=None, withdrawal_note="")

    updated = Excerpt.objects.filter(
        pk=fresh.pk, status=fresh.status, current_revision_id=fresh.current_revision_id
    ).update(**changes)
    if not updated:
        raise TransitionConflict(_conflict_message(Excerpt.objects.get(pk=fresh.pk)))
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
    notify(fresh, action, user, comment=comment.strip())
    return fresh


def _conflict_message(current: Excerpt) -> str:
    last = current.audit.filter(kind=AuditEntry.Kind.TRANSITION).select_related("actor").last()
    who = f" by {last.actor}" if last and last.actor else ""
    return (
        f"Someone acted first: this excerpt is now “{current.get_status_display()}”{who}. "
        "Nothing was changed; reload to see it."
    )


def publish_due(now: dt.datetime | None = None) -> int:
    """Mark scheduled excerpts whose time has come as published; returns how many.

    Readers never depend on this having run (the public QuerySet compares `visible_from` with
    the clock); it keeps the desk's states and audit trail true.
    """
    now = now or timezone.now()
    due = list(
        Excerpt.objects.filter(Q(status=Status.SCHEDULED) & Q(visible_from__lte=now)).values_list(
            "pk", "current_revision_id"
        )
    )
    count = 0
    for pk, revision_id in due:
        with transaction.atomic():
            if Excerpt.objects.filter(pk=pk, status=Status.SCHEDULED).update(
                status=Status.PUBLISHED
            ):
                AuditEntry.objects.create(
                    excerpt_id=pk,
                    revision_id=revision_id,
                    kind=AuditEntry.Kind.TRANSITION,
                    action=Action.PUBLISH,
                    from_status=Status.SCHEDULED,
                    to_status=Status.PUBLISHED,
                    actor=None,
                    note="Published at its scheduled time.",
                )
                count += 1
    if count:
        announce_publication_change()
    return count


@transaction.atomic
def add_comment(excerpt: Excerpt, user, body: str) -> Comment:
    """A comment on the excerpt's current revision, recorded in the audit trail."""
    comment = Comment.objects.create(
        excerpt=excerpt, revision_id=excerpt.current_revision_id, author=user, body=body
    )
    AuditEntry.objects.create(
        excerpt=excerpt,
        revision_id=excerpt.current_revision_id,
        kind=AuditEntry.Kind.COMMENTED,
        actor=user,
        note=body[:200],
    )
    return comment
