"""The periodic jobs and the tick that runs those that are due, once across every worker.

A job's runs fall on fixed marks of the clock (every 10 s: :00, :10, :20 …), so workers that
tick at different moments agree on which run is due. Claiming it is one conditional UPDATE that
moves the job's `next_run_at` to its next mark: of several workers ticking at once, exactly one
changes the row and runs the job. A worker that dies in the middle of a run loses only that run;
every job catches up on its next (they all do "whatever is due by now").

Short jobs run in the ticking process itself, so that publishing on time never waits behind
anything; the longer ones are queued on the periodic queue (sources.queues.Queue.PERIODIC) for a
worker of their own.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from desk.periodic.models import PeriodicJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    run: Callable[[dt.datetime], object]  # given the clock's time; what it did, in words


def _publish_due(now: dt.datetime) -> str:
    from desk.scheduled import publish_due

    return f"{publish_due(now)} published"


def _recover_lost_readings(now: dt.datetime) -> str:
    from sources.jobs import recover_lost_jobs

    return f"{recover_lost_jobs()} readings given to another worker"


def _queued(path: str) -> Callable[[dt.datetime], str]:
    def queue(now: dt.datetime) -> str:
        from django.utils.module_loading import import_string

        import_string(path).enqueue()
        return "queued"

    return queue


def _forget_old_runs(now: dt.datetime) -> str:
    # Jobs taken out of the table leave their rows; nothing else grows here.
    names = [job.name for job in JOBS]
    forgotten, _ = PeriodicJob.objects.exclude(name__in=names).delete()
    return f"{forgotten} forgotten"


SECOND, MINUTE = dt.timedelta(seconds=1), dt.timedelta(minutes=1)
JOBS: tuple[Job, ...] = (
    # Within seconds of its time, a scheduled item is recorded published (or held).
    Job("publish_due", 10 * SECOND, _publish_due),
    # A reading whose worker is gone is given to another (sources.jobs.recover_lost_jobs).
    Job("recover_lost_readings", 15 * SECOND, _recover_lost_readings),
    # Webhook attempts a lost worker took with it, or retries due.
    Job("send_due_webhooks", 5 * MINUTE, _queued("desk.webhooks.delivering.send_due_webhooks")),
    Job("send_digests", 15 * MINUTE, _queued("desk.subscriptions.sending.send_digests")),
    Job("check_watched_sources", 5 * MINUTE, _queued("sources.monitoring.check_watched_sources")),
    Job("forget_originals", 60 * MINUTE, _queued("sources.cleanup.forget_originals")),
    Job("forget_old_periodic_jobs", 24 * 60 * MINUTE, _forget_old_runs),
)


def mark_after(now: dt.datetime, every: dt.timedelta) -> dt.datetime:
    """The first mark of this period after `now` (marks count from the Unix epoch)."""
    step = every.total_seconds()
    return dt.datetime.fromtimestamp((now.timestamp() // step + 1) * step, tz=dt.UTC)


def claim(job: Job, now: dt.datetime, worker: str) -> bool:
    """Whether this worker has the job's run that is due at `now` (False: not due, or taken)."""
    # A new job is due at once; ignore_conflicts because another worker may add it meanwhile.
    PeriodicJob.objects.bulk_create(
        [PeriodicJob(name=job.name, next_run_at=now)], ignore_conflicts=True
    )
    return bool(
        PeriodicJob.objects.filter(name=job.name, next_run_at__lte=now).update(
            next_run_at=mark_after(now, job.every), last_started_at=now, last_worker=worker[:100]
        )
    )


def tick(now: dt.datetime | None = None, *, worker: str = "") -> list[str]:
    """Run every job that is due and that no other worker claimed first: their names."""
    now = now or timezone.now()
    worker = worker or this_worker()
    ran = []
    for job in JOBS:
        if not claim(job, now, worker):
            continue
        try:
            outcome = str(job.run(now))
        except Exception as error:
            # One job's failure must not stop the others, nor the clock: it runs again next time.
            logger.exception("Periodic job %s failed", job.name)
            outcome = f"failed: {type(error).__name__}"
        PeriodicJob.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(), last_outcome=outcome[:200]
        )
        ran.append(job.name)
    return ran


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def tick_safely() -> None:
    """A tick that survives the database being away for a moment (a restart)."""
    close_old_connections()
    try:
        tick()
    except DatabaseError:
        logger.warning("The periodic clock could not reach the database", exc_info=True)


def keep_time(stop: threading.Event, every: float | None = None) -> None:
    """Tick every PERIODIC_TICK_SECONDS until `stop` is set (in a thread of its own)."""
    every = settings.PERIODIC_TICK_SECONDS if every is None else every
    try:
        while not stop.is_set():
            tick_safely()
            stop.wait(every)
    finally:
        connection.close()
