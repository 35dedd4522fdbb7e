"""The desk's background tasks, on Django's Tasks API.

On Django 5.2 the API comes from the django-tasks backport; from Django 6 it is django.tasks,
with the same names, so only this import changes. Tasks are queued in the database
(django-tasks-db) and run by `manage.py db_worker`; tests run them at once (settings.TASKS).

A task takes only JSON values (ids, not objects) and must be safe to run twice: a worker that is
stopped half way leaves its job to be given to another (sources.jobs.recover_lost_job).
"""

from __future__ import annotations

try:  # Django 6
    from django.tasks import task
except ImportError:  # Django 5.2: the backport
    from django_tasks import task

__all__ = [
    "task",
    "read_source",
    "check_watched_sources",
    "forget_originals",
    "prepare_for_quotes",
]


@task()
def read_source(job_id: int) -> str:
    """Read the file or web address of a reading job into a preview."""
    from sources.jobs import run_job

    return run_job(job_id)


@task()
def check_watched_sources() -> int:
    """Fetch the watched sources that are due, then queue the next check: how many were due."""
    from sources.monitoring import check_due_sources, ensure_scheduled

    try:
        return check_due_sources()
    finally:
        ensure_scheduled()


@task()
def forget_originals() -> int:
    """Delete the original files nothing kept for a day, then queue the next run: how many."""
    from sources.cleanup import ensure_cleanup_scheduled, forget_abandoned_originals

    try:
        return forget_abandoned_originals()
    finally:
        ensure_cleanup_scheduled()


@task()
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
