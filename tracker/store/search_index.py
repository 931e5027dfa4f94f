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
search index's insert triggers are dropped for the whole load and built again once at its end: maintaining five
B-trees row by row, with the page-cache churn of inserts at random places, cost as much as the inserts themselves.
The writer fills the search index batch by batch from the records and names it has in hand (`search_names`, in
the view's order: a test compares both), where reading every event back through the view's seven correlated
subqueries cost more than the full-text index's own insert; FTS5 gathers those rows in a larger hash for the
load (`BULK_SEARCH_HASH_BYTES`), its configuration row removed again at the end. All of it happens inside a
savepoint of the import's transaction: if anything raises, the indexes and triggers come back with the rollback,
and no other connection ever sees them missing (the writer holds the write lock from its BEGIN IMMEDIATE).

On PostgreSQL the bulk path (when the importing role owns the tables) also drops the search index's GIN index,
and disables the three triggers that index inserted events and links with ALTER TABLE ... DISABLE TRIGGER; at its
end `event_search` is filled in one statement before its GIN index is built again (one sorted build, not an
insert per document). Disabling the triggers, rather than migration 0004's suspension setting, saved 0.25 s of
server time on 100,000 events (a trigger that returns at once is still queued and called for every row). Both
sit inside the savepoint, and a rollback restores the catalog. DROP INDEX holds an ACCESS EXCLUSIVE lock on the
tables until the import commits (DISABLE TRIGGER a weaker one): other sessions wait for the load instead of seeing
an empty store. Unique indexes stay: the load finds an event named twice in one file by its slug. No ANALYZE
follows the builds: each CREATE INDEX refreshes its table's row count, the load analyzed its tables after its
first batch for its own lookups (write._analyze_new_tables), and autovacuum analyzes after any load this size;
ANALYZE would add 0.7 s to 100,000 events.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.types import Integer, Text

from tracker.store.schema import Agency, AgencyAlias, Person, PersonAlias, Place, PlaceAlias

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
_SQLITE_UNINDEX = text("DELETE FROM event_search WHERE rowid IN (SELECT value FROM json_each(:ids))")
_SQLITE_INDEX_ROWS = "INSERT INTO event_search (rowid, title, summary, names) VALUES (?, ?, ?, ?)"
_POSTGRESQL_BULK_TABLES = (*_BULK_TABLES, "event_search")
_POSTGRESQL_OWNS_TABLES = text(
    "SELECT coalesce(bool_and(pg_has_role(relowner, 'USAGE')), false) FROM pg_class "
    "WHERE oid IN (SELECT to_regclass(name) FROM unnest(:tables) AS name)"
).bindparams(bindparam("tables", type_=ARRAY(Text)))
_POSTGRESQL_BULK_INDEXES = text(
    # pg_get_indexdef is what pg_indexes.indexdef shows: the CREATE INDEX statement, names schema-qualified.
    "SELECT x.indexrelid::regclass::text, pg_get_indexdef(x.indexrelid) FROM pg_index AS x "
    "JOIN pg_class AS i ON i.oid = x.indexrelid "
    "WHERE x.indrelid IN (SELECT to_regclass(name) FROM unnest(:tables) AS name) AND NOT x.indisunique "
    "AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = x.indexrelid) "
    "AND i.relname <> ALL(:kept) ORDER BY i.relname"
).bindparams(bindparam("tables", type_=ARRAY(Text)), bindparam("kept", type_=ARRAY(Text)))
"""The indexes of the bulk tables that the load neither relies on (unique ones: a slug named twice in one file is
found by its unique index) nor looks up (`_KEPT_INDEXES`), nor that back a constraint."""
_POSTGRESQL_SUSPENDABLE = ("event_search_event", "event_search_event_agencies", "event_search_event_people")
"""The triggers that index inserted events and links (and updated or deleted ones, which the final fill indexes
as well)."""
_POSTGRESQL_TRIGGERS = text(
    "SELECT tgrelid::regclass::text, quote_ident(tgname), tgenabled FROM pg_trigger "
    "WHERE tgname = ANY(:names) AND tgrelid IN (SELECT to_regclass(name) FROM unnest(:tables) AS name) "
    "AND NOT tgisinternal AND tgenabled <> 'D' ORDER BY tgname"
).bindparams(bindparam("names", type_=ARRAY(Text)), bindparam("tables", type_=ARRAY(Text)))
_TRIGGER_MODES = {"O": "", "A": "ALWAYS", "R": "REPLICA"}
"""`ALTER TABLE ... ENABLE <mode> TRIGGER` giving back each pg_trigger.tgenabled state."""
_POSTGRESQL_INDEX_ALL = text(
    # ON CONFLICT: a trigger left firing (a renamed agency) may have indexed an event during the load.
    "INSERT INTO event_search (event_id, document) SELECT event_id, document FROM event_search_source "
    "ON CONFLICT (event_id) DO UPDATE SET document = EXCLUDED.document")
BULK_MAINTENANCE_MEMORY = 64 * 1024
"""PostgreSQL's maintenance_work_mem (KiB) at least, for building the indexes after a bulk load."""
_RAISE_MAINTENANCE_MEMORY = text("SELECT set_config(name, greatest(setting::bigint, :kib)::text || 'kB', true) "
                                 "FROM pg_settings WHERE name = 'maintenance_work_mem'")
_SET_MAINTENANCE_MEMORY = text("SELECT set_config('maintenance_work_mem', :value, true)")
BULK_CACHE_KIB = 32 * 1024
"""SQLite's page cache during a bulk load (32 MiB, against 2 MiB by default): the unique index of the slugs,
filled in no particular order, and the sorts that build the other indexes stay in memory. 64 MiB took the peak
memory of a 100,000-event import from 111 to 187 MB, for a gain lost in the noise of a shared machine."""
BULK_SEARCH_HASH_BYTES = 16 * 1024 * 1024
"""FTS5's `hashsize` during a bulk load on SQLite: the entries waiting in memory before they are written as a new
segment of the search index. With the default (1 MiB), 100,000 events' words and their prefix entries were written
as thousands of small segments merged again and again: 1.08 s of CPU against 0.72 s at 16 MiB for the index's
inserts alone, for 18 MB more memory at their peak (32 MiB gained nothing more)."""
FTS5_DEFAULT_HASH_BYTES = 1024 * 1024
"""FTS5's `hashsize` when its configuration table holds none (FTS5_DEFAULT_HASHSIZE in SQLite's fts5.h)."""
_SEARCH_HASH_SET = "SELECT 1 FROM event_search_config WHERE k = 'hashsize'"
_SET_SEARCH_HASH = "INSERT INTO event_search (event_search, rank) VALUES ('hashsize', {})"
_FORGET_SEARCH_HASH = "DELETE FROM event_search_config WHERE k = 'hashsize'"


class BulkLoad:
    """What `bulk_load` gives its block: true when the block is on the bulk path. On SQLite the block indexes the
    events it inserts itself (`rows_indexed`: `index_rows` with `search_names`, from the records in hand) and
    lists in `changed` the events it updates, which are indexed again from `event_search_source` at its end; on
    PostgreSQL the end of the block indexes every event."""

    def __init__(self, active: bool, rows_indexed: bool = False) -> None:
        self.active = active
        self.rows_indexed = rows_indexed
        self.changed: list[int] = []

    def __bool__(self) -> bool:
        return self.active


@contextmanager
def bulk_load(session: Session) -> Iterator[BulkLoad]:
    """A block that writes every event of an import; gives whether it takes the bulk path (SQLite or PostgreSQL,
    and no event stored yet). On that path inserts are not indexed as they go: the indexes are built once when the
    block ends, and the search index filled as `BulkLoad` says. Updates in the block (an event of the same import
    named again) are indexed as they are at its end."""
    connection = session.connection()
    dialect = connection.dialect.name
    if dialect not in ("sqlite", "postgresql") or connection.exec_driver_sql("SELECT 1 FROM events LIMIT 1").first():
        yield BulkLoad(False)
        return
    with (_sqlite_bulk_load if dialect == "sqlite" else _postgresql_bulk_load)(session) as bulk:
        yield bulk


@contextmanager
def _sqlite_bulk_load(session: Session) -> Iterator[BulkLoad]:
    """SQLite's bulk path. CHECK constraints are not evaluated in it (`ignore_check_constraints`): they hold the
    enumerated columns (kind, status, outcome, trajectory) to their vocabularies, which the bulk rows take from
    the records' enums, and SQLite evaluated them at 15 µs an event, more than half of inserting it. The pragma
    expires every compiled statement when set and when restored, so no statement keeps its setting."""
    connection = session.connection()
    cache = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
    checks = int(connection.exec_driver_sql("PRAGMA ignore_check_constraints").scalar_one())
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    connection.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
    try:
        with session.begin_nested():
            indexes = connection.execute(_SQLITE_BULK_INDEXES, {"tables": json.dumps(_BULK_TABLES),
                                                                "kept": json.dumps(_KEPT_INDEXES)}).all()
            for name, _ in indexes:
                connection.exec_driver_sql(f"DROP INDEX {name}")
            triggers = _drop_insert_triggers(connection)
            bulk = BulkLoad(True, rows_indexed=True)
            with _larger_search_hash(connection):
                yield bulk
                session.flush()
            _create_triggers(connection, [sql for _, sql in indexes])
            changed = json.dumps(sorted(set(bulk.changed)))
            session.execute(_SQLITE_UNINDEX, {"ids": changed})
            session.execute(_SQLITE_INDEX, {"ids": changed})
            _create_triggers(connection, triggers)
    finally:
        connection.exec_driver_sql(f"PRAGMA ignore_check_constraints = {checks}")
        connection.exec_driver_sql(f"PRAGMA cache_size = {cache}")


@contextmanager
def _larger_search_hash(connection: Connection) -> Iterator[None]:
    """A block in which the search index keeps `BULK_SEARCH_HASH_BYTES` of entries in memory, its configuration
    as it was after it: FTS5 keeps the setting as a row of `event_search_config`, which the block removes again
    (after setting the default back, so this connection's FTS5 holds the default too; the change of the index's
    configuration cookie makes every other connection read the table again). A store whose table already holds a
    `hashsize` (set by its owner) keeps its own. If the block raises, the savepoint's rollback takes the row and
    the cookie back, and the cookie's change makes this connection read the configuration again."""
    if connection.exec_driver_sql(_SEARCH_HASH_SET).first():
        yield
        return
    connection.exec_driver_sql(_SET_SEARCH_HASH.format(BULK_SEARCH_HASH_BYTES))
    yield
    connection.exec_driver_sql(_SET_SEARCH_HASH.format(FTS5_DEFAULT_HASH_BYTES))
    connection.exec_driver_sql(_FORGET_SEARCH_HASH)


SearchTerms = tuple[str, tuple[str, ...]]
"""What an agency, person or place gives the `names` of the events it is linked to: its name (an agency's with its
short name) and its aliases."""


def entity_terms(entity: Agency | Person | Place) -> SearchTerms:
    """The entity's `SearchTerms`, its aliases in the order of their unique key (owner, folded alias), the view's."""
    name = f"{entity.name} {entity.short_name or ''}" if isinstance(entity, Agency) else entity.name
    found: Sequence[AgencyAlias | PersonAlias | PlaceAlias] = entity.aliases
    return name, tuple(alias.alias for alias in sorted(found, key=lambda alias: alias.alias_key))


def search_names(agencies: Sequence[SearchTerms], people: Sequence[SearchTerms], aliases: str,
                 place: SearchTerms | None) -> str:
    """The `names` column of an event's index row, as `event_search_source` gives it: `agencies` and `people` one
    per link, in the order of the links' primary keys (target id, then role), as the view reads them; `aliases` the
    event's column. Tests check both agree."""
    terms = [name for name, _ in agencies]
    terms += [alias for _, aliases_of in agencies for alias in aliases_of]
    terms += [name for name, _ in people]
    terms += [alias for _, aliases_of in people for alias in aliases_of]
    if aliases:
        terms.append(aliases)
    if place is not None:
        terms += [place[0], *place[1]]
    return " ".join(terms)


def index_rows(session: Session, rows: list[tuple[int, str, str, str]]) -> None:
    """Add index rows (event id, title, summary, names) on SQLite's bulk path, in one executemany."""
    if rows:
        session.connection().exec_driver_sql(_SQLITE_INDEX_ROWS, rows)


@contextmanager
def _postgresql_bulk_load(session: Session) -> Iterator[BulkLoad]:
    """PostgreSQL's bulk path, when the user owns the tables (only an owner may drop their indexes or disable
    their triggers; anyone else's import takes the path of every later import)."""
    connection = session.connection()
    tables = {"tables": list(_POSTGRESQL_BULK_TABLES)}
    if not connection.execute(_POSTGRESQL_OWNS_TABLES, tables).scalar_one():
        yield BulkLoad(False)
        return
    with session.begin_nested():
        indexes = connection.execute(_POSTGRESQL_BULK_INDEXES, {**tables, "kept": list(_KEPT_INDEXES)}).all()
        for name, _ in indexes:
            connection.exec_driver_sql(f"DROP INDEX {name}")
        triggers = connection.execute(_POSTGRESQL_TRIGGERS, {**tables, "names": list(_POSTGRESQL_SUSPENDABLE)}).all()
        for table, name, _ in triggers:
            connection.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
        yield BulkLoad(True)
        session.flush()
        session.execute(_POSTGRESQL_INDEX_ALL)  # before the GIN index is built: one build, not 100,000 inserts
        _build_indexes(connection, [sql for _, sql in indexes])
        for table, name, enabled in triggers:
            connection.exec_driver_sql(f"ALTER TABLE {table} ENABLE {_TRIGGER_MODES[enabled]} TRIGGER {name}")


def _build_indexes(connection: Connection, statements: list[str]) -> None:
    """Run PostgreSQL's CREATE INDEX statements with at least `BULK_MAINTENANCE_MEMORY`, then restore the
    setting (the raise would otherwise last to the end of the import's transaction)."""
    previous = connection.exec_driver_sql("SELECT current_setting('maintenance_work_mem')").scalar_one()
    connection.execute(_RAISE_MAINTENANCE_MEMORY, {"kib": BULK_MAINTENANCE_MEMORY})
    for sql in statements:
        connection.exec_driver_sql(sql)
    connection.execute(_SET_MAINTENANCE_MEMORY, {"value": previous})


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

