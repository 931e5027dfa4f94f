"""Full-text search over events: titles, summaries, and the names and aliases of their agencies, people and place.

The index is kept in sync by the database itself, through triggers on every table that feeds it, so no code path
(another tool, a hand-written UPDATE) can leave it stale. SQLite uses FTS5 with diacritics removed; PostgreSQL a
weighted tsvector of unaccented text with a GIN index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 21:20:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def names_of(event: str) -> str:
    """SQL for the names attached to the event whose id is the expression `event`, space-separated."""
    return f"""(SELECT coalesce(string_agg_terms, '') FROM (SELECT {{concat}} AS string_agg_terms FROM (
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


# Which events each table's changes touch: (table, events affected, given the changed row as NEW or OLD).
FEEDERS = [
    ("event_agencies", "SELECT {row}.event_id"),
    ("event_people", "SELECT {row}.event_id"),
    ("agency_aliases", "SELECT event_id FROM event_agencies WHERE agency_id = {row}.agency_id"),
    ("person_aliases", "SELECT event_id FROM event_people WHERE person_id = {row}.person_id"),
    ("place_aliases", "SELECT id FROM events WHERE place_id = {row}.place_id"),
]
RENAMES = [
    ("agencies", "name, short_name", "SELECT event_id FROM event_agencies WHERE agency_id = NEW.id"),
    ("people", "name", "SELECT event_id FROM event_people WHERE person_id = NEW.id"),
    ("places", "name", "SELECT id FROM events WHERE place_id = NEW.id"),
]


def sqlite_upgrade() -> None:
    names = names_of("{event}").replace("{concat}", "group_concat(term, ' ')")
    op.execute("CREATE VIRTUAL TABLE event_search USING fts5("
               "title, summary, names, tokenize = 'unicode61 remove_diacritics 2')")

    def refresh(events: str) -> str:
        return f"UPDATE event_search SET names = {names.format(event='event_search.rowid')} WHERE rowid IN ({events});"

    op.execute(f"""CREATE TRIGGER event_search_insert AFTER INSERT ON events BEGIN
        INSERT INTO event_search (rowid, title, summary, names)
        VALUES (NEW.id, NEW.title, NEW.summary, {names.format(event='NEW.id')}); END""")
    op.execute(f"""CREATE TRIGGER event_search_update AFTER UPDATE OF title, summary, place_id ON events BEGIN
        UPDATE event_search SET title = NEW.title, summary = NEW.summary, names = {names.format(event='NEW.id')}
        WHERE rowid = NEW.id; END""")
    op.execute("CREATE TRIGGER event_search_delete AFTER DELETE ON events BEGIN "
               "DELETE FROM event_search WHERE rowid = OLD.id; END")
    for table, events in FEEDERS:
        op.execute(f"CREATE TRIGGER event_search_{table}_insert AFTER INSERT ON {table} BEGIN "
                   f"{refresh(events.format(row='NEW'))} END")
        op.execute(f"CREATE TRIGGER event_search_{table}_delete AFTER DELETE ON {table} BEGIN "
                   f"{refresh(events.format(row='OLD'))} END")
    for table, columns, events in RENAMES:
        op.execute(f"CREATE TRIGGER event_search_{table}_rename AFTER UPDATE OF {columns} ON {table} BEGIN "
                   f"{refresh(events)} END")
    op.execute(f"INSERT INTO event_search (rowid, title, summary, names) "
               f"SELECT id, title, summary, {names.format(event='events.id')} FROM events")


def sqlite_downgrade() -> None:
    for table, _ in FEEDERS:
        op.execute(f"DROP TRIGGER event_search_{table}_insert")
        op.execute(f"DROP TRIGGER event_search_{table}_delete")
    for table, _, _ in RENAMES:
        op.execute(f"DROP TRIGGER event_search_{table}_rename")
    for action in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER event_search_{action}")
    op.execute("DROP TABLE event_search")


def postgresql_upgrade() -> None:
    names = names_of("event").replace("{concat}", "string_agg(term, ' ')")
    # unaccent is a trusted extension (PostgreSQL 13+): a database owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("""CREATE TABLE event_search (
        event_id integer PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
        document tsvector NOT NULL)""")
    op.execute("CREATE INDEX ix_event_search_document ON event_search USING gin (document)")
    op.execute(f"""CREATE FUNCTION event_search_refresh(event integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO event_search (event_id, document)
        SELECT e.id, setweight(to_tsvector('simple', unaccent(e.title)), 'A')
                     || setweight(to_tsvector('simple', unaccent({names})), 'B')
                     || setweight(to_tsvector('simple', unaccent(e.summary)), 'C')
          FROM events e WHERE e.id = event
        ON CONFLICT (event_id) DO UPDATE SET document = EXCLUDED.document
    $$""")
    op.execute("""CREATE FUNCTION event_search_on_event() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM event_search_refresh(NEW.id); RETURN NULL; END $$""")
    op.execute("CREATE TRIGGER event_search_event AFTER INSERT OR UPDATE OF title, summary, place_id ON events "
               "FOR EACH ROW EXECUTE FUNCTION event_search_on_event()")
    for table, events in FEEDERS:
        changed = events.format(row="changed")
        op.execute(f"""CREATE FUNCTION event_search_on_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE changed {table}%ROWTYPE;
            BEGIN
                IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
                PERFORM event_search_refresh(affected) FROM ({changed}) AS touched (affected);
                RETURN NULL;
            END $$""")
        op.execute(f"CREATE TRIGGER event_search_{table} AFTER INSERT OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION event_search_on_{table}()")
    for table, columns, events in RENAMES:
        op.execute(f"""CREATE FUNCTION event_search_on_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM event_search_refresh(affected) FROM ({events}) AS touched (affected); RETURN NULL; END $$""")
        op.execute(f"CREATE TRIGGER event_search_{table} AFTER UPDATE OF {columns} ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION event_search_on_{table}()")
    op.execute("SELECT event_search_refresh(id) FROM events")


def postgresql_downgrade() -> None:
    for table in ["events", *(table for table, _ in FEEDERS), *(table for table, _, _ in RENAMES)]:
        suffix = "event" if table == "events" else table
        op.execute(f"DROP TRIGGER event_search_{suffix} ON {table}")
        op.execute(f"DROP FUNCTION event_search_on_{suffix}()")
    op.execute("DROP FUNCTION event_search_refresh(integer)")
    op.execute("DROP TABLE event_search")


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
