"""The review workflow as data: every state, and the one table of who may do what in which.

This table is the single statement of the rules. desk.workflow carries the transitions out, the
UI and the API offer only what it allows, and the README shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Role(models.TextChoices):
    EDITOR = "editor", "Editor"
    REVIEWER = "reviewer", "Reviewer"


class Action(models.TextChoices):
    SUBMIT = "submit", "Submit for review"
    REQUEST_CHANGES = "request_changes", "Request changes"
    REJECT = "reject", "Reject"
    APPROVE = "approve", "Approve"
    SCHEDULE = "schedule", "Schedule"
    PUBLISH = "publish", "Publish now"
    WITHDRAW = "withdraw", "Withdraw"
    REOPEN = "reopen", "Reopen as draft"
    RESCHEDULE = "reschedule", "Reschedule"
    UNSCHEDULE = "unschedule", "Unschedule"
    # Saving a new revision: carried out by desk.editing, ruled by the same table.
    EDIT = "edit", "Edit"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Status]
    target: Status
    role: Role
    # A comment is required; for a withdrawal it is the public note.
    needs_comment: bool = False
    # Refused to whoever created the excerpt or wrote any revision since readers' version was
    # approved (all of them, if readers never saw one), superusers included.
    four_eyes: bool = False


S = Status
TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in [
        Transition(
            Action.SUBMIT, frozenset({S.DRAFT, S.CHANGES_REQUESTED}), S.SUBMITTED, Role.EDITOR
        ),
        Transition(
            Action.REQUEST_CHANGES,
            frozenset({S.SUBMITTED, S.APPROVED, S.SCHEDULED}),
            S.CHANGES_REQUESTED,
            Role.REVIEWER,
            needs_comment=True,
        ),
        Transition(
            Action.REJECT,
            frozenset({S.SUBMITTED, S.APPROVED, S.SCHEDULED}),
            S.REJECTED,
            Role.REVIEWER,
            needs_comment=True,
        ),
        Transition(
            Action.APPROVE, frozenset({S.SUBMITTED}), S.APPROVED, Role.REVIEWER, four_eyes=True
        ),
        Transition(
            Action.SCHEDULE, frozenset({S.APPROVED}), S.SCHEDULED, Role.REVIEWER, four_eyes=True
        ),
        Transition(
            Action.PUBLISH,
            frozenset({S.APPROVED, S.SCHEDULED}),
            S.PUBLISHED,
            Role.REVIEWER,
            four_eyes=True,
        ),
        Transition(
            Action.WITHDRAW,
            frozenset(set(S) - {S.WITHDRAWN}),
            S.WITHDRAWN,
            Role.REVIEWER,
            needs_comment=True,
        ),
        Transition(Action.REOPEN, frozenset({S.REJECTED, S.WITHDRAWN}), S.DRAFT, Role.EDITOR),
        # A new time for a scheduled item, decided like the schedule itself.
        Transition(
            Action.RESCHEDULE, frozenset({S.SCHEDULED}), S.SCHEDULED, Role.REVIEWER, four_eyes=True
        ),
        # Taken back before readers saw it: approved again, with no time and no correction note.
        Transition(Action.UNSCHEDULE, frozenset({S.SCHEDULED}), S.APPROVED, Role.REVIEWER),
        # Editing a published excerpt starts a correction (a new draft revision) while readers
        # keep seeing the published revision.
        Transition(
            Action.EDIT,
            frozenset({S.DRAFT, S.CHANGES_REQUESTED, S.PUBLISHED}),
            S.DRAFT,
            Role.EDITOR,
        ),
    ]
}
# The transitions a person decides on the excerpt's page or through the API's actions; an edit
# is made in the editor instead.
DECISIONS = tuple(action for action in TRANSITIONS if action != Action.EDIT)
# Shown to reviewers as waiting for them.
AWAITING_REVIEW = frozenset({S.SUBMITTED})
