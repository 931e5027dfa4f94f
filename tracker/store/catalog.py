"""The schema a database holds, read from its own catalog, and how it differs from the schema tracker's migrations
make at the same revision.

Everything a database runs on its own counts, not only its tables: a trigger added by hand (`AFTER INSERT ON
events BEGIN DELETE FROM events ...`) changes what every later write does, an index or view can be swapped for one
that reads something else. So a copy being restored, and a database being checked, are compared object by object
(tables with their columns, indexes, triggers, views; on PostgreSQL also the functions the triggers call) with a
database migrated afresh to the revision the copy records. Definitions are compared as SQL with runs of whitespace
made one space. SQLite's own objects (`sqlite_stat1`, which ANALYZE makes, the automatic indexes of UNIQUE and
PRIMARY KEY constraints, which follow from the table definitions) are left out; FTS5's shadow tables
(`event_search_data`, ...) are tables like any other.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

KINDS = ("table", "view", "index", "trigger", "function")
"""The kinds of schema object compared, in the order differences are told."""


@dataclass(frozen=True)
class Column:
    """A column as compared: its declared type, whether it may be null, its default (as SQL) and primary-key rank."""

    name: str
    type: str
    not_null: bool
    default: str | None
    primary_key: int

    def describe(self) -> str:
        """The column's type and constraints in words ("VARCHAR(200) NOT NULL default ''")."""
        default = f" default {self.default}" if self.default is not None else ""
        return f"{self.type or 'untyped'}{' NOT NULL' if self.not_null else ''}{default}"


@dataclass(frozen=True)
class SchemaObject:
    """One table, view, index, trigger or function: the table it belongs to, its definition (whitespace folded)
    and, for a table, its columns in order."""

    kind: str
    name: str
    table: str
    definition: str
    columns: tuple[Column, ...] = ()


Catalog = dict[tuple[str, str], SchemaObject]
"""A database's schema objects by (kind, name)."""


def folded(sql: str | None) -> str:
    """`sql` with every run of whitespace made one space, so a definition compares equal however it was laid out."""
    return " ".join((sql or "").split())


def sqlite_catalog(connection: sqlite3.Connection) -> Catalog:
    """Every table, view, index and trigger of the SQLite database on `connection` (its `main` schema), SQLite's
    internal objects left out."""
    found: Catalog = {}
    rows = connection.execute(
        "SELECT type, name, tbl_name, sql FROM main.sqlite_master "
        "WHERE type IN ('table', 'view', 'index', 'trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").fetchall()
    for kind, name, table, sql in rows:
        columns: tuple[Column, ...] = ()
        if kind == "table":
            columns = tuple(Column(str(column[1]), str(column[2]), bool(column[3]), column[4], int(column[5]))
                            for column in connection.execute("SELECT * FROM pragma_table_xinfo(?)", (name,)))
        found[(str(kind), str(name))] = SchemaObject(str(kind), str(name), str(table), folded(sql), columns)
    return found


_POSTGRESQL_COLUMNS = text(
    "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
    "pg_get_expr(d.adbin, d.adrelid), coalesce(array_position(i.indkey::int2[], a.attnum), 0) "
    "FROM pg_attribute AS a JOIN pg_class AS c ON c.oid = a.attrelid "
    "LEFT JOIN pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
    "LEFT JOIN pg_index AS i ON i.indrelid = c.oid AND i.indisprimary "
    "WHERE c.relnamespace = to_regnamespace(CAST(:schema AS text)) AND c.relkind IN ('r', 'p') "
    "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum")
