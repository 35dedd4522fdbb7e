"""Write the whole desk to one JSON file."""

from pathlib import Path

from django.core.management.base import BaseCommand

from desk.project.backup import export_desk


class Command(BaseCommand):
    help = (
        "Export everything (users, sources and versions, events, actors, excerpts with their "
        "history) to one JSON file."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        export_desk(path)
        self.stdout.write(
            self.style.SUCCESS(f"Desk exported to {path} ({path.stat().st_size:,} bytes).")
        )
