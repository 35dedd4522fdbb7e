"""One row per periodic job: when it next falls due, and what came of its last run."""

from __future__ import annotations

from django.db import models


class PeriodicJob(models.Model):
    """A periodic job's turn: the worker that moves `next_run_at` past the clock runs it."""

    name = models.CharField(max_length=64, unique=True)
    next_run_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    # Which worker ran it last (host and process), and what came of it, for whoever looks.
    last_worker = models.CharField(max_length=100, blank=True)
    last_outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
