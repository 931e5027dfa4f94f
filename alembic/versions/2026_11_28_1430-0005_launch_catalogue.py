"""The launch catalogue: an outcome for launches, an identifier in another catalogue (the COSPAR designation), other
names an event goes by (searchable), and coordinates for places.

- `events.outcome`: success, failure or partial (NULL when it does not apply or is not known).
- `events.designation`: e.g. "1969-059" for Apollo 11's launch; indexed, so a catalogue re-import finds its events.
- `events.aliases`: the event's other names, one per line ("Sputnik 1", "Spoutnik 1"). They join the names the
  full-text index holds for the event, so every trigger, function and view of migrations 0002 and 0004 that builds
  those names learns one more line, and the update trigger fires when aliases change. The rest of their SQL is kept
  exactly as it was: the rewrite is a textual insertion, undone exactly by the downgrade (a test checks).
- `places.latitude`, `places.longitude`: degrees, WGS 84.

Plain ALTERs, never a batch copy: copying `events` would drop the full-text triggers defined on it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 14:30:00
"""
import re
from collections.abc import Callable, Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUTCOMES = ("success", "failure", "partial")
_PLACE_NAME = re.compile(r"UNION ALL SELECT pl\.name FROM events e JOIN places pl ON pl\.id = e\.place_id "
                         r"WHERE e\.id = (?P<event>[\w.]+)")
_ALIASES = "UNION ALL SELECT e.aliases FROM events e WHERE e.id = {event} AND e.aliases <> ''\n        "
_ALIASES_BACK = re.compile(r"UNION ALL SELECT e\.aliases FROM events e WHERE e\.id = [\w.]+ AND e\.aliases <> ''\n"
                           r"        ")
_COLUMNS = "UPDATE OF title, summary, place_id ON events"
_COLUMNS_WITH_ALIASES = "UPDATE OF title, summary, place_id, aliases ON events"


def with_aliases(sql: str) -> str:
    """`sql` with the event's aliases among the names, just before its place's name."""
    return _PLACE_NAME.sub(lambda match: _ALIASES.format(event=match["event"]) + match[0], sql)


def without_aliases(sql: str) -> str:
    """The inverse of `with_aliases`."""
    return _ALIASES_BACK.sub("", sql)


def _add_columns() -> None:
    values = ", ".join(f"'{value}'" for value in OUTCOMES)
    op.execute("ALTER TABLE events ADD COLUMN outcome VARCHAR(20) "
               f"CONSTRAINT ck_events_event_outcome CHECK (outcome IN ({values}))")
    op.add_column("events", sa.Column("designation", sa.String(length=40), nullable=True))
    op.add_column("events", sa.Column("aliases", sa.Text(), nullable=False, server_default=""))
    op.create_index("ix_events_designation", "events", ["designation"])
    op.add_column("places", sa.Column("latitude", sa.Float(), nullable=True))
    op.add_column("places", sa.Column("longitude", sa.Float(), nullable=True))


def _drop_columns() -> None:
    op.drop_index("ix_events_designation", "events")
    for table, column in (("places", "longitude"), ("places", "latitude"), ("events", "aliases"),
                          ("events", "designation"), ("events", "outcome")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


def _sqlite_replace_all(rewrite: Callable[[str], str]) -> None:
    """Every trigger and view of the search index, rewritten (SQLite cannot alter them: dropped, created again)."""
    rows = op.get_bind().exec_driver_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'view') AND name LIKE 'event_search%' "
        "ORDER BY name").all()
    for kind, name, sql in rows:
        changed = rewrite(sql)
        if changed != sql:
            op.execute(f"DROP {kind.upper()} {name}")
            op.execute(changed)


def _postgresql_replace_refresh(rewrite: Callable[[str], str]) -> None:
    body = str(op.get_bind().exec_driver_sql(
        "SELECT prosrc FROM pg_proc WHERE proname = 'event_search_refresh' AND pg_function_is_visible(oid)").scalar_one())
    op.execute("CREATE OR REPLACE FUNCTION event_search_refresh(event integer) RETURNS void LANGUAGE sql AS "
               f"$${rewrite(body)}$$")


def _postgresql_view(aliases: bool) -> None:
    # PostgreSQL keeps a view as its own normalised text, so the view is written again from a frozen copy of the
    # names SQL (as migration 0004 did); tests check the view and the triggers give the same index.
    names = names_of("indexed.id", "string_agg(term, ' ')")
    op.execute("DROP VIEW event_search_source")
    op.execute(f"""CREATE VIEW event_search_source (event_id, document) AS
        SELECT indexed.id, setweight(to_tsvector('simple', unaccent(indexed.title)), 'A')
                           || setweight(to_tsvector('simple', unaccent({with_aliases(names) if aliases else names})), 'B')
                           || setweight(to_tsvector('simple', unaccent(indexed.summary)), 'C')
          FROM events AS indexed""")


def names_of(event: str, concat: str) -> str:
    """SQL for the names attached to the event whose id is the expression `event`: a frozen copy of migration
    0004's, which `with_aliases` extends."""
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


def upgrade() -> None:
    _add_columns()
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_replace_refresh(with_aliases)
        _postgresql_view(aliases=True)
        op.execute("DROP TRIGGER event_search_event ON events")
        op.execute(f"CREATE TRIGGER event_search_event AFTER INSERT OR {_COLUMNS_WITH_ALIASES} "
                   "FOR EACH ROW EXECUTE FUNCTION event_search_on_event()")
    else:
        _sqlite_replace_all(lambda sql: with_aliases(sql).replace(_COLUMNS, _COLUMNS_WITH_ALIASES))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER event_search_event ON events")
        op.execute(f"CREATE TRIGGER event_search_event AFTER INSERT OR {_COLUMNS} "
                   "FOR EACH ROW EXECUTE FUNCTION event_search_on_event()")
        _postgresql_replace_refresh(without_aliases)
        _postgresql_view(aliases=False)
    else:
        _sqlite_replace_all(lambda sql: without_aliases(sql).replace(_COLUMNS_WITH_ALIASES, _COLUMNS))
    _drop_columns()
