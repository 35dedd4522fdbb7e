"""Delete the original files nothing kept for a day, and make sure the daily run is queued."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sources.cleanup import ensure_cleanup_scheduled, forget_abandoned_originals


class Command(BaseCommand):
    help = (
        "Delete uploaded or fetched files that no saved version keeps, left for more than a day "
        "by previews nobody saved or readings that failed; then queue the daily cleanup for the "
        "background worker if it is not queued."
    )

    def handle(self, *args, **options) -> None:
        forgotten = forget_abandoned_originals()
        ensure_cleanup_scheduled()
        self.stdout.write(
            f"{forgotten} unkept original file{'s' if forgotten != 1 else ''} deleted."
        )
