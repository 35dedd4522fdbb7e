"""The full-text indexes of revisions and readers' copies (desk.search_index): FTS5 on SQLite; on
PostgreSQL a stemmed vector each, which replaces the revisions' keys-only index."""

from django.db import migrations


def create_indexes(apps, schema_editor):
    from desk.search_index import SEARCHABLE
    from sources.search_index import install

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS desk_revision_search_gin")
    install(schema_editor.connection, SEARCHABLE)


def drop_indexes(apps, schema_editor):
    from desk.search_index import SEARCHABLE
    from sources.search_index import uninstall

    uninstall(schema_editor.connection, SEARCHABLE)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS desk_revision_search_gin ON desk_excerptrevision "
            "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0019_fill_readers_copy_search_text"),
        ("sources", "0008_source_full_text_index"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
