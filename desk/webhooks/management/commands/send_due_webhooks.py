"""For cron, beside publish_due: send the webhook deliveries whose time has come.

The task queue sends every delivery at its time; this catches what it could not: an attempt lost
with a worker that died, or retries on a queue that cannot wait for a time.
"""

from django.core.management.base import BaseCommand

from desk.webhooks.delivering import send_due


class Command(BaseCommand):
    help = "Send the webhook deliveries whose time has come (for cron)."

    def handle(self, *args, **options) -> None:
        count = send_due()
        self.stdout.write(f"{count} webhook deliveries attempted.")
