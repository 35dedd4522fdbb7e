"""Fill search_text for revisions saved before it existed."""

import unicodedata

from django.db import migrations


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def fill(apps, schema_editor):
    Revision = apps.get_model("desk", "ExcerptRevision")
    for revision in Revision.objects.filter(search_text="").select_related("source_version__source"):
        title = revision.source_version.source.title or revision.source_version.source.working_title
        revision.search_text = _fold(f"{revision.quote}\n{revision.annotation}\n{title}")
        revision.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("desk", "0005_revision_search_text")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
