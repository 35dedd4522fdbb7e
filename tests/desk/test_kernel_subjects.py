"""The editorial kernel for every kind of subject (issue #26): an excerpt, and a memo that exists
only in the tests (tests.memos) and plugs in as claims and editions will, with no workflow code
of its own.

Each test runs once per kind: the rules table through `perform`, four eyes over everyone who
wrote since readers' approved revision and over changes of shared records, scheduling and the
clock, withdrawal, corrections, readers' copy (a record renamed after approval does not reach
readers), the audit log and the announcements. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from desk.models import AuditEntry, Excerpt
from desk.publishing import four_eyes, revisions, schedule
from desk.publishing.announcements import decision_recorded, publication_changed
from desk.publishing.states import Action, Status
from desk.publishing.subjects import type_of
from desk.publishing.workflow import (
    Seen,
    TransitionConflict,
    TransitionRefused,
    Why,
    allowed_actions,
    perform,
    refusal,
)
from desk.readers_view import copy_for_readers
from desk.record_changes import record_topic_change, topic_details
from tests.desk import test_workflow_matrix as matrix
from tests.factories import (
    EDITORS_ACTIONS,
    ROUTES,
    TopicFactory,
    UserFactory,
    make_excerpt,
    make_source,
)
from tests.factories import edit as edit_excerpt
from tests.memos import subject as memos
from tests.memos.models import Memo

_days = itertools.count(1)


class ExcerptKind:
    name = "excerpt"

    def make(self, editor, topics=()):
        # A source of its own each time: the library refuses the same text twice.
        text = f"The ministers met on day {next(_days)} to talk about the border."
        return make_excerpt(editor=editor, source=make_source(text), topics=list(topics))

    def edit(self, subject, user):
        return edit_excerpt(subject, user, annotation=f"Edited by {user.username}.")

    def readers_topics(self, subject) -> list[str]:
        live = Excerpt.objects.for_public_page().filter(pk=subject.pk).first()
        return sorted(t.name for t in copy_for_readers(live).links.topics) if live else []

    def readers_see(self, subject) -> bool:
        return Excerpt.objects.published().filter(pk=subject.pk).exists()


class MemoKind:
    name = "memo"

    def make(self, editor, topics=()):
        return revisions.start(Memo(), editor, memos.write("A memo.", list(topics), editor))

    def edit(self, subject, user):
        subject.refresh_from_db()
        topics = list(subject.current_revision.topics.all())
        return revisions.edit(
            subject,
            base_revision_id=subject.current_revision_id,
            user=user,
            write=memos.write(f"Edited by {user.username}.", topics, user),
        )

    def readers_topics(self, subject) -> list[str]:
        seen = memos.readers_see(subject)
        return seen["topics"] if seen else []

    def readers_see(self, subject) -> bool:
        return Memo.objects.published().filter(pk=subject.pk).exists()


KINDS = [ExcerptKind(), MemoKind()]


@pytest.fixture(params=KINDS, ids=lambda kind: kind.name)
def kind(request):
    return request.param


def _to(kind, state: str, *, editor, reviewer, topics=()):
    subject = kind.make(editor, topics)
    later = timezone.now() + dt.timedelta(days=2)
    routes = {
        "draft": [],
        "submitted": ["submit"],
        "approved": ["submit", "approve"],
        "scheduled": ["submit", "approve", "schedule"],
        "published": ["submit", "approve", "publish"],
    }
    for action in routes[state]:
        user = editor if action == "submit" else reviewer
        subject = perform(subject, action, user, publish_at=later)
    return subject


# Four eyes: the cells where it decides, for every kind of subject.
FOUR_EYES_CELLS = [("submitted", "approve"), ("approved", "schedule"), ("approved", "publish")]


@pytest.mark.parametrize(("state", "action"), FOUR_EYES_CELLS)
def test_the_maker_may_not_decide_and_another_reviewer_may(
    kind, state, action, chief, reviewer, reviewer2
):
    """`chief` holds both roles and made the subject: four eyes refuses them; another may."""
    subject = _to(kind, state, editor=chief, reviewer=reviewer)
    said = refusal(subject, Action(action), chief)
    assert said is not None and said.why == Why.FOUR_EYES
    assert "you made this" in said.message
    with pytest.raises(TransitionRefused):
        perform(subject, action, chief, publish_at=timezone.now() + dt.timedelta(days=1))
    assert refusal(subject, Action(action), reviewer2) is None
    assert Action(action) in {t.action for t in allowed_actions(subject, reviewer2)}


def test_everyone_who_wrote_since_readers_revision_is_refused(
    kind, editor, editor2, chief, reviewer, reviewer2
):
    """A correction: `chief` wrote one revision of it and `editor2` the next; neither the earlier
    writer nor the newest may approve it, though readers' revision was someone else's."""
    subject = _to(kind, "published", editor=editor, reviewer=reviewer)
    subject = kind.edit(subject, chief)
    subject = kind.edit(subject, editor2)
    subject = perform(subject, Action.SUBMIT, editor2)
    assert subject.in_correction
    for writer in (chief,):
        said = refusal(subject, Action.APPROVE, writer)
        assert said is not None and said.why == Why.FOUR_EYES
        assert "since readers'" in said.message
    assert four_eyes.writers(subject).keys() == {chief.pk, editor2.pk}
    # Lists ask the same question in one query, for every kind.
    model = type_of(subject).model
    waiting = four_eyes.not_written_by(model.objects.filter(pk=subject.pk), chief)
    assert not waiting.exists()
    assert four_eyes.not_written_by(model.objects.filter(pk=subject.pk), reviewer2).exists()
    listed = four_eyes.with_part_of(model.objects.filter(pk=subject.pk), chief).get()
    assert four_eyes.wrote_since_approval(listed, chief) == 2


def test_a_correction_needs_a_note_and_readers_keep_the_approved_revision(
    kind, editor, editor2, reviewer
):
    subject = _to(kind, "published", editor=editor, reviewer=reviewer)
    first = subject.published_revision_id
    subject = kind.edit(subject, editor2)
    subject = perform(subject, Action.SUBMIT, editor2)
    assert kind.readers_see(subject)
    assert subject.published_revision_id == first
    with pytest.raises(TransitionRefused, match="correction note"):
        perform(subject, Action.APPROVE, reviewer)
    subject = perform(subject, Action.APPROVE, reviewer, correction_note="A date was wrong.")
    assert subject.published_revision_id == first
    subject = perform(subject, Action.PUBLISH, reviewer)
    assert subject.published_revision_id == subject.current_revision_id != first
    assert subject.published_revision.correction_note == "A date was wrong."


def test_scheduling_and_the_clock(kind, editor, reviewer):
    subject = _to(kind, "scheduled", editor=editor, reviewer=reviewer)
    assert subject.status == Status.SCHEDULED and not kind.readers_see(subject)
    model = type_of(subject).model
    model.objects.filter(pk=subject.pk).update(visible_from=timezone.now() - dt.timedelta(1))
    assert kind.readers_see(subject)
    assert schedule.publish_due() >= 1
    subject.refresh_from_db()
    assert subject.status == Status.PUBLISHED
    entry = AuditEntry.objects.about(type_of(subject).kind, subject.pk).last()
    assert (entry.action, entry.actor_id) == (Action.PUBLISH, None)


def test_unscheduling_takes_back_readers_copy(kind, editor, reviewer):
    subject = _to(kind, "scheduled", editor=editor, reviewer=reviewer)
    subject = perform(subject, Action.UNSCHEDULE, reviewer)
    assert subject.status == Status.APPROVED
    assert subject.published_revision_id is None and subject.visible_from is None
    assert subject.readers_copy_id is None


def test_withdrawal_keeps_a_public_note(kind, editor, reviewer):
    subject = _to(kind, "published", editor=editor, reviewer=reviewer)
    with pytest.raises(TransitionRefused, match="public note"):
        perform(subject, Action.WITHDRAW, reviewer)
    subject = perform(subject, Action.WITHDRAW, reviewer, comment="It was not true.")
    assert not kind.readers_see(subject)
    assert subject.withdrawal_note == "It was not true."
    said = refusal(subject, Action.WITHDRAW, reviewer)
    assert said is not None and said.why == Why.STATE


def test_a_stale_view_is_a_conflict_that_names_who_acted(kind, editor, reviewer, reviewer2):
    subject = _to(kind, "submitted", editor=editor, reviewer=reviewer)
    seen = Seen.of(subject)
    perform(subject, Action.REJECT, reviewer2, comment="No.")
    with pytest.raises(TransitionConflict, match="Someone acted first"):
        perform(subject, Action.APPROVE, reviewer, seen=seen)


def test_a_renamed_topic_reaches_readers_only_through_a_second_person(
    kind, editor, reviewer, reviewer2
):
    """Readers keep the topic's name as approved; the reviewer who renamed it may not approve a
    subject showing it until someone else has taken a readers' copy showing the new name (of
    any kind of subject: the kernel asks every kind's copies)."""
    topic = TopicFactory(name="Border crossings")
    subject = _to(kind, "published", editor=editor, reviewer=reviewer, topics=[topic])
    before = topic_details(topic)
    topic.name = "Border crossings and queues"
    topic.save()
    record_topic_change(topic, before, reviewer)
    assert kind.readers_topics(subject) == ["Border crossings"]

    waiting = _to(kind, "submitted", editor=editor, reviewer=reviewer, topics=[topic])
    said = refusal(waiting, Action.APPROVE, reviewer)
    assert said is not None and said.why == Why.FOUR_EYES_RECORDS
    model = type_of(waiting).model
    assert not four_eyes.not_written_by(model.objects.filter(pk=waiting.pk), reviewer).exists()
    assert four_eyes.changed_unseen(waiting, reviewer)

    # Another reviewer approves a subject showing the topic (an excerpt: any kind counts).
    other = ExcerptKind().make(editor, [topic])
    perform(perform(other, Action.SUBMIT, editor), Action.APPROVE, reviewer2)
    assert refusal(waiting, Action.APPROVE, reviewer) is None
    approved = perform(waiting, Action.APPROVE, reviewer)
    published = perform(approved, Action.PUBLISH, reviewer)
    assert kind.readers_topics(published) == ["Border crossings and queues"]
    assert kind.readers_topics(subject) == ["Border crossings"]


