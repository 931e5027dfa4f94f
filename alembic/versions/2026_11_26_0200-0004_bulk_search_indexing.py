"""Bulk search indexing: a writer inserting many new events may suspend the per-row index triggers and index its
batch once.

Migration 0002's triggers re-index an event on every link row: an event with three participants is indexed four
times as it is imported, and on PostgreSQL each refresh costs more as the tables grow. Here the triggers that fire
when an event, or one of its agency or people links, is *inserted* learn to skip while the inserting transaction
has suspended them; every other trigger (edits, deletes, renames, aliases) is untouched, and so is every writer
that does not ask. A writer that suspends them must fill the index for the events it inserted, which it does in
one statement from `event_search_source`, the index content of every event as the triggers compute it.

Suspension is transaction-local and invisible to other connections:
- SQLite: a row in `event_search_suspended`. The writer inserts it and deletes it before it commits, inside its
  write transaction, so no other connection ever sees it; a rolled-back or killed transaction takes it away.
- PostgreSQL: the setting `tracker.search_suspended` set to 'on' with `set_config(..., true)`, which lasts at
  most until the transaction (or the savepoint it was set in) ends.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 02:00:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_SUSPENDABLE = ["event_search_insert", "event_search_event_agencies_insert", "event_search_event_people_insert"]
SQLITE_CONDITION = " WHEN NOT EXISTS (SELECT 1 FROM event_search_suspended) BEGIN"


def names_of(event: str, concat: str) -> str:
    """SQL for the names attached to the event whose id is the expression `event`: a frozen copy of migration
    0002's `names_of`, which every trigger uses (tests check that both give the same index)."""
    return f"""(SELECT coalesce(string_agg_terms, '') FROM (SELECT {concat} AS string_agg_terms FROM (
        SELECT a.name || ' ' || coalesce(a.short_name, '') AS term
          FROM event_agencies l JOIN agencies a ON a.id = l.agency_id WHERE l.event_id = {event}
        UNION ALL SELECT al.alias
          FROM event_agencies l JOIN agency_aliases al ON al.agency_id = l.agency_id WHERE l.event_id = {event}
        UNION ALL SELECT p.name
          FROM event_people l JOIN people p ON p.id = l.person_id WHERE l.event_id = {event}
        UNION ALL SELECT al.alias
          FROM event_people l JOIN person_aliases al ON al.person_id = l.person_id WHERE l.event_id = {event}
        UNION ALL SELECT pl.name FROM events e JOIN places pl ON pl.id = e.place_id WHERE e.id = {event}
        UNION ALL SELECT al.alias
          FROM events e JOIN place_aliases al ON al.place_id = e.place_id WHERE e.id = {event}
    ) AS terms) AS names)"""


def _sqlite_trigger_sql(name: str) -> str:
    return str(op.get_bind().exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)).scalar_one())


def _sqlite_recreate(name: str, sql: str) -> None:
    # SQLite cannot alter a trigger: it is dropped and created again, with the same body.
    op.execute(f"DROP TRIGGER {name}")
    op.execute(sql)


def sqlite_upgrade() -> None:
    op.execute("CREATE TABLE event_search_suspended (suspended INTEGER NOT NULL)")
    for name in SQLITE_SUSPENDABLE:
        # The body stays exactly as migration 0002 wrote it; only the condition before BEGIN is added.
        _sqlite_recreate(name, _sqlite_trigger_sql(name).replace(" BEGIN", SQLITE_CONDITION, 1))
    names = names_of("indexed.id", "group_concat(term, ' ')")
    op.execute(f"CREATE VIEW event_search_source (id, title, summary, names) AS "
               f"SELECT indexed.id, indexed.title, indexed.summary, {names} FROM events AS indexed")


def sqlite_downgrade() -> None:
    op.execute("DROP VIEW event_search_source")
    for name in SQLITE_SUSPENDABLE:
        _sqlite_recreate(name, _sqlite_trigger_sql(name).replace(SQLITE_CONDITION, " BEGIN", 1))
    op.execute("DROP TABLE event_search_suspended")


POSTGRESQL_FUNCTIONS = ["event_search_on_event", "event_search_on_event_agencies", "event_search_on_event_people"]
POSTGRESQL_GUARD = ("BEGIN IF TG_OP = 'INSERT' AND current_setting('tracker.search_suspended', true) = 'on' "
                    "THEN RETURN NULL; END IF;")


def _postgresql_body(name: str) -> str:
    return str(op.get_bind().exec_driver_sql(
        "SELECT prosrc FROM pg_proc WHERE proname = %(name)s AND pg_function_is_visible(oid)", {"name": name}).scalar_one())


def _postgresql_replace(name: str, body: str) -> None:
    op.execute(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $${body}$$")


def postgresql_upgrade() -> None:
    for name in POSTGRESQL_FUNCTIONS:
        # As on SQLite, the body stays as migration 0002 wrote it, with a guard first.
        _postgresql_replace(name, _postgresql_body(name).replace("BEGIN", POSTGRESQL_GUARD, 1))
    names = names_of("indexed.id", "string_agg(term, ' ')")
    # The same document as migration 0002's event_search_refresh(event) builds.
    op.execute(f"""CREATE VIEW event_search_source (event_id, document) AS
        SELECT indexed.id, setweight(to_tsvector('simple', unaccent(indexed.title)), 'A')
                           || setweight(to_tsvector('simple', unaccent({names})), 'B')
                           || setweight(to_tsvector('simple', unaccent(indexed.summary)), 'C')
          FROM events AS indexed""")


def postgresql_downgrade() -> None:
    op.execute("DROP VIEW event_search_source")
    for name in POSTGRESQL_FUNCTIONS:
        _postgresql_replace(name, _postgresql_body(name).replace(POSTGRESQL_GUARD, "BEGIN", 1))


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        postgresql_upgrade()
    else:
        sqlite_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        postgresql_downgrade()
    else:
        sqlite_downgrade()
