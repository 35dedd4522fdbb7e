"""The databases' full-text indexes over the stored search keys (sources.search).

Every searchable table keeps its keys in columns (`search_text`, and the library's
`search_names`); each database indexes them its own way, and `sources.search.matching` queries
them through `KeysMatch` and `KeysRank`:

- SQLite: an FTS5 table `<table>_search` with external content (the keys columns themselves),
  kept in step by triggers, queried with MATCH and ranked with bm25. FTS5's tokenizers cannot fold
  spellings and scripts, so it indexes the keys, already folded. SQLite drops a table's triggers
  when a migration rebuilds the table: `install` puts them back after every `migrate` and
  rebuilds the index when any was missing. An SQLite built without FTS5 searches the same keys
  with LIKE, and says so once in the log.
- PostgreSQL: each `search_text` has a stored `search_vector` (GIN-indexed), written by a trigger:
  the keys (configuration `simple`) and the row's own words, stemmed in its source's language
  where PostgreSQL has a stemmer for it (`search_<language>`: unaccent, then the stemmer; any
  other language `search_simple`). A query's words are stemmed with every one of those
  configurations (`search_stems`), so "sanctions" finds "sanctioned" in an English source and
  "санкции" finds "санкций" in a Russian one. `search_names` has an expression index on its keys.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from functools import cache

from django.db.models import BooleanField, Expression, F, FloatField
from django.db.models.sql.constants import INNER
from django.db.models.sql.datastructures import Join

logger = logging.getLogger(__name__)

# ISO 639-1 codes (as sources.languages detects them) of the languages PostgreSQL stems.
STEMMED_LANGUAGES = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish",
    "nl": "dutch", "en": "english", "fi": "finnish", "fr": "french", "de": "german",
    "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian",
    "nn": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip
# The one keys column per table that PostgreSQL keeps a stemmed vector for.
STEMMED_COLUMN = "search_text"


@dataclass(frozen=True)
class Searchable:
    """A table with keys columns. For PostgreSQL's stemmed vector: SQL over the trigger's NEW
    row giving the source's language code, and the row's own words to stem."""

    table: str
    columns: tuple[str, ...]
    language_sql: str
    words_sql: str


@cache
def fts5_available() -> bool:
    """Whether this SQLite library has FTS5 (Django's connections use the same library)."""
    with sqlite3.connect(":memory:") as probe:
        options = {row[0] for row in probe.execute("PRAGMA compile_options")}
    if "ENABLE_FTS5" not in options:
        logger.warning("SQLite has no FTS5: search reads the search keys with LIKE instead.")
        return False
    return True


def fts_table(table: str) -> str:
    return f"{table}_search"


def _sqlite_statements(searchable: Searchable) -> tuple[str, dict[str, str]]:
    table, fts = searchable.table, fts_table(searchable.table)
    columns = ", ".join(searchable.columns)
    new = ", ".join(f"new.{column}" for column in searchable.columns)
    old = ", ".join(f"old.{column}" for column in searchable.columns)
    # Table and column names are this module's constants, never input.
    insert = f"INSERT INTO {fts}(rowid, {columns}) VALUES (new.id, {new});"  # noqa: S608
    # External content: the index forgets a row by being told exactly what it indexed.
    forget = f"INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.id, {old});"  # noqa: S608
    create = (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({columns},"
        f" content='{table}', content_rowid='id', tokenize='ascii')"
    )
    triggers = {
        f"{fts}_insert": f"AFTER INSERT ON {table} BEGIN {insert} END",
        f"{fts}_delete": f"AFTER DELETE ON {table} BEGIN {forget} END",
        f"{fts}_update": f"AFTER UPDATE OF {columns} ON {table} BEGIN {forget} {insert} END",
    }
    return create, {name: f"CREATE TRIGGER IF NOT EXISTS {name} {body}" for name, body in
                    triggers.items()}  # fmt: skip


def _install_sqlite(cursor, searchable: Searchable) -> None:
    if not fts5_available():
        return
    create, triggers = _sqlite_statements(searchable)
    fts = fts_table(searchable.table)
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE name = %s OR (type = 'trigger' AND tbl_name = %s)",
        [fts, searchable.table],
    )
    present = {name for (name,) in cursor.fetchall()}
    missing = [name for name in [fts, *triggers] if name not in present]
    if not missing:
        return
    cursor.execute(create)
    for statement in triggers.values():
        cursor.execute(statement)
    # Rows written while a trigger was missing (a rebuilt table) are read again.
    cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # noqa: S608


def config_name(language: str) -> str:
    return f"search_{language}"


def _postgresql_configurations(cursor) -> list[str]:
    """The extension, a configuration per stemmed language (and search_simple), and the two
    functions the triggers and queries call."""
    cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    cursor.execute("SELECT cfgname FROM pg_ts_config")
    present = {name for (name,) in cursor.fetchall()}
    cursor.execute("SELECT dictname FROM pg_ts_dict")
    dictionaries = {name for (name,) in cursor.fetchall()}
    languages = sorted(set(STEMMED_LANGUAGES.values())) + ["simple"]
    for language in languages:
        name = config_name(language)
        if name in present:
            continue
        stemmer = f"{language}_stem" if language != "simple" else "simple"
        if language not in present or (stemmer != "simple" and stemmer not in dictionaries):
            # This server has no stemmer for it: the language is searched as written.
            language, stemmer = "simple", "simple"
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {language})")
        cursor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word"
            f" WITH unaccent, {stemmer}"
        )
    cases = " ".join(
        f"WHEN '{code}' THEN '{config_name(language)}'::regconfig"
        for code, language in STEMMED_LANGUAGES.items()
    )
    stems = " || ".join(
        f"phraseto_tsquery('{config_name(language)}', words)"
        for language in sorted(set(STEMMED_LANGUAGES.values()))
    )
    return [
        # "en-GB", "EN" and "en" are one language.
        "CREATE OR REPLACE FUNCTION search_config(language text) RETURNS regconfig AS $$"
        " SELECT CASE lower(split_part(replace(COALESCE(language, ''), '_', '-'), '-', 1))"
        f" {cases} ELSE '{config_name('simple')}'::regconfig END $$ LANGUAGE sql STABLE",
        # Stop words stem to nothing; PostgreSQL says so in a notice and ignores them.
        "CREATE OR REPLACE FUNCTION search_stems(words text) RETURNS tsquery AS $$"
        f" SELECT {stems} $$ LANGUAGE sql STABLE",
    ]


