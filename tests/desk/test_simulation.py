"""A desk at work: simulated editors and reviewers acting at once, then every invariant checked.

Threads with their own database connections make, edit, submit, review, publish and withdraw
excerpts at random for a bounded number of steps. Whatever the interleaving, afterwards:
no item is published without an approval by someone other than its author and last editor,
every transition has its audit entry, and no revision was lost.
"""

from __future__ import annotations

import random
import threading

import pytest
from django.db import connections

from desk.editing import ExcerptContent, create_excerpt, edit_excerpt
from desk.models import AuditEntry, Excerpt, ExcerptRevision
from desk.publishing.revisions import EditRefused
from desk.publishing.states import Action, Status
from desk.publishing.workflow import TransitionRefused, perform
from tests.factories import BriefingFactory, UserFactory, make_source

# Slow: left out by `make test-fast`, run by `make test` and CI.
pytestmark = pytest.mark.slow

STEPS_PER_PERSON = 25


def _editor_step(rng, user, source, briefing, made):
    text = source.current_version.text
    if not made or rng.random() < 0.3:
        start = rng.randrange(0, len(text) - 30)
        excerpt = create_excerpt(
            content=ExcerptContent(
                source_version=source.current_version, start=start, end=start + 20,
                annotation=f"by {user.username}", briefing=briefing, kind="claim",
            ),
            user=user,
        )  # fmt: skip
        made.append(excerpt.pk)
        return
    excerpt = Excerpt.objects.select_related("current_revision").get(pk=rng.choice(made))
    if rng.random() < 0.5:
        revision = excerpt.current_revision
        edit_excerpt(
            excerpt=excerpt,
            base_revision_id=revision.pk,
            content=ExcerptContent(
                source_version=revision.source_version, start=revision.start, end=revision.end,
                annotation=f"edited by {user.username} {rng.random():.5f}", briefing=briefing, kind="claim",
            ),
            user=user,
        )  # fmt: skip
    else:
        perform(excerpt, rng.choice([Action.SUBMIT, Action.REOPEN]), user)


def _reviewer_step(rng, user):
    pool = list(Excerpt.objects.exclude(status=Status.DRAFT).values_list("pk", flat=True)[:50])
    if not pool:
        return
    excerpt = Excerpt.objects.select_related("current_revision").get(pk=rng.choice(pool))
    action = rng.choice(
        [
            Action.APPROVE,
            Action.APPROVE,
            Action.PUBLISH,
            Action.PUBLISH,
            Action.REQUEST_CHANGES,
            Action.REJECT,
            Action.WITHDRAW,
        ]
    )
    perform(
        excerpt, action, user, comment="Simulated reason.", correction_note="Simulated correction."
    )


@pytest.mark.django_db(transaction=True)
def test_simulated_desk_keeps_every_invariant():
    editors = [UserFactory(username=f"sim-editor{i}", roles=["editor"]) for i in range(3)]
    reviewers = [UserFactory(username=f"sim-reviewer{i}", roles=["reviewer"]) for i in range(2)]
    chief = UserFactory(username="sim-chief", roles=["editor", "reviewer"])
    source = make_source(
        text="\n".join(f"Paragraph {i} says something worth quoting at length." for i in range(40))
    )
    briefing = BriefingFactory()
    errors: list[BaseException] = []
    made: list[int] = []

    def person(user, seed, editor: bool, reviewer: bool):
        rng = random.Random(seed)
        try:
            for _ in range(STEPS_PER_PERSON):
                try:
                    if editor and (not reviewer or rng.random() < 0.5):
                        _editor_step(rng, user, source, briefing, made)
                    else:
                        _reviewer_step(rng, user)
                except (TransitionRefused, EditRefused):
                    pass  # refusals and lost races are expected; anything else is a failure
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=person, args=(u, i, True, False)) for i, u in enumerate(editors)
    ]
    threads += [
        threading.Thread(target=person, args=(u, 10 + i, False, True))
        for i, u in enumerate(reviewers)
    ]
    threads.append(threading.Thread(target=person, args=(chief, 99, True, True)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []

    excerpts = Excerpt.objects.select_related(
        "published_revision", "current_revision", "created_by"
    )
    assert excerpts.count() >= 3
    for excerpt in excerpts:
        published = excerpt.published_revision
        if published is not None:
            assert published.approved_by_id is not None, excerpt.pk
            assert published.approved_by_id not in (
                excerpt.created_by_id,
                published.created_by_id,
            ), excerpt.pk
        numbers = sorted(excerpt.revisions.values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1)), excerpt.pk  # no lost revision
        assert excerpt.current_revision.number == numbers[-1]
        # The trail is a chain: each state change starts where the previous one ended, and it
        # ends where the excerpt is.
        status = ""
        for entry in (
            AuditEntry.objects.filter(excerpt=excerpt).exclude(to_status="").order_by("at", "pk")
        ):
            assert entry.from_status == status, (excerpt.pk, entry.kind, entry.from_status, status)
            status = entry.to_status
        assert status == excerpt.status, excerpt.pk
        edits = AuditEntry.objects.filter(excerpt=excerpt, kind=AuditEntry.Kind.EDITED).count()
        assert edits == len(numbers) - 1, excerpt.pk  # an audit entry for every saved edit
    assert ExcerptRevision.objects.count() == sum(e.revisions.count() for e in excerpts)
