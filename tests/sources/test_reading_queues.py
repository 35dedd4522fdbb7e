"""Readings on queues that cannot starve each other: scans wait for OCR, other documents for
reading, deliveries and periodic work each on their own; one person's share of the workers; and a
job given to another worker only when its own is really gone (its heartbeat), never while it
reads."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

import sources.jobs
from desk.reanchoring_tasks import reanchor_version
from desk.subscriptions.sending import send_confirmation, send_digests
from desk.webhooks.delivering import deliver_webhook, send_due_webhooks
from desk.webhooks.tasks import publish_when_due
from sources.cleanup import forget_originals
from sources.importing import ImportRefused
from sources.jobs import read_source, recover_lost_jobs, retry, start_reading
from sources.models import Original, ReadingJob
from sources.monitoring import check_watched_sources
from sources.queues import Queue
from sources.quote_index import prepare_for_quotes
from tests.sources.pdfs import Report, prose, report_pdf
from tests.sources.scans import scanned_png
from tests.workers import DATABASE_QUEUE


def a_pdf() -> bytes:
    return report_pdf(Report([prose(i) for i in range(4)], title="Annual review")).data


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE


def test_every_task_waits_in_a_queue_of_its_kind(settings):
    expected = {
        read_source: Queue.READING,
        deliver_webhook: Queue.DELIVERIES,
        send_confirmation: Queue.DELIVERIES,
        send_due_webhooks: Queue.DELIVERIES,
        send_digests: Queue.PERIODIC,
        check_watched_sources: Queue.PERIODIC,
        forget_originals: Queue.PERIODIC,
        publish_when_due: Queue.DEFAULT,
        reanchor_version: Queue.DEFAULT,
        prepare_for_quotes: Queue.DEFAULT,
    }
    assert {task: task.queue_name for task in expected} == expected
    assert set(settings.TASK_QUEUES) == {
        Queue.READING, Queue.OCR, Queue.DELIVERIES, Queue.PERIODIC, Queue.DEFAULT,
    }  # fmt: skip
    # Every queue has a worker of its own in the default worker sets.
    workers = [spec.split(",") for spec in settings.TASK_WORKER_QUEUES]
    assert sorted(q for spec in workers for q in spec) == sorted(settings.TASK_QUEUES)
    assert all(len(spec) == 1 for spec in workers if Queue.READING in spec or Queue.OCR in spec)


def test_a_reading_queued_before_its_task_moved_still_runs(editor, database_queue):
    # The queue keeps a task's dotted path: a job queued as sources.tasks.read_source, before
    # the task moved beside the reading, would otherwise wait for ever (sources/tasks.py).
    job = start_reading(user=editor, url="https://example.org/statement")
    queued = DBTaskResult.objects.get(task_path=read_source.module_path)
    assert queued.task_path == "sources.jobs.read_source"
    DBTaskResult.objects.filter(pk=queued.pk).update(task_path="sources.tasks.read_source")
    queued.refresh_from_db()
    assert queued.task.func is read_source.func
    assert queued.task.queue_name == Queue.READING and job.status == "waiting"


def test_a_confirmation_queued_before_its_task_moved_still_loads():
    # Lost, it would leave a reader told to look in their inbox unable to ask again for a while.
    from django.utils.module_loading import import_string

    assert import_string("desk.subscriptions.tasks.send_confirmation") is send_confirmation
    assert send_confirmation.module_path == "desk.subscriptions.sending.send_confirmation"


def test_scans_wait_for_ocr_and_other_documents_for_reading(editor, database_queue):
    start_reading(user=editor, data=a_pdf(), name="review.pdf")
    start_reading(user=editor, data=scanned_png(["A letter."]), name="letter.png")
    start_reading(user=editor, url="https://example.org/statement")
    queued = DBTaskResult.objects.filter(task_path=read_source.module_path)
    assert sorted(queued.values_list("queue_name", flat=True)) == ["ocr", "reading", "reading"]


def test_past_their_share_a_person_is_told_and_nothing_is_kept(
    editor, editor2, as_user, settings, database_queue
):
    settings.SOURCE_READINGS_PER_PERSON = 2
    client = as_user(editor)
    add = reverse("sources:add")
    for name in ("one.pdf", "two.pdf"):
        response = client.post(add, {"how": "upload", "file": SimpleUploadedFile(name, a_pdf())})
        assert response.status_code == 302
    response = client.post(add, {"how": "upload", "file": SimpleUploadedFile("3.pdf", a_pdf())})
    assert response.status_code == 200
    assert "You have 2 documents waiting or being read" in response.content.decode()
    assert ReadingJob.objects.count() == 2 and Original.objects.count() == 2
    with pytest.raises(ImportRefused, match="as many as one person may at once"):
        start_reading(user=editor, url="https://example.org/third")
    # Another person's share is their own, and a reading done frees one of the first's.
    assert start_reading(user=editor2, url="https://example.org/theirs").status == "waiting"
    # Trying a failed reading again counts as one more.
    failed = ReadingJob.objects.create(
        created_by=editor, url="https://example.org/gone", status="failed", can_retry=True
    )
    with pytest.raises(ImportRefused, match="as many as one person may at once"):
        retry(failed)
    ReadingJob.objects.filter(created_by=editor).order_by("pk").first().delete()
    assert start_reading(user=editor, url="https://example.org/third").status == "waiting"


@pytest.mark.django_db(transaction=True)
def test_a_job_is_not_handed_to_a_second_worker_while_its_first_is_alive(
    editor, settings, monkeypatch
):
    """A reading that takes three times as long as a silent worker is allowed (a long page, an
    e-mail without pages: no progress to report) is left to its worker, which finishes it."""
    settings.TASKS = DATABASE_QUEUE
    settings.SOURCE_JOB_STALE_SECONDS = 1
    job = start_reading(user=editor, data=a_pdf(), name="review.pdf")
    reading = sources.jobs._read

    def slow_read(job):
        time.sleep(3)
        return reading(job)

    monkeypatch.setattr(sources.jobs, "_read", slow_read)

    def first_worker() -> None:
        try:
            read_source.call(job.pk)
        finally:
            connection.close()

    worker = threading.Thread(target=first_worker)
    worker.start()
    recovered = 0
    while worker.is_alive():
        recovered += recover_lost_jobs()
        time.sleep(0.2)
    worker.join()
    job.refresh_from_db()
    assert recovered == 0
    assert job.status == ReadingJob.Status.DONE and job.attempts == 1
    assert DBTaskResult.objects.filter(task_path=read_source.module_path).count() == 1
    # Its heartbeat stops with the reading: once it is older than allowed, a job still marked
    # as reading is taken as lost.
    ReadingJob.objects.filter(pk=job.pk).update(status="reading")
    time.sleep(1.2)
    assert recover_lost_jobs() == 1