def _postgresql_statements(searchable: Searchable) -> list[str]:
    table = searchable.table
    function = f"{table}_search_vector"
    return [
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector",
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ BEGIN"
        " NEW.search_vector := to_tsvector('simple'::regconfig, COALESCE(NEW.search_text, ''))"
        f" || to_tsvector(search_config({searchable.language_sql}),"
        f" COALESCE({searchable.words_sql}, ''));"
        " RETURN NEW; END $$ LANGUAGE plpgsql",
        f"DROP TRIGGER IF EXISTS {function} ON {table}",
        f"CREATE TRIGGER {function} BEFORE INSERT OR UPDATE OF search_text ON {table}"
        f" FOR EACH ROW EXECUTE FUNCTION {function}()",
        f"CREATE INDEX IF NOT EXISTS {table}_search_vector_gin ON {table}"
        " USING gin (search_vector)",
        # Rows saved before the vector existed get theirs (the trigger writes it).
        f"UPDATE {table} SET search_text = search_text WHERE search_vector IS NULL",  # noqa: S608
    ]


def install(connection, searchables: list[Searchable]) -> None:
    """Create (or put back) the full-text indexes of these tables; safe to run again."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for searchable in searchables:
                _install_sqlite(cursor, searchable)
        elif connection.vendor == "postgresql":
            for statement in _postgresql_configurations(cursor):
                cursor.execute(statement)
            for searchable in searchables:
                for statement in _postgresql_statements(searchable):
                    cursor.execute(statement)


def uninstall(connection, searchables: list[Searchable]) -> None:
    """Drop these tables' indexes, triggers and vectors (a migration taken back)."""
    with connection.cursor() as cursor:
        for searchable in searchables:
            table = searchable.table
            if connection.vendor == "sqlite":
                cursor.execute(f"DROP TABLE IF EXISTS {fts_table(table)}")
                for name in _sqlite_statements(searchable)[1]:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            elif connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {table}_search_vector()")
                cursor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class _OnKeys(Expression):
    """SQL over the full-text index of one keys column (a path like `readers_copy__search_text`),
    written against the alias the query gives that column's table."""

    def __init__(self, field: str, match: str, params: tuple, output_field) -> None:
        super().__init__(output_field=output_field)
        self.keys = F(field)
        self.match, self.params = match, params

    def get_source_expressions(self):
        return [self.keys]

    def set_source_expressions(self, exprs) -> None:
        (self.keys,) = exprs

    def _parts(self, compiler, connection) -> tuple[str, str, str, str]:
        """(the row's table alias, its id column, the keys column, the table) as SQL names."""
        column = self.keys
        model = column.target.model
        alias = compiler.quote_name_unless_alias(column.alias)
        pk = f"{alias}.{connection.ops.quote_name(model._meta.pk.column)}"
        keys = f"{alias}.{connection.ops.quote_name(column.target.column)}"
        return alias, pk, keys, model._meta.db_table

    def _vector(self, compiler, connection) -> str:
        alias, _, keys, _ = self._parts(compiler, connection)
        if self.keys.target.column == STEMMED_COLUMN:
            return f"{alias}.search_vector"
        # The expression of the column's GIN index (its keys only, configuration simple).
        return f"to_tsvector('simple'::regconfig, COALESCE({keys}, ''))"

    def _fts(self, compiler, connection) -> tuple[str, str, str]:
        """(the FTS5 table, its column matched, the row's id column) as SQL names."""
        _, pk, _, table = self._parts(compiler, connection)
        fts = fts_table(table)
        return fts, f"{fts}.{connection.ops.quote_name(self.keys.target.column)}", pk


