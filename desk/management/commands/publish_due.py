"""Publish scheduled excerpts whose time has come (for cron; readers never wait for it)."""

from django.core.management.base import BaseCommand

from desk.scheduled import publish_due


class Command(BaseCommand):
    help = "Mark scheduled excerpts that are due as published."

    def handle(self, *args, **options) -> None:
        count = publish_due()
        self.stdout.write(f"{count} scheduled excerpt{'s' if count != 1 else ''} published.")
