"""The reading box (sources.reading_box): a reading that needs more memory or time than the desk
allows is stopped, reported as refused with its reason, and never queued again; the worker goes
on; progress and the worker's heartbeat pass through; and no request parses a file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sources.formats import read_document
from sources.importing import PreparedText
from sources.jobs import recover_lost_jobs, start_reading
from sources.models import ImportPreview, Original, ReadingJob
from sources.reading_box import ReadingStopped
from tests.sources.office import email_message, word_document
from tests.sources.test_background_reading import DATABASE_QUEUE, run_worker

MB = 1 << 20
LETTER = email_message(
    subject="Statement", sender="press@example.org", date="Mon, 1 Jan 2024 09:00:00 +0000",
    body="The statement, in full.",
)  # fmt: skip


@pytest.fixture(autouse=True)
def box_limits(settings):
    settings.SOURCE_READING_MAX_MEMORY = 256 * MB
    settings.SOURCE_READING_MAX_SECONDS = 60


def ended_refused_for_good(job: ReadingJob) -> ReadingJob:
    """The job once its worker is done: refused, its file gone, and nothing that could give it
    to a worker again (no retry offered, no task queued, not taken for lost later)."""
    from django_tasks_db.models import DBTaskResult

    job.refresh_from_db()
    assert job.status == ReadingJob.Status.FAILED
    assert not job.can_retry
    assert job.attempts == 1
    assert job.original is None and not Original.objects.exists()
    assert not ImportPreview.objects.exists()
    assert not DBTaskResult.objects.filter(status="READY").exists()
    ReadingJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(days=1))
    assert recover_lost_jobs() == 0
    job.refresh_from_db()
    assert job.status == ReadingJob.Status.FAILED and job.attempts == 1
    return job


def needs_gigabytes(name, data, kind, progress=None):
    return bytearray(4 * 1024 * MB)


def keeps_growing(name, data, kind, progress=None):
    held = []
    while True:
        # Zeroed pages count against the address space before they are touched.
        held.append(bytes(MB))


def test_a_reading_that_needs_more_memory_is_refused_and_never_queued_again(
    editor, settings, monkeypatch
):
    settings.TASKS = DATABASE_QUEUE
    monkeypatch.setattr("sources.formats._read", needs_gigabytes)
    job = start_reading(user=editor, data=LETTER, name="statement.eml")
    assert job.status == ReadingJob.Status.WAITING
    run_worker(monkeypatch)
    job = ended_refused_for_good(job)
    assert job.message.startswith(
        "statement.eml needs more memory than the desk allows for one document"
    )
    # The worker reads the next file as ever.
    monkeypatch.undo()
    assert read_document("next.eml", LETTER).text == "The statement, in full."


def test_memory_taken_a_megabyte_at_a_time_is_stopped_at_the_limit(monkeypatch):
    monkeypatch.setattr("sources.formats._read", keeps_growing)
    started = time.monotonic()
    with pytest.raises(ReadingStopped) as stopped:
        read_document("statement.eml", LETTER)
    assert stopped.value.reason == "memory"
    assert time.monotonic() - started < 60


def sleeps_with_a_helper(name, data, kind, progress=None):
    # A reader that starts a program of its own (as OCR starts Tesseract) and takes forever.
    helper = subprocess.Popen(["sleep", "300"])  # noqa: S607
    Path(os.environ["HELPER_PID_FILE"]).write_text(str(helper.pid))
    time.sleep(300)


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in {"Z", "X"}


@pytest.mark.slow
def test_a_reading_past_its_time_is_killed_mid_page_with_what_it_started(
    editor, settings, monkeypatch, tmp_path
):
    settings.TASKS = DATABASE_QUEUE
    settings.SOURCE_READING_MAX_SECONDS = 2
    monkeypatch.setenv("HELPER_PID_FILE", str(tmp_path / "helper.pid"))
    monkeypatch.setattr("sources.formats._read", sleeps_with_a_helper)
    job = start_reading(user=editor, data=LETTER, name="statement.eml")
    started = time.monotonic()
    run_worker(monkeypatch)
    # The reading would have slept five minutes.
    assert time.monotonic() - started < 60
    job = ended_refused_for_good(job)
    assert job.message.startswith(
        "statement.eml needs more time than the desk allows for one document (2 seconds)"
    )
    helper = int((tmp_path / "helper.pid").read_text())
    deadline = time.monotonic() + 10
    while not gone(helper) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert gone(helper), "the program the reading started is stopped with it"


def crashes(name, data, kind, progress=None):
    os.kill(os.getpid(), signal.SIGSEGV)


def test_a_reader_that_crashes_is_a_refusal_not_a_dead_worker(editor, monkeypatch):
    monkeypatch.setattr("sources.formats._read", crashes)
    job = ended_refused_for_good(start_reading(user=editor, data=LETTER, name="statement.eml"))
    monkeypatch.undo()
    assert "statement.eml stopped the reader before it could be read" in job.message
    assert read_document("next.eml", LETTER).text == "The statement, in full."


def stumbles(name, data, kind, progress=None):
    return {}["a part the parser expected"]


def test_a_parser_that_stumbles_on_a_file_refuses_it_instead_of_offering_a_retry(
    editor, monkeypatch
):
    monkeypatch.setattr("sources.formats._read", stumbles)
    job = ended_refused_for_good(start_reading(user=editor, data=LETTER, name="statement.eml"))
    assert job.message == (
        "statement.eml could not be read: it is damaged, or made in a way the desk cannot read."
    )


def reads_slowly(name, data, kind, progress=None):
    progress(1, 2)
    time.sleep(1.2)
    progress(2, 2)
    return PreparedText("The statement, in full.", page_count=2)


def test_progress_comes_back_from_the_box_and_the_worker_says_it_is_alive(monkeypatch):
    monkeypatch.setattr("sources.formats._read", reads_slowly)
    monkeypatch.setattr("sources.reading_box.ALIVE_EVERY", 0.1)
    done, beats = [], []
    prepared = read_document(
        "statement.eml",
        LETTER,
        progress=lambda page, total: done.append((page, total)),
        alive=lambda: beats.append(time.monotonic()),
    )
    assert prepared.text == "The statement, in full." and prepared.page_count == 2
    assert done == [(1, 2), (2, 2)]
    assert len(beats) >= 5, "a long page is no silence: the worker says it is there"


def test_a_job_whose_page_takes_long_keeps_its_heartbeat(editor, monkeypatch):
    monkeypatch.setattr("sources.formats._read", reads_slowly)
    monkeypatch.setattr("sources.reading_box.ALIVE_EVERY", 0.1)
    before = timezone.now()
    job = start_reading(user=editor, data=LETTER, name="statement.eml")
    assert job.status == ReadingJob.Status.DONE
    assert job.heartbeat_at - before > timedelta(seconds=1)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("1000", "SOURCE_READING_MAX_MEMORY=1000 is below 67108864"),
        ("lots", "SOURCE_READING_MAX_MEMORY='lots' is not a whole number"),
    ],
)
def test_a_box_limit_the_desk_cannot_read_with_stops_it_at_start(value, said):
    environment = {**os.environ, "SOURCE_READING_MAX_MEMORY": value}
    started = subprocess.run(
        [sys.executable, "-c", "import desk.project.settings"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert started.returncode != 0
    assert said in started.stderr


# Nothing heavy in a request: only plain text is read while the editor waits.


def upload(client, name: str, data: bytes):
    return client.post(
        reverse("sources:add"), {"how": "upload", "file": SimpleUploadedFile(name, data)}
    )


def never_in_a_request(*args, **kwargs):
    raise AssertionError("a page was parsed inside the web request")


@pytest.mark.parametrize("name", ["page.html", "notes.md"])
def test_html_and_markdown_uploads_are_read_by_the_worker(
    as_user, editor, settings, monkeypatch, name
):
    settings.TASKS = DATABASE_QUEUE
    # The heaviest HTML page the desk takes: the review's 4.8 MB took 39 s and 1.1 GB in a request.
    paragraph = "<p>The minister said the border would reopen on Monday morning.</p>\n"
    page = f"<html><body><article><h1>Border</h1>{paragraph * 70_000}</article></body></html>"
    data = page.encode() if name.endswith(".html") else b"# Border\n\nThe minister spoke.\n"
    assert len(data) < settings.SOURCE_MAX_BYTES
    for reader in ("reduce_html", "read_markdown", "read_html"):
        monkeypatch.setattr(f"sources.documents.{reader}", never_in_a_request)
    response = upload(as_user(editor), name, data)
    job = ReadingJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == ReadingJob.Status.WAITING and not ImportPreview.objects.exists()


def test_a_plain_text_upload_is_still_read_at_once(as_user, editor, settings, monkeypatch):
    settings.TASKS = DATABASE_QUEUE
    response = upload(as_user(editor), "notes.txt", b"The minister spoke on Monday.\n")
    preview = ImportPreview.objects.get()
    assert response["Location"] == preview.get_absolute_url()
    assert not ReadingJob.objects.exists()


def test_sniffing_an_archive_in_a_request_does_not_list_endless_entries(settings):
    from sources.formats import MAX_ARCHIVE_ENTRIES, kind_by_bytes

    real = word_document([("paragraph", "A statement.")])
    assert kind_by_bytes(real) == "docx"
    crowded = real + b"PK\x01\x02" * (MAX_ARCHIVE_ENTRIES + 1)
    assert kind_by_bytes(crowded) == "zip"
