"""Reading jobs: a file or a web address read in the background into a preview.

The original is kept before the job is queued, so a worker needs nothing but the job's id. As it
reads, the worker records pages done of pages total; the page that shows the job polls these.
Beside the reading, the worker renews the job's heartbeat every quarter of
SOURCE_JOB_STALE_SECONDS whatever the reading is doing (`heartbeat`): a job is given to another
worker only when its heartbeat is older than that, that is when its worker is really gone
(killed, restarted, its machine down), never while it is still reading a long page. Each job is
safe to run again from the start; the desk's clock (desk.periodic) runs `recover_lost_jobs`.

Scans go to the OCR queue, everything else to the reading queue (sources.queues.Queue), and one
person may have at most SOURCE_READINGS_PER_PERSON readings waiting or under way.

A file the desk will not read (damaged, protected, too long) fails with the reason and is not
kept; a web address that could not be fetched can be tried again.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from sources.fetching import FetchRefused, fetch
from sources.formats import (
    in_background,
    kind_by_bytes,
    kind_by_name,
    read_document,
    read_fetched_document,
    read_text_now,
    sniff,
)
from sources.importing import ImportRefused, PreparedText
from sources.models import ImportPreview, Original, ReadingJob, Source
from sources.originals import forget_original, keep_original, read_original
from sources.previews import make_preview
from sources.queues import Queue, task

logger = logging.getLogger(__name__)
Status = ReadingJob.Status
MAX_ATTEMPTS = 3


def queue_for(job: ReadingJob) -> str:
    """The queue a job waits in: scans wait for OCR, so that a long one never holds up a web
    page or a Word document."""
    if job.as_scan or (job.original is not None and kind_by_name(job.original.name) == "image"):
        return Queue.OCR
    return Queue.READING


def _enqueue(job: ReadingJob) -> ReadingJob:
    job.attempts += 1
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["attempts", "heartbeat_at"])
    result = read_source.using(queue_name=queue_for(job)).enqueue(job.pk)
    ReadingJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def start_reading(
    *,
    user,
    source: Source | None = None,
    data: bytes | None = None,
    name: str = "",
    url: str = "",
    content_type: str = "",
) -> ReadingJob:
    """Keep the file (if any) and queue reading it; the job, finished already when tasks run
    at once. A file that is plainly not acceptable (wrong kind, empty, too large), or one past
    the person's share of the workers, is refused here, before anything is kept."""
    refuse_past_share(user)
    original = None
    if data is not None:
        sniff(name, data)
        original = keep_original(data, name=name, content_type=content_type, user=user)
    with transaction.atomic():
        job = ReadingJob.objects.create(
            created_by=user, source=source, original=original, url=url[:2000]
        )
    return _enqueue(job)


def can_read_as_scan(preview: ImportPreview) -> bool:
    """Whether a preview's pages could be read again as a scan: a PDF's, read from its text."""
    if preview.original is None or preview.confidence:
        return False
    # By its bytes: a PDF fetched from a web address has no .pdf in its name.
    try:
        with preview.original.file.open("rb") as handle:
            return kind_by_bytes(handle.read(1024)) == "pdf"
    except OSError:
        return False


def read_again_as_scan(preview: ImportPreview, *, user) -> ReadingJob:
    """Queue reading a preview's PDF again by OCR, for when its text layer reads wrong. The
    preview stays until the new one is read, so that nothing is lost if the scan reads worse."""
    if not can_read_as_scan(preview):
        raise ImportRefused(
            gettext("Only a PDF read from its text layer can be read again as a scan.")
        )
    refuse_past_share(user)
    with transaction.atomic():
        job = ReadingJob.objects.create(
            created_by=user, source=preview.source, original=preview.original, as_scan=True
        )
    return _enqueue(job)


def unfinished_readings(user):
    """This person's readings waiting for a worker or under way."""
    return ReadingJob.objects.filter(created_by=user, status__in=[Status.WAITING, Status.READING])


@dataclass(frozen=True)
class OpenReadings:
    """What one person has started and not yet saved: readings waiting, under way or failed
    today, and previews not yet saved or discarded (kept for a day)."""

    jobs: list[ReadingJob]
    previews: list[ImportPreview]

    def __bool__(self) -> bool:
        return bool(self.jobs or self.previews)


