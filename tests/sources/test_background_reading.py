"""Reading documents in the background: jobs on Django's Tasks API, their progress, failures that
can be retried, and a worker killed half way that loses nothing."""

from __future__ import annotations

import signal
import subprocess
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sources.jobs import recover_lost_jobs, start_reading
from sources.models import ImportPreview, Original, ReadingJob
from tests.sources.pdfs import Report, prose, report_pdf
from tests.workers import DATABASE_QUEUE, WORKER_COMMAND, worker_environment


def run_worker(monkeypatch) -> None:
    """The real database worker, in this process, until the queue is empty. Its habit of closing
    idle connections would close the test's own transaction, so that is left out."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    call_command(
        "db_worker",
        "--queue-name",
        "*",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0",
        verbosity=0,
    )


def a_pdf(paragraphs: int = 8) -> bytes:
    return report_pdf(Report([prose(i) for i in range(paragraphs)], title="Annual review")).data


def test_a_pdf_read_at_once_when_tasks_run_at_once(editor):
    job = start_reading(user=editor, data=a_pdf(), name="review.pdf")
    assert job.status == ReadingJob.Status.DONE
    assert job.pages_done == job.pages_total == 2
    preview = job.preview
    assert preview.text.startswith("Annual review\nParagraph 0 opens with")
    assert preview.pages[0] == [0, 1] and preview.pages[-1][1] == 2
    assert preview.original.name == "review.pdf"


def test_the_database_queue_holds_a_job_until_a_worker_runs_it(editor, settings, monkeypatch):
    settings.TASKS = DATABASE_QUEUE
    job = start_reading(user=editor, data=a_pdf(), name="review.pdf")
    assert job.status == ReadingJob.Status.WAITING
    assert not ImportPreview.objects.exists()
    run_worker(monkeypatch)
    job.refresh_from_db()
    assert job.status == ReadingJob.Status.DONE
    assert job.preview.text.startswith("Annual review")


def test_the_reading_page_reports_progress_as_json(as_user, editor, settings, monkeypatch):
    settings.TASKS = DATABASE_QUEUE
    client = as_user(editor)
    response = client.post(
        reverse("sources:add"), {"how": "upload", "file": _upload("review.pdf", a_pdf())}
    )
    job = ReadingJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url())
    assert "Waiting for a worker to start" in page.content.decode()
    assert reverse("sources:job_status", args=[job.token]) in page.content.decode()
    ReadingJob.objects.filter(pk=job.pk).update(status="reading", pages_done=1, pages_total=2)
    state = client.get(reverse("sources:job_status", args=[job.token])).json()
    assert (state["pages_done"], state["pages_total"], state["percent"]) == (1, 2, 50)
    run_worker(monkeypatch)
    state = client.get(reverse("sources:job_status", args=[job.token])).json()
    assert state["status"] == "done"
    assert state["next"] == ReadingJob.objects.get().preview.get_absolute_url()
    assert client.get(job.get_absolute_url())["Location"] == state["next"]


def test_someone_elses_job_is_not_found(as_user, editor, editor2):
    job = start_reading(user=editor, data=a_pdf(), name="review.pdf")
    assert as_user(editor2).get(reverse("sources:job_status", args=[job.token])).status_code == 404


def test_a_fetch_that_failed_can_be_tried_again(as_user, editor, settings, pages, monkeypatch):
    settings.TASKS = DATABASE_QUEUE
    job = start_reading(user=editor, url=f"{pages}/missing")
    run_worker(monkeypatch)
    client = as_user(editor)
    state = client.get(reverse("sources:job_status", args=[job.token])).json()
    assert state["status"] == "failed" and state["can_retry"]
    assert "404" in state["message"]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Try again" in page
    response = client.post(reverse("sources:retry_job", args=[job.token]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ReadingJob.Status.WAITING and job.message == ""


def test_a_lost_worker_s_job_is_queued_again(editor, settings):
    settings.TASKS = DATABASE_QUEUE
    job = start_reading(user=editor, data=a_pdf(), name="review.pdf")
    long_ago = timezone.now() - timedelta(minutes=5)
    ReadingJob.objects.filter(pk=job.pk).update(status="reading", heartbeat_at=long_ago)
    assert recover_lost_jobs() == 1
    job.refresh_from_db()
    assert job.status == ReadingJob.Status.WAITING and job.attempts == 2


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_killing_a_worker_half_way_loses_nothing(editor, settings, tmp_path):
    """A real worker process is killed (SIGKILL) half way through a PDF; the job is given to a
    second worker, which reads it whole."""
    settings.TASKS = DATABASE_QUEUE
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SOURCE_JOB_STALE_SECONDS = 2
    job = start_reading(user=editor, data=a_pdf(40), name="long.pdf")
    env = worker_environment(tmp_path, page_pause=0.5)
    log = tmp_path / "worker.log"
    first = subprocess.Popen(
        WORKER_COMMAND, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    try:
        # A busy machine may take a while to start a Django process: wait for it, not a clock.
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and first.poll() is None:
            job.refresh_from_db()
            if job.pages_done >= 2:
                break
            time.sleep(0.2)
        assert first.poll() is None, f"the worker stopped on its own: {log.read_text()[-2000:]}"
        assert job.status == ReadingJob.Status.READING and 2 <= job.pages_done < job.pages_total
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    time.sleep(2.5)
    assert recover_lost_jobs() == 1
    second = subprocess.Popen(
        [*WORKER_COMMAND, "--batch"], env={**env, "SOURCE_READING_PAGE_PAUSE": "0"}
    )
    assert second.wait(timeout=120) == 0
    job.refresh_from_db()
    assert job.status == ReadingJob.Status.DONE
    assert job.pages_done == job.pages_total > 2
    assert job.preview.text.count("\nParagraph ") == 40


def test_a_bad_file_fails_with_its_reason_and_the_worker_reads_the_next(
    editor, settings, monkeypatch
):
    settings.TASKS = DATABASE_QUEUE
    good = a_pdf()
    truncated = good[: len(good) // 3]
    bad_job = start_reading(user=editor, data=truncated, name="cut.pdf")
    good_job = start_reading(user=editor, data=good, name="review.pdf")
    run_worker(monkeypatch)
    bad_job.refresh_from_db()
    good_job.refresh_from_db()
    assert bad_job.status == ReadingJob.Status.FAILED and not bad_job.can_retry
    assert "cut.pdf is not a PDF the desk can read" in bad_job.message
    assert good_job.status == ReadingJob.Status.DONE
    # Nothing of the bad file is kept: only the good one's original remains.
    assert list(Original.objects.values_list("name", flat=True)) == ["review.pdf"]
