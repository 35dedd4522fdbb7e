"""Load the demo desk: seed sources, demo accounts and a demo briefing. Safe to run again."""

import os

from django.core.management.base import BaseCommand

from desk.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the seed sources, the demo accounts (editor, editor2, reviewer, reviewer2, chief) "
        "and a demo briefing. Passwords: DEMO_PASSWORD, or one generated and printed. Idempotent."
    )

    def handle(self, *args, **options) -> None:
        report = load_demo(password=os.environ.get("DEMO_PASSWORD") or None)
        self.stdout.write(
            f"Demo loaded: {report.sources} new sources, {report.actors} new actors, "
            f"{report.events} new events, {report.excerpts} new excerpts."
        )
        if report.created_accounts:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo accounts created: {', '.join(report.created_accounts)} — "
                    f"password: {report.password}"
                )
            )
        else:
            self.stdout.write("Demo accounts already exist; their passwords are unchanged.")
