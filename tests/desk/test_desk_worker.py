"""`manage.py desk_worker`: one worker process per set of queues, forked from one that keeps the
desk's clock; what `make run` and `make serve` start beside the web server."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from desk.models import AuditEntry, Excerpt
from desk.periodic.models import PeriodicJob
from desk.publishing.states import Status
from sources.jobs import read_source, start_reading
from sources.models import ReadingJob
from tests.factories import excerpt_in
from tests.sources.pdfs import Report, prose, report_pdf
from tests.workers import DATABASE_QUEUE, worker_environment


def test_make_run_and_make_serve_start_the_desk_workers_and_no_cron_is_needed():
    makefile = (Path(django_settings.BASE_DIR) / "Makefile").read_text()
    for target in ("run:", "serve:"):
        recipe = makefile.split(f"\n{target}", 1)[1].split("\n\n", 1)[0]
        assert "manage.py desk_worker" in recipe, target
        assert "db_worker" not in recipe and "--queue-only" not in recipe, target


def test_an_unknown_queue_is_refused_naming_the_desk_s_queues(db):
    with pytest.raises(CommandError, match="Unknown queue nosuch: the desk's queues are reading"):
        call_command("desk_worker", "--queues", "reading,nosuch")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_with_only_the_workers_running_an_item_publishes_at_its_time_and_a_file_is_read(
    editor, reviewer, source, briefing, settings, tmp_path
):
    settings.TASKS = DATABASE_QUEUE
    settings.MEDIA_ROOT = str(tmp_path)
    item = excerpt_in("scheduled", editor=editor, reviewer=reviewer, source=source,
                      briefing=briefing, publish_at=timezone.now() + dt.timedelta(hours=1))  # fmt: skip
    # Its time brought to a few seconds from now, as if it had been scheduled an hour ago.
    at = timezone.now() + dt.timedelta(seconds=3)
    Excerpt.objects.filter(pk=item.pk).update(visible_from=at)
    pdf = report_pdf(Report([prose(i) for i in range(3)], title="Annual review")).data
    job = start_reading(user=editor, data=pdf, name="review.pdf")
    env = {**worker_environment(tmp_path, page_pause=0), "PERIODIC_TICK_SECONDS": "1"}
    workers = subprocess.Popen(
        [sys.executable, "manage.py", "desk_worker", "--interval", "0.2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        # A busy machine may take a while to start Django: wait for the work, not a clock.
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and workers.poll() is None:
            item.refresh_from_db()
            job.refresh_from_db()
            if item.status == Status.PUBLISHED and job.status == ReadingJob.Status.DONE:
                break
            time.sleep(0.3)
        assert item.status == Status.PUBLISHED and job.status == ReadingJob.Status.DONE
        recorded = AuditEntry.objects.get(excerpt=item, action="publish").at
        assert recorded - at < dt.timedelta(minutes=1)
        # The clock ticked in the process started, the reading in the worker of its queue.
        clock = PeriodicJob.objects.get(name="publish_due")
        assert clock.last_worker.endswith(f":{workers.pid}")
        [reading] = DBTaskResult.objects.filter(task_path=read_source.module_path)
        [worker_id] = reading.worker_ids
        assert worker_id.endswith(":reading") and f":{workers.pid}:" not in worker_id
    finally:
        workers.send_signal(signal.SIGTERM)
        code = workers.wait(timeout=60)
    assert code == 0, workers.stderr.read()[-2000:]
    assert Excerpt.objects.get(pk=item.pk).status == Status.PUBLISHED
