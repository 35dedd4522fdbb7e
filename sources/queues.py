"""The desk's background work on Django's Tasks API: its queues, and the `task` decorator.

On Django 5.2 the API comes from the django-tasks backport; from Django 6 it is django.tasks,
with the same names, so only this import changes. Tasks are queued in the database
(django-tasks-db) and run by `manage.py desk_worker`; tests run them at once (settings.TASKS).
Each task lives beside the function it runs (sources.jobs.read_source beside the reading it
runs) and names its queue from here.

Each queue has a worker of its own, so that a six-minute scan never makes a webhook wait:
reading documents, OCR of scans, deliveries (webhooks, e-mail), periodic work, and the desk's
own short tasks (default).

A task takes only JSON values (ids, not objects) and must be safe to run twice: a worker that is
stopped half way leaves its job to be given to another (sources.jobs.recover_lost_job). A queued
task is stored by its dotted path: moving a task leaves rows queued under the old path, which
must stay importable while any can be waiting (sources/tasks.py).
"""

from __future__ import annotations

try:  # Django 6
    from django.tasks import task
except ImportError:  # Django 5.2: the backport
    from django_tasks import task

__all__ = ["Queue", "task"]


class Queue:
    """The queues of settings.TASK_QUEUES, by what waits in them."""

    READING = "reading"  # documents and web pages read into a preview
    OCR = "ocr"  # scans, read by Tesseract: the longest work of all
    DELIVERIES = "deliveries"  # webhooks and e-mail, which someone outside waits for
    PERIODIC = "periodic"  # the clock's work that may take a while (desk.periodic)
    DEFAULT = "default"  # the desk's own short work after a save