class KeysMatch(_OnKeys):
    """The row's keys match the query (`match`: a tsquery's SQL, or an FTS5 query string)."""

    def __init__(self, field: str, match: str, params: tuple = ()) -> None:
        super().__init__(field, match, params, BooleanField())

    def as_postgresql(self, compiler, connection):
        return f"{self._vector(compiler, connection)} @@ ({self.match})", self.params

    def as_sqlite(self, compiler, connection):
        fts, searched, pk = self._fts(compiler, connection)
        sql = f"{pk} IN (SELECT rowid FROM {fts} WHERE {searched} MATCH %s)"  # noqa: S608
        return sql, (self.match,)


class KeysRank(_OnKeys):
    """How well the row matches: higher is better (PostgreSQL's ts_rank; FTS5's bm25, negated).

    On SQLite the FTS5 table is joined on the row's id with the MATCH in the join, so bm25 is
    read in the same pass as the match (a subquery per row would run the match again for each)."""

    index_alias: str | None = None

    def __init__(self, field: str, match: str, params: tuple = (), *, join: bool = False) -> None:
        super().__init__(field, match, params, FloatField())
        self.join = join

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False,
                           for_save=False):  # fmt: skip
        clone = super().resolve_expression(query, allow_joins, reuse, summarize, for_save)
        if query is not None and self.join:
            column = clone.keys
            model = column.target.model
            join = _IndexJoin(
                fts_table(model._meta.db_table), column.alias,
                (model._meta.pk.column, column.target.column, self.match),
            )  # fmt: skip
            clone.index_alias = query.join(join)
            # Only matching rows are kept anyway: an inner join to the keys' table lets SQLite
            # start from the index's matches instead of scanning the rows that lead to them.
            query.demote_joins([column.alias])
        return clone

    def relabeled_clone(self, change_map):
        clone = super().relabeled_clone(change_map)
        clone.index_alias = change_map.get(self.index_alias, self.index_alias)
        return clone

    def as_postgresql(self, compiler, connection):
        return f"ts_rank({self._vector(compiler, connection)}, ({self.match}))", self.params

    def as_sqlite(self, compiler, connection):
        fts, searched, pk = self._fts(compiler, connection)
        # bm25 names the FTS5 table itself (never another alias), and FTS5 cannot give it to a
        # grouped query: there, each row asks the index again.
        if self.index_alias == fts and compiler.query.group_by is None:
            return f"-bm25({fts})", ()
        sql = f"-(SELECT bm25({fts}) FROM {fts} WHERE {searched} MATCH %s AND rowid = {pk})"  # noqa: S608
        return sql, (self.match,)


class _IndexJoin(Join):
    """INNER JOIN <FTS5 table> ON its rowid is the row's id AND the keys column MATCHes."""

    def __init__(self, table_name: str, parent_alias: str, match: tuple[str, str, str],
                 table_alias: str | None = None) -> None:  # fmt: skip
        self.table_name, self.parent_alias, self.table_alias = table_name, parent_alias, table_alias
        self.join_type, self.nullable, self.filtered_relation = INNER, False, None
        # (the row's id column, the keys column, the FTS5 query): what makes two joins one.
        self.join_field = match
        self.join_fields, self.join_cols = (), ()

    def as_sql(self, compiler, connection):
        pk, column, match = self.join_field
        qn, name = compiler.quote_name_unless_alias, connection.ops.quote_name
        fts = qn(self.table_alias)
        alias = "" if self.table_alias == self.table_name else f" {fts}"
        on = f"{fts}.rowid = {qn(self.parent_alias)}.{name(pk)} AND {fts}.{name(column)} MATCH %s"
        return f"INNER JOIN {qn(self.table_name)}{alias} ON ({on})", (match,)

    def relabeled_clone(self, change_map):
        return _IndexJoin(
            self.table_name,
            change_map.get(self.parent_alias, self.parent_alias),
            self.join_field,
            change_map.get(self.table_alias, self.table_alias),
        )


# The library: a source's names and current text, in its own language.
LIBRARY = Searchable(
    table="sources_source",
    columns=("search_names", "search_text"),
    language_sql="NEW.language",
    words_sql="concat_ws(' ', NEW.title, NEW.working_title, NEW.author, NEW.outlet,"
    " (SELECT v.text FROM sources_sourceversion v WHERE v.id = NEW.current_version_id))",
)


def install_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: put back the library's index triggers a rebuilt SQLite table lost."""
    from django.db import connections

    connection = connections[using]
    if LIBRARY.table in connection.introspection.table_names():
        install(connection, [LIBRARY])
