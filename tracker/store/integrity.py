"""Is the database whole? The engine's own integrity check, rows whose parent is gone (another tool deleted with
foreign keys off), and the full-text index against what it should hold; and the repairs that need no judgement.

Orphans are repaired as the foreign key would have done had it been on: a link, alias, tenure or revision whose
event, agency, person or source is gone is deleted (ON DELETE CASCADE), an event whose place is gone loses its
place (ON DELETE SET NULL). The search index is re-indexed from `event_search_source`, the content the triggers
give (migration 0004). Damage the engine reports (a corrupt page) has no such repair: a backup does.

The schema is compared too, object by object, with the one tracker's migrations make at the database's revision
(store/catalog.py): a trigger, index or view added or changed by hand is reported, and nothing is repaired while
the schema differs, since every repair writes through whatever triggers the database holds.

One difference is repaired: a search index another tool dropped or disabled (`sqlite-utils disable-fts tracker.db
events` drops the FTS table and its shadow tables and leaves the triggers that write to it, so every later write
fails). Every search object (named `event_search...`) that is missing is made again from its definition in the
reference schema, what remains of a half-dropped FTS table first removed, and every event re-indexed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, ForeignKey, Table, delete, exists, func, select, text, update
from sqlalchemy.orm import Session

from tracker.errors import TrackerError
from tracker.store.catalog import Catalog, SchemaObject, differences, summary
from tracker.store.tables import metadata


@dataclass(frozen=True)
class Finding:
    """One thing found wrong: which check, what, how many rows, and what `repair` does about it ("" for nothing)."""

    check: str
    problem: str
    rows: int
    remedy: str
    notice: bool = False
    """Something the check could not do, told but not a problem found."""


SEARCH_PREFIX = "event_search"
"""Every schema object of the search index is named so: the FTS table (and its shadow tables), the triggers that
keep it, on PostgreSQL their functions, the view it is filled from and the table suspending it."""


@dataclass(frozen=True)
class _Schema:
    """What the comparison of schemas found: the differences told, whether the tables and views tracker reads are
    as they should be, and the search objects another tool removed (to make again, after dropping `broken`)."""

    findings: list[Finding]
    readable: bool
    missing: list[SchemaObject]
    broken: list[SchemaObject]


def check(session: Session) -> list[Finding]:
    """Everything found wrong with the database, in the order integrity, schema, foreign keys, search index; empty
    when the database is whole. The rows are not checked when a table or view tracker reads differs."""
    schema = _schema(session)
    found = [*_integrity(session), *schema.findings]
    if schema.readable:
        found += [*(finding for _, _, finding in _orphans(session))]
        if not schema.missing:
            found += _search_index(session)
    return found


def repair(session: Session) -> None:
    """Repair what `check` finds that has a remedy (orphans, the search index, a search index dropped by another
    tool), in the session's transaction. Raises TrackerError, repairing nothing, when the schema differs from
    tracker's otherwise."""
    schema = _schema(session)
    if any(not finding.notice and finding.check == "schema" for finding in schema.findings):
        raise TrackerError("nothing repaired: the schema is not tracker's, and a repair would write through it "
                           "(restore a backup: tracker db restore)")
    if schema.missing:
        _rebuild_search(session, schema.missing, schema.broken)
    # Deleting an orphan can orphan nothing further (no table hangs off the ones cascading here but through
    # tables that cascade too), yet loop until stable rather than rely on that.
    while found := _orphans(session):
        for table, key, _ in found:
            if key.ondelete == "SET NULL":
                session.execute(update(table).where(_missing_parent(key)).values({key.parent.name: None}))
            else:
                session.execute(delete(table).where(_missing_parent(key)))
    if schema.missing or _search_index(session):
        _reindex(session)


def _integrity(session: Session) -> list[Finding]:
    if session.get_bind().dialect.name != "sqlite":
        return []  # PostgreSQL checks its pages itself (checksums, WAL); there is no whole-database check to run
    said = [str(row[0]) for row in session.execute(text("PRAGMA integrity_check"))]
    if said == ["ok"]:
        return []
    return [Finding("integrity", f"the file is damaged: {said[0]} (restore a backup: tracker db restore)",
                    len(said), remedy="")]


