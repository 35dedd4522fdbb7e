"""Restore a desk exported with export_desk into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from desk.project.backup import RestoreRefused, import_desk


class Command(BaseCommand):
    help = "Restore an export_desk file into an empty, migrated database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        try:
            import_desk(path)
        except RestoreRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Desk restored from {path}."))
