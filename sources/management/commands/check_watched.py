"""Check the watched sources that are due now (the desk's clock does it every five minutes)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sources.monitoring import check_due_sources


class Command(BaseCommand):
    help = "Fetch every watched source that is due and save a changed text as a new version."

    def handle(self, *args, **options) -> None:
        checked = check_due_sources()
        self.stdout.write(f"{checked} watched source{'s' if checked != 1 else ''} checked.")
