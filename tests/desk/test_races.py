"""Races: simultaneous decisions on one excerpt, on SQLite and PostgreSQL alike.

Each thread has its own database connection, so these exercise the real locking: SQLite's
IMMEDIATE transactions with a busy timeout, and PostgreSQL's row-level conditional updates.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from desk.editing import ExcerptContent, edit_excerpt
from desk.models import AuditEntry, Excerpt
from desk.publishing.revisions import EditRefused
from desk.publishing.states import Action, Status
from desk.publishing.workflow import TransitionRefused, perform
from tests.factories import BriefingFactory, UserFactory, make_excerpt, make_source

# Slow: left out by `make test-fast`, run by `make test` and CI.
pytestmark = pytest.mark.slow


def run_together(jobs):
    """Start every job at the same instant; return what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def runner(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_approvals_give_one_approval():
    editor = UserFactory(username="author", roles=["editor"])
    reviewers = [UserFactory(username=f"reviewer{i}", roles=["reviewer"]) for i in range(20)]
    excerpt = perform(
        make_excerpt(editor=editor, source=make_source(), briefing=BriefingFactory()),
        Action.SUBMIT,
        editor,
    )

    def approve(reviewer):
        return lambda: perform(Excerpt.objects.get(pk=excerpt.pk), Action.APPROVE, reviewer)

    results = run_together([approve(r) for r in reviewers])
    wins = [r for r in results if isinstance(r, Excerpt)]
    refusals = [r for r in results if isinstance(r, TransitionRefused)]
    assert len(wins) == 1
    assert len(refusals) == 19, [
        r for r in results if not isinstance(r, Excerpt | TransitionRefused)
    ]
    winner = AuditEntry.objects.get(excerpt=excerpt, action=Action.APPROVE).actor
    assert all(winner.username in str(r) or "cannot be sent" in str(r) for r in refusals)
    excerpt.refresh_from_db()
    assert excerpt.status == Status.APPROVED


def _edit_against_publish(excerpt, *, editor2, reviewer, reviewer2, label):
    """One race: a send-back and rewrite against an approval and publication."""
    revision = excerpt.current_revision

    def send_back_and_edit():
        # Another reviewer sends it back and an editor rewrites it at once.
        perform(
            Excerpt.objects.get(pk=excerpt.pk), Action.REQUEST_CHANGES, reviewer2, comment="Redo."
        )
        return edit_excerpt(
            excerpt=Excerpt.objects.get(pk=excerpt.pk),
            base_revision_id=revision.pk,
            content=ExcerptContent(
                source_version=revision.source_version,
                start=revision.start,
                end=revision.end,
                annotation=f"UNREVIEWED {label}",
                briefing=revision.briefing,
                kind="claim",
            ),
            user=editor2,
        )

    def approve_and_publish():
        approved = perform(Excerpt.objects.get(pk=excerpt.pk), Action.APPROVE, reviewer)
        return perform(approved, Action.PUBLISH, reviewer)

    return run_together([send_back_and_edit, approve_and_publish])


@pytest.mark.django_db(transaction=True)
def test_simultaneous_edit_and_publish_never_publish_an_unreviewed_revision():
    editor = UserFactory(username="author", roles=["editor"])
    editor2 = UserFactory(username="other", roles=["editor"])
    reviewer = UserFactory(username="rev", roles=["reviewer"])
    reviewer2 = UserFactory(username="rev2", roles=["reviewer"])
    source, briefing = make_source(), BriefingFactory()
    for round_ in range(5):
        excerpt = make_excerpt(
            editor=editor, source=source, briefing=briefing, quote="The Council met"
        )
        excerpt = perform(excerpt, Action.SUBMIT, editor)
        results = _edit_against_publish(
            excerpt, editor2=editor2, reviewer=reviewer, reviewer2=reviewer2, label=round_
        )
        assert all(isinstance(r, Excerpt | TransitionRefused | EditRefused) for r in results), (
            results
        )
        excerpt.refresh_from_db()
        published = excerpt.published_revision
        if published is not None:
            assert published.approved_by == reviewer
            assert "UNREVIEWED" not in published.annotation
        if excerpt.current_revision.annotation.startswith("UNREVIEWED"):
            assert excerpt.status == Status.DRAFT
            assert excerpt.current_revision.approved_by is None
