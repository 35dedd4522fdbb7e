"""Database triggers that keep stored revisions true to their source and unchangeable.

On insert, the quote must be the source version's own text at its offsets, and the stored
neighbouring characters the source's own (the check constraints on ExcerptRevision then refuse a
quote that starts or ends inside a word). On update, a revision's quote, offsets, context,
annotation and place are refused: re-anchoring writes RevisionAnchor rows instead. Workflow
fields (approval, publication, correction note) and the derived search text may still change.

SQLite drops a table's triggers when a migration rebuilds the table, so they are installed by
migration 0013 and again after every `migrate` (desk.apps), idempotently.
"""

from __future__ import annotations

PROTECTED = [
    "excerpt_id",
    "number",
    "source_version_id",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "char_before",
    "char_after",
    "annotation",
]
REWRITE_REFUSED = "A stored revision is never rewritten: save a new revision instead."
NOT_THE_SOURCE = "The quote is not the source's own text at its offsets."


def _q(name: str) -> str:
    return f'"{name}"'


def _sqlite() -> list[str]:
    changed = " OR ".join(f"NEW.{_q(c)} IS NOT OLD.{_q(c)}" for c in PROTECTED)
    source = (
        "SELECT 1 FROM sources_sourceversion v WHERE v.id = NEW.source_version_id"
        ' AND substr(v.text, NEW."start" + 1, NEW."end" - NEW."start") = NEW.quote'
        """ AND (CASE WHEN NEW."start" = 0 THEN '' ELSE substr(v.text, NEW."start", 1) END)"""
        " = NEW.char_before"
        ' AND substr(v.text, NEW."end" + 1, 1) = NEW.char_after'
    )
    return [
        "CREATE TRIGGER IF NOT EXISTS revision_never_rewritten"
        f" BEFORE UPDATE ON desk_excerptrevision WHEN {changed}"
        f" BEGIN SELECT RAISE(ABORT, '{REWRITE_REFUSED}'); END",
        "CREATE TRIGGER IF NOT EXISTS revision_quotes_its_source"
        " BEFORE INSERT ON desk_excerptrevision"
        f" WHEN NEW.char_before IS NULL OR NEW.char_after IS NULL OR NOT EXISTS ({source})"
        f" BEGIN SELECT RAISE(ABORT, '{NOT_THE_SOURCE.replace(chr(39), chr(39) * 2)}'); END",
    ]


def _postgresql() -> list[str]:
    changed = " OR ".join(f"NEW.{_q(c)} IS DISTINCT FROM OLD.{_q(c)}" for c in PROTECTED)
    not_source = NOT_THE_SOURCE.replace("'", "''")
    return [
        "CREATE OR REPLACE FUNCTION desk_revision_never_rewritten() RETURNS trigger AS $$"
        f" BEGIN IF {changed} THEN"
        f" RAISE EXCEPTION '{REWRITE_REFUSED}' USING ERRCODE = 'check_violation';"
        " END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE OR REPLACE FUNCTION desk_revision_quotes_its_source() RETURNS trigger AS $$"  # noqa: S608
        " DECLARE body text; BEGIN"
        " SELECT v.text INTO body FROM sources_sourceversion v WHERE v.id = NEW.source_version_id;"
        " IF NEW.char_before IS NULL OR NEW.char_after IS NULL"
        ' OR substr(body, NEW."start" + 1, NEW."end" - NEW."start") IS DISTINCT FROM NEW.quote'
        """ OR (CASE WHEN NEW."start" = 0 THEN '' ELSE substr(body, NEW."start", 1) END)"""
        " IS DISTINCT FROM NEW.char_before"
        ' OR substr(body, NEW."end" + 1, 1) IS DISTINCT FROM NEW.char_after THEN'
        f" RAISE EXCEPTION '{not_source}' USING ERRCODE = 'check_violation';"
        " END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
        "DROP TRIGGER IF EXISTS revision_never_rewritten ON desk_excerptrevision",
        "CREATE TRIGGER revision_never_rewritten BEFORE UPDATE ON desk_excerptrevision"
        " FOR EACH ROW EXECUTE FUNCTION desk_revision_never_rewritten()",
        "DROP TRIGGER IF EXISTS revision_quotes_its_source ON desk_excerptrevision",
        "CREATE TRIGGER revision_quotes_its_source BEFORE INSERT ON desk_excerptrevision"
        " FOR EACH ROW EXECUTE FUNCTION desk_revision_quotes_its_source()",
    ]


def install(connection) -> None:
    """Create (or re-create) the triggers on this database."""
    if connection.vendor == "sqlite":
        statements = _sqlite()
    elif connection.vendor == "postgresql":
        statements = _postgresql()
    else:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: put back triggers a rebuilt SQLite table lost."""
    from django.db import connections

    connection = connections[using]
    if "desk_excerptrevision" in connection.introspection.table_names():
        install(connection)
