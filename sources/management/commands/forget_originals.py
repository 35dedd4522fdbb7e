"""Delete the original files nothing kept for a day (the desk's clock does it every hour)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sources.cleanup import forget_abandoned_originals


class Command(BaseCommand):
    help = (
        "Delete uploaded or fetched files that no saved version keeps, left for more than a day "
        "by previews nobody saved or readings that failed."
    )

    def handle(self, *args, **options) -> None:
        forgotten = forget_abandoned_originals()
        self.stdout.write(
            f"{forgotten} unkept original file{'s' if forgotten != 1 else ''} deleted."
        )