def test_the_audit_log_records_each_decision_about_its_subject(kind, editor, reviewer2):
    subject = _to(kind, "submitted", editor=editor, reviewer=reviewer2)
    from desk.models import one_user_action

    with one_user_action() as action_id:
        subject = perform(subject, Action.APPROVE, reviewer2)
        perform(subject, Action.PUBLISH, reviewer2)
    entries = list(AuditEntry.objects.about(type_of(subject).kind, subject.pk))
    assert [e.kind for e in entries] == ["created", "transition", "transition", "transition"]
    assert [e.action for e in entries[1:]] == ["submit", "approve", "publish"]
    # "Approve and publish" is one user action: its two entries share one id.
    assert entries[2].action_id == entries[3].action_id == action_id != entries[1].action_id
    with pytest.raises(PermissionError):
        entries[0].save()


def test_decisions_are_announced_with_the_subjects_model(
    kind, editor, reviewer, django_capture_on_commit_callbacks
):
    heard: list[tuple] = []

    def decision(sender, subject_id, action, **kwargs):
        heard.append(("decision", sender, subject_id, action))

    def publication(sender, **kwargs):
        heard.append(("publication", sender))

    decision_recorded.connect(decision, dispatch_uid="test-kernel-decision")
    publication_changed.connect(publication, dispatch_uid="test-kernel-publication")
    try:
        subject = _to(kind, "approved", editor=editor, reviewer=reviewer)
        with django_capture_on_commit_callbacks(execute=True):
            perform(subject, Action.PUBLISH, reviewer)
    finally:
        decision_recorded.disconnect(dispatch_uid="test-kernel-decision")
        publication_changed.disconnect(dispatch_uid="test-kernel-publication")
    model = type_of(subject).model
    assert ("decision", model, subject.pk, Action.PUBLISH) in heard
    assert ("publication", model) in heard