# Enough for a folder sent at once; the rest stay reachable from the newest ones' pages.
MOST_OPEN_READINGS_SHOWN = 20


def open_readings(user) -> OpenReadings:
    """This person's readings and previews still open, newest first (two queries)."""
    if not user.is_authenticated:
        return OpenReadings([], [])
    today = timezone.now() - timedelta(days=1)
    jobs = (
        ReadingJob.objects.filter(created_by=user)
        .filter(
            Q(status__in=[Status.WAITING, Status.READING])
            | Q(status=Status.FAILED, created_at__gte=today)
        )
        .select_related("original")
        .order_by("-created_at", "-pk")[:MOST_OPEN_READINGS_SHOWN]
    )
    previews = (
        ImportPreview.objects.filter(created_by=user, created_at__gte=today)
        .select_related("source")
        .defer("text", "kinds", "pages", "confidence", "metadata")
        .order_by("-created_at", "-pk")[:MOST_OPEN_READINGS_SHOWN]
    )
    return OpenReadings(list(jobs), list(previews))


def refuse_past_share(user) -> None:
    """ImportRefused when this person already has as many readings waiting or under way as one
    person may: a whole folder sent at once would otherwise keep every worker from the others."""
    limit = settings.SOURCE_READINGS_PER_PERSON
    waiting = unfinished_readings(user).count()
    if waiting >= limit:
        raise ImportRefused(
            ngettext(
                "You have %(count)d document waiting or being read, as many as one person may "
                "at once. Send this one when it has been read.",
                "You have %(count)d documents waiting or being read, as many as one person may "
                "at once. Send this one when one of them has been read.",
                waiting,
            )
            % {"count": waiting}
        )


def read_upload_now(*, user, name: str, data: bytes, content_type: str = "") -> PreparedText:
    """A small text file read at once, kept as an original only once it reads well."""
    prepared = read_text_now(name, data)
    prepared.original = keep_original(data, name=name, content_type=content_type, user=user)
    return prepared


def needs_worker(name: str, data: bytes) -> bool:
    return in_background(sniff(name, data), name)


def _progress(job: ReadingJob):
    def report(done: int, total: int) -> None:
        ReadingJob.objects.filter(pk=job.pk).update(
            pages_done=done, pages_total=total, heartbeat_at=timezone.now()
        )

    return report


def _alive(job: ReadingJob):
    # A page can take minutes (a scan): the worker, waiting on the reading's box, says it is
    # still there, so that the job is not taken for lost and given to a second worker.
    def beat() -> None:
        ReadingJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())

    return beat


def _read(job: ReadingJob) -> tuple[PreparedText, Original | None]:
    if job.url:
        fetched = fetch(job.url)
        original = keep_original(
            fetched.body, name=fetched.url, content_type=fetched.content_type, user=job.created_by
        )
        # Attached at once, so that a page the desk cannot read is not kept either.
        job.original = original
        job.save(update_fields=["original"])
        prepared = read_fetched_document(fetched, progress=_progress(job), alive=_alive(job))
        return prepared, original
    original = job.original
    if original is None:
        raise ImportRefused(gettext("The file to read is no longer kept: upload it again."))
    prepared = read_document(
        original.name,
        read_original(original),
        progress=_progress(job),
        alive=_alive(job),
        as_scan=job.as_scan,
    )
    if job.as_scan and original.name.startswith(("https://", "http://")):
        # A fetched PDF read again as a scan: its address is still where it came from.
        prepared.metadata.url = prepared.metadata.url or original.name
        prepared.imported_from = original.name
    return prepared, original


def _fail(job: ReadingJob, message: str, *, can_retry: bool) -> None:
    job.status, job.message, job.can_retry = Status.FAILED, message, can_retry
    job.save(update_fields=["status", "message", "can_retry"])
    if not can_retry and job.original is not None:
        original, job.original = job.original, None
        job.save(update_fields=["original"])
        forget_original(original)


