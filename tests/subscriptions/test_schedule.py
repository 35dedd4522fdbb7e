"""The digests' periodic run: queued by the desk's clock (desk.periodic) every RUN_EVERY, and
once when a reader confirms; a run never queues another (make run and make serve start the
workers that keep the clock)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from desk.subscriptions.sending import RUN_EVERY, ensure_digests_scheduled, send_digests
from tests.factories import excerpt_in, make_source
from tests.subscriptions.conftest import confirmation_path
from tests.workers import DATABASE_QUEUE


def _queued():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=send_digests.module_path, status="READY")


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE


def test_the_periodic_run_is_queued_once(db, database_queue):
    ensure_digests_scheduled()
    ensure_digests_scheduled()
    assert _queued().count() == 1
    assert _queued().get().run_after > timezone.now() + RUN_EVERY - timedelta(minutes=1)


def test_confirming_queues_the_periodic_run(
    briefing, ask, settings, django_capture_on_commit_callbacks
):
    for email in ("first@example.org", "second@example.org"):
        ask(briefing, email=email)
    settings.TASKS = DATABASE_QUEUE
    for message in mail.outbox:
        with django_capture_on_commit_callbacks(execute=True):
            assert Client().post(confirmation_path(message)).status_code == 200
    assert _queued().count() == 1


def test_a_run_queues_nothing_more(db, database_queue):
    send_digests.call()
    assert _queued().count() == 0


def test_the_command_sends_what_is_due(briefing, subscribe, editor, reviewer, clock, settings):
    subscribe(briefing)
    settings.TASKS = DATABASE_QUEUE
    excerpt_in(
        "published", editor=editor, reviewer=reviewer, briefing=briefing, source=make_source()
    )
    clock.move(days=1)
    quiet = StringIO()
    call_command("send_digests", "--queue-only", stdout=quiet)
    assert not mail.outbox and _queued().count() == 1
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert out.getvalue().strip() == "Digests sent: 1."
    assert len(mail.outbox) == 1
