"""Find the dates in source texts and offer them as candidate events. Safe to run again."""

from django.core.management.base import BaseCommand, CommandError

from events.suggestions import suggest_events
from sources.models import Source


class Command(BaseCommand):
    help = (
        "Find the date mentions in the current text of every source (or those given) and store "
        "them as event suggestions for editors. Dates already suggested are left as they are."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("source_ids", nargs="*", type=int, metavar="SOURCE_ID")

    def handle(self, *args, source_ids: list[int], **options) -> None:
        sources = Source.objects.with_current_text().filter(current_version__isnull=False)
        if source_ids:
            sources = sources.filter(pk__in=source_ids)
            missing = set(source_ids) - set(sources.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No source with id {', '.join(map(str, sorted(missing)))}.")
        scanned = new = 0
        for source in sources:
            new += len(suggest_events(source.current_version))
            scanned += 1
        self.stdout.write(f"{scanned} sources read, {new} new event suggestions.")
