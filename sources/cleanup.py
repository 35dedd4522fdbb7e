"""Forgetting the original files nobody kept: an upload read into a preview that nobody saved
leaves its file on disk, and a failed reading leaves one too.

After a day (ABANDONED_AFTER), an original that no version keeps, no preview still open shows
and no reading still under way needs is deleted, record and file (a file shared by the same bytes
arriving twice goes with its last record). The desk's clock (desk.periodic) queues the periodic
task `forget_originals` (below) every hour; `manage.py forget_originals` runs it once.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from sources.models import ImportPreview, Original, ReadingJob, SourceVersion
from sources.originals import forget_original
from sources.queues import Queue, task

ABANDONED_AFTER = timedelta(days=1)


def abandoned_originals(now=None):
    """Originals more than a day old that nothing keeps: no version, no preview left open (a
    preview nobody saved within a day counts as abandoned), no reading waiting or under way, no
    failed reading that may still be tried again within its day."""
    cutoff = (now or timezone.now()) - ABANDONED_AFTER
    return (
        Original.objects.filter(added_at__lt=cutoff)
        .exclude(Exists(SourceVersion.objects.filter(original=OuterRef("pk"))))
        .exclude(
            Exists(ImportPreview.objects.filter(original=OuterRef("pk"), created_at__gte=cutoff))
        )
        .exclude(
            Exists(
                ReadingJob.objects.filter(original=OuterRef("pk")).filter(
                    status__in=[ReadingJob.Status.WAITING, ReadingJob.Status.READING]
                )
            )
        )
        .exclude(
            Exists(
                ReadingJob.objects.filter(
                    original=OuterRef("pk"),
                    status=ReadingJob.Status.FAILED,
                    can_retry=True,
                    created_at__gte=cutoff,
                )
            )
        )
    )


def forget_abandoned_originals(now=None) -> int:
    """Delete the abandoned originals, and the previews left for a day: how many originals."""
    cutoff = (now or timezone.now()) - ABANDONED_AFTER
    ImportPreview.objects.filter(created_at__lt=cutoff).delete()
    forgotten = 0
    for original in abandoned_originals(now):
        # A failed reading of it can no longer be tried again: say so rather than fail later.
        ReadingJob.objects.filter(original=original, can_retry=True).update(
            can_retry=False,
            message="The file was kept for a day and has been deleted: upload it again.",
        )
        forget_original(original)
        forgotten += 1
    return forgotten


@task(queue_name=Queue.PERIODIC)
def forget_originals() -> int:
    """Delete the original files nothing kept for a day: how many."""
    return forget_abandoned_originals()