_POSTGRESQL_OBJECTS = text(
    "SELECT 'table', c.relname, c.relname, coalesce((SELECT string_agg(conname || ' ' || pg_get_constraintdef(k.oid), "
    "'; ' ORDER BY conname) FROM pg_constraint AS k WHERE k.conrelid = c.oid), '') "
    "FROM pg_class AS c WHERE c.relnamespace = to_regnamespace(CAST(:schema AS text)) AND c.relkind IN ('r', 'p') "
    "UNION ALL SELECT 'view', viewname, viewname, definition FROM pg_views WHERE schemaname = CAST(:schema AS text) "
    "UNION ALL SELECT 'index', indexname, tablename, indexdef FROM pg_indexes WHERE schemaname = CAST(:schema AS text) "
    "UNION ALL SELECT 'trigger', t.tgname, c.relname, pg_get_triggerdef(t.oid) FROM pg_trigger AS t "
    "JOIN pg_class AS c ON c.oid = t.tgrelid WHERE c.relnamespace = to_regnamespace(CAST(:schema AS text)) "
    "AND NOT t.tgisinternal "
    "UNION ALL SELECT 'function', p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', '', "
    "pg_get_functiondef(p.oid) FROM pg_proc AS p WHERE p.pronamespace = to_regnamespace(CAST(:schema AS text)) "
    # An extension's functions (unaccent) belong to the extension, not to tracker's migrations.
    "AND NOT EXISTS (SELECT 1 FROM pg_depend AS e WHERE e.objid = p.oid AND e.deptype = 'e')")


def postgresql_catalog(connection: Connection, schema: str) -> Catalog:
    """Every table (with its columns and constraints), view, index, trigger and function of `schema` in the
    PostgreSQL database on `connection`; the schema's name is taken out of the definitions that name it, so two
    schemas compare equal when they hold the same objects."""
    columns: dict[str, list[Column]] = {}
    for table, name, type_, not_null, default, primary_key in connection.execute(
            _POSTGRESQL_COLUMNS, {"schema": schema}):
        columns.setdefault(table, []).append(Column(name, type_, bool(not_null), default, int(primary_key)))
    prefixes = (f'"{schema}".', f"{schema}.")
    found: Catalog = {}
    for kind, name, table, sql in connection.execute(_POSTGRESQL_OBJECTS, {"schema": schema}):
        definition = str(sql or "")
        for prefix in prefixes:
            definition = definition.replace(prefix, "")
        found[(kind, name)] = SchemaObject(kind, name, table, folded(definition),
                                           tuple(columns.get(name, ())) if kind == "table" else ())
    return found


def differences(found: Catalog, expected: Catalog) -> list[str]:
    """How the schema `found` differs from the one `expected`, in words, missing objects first for each kind in
    `KINDS` ("no table events", "a trigger purge on events tracker does not make", "table sources lacks column
    author", "view events_readable is defined differently"); empty when they are the same."""
    told: list[str] = []
    for kind in KINDS:
        mine = {name for (each, name) in found if each == kind}
        theirs = {name for (each, name) in expected if each == kind}
        told += [f"no {kind} {name}" for name in sorted(theirs - mine)]
        for name in sorted(mine - theirs):
            extra = found[(kind, name)]
            where = f" on {extra.table}" if kind in ("index", "trigger") else ""
            article = "an" if kind == "index" else "a"
            told.append(f"{article} {kind} {name}{where} tracker does not make")
        for name in sorted(mine & theirs):
            told += _changed(found[(kind, name)], expected[(kind, name)])
    return told


def _changed(found: SchemaObject, expected: SchemaObject) -> list[str]:
    if found.definition == expected.definition and found.columns == expected.columns \
            and found.table == expected.table:
        return []
    if found.kind != "table" or found.columns == expected.columns:
        return [f"{found.kind} {found.name} is defined differently"]
    have = {column.name: column for column in found.columns}
    want = {column.name: column for column in expected.columns}
    told = [f"table {found.name} lacks column {name}" for name in want if name not in have]
    told += [f"table {found.name} has a column {name} tracker does not make" for name in have if name not in want]
    told += [f"column {found.name}.{name} is {have[name].describe()} where tracker makes it {want[name].describe()}"
             for name in want if name in have and have[name] != want[name]]
    return told or [f"table {found.name} has its columns in another order"]


def summary(told: list[str], shown: int = 3) -> str:
    """The first `shown` differences on one line, and how many more there are."""
    more = f" (and {len(told) - shown} more differences)" if len(told) > shown else ""
    return "; ".join(told[:shown]) + more
