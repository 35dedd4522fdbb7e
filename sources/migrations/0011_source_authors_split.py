from django.db import migrations


def split(apps, schema_editor):
    """Every stored source's author string becomes its list of authors, split on semicolons as
    the form documented; each name read as sources.authors.read_name reads it."""
    from sources.authors import names_as_written, split_documented

    Source = apps.get_model("sources", "Source")
    for source in Source.objects.only("pk", "author").exclude(author="").iterator(chunk_size=500):
        authors = split_documented(source.author)
        Source.objects.filter(pk=source.pk).update(
            authors=[author.as_json() for author in authors], author=names_as_written(authors)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0010_source_authors_list"),
    ]

    operations = [
        # Backwards, the author string is still there, as the list's names.
        migrations.RunPython(split, migrations.RunPython.noop),
    ]
