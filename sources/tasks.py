"""The desk's background tasks, on Django's Tasks API.

On Django 5.2 the API comes from the django-tasks backport; from Django 6 it is django.tasks,
with the same names, so only this import changes. Tasks are queued in the database
(django-tasks-db) and run by `manage.py desk_worker`; tests run them at once (settings.TASKS).

Each task names its queue, and each queue has a worker of its own, so that a six-minute scan
never makes a webhook wait: reading documents, OCR of scans, deliveries (webhooks, e-mail),
periodic work, and the desk's own short tasks (default).

A task takes only JSON values (ids, not objects) and must be safe to run twice: a worker that is
stopped half way leaves its job to be given to another (sources.jobs.recover_lost_job).
"""

from __future__ import annotations

try:  # Django 6
    from django.tasks import task
except ImportError:  # Django 5.2: the backport
    from django_tasks import task

__all__ = [
    "Queue",
    "task",
    "read_source",
    "check_watched_sources",
    "forget_originals",
    "prepare_for_quotes",
]


class Queue:
    """The queues of settings.TASK_QUEUES, by what waits in them."""

    READING = "reading"  # documents and web pages read into a preview
    OCR = "ocr"  # scans, read by Tesseract: the longest work of all
    DELIVERIES = "deliveries"  # webhooks and e-mail, which someone outside waits for
    PERIODIC = "periodic"  # the clock's work that may take a while (desk.periodic)
    DEFAULT = "default"  # the desk's own short work after a save


@task(queue_name=Queue.READING)
def read_source(job_id: int) -> str:
    """Read the file or web address of a reading job into a preview, renewing the job's
    heartbeat all the while, so that it is never given to another worker while this one lives."""
    from sources.jobs import heartbeat, run_job

    with heartbeat(job_id):
        return run_job(job_id)


@task(queue_name=Queue.PERIODIC)
def check_watched_sources() -> int:
    """Fetch the watched sources that are due: how many were due."""
    from sources.monitoring import check_due_sources

    return check_due_sources()


@task(queue_name=Queue.PERIODIC)
def forget_originals() -> int:
    """Delete the original files nothing kept for a day: how many."""
    from sources.cleanup import forget_abandoned_originals

    return forget_abandoned_originals()


@task(queue_name=Queue.DEFAULT)
def prepare_for_quotes(version_id: int) -> bool:
    """Fold a stored version's text for quote search and share it (sources.quote_index): whether
    the version still exists."""
    from sources.models import SourceVersion
    from sources.quote_index import prepare

    found = SourceVersion.objects.filter(pk=version_id).values_list("text", "text_hash").first()
    if found is None:
        return False
    prepare(*found)
    return True
