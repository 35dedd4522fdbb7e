"""Readers' copies taken before they kept search text get it: the revision's quote and annotation
with the source's title as the copy has it (what readers' search reads from now on)."""

from django.db import migrations


def fill(apps, schema_editor):
    from sources.search import keys_text

    ReadersCopy = apps.get_model("desk", "ReadersCopy")
    rows = ReadersCopy.objects.filter(search_text="").values_list(
        "pk", "revision__quote", "revision__annotation", "data"
    )
    for pk, quote, annotation, data in rows.iterator(chunk_size=500):
        title = (data or {}).get("citation", {}).get("display_title", "")
        ReadersCopy.objects.filter(pk=pk).update(search_text=keys_text(quote, annotation, title))


class Migration(migrations.Migration):
    dependencies = [("desk", "0018_readers_copy_search_text")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