def run_job(job_id: int) -> str:
    """Read a job's file or web address into a preview: the job's status afterwards."""
    job = ReadingJob.objects.select_related("original", "source").filter(pk=job_id).first()
    if job is None or job.finished:
        return "gone" if job is None else job.status
    job.status, job.pages_done, job.message = Status.READING, 0, ""
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "pages_done", "message", "heartbeat_at"])
    try:
        prepared, original = _read(job)
        with transaction.atomic():
            preview = make_preview(prepared, user=job.created_by, source=job.source)
            ImportPreview.objects.filter(pk=preview.pk).update(
                pages=prepared.pages, confidence=prepared.confidence, original=original
            )
            job.original = original
            job.preview = preview
            job.status = Status.DONE
            job.pages_done = job.pages_total = prepared.page_count or job.pages_total
            job.save(update_fields=["original", "preview", "status", "pages_done", "pages_total"])
    except FetchRefused as error:
        _fail(job, str(error), can_retry=True)
    except ImportRefused as error:
        # The file's own doing, a reading stopped by its box included (sources.reading_box):
        # reading it again would end the same way, so the job ends here and the file goes.
        _fail(job, str(error), can_retry=False)
    except Exception:
        # The file or page is not to blame as far as anyone can tell: keep it and offer a retry.
        logger.exception("Reading job %s failed", job.pk)
        _fail(
            job,
            f"Something went wrong while reading {job.name}. Try again; if it fails again, "
            "tell an administrator.",
            can_retry=True,
        )
    return job.status


def retry(job: ReadingJob) -> ReadingJob:
    """Queue a failed job again, from the start, within its person's share of the workers."""
    if job.status != Status.FAILED or not job.can_retry:
        raise ImportRefused(
            gettext("Only a job that failed for a passing reason can be tried again.")
        )
    refuse_past_share(job.created_by)
    job.status, job.message, job.pages_done, job.attempts = Status.WAITING, "", 0, 0
    job.save(update_fields=["status", "message", "pages_done", "attempts"])
    return _enqueue(job)


@contextmanager
def heartbeat(job_id: int):
    """Renew the job's heartbeat from a thread of its own while the block runs: the proof that
    its worker is alive, whatever the reading does meanwhile (a page may take minutes)."""
    stop = threading.Event()
    every = max(stale_after().total_seconds() / 4, 0.05)

    def renew() -> None:
        try:
            while not stop.wait(every):
                try:
                    ReadingJob.objects.filter(pk=job_id, status=Status.READING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:
                    # A database busy for a moment: the next beat comes well before the job
                    # could be taken as lost.
                    logger.warning("Heartbeat of reading job %s not recorded", job_id)
        finally:
            connection.close()

    beating = threading.Thread(target=renew, name=f"heartbeat-{job_id}", daemon=True)
    beating.start()
    try:
        yield
    finally:
        stop.set()
        beating.join()


# The queue is chosen per job (queue_for); this one is the default.
@task(queue_name=Queue.READING)
def read_source(job_id: int) -> str:
    """Read the file or web address of a reading job into a preview, renewing the job's
    heartbeat all the while, so that it is never given to another worker while this one lives."""
    with heartbeat(job_id):
        return run_job(job_id)


def is_lost(job: ReadingJob, now=None) -> bool:
    """Whether the job's worker is gone: reading, and its heartbeat older than allowed."""
    now = now or timezone.now()
    return (
        job.status == Status.READING
        and job.heartbeat_at is not None
        and now - job.heartbeat_at > stale_after()
    )


def stale_after() -> timedelta:
    """How long a reading worker may stay silent before its job is given to another."""
    return timedelta(seconds=settings.SOURCE_JOB_STALE_SECONDS)


def recover_lost_job(job: ReadingJob) -> ReadingJob:
    """Give a lost job to another worker; after three lost attempts, fail it with the reason."""
    with transaction.atomic():
        job = ReadingJob.objects.select_for_update().get(pk=job.pk)
        if not is_lost(job):
            return job
        if job.attempts >= MAX_ATTEMPTS:
            _fail(
                job,
                f"The worker stopped {job.attempts} times while reading {job.name}. "
                "Try again, or tell an administrator if it keeps stopping.",
                can_retry=True,
            )
            return job
        job.status = Status.WAITING
        job.save(update_fields=["status"])
        return _enqueue(job)


def recover_lost_jobs() -> int:
    """Queue again every job whose worker was lost; how many. Periodic work (desk.periodic)."""
    cutoff = timezone.now() - stale_after()
    lost = ReadingJob.objects.filter(status=Status.READING, heartbeat_at__lt=cutoff)
    return sum(1 for job in lost if recover_lost_job(job).status == Status.WAITING)
