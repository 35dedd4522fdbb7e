"""Send readers' digests that are due now, and queue the periodic run (for cron, or at start)."""

from django.core.management.base import BaseCommand

from desk.subscriptions.sending import ensure_digests_scheduled, send_due_digests


class Command(BaseCommand):
    help = (
        "Send the readers' e-mail digests that are due, then make sure the periodic run is "
        "queued for the background worker. --queue-only queues it without sending."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--queue-only", action="store_true", help="Only queue the periodic run; send nothing."
        )

    def handle(self, *args, queue_only: bool = False, **options) -> None:
        if not queue_only:
            sent = send_due_digests()
            self.stdout.write(f"Digests sent: {sent}.")
        ensure_digests_scheduled()
