"""Is the database whole? The engine's own integrity check, rows whose parent is gone (another tool deleted with
foreign keys off), and the full-text index against what it should hold; and the repairs that need no judgement.

Orphans are repaired as the foreign key would have done had it been on: a link, alias, tenure or revision whose
event, agency, person or source is gone is deleted (ON DELETE CASCADE), an event whose place is gone loses its
place (ON DELETE SET NULL). The search index is re-indexed from `event_search_source`, the content the triggers
give (migration 0004). Damage the engine reports (a corrupt page) has no such repair: a backup does.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, ForeignKey, Table, delete, exists, func, select, text, update
from sqlalchemy.orm import Session

from tracker.store.schema import Base


@dataclass(frozen=True)
class Finding:
    """One thing found wrong: which check, what, how many rows, and what `repair` does about it ("" for nothing)."""

    check: str
    problem: str
    rows: int
    remedy: str


def check(session: Session) -> list[Finding]:
    """Everything found wrong with the database, in the order integrity, foreign keys, search index; empty when
    the database is whole."""
    return [*_integrity(session), *(finding for _, _, finding in _orphans(session)), *_search_index(session)]


def repair(session: Session) -> None:
    """Repair what `check` finds that has a remedy (orphans, the search index), in the session's transaction."""
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


def _references() -> list[tuple[Table, ForeignKey]]:
    """Every foreign key of the schema, with its table, in the order the tables depend on one another."""
    return [(table, key) for table in Base.metadata.sorted_tables for key in sorted(
        table.foreign_keys, key=lambda key: key.parent.name)]


def _missing_parent(key: ForeignKey) -> ColumnElement[bool]:
    return key.parent.is_not(None) & ~exists().where(key.column == key.parent)


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
