"""The library's full-text index (sources.search_index): FTS5 on SQLite; on PostgreSQL unaccent,
the stemming configurations and a stemmed vector, which replaces the keys-only index."""

from django.db import migrations


def create_index(apps, schema_editor):
    from sources.search_index import LIBRARY, install

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS sources_source_search_gin")
    install(schema_editor.connection, [LIBRARY])


def drop_index(apps, schema_editor):
    from sources.search_index import LIBRARY, uninstall

    uninstall(schema_editor.connection, [LIBRARY])
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS sources_source_search_gin ON sources_source USING gin "
            "(to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0007_source_search_keys_filled"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
