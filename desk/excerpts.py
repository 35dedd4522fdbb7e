"""The excerpt as a subject of the editorial kernel: what the kernel's decisions do to one.

The kernel (desk.publishing) decides, checks four eyes, schedules, withdraws and records for any
subject; an excerpt adds its own: an annotation before it goes toward readers, a quote whose
moved anchor holds it back from the clock, the readers' copy of the source, actors, events and
topics it shows (desk.readers_copy), the discussion kept with it, and the e-mails to the people
who follow it (desk.notifications).
"""

from __future__ import annotations

from django.db.models import Q, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as noop

from desk import four_eyes, readers_copy
from desk.discussion import comment_on, subject_of
from desk.models import AnchorStatus, Comment, Excerpt, ExcerptRevision, SubjectKind
from desk.models.excerpt import IN_A_PUBLIC_BRIEFING
from desk.notifications import notify
from desk.publishing.states import Action
from desk.publishing.subjects import SubjectType, Words, register
from desk.publishing.workflow import TransitionConflict, TransitionRefused

WORDS = Words(
    made_it=noop("Four eyes: you made this excerpt, so another reviewer must decide."),
    wrote=noop(
        "Four eyes: you wrote revision %(number)s of it, so another reviewer must decide on "
        "these words."
    ),
    wrote_since=noop(
        "Four eyes: you wrote revision %(number)s since readers' version was approved, so "
        "another reviewer must decide on these words."
    ),
    only_editors_edit=noop("Only editors can edit excerpts."),
    only_reviewers_edit=noop("Only reviewers can edit excerpts."),
    cannot_edit=noop("An excerpt that is “%(state)s” cannot be edited."),
    cannot_send=noop("An excerpt that is “%(state)s” cannot be sent to “%(target)s”."),
    only_live_withdrawn=noop("Only an excerpt that readers can see can be withdrawn."),
    conflict_own=noop(
        "You acted on this excerpt in another window or tab: it is now “%(status)s”. "
        "Nothing was changed; reload to see it."
    ),
    conflict_by=noop(
        "Someone acted first: this excerpt is now “%(status)s” by %(who)s. "
        "Nothing was changed; reload to see it."
    ),
    conflict=noop(
        "Someone acted first: this excerpt is now “%(status)s”. "
        "Nothing was changed; reload to see it."
    ),
)

# Decisions that send an excerpt toward readers: an imported highlight must be annotated first.
TOWARD_READERS = (Action.SUBMIT, Action.APPROVE, Action.PUBLISH, Action.SCHEDULE)


class ExcerptType(SubjectType):
    kind = SubjectKind.EXCERPT
    model = Excerpt
    revision_model = ExcerptRevision
    subject_field = "excerpt"
    words = WORDS

    def readers_condition(self) -> Q:
        return IN_A_PUBLIC_BRIEFING

    def readers_figures(self, seen: Q) -> dict:
        # A carried correction gives live items new copies; a moved item, another briefing.
        return {
            "copies": Sum("readers_copy_id", filter=seen),
            "briefings": Sum("published_revision__briefing_id", filter=seen),
        }

    def due_condition(self) -> Q:
        # A quote moved or gone from a newer version of its source is held (desk.scheduled).
        return Q(anchor_status=AnchorStatus.OK)

    def records_refusal(self, subject, user) -> str | None:
        return four_eyes.records_refusal(subject, user)

    def unseen_changes_in_list(self, user):
        return four_eyes.unseen_changes_in_list(user)

    def copies_showing(self):
        return four_eyes.copies_showing()

    def check_input(self, subject, transition) -> None:
        if transition.action in TOWARD_READERS and not subject.current_revision.annotation.strip():
            # A highlight imported from another tool: a draft until an editor says something of it.
            raise TransitionRefused(
                gettext(
                    "This excerpt has no annotation yet (it was imported as a highlight): edit it "
                    "and write one before it goes further."
                )
            )

    def copy_to_take(self, action, revision, seen):
        """The readers' copy this decision keeps (taken earlier of the same revision), or the data
        of the one it takes, read now and checked against what the person saw."""
        if action != Action.APPROVE:
            earlier = readers_copy.latest_for(revision)
            if earlier is not None:
                return earlier, None
        # Read once: the copy stored is exactly the one compared with what the person saw.
        copy = readers_copy.copy_now(revision.pk)
        # Compared only when the person sent what they saw: the desk's pages always do; an older
        # API client sending only status and revision (an ETag without it) is answered as before.
        if seen.links is not None and readers_copy.copy_fingerprint(copy) != seen.links:
            raise TransitionConflict(
                gettext(
                    "The source, actors, events or topics this item shows changed since you "
                    "opened it: reload to see them before you decide. Nothing was changed."
                )
            )
        return None, copy

    def take_copy(self, subject, revision, user, data):
        return readers_copy.take(subject, revision, user, data=data)

    def published_fields(self, copy) -> dict:
        return {"readers_copy": copy}

    def withdrawn_fields(self) -> dict:
        return {"readers_copy": None}

    def discussion_fields(self, subject, revision) -> dict:
        return {"excerpt": subject, "revision": revision}

    def audit_fields(self, subject, revision) -> dict:
        return {"excerpt": subject, "revision": revision}

    def told(self, subject, action, user, comment: str) -> None:
        notify(subject, action, user, comment=comment)


EXCERPTS = register(ExcerptType())


def add_comment(excerpt: Excerpt, user, body: str) -> Comment:
    """A comment on the excerpt's current revision, recorded in the audit trail
    (desk.discussion.comment_on)."""
    return comment_on(
        subject_of(excerpt), revision_id=excerpt.current_revision_id, user=user, body=body
    )
