"""Check the watched sources that are due now, and make sure the periodic check is queued."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sources.monitoring import check_due_sources, ensure_scheduled


class Command(BaseCommand):
    help = (
        "Fetch every watched source that is due and save a changed text as a new version; "
        "then queue the periodic check for the background worker if it is not queued."
    )

    def handle(self, *args, **options) -> None:
        checked = check_due_sources()
        ensure_scheduled()
        self.stdout.write(f"{checked} watched source{'s' if checked != 1 else ''} checked.")
