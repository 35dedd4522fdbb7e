"""The review workflow as data: every state, and the one table of who may do what in which.

This table is the single statement of the rules. The kernel's desk.publishing.workflow carries the
transitions out for every kind of subject, the UI and the API offer only what it allows, and the
README shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("state of an excerpt", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("state of an excerpt", "Submitted for review")
    CHANGES_REQUESTED = (
        "changes_requested",
        pgettext_lazy("state of an excerpt", "Changes requested"),
    )
    APPROVED = "approved", pgettext_lazy("state of an excerpt", "Approved")
    SCHEDULED = "scheduled", pgettext_lazy("state of an excerpt", "Scheduled")
    PUBLISHED = "published", pgettext_lazy("state of an excerpt", "Published")
    REJECTED = "rejected", pgettext_lazy("state of an excerpt", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("state of an excerpt", "Withdrawn")


class Role(models.TextChoices):
    EDITOR = "editor", pgettext_lazy("a person's role on the desk", "Editor")
    REVIEWER = "reviewer", pgettext_lazy("a person's role on the desk", "Reviewer")


class Action(models.TextChoices):
    SUBMIT = "submit", pgettext_lazy("a workflow action", "Submit for review")
    REQUEST_CHANGES = "request_changes", pgettext_lazy("a workflow action", "Request changes")
    REJECT = "reject", pgettext_lazy("a workflow action", "Reject")
    APPROVE = "approve", pgettext_lazy("a workflow action", "Approve")
    SCHEDULE = "schedule", pgettext_lazy("a workflow action", "Schedule")
    PUBLISH = "publish", pgettext_lazy("a workflow action", "Publish now")
    WITHDRAW = "withdraw", pgettext_lazy("a workflow action", "Withdraw")
    REOPEN = "reopen", pgettext_lazy("a workflow action", "Reopen as draft")
    RESCHEDULE = "reschedule", pgettext_lazy("a workflow action", "Reschedule")
    UNSCHEDULE = "unschedule", pgettext_lazy("a workflow action", "Unschedule")
    # Saving a new revision: carried out by desk.editing, ruled by the same table.
    EDIT = "edit", pgettext_lazy("a workflow action", "Edit")
    # Carrying changed shared records (a source's details, an actor, an event, a topic) into the
    # live items that show them, as one correction: desk.readers_copy.carry, on the shared-records
    # page, ruled by the same table.
    CARRY = (
        "carry_correction",
        pgettext_lazy("a workflow action", "Carry changed records into published items"),
    )


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Status]
    target: Status
    role: Role
    # A comment is required; for a withdrawal it is the public note.
    needs_comment: bool = False
    # Refused to whoever created the excerpt or wrote any revision since readers' version was
    # approved (all of them, if readers never saw one), superusers included; and to whoever
    # changed a record it links (its source, actors, events, topics) when nobody else has taken
    # a readers' copy showing that record since (desk.four_eyes.records_refusal).
    four_eyes: bool = False
    # Refused to whoever made any of the changes of shared records it would carry into items
    # (desk.four_eyes.carry_refusal), superusers included.
    four_eyes_over_records: bool = False


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
        # Into every live item (any whose published revision readers see), which stays published
        # to readers, now with the carried copy of its links and "Corrected on DATE: note"; the
        # desk's own state of the item (a correction in progress, say) is kept.
        Transition(
            Action.CARRY,
            frozenset(set(S) - {S.WITHDRAWN}),
            S.PUBLISHED,
            Role.REVIEWER,
            needs_comment=True,
            four_eyes_over_records=True,
        ),
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
# is made in the editor instead, and changed records are carried on the shared-records page.
DECISIONS = tuple(action for action in TRANSITIONS if action not in (Action.EDIT, Action.CARRY))
# Shown to reviewers as waiting for them.
AWAITING_REVIEW = frozenset({S.SUBMITTED})
