"""Items published before readers' copies existed get one now, as their records read today, so
that from here on editing a source, actor, event or topic changes none of them by itself."""

from django.db import migrations


def _citation(source) -> dict:
    from sources.dates import PartialDate

    has_title = bool(source.title.strip())
    published = PartialDate.parse(source.published) if source.published else None
    return {
        "has_title": has_title,
        "title": source.title,
        "display_title": source.title
        if has_title
        else f"[Untitled] {source.working_title or f'source {source.pk}'}",
        "author": source.author,
        "outlet": source.outlet,
        "url": source.url,
        "published": source.published,
        "published_date": str(published) if published else "",
    }


def take_copies(apps, schema_editor):
    from events.dates import EventDate

    Excerpt = apps.get_model("desk", "Excerpt")
    ReadersCopy = apps.get_model("desk", "ReadersCopy")
    waiting = Excerpt.objects.filter(published_revision__isnull=False, readers_copy__isnull=True)
    for excerpt in waiting.select_related("published_revision__source_version__source"):
        revision = excerpt.published_revision
        data = {
            "citation": _citation(revision.source_version.source),
            "topics": [{"name": t.name, "slug": t.slug} for t in revision.topics.all()],
            "actors": [{"id": a.pk, "name": a.name} for a in revision.actors.all()],
            "events": [
                {
                    "id": e.pk,
                    "title": e.title,
                    "date": e.date,
                    "event_date": str(EventDate.from_edtf(e.date)),
                    "place": e.place,
                }
                for e in revision.events.all()
            ],
        }
        copy = ReadersCopy.objects.create(
            excerpt=excerpt, revision=revision, data=data, made_by=revision.approved_by
        )
        Excerpt.objects.filter(pk=excerpt.pk).update(readers_copy=copy)


class Migration(migrations.Migration):
    dependencies = [("desk", "0014_readers_copy")]

    operations = [migrations.RunPython(take_copies, migrations.RunPython.noop)]
