"""Is the database whole? The engine's own integrity check, rows whose parent is gone (another tool deleted with
foreign keys off), and the full-text index against what it should hold; and the repairs that need no judgement.

Orphans are repaired as the foreign key would have done had it been on: a link, alias, tenure or revision whose
event, agency, person or source is gone is deleted (ON DELETE CASCADE), an event whose place is gone loses its
place (ON DELETE SET NULL). The search index is re-indexed from `event_search_source`, the content the triggers
give (migration 0004). Damage the engine reports (a corrupt page) has no such repair: a backup does.

The schema is compared too, object by object, with the one tracker's migrations make at the database's revision
(store/catalog.py): a trigger, index or view added or changed by hand is reported, and nothing is repaired while
the schema differs, since every repair writes through whatever triggers the database holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, ForeignKey, Table, delete, exists, func, select, text, update
from sqlalchemy.orm import Session

from tracker.errors import TrackerError
from tracker.store.catalog import Catalog, differences, summary
from tracker.store.schema import Base


@dataclass(frozen=True)
class Finding:
    """One thing found wrong: which check, what, how many rows, and what `repair` does about it ("" for nothing)."""

    check: str
    problem: str
    rows: int
    remedy: str
    notice: bool = False
    """Something the check could not do, told but not a problem found."""


def check(session: Session) -> list[Finding]:
    """Everything found wrong with the database, in the order integrity, schema, foreign keys, search index; empty
    when the database is whole. The rows are not checked when a table or view tracker reads differs."""
    schema, readable = _schema(session)
    found = [*_integrity(session), *schema]
    if readable:
        found += [*(finding for _, _, finding in _orphans(session)), *_search_index(session)]
    return found


def repair(session: Session) -> None:
    """Repair what `check` finds that has a remedy (orphans, the search index), in the session's transaction.
    Raises TrackerError, repairing nothing, when the schema differs from tracker's."""
    schema, _ = _schema(session)
    if any(not finding.notice for finding in schema):
        raise TrackerError("nothing repaired: the schema is not tracker's, and a repair would write through it "
                           "(restore a backup: tracker db restore)")
    # Deleting an orphan can orphan nothing further (no table hangs off the ones cascading here but through
    # tables that cascade too), yet loop until stable rather than rely on that.
    while found := _orphans(session):
        for table, key, _ in found:
            if key.ondelete == "SET NULL":
                session.execute(update(table).where(_missing_parent(key)).values({key.parent.name: None}))
            else:
                session.execute(delete(table).where(_missing_parent(key)))
    if _search_index(session):
        _reindex(session)


def _integrity(session: Session) -> list[Finding]:
    if session.get_bind().dialect.name != "sqlite":
        return []  # PostgreSQL checks its pages itself (checksums, WAL); there is no whole-database check to run
    said = [str(row[0]) for row in session.execute(text("PRAGMA integrity_check"))]
    if said == ["ok"]:
        return []
    return [Finding("integrity", f"the file is damaged: {said[0]} (restore a backup: tracker db restore)",
                    len(said), remedy="")]


def _schema(session: Session) -> tuple[list[Finding], bool]:
    """The schema's differences from the one its revision should have, and whether every table and view tracker
    reads is as it should be (so that the checks of rows can run)."""
    from tracker.store import migrations

    connection = session.connection()
    revision = migrations.current(connection)
    if revision is None or not migrations.is_known(revision):
        return [], True  # a store in use is at a revision this tracker knows: prepare() saw to it
    catalogs = _catalogs(session, revision)
    if isinstance(catalogs, str):
        return [Finding("schema", f"not compared: {catalogs}", 0, remedy="", notice=True)], True
    found, expected = catalogs
    told = differences(found, expected)
    readable = all(found.get(key) == wanted for key, wanted in expected.items() if key[0] in ("table", "view"))
    if not told:
        return [], readable
    return [Finding("schema", f"not the schema of revision {revision}: {summary(told)} "
                    "(restore a backup: tracker db restore)", len(told), remedy="")], readable


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
    return [(table, key) for table in Base.metadata.sorted_tables for key in sorted(
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