def test_a_model_nobody_registered_is_not_a_subject():
    from desk.models import Topic

    with pytest.raises(LookupError, match="not a subject"):
        type_of(Topic)


# The whole rules table, for every kind of subject, against the hand-written table the desk's
# pages are checked against (tests/desk/test_workflow_matrix.py), through the kernel itself.

KERNEL_CELLS = [
    pytest.param(
        state,
        action,
        id=f"{state}-{action}",
        marks=[] if (state, action) in matrix.FAST else [pytest.mark.slow],
    )
    for state in matrix.STATES
    for action in matrix.ACTIONS
    if action != Action.CARRY
]


def _people():
    from django.contrib.auth.models import AnonymousUser

    return {
        "author": UserFactory(username="author", roles=["editor", "reviewer"]),
        "editor": UserFactory(username="ed", roles=["editor"]),
        "reviewer": UserFactory(username="rev", roles=["reviewer"]),
        "superuser": UserFactory(username="su", is_superuser=True, roles=["editor", "reviewer"]),
        "outsider": UserFactory(username="out"),
        "anonymous": AnonymousUser(),
    }


def _route(kind, state: str, people):
    subject = kind.make(people["author"])
    later = timezone.now() + dt.timedelta(days=2)
    for action in ROUTES[state]:
        user = people["author"] if action in EDITORS_ACTIONS else people["reviewer"]
        subject = perform(subject, action, user, comment="Because.", publish_at=later)
    assert subject.status == state
    return subject