def _schema(session: Session) -> _Schema:
    """The schema's differences from the one its revision should have, whether every table and view tracker reads
    is as it should be (so that the checks of rows can run), and the search objects gone."""
    from tracker.store import migrations

    connection = session.connection()
    revision = migrations.current(connection)
    if revision is None or not migrations.is_known(revision):
        return _Schema([], True, [], [])  # a store in use is at a revision this tracker knows: prepare() saw to it
    catalogs = _catalogs(session, revision)
    if isinstance(catalogs, str):
        return _Schema([Finding("schema", f"not compared: {catalogs}", 0, remedy="", notice=True)], True, [], [])
    found, expected = catalogs
    missing, broken, gone = _search_gone(found, expected)
    found = {key: item for key, item in found.items() if key not in gone}
    expected = {key: item for key, item in expected.items() if key not in gone}
    findings = []
    if missing:
        told = [f"no {item.kind} {item.name}" for item in missing]
        findings.append(Finding("search index", f"dropped or disabled by another tool: {summary(told)}",
                                len(missing), "made again with its triggers, every event re-indexed"))
    told = differences(found, expected)
    readable = all(found.get(key) == wanted for key, wanted in expected.items() if key[0] in ("table", "view"))
    if told:
        findings.insert(0, Finding("schema", f"not the schema of revision {revision}: {summary(told)} "
                                   "(restore a backup: tracker db restore)", len(told), remedy=""))
    return _Schema(findings, readable, missing, broken)


def _search_gone(found: Catalog, expected: Catalog) -> tuple[list[SchemaObject], list[SchemaObject],
                                                          set[tuple[str, str]]]:
    """The search objects to make again, in the order they are made (tables, views, functions, indexes,
    triggers); those the database still has that must be dropped first, since an FTS table whose shadow tables are
    gone (or the reverse) is made again whole; and the keys of every object involved (left out of the comparison
    of schemas: the finding about the index tells them)."""
    order = {"table": 0, "view": 1, "function": 2, "index": 3, "trigger": 4}
    searched = [item for key, item in expected.items() if key[0] in order and (
        key[1].startswith(SEARCH_PREFIX) or (key[0] in ("index", "trigger") and item.table.startswith(SEARCH_PREFIX)))]
    # PostgreSQL lists the index behind a table's primary key too: the table's constraint makes it.
    constraints = {constraint.split(" ")[0] for item in searched if item.kind == "table"
                   for constraint in item.definition.split("; ")}
    absent = [item for item in searched if (item.kind, item.name) not in found]
    if not absent:
        return [], [], set()
    fts = next((item for item in searched if item.kind == "table" and "VIRTUAL TABLE" in item.definition.upper()),
               None)
    # FTS5 makes its shadow tables (event_search_data, ...) itself; the table suspending the triggers is tracker's.
    shadows = [] if fts is None else [
        item for item in searched if item.kind == "table" and item is not fts
        and item.name.startswith(f"{fts.name}_") and item.name != "event_search_suspended"]
    create = [item for item in absent
              if item not in shadows and not (item.kind == "index" and item.name in constraints)]
    broken: list[SchemaObject] = []
    if fts is not None and any(item in absent for item in [fts, *shadows]):
        broken = [found[(item.kind, item.name)] for item in [fts, *shadows] if (item.kind, item.name) in found]
        create = [item for item in create if item is not fts] + [fts]
    create.sort(key=lambda item: order[item.kind])
    keys = {(item.kind, item.name) for item in [*absent, *broken]}
    return create, broken, keys


def _catalogs(session: Session, revision: str) -> tuple[Catalog, Catalog] | str:
    """The database's schema and the one its revision should have; on PostgreSQL, when the reference cannot be
    made (a role without the right to create a schema), why not."""
    import sqlite3

    from tracker.store import migrations
    from tracker.store.catalog import postgresql_catalog, sqlite_catalog

    connection = session.connection()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        return sqlite_catalog(raw), migrations.sqlite_catalog_at(revision)
    schema = str(connection.execute(text("SELECT current_schema()")).scalar_one())
    found = postgresql_catalog(connection, schema)
    try:
        return found, migrations.postgresql_catalog_at(connection, revision)
    except TrackerError as exc:
        return str(exc)


def _references() -> list[tuple[Table, ForeignKey]]:
    """Every foreign key of the schema, with its table, in the order the tables depend on one another."""
    return [(table, key) for table in metadata.sorted_tables for key in sorted(
        table.foreign_keys, key=lambda key: key.parent.name)]


def _missing_parent(key: ForeignKey) -> ColumnElement[bool]:
    """Rows whose key names no row of the table it refers to: that table read under another name, so that a key
    into its own table (a place's parent) is not compared with its own row."""
    referred = key.column.table.alias("referred")
    return key.parent.is_not(None) & ~exists().where(referred.c[key.column.name] == key.parent)


