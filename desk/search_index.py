"""The full-text indexes of the desk's searchable tables (sources.search_index does the work).

Revisions are searched on the desk with their source's current title; readers' copies are what
readers' search reads, with the title readers see (desk.readers_copy), so a source retitled on
the desk is not found by its new title on public pages before a reviewer carries the change.
"""

from __future__ import annotations

from sources.search_index import Searchable, install

# The source of the revision in NEW (a revision row, or a copy's revision).
_SOURCE_OF_VERSION = (
    "FROM sources_sourceversion v JOIN sources_source s ON s.id = v.source_id"
    " WHERE v.id = NEW.source_version_id"
)
_SOURCE_OF_REVISION = (
    "FROM desk_excerptrevision r JOIN sources_sourceversion v ON v.id = r.source_version_id"
    " JOIN sources_source s ON s.id = v.source_id WHERE r.id = NEW.revision_id"
)
_TITLE = "CASE WHEN btrim(s.title) <> '' THEN s.title ELSE s.working_title END"

REVISIONS = Searchable(
    table="desk_excerptrevision",
    columns=("search_text",),
    language_sql=f"(SELECT s.language {_SOURCE_OF_VERSION})",
    words_sql=f"concat_ws(' ', NEW.quote, NEW.annotation, (SELECT {_TITLE} {_SOURCE_OF_VERSION}))",
)
READERS_COPIES = Searchable(
    table="desk_readerscopy",
    columns=("search_text",),
    language_sql=f"(SELECT s.language {_SOURCE_OF_REVISION})",
    words_sql="concat_ws(' ', (SELECT concat_ws(' ', r.quote, r.annotation)"
    " FROM desk_excerptrevision r WHERE r.id = NEW.revision_id),"
    # The titles of its citations (desk.readers_view.Links: a list from shape 2, one before).
    " COALESCE((SELECT string_agg(c ->> 'display_title', ' ')"
    " FROM jsonb_array_elements(NEW.data -> 'citations') c),"
    " NEW.data -> 'citation' ->> 'display_title'))",
)
SEARCHABLE = [REVISIONS, READERS_COPIES]


def install_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: put back index triggers a rebuilt SQLite table lost."""
    from django.db import connections

    connection = connections[using]
    tables = connection.introspection.table_names()
    install(connection, [searchable for searchable in SEARCHABLE if searchable.table in tables])