def _try(kind, subject, action: str, user) -> bool:
    try:
        if action == Action.EDIT:
            kind.edit(subject, user)
        else:
            perform(
                subject,
                action,
                user,
                comment="A reason.",
                publish_at=timezone.now() + dt.timedelta(days=1),
            )
    except (TransitionRefused, revisions.EditRefused):
        return False
    return True


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "action"), KERNEL_CELLS)
def test_the_rules_table_holds_for_every_kind_of_subject(kind, state, action):
    people = _people()
    for persona in matrix.PERSONAS:
        subject = _route(kind, state, people)
        before = (subject.status, subject.current_revision_id)
        done = _try(kind, subject, action, people[persona])
        subject.refresh_from_db()
        allowed = persona in matrix.ALLOWED.get((state, action), set())
        cell = f"{kind.name}: {persona} {action} on {state}"
        assert done == allowed, cell
        if allowed:
            assert subject.status == matrix.TARGET[action], cell
        else:
            assert (subject.status, subject.current_revision_id) == before, cell


def test_the_public_state_moves_when_readers_view_of_any_kind_moves(
    kind, editor, reviewer, django_capture_on_commit_callbacks
):
    """The public cache's state (desk.public.cache) is renewed by a publication of any kind of
    subject, and its fingerprint tells the difference."""
    from desk.public.cache import current_state

    subject = _to(kind, "approved", editor=editor, reviewer=reviewer)
    before = current_state()["fingerprint"]
    with django_capture_on_commit_callbacks(execute=True):
        subject = perform(subject, Action.PUBLISH, reviewer)
    published = current_state()["fingerprint"]
    assert published != before
    with django_capture_on_commit_callbacks(execute=True):
        perform(subject, Action.WITHDRAW, reviewer, comment="Not so.")
    assert current_state()["fingerprint"] != published


def test_a_decisions_comment_joins_the_subjects_discussion(kind, editor, reviewer):
    from desk.models import Comment

    subject = _to(kind, "submitted", editor=editor, reviewer=reviewer)
    perform(subject, Action.REQUEST_CHANGES, reviewer, comment="Say who said it.")
    about = Comment.objects.about(type_of(subject).kind, subject.pk)
    assert [(c.body, c.author_id) for c in about] == [("Say who said it.", reviewer.pk)]
