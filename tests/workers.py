"""A real background worker in another process, for the tests that need one (a worker killed half
way, a browser watching a PDF being read): the command and the environment that point it at the
test database and its queue."""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.db import connection

# The database queue with every queue of the desk, for tests that keep tasks until a worker runs.
DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
}

# Polls every queue five times a second, so a test waits on work rather than on the worker's clock.
WORKER_COMMAND = [
    sys.executable,
    "manage.py",
    "db_worker",
    "--queue-name",
    "*",
    "--no-reload",
    "--no-startup-delay",
    "--interval",
    "0.2",
    "--verbosity",
    "0",
]


def database_url_for_workers() -> str:
    """The test database, as a URL for a worker in another process (SQLite or PostgreSQL)."""
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        user = database["USER"] or "postgres"
        return f"postgres://{user}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    return f"sqlite:///{database['NAME']}"


def worker_environment(media_root, *, page_pause: float) -> dict[str, str]:
    """The worker's environment: the test database, the database queue, the test's media files,
    and a pause after each page read so that a test can watch (or interrupt) the reading."""
    return {
        **os.environ,
        "DESK_TESTING": "1",
        "DATABASE_URL": database_url_for_workers(),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MEDIA_ROOT": str(media_root),
        "SOURCE_READING_PAGE_PAUSE": str(page_pause),
    }