def _orphans(session: Session) -> list[tuple[Table, ForeignKey, Finding]]:
    """Each foreign key some rows break, with what is found."""
    found = []
    for table, key in _references():
        rows = session.scalar(select(func.count()).select_from(table).where(_missing_parent(key))) or 0
        if rows:
            remedy = f"{key.parent.name} cleared" if key.ondelete == "SET NULL" else "deleted"
            found.append((table, key, Finding(
                "foreign keys", f"{rows} {table.name} rows name a missing {key.column.table.name} row "
                f"({key.parent.name})", rows, remedy)))
    return found


_SQLITE_SEARCH = {
    "stale": "SELECT count(*) FROM event_search WHERE rowid NOT IN (SELECT id FROM events)",
    "missing": "SELECT count(*) FROM events WHERE id NOT IN (SELECT rowid FROM event_search)",
    "outdated": "SELECT count(*) FROM event_search s JOIN event_search_source v ON v.id = s.rowid "
                "WHERE s.title IS NOT v.title OR s.summary IS NOT v.summary OR s.names IS NOT v.names",
    "suspended": "SELECT count(*) FROM event_search_suspended",
}
_POSTGRESQL_SEARCH = {
    "stale": "SELECT count(*) FROM event_search WHERE event_id NOT IN (SELECT id FROM events)",
    "missing": "SELECT count(*) FROM events WHERE id NOT IN (SELECT event_id FROM event_search)",
    "outdated": "SELECT count(*) FROM event_search s JOIN event_search_source v ON v.event_id = s.event_id "
                # Words, not positions: the triggers and the view may list an event's names in another order.
                "WHERE strip(s.document) IS DISTINCT FROM strip(v.document)",
}
_SEARCH_WORDS = {
    "stale": "index entries for events that no longer exist",
    "missing": "events missing from the index",
    "outdated": "events indexed with content they no longer have",
    "suspended": "rows suspending the index triggers left behind (new events would go unindexed)",
}


def _search_index(session: Session) -> list[Finding]:
    queries = _POSTGRESQL_SEARCH if session.get_bind().dialect.name == "postgresql" else _SQLITE_SEARCH
    found = []
    for name, sql in queries.items():
        rows = int(session.scalar(text(sql)) or 0)
        if rows:
            found.append(Finding("search index", f"{rows} {_SEARCH_WORDS[name]}", rows, "re-indexed"))
    return found


def _rebuild_search(session: Session, missing: list[SchemaObject], broken: list[SchemaObject]) -> None:
    """Make the missing search objects again from the reference schema's definitions, after dropping the remains
    of a half-dropped FTS table (`broken`)."""
    # The driver's own cursor: the definitions hold `:` and `%` (PL/pgSQL's `%ROWTYPE`) that SQLAlchemy's
    # text() and the psycopg driver would read as parameters.
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    postgresql = session.get_bind().dialect.name == "postgresql"
    for item in broken:
        cursor.execute(f'DROP TABLE IF EXISTS "{item.name}"')
    for item in missing:
        cursor.execute(_creation(item, postgresql))


def _creation(item: SchemaObject, postgresql: bool) -> str:
    """The statement that makes `item` as the reference schema has it."""
    if not postgresql or item.kind in ("index", "trigger", "function"):
        return item.definition  # SQLite keeps each object's statement; PostgreSQL gives these as statements too
    if item.kind == "view":
        return f'CREATE VIEW "{item.name}" AS {item.definition}'
    columns = [f'"{column.name}" {column.type}{" NOT NULL" if column.not_null else ""}'
               f'{f" DEFAULT {column.default}" if column.default is not None else ""}' for column in item.columns]
    constraints = [f'CONSTRAINT {constraint}' for constraint in item.definition.split("; ") if constraint]
    return f'CREATE TABLE "{item.name}" ({", ".join([*columns, *constraints])})'


def _reindex(session: Session) -> None:
    """Index every event afresh from `event_search_source`, and lift any suspension left behind."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("DELETE FROM event_search"))
        session.execute(text("INSERT INTO event_search (event_id, document) "
                             "SELECT event_id, document FROM event_search_source"))
        return
    session.execute(text("DELETE FROM event_search_suspended"))
    session.execute(text("DELETE FROM event_search"))
    session.execute(text("INSERT INTO event_search (rowid, title, summary, names) "
                         "SELECT id, title, summary, names FROM event_search_source"))
