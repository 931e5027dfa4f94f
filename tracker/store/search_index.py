"""Filling the full-text index for a batch of new events at once, instead of once per row the batch inserts.

The database keeps the index in sync through triggers (migration 0002), which re-index an event for every agency
or person link inserted. A bulk writer suspends the insert triggers for its own transaction (migration 0004),
inserts its events and links, then indexes those events in one statement from `event_search_source`, the view
giving each event's index content as the triggers compute it (tests check both give the same index). Edits,
deletes and renames, and every other writer, keep being indexed by the triggers.

On SQLite the insert triggers are dropped for the block and created again from their stored SQL before it ends,
rather than left to test migration 0004's suspension row: SQLite runs a trigger's program for every row even when
its WHEN condition is false, and those programs cost more than the inserts themselves (0.45 s of the 0.75 s that
20,000 events with their links take). DDL is transactional in SQLite and the writer holds the write lock from its
BEGIN IMMEDIATE, so no other connection ever sees the triggers missing, and a rollback brings them back.

On SQLite, an import into a store without events takes the bulk path (`bulk_load`): the rows go in first and
the indexes after, as a database dump loads. The secondary indexes of the events and their link tables and the
search index's insert triggers are dropped for the whole load and built again once at its end, and the search
index filled in one statement: maintaining five B-trees row by row, with the page-cache churn of inserts at random
places, cost as much as the inserts themselves. All of it happens inside a savepoint of the import's transaction:
if anything raises, the indexes and triggers come back with the rollback, and no other connection ever sees them
missing (the writer holds the write lock from its BEGIN IMMEDIATE).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.types import Integer

_SQLITE_SUSPENDABLE = ("event_search_insert", "event_search_event_agencies_insert", "event_search_event_people_insert")
"""The triggers that index inserted events and links, each the only AFTER INSERT trigger on its table (so
creating them again changes no firing order)."""
_SQLITE_TRIGGERS = text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
                        "(SELECT value FROM json_each(:names)) ORDER BY name")
_SQLITE_INDEX = text("INSERT INTO event_search (rowid, title, summary, names) "
                     "SELECT id, title, summary, names FROM event_search_source WHERE id IN "
                     "(SELECT value FROM json_each(:ids))")
_POSTGRESQL_SUSPEND = text("SELECT set_config('tracker.search_suspended', 'on', true)")
_POSTGRESQL_RESUME = text("SELECT set_config('tracker.search_suspended', 'off', true)")
_POSTGRESQL_INDEX = text("INSERT INTO event_search (event_id, document) "
                         "SELECT event_id, document FROM event_search_source WHERE event_id = ANY(:ids)"
                         ).bindparams(bindparam("ids", type_=ARRAY(Integer)))


_BULK_TABLES = ("events", "event_agencies", "event_people", "event_sources")
_KEPT_INDEXES = ("ix_events_designation",)
"""Looked up during the load itself (a launch linked to an event of an earlier batch by its designation)."""
_SQLITE_BULK_INDEXES = text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND "
                            "tbl_name IN (SELECT value FROM json_each(:tables)) AND name NOT IN "
                            "(SELECT value FROM json_each(:kept)) ORDER BY name")
_SQLITE_INDEX_ALL = text("INSERT INTO event_search (rowid, title, summary, names) "
                         "SELECT id, title, summary, names FROM event_search_source")
BULK_CACHE_KIB = 32 * 1024
"""SQLite's page cache during a bulk load (32 MiB, against 2 MiB by default): the unique index of the slugs,
filled in no particular order, and the sorts that build the other indexes stay in memory. 64 MiB took the peak
memory of a 100,000-event import from 111 to 187 MB, for a gain lost in the noise of a shared machine."""


@contextmanager
def bulk_load(session: Session) -> Iterator[bool]:
    """A block that writes every event of an import; gives whether it takes the bulk path (SQLite, and no event
    stored yet). On that path inserts are not indexed as they go, nor must the block index them (`indexed_once`):
    the indexes are built and the search index filled once when the block ends. Updates in the block (an event
    of the same import named again) keep their triggers, and the final fill indexes them as they are then."""
    connection = session.connection()
    if connection.dialect.name != "sqlite" or connection.exec_driver_sql("SELECT 1 FROM events LIMIT 1").first():
        yield False
        return
    cache = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        with session.begin_nested():
            indexes = connection.execute(_SQLITE_BULK_INDEXES, {"tables": json.dumps(_BULK_TABLES),
                                                                "kept": json.dumps(_KEPT_INDEXES)}).all()
            for name, _ in indexes:
                connection.exec_driver_sql(f"DROP INDEX {name}")
            triggers = _drop_insert_triggers(connection)
            yield True
            session.flush()
            _create_triggers(connection, [sql for _, sql in indexes])
            session.execute(_SQLITE_INDEX_ALL)
            _create_triggers(connection, triggers)
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {cache}")


@contextmanager
def indexed_once(session: Session) -> Iterator[list[int]]:
    """A block that inserts new events (with their links) without the per-row index triggers; it adds the ids of
    the events it inserted to the list it is given, and they are indexed together when it ends.

    The block runs in a savepoint: if it raises, its writes and the suspension are rolled back together, so no
    later write in the transaction goes unindexed. Only inserts are suspended: the block must not edit, delete
    or rename anything the index covers.
    """
    postgresql = session.get_bind().dialect.name == "postgresql"
    with session.begin_nested():
        if postgresql:
            session.execute(_POSTGRESQL_SUSPEND)
        else:
            dropped = _drop_insert_triggers(session.connection())
        inserted: list[int] = []
        yield inserted
        _index(session, inserted, postgresql)
        if postgresql:
            session.execute(_POSTGRESQL_RESUME)
        else:
            _create_triggers(session.connection(), dropped)


def _drop_insert_triggers(connection: Connection) -> list[str]:
    """Drop SQLite's insert triggers; returns the SQL that creates them again, exactly as stored."""
    found = connection.execute(_SQLITE_TRIGGERS, {"names": json.dumps(_SQLITE_SUSPENDABLE)}).all()
    for name, _ in found:
        connection.exec_driver_sql(f"DROP TRIGGER {name}")
    return [sql for _, sql in found]


def _create_triggers(connection: Connection, statements: list[str]) -> None:
    for sql in statements:
        connection.exec_driver_sql(sql)


def _index(session: Session, events: Sequence[int], postgresql: bool) -> None:
    if not events:
        return
    if postgresql:
        session.execute(_POSTGRESQL_INDEX, {"ids": list(events)})
    else:
        # One JSON array parameter: SQLite limits how many parameters a statement may have.
        session.execute(_SQLITE_INDEX, {"ids": json.dumps(list(events))})

