"""The desk's clock (desk.periodic): periodic work run by the workers without cron, each run by
one worker only, and a scheduled item recorded published within seconds of its time (state,
desk page, audit, webhook delivery log, digest), or held when its quote went."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from django.db import connection
from django.urls import reverse

from desk.models import AnchorStatus, AuditEntry, Excerpt
from desk.periodic import clock as periodic
from desk.periodic.clock import JOBS, Job, mark_after, tick
from desk.periodic.models import PeriodicJob
from desk.publishing.states import Status
from desk.subscriptions.digests import build_digest
from desk.webhooks.models import Delivery, Endpoint, EventType
from sources.versions import add_version
from tests.desk.test_reanchoring import ORIGINAL, QUOTE
from tests.factories import excerpt_in as bring_to
from tests.factories import make_excerpt, make_source
from tests.subscriptions.conftest import Clock
from tests.webhooks.receiver import receiving

WITHOUT_THE_QUOTE = ORIGINAL.replace("The minister said the border would reopen on Monday.\n", "")


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
def listening(settings, reviewer):
    """A webhook receiver on loopback (allowed for the test) and its endpoint."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOKS_TIMEOUT = 1
    with receiving() as receiver:
        Endpoint.objects.create(url=f"{receiver.url}/hooks", created_by=reviewer)
        yield receiver


def test_a_scheduled_item_is_recorded_everywhere_within_seconds_of_its_time(
    clock, listening, editor, reviewer, briefing, as_user, django_capture_on_commit_callbacks
):
    briefing.is_public = True
    briefing.save()
    since = clock.now
    at = clock.now + dt.timedelta(seconds=30)
    item = bring_to("scheduled", editor=editor, reviewer=reviewer, briefing=briefing,
                    source=make_source(), publish_at=at)  # fmt: skip
    tick(worker="first")
    assert Excerpt.objects.get(pk=item.pk).status == Status.SCHEDULED

    clock.move(seconds=31)
    with django_capture_on_commit_callbacks(execute=True):
        assert "publish_due" in tick(worker="first")

    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    entry = AuditEntry.objects.get(excerpt=item, action="publish")
    assert entry.actor is None and entry.at - at < dt.timedelta(minutes=1)
    page = as_user(reviewer).get(reverse("desk:excerpt", args=[item.pk])).content.decode()
    assert "Published at its scheduled time." in page and "Due since" not in page
    delivery = Delivery.objects.get(excerpt=item)
    assert delivery.event_type == EventType.PUBLISHED and delivery.state == "delivered"
    assert delivery.created_at - at < dt.timedelta(minutes=1)
    assert [json.loads(r.body)["type"] for r in listening.requests] == ["item.published"]
    digest = build_digest(briefing, since, clock.now)
    assert [entry.quote for entry in digest.items] == [item.published_revision.quote]


def test_each_run_is_claimed_by_one_worker_only(clock, db):
    # A second past a whole minute: the next marks are 10 s (publishing) and 15 s (recovery) on.
    clock.now = mark_after(clock.now, dt.timedelta(minutes=1)) + dt.timedelta(seconds=1)
    assert tick(worker="first") == [job.name for job in JOBS]
    # A second worker ticking at the same moment, or a moment later, finds every run taken.
    assert tick(worker="second") == []
    clock.move(seconds=5)
    assert "publish_due" not in tick(worker="second")
    clock.move(seconds=10)
    assert tick(worker="second") == ["publish_due", "recover_lost_readings"]
    publish = PeriodicJob.objects.get(name="publish_due")
    assert publish.last_worker == "second" and publish.last_outcome == "0 published"
    assert publish.next_run_at == mark_after(clock.now, dt.timedelta(seconds=10))


@pytest.mark.django_db(transaction=True)
def test_workers_ticking_at_the_same_instant_run_each_job_once(monkeypatch):
    """Real threads, each with its own database connection, claim the same instant's runs."""
    runs: list[str] = []
    counting = Job("counted", dt.timedelta(minutes=1), lambda now: runs.append(now) or "ran")
    monkeypatch.setattr(periodic, "JOBS", (counting,))
    now = dt.datetime(2026, 12, 7, 12, 0, 30, tzinfo=dt.UTC)
    start = threading.Barrier(4)
    claimed: list[list[str]] = []

    def worker(name: str) -> None:
        try:
            start.wait()
            claimed.append(tick(now, worker=name))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(runs) == 1 and sorted(claimed) == [[], [], [], ["counted"]]


def test_a_failing_job_is_recorded_and_the_others_still_run(clock, db, monkeypatch):
    def broken(now):
        raise RuntimeError("the mail server is away")

    jobs = (Job("broken", dt.timedelta(minutes=1), broken), *JOBS)
    monkeypatch.setattr(periodic, "JOBS", jobs)
    assert tick() == [job.name for job in jobs]
    assert PeriodicJob.objects.get(name="broken").last_outcome == "failed: RuntimeError"


def test_a_scheduled_item_whose_quote_vanished_is_held_and_its_reviewer_told(
    clock, editor, reviewer, briefing, as_user, client, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    briefing.is_public = True
    briefing.save()
    source = make_source(text=ORIGINAL, title="Piece")
    draft = make_excerpt(editor=editor, source=source, briefing=briefing, quote=QUOTE)
    at = clock.now + dt.timedelta(hours=1)
    item = bring_to("scheduled", editor=editor, reviewer=reviewer, excerpt=draft, publish_at=at)
    mailoutbox.clear()

    # The re-anchoring task (run at once in tests) holds it as soon as the quote is flagged.
    with django_capture_on_commit_callbacks(execute=True):
        add_version(source, text=WITHOUT_THE_QUOTE, user=editor)
    item.refresh_from_db()
    assert item.anchor_status == AnchorStatus.MISSING
    assert item.status == Status.APPROVED and item.visible_from is None
    assert item.published_revision_id is None

    # Its time comes and goes: readers never see it, and the clock publishes nothing.
    clock.move(hours=2)
    tick()
    assert Excerpt.objects.get(pk=item.pk).status == Status.APPROVED
    assert not Excerpt.objects.published().filter(pk=item.pk).exists()
    public = client.get(reverse("briefings:item", args=[briefing.slug, item.pk]))
    assert public.status_code == 404

    held = AuditEntry.objects.get(excerpt=item, action="unschedule")
    assert held.actor is None and "not found in version 2" in held.note
    [message] = mailoutbox
    assert message.to == [reviewer.email] and "held" in message.subject
    assert "not found in version 2" in message.body
    page = as_user(reviewer).get(reverse("desk:excerpt", args=[item.pk])).content.decode()
    assert "Held, not published at its time: its quote is not found in version 2" in page
    inbox = as_user(reviewer).get(reverse("desk:home")).content.decode()
    assert "Flagged by re-anchoring" in inbox and reverse("desk:excerpt", args=[item.pk]) in inbox


def test_a_flagged_item_found_by_the_clock_is_held_not_published(
    clock, editor, reviewer, source, briefing
):
    at = clock.now + dt.timedelta(minutes=1)
    item = bring_to("scheduled", editor=editor, reviewer=reviewer, source=source,
                    briefing=briefing, publish_at=at)  # fmt: skip
    # Flagged by a re-anchoring whose task did not get as far as holding it.
    Excerpt.objects.filter(pk=item.pk).update(anchor_status=AnchorStatus.CHANGED)
    clock.move(minutes=2)
    tick()
    item.refresh_from_db()
    assert item.status == Status.APPROVED and item.published_revision_id is None
    note = AuditEntry.objects.get(excerpt=item, action="unschedule").note
    assert note.startswith("Held, not published at its time: the quoted words changed")


def test_a_lost_reading_is_given_to_another_worker_by_the_clock_alone(clock, editor, settings):
    from sources.models import ReadingJob

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    job = ReadingJob.objects.create(
        created_by=editor, url="https://example.org/report", status="reading", attempts=1,
        heartbeat_at=clock.now - dt.timedelta(minutes=5),
    )  # fmt: skip
    assert "recover_lost_readings" in tick()
    job.refresh_from_db()
    assert job.status == ReadingJob.Status.WAITING and job.attempts == 2
